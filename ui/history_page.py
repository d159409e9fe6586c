"""The change history: every field change, newest first, fetched a page at a time."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QLabel, QLineEdit, QTableView, QVBoxLayout, QWidget

from models import entities as e
from models.store import Workspace

from .context import Session
from .keyboard import tab_leaves
from .refresh import RefreshWhenShown

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("When", "Who", "Record", "Kind", "Field", "Old value", "New value", "From")


class ChangeLogModel(QAbstractTableModel):
    """Change-log rows, optionally for one record reference."""

    PAGE = 300

    def __init__(self, workspace: Workspace, parent: Any = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.record_ref = ""
        self._rows: list[e.ChangeLogEntry] = []
        self._more = True
        self._imports: dict[int, str] = {}

    def refresh(self) -> None:
        from importers.log_apply import imports  # openpyxl under it: not when the window opens

        self._imports = {r.id: f"Import of {r.file_name} (SHA-256 {r.sha256[:12]}\u2026)"
                         for r in imports(self.workspace)}
        self.beginResetModel()
        self._rows = self.workspace.change_log(self.record_ref or None, limit=self.PAGE)
        self._more = len(self._rows) == self.PAGE
        self.endResetModel()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        more = self.workspace.change_log(self.record_ref or None, offset=len(self._rows),
                                         limit=self.PAGE)
        self._more = len(more) == self.PAGE
        if more:
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(more) - 1)
            self._rows.extend(more)
            self.endInsertRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole,
                                               Qt.ItemDataRole.ToolTipRole):
            return None
        row = self._rows[index.row()]
        values = (f"{row.at:%d %b %Y %H:%M}", row.who, row.record_ref, row.record_type, row.field,
                  row.old_value or "", row.new_value or "",
                  self._imports.get(row.import_id or 0, ""))
        return values[index.column()]


class HistoryPage(RefreshWhenShown, QWidget):
    """Who changed what, and when (read when the page is shown, not when the window opens)."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("page_history")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>Change history</h2>"))
        self.search = QLineEdit(placeholderText="Show one record: type its reference, e.g. E-014")
        self.search.setAccessibleName("Record reference")
        self.search.setObjectName("search")
        self.search.setToolTip("Type a record's reference, e.g. E-014, to see only its changes; "
                               "clear it to see every change (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        layout.addWidget(self.search)
        self.model = ChangeLogModel(session.workspace, self)
        self.table = QTableView()
        tab_leaves(self.table)
        self.table.setObjectName("historyTable")
        self.table.setAccessibleName("Change history")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table)
        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._debounce.timeout.connect(self._on_debounce_timeout)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        session.records_changed.connect(lambda _k: self.refresh_soon())
        self.refresh_soon()
        for n, width in enumerate((130, 90, 70, 110, 160, 260)):
            self.table.setColumnWidth(n, width)

    def refresh(self) -> None:
        self.model.refresh()

    def _on_debounce_timeout(self) -> None:
        self.model.record_ref = self.search.text().strip().upper()
        self.model.refresh()

    def focus_search(self) -> None:
        self.search.setFocus()
