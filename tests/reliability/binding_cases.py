"""Small Qt programs, run in their own interpreter, that show whether the binding keeps count of None.

Each case repeats one Qt call many times and prints what it saw as JSON: the
reference count of ``None`` at the start, its lowest value and at the end, and the
number of live binding wrappers before and after. A binding that releases a
reference to ``None`` it never took makes the count fall on every call until the
interpreter aborts with ``none_dealloc`` (Python 3.11; from 3.12 ``None`` is
immortal and the count no longer moves, so the wrapper count is the check there).

Usage: ``python binding_cases.py CASE CYCLES``.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import (  # noqa: E402
    QAbstractTableModel,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import (  # noqa: E402
    QApplication,
    QTableView,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)
from shiboken6 import Shiboken  # noqa: E402

ROWS = 200


class _Rows(QAbstractTableModel):
    """A plain Python table model, as every list in the app is."""

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else ROWS

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> object:
        return f"row {index.row()}" if role == Qt.ItemDataRole.DisplayRole else None


def tree_clear(app: QApplication) -> Callable[[], None]:
    """The old gap list: fill a QTreeWidget with items carrying Python data, then clear it."""
    tree = QTreeWidget()

    def cycle() -> None:
        for n in range(ROWS):
            item = QTreeWidgetItem(["Checklist", f"gap {n}", f"RC-{n:03}"])
            item.setData(0, Qt.ItemDataRole.UserRole, ("checklist_item", n))
            tree.addTopLevelItem(item)
        tree.clear()

    return cycle


def select_each_row(app: QApplication) -> Callable[[], None]:
    """The old re-selection after a refresh: one ``select(index, flags)`` call per row."""
    view = QTableView()
    model = _Rows()
    view.setModel(model)
    selection = view.selectionModel()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows

    def cycle() -> None:
        assert view.model() is model  # the view owns the selection model: keep it alive
        selection.clearSelection()
        for row in range(ROWS):
            selection.select(model.index(row, 0), flags)

    return cycle


def select_ranges(app: QApplication) -> Callable[[], None]:
    """The re-selection the app uses now: one ``QItemSelection`` of ranges, one call."""
    view = QTableView()
    model = _Rows()
    view.setModel(model)
    selection = view.selectionModel()
    flags = (QItemSelectionModel.SelectionFlag.ClearAndSelect
             | QItemSelectionModel.SelectionFlag.Rows)

    def cycle() -> None:
        assert view.model() is model
        ranges = QItemSelection()
        for first in range(0, ROWS, 10):
            ranges.select(model.index(first, 0), model.index(first + 4, 0))
        selection.select(ranges, flags)

    return cycle


def void_calls(app: QApplication) -> Callable[[], None]:
    """Any call that returns nothing, e.g. ``setEnabled``: no way to avoid these."""
    widget = QWidget()

    def cycle() -> None:
        for n in range(ROWS):
            widget.setEnabled(n % 2 == 0)

    return cycle


CASES = {f.__name__: f for f in (tree_clear, select_each_row, select_ranges, void_calls)}


def main(case: str, cycles: int) -> None:
    app = QApplication([])
    cycle = CASES[case](app)
    cycle()  # the first round creates what later rounds reuse
    app.processEvents()
    start = lowest = sys.getrefcount(None)
    wrappers_start = len(Shiboken.getAllValidWrappers())
    for _ in range(cycles):
        cycle()
        app.processEvents()
        lowest = min(lowest, sys.getrefcount(None))
    print(json.dumps({"start": start, "lowest": lowest, "end": sys.getrefcount(None),
                      "wrappers_start": wrappers_start,
                      "wrappers_end": len(Shiboken.getAllValidWrappers())}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
