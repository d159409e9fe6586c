"""Evidence log export: time and peak memory against bare openpyxl, at each size.

Run by hand: ``python benchmarks/excel_log.py [ROWS ...]`` (default 5000 20000 50000), or
through ``run(sizes)``. Each measurement runs in a fresh Python process, so its peak resident
memory (RSS) is its own: our writer (every sheet, tables, drop-downs, fills, row heights,
hashes, the text gate) against openpyxl's write-only mode writing the same Evidence cells and
nothing else, both processes holding the same records. Times are the best of two
alternating runs. Record results in benchmarks/RESULTS.md.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import resource
import subprocess
import sys
import tempfile
import time
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


#: Goals from the issue on speed: time and peak RSS as ratios to bare openpyxl.
TIME_GOAL = 1.3
MEMORY_GOAL = 1.5


def _base_content(folder: Path) -> BriefingContent:
    ws = build_demo(folder / "demo.visitready", today=dt.date(2026, 11, 22))
    visit = ws.latest_visit()
    assert visit is not None
    base = build_briefing(ws, ExportOptions(visit_id=visit.id), dt.date(2026, 11, 22))
    ws.close()
    return base


def _child(which: str, rows: int) -> None:
    """One measurement in this (fresh) process: prints seconds and peak RSS as JSON."""
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        content = _content(_base_content(tmp), rows)
        start = time.perf_counter()
        if which == "ours":
            write_evidence_log(content, tmp / "ours.xlsx")
        else:
            _bare_openpyxl(content, tmp / "bare.xlsx")
        seconds = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(json.dumps({"seconds": seconds, "rss_mib": peak_kib / 1024}))


def _measure(which: str, rows: int, url: str | None) -> dict[str, float]:
    command = [sys.executable, str(Path(__file__).resolve()), "--one", which, str(rows)]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _row(operation: str, items: int, ours: str, bare: str, ratio: float, goal: float) -> str:
    return (f"{operation} | {items:,} | {ours} | {bare} | {ratio:.2f} | <= {goal:g} | "
            f"{'yes' if ratio <= goal else 'NO'}")


def run(sizes: list[int], url: str | None = None) -> list[tuple[str, int, float]]:
    """Print one row per size and measure: ``operation | items | VisitReady | baseline | ratio |
    goal | met``.

    ``url`` is accepted so every benchmark can be called the same way; the writer reads a
    plain ``BriefingContent`` built before the clock starts, never the database, so the
    figures do not depend on it and the content comes from a SQLite demo workspace.
    """
    print("operation | items | VisitReady | baseline | ratio | goal | met")
    timings: list[tuple[str, int, float]] = []  # for run_all's growth check
    for rows in sizes:
        ours = [_measure("ours", rows, url), _measure("ours", rows, url)]
        bare = [_measure("bare", rows, url), _measure("bare", rows, url)]
        ours_s, bare_s = min(m["seconds"] for m in ours), min(m["seconds"] for m in bare)
        ours_m, bare_m = max(m["rss_mib"] for m in ours), max(m["rss_mib"] for m in bare)
        print(_row("Excel log: time", rows, f"{ours_s:.2f} s", f"{bare_s:.2f} s",
                   ours_s / bare_s, TIME_GOAL), flush=True)
        print(_row("Excel log: peak RSS", rows, f"{ours_m:.0f} MiB", f"{bare_m:.0f} MiB",
                   ours_m / bare_m, MEMORY_GOAL), flush=True)
        timings.append(("Excel log: time", rows, ours_s))
    return timings


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        _child(sys.argv[2], int(sys.argv[3]))
    else:
        run([int(a) for a in sys.argv[1:]] or [5_000, 20_000, 50_000])
