"""Evidence log export: time and peak memory against bare openpyxl, at two sizes.

Run by hand: ``python benchmarks/excel_log.py [ROWS ...]`` (default 10000 50000).
The figures that matter are the ratios: our writer against openpyxl's write-only
mode writing the same cells in the same run, and peak memory at the larger size
against the smaller (flat means memory does not grow with the row count).
Record results in benchmarks/RESULTS.md.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from openpyxl import Workbook  # noqa: E402

from exporters.excel import EVIDENCE_COLUMNS, write_evidence_log  # noqa: E402
from models import entities as e  # noqa: E402
from models.briefing import BriefingContent, ExportOptions, build_briefing  # noqa: E402
from models.demo import build_demo  # noqa: E402


def _evidence(n: int, themes: list[e.Theme]) -> e.EvidenceItem:
    item = e.EvidenceItem(
        id=n, ref=f"E-{n:05d}", version=1, title=f"Performance clinic pack {n}: front door measures",
        evidence_type="Performance data", source="Performance team", as_at=dt.date(2026, 10, 31),
        period="October 2026", owner="Performance analyst",
        location=f"Improvement SharePoint/Evidence/pack-{n}.pdf",
        summary="Monthly measures and exceptions discussed with team managers; " * 2,
        direction="Mixed", status="Approved", include_in_pack=True, contains_personal_data=False,
        review_date=dt.date(2027, 1, 31))
    item.themes = [themes[n % len(themes)]]
    item.attachments = []
    return item


def _content(base: BriefingContent, rows: int) -> BriefingContent:
    themes = list(base.visit.themes)
    evidence = tuple(_evidence(n, themes) for n in range(1, rows + 1))
    return dataclasses.replace(base, evidence=evidence)


def _bare_openpyxl(content: BriefingContent, path: Path) -> None:
    """The same Evidence cells through openpyxl write-only, nothing else."""
    book = Workbook(write_only=True)
    ws = book.create_sheet("Evidence")
    ws.append([c.header for c in EVIDENCE_COLUMNS])
    for record in content.evidence:
        ws.append([c.value(record) for c in EVIDENCE_COLUMNS])
    book.save(str(path))


def _measure(work: Callable[[], object]) -> tuple[float, float]:
    """Seconds (untraced run) and peak traced MiB (second run) of one piece of work."""
    start = time.perf_counter()
    work()
    seconds = time.perf_counter() - start
    tracemalloc.start()
    work()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak / 2**20


def main(sizes: list[int]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        ws = build_demo(tmp / "demo.visitready", today=dt.date(2026, 11, 22))
        visit = ws.latest_visit()
        assert visit is not None
        base = build_briefing(ws, ExportOptions(visit_id=visit.id), dt.date(2026, 11, 22))
        print(f"{'rows':>8} {'ours s':>8} {'bare s':>8} {'time x':>7} "
              f"{'ours MiB':>9} {'bare MiB':>9} {'mem x':>6}")
        peaks = []
        for rows in sizes:
            content = _content(base, rows)
            ours = _measure(lambda c=content: write_evidence_log(c, tmp / "ours.xlsx"))
            bare = _measure(lambda c=content: _bare_openpyxl(c, tmp / "bare.xlsx"))
            peaks.append(ours[1])
            print(f"{rows:>8} {ours[0]:>8.2f} {bare[0]:>8.2f} {ours[0] / bare[0]:>7.2f} "
                  f"{ours[1]:>9.1f} {bare[1]:>9.1f} {ours[1] / bare[1]:>6.2f}")
        if len(peaks) > 1:
            print(f"peak memory, largest size / smallest size: {peaks[-1] / peaks[0]:.2f} "
                  f"for {sizes[-1] / sizes[0]:.0f}x the rows")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000, 50_000])
