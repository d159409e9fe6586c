"""Evidence log export: time and peak memory against bare openpyxl, at each size.

Run by hand: ``python benchmarks/excel_log.py [ROWS ...]`` (default 5000 20000 50000), or
through ``run(sizes)``. The demo workspace is made once, in a process of its own. Each
measurement then runs in a fresh Python process that does the same before its clock starts:
import the same modules, open the demo workspace, build the briefing content and add ROWS
approved evidence records to it (the same records, made the same way, on both sides). Then
one side writes the whole evidence log with VisitReady's writer (every sheet, tables,
drop-downs, fills, row heights, hashes, the text gate), the other writes the same Evidence
cells with openpyxl's write-only mode and nothing else.

Peak memory is each process's own peak resident set (``VmHWM`` in ``/proc/self/status``),
read when the file is written: the whole process, minus nothing, so it includes Python, the
imports, the workspace read and the records both sides hold. ``ru_maxrss`` is not used: on
Linux a child started from a large process (``run_all``) inherits that process's peak in
it, which made every figure 391 MiB. The peak before writing, and how far writing raised
it, are printed too (no goal). Times are the best, and memory the highest, of two
alternating runs per side. Record results in benchmarks/RESULTS.md.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
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
from models.store import Workspace  # noqa: E402


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


TODAY = dt.date(2026, 11, 22)


def _make_demo(path: Path) -> None:
    """Write the demo workspace to ``path`` (run in a process of its own)."""
    build_demo(path, today=TODAY).close()


def _base_content(demo: Path) -> BriefingContent:
    ws = Workspace.open(demo)
    try:
        visit = ws.latest_visit()
        assert visit is not None
        return build_briefing(ws, ExportOptions(visit_id=visit.id), TODAY)
    finally:
        ws.close()


def _peak_mib() -> float:
    """This process's own peak resident set so far, in MiB.

    ``VmHWM`` belongs to the program now running; ``ru_maxrss`` would also carry the peak
    of the process this one was started from (Linux keeps it across exec). Elsewhere,
    ``ru_maxrss`` is all there is (KiB on Linux, bytes on macOS).
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / (1024 if sys.platform == "darwin" else 1)


def _child(which: str, rows: int, demo: Path) -> None:
    """One measurement in this (fresh) process: prints seconds and peak RSS as JSON."""
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        content = _content(_base_content(demo), rows)
        gc.collect()
        ready = _peak_mib()
        start = time.perf_counter()
        if which == "ours":
            write_evidence_log(content, tmp / "ours.xlsx")
        else:
            _bare_openpyxl(content, tmp / "bare.xlsx")
        seconds = time.perf_counter() - start
        peak = _peak_mib()
    print(json.dumps({"seconds": seconds, "rss_mib": peak, "ready_mib": ready}))


def _measure(which: str, rows: int, demo: Path) -> dict[str, float]:
    command = [sys.executable, str(Path(__file__).resolve()), "--one", which, str(rows),
               str(demo)]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _row(operation: str, items: int, ours: str, bare: str, ratio: float,
         goal: float | None) -> str:
    if goal is None:
        return f"{operation} | {items:,} | {ours} | {bare} | {ratio:.2f} | - | -"
    return (f"{operation} | {items:,} | {ours} | {bare} | {ratio:.2f} | <= {goal:g} | "
            f"{'yes' if ratio <= goal else 'NO'}")


def run(sizes: list[int], url: str | None = None) -> list[tuple[str, int, float]]:
    """Print one row per size and measure: ``operation | items | VisitReady | baseline | ratio |
    goal | met``.

    ``url`` is accepted so every benchmark can be called the same way; the writer reads a
    plain ``BriefingContent`` built before the clock starts, never the database, so the
    figures do not depend on it and the content comes from a SQLite demo workspace.
    """
    timings: list[tuple[str, int, float]] = []  # for run_all's growth check
    with tempfile.TemporaryDirectory() as folder:
        demo = Path(folder) / "demo.visitready"
        subprocess.run([sys.executable, str(Path(__file__).resolve()), "--demo", str(demo)],
                       check=True, capture_output=True, text=True)
        print("Each side: a fresh process holding the same records (demo workspace read, "
              "ROWS evidence added); VisitReady writes the whole log, the baseline "
              "openpyxl write-only the same Evidence cells. Peak RSS: the process's own "
              "VmHWM, the whole process.")
        print("operation | items | VisitReady | baseline | ratio | goal | met")
        for rows in sizes:
            ours: list[dict[str, float]] = []
            bare: list[dict[str, float]] = []
            for _ in range(2):
                ours.append(_measure("ours", rows, demo))
                bare.append(_measure("bare", rows, demo))
            ours_s, bare_s = min(m["seconds"] for m in ours), min(m["seconds"] for m in bare)
            ours_m, bare_m = max(m["rss_mib"] for m in ours), max(m["rss_mib"] for m in bare)
            ours_r, bare_r = (max(m["ready_mib"] for m in ours),
                              max(m["ready_mib"] for m in bare))
            ours_up = max(m["rss_mib"] - m["ready_mib"] for m in ours)
            bare_up = max(m["rss_mib"] - m["ready_mib"] for m in bare)
            print(_row("Excel log: time", rows, f"{ours_s:.2f} s", f"{bare_s:.2f} s",
                       ours_s / bare_s, TIME_GOAL), flush=True)
            print(_row("Excel log: peak RSS of the writing process", rows, f"{ours_m:.0f} MiB",
                       f"{bare_m:.0f} MiB", ours_m / bare_m, MEMORY_GOAL), flush=True)
            print(_row("  (peak RSS with the records ready, before writing)", rows,
                       f"{ours_r:.0f} MiB", f"{bare_r:.0f} MiB", ours_r / bare_r, None))
            print(f"  (peak RSS added by writing) | {rows:,} | {ours_up:.1f} MiB | "
                  f"{bare_up:.1f} MiB | | - | -", flush=True)
            timings.append(("Excel log: time", rows, ours_s))
    return timings


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        _child(sys.argv[2], int(sys.argv[3]), Path(sys.argv[4]))
    elif sys.argv[1:2] == ["--demo"]:
        _make_demo(Path(sys.argv[2]))
    else:
        run([int(a) for a in sys.argv[1:]] or [5_000, 20_000, 50_000])
