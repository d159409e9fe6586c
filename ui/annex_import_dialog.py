"""File → Import Annex A…: choose the return, see what will be kept and every problem, then decide."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from importers.annex_a import ReturnPreview, import_return, read_return
from importers.annex_a_spec import lists
from models.annex import ReturnSummary

from . import app_errors
from .context import Session
from .plain_table import PlainTableModel, plain_view
from .tasks import Task


class AnnexImportDialog(QDialog):
    """Read a return in the background, show the preview, import the rows without problems.

    Signals:
        imported(object): the new return's ReturnSummary.
    """

    imported = Signal(object)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("annexImportDialog")
        self.setWindowTitle("Import Annex A")
        self.resize(1000, 640)
        self.paths: list[Path] = []
        self.preview: ReturnPreview | None = None
        self.task: Task | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(
            "Choose the Annex A workbook (a sheet per list) or one CSV file per list. Lists are "
            "recognised by their headings. Child IDs are kept only as keyed hashes and dates of "
            "birth as age bands; names, postcodes and worker names are not kept."))
        chooser = QHBoxLayout()
        self.files = QLineEdit(readOnly=True, placeholderText="No file chosen")
        self.files.setAccessibleName("Files to import")
        chooser.addWidget(self.files, 1)
        browse = QPushButton("Choose files\u2026")
        browse.setObjectName("chooseFiles")
        browse.clicked.connect(self._on_browse_clicked)
        chooser.addWidget(browse)
        chooser.addWidget(QLabel("As at:"))
        self.as_at = QDateEdit(calendarPopup=True)
        self.as_at.setObjectName("asAt")
        self.as_at.setAccessibleName("Return as at")
        self.as_at.setDisplayFormat("dd/MM/yyyy")
        today = session.today
        self.as_at.setDate(QDate(today.year, today.month, today.day))
        chooser.addWidget(self.as_at)
        self.read_button = QPushButton("Read")
        self.read_button.setObjectName("readReturn")
        self.read_button.setEnabled(False)
        self.read_button.clicked.connect(self.read)
        chooser.addWidget(self.read_button)
        layout.addLayout(chooser)

        self.summary = QLabel("")
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.tabs = QTabWidget()
        self.sheets = PlainTableModel(["Sheet or file", "List", "What happened", "Rows",
                                       "Rows with problems", "Columns not in the file"], [], self)
        self.columns = PlainTableModel(["List", "Heading in the file", "Annex A column",
                                        "Kept?", "Why"], [], self)
        self.problems = PlainTableModel(["List", "Row", "Column", "Value", "Problem"], [], self)
        self.views = [plain_view(self.sheets, "Lists found", stretch=2),
                      plain_view(self.columns, "What is kept", stretch=4),
                      plain_view(self.problems, "Problems", stretch=4)]
        for view, title in zip(self.views, ("Lists", "What is kept, transformed and dropped",
                                            "Problems"), strict=True):
            self.tabs.addTab(view, title)
        layout.addWidget(self.tabs, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton("Import",
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setObjectName("importReturn")
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.import_now)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _on_browse_clicked(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self, "Choose the Annex A return", str(Path.home()),
            "Annex A (*.xlsx *.xlsm *.csv);;All files (*)")
        if names:
            self.set_files([Path(n) for n in names])

    def set_files(self, paths: list[Path]) -> None:
        self.paths = paths
        self.files.setText("; ".join(p.name for p in paths))
        self.read_button.setEnabled(bool(paths))

    def set_as_at(self, day: dt.date) -> None:
        self.as_at.setDate(QDate(day.year, day.month, day.day))

    def _as_at(self) -> dt.date:
        value = self.as_at.date()
        return dt.date(value.year(), value.month(), value.day())

    def read(self) -> None:
        """Read the chosen files on the thread pool; the preview fills in when done."""
        workspace = self.session.workspace.another_connection()
        paths, as_at = list(self.paths), self._as_at()

        def work(**callbacks: Any) -> ReturnPreview:
            try:
                return read_return(workspace, paths, as_at, **callbacks)
            finally:
                workspace.close()

        self.import_button.setEnabled(False)
        self.summary.setText("Reading\u2026")
        self.task = Task("Reading the Annex A return", work, self)
        self.task.finished.connect(self.show_preview)
        self.task.failed.connect(self._on_task_failed)
        self.task.start()

    def _on_task_failed(self, error: Any) -> None:
        self.summary.setText(f"<b>{error.message}</b> {error.hint}")
        app_errors.show_app_error(self, error)

    def show_preview(self, preview: ReturnPreview) -> None:
        self.preview = preview
        self.sheets.set_rows([(s.source, lists()[s.list_number].title if s.list_number else "",
                               s.status, s.rows or "", s.rows_with_problems or "",
                               "; ".join(s.missing_columns)) for s in preview.sheets])
        self.columns.set_rows([(c.list_title, c.heading, c.standard_heading or "(not Annex A)",
                                c.treatment.value, c.why) for c in preview.columns])
        self.problems.set_rows([(p.list_title, p.row, p.column, p.value, p.message)
                                for p in preview.problems])
        self.tabs.setTabText(2, f"Problems ({len(preview.problems)})")
        for view in self.views:
            view.resizeColumnsToContents()
            for column in range(view.model().columnCount() - 1):
                view.setColumnWidth(column, min(view.columnWidth(column), 320))
        text = preview.summary()
        if preview.already_imported is not None:
            text += (f" <b>This file was already imported</b> "
                     f"({preview.already_imported.label.lower()}); it will not be added again.")
            self.import_button.setEnabled(False)
        else:
            self.import_button.setEnabled(bool(preview.rows))
            if preview.rows_with_problems:
                self.import_button.setText(
                    f"Import the {len(preview.rows)} rows without problems")
                self.tabs.setCurrentIndex(2)
            else:
                self.import_button.setText(f"Import {len(preview.rows)} rows")
        self.summary.setText(text)

    def import_now(self) -> None:
        """Store the rows without problems and work out the indicators, in the background."""
        if self.preview is None:
            return
        workspace = self.session.workspace.another_connection()
        preview = self.preview

        def work(**_callbacks: Any) -> ReturnSummary:
            try:
                return import_return(workspace, preview)
            finally:
                workspace.close()

        self.import_button.setEnabled(False)
        self.task = Task("Importing the Annex A return", work, self)
        self.task.finished.connect(self._on_import_finished)
        self.task.failed.connect(self._on_task_failed)
        self.task.start()

    def _on_import_finished(self, summary: ReturnSummary) -> None:
        self.session.changed("indicator")
        self.imported.emit(summary)
        self.accept()
