"""Annex A in the exports: figures per theme and the draw in the pack, figures in the log."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from exporters.excel import write_evidence_log
from exporters.word import write_briefing_pack
from importers.annex_a import import_return, read_return
from models import indicators, sampling
from models.briefing import ExportOptions, build_briefing
from models.store import Workspace
from tests.conftest import TODAY
from tests.importers.annex_files import SAMPLE

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _with_annex(demo: Workspace) -> tuple[int, sampling.DrawSummary]:
    visit = demo.latest_visit()
    assert visit is not None and {t.code for t in visit.themes} >= {"CIC", "CL"}
    summary = import_return(demo, read_return(demo, [SAMPLE], dt.date(2021, 3, 31)))
    draw = sampling.make_draw(demo, visit.id, summary.id,
                              sampling.DrawParameters(lists=(8, 9), strata=("list",), size=4,
                                                      seed="pack seed"), TODAY)
    return visit.id, draw


def test_the_pack_shows_annex_figures_per_theme_and_how_the_sample_was_drawn(
        demo: Workspace, tmp_path: Path) -> None:
    visit_id, draw = _with_annex(demo)
    # The draw lists cases, so it is in the case appendix: case detail is asked for.
    content = build_briefing(demo, ExportOptions(visit_id=visit_id, include_case_detail=True),
                             TODAY)
    document = Document(str(write_briefing_pack(content, tmp_path / "pack.docx")))
    texts = [p.text for p in document.paragraphs]
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings.count("Figures from Annex A (as at 31 March 2021)") == 3  # CIC, CL, LMQ
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    # The demo's own indicators have a measure of the same name; the Annex A row follows.
    named = [n for n, c in enumerate(cells) if c == "Care leavers in education, employment or "
                                                   "training"]
    assert [cells[n + 1:n + 3] for n in named][-1] == ["80.0%", "4 of 5"]
    assert "Case sample: how it was drawn and how it balances" in texts
    assert any("pack seed" in t and "HMAC-SHA256" in t for t in texts)
    refs = [c[0] for c in content.annex.draws[0].cases] if content.annex else []
    assert refs and all(ref in cells for ref in refs)
    assert len(draw.cases) == 4


def test_the_log_lists_the_annex_figures_on_its_indicators_sheet(demo: Workspace,
                                                                 tmp_path: Path) -> None:
    visit_id, _draw = _with_annex(demo)
    content = build_briefing(demo, ExportOptions(visit_id=visit_id), TODAY)
    book = load_workbook(write_evidence_log(content, tmp_path / "log.xlsx"))
    sheet = book["Indicators"]
    assert set(sheet.tables) == {"Indicators", "AnnexAFigures"}
    first, last = sheet.tables["AnnexAFigures"].ref.split(":")
    rows = list(sheet.iter_rows(min_row=int(first[1:]), max_row=int(last[1:]), values_only=True))
    assert rows[0][:4] == ("Code", "Themes", "Annex A figure", "Value")
    by_code = {r[0]: r for r in rows[1:]}
    stored = {v.indicator.code: v for v in indicators.stored_values(demo)}
    assert set(by_code) == set(stored)
    icpc = by_code["ICPC_15WD"]
    assert icpc[3] == round(stored["ICPC_15WD"].value or 0, 1)
    assert (icpc[5], icpc[6]) == (stored["ICPC_15WD"].numerator, stored["ICPC_15WD"].denominator)
    assert icpc[11] == stored["ICPC_15WD"].source_sha256


def test_no_return_means_no_annex_parts(demo: Workspace, tmp_path: Path) -> None:
    visit = demo.latest_visit()
    assert visit is not None
    content = build_briefing(demo, ExportOptions(visit_id=visit.id), TODAY)
    assert content.annex is None
    document = Document(str(write_briefing_pack(content, tmp_path / "pack.docx")))
    assert not any(p.text.startswith("Figures from Annex A") for p in document.paragraphs)
    book = load_workbook(write_evidence_log(content, tmp_path / "log.xlsx"))
    assert set(book["Indicators"].tables) == {"Indicators"}


@pytest.mark.libreoffice
@pytest.mark.skipif(SOFFICE is None and not os.environ.get("CI"),
                    reason="LibreOffice is not installed (CI installs it)")
def test_libreoffice_opens_the_pack_and_log_with_annex_a(demo: Workspace, tmp_path: Path) -> None:
    assert SOFFICE is not None, "CI must install LibreOffice (see .ci/run)"
    visit_id, _draw = _with_annex(demo)
    content = build_briefing(demo, ExportOptions(visit_id=visit_id), TODAY)
    for document in (write_briefing_pack(content, tmp_path / "pack.docx"),
                     write_evidence_log(content, tmp_path / "log.xlsx")):
        subprocess.run([SOFFICE, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
                        "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                        str(document)], check=True, capture_output=True, timeout=240)
        pdf = tmp_path / f"{document.stem}.pdf"
        assert pdf.exists() and pdf.stat().st_size > 10_000
