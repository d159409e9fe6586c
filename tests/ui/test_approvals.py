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
