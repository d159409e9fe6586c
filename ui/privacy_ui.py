"""Children's data in the window: the check before an export, erasure, retention, opened copies."""

from __future__ import annotations

import datetime as dt
import logging
from enum import Enum
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt, QThreadPool
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.errors import AppError
from models.privacy import erasure, keys, retention
from models.privacy.export_rule import PersonalDataHit
from models.privacy.opened import OpenedCopies
from models.records import RecordKind
from models.store import Workspace
from models.vocabulary import counted

from .context import Session
from .keyboard import tab_leaves

log = logging.getLogger("visitready")

_OPENED: OpenedCopies | None = None


def configure_opened_copies(data_dir: Path) -> OpenedCopies:
    """Use the data folder's private folder for opened attachments and empty what the last
    run left there (called once at start)."""
    global _OPENED
    _OPENED = OpenedCopies(data_dir)
    try:
        _OPENED.prepare()
    except AppError:
        log.warning("The folder for opened attachments could not be prepared")
    return _OPENED


def opened_copies() -> OpenedCopies:
    """Where opened attachments are written (one private folder, emptied at exit)."""
    global _OPENED
    if _OPENED is None:
        base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppLocalDataLocation)
        _OPENED = OpenedCopies(Path(base or Path.home() / ".visitready"))
    return _OPENED


def purge_left_behind(workspace: Workspace) -> None:
    """On opening a workspace file: erase what deletes left behind when the last run
    stopped before it could close the workspace (nothing can undo them now)."""
    if not workspace.is_file:
        return  # on a shared server another leader may still undo a delete of theirs
    try:
        erasure.purge_deleted(workspace)
    except AppError as error:
        log.warning("Deleted records could not be purged on open: %s", error.message)


def close_workspace(workspace: Workspace) -> None:
    """Close a workspace, first erasing what records deleted in this run left behind
    (their delete can no longer be undone once it closes)."""
    try:
        erasure.purge_deleted(workspace)
    except AppError as error:
        log.warning("Deleted records could not be purged on close: %s", error.message)
    finally:
        workspace.close()


# -- encryption -------------------------------------------------------------------------------


def ask_passphrase(parent: QWidget | None, prompt: str) -> str | None:
    """A passphrase typed with its characters hidden (None when cancelled)."""
    from PySide6.QtWidgets import QLineEdit

    text, ok = QInputDialog.getText(parent, "Encrypted workspace", prompt,
                                    QLineEdit.EchoMode.Password)
    return text if ok else None


def open_encrypted(parent: QWidget | None, path: Path, ask: Any = ask_passphrase
                   ) -> Workspace | None:
    """Open an encrypted workspace whose key is not in the keyring: ask for the recovery
    passphrase until it is right or the user gives up. A wrong one changes nothing."""
    prompt = f"{path.name} is encrypted. Its recovery passphrase:"
    while True:
        passphrase = ask(parent, prompt)
        if passphrase is None:
            return None
        try:
            return Workspace.open(path, passphrase=passphrase)
        except keys.WrongPassphrase as error:
            prompt = f"{error.message} {error.hint}\n\nRecovery passphrase of {path.name}:"


def encrypt_open_workspace(window: Any, ask: Any = ask_passphrase) -> bool:
    """File → Encrypt workspace: choose a recovery passphrase, convert the file into a
    new encrypted one, swap it in, and open it again. Returns True when done."""
    ws: Workspace | None = window.workspace
    if ws is None or not ws.is_file or ws.is_encrypted:
        QMessageBox.information(window, "Encrypt workspace",
                                "Only a workspace file that is not yet encrypted can be "
                                "encrypted.")
        return False
    first = ask(window, "A recovery passphrase (at least "
                        f"{keys.MIN_PASSPHRASE} characters). Keep it safe: with the key file "
                        "beside the workspace it opens it on any computer.")
    if first is None:
        return False
    second = ask(window, "The same passphrase again:")
    if second is None:
        return False
    if first != second:
        QMessageBox.warning(window, "Encrypt workspace",
                            "The two passphrases differ. Nothing was changed.")
        return False
    path = Path(ws.location)
    window.set_workspace(None)
    # Background work of the closed workspace (readiness, its history, a backup) may still
    # hold the file: let it finish before the file is converted.
    QThreadPool.globalInstance().waitForDone()
    try:
        keys.encrypt_workspace(path, first)
    except AppError as error:
        QMessageBox.warning(window, error.title, str(error))
        window.open_path(path)
        return False
    window.open_path(path)
    window.statusBar().showMessage(
        f"{path.name} is encrypted. Its key file {keys.key_file(path).name} travels with it.",
        10_000)
    return True


# -- the check before an export ------------------------------------------------------------


class Decision(Enum):
    LEAVE_OUT = "leave out"
    EDIT = "edit"
    INCLUDE = "include"


class PersonalDataCheck(QDialog):
    """Records whose text looks personal, before an export: leave them out (the default),
    go back and edit them, or include them with a reason kept in the export register."""

    def __init__(self, hits: list[PersonalDataHit], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Possible personal data")
        self.setObjectName("personalDataCheck")
        self.hits = hits
        self.decision = Decision.LEAVE_OUT
        self.reason = ""
        layout = QVBoxLayout(self)
        records = len({(h.record_kind, h.record_id) for h in hits})
        intro = QLabel(f"<b>{counted(records, 'record')} {'has' if records == 1 else 'have'} "
                       "text that looks like personal data.</b> "
                       "Exports leave them out unless you include them with a reason.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget()
        self.list.setObjectName("personalDataHits")
        self.list.setAccessibleName("Records with possible personal data")
        self.list.addItems([h.message for h in hits])
        layout.addWidget(self.list)
        buttons = QDialogButtonBox()
        self.leave_out = buttons.addButton("Leave them out", QDialogButtonBox.ButtonRole.AcceptRole)
        self.leave_out.setObjectName("leaveOut")
        self.leave_out.setDefault(True)
        self.edit = buttons.addButton("Go back and edit", QDialogButtonBox.ButtonRole.RejectRole)
        self.edit.setObjectName("goBackAndEdit")
        self.include = buttons.addButton("Include them\u2026",
                                         QDialogButtonBox.ButtonRole.ActionRole)
        self.include.setObjectName("includeWithReason")
        self.leave_out.clicked.connect(self.accept)
        self.edit.clicked.connect(self._on_edit_clicked)
        self.include.clicked.connect(self._on_include_clicked)
        layout.addWidget(buttons)
        self.resize(620, 360)

    def _on_edit_clicked(self) -> None:
        self.decision = Decision.EDIT
        self.reject()

    def _on_include_clicked(self) -> None:
        reason, ok = QInputDialog.getText(
            self, "Include personal data",
            "Why must these records go out as they are? (Kept in the export register.)")
        if ok and reason.strip():
            self.include_with(reason)

    def include_with(self, reason: str) -> None:
        self.decision = Decision.INCLUDE
        self.reason = reason.strip()
        self.accept()


# -- erasure -------------------------------------------------------------------------------


def erase_personal_data(session: Session, kind: RecordKind, record: Any, selected: str = "",
                        parent: QWidget | None = None, *, confirm: bool = True) -> bool:
    """"Erase personal data…" on a record, or on the selected text: confirm, erase, say what
    was done. Returns True when something was erased."""
    ws = session.workspace
    try:
        if selected.strip():
            what = [f"the selected text \u201c{selected.strip()}\u201d"]
            texts: list[str] | None = [selected]
        else:
            found = erasure.found_in_record(ws, kind.name, record.id)
            if not found:
                QMessageBox.information(parent, "Erase personal data",
                                        f"Nothing in {record.ref} or its history looks like "
                                        "personal data. Select the text to erase, then try again.")
                return False
            what = [f"{kind_name} \u201c{text}\u201d" for text, kind_name in found.items()]
            texts = None
        if confirm:
            answer = QMessageBox.question(
                parent, "Erase personal data",
                f"Erase from {record.ref}, its change history, attachments and the export "
                "register:\n\n" + "\n".join(what[:20])
                + "\n\nThis cannot be undone. The history will say that something was erased, "
                "by you, now.")
            if answer != QMessageBox.StandardButton.Yes:
                return False
        report = erasure.erase(ws, kind.name, record.id, texts)
    except AppError as error:
        session.report(error)
        return False
    session.undo_stack.clear()  # an undo must never bring erased text back
    session.changed(kind.name)
    session.changed("export")
    if parent is not None:
        QMessageBox.information(parent, "Erase personal data", report.summary)
    return report.pieces > 0


# -- retention -------------------------------------------------------------------------------


class RetentionPage(QWidget):
    """Case-level records past the authority's retention period, erased after one confirmation."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("page_retention")
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("retentionTable")
        tab_leaves(self.table)
        self.table.setAccessibleName("Records due for erasure")
        self.table.setHorizontalHeaderLabels(["Ref", "Sample reference", "Visit", "Visit ended",
                                              "Due for erasure"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout.addWidget(self.table)
        row = QHBoxLayout()
        self.erase_button = QPushButton("Erase these records\u2026")
        self.erase_button.setObjectName("eraseDue")
        self.erase_button.setToolTip("Erase the case-level records listed above, everywhere "
                                     "they are kept; VisitReady asks first")
        self.erase_button.clicked.connect(self._on_erase_clicked)
        row.addWidget(self.erase_button)
        row.addStretch()
        layout.addLayout(row)
        self.due: list[retention.DueRecord] = []
        session.records_changed.connect(self._on_session_records_changed)
        self.refresh()

    def _on_session_records_changed(self, kind: str) -> None:
        if kind in ("case_sample", "visit", "authority"):
            self.refresh()

    def refresh(self) -> None:
        ws = self.session.workspace
        months = retention.retention_months(ws)
        self.due = retention.due(ws, self.session.today)
        self.heading.setText(
            f"<h2>Retention</h2><p>Case samples, their actions and attachments are kept for "
            f"{counted(months, 'month')} after their visit's last day (set in Edit \u2192 Authority "
            f"profile). {due_line(len(self.due))}</p>")
        self.table.setRowCount(len(self.due))
        for n, item in enumerate(self.due):
            for col, value in enumerate((item.ref, item.sample_ref, item.visit_title,
                                         f"{item.visit_ended:%d %b %Y}",
                                         f"{item.due_on:%d %b %Y}")):
                cell = QTableWidgetItem(value)
                cell.setFlags(cell.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(n, col, cell)
        self.table.resizeColumnsToContents()  # headings never clipped, even with no rows
        self.erase_button.setEnabled(bool(self.due))

    def _on_erase_clicked(self) -> None:
        if not self.due:
            return
        answer = QMessageBox.question(
            self, "Erase records due",
            f"Erase {counted(len(self.due), 'case sample')}, their actions and their change history? "
            "This cannot be undone.")
        if answer == QMessageBox.StandardButton.Yes:
            self.erase_due()

    def erase_due(self) -> int:
        """Erase every record listed (the confirmation already given)."""
        try:
            count = retention.erase_due(self.session.workspace, self.due)
        except AppError as error:
            self.session.report(error)
            return 0
        self.session.undo_stack.clear()
        self.session.changed("case_sample")
        return count


def retention_notice(session: Session, today: dt.date) -> str:
    """The dashboard's line about records due for erasure ('' when none)."""
    count = retention.count_due(session.workspace, today)
    if not count:
        return ""
    return (f"{counted(count, 'case sample')} {'is' if count == 1 else 'are'} past the "
            "retention period and due for erasure: "
            "see the Retention page.")


def due_line(due: int) -> str:
    """How many records are due for erasure, in a sentence."""
    if not due:
        return "No records are due for erasure."
    return f"{counted(due, 'record')} {'is' if due == 1 else 'are'} due for erasure."
