"""The briefing pack as LibreOffice renders it: one-page summary, unbroken headings, no blank page."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from docx import Document

from exporters.word import write_briefing_pack
from models.briefing import ExportOptions, build_briefing
from models.store import Workspace
from tests.conftest import TODAY

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif((SOFFICE is None or PDFTOTEXT is None) and not os.environ.get("CI"),
                       reason="LibreOffice and poppler-utils are not installed (CI installs them)"),
]


@dataclass(frozen=True)
class Word:
    page: int
    text: str
    x: float
    y: float


@dataclass(frozen=True)
class Rendered:
    docx: Path
    pages: list[str]
    words: list[Word]


def _render(docx: Path, folder: Path) -> Rendered:
    assert SOFFICE is not None and PDFTOTEXT is not None, "CI installs LibreOffice and poppler"
    profile = (folder / "lo-profile").as_uri()
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(folder), str(docx)],
                   check=True, capture_output=True, timeout=240)
    pdf = folder / (docx.stem + ".pdf")
    text = subprocess.run([PDFTOTEXT, "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    bbox = subprocess.run([PDFTOTEXT, "-bbox", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    words: list[Word] = []
    for n, page in enumerate(bbox.split("<page ")[1:], 1):
        for x, y, word in re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>',
                                     page):
            words.append(Word(n, html.unescape(word), float(x), float(y)))
    return Rendered(docx, text.split("\f")[:-1], words)


@pytest.fixture(scope="module")
def rendered(_demo_master: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Rendered]:
    """The demo's leaders' pack with case detail on (the case that once left a blank page)."""
    folder = tmp_path_factory.mktemp("rendered")
    path = folder / "demo.visitready"
    shutil.copy(_demo_master, path)
    with Workspace.open(path) as ws:
        visit = ws.latest_visit()
        assert visit is not None
        content = build_briefing(ws, ExportOptions(visit_id=visit.id, include_case_detail=True),
                                 TODAY)
        docx = write_briefing_pack(content, folder / "pack.docx")
        yield _render(docx, folder)


def _body(page: str) -> list[str]:
    """A page's lines without the marking in the header and footer."""
    return [line.strip() for line in page.splitlines()
            if line.strip() and "OFFICIAL-SENSITIVE" not in line]


def test_no_page_is_blank(rendered: Rendered) -> None:
    assert len(rendered.pages) >= 10
    for number, page in enumerate(rendered.pages, 1):
        assert _body(page), f"page {number} is blank"


def test_executive_summary_is_one_page(rendered: Rendered) -> None:
    pages = [n for n, page in enumerate(rendered.pages) if "1. Executive summary" in _body(page)]
    assert len(pages) == 1 or pages[0] == 1  # the contents (page 2) names it too
    at = pages[-1]
    summary = " ".join(_body(rendered.pages[at]))
    for part in ("Where we are", "What has changed since the last letter",
                 "What inspectors are likely to test", "Top risks", "Lines to take for members",
                 "Every finding from the inspection and the three letters"):
        assert part in summary, part
    assert _body(rendered.pages[at + 1])[0] == "2. The story so far"


def test_contents_shows_the_headings(rendered: Rendered) -> None:
    contents = next(page for page in rendered.pages if "Contents" in _body(page)[:1])
    for heading in ("1. Executive summary", "2. The story so far",
                    "3. Progress against the last letter", "Appendix C: Glossary"):
        assert heading in contents


def _heading_words(docx: Path) -> set[str]:
    doc = Document(str(docx))
    words = set()
    for table in doc.tables:
        row = table.rows[0]
        if row._tr.find(f"{W}trPr/{W}tblHeader") is not None:
            for cell in row.cells:
                words.update(w for w in cell.text.split() if len(w) > 1)
    return words


def test_no_table_heading_breaks_inside_a_word(rendered: Rendered) -> None:
    headings = _heading_words(rendered.docx)
    assert {"Approved", "Baseline", "Checklist"} & headings or len(headings) > 20
    broken = []
    for a, b in zip(rendered.words, rendered.words[1:], strict=False):
        if a.page == b.page and b.y > a.y + 1 and a.text + b.text in headings:
            broken.append(f"{a.text}|{b.text} on page {a.page}")
    assert broken == []
