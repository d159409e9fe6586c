"""Read the Word pack and the Excel log back and check what users rely on."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from exporters.common import ExportCancelled
from exporters.excel import write_evidence_log
from exporters.word import write_briefing_pack
from models import entities as e
from models.briefing import BriefingContent, ExportOptions, build_briefing
from models.errors import OutputFileError
from models.store import Workspace
from tests.conftest import TODAY

REF = re.compile(r"^E-\d{3,}$")


def _pack_text(path: Path) -> tuple[list[str], list[list[str]]]:
    doc = Document(str(path))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    tables = [[cell.text for row in t.rows for cell in row.cells] for t in doc.tables]
    return headings, tables


def _appendix_refs(path: Path) -> list[str]:
    doc = Document(str(path))
    # The appendix table is the one whose header is Ref, Title, Themes, ...
    for table in doc.tables:
        header = [c.text for c in table.rows[0].cells]
        if header[:3] == ["Ref", "Title", "Themes"]:
            return [row.cells[0].text for row in table.rows[1:]]
    raise AssertionError("no evidence appendix")


def _log_refs(path: Path) -> list[str]:
    book = load_workbook(path)
    sheet = book["Evidence"]
    return [row[0] for row in sheet.iter_rows(min_row=3, values_only=True) if row[0]]


def test_every_focus_theme_has_its_section(content: BriefingContent, tmp_path: Path) -> None:
    pack = write_briefing_pack(content, tmp_path / "pack.docx")
    headings, _ = _pack_text(pack)
    for theme in content.visit.themes:
        assert any(h.endswith(theme.name) and h[0].isdigit() for h in headings), theme.name
    for part in ("1. Executive summary", "2. The story so far", "Appendix A: Evidence",
                 "Appendix B: Glossary", "Self-evaluation"):
        assert part in headings


def test_evidence_references_agree_across_pack_log_and_store(
        demo: Workspace, content: BriefingContent, tmp_path: Path) -> None:
    pack = write_briefing_pack(content, tmp_path / "pack.docx")
    log = write_evidence_log(content, tmp_path / "log.xlsx")
    in_store = [x.ref for x in demo.all(e.EvidenceItem) if not x.contains_personal_data]
    focus = {t.id for t in content.visit.themes}
    in_pack = [x.ref for x in demo.all(e.EvidenceItem) if not x.contains_personal_data
               and x.status == "Approved" and {t.id for t in x.themes} & focus]
    assert _appendix_refs(pack) == in_pack
    assert _log_refs(log) == in_store
    assert all(REF.match(r) for r in in_store)
    assert len(in_store) == demo.count(e.EvidenceItem) - 1


def test_marking_in_every_header_and_footer(demo: Workspace, tmp_path: Path) -> None:
    visit = demo.latest_visit()
    assert visit is not None
    content = build_briefing(demo, ExportOptions(visit_id=visit.id, marking="OFFICIAL"), TODAY)
    doc = Document(str(write_briefing_pack(content, tmp_path / "pack.docx")))
    assert len(doc.sections) >= 1
    for section in doc.sections:
        assert "OFFICIAL" in section.header.paragraphs[0].text
        footer_xml = section.footer._element.xml
        assert "OFFICIAL" in section.footer.paragraphs[0].text
        assert "NUMPAGES" in footer_xml and " PAGE " in footer_xml
    book = load_workbook(tmp_path / "log.xlsx") if False else None
    assert book is None
    write_evidence_log(content, tmp_path / "log.xlsx")
    book = load_workbook(tmp_path / "log.xlsx")
    for sheet in book.worksheets:
        assert sheet.oddHeader.center.text == "OFFICIAL"
        assert sheet.oddFooter.center.text == "OFFICIAL"


def test_contents_is_a_field_word_updates_on_open(content: BriefingContent, tmp_path: Path) -> None:
    doc = Document(str(write_briefing_pack(content, tmp_path / "pack.docx")))
    assert "TOC \\o" in doc.element.body.xml
    assert "updateFields" in doc.settings.element.xml


def test_personal_data_items_left_out_by_default_and_kept_on_request(
        demo: Workspace, tmp_path: Path) -> None:
    visit = demo.latest_visit()
    assert visit is not None
    flagged = next(x for x in demo.all(e.EvidenceItem) if x.contains_personal_data)
    default = build_briefing(demo, ExportOptions(visit_id=visit.id), TODAY)
    assert flagged.ref not in _log_refs(write_evidence_log(default, tmp_path / "a.xlsx"))
    assert flagged.ref not in _appendix_refs(write_briefing_pack(default, tmp_path / "a.docx"))
    kept = build_briefing(demo, ExportOptions(visit_id=visit.id, exclude_personal_data=False,
                                              include_drafts=True), TODAY)
    assert flagged.ref in _log_refs(write_evidence_log(kept, tmp_path / "b.xlsx"))
    assert flagged.ref in _appendix_refs(write_briefing_pack(kept, tmp_path / "b.docx"))


def test_case_detail_only_when_chosen(demo: Workspace, tmp_path: Path) -> None:
    visit = demo.latest_visit()
    assert visit is not None
    sample = next(s for s in demo.all(e.CaseSample) if s.visit_id == visit.id and s.audited)
    plain = build_briefing(demo, ExportOptions(visit_id=visit.id), TODAY)
    _, tables = _pack_text(write_briefing_pack(plain, tmp_path / "a.docx"))
    assert not any(sample.sample_ref in cell for t in tables for cell in t)
    detail = build_briefing(demo, ExportOptions(visit_id=visit.id, include_case_detail=True), TODAY)
    _, tables = _pack_text(write_briefing_pack(detail, tmp_path / "b.docx"))
    assert any(sample.sample_ref in cell for t in tables for cell in t)


def test_chosen_themes_only(demo: Workspace, tmp_path: Path) -> None:
    visit = demo.latest_visit()
    assert visit is not None
    content = build_briefing(demo, ExportOptions(visit_id=visit.id, theme_codes=("CL",)), TODAY)
    headings, _ = _pack_text(write_briefing_pack(content, tmp_path / "p.docx"))
    assert any(h[0].isdigit() and h.endswith(". Care leavers") for h in headings)
    assert not any(h.endswith("Children in care") for h in headings)


def test_formula_looking_text_comes_back_as_text(demo: Workspace, tmp_path: Path) -> None:
    visit = demo.latest_visit()
    assert visit is not None
    item = demo.add(e.EvidenceItem, title='=HYPERLINK("http://evil.example","Click")',
                    evidence_type="Other", direction="Mixed", status="Approved",
                    summary="+44 looks like a number", owner="-Lena", source="@source")
    content = build_briefing(demo, ExportOptions(visit_id=visit.id), TODAY)
    book = load_workbook(write_evidence_log(content, tmp_path / "log.xlsx"))
    sheet = book["Evidence"]
    row = next(r for r in sheet.iter_rows(min_row=3) if r[0].value == item.ref)
    cells = {c.value: c for c in row}
    title = cells['=HYPERLINK("http://evil.example","Click")']
    assert title.data_type == "s"
    for text in ("+44 looks like a number", "-Lena", "@source"):
        assert cells[text].data_type == "s"


def test_log_has_tables_frozen_headers_validation_and_fills(content: BriefingContent,
                                                            tmp_path: Path) -> None:
    book = load_workbook(write_evidence_log(content, tmp_path / "log.xlsx"))
    assert book.sheetnames == ["Summary", "Evidence", "Case samples", "Checklist", "Findings",
                               "Actions", "Indicators", "Lists", "About", "Log identity"]
    assert book["Log identity"].sheet_state == "hidden"
    for name in ("Evidence", "Case samples", "Checklist", "Findings", "Actions", "Indicators"):
        sheet = book[name]
        assert len(sheet.tables) == 1, name
        table = next(iter(sheet.tables.values()))
        assert table.ref.startswith("A2:")
        headers = [c.value for c in sheet[2]]
        assert [c.name for c in table.tableColumns] == headers
        assert headers[0] == "Ref" and headers[-2:] == ["Version", "Base hash"]
        for col in (len(headers) - 1, len(headers)):
            assert sheet.column_dimensions[sheet.cell(2, col).column_letter].hidden
        assert sheet.freeze_panes == "B3"
        assert sheet.data_validations.dataValidation, name
    evidence = book["Evidence"]
    status_col = [c.value for c in evidence[2]].index("Status") + 1
    formulas = {dv.formula1 for dv in evidence.data_validations.dataValidation}
    assert any(f.startswith("'Lists'!$") for f in formulas)
    assert evidence.cell(3, [c.value for c in evidence[2]].index("As at") + 1).is_date
    assert evidence.cell(3, status_col).value in ("Draft", "Verified", "Approved")
    actions = book["Actions"]
    rag_col = [c.value for c in actions[2]].index("RAG") + 1
    for row in range(3, actions.max_row + 1):
        cell = actions.cell(row, rag_col)
        if cell.value:
            assert cell.fill.fgColor.rgb.endswith(("F4CCCC", "FCE8B2", "D9EAD3"))
    lists = book["Lists"]
    assert "Evidence status" in [c.value for c in lists[1]]


def test_summary_sheet_has_a_native_chart(content: BriefingContent, tmp_path: Path) -> None:
    import zipfile

    path = write_evidence_log(content, tmp_path / "log.xlsx")
    with zipfile.ZipFile(path) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 1
        xml = archive.read(charts[0]).decode()
    assert "Summary" in xml and "barChart" in xml


def test_cancelled_export_leaves_no_file(content: BriefingContent, tmp_path: Path) -> None:
    calls = {"n": 0}

    def cancel_on_third_step() -> bool:
        calls["n"] += 1
        return calls["n"] >= 3

    out = tmp_path / "out"
    out.mkdir()
    for writer, name in ((write_briefing_pack, "pack.docx"), (write_evidence_log, "log.xlsx")):
        calls["n"] = 0
        with pytest.raises(ExportCancelled):
            writer(content, out / name, is_cancelled=cancel_on_third_step)
        assert list(out.iterdir()) == []


def test_output_open_in_another_program_gives_clear_message_and_keeps_old_file(
        content: BriefingContent, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "log.xlsx"
    target.write_bytes(b"yesterday's log")

    def locked(self: Path, other: Path) -> Path:
        raise PermissionError(13, "The process cannot access the file")

    monkeypatch.setattr(Path, "replace", locked)
    with pytest.raises(OutputFileError) as raised:
        write_evidence_log(content, target)
    assert "open in another program" in raised.value.message
    assert target.read_bytes() == b"yesterday's log"
    assert sorted(p.name for p in target.parent.iterdir()) == ["log.xlsx"]


def test_missing_folder_is_a_clear_error(content: BriefingContent, tmp_path: Path) -> None:
    with pytest.raises(OutputFileError, match="does not exist"):
        write_briefing_pack(content, tmp_path / "nowhere" / "pack.docx")


def test_a_council_template_styles_are_used(demo: Workspace, tmp_path: Path) -> None:
    from docx.shared import Pt

    house = Document()
    house.styles["Heading 1"].font.name = "Georgia"
    house.styles["Heading 1"].font.size = Pt(20)
    house.add_paragraph("Template boilerplate that must not appear")
    house.save(str(tmp_path / "house.docx"))
    visit = demo.latest_visit()
    assert visit is not None
    content = build_briefing(demo, ExportOptions(visit_id=visit.id, template=tmp_path / "house.docx"),
                             TODAY)
    doc = Document(str(write_briefing_pack(content, tmp_path / "pack.docx")))
    assert doc.styles["Heading 1"].font.name == "Georgia"
    assert "Template boilerplate" not in "\n".join(p.text for p in doc.paragraphs)


def test_a_broken_template_is_refused_clearly(demo: Workspace, tmp_path: Path) -> None:
    (tmp_path / "bad.docx").write_text("not a docx")
    visit = demo.latest_visit()
    assert visit is not None
    content = build_briefing(demo, ExportOptions(visit_id=visit.id, template=tmp_path / "bad.docx"),
                             TODAY)
    with pytest.raises(OutputFileError, match="template"):
        write_briefing_pack(content, tmp_path / "pack.docx")
    assert not (tmp_path / "pack.docx").exists()


def _template_without(tmp_path: Path, *names: str) -> Path:
    house = Document()
    styles = house.styles.element
    for style in list(styles):
        name = style.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}name")
        if name is not None and name.get(
                "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val") in {
                n.lower() if n.startswith("Heading") else n for n in names} | set(names):
            styles.remove(style)
    path = tmp_path / "council.docx"
    house.save(str(path))
    return path


def test_a_template_missing_styles_is_completed_not_a_crash(demo: Workspace,
                                                            tmp_path: Path) -> None:
    from exporters.house_style import missing_styles

    template = _template_without(tmp_path, "Heading 1", "Title", "List Bullet")
    assert missing_styles(template) == ["Title", "Heading 1", "List Bullet", "Table Text"]
    visit = demo.latest_visit()
    assert visit is not None
    content = build_briefing(demo, ExportOptions(visit_id=visit.id, template=template), TODAY)
    headings, _ = _pack_text(write_briefing_pack(content, tmp_path / "pack.docx"))
    assert "1. Executive summary" in headings
    doc = Document(str(tmp_path / "pack.docx"))
    bullets = [p.text for p in doc.paragraphs if p.style.name == "List Bullet"]
    assert bullets and all(b.startswith("\u2022 ") for b in bullets)


def test_log_identity_cells_are_text_and_locked_while_the_rest_stays_editable(
        content: BriefingContent, tmp_path: Path) -> None:
    book = load_workbook(write_evidence_log(content, tmp_path / "log.xlsx"))
    for name in ("Evidence", "Case samples", "Checklist", "Findings", "Actions", "Indicators"):
        sheet = book[name]
        assert sheet.protection.sheet and not sheet.protection.sort
        assert not sheet.protection.autoFilter and not sheet.protection.password
        headers = [c.value for c in sheet[2]]
        identity = {headers.index(h) for h in ("Ref", "Version", "Base hash")}
        for row in sheet.iter_rows(min_row=3, max_row=4):
            for n, cell in enumerate(row):
                if n in identity:
                    assert cell.data_type == "s" and cell.number_format == "@", (name, cell)
                    assert cell.protection.locked
                else:
                    assert not cell.protection.locked, (name, headers[n])
        # Rows typed below the table (new records) are editable too, except their Ref.
        letter = sheet.cell(2, 2).column_letter
        assert not sheet.column_dimensions[letter].protection.locked
    facts = {r[0]: r[1] for r in book["Log identity"].iter_rows(values_only=True)}
    assert facts["Format"] == "VisitReady evidence log"
    assert facts["Visit"] == content.visit.title and len(facts["Export id"]) == 36
