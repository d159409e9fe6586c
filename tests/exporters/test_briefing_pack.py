"""Read the briefing pack back as the director, a member and the weekly meeting would get it."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from docx import Document

from exporters.review_word import write_readiness_review
from exporters.word import fit_widths, write_briefing_pack
from models import entities as e
from models.briefing import ExportOptions, briefing_for_export, build_briefing
from models.errors import ValidationError
from models.pack_control import DocumentControl
from models.store import Workspace
from tests.conftest import TODAY

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _options(demo: Workspace, **kw: object) -> ExportOptions:
    visit = demo.latest_visit()
    assert visit is not None
    return ExportOptions(visit_id=visit.id, **kw)  # type: ignore[arg-type]


def _write(demo: Workspace, tmp_path: Path, name: str = "pack.docx", **kw: object) -> Document:
    content = build_briefing(demo, _options(demo, **kw), TODAY)
    return Document(str(write_briefing_pack(content, tmp_path / name)))


def _headings(doc: Document) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]


def _tables(doc: Document) -> list[list[list[str]]]:
    return [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]


def _everything(doc: Document) -> str:
    return "\n".join([p.text for p in doc.paragraphs]
                     + [c for t in _tables(doc) for row in t for c in row])


def _control_fields(doc: Document) -> dict[str, str]:
    """The cover's document control table: label -> value."""
    for table in _tables(doc):
        labels = [row[0] for row in table]
        if "Approved by" in labels:
            return {row[0]: row[1] for row in table}
    raise AssertionError("no document control on the cover")


def test_cover_carries_document_control(demo: Workspace, tmp_path: Path) -> None:
    control = DocumentControl(status="Draft", version="0.4", author="Tom Harrowby",
                              audience="Leaders",
                              distribution=("Director of children's services", "Improvement board"))
    doc = _write(demo, tmp_path, control=control, marking="OFFICIAL")
    fields = _control_fields(doc)
    assert fields["Status"] == "Draft"
    assert fields["Version"] == "0.4"
    assert fields["Author"] == "Tom Harrowby"
    assert fields["Approved by"] == "Not yet approved"
    assert fields["Audience"].startswith("Leaders")
    assert fields["Distribution"] == "Director of children's services\nImprovement board"
    assert fields["Protective marking"] == "OFFICIAL"
    cover = [p.text for p in doc.paragraphs[:12]]
    assert any(t.startswith("DRAFT") for t in cover)


def test_a_final_pack_needs_an_approver(demo: Workspace) -> None:
    options = _options(demo, control=DocumentControl(status="Final", version="1.0"))
    with pytest.raises(ValidationError, match="approved"):
        briefing_for_export(demo, options, TODAY)


def test_final_pack_names_approver_and_its_frozen_snapshot(demo: Workspace, tmp_path: Path) -> None:
    control = DocumentControl(status="Final", version="1.0", author="Tom Harrowby",
                              approved_by="Ruth Halloway (DCS)", approved_on=TODAY)
    content = briefing_for_export(demo, _options(demo, control=control), TODAY)
    assert content.snapshot is not None
    doc = Document(str(write_briefing_pack(content, tmp_path / "final.docx")))
    fields = _control_fields(doc)
    assert fields["Status"] == "Final"
    assert fields["Approved by"] == "Ruth Halloway (DCS)"
    assert fields["Approved on"] == f"{TODAY:%d %B %Y}"
    assert content.snapshot.data_sha256 in fields["Frozen as presented"]
    assert not any(p.text.startswith("DRAFT") for p in doc.paragraphs)


def test_the_pack_has_the_sections_a_director_hands_over(demo: Workspace, tmp_path: Path) -> None:
    doc = _write(demo, tmp_path, include_case_detail=True)
    headings = _headings(doc)
    top = [h for h in headings if h[:1].isdigit() or h.startswith("Appendix")]
    visit = demo.latest_visit()
    assert visit is not None
    themes = [t.name for t in visit.themes]
    expected = (["Executive summary", "The story so far", "Progress against the last letter",
                 "What changed since the last pack"] + themes
                + ["Workforce, partners and children's and families' voice", "The days on site",
                   "Areas not in focus"])
    assert [h.split(". ", 1)[1] for h in top if h[0].isdigit()] == expected
    assert [h.split(": ", 1)[1] for h in top if h.startswith("Appendix")] == [
        "Evidence", "Case samples", "Glossary"]
    for part in ("Workforce", "Partners", "Children's and families' voice", "Self-evaluation",
                 "What is still open", "Case audits", "Daily catch-ups",
                 "Case holders' availability", "Cases inspectors chose or asked about"):
        assert part in headings, part
    assert "What is missing" not in headings


def test_summary_explains_rag_and_holds_the_lines_to_take(demo: Workspace, tmp_path: Path) -> None:
    doc = _write(demo, tmp_path)
    text = _everything(doc)
    assert "Green means a readiness score of 80% or more, amber 50% to 79%, red below 50%" in text
    for heading in ("What has changed since the last letter", "What inspectors are likely to test",
                    "Top risks", "Lines to take for members"):
        assert heading in [p.text for p in doc.paragraphs]
    visit = demo.latest_visit()
    assert visit is not None
    for line in visit.lines_to_take.splitlines():
        assert line in text


def test_only_approved_evidence_unless_drafts_are_asked_for(demo: Workspace, tmp_path: Path) -> None:
    visit = demo.latest_visit()
    assert visit is not None
    focus = {t.id for t in visit.themes}
    drafts = [x for x in demo.all(e.EvidenceItem) if x.status != "Approved"
              and not x.contains_personal_data and {t.id for t in x.themes} & focus]
    assert drafts
    plain = _everything(_write(demo, tmp_path, "a.docx"))
    assert not any(x.ref in plain for x in drafts)
    doc = _write(demo, tmp_path, "b.docx", include_drafts=True)
    for table in _tables(doc):
        if table[0][:2] == ["Ref", "Title"] and "What this shows" in table[0]:
            assert table[0][-1] == "Status"
            statuses = {row[0]: row[-1] for row in table[1:]}
            for x in drafts:
                if x.ref in statuses:
                    assert statuses[x.ref] == x.status
    assert all(x.ref in _everything(doc) for x in drafts)


def test_evidence_appendix_covers_the_focus_themes_unless_all_are_chosen(
        demo: Workspace, tmp_path: Path) -> None:
    visit = demo.latest_visit()
    assert visit is not None
    focus = {t.id for t in visit.themes}
    approved = [x for x in demo.all(e.EvidenceItem)
                if x.status == "Approved" and not x.contains_personal_data]

    def appendix(doc: Document) -> list[str]:
        for table in _tables(doc):
            if table[0][:3] == ["Ref", "Title", "Themes"]:
                return [row[0] for row in table[1:]]
        raise AssertionError("no evidence appendix")

    assert appendix(_write(demo, tmp_path, "a.docx")) == [
        x.ref for x in approved if {t.id for t in x.themes} & focus]
    assert appendix(_write(demo, tmp_path, "b.docx", all_themes_appendix=True)) == [
        x.ref for x in approved]


def test_one_contents_field_and_no_hand_written_copy(demo: Workspace, tmp_path: Path) -> None:
    doc = _write(demo, tmp_path)
    body = doc.element.body
    instructions = [t.text for t in body.iter(f"{W}instrText") if "TOC" in (t.text or "")]
    assert len(instructions) == 1
    kinds = [f.get(f"{W}fldCharType") for f in body.iter(f"{W}fldChar")]
    assert kinds.count("begin") == kinds.count("end") == 1  # the TOC; page numbers are in footers
    chapters = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"
                and p.text != "Contents"]
    # The field's shown result lists each chapter once; nothing else repeats a chapter's title.
    shown = [p.text for p in doc.paragraphs if p.style.name != "Heading 1"]
    for chapter in chapters:
        assert shown.count(chapter) == 1, chapter
    assert "Update this table" not in _everything(doc)


def test_members_version_leaves_out_case_detail(demo: Workspace, tmp_path: Path) -> None:
    visit = demo.latest_visit()
    assert visit is not None
    samples = [s for s in demo.all(e.CaseSample) if s.audited]
    doc = _write(demo, tmp_path, include_case_detail=True,
                 control=DocumentControl(audience="Members"))
    text = _everything(doc)
    assert not any(s.sample_ref in text for s in samples)
    assert not any(s.areas_to_develop in text for s in samples)
    assert "Strengths seen in audits" not in text
    assert not any(s.local_case_id in text for s in demo.all(e.CaseSample))
    headings = _headings(doc)
    assert not any("Case samples" in h or "days on site" in h for h in headings)
    assert "Lines to take for members" in text
    leaders = _everything(_write(demo, tmp_path, "l.docx", include_case_detail=True))
    assert any(s.sample_ref in leaders for s in samples)


def test_staff_version_has_no_members_lines_or_progress_table(demo: Workspace,
                                                               tmp_path: Path) -> None:
    doc = _write(demo, tmp_path, control=DocumentControl(audience="Staff"))
    headings = _headings(doc)
    assert any(h.endswith("The days on site") for h in headings)
    assert not any(h.endswith("Progress against the last letter") for h in headings)
    assert "Lines to take for members" not in _everything(doc)


def test_progress_calls_out_a_finding_with_no_action(demo: Workspace, tmp_path: Path) -> None:
    finding = demo.add(e.Finding, text="Life-story work is inconsistent.",
                       kind="Area for improvement",
                       judgement="The experiences and progress of children in care",
                       latest_view="Not yet reviewed")
    doc = _write(demo, tmp_path)
    text = _everything(doc)
    assert f"{finding.ref} has no action" in text
    table = next(t for t in _tables(doc) if t[0][0] == "Finding")
    row = next(r for r in table if r[0].startswith(finding.ref))
    assert row[1:4] == ["No action yet", "None named", "No date"]


def test_theme_indicators_show_baseline_now_target_and_a_sparkline(demo: Workspace,
                                                                     tmp_path: Path) -> None:
    doc = _write(demo, tmp_path)
    row = next(r for t in doc.tables
               if [c.text for c in t.rows[0].cells][:3] == ["Measure", "Trend", "Baseline"]
               for r in t.rows[1:] if r.cells[0].text == "Agency social workers")
    assert [c.text for c in row.cells[2:5]] == ["38%", "24%", "15%"]
    assert row.cells[1]._tc.xpath(".//pic:pic")


def test_days_on_site_list_the_timetable_and_inspectors_cases(demo: Workspace,
                                                              tmp_path: Path) -> None:
    doc = _write(demo, tmp_path)
    text = _everything(doc)
    assert "Set-up meeting with the lead inspector" in text
    assert "Verbal feedback to the director and lead member" in text
    assert "Inspectors graded it lower than our audit" in text


def test_readiness_review_groups_the_gaps_by_owner_then_theme(demo: Workspace,
                                                              tmp_path: Path) -> None:
    content = build_briefing(demo, _options(demo), TODAY)
    doc = Document(str(write_readiness_review(content, tmp_path / "review.docx")))
    # "Focus themes" and "What is missing" are the parts; owners head the groups below.
    owners = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert owners and owners == sorted(owners, key=lambda o: (o == "No owner named", o.lower()))
    refs = [row[2] for t in _tables(doc) for row in t[1:]]
    assert sorted(refs) == sorted(g.record_ref for g in content.gaps)
    pack = _everything(Document(str(write_briefing_pack(content, tmp_path / "pack.docx"))))
    assert "What is missing" not in pack


def test_column_widths_make_room_for_every_heading_word() -> None:
    widths = fit_widths(("Ref", "Approved", "Checklist", "What this shows"), (1.0, 1.2, 1.2, 13.6))
    assert sum(widths) == pytest.approx(17.0)
    assert widths[1] > 1.2 and widths[2] > 1.2
    assert fit_widths(("A", "B"), (8.5, 8.5)) == [8.5, 8.5]


def test_options_survive_the_export_record(demo: Workspace) -> None:
    control = DocumentControl(status="Final", version="2.0", approved_by="R", approved_on=TODAY,
                              audience="Members", distribution=("A", "B"))
    options = _options(demo, control=control, include_drafts=True, theme_codes=("CL",))
    again = ExportOptions.from_record(options.as_record())
    assert again == options
    assert dataclasses.asdict(again)["control"]["approved_on"] == dt.date(2026, 11, 22)


def test_a_new_workspace_gets_a_complete_pack_that_says_what_is_not_there_yet(
        workspace: Workspace, tmp_path: Path) -> None:
    visit = workspace.add_visit(number=1, visit_type="Monitoring visit", status="Planned",
                                themes=[workspace.themes()[0].id])
    for audience in ("Leaders", "Members", "Staff"):
        options = ExportOptions(visit_id=visit.id, include_case_detail=True,
                                control=DocumentControl(audience=audience))
        content = build_briefing(workspace, options, TODAY)
        doc = Document(str(write_briefing_pack(content, tmp_path / f"{audience}.docx")))
        text = _everything(doc)
        assert "No monitoring visit letter yet" in text
        assert "No approved evidence for this theme yet." in text
        if audience != "Members":
            assert "Not planned yet: add it to the visit's on-site timetable." in text
    review = write_readiness_review(content, tmp_path / "review.docx")
    assert "No approved evidence" in _everything(Document(str(review)))
