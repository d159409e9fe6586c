"""Export the briefing pack and the evidence log, with the user's options, off the UI thread."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from exporters.common import IsCancelled, Progress, safe_output
from models.briefing import DEFAULT_MARKING, BriefingContent, ExportOptions, build_briefing
from models.errors import AppError, ValidationError

from .context import Session
from .tasks import Task


def export_both(content: BriefingContent, pack: Path, log: Path, *,
                progress: Progress | None = None, is_cancelled: IsCancelled | None = None
                ) -> list[tuple[str, Path]]:
    """Write the pack then the log; both files appear together or neither does.

    Each is written to its ``.part`` name first and both are renamed only when
    both are complete, so a cancel during the log leaves no pack behind either.
    """
    # python-docx and openpyxl load here, on the first export, not when the window opens.
    from exporters.excel import write_evidence_log
    from exporters.word import write_briefing_pack

    def part(offset: int) -> Progress:
        def report(done: int, total: int, message: str) -> None:
            if progress:
                progress(offset + done * 100 // max(total, 1), 200, message)
        return report

    with safe_output(pack) as pack_part, safe_output(log) as log_part:
        write_briefing_pack(content, pack_part, progress=part(0), is_cancelled=is_cancelled)
        write_evidence_log(content, log_part, progress=part(100), is_cancelled=is_cancelled)
    return [("Briefing pack", pack), ("Evidence log", log)]


class ExportDialog(QDialog):
    """The options of an export, then the export itself with a cancellable progress dialog.

    Signals:
        exported(list): (kind, path) of each file written.
    """

    exported = Signal(list)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Export briefing pack and evidence log")
        self.setObjectName("exportDialog")
        self.task: Task | None = None
        settings = QSettings()
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.visit = QComboBox()
        self.visit.setAccessibleName("Visit")
        for visit in session.workspace.visits():
            if visit.visit_type != "ILACS inspection":
                self.visit.addItem(visit.title, visit.id)
        self.visit.setCurrentIndex(max(0, self.visit.findData(session.visit_id)))
        self.visit.currentIndexChanged.connect(self._fill_themes)
        form.addRow("Visit", self.visit)
        self.themes = QListWidget()
        self.themes.setAccessibleName("Themes to include")
        self.themes.setMaximumHeight(170)
        form.addRow("Themes (focus themes ticked)", self.themes)
        self.case_detail = QCheckBox("List each audited case sample in the pack")
        self.case_detail.setAccessibleName("Include case-sample detail")
        form.addRow("Case samples", self.case_detail)
        self.exclude_personal = QCheckBox("Leave out evidence flagged as containing personal data")
        self.exclude_personal.setChecked(True)
        self.exclude_personal.setAccessibleName("Leave out personal data")
        form.addRow("Personal data", self.exclude_personal)
        self.marking = QLineEdit(settings.value("export/marking", DEFAULT_MARKING, str))
        self.marking.setAccessibleName("Protective marking")
        form.addRow("Protective marking", self.marking)
        self.template = self._path_row(form, "Word template (house style)", "Word template",
                                       settings.value("export/template", "", str),
                                       "Choose\u2026", self._on_pick_template_clicked)
        self.template.setPlaceholderText("Built-in VisitReady style")
        self.folder = self._path_row(form, "Save in", "Save in folder",
                                     settings.value("export/folder", str(Path.home()), str),
                                     "Browse\u2026", self._on_browse_clicked)
        self.pack_name = QLineEdit()
        self.pack_name.setAccessibleName("Briefing pack file name")
        self.log_name = QLineEdit()
        self.log_name.setAccessibleName("Evidence log file name")
        form.addRow("Briefing pack", self.pack_name)
        form.addRow("Evidence log", self.log_name)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export")
        buttons.accepted.connect(self.start_export)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._fill_themes()
        self.resize(620, 560)

    @staticmethod
    def _path_row(form: QFormLayout, label: str, name: str, value: str, button_text: str,
                  slot: Any) -> QLineEdit:
        """A path box with a button beside it that opens a file dialog."""
        edit = QLineEdit(value)
        edit.setAccessibleName(name)
        button = QPushButton(button_text)
        button.clicked.connect(slot)
        row = QHBoxLayout()
        row.addWidget(edit)
        row.addWidget(button)
        form.addRow(label, row)
        return edit

    def _fill_themes(self) -> None:
        self.themes.clear()
        visit_id = self.visit.currentData()
        focus: set[int] = set()
        title = "visit"
        for visit in self.session.workspace.visits():
            if visit.id == visit_id:
                focus = {t.id for t in visit.themes}
                title = visit.title
        for theme in self.session.workspace.themes():
            item = QListWidgetItem(theme.name)
            item.setData(Qt.ItemDataRole.UserRole, theme.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if theme.id in focus
                               else Qt.CheckState.Unchecked)
            self.themes.addItem(item)
        stem = f"{self.session.workspace.name} {title}".replace(" ", "-").lower()
        self.pack_name.setText(f"{stem}-briefing-pack.docx")
        self.log_name.setText(f"{stem}-evidence-log.xlsx")

    def _on_pick_template_clicked(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Word template", "", "Word documents (*.docx)")
        if name:
            self.template.setText(name)

    def _on_browse_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Save in", self.folder.text())
        if folder:
            self.folder.setText(folder)

    def options(self) -> ExportOptions:
        codes = tuple(self.themes.item(n).data(Qt.ItemDataRole.UserRole)
                      for n in range(self.themes.count())
                      if self.themes.item(n).checkState() == Qt.CheckState.Checked)
        template = self.template.text().strip()
        return ExportOptions(
            visit_id=self.visit.currentData(), theme_codes=codes,
            include_case_detail=self.case_detail.isChecked(),
            exclude_personal_data=self.exclude_personal.isChecked(),
            marking=self.marking.text().strip() or DEFAULT_MARKING,
            template=Path(template) if template else None)

    def targets(self) -> tuple[Path, Path]:
        folder = Path(self.folder.text().strip() or ".")
        return folder / self.pack_name.text().strip(), folder / self.log_name.text().strip()

    def start_export(self) -> None:
        """Gather the content here (a quick read), then write both files on the thread pool."""
        if self.visit.currentData() is None:
            self.session.report(ValidationError("There is no visit to export yet.",
                                                "Add the visit on the Visits page first."))
            return
        options = self.options()
        pack, log = self.targets()
        settings = QSettings()
        settings.setValue("export/folder", str(pack.parent))
        settings.setValue("export/marking", options.marking)
        settings.setValue("export/template", str(options.template or ""))
        try:
            content = build_briefing(self.session.workspace, options, self.session.today)
        except AppError as error:
            self.session.report(error)
            return
        self.task = Task("Exporting", lambda **kw: export_both(content, pack, log, **kw), self)
        self.task.finished.connect(lambda written: self._on_task_finished(written, options))
        self.task.failed.connect(self.session.report)
        self.task.start()

    def _on_task_finished(self, written: list[tuple[str, Path]], options: ExportOptions) -> None:
        for kind, path in written:
            self.session.workspace.record_export(kind, path, options.as_record())
        self.session.changed("export")
        self.exported.emit(written)
        self.accept()


class ExportsPage(QWidget):
    """Every export recorded in the workspace: who, when, which file, its SHA-256."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("page_exports")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>Exports</h2><p>Every briefing pack and evidence log that "
                                "left this workspace.</p>"))
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("exportsTable")
        self.table.setAccessibleName("Exports")
        self.table.setHorizontalHeaderLabels(["When", "Who", "What", "File", "SHA-256", "Options"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout.addWidget(self.table)
        session.records_changed.connect(lambda kind: kind == "export" and self.refresh())
        self.refresh()

    def refresh(self) -> None:
        records = self.session.workspace.exports()
        self.table.setRowCount(len(records))
        for row, record in enumerate(records):
            values: list[Any] = [f"{record.at:%d %b %Y %H:%M}", record.who, record.kind,
                                 record.file_name, record.sha256, record.options]
            for col, value in enumerate(values):
                self.table.setItem(row, col, QTableWidgetItem(str(value)))
        self.table.resizeColumnsToContents()
