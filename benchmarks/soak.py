"""The long soak: the app kept busy for many minutes must survive with None's count intact.

Run by hand: ``python benchmarks/soak.py``. It runs ``tests/reliability/soak.py`` (the
same program the test suite runs in a short form) in its own interpreter with larger
numbers, and beside it the bare work the dashboard refresh stands on: a Qt table model
over the same gaps, reset and painted in a plain QTreeView the same number of times.
Record the output in benchmarks/RESULTS.md.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
LONG = {"gaps": 5000, "refreshes": 5000, "bulk": 2000, "edits": 500}


def bare_refreshes(rows: int, refreshes: int) -> float:
    """Seconds for a bare QAbstractTableModel reset and repaint, ``refreshes`` times."""
    from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
    from PySide6.QtWidgets import QApplication, QTreeView

    class Bare(QAbstractTableModel):
        def __init__(self) -> None:
            super().__init__()
            self.rows = [(f"Kind {n % 9}", f"Gap number {n}", f"E-{n:05d}") for n in range(rows)]

        def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
            return 0 if parent.isValid() else len(self.rows)

        def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
            return 0 if parent.isValid() else 3

        def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
            return self.rows[index.row()][index.column()] \
                if role == Qt.ItemDataRole.DisplayRole else None

    app = QApplication.instance() or QApplication([])
    model = Bare()
    view = QTreeView()
    view.setUniformRowHeights(True)
    view.setModel(model)
    view.resize(700, 500)
    view.show()
    began = time.perf_counter()
    for _ in range(refreshes):
        model.beginResetModel()
        model.rows = model.rows[1:] + model.rows[:1]
        model.endResetModel()
        app.processEvents()
    return time.perf_counter() - began


def main() -> None:
    command = [sys.executable, str(ROOT / "tests" / "reliability" / "soak.py")]
    for name, value in LONG.items():
        command += [f"--{name}", str(value)]
    began = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    wall = time.perf_counter() - began
    if done.returncode != 0:
        print(f"The app died (exit {done.returncode}) after {wall:.0f} s:\n{done.stderr[-3000:]}")
        sys.exit(1)
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    bare = bare_refreshes(seen["gaps"], LONG["refreshes"])
    samples = seen["none_every_100_refreshes"]
    print(f"Survived {wall:.0f} s: {seen['refreshes']:,} dashboard refreshes over "
          f"{seen['gaps']:,} gaps, {seen['bulk']:,} rows bulk-changed (with undo and redo), "
          f"{seen['edits']:,} edits with each page shown in turn.")
    print(f"None's count: start {seen['none_start']:,}, end {seen['none_end']:,}; "
          f"every 100 refreshes from {samples[0]:,} to {samples[-1]:,}, "
          f"lowest {min(samples):,}.")
    print("| phase | app s | per step ms |")
    print("|---|---:|---:|")
    steps = {"refreshes": seen["refreshes"], "bulk change, undo, redo": seen["bulk"] * 3,
             "edits on every page": seen["edits"]}
    for phase, seconds in seen["seconds"].items():
        print(f"| {phase} | {seconds:.1f} | {1000 * seconds / steps[phase]:.1f} |")
    ours = seen["seconds"]["refreshes"]
    print(f"Dashboard refreshes {ours:.1f} s against a bare model reset and repaint of the "
          f"same rows {bare:.1f} s: {ours / bare:.1f}\u00d7 (the app's figure includes "
          f"{seen['refreshes'] // 100} full readiness reads).")


if __name__ == "__main__":
    main()
