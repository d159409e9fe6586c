"""Any text through both exporters. Promise: no raw error, no formula cell, and every character
that XML can hold comes back."""

from __future__ import annotations

import re
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from exporters.excel import write_evidence_log
from exporters.word import write_briefing_pack
from models import entities as e
from models.briefing import BriefingContent, ExportOptions, build_briefing
from models.characters import NOT_IN_XML
from models.store import Workspace
from tests.conftest import TODAY

#: Text a hostile or careless user might paste: controls, formula starts, markup, bidi marks.
NASTY = st.sampled_from(["=", "+", "-", "@", "\t", "\r", "\n", "\x00", "\x01", "\x0b", "\x1f",
                         "\ufffe", "\uffff", "&", "<w:t>", "]]>", "\u202e", "\u200b", "\ud83d",
                         "=HYPERLINK(\"http://x\")", "=cmd|' /C calc'!A0", "&P&N"])
TEXT = st.lists(st.one_of(NASTY, st.text(max_size=30)), max_size=8).map("".join)


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> BriefingContent:
    path = tmp_path_factory.mktemp("hostile") / "small.visitready"
    with Workspace.create(path, authority="Test Council") as ws:
        themes = ws.themes()
        visit = ws.add_visit(number=1, visit_type="Monitoring visit", status="Planned",
                             themes=[themes[0].id])
        for n in range(2):
            ws.add(e.EvidenceItem, title=f"Item {n}", evidence_type="Other", direction="Mixed",
                   status="Approved", include_in_pack=True, themes=[themes[0].id])
        ws.add(e.Finding, text="Finding", kind="Strength", judgement=themes[0].judgement,
               latest_view="Improved", themes=[themes[0].id])
        return build_briefing(ws, ExportOptions(visit_id=visit.id), TODAY)


def _xml_of(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xml"))


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=TEXT, summary=TEXT, theme=TEXT, marking=TEXT)
def test_any_text_goes_through_both_exporters(small: BriefingContent, tmp_path: Path,
                                              title: str, summary: str, theme: str,
                                              marking: str) -> None:
    item = small.evidence[0]
    item.title, item.summary = title, summary
    small.sections[0].theme.name = theme
    small = replace(small, options=replace(small.options, marking=marking or "OFFICIAL"))
    pack = write_briefing_pack(small, tmp_path / "pack.docx")
    log = write_evidence_log(small, tmp_path / "log.xlsx")
    with zipfile.ZipFile(log) as archive:
        sheets = {n: archive.read(n) for n in archive.namelist()
                  if n.startswith("xl/worksheets/")}
    assert not any(b"<f>" in x or b"<f " in x for x in sheets.values())  # no formula cell
    book = load_workbook(log)
    row = next(r for r in book["Evidence"].iter_rows(min_row=3, values_only=True)
               if r[0] == item.ref)
    assert row[1] in (NOT_IN_XML.sub("", title) or None, NOT_IN_XML.sub("", title))
    words = "\n".join(c.text for t in Document(str(pack)).tables for r in t.rows for c in r.cells)
    assert NOT_IN_XML.sub("", title).replace("\r", "\n").strip() in words.replace("\r", "\n") \
        or not title.strip()
    assert re.search(r"[\x00-\x08]", _xml_of(pack)) is None
