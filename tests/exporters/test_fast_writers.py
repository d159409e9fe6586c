"""The log's and the pack's big tables, written in one pass, hold exactly what a user should see.

A workspace with hostile text (formulas, control characters, 40,000 characters, an NHS
number the export rule holds back) is exported and read back cell by cell.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook
from sqlalchemy import text

from exporters import safe_text
from exporters.excel import EVIDENCE_COLUMNS, HEADER_ROW, _row_height, write_evidence_log
from exporters.print_colours import GRADE_LIGHT, RAG_LIGHT
from exporters.word import write_briefing_pack
from models import entities as e
from models.briefing import BriefingContent, ExportOptions, build_briefing
from models.store import Workspace
from tests.conftest import TODAY
from tests.privacy_salt import nhs_numbers

FORMULA = '=HYPERLINK("http://evil.example","Click")'
LONG = "Long summary of the audit. " * 1_500  # 40,500 characters: more than a cell holds
CONTROL = "Scorecard\x01 for\x0b the board\x1f"
NHS_NUMBER = next(nhs_numbers(9_100_000_000))


@pytest.fixture
def hostile(demo: Workspace) -> Workspace:
    """The demo workspace with hostile text in approved evidence of the visit's first theme."""
    visit = demo.latest_visit()
    assert visit is not None
    theme = visit.themes[0]
    common = {"themes": [theme.id], "evidence_type": "Audit summary", "direction": "Strength",
              "status": "Approved", "include_in_pack": True, "as_at": TODAY,
              "source": "QA service", "owner": "QA lead"}
    demo.add(e.EvidenceItem, title=FORMULA, summary="+ three audits more than planned", **common)
    demo.add(e.EvidenceItem, title="Long audit", summary=LONG, **common)
    control = demo.add(e.EvidenceItem, title="Control", summary="-", **common)
    demo.add(e.EvidenceItem, title="Named child",
             summary=f"Chronology for NHS number {NHS_NUMBER} read in supervision", **common)
    with demo._engine.begin() as connection:
        # As an older VisitReady (which did not refuse control characters) could have stored it.
        connection.execute(text("UPDATE evidence SET title = :t WHERE id = :i"),
                           {"t": CONTROL, "i": control.id})
    return demo


def _content(ws: Workspace) -> BriefingContent:
    visit = ws.latest_visit()
    assert visit is not None
    return build_briefing(ws, ExportOptions(visit_id=visit.id), TODAY)


def _expected_text(value: Any, ref: str) -> Any:
    """What a user should read in a log cell for a record value."""
    if isinstance(value, str):
        gated, _quoted = safe_text.excel_text(value, ref=ref)
        return gated or None  # openpyxl reads an empty text cell as empty
    return value


def test_every_evidence_cell_of_the_log_reads_back_as_the_record_says(hostile: Workspace,
                                                                       tmp_path: Path) -> None:
    content = _content(hostile)
    with safe_text.collecting() as notes:
        log = write_evidence_log(content, tmp_path / "log.xlsx")
    sheet = load_workbook(log)["Evidence"]
    wrapped = [(i, c.width) for i, c in enumerate(EVIDENCE_COLUMNS) if c.wrap]
    by_ref = {x.ref: x for x in content.evidence}
    rows = list(sheet.iter_rows(min_row=HEADER_ROW + 1))
    assert [r[0].value for r in rows] == [x.ref for x in content.evidence]
    for row in rows:
        record = by_ref[row[0].value]
        values = [c.value(record) for c in EVIDENCE_COLUMNS]
        for column, cell, value in zip(EVIDENCE_COLUMNS[:-1], row, values, strict=False):
            expected = _expected_text(value, record.ref)
            if isinstance(expected, dt.date):
                assert cell.value == dt.datetime.combine(expected, dt.time())
                assert cell.number_format == "dd/mm/yyyy"
            else:
                assert cell.value == expected, (record.ref, column.header)
            assert cell.alignment.wrap_text == (column.wrap or None), column.header
            assert cell.alignment.vertical == "top"
            assert cell.protection.locked == column.identity, column.header
            if column.identity:
                assert cell.number_format == "@"
            assert cell.quotePrefix == (isinstance(expected, str)
                                        and expected.startswith(safe_text.FORMULA_STARTS))
        assert row[-1].value and len(row[-1].value) == 64  # the hidden base hash
        height = _row_height([(values[i], w) for i, w in wrapped])
        assert sheet.row_dimensions[row[0].row].height == height

    titles = {r[0].value: r[1].value for r in rows}
    formula_row = next(r for r in rows if r[1].value == FORMULA)
    assert formula_row[1].data_type == "s" and formula_row[1].quotePrefix
    assert formula_row[10].value == "+ three audits more than planned"
    assert formula_row[10].data_type == "s" and formula_row[10].quotePrefix
    assert "Scorecard for the board" in titles.values()
    long_row = next(r for r in rows if r[1].value == "Long audit")
    assert len(long_row[10].value) == safe_text.EXCEL_CELL_LIMIT
    assert long_row[10].value.endswith(f"[cut: see {long_row[0].value} in the workspace]")
    assert any(long_row[0].value in n and "longer than an Excel cell" in n for n in notes)
    assert "Named child" not in titles.values()  # held back by the export rule
    assert not any(NHS_NUMBER in str(c.value) for r in rows for c in r)


def test_log_fills_say_the_rag_and_grade_in_colour_beside_the_word(hostile: Workspace,
                                                                     tmp_path: Path) -> None:
    content = _content(hostile)
    book = load_workbook(write_evidence_log(content, tmp_path / "log.xlsx"))
    seen: set[str] = set()
    for title, column, colours in (("Actions", "RAG", {r.value: c for r, c in RAG_LIGHT.items()}),
                                   ("Case samples", "Overall grade", GRADE_LIGHT)):
        sheet = book[title]
        headings = [c.value for c in sheet[HEADER_ROW]]
        at = headings.index(column)
        for row in sheet.iter_rows(min_row=HEADER_ROW + 1):
            cell = row[at]
            if cell.value in colours:
                assert cell.fill.fill_type == "solid"
                assert cell.fill.fgColor.rgb.endswith(colours[cell.value])
                seen.add(f"{title}:{cell.value}")
            else:
                assert cell.fill.fill_type is None
            assert all(c.fill.fill_type is None for n, c in enumerate(row) if n != at
                       and headings[n] not in ("Overall grade",) and "grade" not in
                       str(headings[n]).lower() and headings[n] != "RAG"
                       and title == "Actions")
    assert len(seen) >= 4  # several RAG ratings and grades were there to check
    for row in book["Evidence"].iter_rows(min_row=HEADER_ROW + 1):
        assert all(c.fill.fill_type is None for c in row)


def test_pack_evidence_tables_hold_the_gated_text_in_table_style(hostile: Workspace,
                                                                  tmp_path: Path) -> None:
    content = _content(hostile)
    document = Document(str(write_briefing_pack(content, tmp_path / "pack.docx")))
    tables = [t for t in document.tables
              if [c.text for c in t.rows[0].cells] == ["Ref", "Title", "Type", "As at",
                                                       "What this shows"]]
    assert tables
    rows = {r.cells[0].text: [c.text for c in r.cells] for t in tables for r in t.rows[1:]}
    for section in content.sections:
        for x in section.evidence:
            assert rows[x.ref] == [x.ref, safe_text.for_word(x.title), x.evidence_type,
                                   f"{x.as_at:%d %b %Y}" if x.as_at else "",
                                   safe_text.for_word(x.summary)]
    texts = {r[1] for r in rows.values()}
    assert FORMULA in texts and "Scorecard for the board" in texts
    assert any(r[4] == LONG for r in rows.values())  # Word holds the whole text
    everything = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert NHS_NUMBER not in everything
    assert "Named child" not in {r[1] for r in rows.values()}  # held back by the export rule
    for table in tables:
        heading = table.rows[0]
        assert heading._tr.trPr.find(qn("w:tblHeader")) is not None  # repeats on every page
        assert all(run.bold for c in heading.cells for p in c.paragraphs for run in p.runs)
        for row in table.rows:
            assert row._tr.trPr.find(qn("w:cantSplit")) is not None
            assert all(p.style.name == "Table Text" for c in row.cells for p in c.paragraphs)
        grid = [int(g.get(qn("w:w"))) for g in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        assert all(int(c._tc.tcPr.tcW.get(qn("w:w"))) == w
                   for row in table.rows for c, w in zip(row.cells, grid, strict=True))
        assert abs(sum(grid) - round(17.0 / 2.54 * 1440)) <= 5  # the content width


def test_column_widths_are_measured_the_same_however_many_words_were_measured(
        tmp_path: Path) -> None:
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    from exporters.word import _word_width_cm

    def fresh(word: str) -> float:
        font = FT2Font(font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans",
                                                                         weight="bold")))
        font.set_size(9, 72)
        font.set_text(word, 0.0)
        return font.get_width_height()[0] / 64 / 72 * 2.54

    words = ["E-00001", "E-04711", "improvement", "WWWWWW", "iiiiii", "Ref", "Ofsted", "x"]
    for word in words + list(reversed(words)):
        assert _word_width_cm(word, 9) == pytest.approx(fresh(word), abs=1e-12), word


def test_a_word_measured_from_its_letters_is_as_wide_as_the_font_lays_it_out() -> None:
    """Widths come from each character's advance and each pair's kerning, laid out once; they
    must be what laying out the whole word gives, kerned pairs, ligatures, accents and all."""
    import random
    import string

    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    from exporters.word import _word_width_cm

    font = FT2Font(font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans",
                                                                     weight="bold")))
    font.set_size(9, 72)

    def laid_out(word: str) -> float:
        font.set_text(word, 0.0)
        return font.get_width_height()[0] / 64 / 72 * 2.54

    printable = [c for c in string.printable if not c.isspace()]
    rnd = random.Random(13)
    words = ["AVATAR", "Tyto", "LTA", "Wo.", "office", "affluent", "ffi", "Café", "naïve",
             "E-00001", "E-10000", "F-T-A", "\u2014", "co\u2011ordinate", "P.A.V.", "'Yes'",
             *("".join(rnd.choice(printable) for _ in range(rnd.randint(1, 14)))
               for _ in range(1500))]
    for word in words:
        assert _word_width_cm(word, 9) == laid_out(word), word
    # A kerned pair changes the width: the pairs are really read, not just the letters.
    assert laid_out("AV") < laid_out("A") + laid_out("V")
