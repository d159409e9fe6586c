"""Children's data in the window: opened copies, erasure, the export check and retention."""

from __future__ import annotations

import datetime as dt
import os
import stat
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QMessageBox, QPlainTextEdit

from models import entities as e
from models.privacy.erasure import ERASURE_FIELD
from models.records import KINDS
from models.store import Workspace
from tests.conftest import TODAY
from ui.context import Session


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[Path]:
    """Files the app asked the system to open, instead of opening them."""
    import ui.editor
    import ui.privacy_ui

    calls: list[Path] = []
    monkeypatch.setattr(ui.editor.QDesktopServices, "openUrl",
                        lambda url: calls.append(Path(QUrl(url).toLocalFile())) or True)
    monkeypatch.setattr(ui.privacy_ui, "_OPENED", None)
    ui.privacy_ui.configure_opened_copies(tmp_path / "data")
    return calls


def test_finding_3_opening_an_attachment_never_writes_outside_the_private_folder(
        session: Session, qtbot: Any, tmp_path: Path, opened: list[Path]) -> None:
    from ui.editor import AttachmentsPanel
    from ui.privacy_ui import opened_copies

    item = session.workspace.by_ref(e.EvidenceItem, "E-024")
    assert item is not None
    # A row written by another program (or a shared server) naming a path outside.
    attachment = session.workspace.attach_bytes(item.id, "notes.txt", b"secret notes")
    with session.workspace.transaction() as s:
        s.get(e.Attachment, attachment.id).file_name = "../../escaped.txt"  # type: ignore[union-attr]
    panel = AttachmentsPanel(session, item.id)
    qtbot.addWidget(panel)
    panel.list.setCurrentRow(0)
    panel._on_open_clicked()
    panel._on_open_clicked()  # twice: a second copy, never over the first
    folder = opened_copies().folder
    assert [p.parent for p in opened] == [folder, folder]
    assert opened[0].name == "escaped.txt" and opened[1].name == "escaped (2).txt"
    assert opened[0].read_bytes() == b"secret notes"
    assert not (tmp_path / "escaped.txt").exists() and not (folder.parent / "escaped.txt").exists()
    if sys.platform != "win32":
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert stat.S_IMODE(opened[0].stat().st_mode) == 0o600
    opened_copies().empty()  # as at exit
    assert list(folder.iterdir()) == []


@pytest.mark.skipif(sys.platform == "win32", reason="making a link needs privileges on Windows")
def test_a_planted_link_in_the_private_folder_is_not_written_through(
        tmp_path: Path, opened: list[Path]) -> None:
    from ui.privacy_ui import opened_copies

    victim = tmp_path / "victim.txt"
    victim.write_text("keep")
    copies = opened_copies()
    os.symlink(victim, copies.folder / "report.txt")
    written = copies.write("report.txt", b"attachment")
    assert written.name == "report (2).txt" and victim.read_text() == "keep"
    copies.prepare()  # the next start empties it, removing the link, not its target
    assert list(copies.folder.iterdir()) == [] and victim.read_text() == "keep"


def test_erase_selected_text_from_the_editor(session: Session, qtbot: Any,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.editor import RecordEditor

    ws = session.workspace
    item = ws.add(e.EvidenceItem, title="Audit", evidence_type="Other", direction="Mixed",
                  status="Draft", summary="Spoke with Jolene Bloggsworth about the plan.")
    editor = RecordEditor(session, KINDS["evidence"], item)
    qtbot.addWidget(editor)
    editor.show()
    summary = editor.form.widgets["summary"]
    assert isinstance(summary, QPlainTextEdit)
    cursor = summary.textCursor()
    start = summary.toPlainText().index("Jolene")
    cursor.setPosition(start)
    cursor.setPosition(start + len("Jolene Bloggsworth"), cursor.MoveMode.KeepAnchor)
    summary.setTextCursor(cursor)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    editor.findChild(type(editor.buttons.buttons()[0]), "erasePersonalData").click()
    after = ws.get(e.EvidenceItem, item.id)
    assert after.summary == "Spoke with [erased] about the plan."
    assert not editor.isVisible()
    [entry] = [c for c in ws.change_log(item.ref) if c.field == ERASURE_FIELD]
    assert "selected text" in (entry.new_value or "") and "Jolene" not in (entry.new_value or "")
    assert session.undo_stack.count() == 0  # no undo can bring the text back


def test_export_asks_and_leaves_out_or_includes_with_a_reason(
        session: Session, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.export_dialog import ExportDialog
    from ui.privacy_ui import Decision, PersonalDataCheck

    ws = session.workspace
    visit = ws.latest_visit()
    assert visit is not None
    ws.add(e.Action, description="Call carer on 07700 900123", owner="Head of CIC",
           due_date=TODAY, status="In progress")
    asked: list[list[Any]] = []
    answers = iter([(Decision.LEAVE_OUT, ""), (Decision.INCLUDE, "DPO agreed for HMI")])

    def ask(_self: Any, hits: list[Any]) -> tuple[Decision, str]:
        asked.append(hits)
        return next(answers)

    monkeypatch.setattr(ExportDialog, "ask_about_personal_data", ask)
    for n in (1, 2):
        dialog = ExportDialog(session)
        qtbot.addWidget(dialog)
        dialog.folder.setText(str(tmp_path))
        dialog.pack_name.setText(f"pack{n}.docx")
        dialog.log_name.setText(f"log{n}.xlsx")
        with qtbot.waitSignal(dialog.exported, timeout=120_000):
            dialog.start_export()
    assert any("Action" in h.message and "Phone number" in h.message for h in asked[0])
    import zipfile
    for n, present in ((1, False), (2, True)):
        with zipfile.ZipFile(tmp_path / f"log{n}.xlsx") as archive:
            text = b"".join(archive.read(x) for x in archive.namelist())
        assert (b"07700 900123" in text) is present
    reasons = [r.options for r in ws.exports() if r.file_name == "pack2.docx"]
    assert reasons and "DPO agreed for HMI" in reasons[0]

    # The dialog itself: "Leave them out" is the default button.
    check = PersonalDataCheck(asked[0])
    qtbot.addWidget(check)
    assert check.leave_out.isDefault() and check.list.count() == len(asked[0])
    assert all("07700" not in check.list.item(i).text() for i in range(check.list.count()))


def test_retention_page_and_dashboard_notice(window: Any, qtbot: Any,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    ws: Workspace = window.workspace
    old = ws.add_visit(seed_checklist=False, number=9, visit_type="Monitoring visit",
                       status="Letter published", start_date=dt.date(2024, 1, 9))
    sample = ws.add(e.CaseSample, sample_ref="MV0-FD-01", visit_id=old.id, cohort="Child in care",
                    selected_by="Authority", audit_type="Full",
                    strengths="Jolene Bloggsworth felt heard")
    window.session.changed("case_sample")
    dashboard = window.pages["Dashboard"]
    qtbot.waitUntil(lambda: dashboard.retention.isVisible(), timeout=30_000)
    assert "due for erasure" in dashboard.retention.text()
    page = window.show_page("Retention")
    refs = [page.table.item(r, 0).text() for r in range(page.table.rowCount())]
    assert sample.ref in refs
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.erase_button.click()
    assert ws.by_ref(e.CaseSample, sample.ref) is None
    assert page.table.rowCount() == 0 and not page.erase_button.isEnabled()
    qtbot.waitUntil(lambda: not dashboard.retention.isVisible(), timeout=30_000)
    assert all("Bloggsworth" not in (c.old_value or "") + (c.new_value or "")
               for c in ws.change_log(sample.ref))


def test_encrypt_from_the_file_menu_then_open_with_the_passphrase(
        window: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch,
        memory_keyring: Any) -> None:
    import ui.privacy_ui
    from models.privacy import keys

    path = Path(window.workspace.location)
    typed = iter(["correct horse battery", "correct horse battery"])
    assert ui.privacy_ui.encrypt_open_workspace(window, lambda *_a: next(typed))
    assert window.workspace.is_encrypted and window.workspace.location == str(path)
    assert b"Children in care" not in path.read_bytes()
    qtbot.waitUntil(lambda: window.pages["Dashboard"].readiness is not None, timeout=30_000)

    window.set_workspace(None)
    memory_keyring.passwords.clear()  # as on another computer
    answers = iter(["wrong passphrase!", "correct horse battery"])
    prompts: list[str] = []

    def ask(_parent: Any, prompt: str) -> str:
        prompts.append(prompt)
        return next(answers)

    monkeypatch.setattr(ui.privacy_ui, "ask_passphrase", ask)
    monkeypatch.setattr(ui.privacy_ui.open_encrypted, "__defaults__", (ask,))
    assert window.open_path(path)
    assert window.workspace.is_encrypted
    assert len(prompts) == 2 and "does not open" in prompts[1]
    assert keys.find_key(path)  # now kept in this computer's keyring


def test_finding_5_a_message_shown_to_the_user_is_not_copied_into_the_log(
        qtbot: Any, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    import logging

    from models.errors import ConflictError
    from ui.app_errors import show_app_error

    monkeypatch.setattr(QMessageBox, "exec", lambda _self: 0)
    with caplog.at_level(logging.INFO, logger="visitready"):
        show_app_error(None, ConflictError("E-014 Notes on Jolene Bloggsworth was changed.",
                                           "Reopen it."))
    assert "Changed by someone else" in caplog.text and "ConflictError" in caplog.text
    assert "Bloggsworth" not in caplog.text
