"""Readiness and the dashboard after an edit, by SQL aggregates, at 1,000 to 50,000 evidence items.

Run by hand: ``python benchmarks/readiness.py [SIZES…] [--postgres URL] [--profile]``
(sizes default to 1000 5000 20000 50000). Each figure is compared with the bare
library doing comparable work in the same run: one SQL aggregate over the same
tables (approved, in-date evidence per theme) on a plain DB-API connection. The
formula's reference, ``assess`` over every record loaded into Python, is timed too
(up to 20,000 items) to show what changed. The readiness goal is set at 20,000 items;
at smaller sizes its ratio is printed for the growth table, with no verdict. Record
results in benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import math
import os
import pstats
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from goals import HEADER, Timing, bare_connection, best, best_in_turn, growth, row  # noqa: E402
from sqlalchemy import create_engine, insert, text  # noqa: E402

from models import entities as e  # noqa: E402
from models.readiness import assess  # noqa: E402
from models.readiness_sql import assess_visit  # noqa: E402
from models.store import Workspace  # noqa: E402
from models.text_warnings import rescan  # noqa: E402

TODAY = dt.date(2026, 11, 22)
NOW = dt.datetime(2026, 11, 22, 9, 0)
GOALS = {"readiness": 3.0, "edit to dashboard ms": 100.0}
#: The size the readiness ratio is set at ("at 20,000 items"); smaller workspaces pay the
#: same few round trips for less work, and are shown for the growth table.
READINESS_GOAL_FROM = 20_000
AGGREGATE = """
    select et.theme_id, count(*) from evidence_theme et join evidence ev on ev.id = et.evidence_id
    where ev.status = 'Approved' and (ev.review_date is null or ev.review_date >= '2026-11-22')
    group by et.theme_id
"""


def _stamp(n: int, prefix: str) -> dict[str, Any]:
    return {"id": n, "ref": f"{prefix}-{n:05d}", "version": 1, "created_at": NOW,
            "updated_at": NOW}


def fill(ws: Workspace, items: int) -> int:
    """Bulk-insert a visit's worth of records around ``items`` evidence items; return the visit id.

    Evidence ``items``, case samples items/10, findings items/50, actions items/20 (each
    answering one finding), checklist items/20; about one text in 200 looks like personal
    data and one evidence item in 50 is past its review date. The stored warnings are then
    worked out as the migration does, and on PostgreSQL the planner's statistics gathered.
    """
    themes = [t.id for t in ws.themes()]
    visit = ws.add_visit(seed_checklist=False, number=1, visit_type="Monitoring visit",
                         status="Planned", start_date=dt.date(2026, 12, 8), themes=themes[:4])
    engine = ws._engine
    t = len(themes)
    samples, findings, actions, checklist = items // 10, max(items // 50, 1), items // 20, items // 20

    def personal(n: int, plain: str) -> str:
        return f"{plain} DOB 12/03/2011" if n % 200 == 7 else plain

    with engine.begin() as c:
        c.execute(insert(e.EvidenceItem), [
            {**_stamp(n, "E"), "title": personal(n, f"Performance clinic pack {n}"),
             "evidence_type": ("Performance data", "Minutes", "Audit summary")[n % 3],
             "source": "Performance team", "as_at": dt.date(2026, 10, 31), "period": "",
             "owner": f"Owner {n % 37}", "location": "", "summary": "Monthly measures " * 4,
             "direction": "Mixed", "status": ("Draft", "Verified", "Approved")[n % 3],
             "include_in_pack": True, "contains_personal_data": False,
             "review_date": dt.date(2026, 11, 1) if n % 50 == 0 else None}
            for n in range(1, items + 1)])
        c.execute(insert(e.evidence_theme), [
            {"evidence_id": n, "theme_id": themes[n % t]} for n in range(1, items + 1)])
        c.execute(insert(e.CaseSample), [
            {**_stamp(n, "CS"), "sample_ref": f"S-{n}", "local_case_id": "", "visit_id": visit.id,
             "cohort": "Child in care", "age_band": "", "team": "", "worker_role": "",
             "selected_by": "Authority", "audit_type": "Full",
             "audit_date": TODAY if n % 4 else None,
             "overall_grade": ("Good", "Requires improvement to be good", "Inadequate",
                               "Outstanding")[n % 4],
             "strengths": personal(n, "Clear plan"), "areas_to_develop": "", "escalated": False,
             "seen_by_inspectors": False, "referred_back_by_inspectors": False}
            for n in range(1, samples + 1)])
        if samples:
            c.execute(insert(e.case_sample_theme), [
                {"case_sample_id": n, "theme_id": themes[n % t]} for n in range(1, samples + 1)])
        c.execute(insert(e.Finding), [
            {**_stamp(n, "F"), "text": f"Finding {n}", "source_visit_id": None,
             "kind": "Area for improvement",
             "judgement": "The experiences and progress of children in care",
             "latest_view": ("Improved", "Insufficient progress", "Not yet reviewed")[n % 3]}
            for n in range(1, findings + 1)])
        c.execute(insert(e.finding_theme), [
            {"finding_id": n, "theme_id": themes[n % t]} for n in range(1, findings + 1)])
        if actions:
            c.execute(insert(e.Action), [
                {**_stamp(n, "A"), "description": personal(n, f"Action {n}"), "owner": "Lead",
                 "due_date": TODAY + dt.timedelta(days=(n % 60) - 30),
                 "status": ("Not started", "In progress", "Complete")[n % 3], "progress": "",
                 "indicator": "", "baseline": "", "target": "", "current_value": "",
                 "impact_evidence": "", "governance_forum": "", "closure_criteria": ""}
                for n in range(1, actions + 1)])
            c.execute(insert(e.action_finding), [
                {"action_id": n, "finding_id": 1 + n % findings} for n in range(1, actions + 1)])
        if checklist:
            c.execute(insert(e.ChecklistItem), [
                {**_stamp(n, "C"), "visit_id": visit.id, "theme_id": themes[n % t],
                 "category": "Data", "item": f"Prepare {n}", "owner": "",
                 "due_date": TODAY + dt.timedelta(days=(n % 20) - 10),
                 "status": ("Not started", "Done", "Not applicable")[n % 3], "notes": ""}
                for n in range(1, checklist + 1)])
        for prefix, last in (("E", items), ("CS", samples), ("F", findings), ("A", actions),
                             ("C", checklist)):
            c.execute(insert(e.ReferenceCounter), [{"prefix": prefix, "last_number": last}])
        rescan(c)
        if c.dialect.name == "postgresql":
            # A server's autovacuum gathers planner statistics within a minute of a bulk
            # load; measured seconds after it, the planner would have none (both sides).
            c.execute(text("ANALYZE"))
    return visit.id


def _an_approved_item(ws: Workspace) -> e.EvidenceItem:
    """An approved evidence item: the edit moves it back to Verified and on again (the
    approval order allows both), which changes its theme's score."""
    return next(item for item in (ws.get(e.EvidenceItem, n) for n in range(1, 10))
                if item.status == "Approved")


def bare_aggregate(url: str) -> Callable[[], object]:
    """One aggregate over the same tables, through the bare DB-API driver."""
    connection = bare_connection(url)

    def work() -> object:
        cursor = connection.cursor()
        cursor.execute(AGGREGATE)
        return cursor.fetchall()
    return work


def dashboard_after_edit(ws: Workspace, runs: int = 5) -> float:
    """Seconds from saving an edit to the visible dashboard showing readiness after it (best run).

    The same path as in the app: the store write, the session's "records changed", the
    readiness work on the thread pool, the tiles, chart and gap list redrawn, then painted.
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    from ui.context import Session as UiSession
    from ui.dashboard import DashboardPage

    app = QApplication.instance() or QApplication([])
    session = UiSession(ws, today=TODAY)
    page = DashboardPage(session)
    page.resize(1280, 800)
    loop = QEventLoop()
    page.refreshed.connect(loop.quit)

    def wait() -> None:
        # An idle event loop, as in the app: spinning processEvents() here would hold the
        # interpreter while readiness is worked out on the thread pool.
        loop.exec()
        page.repaint()

    page.show()
    wait()
    times = []
    item = _an_approved_item(ws)
    for _ in range(runs):
        start = time.perf_counter()
        item = ws.update(e.EvidenceItem, item.id, item.version,
                         status="Verified" if item.status == "Approved" else "Approved")
        session.changed("evidence")
        wait()
        times.append(time.perf_counter() - start)
    page.close()
    page.deleteLater()
    app.processEvents()
    return min(times)


def open_workspace(size: int, folder: Path, postgres: str | None) -> Workspace:
    if postgres is None:
        return Workspace.create(folder / f"w{size}.visitready", who="bench")
    engine = create_engine(postgres)
    with engine.begin() as c:
        c.execute(text("drop schema public cascade; create schema public"))
    engine.dispose()
    return Workspace.connect(postgres, who="bench")


def measure(size: int, folder: Path, postgres: str | None, profile: bool) -> dict[str, float]:
    ws = open_workspace(size, folder, postgres)
    try:
        visit_id = fill(ws, size)
        # Best of 20 on both sides, in turn: each run takes milliseconds, and five (or a
        # block of twenty of one side, then the other) left the ratio at the mercy of one
        # busy moment on a two-core machine.
        ours, bare = best_in_turn(lambda: assess_visit(ws, visit_id, TODAY),
                                  bare_aggregate(ws.url), runs=20)
        item = _an_approved_item(ws)

        def edit_then_readiness() -> object:
            nonlocal item
            # Approved and back a step: the edit that changes the theme's score most.
            item = ws.update(e.EvidenceItem, item.id, item.version,
                             status="Verified" if item.status == "Approved" else "Approved")
            return assess_visit(ws, visit_id, TODAY)
        edit = best(edit_then_readiness)
        shown = dashboard_after_edit(ws)
        old = best(lambda: assess(ws.contents(visit_id), TODAY), runs=1) if size <= 20000 \
            else math.nan
        if profile:
            profiler = cProfile.Profile()
            profiler.runcall(assess_visit, ws, visit_id, TODAY)
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(12)
            print(out.getvalue())
        return {"bare ms": bare * 1000, "ours ms": ours * 1000, "readiness": ours / bare,
                "edit to readiness ms": edit * 1000, "edit to dashboard ms": shown * 1000, "loaded into Python ms": old * 1000}
    finally:
        ws.close()


def run(sizes: list[int], url: str | None = None, profile: bool = False) -> list[Timing]:
    """Measure at each size and print the rows, each ratio against its goal; return the timings."""
    engine = "PostgreSQL" if url else "SQLite"
    print(f"Readiness by SQL and the dashboard after an edit ({engine})\n")
    print(HEADER)
    timings: list[Timing] = []
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            r = measure(size, Path(folder), url, profile)
            ours, bare = r["ours ms"] / 1000, r["bare ms"] / 1000
            shown = r["edit to dashboard ms"] / 1000
            print(row(f"readiness ({engine})", size, ours, bare,
                      f"<= {GOALS['readiness']:.0f}x one aggregate",
                      ours / bare <= GOALS["readiness"] if size >= READINESS_GOAL_FROM
                      else f"(set at {READINESS_GOAL_FROM:,}; see growth)"))
            print(row(f"dashboard after an edit ({engine})", size, shown, bare,
                      f"<= {GOALS['edit to dashboard ms']:.0f} ms",
                      r["edit to dashboard ms"] <= GOALS["edit to dashboard ms"]), flush=True)
            if not math.isnan(r["loaded into Python ms"]):
                print(f"|   (before: all records into Python) | {size:,} | "
                      f"{r['loaded into Python ms']:.0f} ms | | | | |")
            timings += [(f"readiness ({engine})", size, ours),
                        (f"dashboard after an edit ({engine})", size, shown)]
    print()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 5000, 20000, 50000])
    parser.add_argument("--postgres", help="URL of an empty PostgreSQL database to use")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    for line in growth(run(args.sizes, args.postgres, args.profile)):
        print(line)


if __name__ == "__main__":
    main()
