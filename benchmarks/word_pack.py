"""Briefing pack export: time against the obvious python-docx fill of the same tables.

Run by hand: ``python benchmarks/word_pack.py [ROWS ...]`` (default 1000 4000).
ROWS approved evidence items are spread over the visit's focus themes, so they fill the
theme sections' evidence tables and the evidence appendix. The bare figure is python-docx
writing just those tables the obvious way (``add_table``, then ``add_row().cells`` and
``cell.text`` per cell, no styles, no widths) in the same run; the ratio is the figure
to watch. Record results in benchmarks/RESULTS.md.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from docx import Document  # noqa: E402

from exporters.word import write_briefing_pack  # noqa: E402
from models import entities as e  # noqa: E402
from models.briefing import BriefingContent, ExportOptions, build_briefing  # noqa: E402
from models.demo import build_demo  # noqa: E402


def _evidence(n: int, themes: list[e.Theme]) -> e.EvidenceItem:
    item = e.EvidenceItem(
        id=10_000 + n, ref=f"E-{n:05d}", version=1,
        title=f"Performance clinic pack {n}: measures", evidence_type="Performance data",
        source="Performance team", as_at=dt.date(2026, 10, 31), owner="Performance analyst",
        summary="Monthly measures and exceptions discussed with team managers.",
        direction="Mixed", status="Approved", include_in_pack=True,
        contains_personal_data=False)
    item.themes = [themes[n % len(themes)]]
    item.attachments = []
    return item


def _content(base: BriefingContent, rows: int) -> BriefingContent:
    themes = [s.theme for s in base.sections]
    extra = [_evidence(n, themes) for n in range(1, rows + 1)]
    sections = tuple(dataclasses.replace(
        s, evidence=s.evidence + tuple(x for x in extra if x.themes[0].id == s.theme.id))
        for s in base.sections)
    return dataclasses.replace(base, sections=sections,
                               appendix_evidence=base.appendix_evidence + tuple(extra))


def _bare(content: BriefingContent, path: Path) -> None:
    """The same evidence tables, filled the obvious python-docx way."""
    doc = Document()

    def fill(headers: list[str], rows: list[list[str]]) -> None:
        table = doc.add_table(rows=1, cols=len(headers))
        for cell, text in zip(table.rows[0].cells, headers, strict=True):
            cell.text = text
        for values in rows:
            for cell, text in zip(table.add_row().cells, values, strict=True):
                cell.text = text

    for s in content.sections:
        fill(["Ref", "Title", "Type", "As at", "What this shows"],
             [[x.ref, x.title, x.evidence_type, f"{x.as_at:%d %b %Y}", x.summary]
              for x in s.evidence])
    fill(["Ref", "Title", "Themes", "Type", "As at", "Status"],
         [[x.ref, x.title, ", ".join(t.code for t in x.themes), x.evidence_type,
           f"{x.as_at:%d %b %Y}" if x.as_at else "", x.status] for x in content.appendix_evidence])
    doc.save(str(path))


def _seconds(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def main(sizes: list[int]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        ws = build_demo(tmp / "demo.visitready", today=dt.date(2026, 11, 22))
        visit = ws.latest_visit()
        assert visit is not None
        base = build_briefing(ws, ExportOptions(visit_id=visit.id), dt.date(2026, 11, 22))
        write_briefing_pack(base, tmp / "warm.docx")  # fonts, matplotlib, template: once
        print(f"{'rows':>8} {'pack s':>8} {'bare s':>8} {'ratio':>6}")
        for rows in sizes:
            content = _content(base, rows)
            ours = min(_seconds(lambda c=content: write_briefing_pack(c, tmp / "ours.docx"))
                       for _ in range(2))
            bare = min(_seconds(lambda c=content: _bare(c, tmp / "bare.docx")) for _ in range(2))
            print(f"{rows:>8} {ours:>8.2f} {bare:>8.2f} {ours / bare:>6.2f}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 4000])
