"""A read-only table model over rows already in memory (previews, balance tables, drill-downs)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from .keyboard import tab_leaves
from .palette import fill

Index = QModelIndex | QPersistentModelIndex


class PlainTableModel(QAbstractTableModel):
    """Rows of values with headings; raw values through ``UserRole``, text through display.

    A row may be marked (``marked`` row numbers) to be shaded, e.g. the rows a figure counts.
    """

    def __init__(self, headers: Sequence[str], rows: Sequence[Sequence[Any]] = (),
                 parent: Any = None) -> None:
        super().__init__(parent)
        self._headers = list(headers)
        self._rows = [list(r) for r in rows]
        self._marked: set[int] = set()

    def set_rows(self, rows: Sequence[Sequence[Any]], marked: set[int] | None = None) -> None:
        self.beginResetModel()
        self._rows = [list(r) for r in rows]
        self._marked = set(marked or ())
        self.endResetModel()

    def row_values(self, row: int) -> list[Any]:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        value = self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.UserRole:
            return value
        if role == Qt.ItemDataRole.BackgroundRole and index.row() in self._marked:
            return QBrush(fill("marked"))
        if role == Qt.ItemDataRole.ToolTipRole and isinstance(value, str) and len(value) > 40:
            return value
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None


def plain_view(model: PlainTableModel, name: str, parent: QWidget | None = None,
               *, stretch: int | None = None) -> QTableView:
    """A read-only, row-selecting table view for a plain model."""
    view = QTableView(parent)
    view.setObjectName(name)
    view.setAccessibleName(name)
    tab_leaves(view)
    view.setModel(model)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.setWordWrap(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(stretch is None)
    if stretch is not None:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view
