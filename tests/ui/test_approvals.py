"""Approvals that record who: evidence verified then approved keeps both names and dates;
the director's sign-off of readiness shows on the dashboard and the review."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel

from models import entities as e
from models.records import KINDS
from ui.editor import RecordEditor
from ui.review_page import ReviewPage


def _set_status(window: Any, qtbot: Any, item: Any, status: str) -> Any:
    editor = RecordEditor(window.session, KINDS["evidence"], item)
    qtbot.addWidget(editor)
    editor.form.set_value("status", status)
    editor.save()
    return window.workspace.get(e.EvidenceItem, item.id)


def test_evidence_keeps_who_verified_and_who_approved(window: Any, qtbot: Any) -> None:
    item = next(x for x in window.workspace.all(e.EvidenceItem) if x.status == "Draft")
    item = _set_status(window, qtbot, item, "Verified")
    assert item.verified_by == "tester" and item.verified_at is not None
    assert item.approved_by == ""
    item = _set_status(window, qtbot, item, "Approved")
    assert item.approved_by == "tester" and item.approved_at is not None
    assert item.verified_by == "tester"
    editor = RecordEditor(window.session, KINDS["evidence"], item)
    qtbot.addWidget(editor)
    line = editor.findChild(QLabel, "approvalLine")
    assert line is not None and "approved by tester" in line.text().lower()
    window.session.undo_stack.undo()
    back = window.workspace.get(e.EvidenceItem, item.id)
    assert back.status == "Verified" and back.approved_by == "" and back.verified_by == "tester"


def test_director_signs_off_readiness_and_the_dashboard_says_so(window: Any, qtbot: Any) -> None:
    dashboard = window.pages["Dashboard"]
    assert "not yet signed off" in dashboard.heading.text()
    page = window.show_page("Readiness review")
    assert isinstance(page, ReviewPage)
    qtbot.waitUntil(lambda: page.review is not None, timeout=30_000)
    page.ask_sign_off = lambda: ("Director of Children's Services", "Ready, subject to A-006")
    page.sign_off_button.click()
    qtbot.waitUntil(lambda: "Ready, subject to A-006" in page.reasons.text(), timeout=30_000)
    window.show_page("Dashboard")
    qtbot.waitUntil(lambda: "signed off by Director of Children" in dashboard.heading.text(),
                    timeout=30_000)


def test_the_pack_carries_the_sign_off(window: Any, qtbot: Any, tmp_path: Any) -> None:
    from docx import Document

    from exporters.word import write_briefing_pack
    from models.approvals import sign_off
    from models.briefing import ExportOptions, build_briefing
    from tests.conftest import TODAY

    visit = window.session.visit()
    sign_off(window.workspace, visit.id, "Director of Children's Services",
             "Ready, subject to A-006", 0.76, "Amber")
    content = build_briefing(window.workspace, ExportOptions(visit_id=visit.id), TODAY)
    pack = write_briefing_pack(content, tmp_path / "pack.docx")
    text = "\n".join(p.text for p in Document(str(pack)).paragraphs)
    assert "Sign-off. Readiness signed off by Director of Children's Services" in text
    assert "Ready, subject to A-006" in text


def test_the_status_list_offers_only_the_next_step(window: Any, qtbot: Any,
                                                   errors: list[Any]) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QComboBox

    item = next(x for x in window.workspace.all(e.EvidenceItem) if x.status == "Draft")
    editor = RecordEditor(window.session, KINDS["evidence"], item)
    qtbot.addWidget(editor)
    combo = editor.form.widgets["status"]
    assert isinstance(combo, QComboBox)
    approved = combo.findText("Approved")
    flags = combo.model().flags(combo.model().index(approved, 0))
    assert not flags & Qt.ItemFlag.ItemIsEnabled
    assert "Verify it first" in combo.itemData(approved, Qt.ItemDataRole.ToolTipRole)
    # The keyboard walks past the step that is not allowed.
    combo.setFocus()
    combo.setCurrentText("Draft")
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == "Verified"
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == "Verified"
    # Forced in anyway (as a paste or a script might), the save is refused with the reason.
    editor.form.set_value("status", "Approved")
    editor.save()
    assert errors and "Verify it first" in str(errors[-1])
    assert window.workspace.get(e.EvidenceItem, item.id).status == "Draft"


def test_moving_back_and_undo_put_the_approvals_back(window: Any, qtbot: Any) -> None:
    item = next(x for x in window.workspace.all(e.EvidenceItem)
                if x.status == "Approved" and x.approved_by)
    approver, approved_at = item.approved_by, item.approved_at
    item = _set_status(window, qtbot, item, "Draft")
    assert (item.verified_by, item.approved_by) == ("", "")
    history = [(h.field, h.new_value) for h in window.workspace.change_log(item.ref)]
    assert ("Approved by", "") in history
    window.session.undo_stack.undo()
    back = window.workspace.get(e.EvidenceItem, item.id)
    assert back.status == "Approved"
    assert (back.approved_by, back.approved_at) == (approver, approved_at)
    window.session.undo_stack.redo()
    assert window.workspace.get(e.EvidenceItem, item.id).approved_by == ""


def test_bulk_approval_of_a_list_with_drafts_changes_nothing(window: Any, qtbot: Any,
                                                             errors: list[Any]) -> None:
    page = window.show_page("Evidence")
    items = [x for x in window.workspace.all(e.EvidenceItem)
             if x.status in ("Draft", "Verified")][:6]
    assert {x.status for x in items} == {"Draft", "Verified"}
    page.apply_bulk(items, {"status": "Approved"})
    assert errors and "Verify it first" in str(errors[-1])
    assert [window.workspace.get(e.EvidenceItem, x.id).status for x in items] == [
        x.status for x in items]
