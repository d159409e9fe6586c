"""The visit editor's on-site timetable: meetings, daily catch-ups, case holders' hours."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from models import entities as e
from models import on_site
from models import vocabulary as v
from models.errors import AppError

from .context import Session
from .keyboard import tab_leaves

COLUMNS = (("day", "Day (YYYY-MM-DD)"), ("start_time", "From"), ("end_time", "To"),
           ("kind", "Kind"), ("activity", "What"), ("people", "Who meets inspectors"),
           ("place", "Where"))


class TimetablePanel(QGroupBox):
    """Edit a visit's timetable in place; each edit is saved at once (and in its history)."""

    def __init__(self, session: Session, visit_id: int) -> None:
        super().__init__("The days on site")
        self.session = session
        self.visit_id = visit_id
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, len(COLUMNS))
        tab_leaves(self.table)
        self.table.setObjectName("onSiteTimetable")
        self.table.setAccessibleName("On-site timetable")
        self.table.setHorizontalHeaderLabels([label for _, label in COLUMNS])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setMinimumHeight(160)
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        for text, slot, name in (("Add entry", self._on_add_clicked, "addSlot"),
                                 ("Remove entry", self._on_remove_clicked, "removeSlot")):
            button = QPushButton(text)
            button.setObjectName(name)
            button.setToolTip("Add a meeting, case discussion or focus group to the "
                              "timetable" if name == "addSlot"
                              else "Remove the chosen entry from the timetable")
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch()
        layout.addLayout(buttons)
        self._loading = False
        self.table.itemChanged.connect(self._on_table_item_changed)
        self.reload()

    def reload(self) -> None:
        self._loading = True
        try:
            slots = on_site.slots(self.session.workspace, self.visit_id)
            self.table.setRowCount(len(slots))
            for row, slot in enumerate(slots):
                for col, (name, _) in enumerate(COLUMNS):
                    if name == "kind":
                        self.table.setCellWidget(row, col, self._kind_box(slot))
                        continue
                    value = getattr(slot, name)
                    item = QTableWidgetItem(value.isoformat() if name == "day" and value
                                            else str(value or ""))
                    item.setData(Qt.ItemDataRole.UserRole, slot.id)
                    self.table.setItem(row, col, item)
            self.table.resizeColumnsToContents()
        finally:
            self._loading = False

    def _kind_box(self, slot: e.OnSiteSlot) -> QComboBox:
        box = QComboBox()
        box.setAccessibleName("Kind of entry")
        box.addItems(v.values(v.SlotKind))
        box.setCurrentText(slot.kind)
        box.currentTextChanged.connect(lambda text, slot_id=slot.id: self._save(slot_id,
                                                                                kind=text))
        return box

    def _save(self, slot_id: int, **values: object) -> None:
        try:
            on_site.update_slot(self.session.workspace, slot_id, **values)
        except AppError as error:
            self.session.report(error)
        self.reload()

    def _on_table_item_changed(self, item: QTableWidgetItem) -> None:
        if self._loading:
            return
        name = COLUMNS[item.column()][0]
        self._save(item.data(Qt.ItemDataRole.UserRole), **{name: item.text()})

    def _on_add_clicked(self) -> None:
        visit = self.session.workspace.get(e.Visit, self.visit_id)
        try:
            on_site.add_slot(self.session.workspace, self.visit_id, day=visit.start_date,
                             kind=v.SlotKind.MEETING.value, activity="New entry")
        except AppError as error:
            self.session.report(error)
        self.reload()

    def _on_remove_clicked(self) -> None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        if item is not None:
            on_site.remove_slot(self.session.workspace, item.data(Qt.ItemDataRole.UserRole))
            self.reload()
