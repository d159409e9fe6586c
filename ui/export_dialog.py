"""Export the briefing pack and the evidence log, with the user's options, off the UI thread."""

from __future__ import annotations

import dataclasses
import json
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
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from exporters.common import IsCancelled, Progress
from exporters.targets import check_targets
from models import dates
from models import vocabulary as v
from models.briefing import (
    DEFAULT_MARKING,
    BriefingContent,
    ExportOptions,
    briefing_for_export,
    build_briefing,
    rebuild_from_snapshot,
)
from models.errors import AppError, ValidationError
from models.pack_control import DocumentControl, load_control, save_control, snapshots
from models.privacy.export_rule import PersonalDataHit, check_before_export

from .context import Session
from .export_files import (
    ExportsModel,
    after_export,
    confirm_overwrite,
    open_document,
    with_extension,
)
from .forms import parse_date
from .places import documents_folder
from .plain_table import PlainTableModel, plain_view
from .privacy_ui import Decision, PersonalDataCheck
from .tasks import Task


def export_both(content: BriefingContent, pack: Path | None, log: Path | None, *,
                progress: Progress | None = None, is_cancelled: IsCancelled | None = None,
                review: Path | None = None, workspace: Path | None = None
                ) -> tuple[list[tuple[str, Path]], list[str]]:
    """Write the pack, the log and the readiness review (those given); all the files appear
    together or none does.

    Returns:
        (kind, path) of each file written, and the warnings for the export summary.
    """
    # python-docx and openpyxl load here, on the first export, not when the window opens.
    from exporters.safe_text import collecting
    from exporters.targets import write_exports

    with collecting() as notes:
        written = write_exports(content, pack, log, review=review, workspace=workspace,
                                progress=progress, is_cancelled=is_cancelled)
    return written, notes


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
        #: Warnings of the last export (text cut, characters left out), for its summary.
        self.notes: list[str] = []
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
        self.case_detail = QCheckBox("List each audited case sample in the pack "
                                     "(never in the members' version)")
        self.case_detail.setAccessibleName("Include case-sample detail")
        form.addRow("Case samples", self.case_detail)
        self.include_drafts = QCheckBox("Show draft and verified evidence too, each with its status")
        self.include_drafts.setAccessibleName("Include draft evidence")
        form.addRow("Evidence", self.include_drafts)
        self.all_themes = QCheckBox("Evidence appendix lists every theme, not only these")
        self.all_themes.setAccessibleName("Evidence appendix for all themes")
        form.addRow("Appendix", self.all_themes)
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
        #: What the chosen template lacks (taken from the built-in style), checked when chosen.
        self.template_note = QLabel()
        self.template_note.setObjectName("templateNote")
        self.template_note.setWordWrap(True)
        form.addRow("", self.template_note)
        self.folder = self._path_row(form, "Save in", "Save in folder",
                                     settings.value("export/folder", str(documents_folder()), str),
                                     "Browse\u2026", self._on_browse_clicked)
        self.pack_name = QLineEdit()
        self.pack_name.setAccessibleName("Briefing pack file name")
        self.log_name = QLineEdit()
        self.log_name.setAccessibleName("Evidence log file name")
        form.addRow("Briefing pack", self.pack_name)
        form.addRow("Evidence log", self.log_name)
        self.review_name = QLineEdit()
        self.review_name.setAccessibleName("Readiness review file name")
        self.with_review = QCheckBox("Also write the readiness review (the gap list by owner)")
        self.with_review.setAccessibleName("Also write the readiness review")
        form.addRow("Readiness review", self.review_name)
        form.addRow("", self.with_review)
        layout.addLayout(form)
        layout.addWidget(self._control_box())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export")
        review_only = buttons.addButton("Readiness review only",
                                        QDialogButtonBox.ButtonRole.ActionRole)
        review_only.setObjectName("reviewOnly")
        review_only.clicked.connect(self.start_review_export)
        buttons.accepted.connect(self.start_export)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._fill_themes()
        self.resize(680, 820)

    def _control_box(self) -> QGroupBox:
        """Document control: what the cover says, and which audience's sections the pack has."""
        box = QGroupBox("Document control")
        form = QFormLayout(box)
        self.status = QComboBox()
        self.status.addItems(v.values(v.PackStatus))
        self.status.setAccessibleName("Pack status")
        form.addRow("Status (final freezes the data)", self.status)
        self.version = QLineEdit()
        self.version.setAccessibleName("Pack version")
        form.addRow("Version", self.version)
        self.author = QLineEdit()
        self.author.setAccessibleName("Author")
        form.addRow("Author", self.author)
        self.approved_by = QLineEdit()
        self.approved_by.setAccessibleName("Approved by")
        form.addRow("Approved by", self.approved_by)
        self.approved_on = QLineEdit()
        self.approved_on.setAccessibleName("Approved on")
        self.approved_on.setPlaceholderText("YYYY-MM-DD or DD/MM/YYYY")
        form.addRow("Approved on", self.approved_on)
        self.audience = QComboBox()
        self.audience.addItems(v.values(v.Audience))
        self.audience.setAccessibleName("Audience")
        form.addRow("Audience", self.audience)
        self.distribution = QPlainTextEdit()
        self.distribution.setAccessibleName("Distribution list")
        self.distribution.setPlaceholderText("One name or group a line")
        self.distribution.setMaximumHeight(70)
        form.addRow("Distribution", self.distribution)
        return box

    def _load_control(self, visit_id: int | None) -> None:
        control = (load_control(self.session.workspace, visit_id) if visit_id is not None
                   else DocumentControl(author=self.session.workspace.who))
        self.status.setCurrentText(control.status)
        self.version.setText(control.version)
        self.author.setText(control.author)
        self.approved_by.setText(control.approved_by)
        self.approved_on.setText(control.approved_on.isoformat() if control.approved_on else "")
        self.audience.setCurrentText(control.audience)
        self.distribution.setPlainText("\n".join(control.distribution))

    def control(self) -> DocumentControl:
        """The document control as typed.

        Raises:
            ValidationError: the approval date is not a date.
        """
        approved = parse_date(self.approved_on.text())
        if isinstance(approved, str):
            raise ValidationError(f"Approved on: \u201c{approved}\u201d is not a date.",
                                  "Write it as YYYY-MM-DD or DD/MM/YYYY.")
        return DocumentControl(
            status=self.status.currentText(), version=self.version.text().strip(),
            author=self.author.text().strip(), approved_by=self.approved_by.text().strip(),
            approved_on=approved, audience=self.audience.currentText(),
            distribution=tuple(x.strip() for x in self.distribution.toPlainText().splitlines()
                               if x.strip()))

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
        self.review_name.setText(f"{stem}-readiness-review.docx")
        self._load_control(visit_id)

    def _on_pick_template_clicked(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Word template", str(documents_folder()),
                                              "Word documents (*.docx)")
        if name:
            self.template.setText(name)
            self.check_template(Path(name))

    def check_template(self, path: Path) -> bool:
        """Say which of the pack's styles the template lacks; refuse one that cannot be read."""
        try:
            from exporters.house_style import missing_styles  # python-docx: on use

            missing = missing_styles(path)
        except AppError as error:
            self.template.clear()
            self.template_note.clear()
            self.session.report(error)
            return False
        self.template_note.setText(
            "" if not missing else f"This template has no {', '.join(missing)} style; "
            "the built-in VisitReady one is used for those.")
        return True

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
            template=Path(template) if template else None,
            control=self.control(),
            include_drafts=self.include_drafts.isChecked(),
            all_themes_appendix=self.all_themes.isChecked())

    def targets(self) -> tuple[Path, Path]:
        folder = Path(self.folder.text().strip() or ".")
        return (folder / with_extension(self.pack_name.text(), ".docx"),
                folder / with_extension(self.log_name.text(), ".xlsx"))

    def review_target(self) -> Path:
        return Path(self.folder.text().strip() or ".") / self.review_name.text().strip()

    def start_review_export(self) -> None:
        """Write only the readiness review, for the weekly meeting (no freeze, no pack)."""
        if self.visit.currentData() is None:
            self.session.report(ValidationError("There is no visit to export yet.",
                                                "Add the visit on the Visits page first."))
            return
        try:
            checked = self._checked_for_personal_data(self.options())
            if checked is None:
                return
            options = checked
            content = build_briefing(self.session.workspace, options, self.session.today)
        except AppError as error:
            self.session.report(error)
            return
        target = self.review_target()
        if not confirm_overwrite(self, [target]):
            return
        workspace = self.session.workspace
        here = Path(workspace.location) if workspace.is_file else None
        try:
            check_targets(None, None, here, review=target)
        except AppError as error:
            self.session.report(error)
            return
        self.task = Task("Exporting", lambda **kw: export_both(content, None, None, review=target,
                                                               workspace=here, **kw), self)
        self.task.finished.connect(lambda result: self._on_task_finished(*result, options))
        self.task.failed.connect(self.session.report)
        self.task.start()

    def start_export(self) -> None:
        """Check the choices here, then gather the content (freezing a final pack) and write
        the files on the thread pool, through a connection of the worker's own."""
        if self.visit.currentData() is None:
            self.session.report(ValidationError("There is no visit to export yet.",
                                                "Add the visit on the Visits page first."))
            return
        try:
            checked = self._checked_for_personal_data(self.options())
        except AppError as error:
            self.session.report(error)
            return
        if checked is None:
            return
        options = checked
        pack, log = self.targets()
        review = self.review_target() if self.with_review.isChecked() else None
        workspace = self.session.workspace
        here = Path(workspace.location) if workspace.is_file else None
        try:  # a target that may never be written is refused before anything is asked
            check_targets(pack, log, here, review=review)
        except AppError as error:
            self.session.report(error)
            return
        if not confirm_overwrite(self, [p for p in (pack, log, review) if p is not None]):
            return
        settings = QSettings()
        settings.setValue("export/folder", str(pack.parent))
        settings.setValue("export/marking", options.marking)
        settings.setValue("export/template", str(options.template or ""))
        try:
            if not workspace.read_only:
                save_control(workspace, options.visit_id, options.control)
        except AppError as error:
            self.session.report(error)
            return
        today = self.session.today

        def work(**kw: Any) -> tuple[list[tuple[str, Path]], list[str]]:
            with workspace.another_connection() as own:
                content = briefing_for_export(own, options, today)
            return export_both(content, pack, log, review=review, workspace=here, **kw)

        self.task = Task("Exporting", work, self)
        self.task.finished.connect(lambda result: self._on_task_finished(*result, options))
        self.task.failed.connect(self.session.report)
        self.task.start()

    def _on_task_finished(self, written: list[tuple[str, Path]], notes: list[str],
                          options: ExportOptions) -> None:
        self.notes = notes
        if not self.session.workspace.read_only:
            for kind, path in written:
                self.session.workspace.record_export(kind, path, options.as_record())
            self.session.changed("export")
        if notes:
            box = QMessageBox(QMessageBox.Icon.Information, "Export finished with warnings",
                              "Every file was written.\n\n" + "\n".join(f"\u2022 {n}"
                                                                          for n in notes),
                              parent=self.parentWidget())
            box.setObjectName("exportWarnings")
            box.open()
        self.exported.emit(written)
        self.accept()
        after_export(self.parentWidget(), written)

    def _checked_for_personal_data(self, options: ExportOptions) -> ExportOptions | None:
        """Show the records whose text looks personal, if any, and act on the user's choice.

        Returns:
            The options to export with (with the reason when the user includes them), or
            None when nothing is to be exported now (closed, or gone back to edit).
        """
        hits = check_before_export(self.session.workspace, options.visit_id)
        if not hits:
            return options
        answer = self.ask_about_personal_data(hits)
        if answer is None:
            return None  # closed without choosing: nothing is exported
        decision, reason = answer
        if decision is Decision.EDIT:
            self.reject()
            self.session.open_record_requested.emit(hits[0].record_kind, hits[0].record_id)
            return None
        if decision is Decision.INCLUDE:
            return dataclasses.replace(options, personal_data_reason=reason)
        return options

    def ask_about_personal_data(self, hits: list[PersonalDataHit]) -> tuple[Decision, str] | None:
        """Show the records whose text looks personal; the user's choice, or None if closed."""
        check = PersonalDataCheck(hits, self)
        accepted = check.exec() == QDialog.DialogCode.Accepted
        if not accepted and check.decision is not Decision.EDIT:
            return None
        return check.decision, check.reason


class ExportsPage(QWidget):
    """Every export recorded in the workspace: who, when, which file, its SHA-256.

    Signals:
        final_pack_written(Path): a frozen final pack was written again.
    """

    final_pack_written = Signal(object)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("page_exports")
        self.task: Task | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>Exports</h2><p>Every briefing pack and evidence log that "
                                "left this workspace.</p>"))
        self.model = ExportsModel(self)
        self.table = QTableView()
        self.table.setObjectName("exportsTable")
        self.table.setAccessibleName("Exports")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((130, 130, 330, 110, 420)):
            self.table.setColumnWidth(column, width)
        layout.addWidget(self.table)
        self.table.selectionModel().currentRowChanged.connect(
            lambda *_: self._on_table_current_changed())
        self.table.doubleClicked.connect(lambda _index: self._on_open_clicked())
        documents = QHBoxLayout()
        self.open_button = QPushButton("Open")
        self.open_button.setObjectName("openExport")
        self.open_button.setToolTip("Open the chosen document in Word or Excel (double-click "
                                    "does the same)")
        self.open_button.clicked.connect(self._on_open_clicked)
        self.folder_button = QPushButton("Show in folder")
        self.folder_button.setObjectName("showExportFolder")
        self.folder_button.setToolTip("Open the folder the chosen document was saved in")
        self.folder_button.clicked.connect(lambda: self._on_open_clicked(folder=True))
        documents.addWidget(self.open_button)
        documents.addWidget(self.folder_button)
        documents.addStretch()
        layout.addLayout(documents)
        layout.addWidget(QLabel("<h3>Final packs, frozen as presented</h3><p>Each final pack's "
                                "data, its SHA-256 and who approved it. Writing one again "
                                "reads it back read-only: later edits never change it.</p>"))
        self.final_model = PlainTableModel(["Visit", "Version", "Approved by", "Approved on",
                                            "Frozen", "SHA-256"], parent=self)
        self.finals = plain_view(self.final_model, "finalPacksTable")
        self.finals.setAccessibleName("Final packs")
        self._final_ids: list[int] = []
        layout.addWidget(self.finals)
        again = QPushButton("Write this final pack again\u2026")
        again.setObjectName("rewriteFinalPack")
        again.setToolTip("Write the selected final pack again exactly as it was approved, from "
                         "its frozen copy (later edits never change it)")
        again.clicked.connect(self._on_rewrite_clicked)
        row = QHBoxLayout()
        row.addWidget(again)
        row.addStretch()
        layout.addLayout(row)
        layout.addWidget(QLabel("<h3>Imports</h3><p>Every edited evidence log brought back in "
                                "(the change history marks each change it made).</p>"))
        self.import_model = PlainTableModel(["When", "Who", "File", "SHA-256", "Rows",
                                             "State"], parent=self)
        self.imports = plain_view(self.import_model, "importsTable")
        self.imports.setAccessibleName("Imports")
        layout.addWidget(self.imports)
        session.records_changed.connect(lambda kind: kind in ("export", "import")
                                        and self.refresh())
        self._unread = True  # read when first shown, not when the window opens

    def showEvent(self, event: Any) -> None:
        if self._unread:
            self._unread = False
            self.refresh()
        super().showEvent(event)

    def rewrite_final_pack(self, snapshot_id: int, target: Path) -> None:
        """Write a frozen final pack again from its snapshot, on the thread pool."""
        workspace = self.session.workspace
        here = Path(workspace.location) if workspace.is_file else None
        try:
            check_targets(target, None, here)
        except AppError as error:
            self.session.report(error)
            return

        def work(**kw: Any) -> dict[str, Any]:
            with workspace.another_connection() as own:
                content = rebuild_from_snapshot(own, snapshot_id)
            export_both(content, target, None, workspace=here, **kw)
            return content.options.as_record()

        self.task = Task("Writing the final pack", work, self)
        self.task.finished.connect(lambda record: self._on_final_pack_written(target, record))
        self.task.failed.connect(self.session.report)
        self.task.start()

    def _on_final_pack_written(self, target: Path, record: dict[str, Any]) -> None:
        self.session.workspace.record_export("Briefing pack", target, record)
        self.session.changed("export")
        self.final_pack_written.emit(target)

    def _on_rewrite_clicked(self) -> None:
        row = self.finals.currentIndex().row()
        if not 0 <= row < len(self._final_ids):
            return
        name, _ = QFileDialog.getSaveFileName(self, "Write the final pack again",
                                              str(documents_folder()), "Word documents (*.docx)")
        if name:
            self.rewrite_final_pack(self._final_ids[row], Path(with_extension(name, ".docx")))

    def _on_table_current_changed(self) -> None:
        saved = self.model.saved_at(self.table.currentIndex().row())
        for button in (self.open_button, self.folder_button):
            button.setEnabled(saved is not None)

    def _on_open_clicked(self, *, folder: bool = False) -> None:
        saved = self.model.saved_at(self.table.currentIndex().row())
        if saved is not None:
            open_document(self, saved, folder=folder)

    def refresh(self) -> None:
        titles = {v.id: v.title for v in self.session.workspace.visits()}
        self.model.set_exports(self.session.workspace.exports(), titles)
        self._on_table_current_changed()
        finals = snapshots(self.session.workspace)
        self._final_ids = [snap.id for snap in finals]
        self.final_model.set_rows([
            (snap.visit_title, snap.version, snap.approved_by, dates.show(snap.approved_on),
             f"{dates.show(snap.frozen_at.date())} {snap.frozen_at:%H:%M} by {snap.frozen_by}",
             snap.data_sha256) for snap in finals])
        self.finals.resizeColumnsToContents()
        from importers.log_apply import imports  # openpyxl under it: on use

        rows = []
        for done in imports(self.session.workspace):
            counts = json.loads(done.counts or "{}")
            rows.append((f"{dates.show(done.at.date())} {done.at:%H:%M}", done.who,
                         done.file_name, done.sha256,
                         ", ".join(f"{n} {what.lower()}" for what, n in counts.items()
                                   if n and what not in ("Unchanged",)),
                         "Undone" if done.undone else "Applied"))
        self.import_model.set_rows(rows)
        self.imports.resizeColumnsToContents()
