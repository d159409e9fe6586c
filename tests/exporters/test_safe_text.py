"""Text that leaves the workspace: control characters, formulas, long text, markings with '&'."""

from __future__ import annotations

import zipfile
from pathlib import Path

from docx import Document
from openpyxl import load_workbook
from sqlalchemy import text

from exporters import safe_text
from exporters.excel import write_evidence_log
from exporters.word import write_briefing_pack
from models import entities as e
from models.briefing import ExportOptions, build_briefing
from models.store import Workspace
from tests.conftest import TODAY


def _content(ws: Workspace, **options: object) -> object:
    visit = ws.latest_visit()
    assert visit is not None
    return build_briefing(ws, ExportOptions(visit_id=visit.id, **options), TODAY)  # type: ignore[arg-type]


def _write_raw(ws: Workspace, sql: str, **params: object) -> None:
    """Change a row as an older VisitReady (which did not refuse control characters) could have."""
    with ws._engine.begin() as connection:
        connection.execute(text(sql), params)


def test_a_pasted_control_character_no_longer_blocks_either_export(demo: Workspace,
                                                                   tmp_path: Path) -> None:
    item = next(x for x in demo.all(e.EvidenceItem) if x.include_in_pack
                and not x.contains_personal_data)
    _write_raw(demo, "UPDATE evidence SET title = :t WHERE id = :i",
               t="Scorecard\x01 for\x0b the\ufffe board\x1f", i=item.id)
    with safe_text.collecting() as notes:
        # Drafts and every theme in the appendix, so the item is in the pack whatever its status.
        pack = write_briefing_pack(_content(demo, include_drafts=True, all_themes_appendix=True),
                                   tmp_path / "pack.docx")  # type: ignore[arg-type]
        log = write_evidence_log(_content(demo), tmp_path / "log.xlsx")  # type: ignore[arg-type]
    words = "\n".join(c.text for t in Document(str(pack)).tables for r in t.rows for c in r.cells)
    assert "Scorecard for the board" in words
    sheet = load_workbook(log)["Evidence"]
    titles = [r[1] for r in sheet.iter_rows(min_row=3, values_only=True)]
    assert "Scorecard for the board" in titles
    assert any(item.ref in note for note in notes), notes


def test_a_theme_named_like_a_formula_is_text_on_the_summary_sheet(demo: Workspace,
                                                                    tmp_path: Path) -> None:
    visit = demo.latest_visit()
    assert visit is not None
    theme = visit.themes[0]
    evil = '=HYPERLINK("http://evil.example","Click")'
    demo.update(e.Theme, theme.id, theme.version, name=evil)
    log = write_evidence_log(_content(demo), tmp_path / "log.xlsx")  # type: ignore[arg-type]
    sheet = load_workbook(log)["Summary"]
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == evil)
    assert cell.data_type == "s"
    with zipfile.ZipFile(log) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name), f"formula in {name}"


def test_text_too_long_for_a_cell_is_cut_visibly_with_a_warning(demo: Workspace,
                                                                 tmp_path: Path) -> None:
    item = next(x for x in demo.all(e.EvidenceItem) if not x.contains_personal_data)
    long_text = "Practice is improving. " * 2000  # 46,000 characters
    demo.update(e.EvidenceItem, item.id, item.version, summary=long_text)
    with safe_text.collecting() as notes:
        log = write_evidence_log(_content(demo), tmp_path / "log.xlsx")  # type: ignore[arg-type]
    sheet = load_workbook(log)["Evidence"]
    row = next(r for r in sheet.iter_rows(min_row=3, values_only=True) if r[0] == item.ref)
    summary = next(v for v in row if isinstance(v, str) and v.startswith("Practice"))
    assert len(summary) <= 32_767
    assert summary.endswith(f"[cut: see {item.ref} in the workspace]")
    assert any(item.ref in n and "cut" in n for n in notes), notes


def test_a_marking_with_an_ampersand_keeps_it_in_excel_headers(demo: Workspace,
                                                                tmp_path: Path) -> None:
    marking = "OFFICIAL-SENSITIVE & PERSONAL"
    log = write_evidence_log(_content(demo, marking=marking), tmp_path / "log.xlsx")  # type: ignore[arg-type]
    with zipfile.ZipFile(log) as z:
        sheet_xml = z.read("xl/worksheets/sheet1.xml").decode()
    # In a header '&' starts a code; a literal ampersand is written '&&' (XML-escaped here).
    assert "OFFICIAL-SENSITIVE &amp;&amp; PERSONAL" in sheet_xml
