"""A list of records of one kind: search, filters, columns, bulk changes, add and delete."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QObject,
    QSettings,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QFont, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from models import entities as e
from models.deletion import delete_question
from models.errors import AppError
from models.records import FieldType, RecordKind
from models.store import RecordQuery

from . import commands
from .context import Session
from .control_help import explain_list_page
from .delegates import ChipDelegate
from .editor import open_editor
from .keyboard import tab_leaves
from .palette import muted_style
from .refresh import RefreshWhenShown
from .table_model import CHIP_FIELDS, DEFAULT_COLUMNS, RecordTableModel

#: Kinds whose list shows only the chosen visit's records.
VISIT_SCOPED = {"case_sample": "visit_id", "checklist_item": "visit_id"}


class RecordListPage(RefreshWhenShown, QWidget):
    """One record kind as a table, with everything a leader needs to find and change records.

    Signals:
        selection_changed(int): how many rows are selected.
    """

    selection_changed = Signal(int)

    def __init__(self, session: Session, kind: RecordKind, *, title: str = "",
                 fixed_theme_id: int | None = None, compact: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.kind = kind
        self.fixed_theme_id = fixed_theme_id
        self.setObjectName(f"page_{kind.name}")
        self.model = RecordTableModel(session.workspace, kind, today=session.today, parent=self)
        layout = QVBoxLayout(self)
        if title:
            heading = QLabel(f"<h2>{title}</h2>")
            heading.setObjectName("pageTitle")
            layout.addWidget(heading)
        bar = self._bar = QHBoxLayout()
        self.search = QLineEdit(placeholderText=f"Search {kind.plural}\u2026 (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(f"Search {kind.plural}")
        self.search.setObjectName("search")
        self._debounce = QTimer(self, singleShot=True, interval=200)
        self._debounce.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        # Typing waits for a pause; Enter searches at once.
        self.search.returnPressed.connect(self._on_search_return_pressed)
        bar.addWidget(self.search, 2)
        self.filters: dict[str, QComboBox] = {}
        if fixed_theme_id is None and any(f.name == "themes" or f.name == "theme_id"
                                          for f in kind.fields) or kind.name == "action":
            self._add_filter("theme", "All themes",
                             [(t.id, t.name) for t in session.workspace.themes()])
        for name in ("status", "rag", "category", "kind", "latest_view", "overall_grade",
                     "evidence_type"):
            if any(f.name == name for f in kind.fields):
                spec = kind.field(name)
                label = spec.label if spec.label.isupper() else spec.label.lower()
                self._add_filter(name, f"Any {label}",
                                 [(c, c) for c in spec.choices])
        if any(f.name == "owner" for f in kind.fields):
            self._add_filter("owner", "Any owner", [])
            self._reload_owners()
        self.overdue = QCheckBox("Overdue only")
        self.overdue.setAccessibleName("Overdue only")
        if any(f.name == "due_date" for f in kind.fields):
            self.overdue.toggled.connect(lambda _c: self.apply_filters())
            bar.addWidget(self.overdue)
        else:
            self.overdue.hide()
        layout.addLayout(bar)

        actions = QHBoxLayout()
        self.add_button = QPushButton(f"Add {kind.singular}")
        self.add_button.setObjectName("addRecord")
        self.add_button.clicked.connect(self.add_record)
        self.open_button = QPushButton("Open")
        self.open_button.clicked.connect(self.open_current)
        self.delete_button = QPushButton("Delete")
        self.delete_button.setObjectName("deleteRecord")
        self.delete_button.clicked.connect(self.delete_selected)
        actions.addWidget(self.add_button)
        actions.addWidget(self.open_button)
        actions.addWidget(self.delete_button)
        self.bulk_button = QToolButton(text="Change selected \u25be")
        self.bulk_button.setObjectName("bulkChange")
        self.bulk_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        bulk_menu = QMenu(self.bulk_button)
        for name in ("status", "owner", "rag"):
            if any(f.name == name for f in kind.fields):
                bulk_menu.addAction(f"Set {kind.field(name).label.lower()}\u2026",
                                    lambda n=name: self.bulk_change(n))
        self.bulk_button.setMenu(bulk_menu)
        self.bulk_button.setVisible(not bulk_menu.isEmpty())
        actions.addWidget(self.bulk_button)
        actions.addStretch()
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        actions.addWidget(self.count_label)
        layout.addLayout(actions)

        self.table = QTableView()
        tab_leaves(self.table)
        self.table.setObjectName("recordTable")
        self.table.setAccessibleName(f"{kind.plural.capitalize()} list")
        self.table.setModel(self.model)
        # The indicator first: switching sorting on then asks for the order the query has.
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        # Latin text drawn without shaping (scripts that need it are still shaped) looks the
        # same and paints a screen of the list a fifth faster. Only the strategy is set, so
        # the list still follows the application's font.
        unshaped = QFont()
        unshaped.setStyleStrategy(QFont.StyleStrategy.PreferNoShaping)
        self.table.setFont(unshaped)
        self.table.verticalHeader().hide()
        # Only the columns drawn as chips pay for a delegate written in Python.
        chips = ChipDelegate(self.table)
        for n, column in enumerate(self.model.columns):
            if column.name in CHIP_FIELDS:
                self.table.setItemDelegateForColumn(n, chips)
        self.table.doubleClicked.connect(
            lambda index: self.open_record(self.model.record(index.row())))
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._on_header_menu_requested)
        self._save_timer = QTimer(self, singleShot=True, interval=500)
        self._save_timer.timeout.connect(self._save_columns)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        layout.addWidget(self.table, 1)
        if compact:
            self.table.setMinimumHeight(120)

        self.table.installEventFilter(self)

        if kind.name == "evidence":
            self.setAcceptDrops(True)
            self.drop_hint = QLabel("Drop files here to add them as evidence items.")
            self.drop_hint.setStyleSheet(muted_style())
            layout.addWidget(self.drop_hint)

        session.records_changed.connect(self._on_session_records_changed)
        session.visit_changed.connect(lambda _v: self.apply_filters())
        self.apply_filters()
        self._restore_columns()
        # Connected after restoring, so restoring does not write the settings back.
        header.sectionMoved.connect(lambda *_: self._save_timer.start())
        header.sectionResized.connect(lambda *_: self._save_timer.start())
        explain_list_page(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Delete deletes the selected rows; Enter opens the current one."""
        if watched is self.table and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.matches(QKeySequence.StandardKey.Delete):
                self.delete_selected()
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.open_current()
                return True
        return super().eventFilter(watched, event)

    # -- filters ----------------------------------------------------------------------

    def _add_filter(self, name: str, everything: str, options: list[tuple[Any, str]]) -> None:
        combo = QComboBox()
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(10)
        combo.setAccessibleName(f"Filter by {name.replace('_', ' ')}")
        combo.setObjectName(f"filter_{name}")
        combo.addItem(everything, None)
        for value, text in options:
            combo.addItem(text, value)
        combo.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.filters[name] = combo
        self._bar.addWidget(combo)

    def _reload_owners(self) -> None:
        combo = self.filters["owner"]
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem("Any owner", None)
        for owner in self.session.workspace.owners(self.kind.entity):
            combo.addItem(owner, owner)
        combo.setCurrentIndex(max(0, combo.findData(current)))
        combo.blockSignals(False)

    def current_query(self) -> RecordQuery:
        equals: dict[str, Any] = {}
        theme_id = self.fixed_theme_id
        for name, combo in self.filters.items():
            value = combo.currentData()
            if value is None:
                continue
            if name == "theme":
                theme_id = value
            else:
                equals[name] = value
        if self.kind.name in VISIT_SCOPED and self.fixed_theme_id is None:
            equals[VISIT_SCOPED[self.kind.name]] = self.session.visit_id or None
        return replace(self.model.query, text=self.search.text(), equals=equals,
                       theme_id=theme_id,
                       overdue_on=self.session.today if self.overdue.isChecked() else None)

    def _on_search_return_pressed(self) -> None:
        self._debounce.stop()
        self.apply_filters()

    def apply_filters(self) -> None:
        if not self.isVisible():
            # A page not on screen reads nothing (opening the window reads only the page
            # shown); it reads with these filters when it is shown.
            self.model.set_query(self.current_query(), read=False)
            self._stale = True
            return
        self.model.set_query(self.current_query())
        self.table.scrollToTop()  # a new search or filter starts at its first result
        self._update_count()

    def _update_count(self) -> None:
        shown = self.model.total
        self.count_label.setText(f"{shown:,} {self.kind.plural if shown != 1 else self.kind.singular}")

    def _on_session_records_changed(self, kind_name: str) -> None:
        # Lists show links to themes, visits, findings and evidence, so those count too.
        if kind_name in (self.kind.name, "theme", "visit", "finding", "evidence"):
            self.refresh_soon()

    def refresh(self) -> None:
        """Re-read the rows after an edit, keeping the selection."""
        selected = [r.id for r in self.selected_records()]
        if "owner" in self.filters:
            self._reload_owners()
        self.model.refresh()
        self._update_count()
        self._reselect(selected)

    def _reselect(self, ids: list[int]) -> None:
        """Select these records' rows again, as runs of rows in one call.

        One ``select`` per row costs a selection-changed signal per row (and the
        Qt binding has mishandled that call), so the rows go over as ranges.
        """
        ranges = QItemSelection()
        last_column = self.model.columnCount() - 1
        for first, last in _runs(self.model.rows_of(ids)):
            ranges.select(self.model.index(first, 0), self.model.index(last, last_column))
        if not ranges.isEmpty():
            self.table.selectionModel().select(
                ranges, QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)

    # -- columns ----------------------------------------------------------------------

    def _settings_key(self) -> str:
        return f"columns/{self.kind.name}"

    def _restore_columns(self) -> None:
        header = self.table.horizontalHeader()
        state = QSettings().value(self._settings_key())
        if state is not None and header.restoreState(state):
            return
        wanted = DEFAULT_COLUMNS.get(self.kind.name, ())
        for n, column in enumerate(self.model.columns):
            self.table.setColumnHidden(n, bool(wanted) and column.name not in wanted)
            spec = column.spec
            width = 320 if spec and spec.type is FieldType.LONG_TEXT or column.name in (
                "title", "item", "measure") else 130
            header.resizeSection(n, width)
        header.resizeSection(0, 70)

    def _save_columns(self) -> None:
        QSettings().setValue(self._settings_key(), self.table.horizontalHeader().saveState())

    def _on_header_menu_requested(self, position: Any) -> None:
        menu = QMenu(self)
        for n, column in enumerate(self.model.columns):
            action = menu.addAction(column.header)
            action.setCheckable(True)
            action.setChecked(not self.table.isColumnHidden(n))
            action.toggled.connect(lambda shown, n=n: self._set_column_shown(n, shown))
        menu.addSeparator()
        menu.addAction("Reset columns", self._reset_columns)
        menu.exec(self.table.horizontalHeader().mapToGlobal(position))

    def _set_column_shown(self, column: int, shown: bool) -> None:
        self.table.setColumnHidden(column, not shown)
        self._save_columns()

    def _reset_columns(self) -> None:
        QSettings().remove(self._settings_key())
        self._restore_columns()

    # -- records ----------------------------------------------------------------------

    def selected_records(self) -> list[Any]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        records = (self.model.record(r) for r in rows if r < self.model.rowCount())
        return [r for r in records if r is not None]

    def _on_table_selection_changed(self, *_: Any) -> None:
        self.selection_changed.emit(len(self.selected_records()))

    def defaults(self) -> dict[str, Any]:
        """Sensible starting values for a new record on this page."""
        values: dict[str, Any] = {}
        visit_id = self.session.visit_id or None
        theme_ids = [self.fixed_theme_id] if self.fixed_theme_id else []
        per_kind = {
            "evidence": {"status": "Draft", "direction": "Mixed", "include_in_pack": True,
                         "themes": theme_ids},
            "case_sample": {"visit_id": visit_id, "selected_by": "Authority",
                            "audit_type": "Full", "themes": theme_ids},
            "checklist_item": {"visit_id": visit_id, "status": "Not started",
                               "theme_id": self.fixed_theme_id, "working_days": True},
            "action": {"status": "Not started"},
            "finding": {"latest_view": "Not yet reviewed", "themes": theme_ids},
            "indicator": {"direction_of_good": "Higher is better", "unit": "%",
                          "theme_id": self.fixed_theme_id},
            "visit": {"visit_type": "Monitoring visit", "status": "Planned"},
        }
        values.update(per_kind.get(self.kind.name, {}))
        return values

    def add_record(self) -> Any:
        return open_editor(self.session, self.kind, defaults=self.defaults(), parent=self)

    def open_current(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.open_record(self.model.record(index.row()))

    def open_record(self, record: Any) -> None:
        try:
            fresh = self.session.workspace.get(self.kind.entity, record.id)
        except AppError as error:
            self.session.report(error)
            self.model.refresh()
            return
        open_editor(self.session, self.kind, fresh, parent=self)

    def delete_selected(self) -> None:
        records = self.selected_records()
        if not records:
            return
        answer = QMessageBox.question(
            self, "Delete", delete_question(self.session.workspace, self.kind.entity, records),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.delete_records(records)

    def delete_records(self, records: list[Any]) -> None:
        try:
            commands.delete(self.session, self.kind, records)
        except AppError as error:
            self.session.report(error)

    def bulk_change(self, name: str) -> None:
        records = self.selected_records()
        if not records:
            return
        spec = self.kind.field(name)
        if spec.choices:
            value, ok = QInputDialog.getItem(self, f"Set {spec.label.lower()}",
                                             f"{spec.label} for {len(records)} selected:",
                                             list(spec.choices), 0, False)
        else:
            value, ok = QInputDialog.getText(self, f"Set {spec.label.lower()}",
                                             f"{spec.label} for {len(records)} selected:")
        if ok:
            self.apply_bulk(records, {name: value})

    def apply_bulk(self, records: list[Any], changes: dict[str, Any]) -> None:
        try:
            commands.bulk_edit(self.session, self.kind, records, changes)
        except AppError as error:
            self.session.report(error)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # -- drag and drop of files (evidence) ----------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.kind.name == "evidence" and event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        self.add_files(paths)
        event.acceptProposedAction()

    def add_files(self, paths: list[Path]) -> list[e.EvidenceItem]:
        """Create a draft evidence item for each file, with the file attached."""
        made = []
        for path in paths:
            if not path.is_file():
                continue
            try:
                values = self.defaults()
                values.update(title=path.stem.replace("_", " "), evidence_type="Other",
                              location=str(path))
                item = commands.add(self.session, self.kind, values)
                self.session.workspace.attach_file(item.id, path)
                made.append(item)
            except AppError as error:
                self.session.report(error)
        self.session.changed("evidence")
        return made


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Sorted row numbers as (first, last) runs of consecutive rows: [1, 2, 3, 7] → (1, 3), (7, 7)."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and row == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs
