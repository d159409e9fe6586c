"""Briefing pack export: time against the obvious python-docx fill of the same tables.

Run by hand: ``python benchmarks/word_pack.py [--annex-a] [ROWS ...]`` (default 1000 5000
20000), or through ``run(sizes)``. ROWS approved evidence items are spread over the visit's focus
themes, so they fill the theme sections' evidence tables and the evidence appendix. The
bare figure is python-docx writing just those tables the obvious way (``add_table``, then
``add_row().cells`` and ``cell.text`` per cell, no styles, no widths) in the same process.
Each size runs in a fresh Python process (the pack's first export there, after one small
pack has loaded the template, fonts and matplotlib; the charts that small pack drew, and
the figures kept to draw them on, are forgotten, so the measured pack draws its own as a
session's first pack does), best of two
processes below 20,000. Each side starts after a full garbage collection: otherwise the
collection that making the ROWS records has made due falls in whichever side runs first. The same pack exported a second time in the process (charts drawn
and references measured already) is printed too, without a goal, and the time of each step
of the first export, with how it grows with the size. With ``--annex-a`` the demo workspace
has the Annex A returns ``visitready demo`` gives it, so each theme also shows its Annex A
figures and a trend chart of each (the bare fill stays the same evidence tables).
``--profile ROWS`` prints cProfile's summary of that first export at ROWS instead.
Record results in benchmarks/RESULTS.md.
"""

from __future__ import annotations

import cProfile
import dataclasses
import datetime as dt
import gc
import json
import math
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from docx import Document  # noqa: E402

from exporters import annex_word, chart, indicator_chart, word  # noqa: E402
from exporters.word import write_briefing_pack  # noqa: E402
from importers.annex_a_demo import add_demo_returns  # noqa: E402
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


#: Goal from the issue on speed: the whole pack against the bare fill of its big tables.
GOAL = 0.5


def _child(rows: int, annex_a: bool = False, profile: bool = False) -> None:
    """One size in this (fresh) process: prints the pack's and the bare fill's seconds as JSON."""
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        ws = build_demo(tmp / "demo.visitready", today=dt.date(2026, 11, 22))
        if annex_a:
            add_demo_returns(ws, dt.date(2026, 11, 22))
        visit = ws.latest_visit()
        assert visit is not None
        base = build_briefing(ws, ExportOptions(visit_id=visit.id), dt.date(2026, 11, 22))
        ws.close()
        write_briefing_pack(base, tmp / "warm.docx")  # template, fonts, matplotlib: once
        # The warm-up drew the demo's sparklines, timeline and Annex A trends, on figures kept
        # for the next chart; the measured pack makes those figures and draws its charts.
        word._sparkline.cache_clear()
        word._timeline.cache_clear()
        annex_word._trend_png.cache_clear()
        chart._SPARK_FIGURES.clear()
        chart._TIMELINE_FIGURES.clear()
        indicator_chart._TREND_FIGURES.clear()
        content = _content(base, rows)
        marks: list[tuple[float, str]] = []

        def progress(_done: int, _total: int, message: str) -> None:
            marks.append((time.perf_counter(), "Theme sections" if message.startswith("Theme:")
                          else message))

        gc.collect()
        if profile:
            profiler = cProfile.Profile()
            profiler.runcall(write_briefing_pack, content, tmp / "ours.docx")
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
            pstats.Stats(profiler).sort_stats("tottime").print_stats(15)
            return
        start = time.perf_counter()
        write_briefing_pack(content, tmp / "ours.docx", progress=progress)
        end = time.perf_counter()
        steps: dict[str, float] = {}
        for (at, name), (until, _next) in zip(marks, [*marks[1:], (end, "")], strict=True):
            steps[name] = steps.get(name, 0.0) + until - at
        gc.collect()
        bare_start = time.perf_counter()
        _bare(content, tmp / "bare.docx")
        bare = time.perf_counter() - bare_start
        gc.collect()
        again_start = time.perf_counter()
        write_briefing_pack(content, tmp / "again.docx")
        again = time.perf_counter() - again_start
    print(json.dumps({"ours": end - start, "bare": bare, "again": again, "steps": steps}))


def _measure(rows: int, annex_a: bool = False) -> dict[str, object]:
    command = [sys.executable, str(Path(__file__).resolve()), "--one", str(rows),
               *(["--annex-a"] if annex_a else [])]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def run(sizes: list[int], url: str | None = None, *, annex_a: bool = False
        ) -> list[tuple[str, int, float]]:
    """Print one row per size: ``operation | items | VisitReady | baseline | ratio | goal |
    met``, then each step's seconds and how it grows from the smallest size to the largest.

    ``url`` is accepted so every benchmark can be called the same way; the writer reads a
    plain ``BriefingContent`` built before the clock starts, never the database, so the
    figures do not depend on it and the content comes from a SQLite demo workspace.
    ``annex_a`` gives that workspace the demo's Annex A returns.
    """
    operation = "Word pack with Annex A: time" if annex_a else "Word pack: time"
    print("operation | items | VisitReady | baseline | ratio | goal | met")
    steps: dict[int, dict[str, float]] = {}
    timings: list[tuple[str, int, float]] = []  # for run_all's growth check
    for rows in sizes:
        runs = [_measure(rows, annex_a) for _ in range(1 if rows >= 20_000 else 2)]
        best = min(runs, key=lambda r: float(r["ours"]))  # type: ignore[arg-type]
        ours = float(best["ours"])  # type: ignore[arg-type]
        bare = min(float(r["bare"]) for r in runs)  # type: ignore[arg-type]
        steps[rows] = best["steps"]  # type: ignore[assignment]
        ratio = ours / bare
        again = min(float(r["again"]) for r in runs)  # type: ignore[arg-type]
        print(f"{operation} | {rows:,} | {ours:.2f} s | {bare:.2f} s | {ratio:.2f} | "
              f"<= {GOAL:g} | {'yes' if ratio <= GOAL else 'NO'}", flush=True)
        print(f"  (the same pack again in the process) | {rows:,} | {again:.2f} s | "
              f"{bare:.2f} s | {again / bare:.2f} | - | -", flush=True)
        timings.append((operation, rows, ours))
    if len(sizes) < 2:
        return timings
    small, large = min(sizes), max(sizes)
    print()
    print("step | " + " | ".join(f"{n:,} s" for n in sizes) + f" | growth {small:,} to {large:,}")
    for name in steps[large]:
        times = [steps[n].get(name, 0.0) for n in sizes]
        grown = times[sizes.index(large)] / max(times[sizes.index(small)], 1e-9)
        exponent = math.log(max(grown, 1e-9)) / math.log(large / small)
        print(f"{name} | " + " | ".join(f"{t:.2f}" for t in times) + f" | n^{exponent:.2f}")
        timings.append((f"Word pack step: {name}", large, times[sizes.index(large)]))
        timings.append((f"Word pack step: {name}", small, times[sizes.index(small)]))
    return timings


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        _child(int(sys.argv[2]), annex_a="--annex-a" in sys.argv[3:])
    elif sys.argv[1:2] == ["--profile"]:
        _child(int(sys.argv[2]), annex_a="--annex-a" in sys.argv[3:], profile=True)
    else:
        run([int(a) for a in sys.argv[1:] if a != "--annex-a"] or [1_000, 5_000, 20_000],
            annex_a="--annex-a" in sys.argv[1:])
