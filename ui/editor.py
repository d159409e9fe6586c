"""The record editor dialog, with attachments for evidence and actions for case samples."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from models import entities as e
from models.approvals import VERIFY_FIRST, allowed_statuses, approval_line
from models.errors import AppError, ValidationError
from models.records import RecordKind

from . import commands
from .case_actions import CaseActionsPanel
from .checklist_plan_line import PlanLine
from .context import Session
from .forms import RecordForm
from .on_site_panel import TimetablePanel
from .places import documents_folder
from .privacy_ui import erase_personal_data, opened_copies


class AttachmentsPanel(QGroupBox):
    """An evidence item's attachments: copies kept in the workspace (with SHA-256) or links."""

    def __init__(self, session: Session, evidence_id: int | None) -> None:
        super().__init__("Attachments")
        self.session = session
        #: None for an evidence item not saved yet: files and links wait in ``pending``.
        self.evidence_id = evidence_id
        self.pending: list[tuple[str, bytes | None, str]] = []  # (name, content, link)
        layout = QVBoxLayout(self)
        self.list = QListWidget()
        self.list.setAccessibleName("Attachments")
        self.list.setMaximumHeight(110)
        self.list.itemActivated.connect(lambda _item: self._on_open_clicked())
        layout.addWidget(self.list)
        buttons = QHBoxLayout()
        for text, slot, name in (("Attach file\u2026", self._on_attach_clicked, "attachFile"),
                                 ("Add link\u2026", self._on_link_clicked, "addLink"),
                                 ("Open", self._on_open_clicked, "openAttachment"),
                                 ("Remove", self._on_remove_clicked, "removeAttachment")):
            button = QPushButton(text)
            button.setObjectName(name)
            button.setToolTip({
                "attachFile": "Keep a copy of a file in the workspace (with its SHA-256, so "
                              "any change to it shows)",
                "addLink": "Keep a link to where the evidence lives, e.g. a SharePoint page",
                "openAttachment": "Open the chosen attachment",
                "removeAttachment": "Remove the chosen attachment (Cancel brings it back)",
            }[name])
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch()
        layout.addLayout(buttons)
        self.reload()

    def reload(self) -> None:
        self.list.clear()
        if self.evidence_id is None:
            for name, content, link in self.pending:
                text = (f"{name}  ({len(content):,} bytes, kept when you save)"
                        if content is not None else f"{link}  (kept when you save)")
                self.list.addItem(QListWidgetItem(text))
            return
        evidence = self.session.workspace.get(e.EvidenceItem, self.evidence_id)
        for attachment in evidence.attachments:
            text = (f"{attachment.file_name}  ({attachment.size:,} bytes, SHA-256 "
                    f"{attachment.sha256})" if attachment.is_copy else attachment.link)
            item = QListWidgetItem(text)
            item.setData(256, attachment)
            self.list.addItem(item)

    def attach(self, path: Path) -> None:
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise ValidationError(f"Cannot read {path.name}: {exc.strerror}.",
                                  "Check the file is not open elsewhere.") from exc
        if self.evidence_id is None:
            self.pending.append((path.name, content, ""))
        else:
            commands.attach_file(self.session, self._evidence(), path.name, content)
        self.reload()

    def add_link(self, link: str) -> None:
        if self.evidence_id is None:
            self.pending.append(("", None, link))
        else:
            commands.attach_link(self.session, self._evidence(), link)
        self.reload()

    def keep_pending(self, evidence_id: int) -> None:
        """The new evidence item is saved: attach what was waiting (each an undo step)."""
        self.evidence_id = evidence_id
        for name, content, link in self.pending:
            if content is not None:
                commands.attach_file(self.session, self._evidence(), name, content)
            else:
                commands.attach_link(self.session, self._evidence(), link)
        self.pending = []
        self.reload()

    def _evidence(self) -> e.EvidenceItem:
        return self.session.workspace.get(e.EvidenceItem, self.evidence_id)

    def _on_attach_clicked(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Attach a copy of a file",
                                              str(documents_folder()))
        if name:
            try:
                self.attach(Path(name))
            except AppError as error:
                self.session.report(error)

    def _on_link_clicked(self) -> None:
        link, ok = QInputDialog.getText(self, "Add link", "Path or web address:")
        if ok and link.strip():
            self.add_link(link.strip())

    def _selected(self) -> e.Attachment | None:
        item = self.list.currentItem()
        return item.data(256) if item and self.evidence_id is not None else None

    def _on_open_clicked(self) -> None:
        attachment = self._selected()
        if attachment is None:
            return
        if attachment.is_copy:
            try:
                target = opened_copies().write(
                    attachment.file_name, self.session.workspace.attachment_content(attachment.id))
            except AppError as error:
                self.session.report(error)
                return
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))
        else:
            url = QUrl.fromUserInput(attachment.link)
            QDesktopServices.openUrl(url)

    def _on_remove_clicked(self) -> None:
        if self.evidence_id is None:
            row = self.list.currentRow()
            if 0 <= row < len(self.pending):
                del self.pending[row]
                self.reload()
            return
        attachment = self._selected()
        if attachment is not None:
            commands.remove_attachment(self.session, self._evidence(), attachment)
            self.reload()


class RecordEditor(QDialog):
    """Add or edit one record. OK saves at once and puts the change on the undo stack."""

    def __init__(self, session: Session, kind: RecordKind, record: Any = None, *,
                 defaults: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.kind = kind
        self.record = record
        self.saved: Any = None
        title = (f"{kind.singular.capitalize()} {record.ref}" if record is not None
                 else f"New {kind.singular}")
        self.setWindowTitle(title)
        self.setObjectName("recordEditor")
        layout = QVBoxLayout(self)
        heading = QLabel(f"<b>{title}</b>" + (f" \u2014 version {record.version}" if record else ""))
        layout.addWidget(heading)
        if record is not None and kind.name == "evidence" and approval_line(record):
            approved = QLabel(approval_line(record))
            approved.setObjectName("approvalLine")
            layout.addWidget(approved)
        self.form = RecordForm(session.workspace, kind, record, defaults=defaults)
        if kind.name == "evidence":
            self._offer_next_statuses(record.status if record is not None else None)
        self.plan_line: PlanLine | None = None
        if kind.name == "checklist_item":
            self.plan_line = PlanLine(session.workspace, self.form)
            # Said right under the fields it explains.
            row, _role = self.form.form.getWidgetPosition(self.form.widgets["working_days"])
            self.form.form.insertRow(row + 1, "", self.plan_line)
        self.scroll = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.addWidget(self.form)
        self.attachments: AttachmentsPanel | None = None
        if kind.name == "evidence":
            self.attachments = AttachmentsPanel(session, record.id if record else None)
            inner_layout.addWidget(self.attachments)
        if record is not None and kind.name == "case_sample":
            inner_layout.addWidget(CaseActionsPanel(session, record.id))
        if record is not None and kind.name == "visit":
            inner_layout.addWidget(TimetablePanel(session, record.id))
        inner_layout.addStretch()
        scroll.setWidget(inner)
        layout.addWidget(scroll)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Save")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setShortcut(QKeySequence("Ctrl+S"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setToolTip(
            f"Save this {kind.singular} (Ctrl+S); Edit \u2192 Undo takes it back")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setToolTip(
            "Close without saving; anything attached or added here is taken back (Esc)")
        if record is not None and kind.name != "authority":
            erase = self.buttons.addButton("Erase personal data\u2026",
                                           QDialogButtonBox.ButtonRole.ActionRole)
            erase.setObjectName("erasePersonalData")
            erase.setToolTip("Erase the identifiers found here, or the text you have selected, "
                             "from this record, its history, attachments and the export register")
            erase.clicked.connect(self._on_erase_clicked)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.form.validity_changed.connect(self._on_form_validity_changed)
        # Save is open until the user has typed: pressing it on an empty form says what is
        # missing, rather than the form starting with an error.
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(True)
        self.form.focus_first_field()
        # Attachments and audit actions are saved as they are made; Cancel takes them back.
        self._undo_from = session.undo_stack.index()
        self.resize(760, 720)

    def _offer_next_statuses(self, current: str | None) -> None:
        """Evidence moves Draft -> Verified -> Approved: the status list offers only the steps
        allowed from here; the others stay listed, greyed, with the reason as their tooltip.
        The list's own tooltip stays the field's help, which says the order."""
        combo = self.form.widgets["status"]
        assert isinstance(combo, QComboBox)
        allowed = allowed_statuses(current)
        model = combo.model()
        assert isinstance(model, QStandardItemModel)
        for row in range(combo.count()):
            text = combo.itemText(row)
            if text and text not in allowed:
                entry = model.item(row)
                entry.setEnabled(False)
                entry.setToolTip(VERIFY_FIRST)

    def selected_text(self) -> str:
        """The text selected in the form's last focused text field ('' when none)."""
        return self.form.selected_text()

    def _on_erase_clicked(self) -> None:
        if erase_personal_data(self.session, self.kind, self.record, self.selected_text(), self):
            self.reject()  # the record changed under the form: reopen it to see it

    def reject(self) -> None:
        """Cancel: undo everything this editor did (attachments, audit actions), then close."""
        stack = self.session.undo_stack
        while stack.index() > self._undo_from and stack.canUndo():
            stack.undo()
        super().reject()

    def _on_form_validity_changed(self, valid: bool) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            valid or not self.form.touched)

    def save(self) -> None:
        """Write the form to the store; on a refusal, say why and keep the dialog open."""
        if not self.form.show_errors():
            self.scroll.ensureWidgetVisible(self.form.error)  # say it where it can be seen
            return
        try:
            changes = self.form.changes()
            if self.record is None:
                self.saved = commands.add(self.session, self.kind, changes)
                if self.attachments is not None:
                    self.attachments.keep_pending(self.saved.id)
            else:
                self.saved = commands.edit(self.session, self.kind, self.record, changes)
        except AppError as error:
            self.session.report(error)
            return
        self.accept()


def open_editor(session: Session, kind: RecordKind, record: Any = None, *,
                defaults: dict[str, Any] | None = None, parent: QWidget | None = None) -> Any:
    """Show the editor; returns the saved record, or None if cancelled."""
    dialog = RecordEditor(session, kind, record, defaults=defaults, parent=parent)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        return dialog.saved
    return None

