"""One readiness-review writer for the page and the export dialog: what the weekly meeting
needs, grouped as chosen, through the text gate and the export rule for personal data."""

from __future__ import annotations

from pathlib import Path

from docx import Document

from exporters.review_word import write_readiness_review
from models import entities as e
from models.approvals import latest_sign_off, sign_off, sign_off_line
from models.briefing import ExportOptions, build_briefing
from models.privacy.export_rule import NOT_SHOWN
from models.readiness import assess
from models.review import build_review, document_from_briefing, document_from_review
from models.store import Workspace
from tests.conftest import TODAY


def _text(path: Path) -> tuple[str, list[list[str]]]:
    doc = Document(str(path))
    rows = [[c.text for c in row.cells] for t in doc.tables for row in t.rows]
    return "\n".join(p.text for p in doc.paragraphs), rows


def test_the_export_dialogs_review_says_what_the_meeting_needs(demo: Workspace,
                                                               tmp_path: Path) -> None:
    visit = demo.latest_visit()
    assert visit is not None
    sign_off(demo, visit.id, "Director of Children's Services", "Ready, subject to A-006",
             0.76, "Amber")
    content = build_briefing(demo, ExportOptions(visit_id=visit.id), TODAY)
    text, rows = _text(write_readiness_review(content, tmp_path / "review.docx"))
    assert f"Readiness review: {visit.title}" in text
    assert f"Readiness {content.readiness.score:.0%} {content.readiness.rag.value}." in text
    assert "Sign-off. Readiness signed off by Director of Children's Services" in text
    for theme in content.readiness.focus:
        assert f"{theme.theme.name}: {theme.rag.value}:" in text  # the reason for each RAG
    assert rows[0] == ["Severity", "Due", "Record", "What is missing", "Owner", "Theme"]
    gaps = [r for r in rows if r[0] in ("High", "Medium", "Low")]
    assert sorted(r[2] for r in gaps) == sorted(g.record_ref for g in content.gaps)
    overdue = next(g for g in content.gaps if g.record_kind == "action")
    row = next(r for r in gaps if r[2] == overdue.record_ref)
    action = demo.get(e.Action, overdue.record_id)
    assert row[4] == action.owner and row[1] == action.due_date.strftime("%d/%m/%Y")
    assert "grouped by owner, then theme" in text


def test_the_page_and_the_dialog_write_the_same_kind_of_document(demo: Workspace,
                                                                 tmp_path: Path) -> None:
    visit = demo.latest_visit()
    assert visit is not None
    contents = demo.contents(visit.id)
    review = build_review(contents, assess(contents, TODAY))
    by_theme: dict[str, list] = {}
    for item in review.items:
        by_theme.setdefault(item.theme or "No theme", []).append(item)
    page = document_from_review(review, sorted(by_theme.items()), authority=demo.authority(),
                                marking="OFFICIAL", grouped_by="theme",
                                sign_off=sign_off_line(latest_sign_off(demo, visit.id)))
    dialog = document_from_briefing(build_briefing(demo, ExportOptions(visit_id=visit.id),
                                                   TODAY))
    assert page.visit_reason == dialog.visit_reason
    assert page.theme_reasons == dialog.theme_reasons
    assert {i.record_ref for g in page.groups for i in g.items} == {
        i.record_ref for g in dialog.groups for i in g.items}
    text, rows = _text(write_readiness_review(page, tmp_path / "page.docx"))
    assert "grouped by theme" in text and "not yet signed off" in text
    assert {r[2] for r in rows[1:] if r[0] != "Severity"} == {i.record_ref for i in review.items}


def test_the_pages_review_leaves_personal_text_out(demo: Workspace, tmp_path: Path) -> None:
    visit = demo.latest_visit()
    assert visit is not None
    item = next(i for i in demo.page(e.ChecklistItem) if i.visit_id == visit.id
                and i.status == "Blocked")
    demo.update(e.ChecklistItem, item.id, item.version, owner="Owner 943 476 5919")
    contents = demo.contents(visit.id)
    review = build_review(contents, assess(contents, TODAY))
    assert any(i.owner == "Owner 943 476 5919" for i in review.items)  # on screen, in the app
    document = document_from_review(review, [("", list(review.items))],
                                    authority=demo.authority(), marking="OFFICIAL",
                                    grouped_by="", sign_off="")
    written = write_readiness_review(document, tmp_path / "review.docx")
    text, rows = _text(written)
    assert "943 476 5919" not in text + repr(rows)
    assert any(r[4] == NOT_SHOWN for r in rows)


def test_text_xml_cannot_hold_is_removed(demo: Workspace, tmp_path: Path) -> None:
    visit = demo.latest_visit()
    assert visit is not None
    contents = demo.contents(visit.id)
    review = build_review(contents, assess(contents, TODAY))
    document = document_from_review(review, [("Group\x0b with a vertical tab",
                                              list(review.items))],
                                    authority=demo.authority(), marking="OFFICIAL\x01",
                                    grouped_by="owner", sign_off="")
    written = write_readiness_review(document, tmp_path / "review.docx")
    text, _rows = _text(written)
    assert f"Group with a vertical tab ({len(review.items)})" in text.splitlines()
    footer = Document(str(written)).sections[0].footer.paragraphs[0].text
    assert footer.startswith("OFFICIAL    Page ")
