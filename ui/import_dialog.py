"""File → Import evidence log: read the edited log off the UI thread, preview every change, apply as one undo step."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from importers.evidence_log import LogFromAnotherWorkspace, Problem
from importers.log_apply import AppliedImport, apply_preview
from importers.log_compare import (
    Choice,
    ConflictPolicy,
    FieldChange,
    Preview,
    RowClass,
    RowOutcome,
    _display,
    preview_log,
)
from importers.log_report import save_report
from models.errors import AppError
from models.vocabulary import counted

from . import commands
from .context import Session
from .keyboard import tab_leaves
from .palette import fill
from .tasks import Task

Index = QModelIndex | QPersistentModelIndex
DIFF_HEADERS = ("Sheet", "Row", "Ref", "What", "Field", "Exported", "In the file",
                "In the workspace", "Choice")
#: Classes shown in the diff grid (unchanged rows would only bury the changes).
SHOWN = [c for c in RowClass if c is not RowClass.UNCHANGED]


class DiffModel(QAbstractTableModel):
    """One line per changed field (or per row, when a row has no field changes to show)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._all: list[tuple[RowOutcome, FieldChange | None]] = []
        self._problems: dict[tuple[str, int], Problem] = {}
        self._lines: list[tuple[RowOutcome, FieldChange | None]] = []
        self._only: RowClass | None = None

    def set_preview(self, preview: Preview) -> None:
        self._problems = {}
        for problem in preview.errors:
            self._problems.setdefault((problem.sheet, problem.row), problem)
        lines: list[tuple[RowOutcome, FieldChange | None]] = []
        for outcome in preview.rows:
            if outcome.cls is RowClass.UNCHANGED:
                continue
            if outcome.changes and outcome.cls is not RowClass.NEW:
                lines.extend((outcome, change) for change in outcome.changes)
            else:
                lines.append((outcome, None))
        self._all = lines
        self.show_only(self._only)

    def show_only(self, cls: RowClass | None) -> None:
        self.beginResetModel()
        self._only = cls
        self._lines = [x for x in self._all if cls is None or x[0].cls is cls]
        self.endResetModel()

    def line(self, row: int) -> tuple[RowOutcome, FieldChange | None]:
        return self._lines[row]

    def refresh(self) -> None:
        if self._lines:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._lines) - 1,
                                                               len(DIFF_HEADERS) - 1))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(DIFF_HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return DIFF_HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        outcome, change = self._lines[index.row()]
        if role == Qt.ItemDataRole.BackgroundRole:
            if change is not None and change.conflict:
                return QBrush(fill("conflict"))
            if outcome.cls in (RowClass.INVALID, RowClass.UNKNOWN, RowClass.DUPLICATE):
                return QBrush(fill("error"))
            return None
        if role == Qt.ItemDataRole.UserRole:
            return (outcome, change)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if change is None:
            title = ""
            if outcome.cls is RowClass.NEW and outcome.changes:
                title = _display(outcome.changes[0].file)
            problem = self._problems.get((outcome.sheet, outcome.row))
            if problem is not None:
                values = (outcome.sheet, str(outcome.row), outcome.ref, outcome.cls.value,
                          problem.column, "", problem.value, "",
                          f"Left out: expected {problem.expected}")
            else:
                values = (outcome.sheet, str(outcome.row or ""), outcome.ref, outcome.cls.value,
                          "", "", title, "", "")
        else:
            if change.conflict:
                choice = ("Row left out" if outcome.skipped else
                          change.choice.value if change.choice else "Choose\u2026")
            else:
                choice = "Use the file's value"
            values = (outcome.sheet, str(outcome.row), outcome.ref, outcome.cls.value,
                      change.label, _display(change.exported), _display(change.file),
                      _display(change.workspace), choice)
        return values[index.column()]


class ImportLogDialog(QDialog):
    """The preview of an edited evidence log; nothing is written until Apply.

    Signals:
        imported(object): the :class:`AppliedImport` once the changes are written.
    """

    imported = Signal(object)

    def __init__(self, session: Session, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.path = Path(path)
        self.preview: Preview | None = None
        self.applied: AppliedImport | None = None
        self.task: Task | None = None
        self.setObjectName("importLogDialog")
        self.setWindowTitle(f"Import evidence log \u2014 {self.path.name}")
        layout = QVBoxLayout(self)
        self.heading = QLabel(f"Reading {self.path.name}\u2026")
        self.heading.setObjectName("importHeading")
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.heading)

        self.counts = QTableWidget(0, 0)
        tab_leaves(self.counts)
        self.counts.setObjectName("importCounts")
        self.counts.setAccessibleName("Rows by sheet and class")
        self.counts.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.counts.verticalHeader().setDefaultSectionSize(22)
        self.counts.setMaximumHeight(190)

        filters = QHBoxLayout()
        filters.addWidget(QLabel("Show:"))
        self.filter = QComboBox()
        self.filter.setAccessibleName("Show rows of class")
        self.filter.addItem("Everything that differs", None)
        for cls in SHOWN:
            self.filter.addItem(cls.value, cls)
        self.filter.currentIndexChanged.connect(self._on_filter_changed)
        filters.addWidget(self.filter)
        filters.addStretch(1)
        self.use_file = QPushButton("Use the file's value")
        self.use_file.setObjectName("useFileValue")
        self.keep_workspace = QPushButton("Keep the workspace's value")
        self.keep_workspace.setObjectName("keepWorkspaceValue")
        self.use_file.clicked.connect(lambda: self._choose_selected(Choice.FILE))
        self.keep_workspace.clicked.connect(lambda: self._choose_selected(Choice.WORKSPACE))
        filters.addWidget(QLabel("Selected conflicts:"))
        filters.addWidget(self.use_file)
        filters.addWidget(self.keep_workspace)
        self.all_policy = QComboBox()
        self.all_policy.setObjectName("allConflicts")
        self.all_policy.setAccessibleName("All conflicts at once")
        self.all_policy.addItem("All conflicts\u2026", None)
        self.all_policy.addItem("Use the file's values", ConflictPolicy.FILE_WINS)
        self.all_policy.addItem("Keep the workspace's values", ConflictPolicy.WORKSPACE_WINS)
        self.all_policy.addItem("Leave those rows out", ConflictPolicy.SKIP)
        self.all_policy.activated.connect(self._on_all_policy_activated)
        filters.addWidget(self.all_policy)

        self.model = DiffModel(self)
        self.grid = QTableView()
        tab_leaves(self.grid)
        self.grid.setObjectName("importDiff")
        self.grid.setAccessibleName("Changes field by field")
        self.grid.setModel(self.model)
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.grid.verticalHeader().hide()
        self.grid.setWordWrap(False)
        for n, width in enumerate((90, 45, 60, 170, 110, 150, 150, 150)):
            self.grid.setColumnWidth(n, width)
        self.grid.horizontalHeader().setStretchLastSection(True)
        self.grid.doubleClicked.connect(self._on_grid_double_clicked)

        self.problems = QTableWidget(0, 6)
        tab_leaves(self.problems)
        self.problems.setObjectName("importProblems")
        self.problems.setAccessibleName("Problems and warnings")
        self.problems.setHorizontalHeaderLabels(["", "Sheet", "Row", "Column", "Value",
                                                 "Expected"])
        self.problems.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.problems.verticalHeader().hide()
        self.problems.horizontalHeader().setSectionResizeMode(
            5, QHeaderView.ResizeMode.Stretch)

        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        middle_layout.addLayout(filters)
        middle_layout.addWidget(self.grid)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        self.problems_label = QLabel("<b>Problems and warnings</b>")
        lower_layout.addWidget(self.problems_label)
        lower_layout.addWidget(self.problems)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.counts)
        split.addWidget(middle)
        split.addWidget(lower)
        split.setSizes([170, 380, 150])
        layout.addWidget(split, 1)

        buttons = QHBoxLayout()
        self.status = QLabel()
        self.status.setObjectName("importStatus")
        buttons.addWidget(self.status, 1)
        self.save_button = QPushButton("Save report\u2026")
        self.save_button.setObjectName("saveReport")
        self.save_button.clicked.connect(self._on_save_clicked)
        self.apply_button = QPushButton("Apply")
        self.apply_button.setObjectName("applyImport")
        self.apply_button.setDefault(True)
        self.apply_button.clicked.connect(self.apply)
        cancel = QPushButton("Cancel")
        cancel.setObjectName("cancelImport")
        cancel.clicked.connect(self.reject)
        for button in (self.save_button, self.apply_button, cancel):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        for widget in (self.save_button, self.apply_button, self.use_file, self.keep_workspace,
                       self.all_policy):
            widget.setEnabled(False)
        self.resize(1180, 760)

    # -- reading --------------------------------------------------------------------------

    def start(self, *, allow_other_workspace: bool = False) -> None:
        """Read and compare the log on the thread pool (it can take seconds for a big log)."""
        workspace = self.session.workspace.another_connection()
        path = self.path

        def work(**callbacks: Any) -> Preview:
            try:
                return preview_log(workspace, path, allow_other_workspace=allow_other_workspace,
                                   **callbacks)
            finally:
                workspace.close()

        self.task = Task("Reading the evidence log", work, self)
        self.task.finished.connect(self.show_preview)
        self.task.failed.connect(self._on_task_failed)
        self.task.cancelled.connect(self.reject)
        self.task.start()

    def _on_task_failed(self, error: AppError) -> None:
        if isinstance(error, LogFromAnotherWorkspace):
            answer = QMessageBox.question(
                self, error.title, f"{error.message}\n\n{error.hint}\n\nImport it here anyway?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No)
            if answer == QMessageBox.StandardButton.Yes:
                self.start(allow_other_workspace=True)
                return
        else:
            self.session.report(error)
        self.reject()

    def show_preview(self, preview: Preview) -> None:
        """Fill the dialog from a finished preview."""
        self.preview = preview
        identity = preview.log.identity
        warning = ("<br><b>This log came from another workspace: every difference is shown "
                   "as a conflict.</b>" if preview.other_workspace else "")
        self.heading.setText(
            f"<b>{preview.file_name}</b> (SHA-256 {preview.sha256[:16]}\u2026), exported from "
            f"\u201c{identity.workspace_name}\u201d by {identity.exported_by} on "
            f"{identity.exported_at:%d %b %Y %H:%M} for {identity.visit_title}. "
            f"Nothing is written until you press Apply; rows missing from the file are never "
            f"deleted.{warning}")
        counts = preview.counts()
        classes = [c for c in RowClass if preview.totals()[c]] or [RowClass.UNCHANGED]
        self.counts.setRowCount(len(counts))
        self.counts.setColumnCount(len(classes))
        self.counts.setHorizontalHeaderLabels([c.value for c in classes])
        self.counts.setVerticalHeaderLabels(list(counts))
        for row, sheet_counts in enumerate(counts.values()):
            for col, cls in enumerate(classes):
                item = QTableWidgetItem(str(sheet_counts[cls]) if sheet_counts[cls] else "")
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.counts.setItem(row, col, item)
        self.counts.resizeColumnsToContents()
        self.model.set_preview(preview)
        self._fill_problems(preview.problems)
        has_conflicts = bool(preview.conflicts)
        for widget in (self.use_file, self.keep_workspace, self.all_policy):
            widget.setEnabled(has_conflicts)
        self.save_button.setEnabled(True)
        self._update_state()

    def _fill_problems(self, problems: list[Problem]) -> None:
        self.problems.setRowCount(len(problems))
        for row, p in enumerate(problems):
            for col, value in enumerate((p.severity, p.sheet, str(p.row), p.column, p.value,
                                         p.expected)):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                if p.severity == "Error":
                    item.setBackground(QBrush(fill("error")))
                self.problems.setItem(row, col, item)
        self.problems.resizeColumnsToContents()
        errors = sum(1 for p in problems if p.severity == "Error")
        self.problems_label.setText(
            f"<b>Problems and warnings</b> ({counted(errors, 'error')}: those rows are left "
            f"out; {counted(len(problems) - errors, 'warning')})" if problems else
            "<b>Problems and warnings</b>: none")

    # -- choosing ------------------------------------------------------------------------------

    def _on_filter_changed(self, _index: int) -> None:
        self.model.show_only(self.filter.currentData())

    def selected_conflicts(self) -> list[tuple[RowOutcome, FieldChange]]:
        found = []
        for index in self.grid.selectionModel().selectedRows():
            outcome, change = self.model.line(index.row())
            if change is not None and change.conflict:
                found.append((outcome, change))
        return found

    def _choose_selected(self, choice: Choice) -> None:
        for outcome, change in self.selected_conflicts():
            change.choice = choice
            outcome.skipped = False
        self.model.refresh()
        self._update_state()

    def _on_grid_double_clicked(self, index: QModelIndex) -> None:
        outcome, change = self.model.line(index.row())
        if change is not None and change.conflict:
            change.choice = Choice.WORKSPACE if change.choice is Choice.FILE else Choice.FILE
            outcome.skipped = False
            self.model.refresh()
            self._update_state()

    def _on_all_policy_activated(self, _index: int) -> None:
        policy = self.all_policy.currentData()
        if policy is not None and self.preview is not None:
            self.preview.resolve_all(policy)
            self.model.refresh()
            self._update_state()
        self.all_policy.setCurrentIndex(0)

    def _update_state(self) -> None:
        preview = self.preview
        if preview is None:
            return
        writes = len(preview.to_write())
        unresolved = preview.unresolved
        self.apply_button.setText(f"Apply {counted(writes, 'change')}" if writes else "Apply")
        self.apply_button.setEnabled(writes > 0 and unresolved == 0)
        if unresolved:
            self.status.setText(f"{counted(unresolved, 'conflicting value')} still to choose.")
        elif not writes:
            self.status.setText("Nothing to bring in: the workspace already has everything "
                                "in this log.")
        else:
            self.status.setText(f"{counted(writes, 'row')} will change the workspace, in one "
                                "step you can undo.")

    # -- saving and applying ---------------------------------------------------------------------

    def _on_save_clicked(self) -> None:
        if self.preview is None:
            return
        name, _ = QFileDialog.getSaveFileName(
            self, "Save import report", str(self.path.with_name(self.path.stem + "-import.txt")),
            "Text files (*.txt)")
        if name:
            self.save_report(Path(name))

    def save_report(self, path: Path) -> None:
        assert self.preview is not None
        try:
            save_report(self.preview, path, applied=self.applied is not None)
        except AppError as error:
            self.session.report(error)

    def apply(self) -> None:
        """Write the chosen changes (one transaction) on the thread pool, then one undo step."""
        preview = self.preview
        if preview is None:
            return
        workspace = self.session.workspace.another_connection()

        def work(**_callbacks: Any) -> AppliedImport:
            try:
                return apply_preview(workspace, preview)
            finally:
                workspace.close()

        self.apply_button.setEnabled(False)
        self.task = Task("Bringing in the evidence log", work, self)
        self.task.finished.connect(self._on_applied)
        self.task.failed.connect(self._on_apply_failed)
        self.task.start()

    def _on_apply_failed(self, error: AppError) -> None:
        self.session.report(error)
        self._update_state()

    def _on_applied(self, applied: AppliedImport) -> None:
        self.applied = applied
        commands.record_import(self.session, applied)
        self.imported.emit(applied)
        self.accept()
