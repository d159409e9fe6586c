"""Soak the desktop app: many dashboard refreshes, a large bulk change, edits on every page.

Runs in its own interpreter (a native abort must not take the test run with it) and
prints one JSON line: what was done, the reference count of ``None`` at the start,
its lowest value and at the end, and the seconds each phase took.

Usage: ``python tests/reliability/soak.py [--gaps N] [--refreshes N] [--bulk N] [--edits N]``
(the test suite runs the defaults; ``benchmarks/soak.py`` runs a longer form).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, QThreadPool  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from sqlalchemy import create_engine, insert  # noqa: E402

from models import entities as e  # noqa: E402
from models.demo import build_demo  # noqa: E402
from models.records import KINDS  # noqa: E402
from models.store import Workspace  # noqa: E402

TODAY = dt.date(2026, 11, 22)


def build_workspace(path: Path, gaps: int) -> None:
    """The demo, plus ``gaps`` approved evidence items on the focus themes, all past review."""
    build_demo(path, today=TODAY).close()
    with Workspace.open(path) as ws:
        visit = ws.latest_visit()
        assert visit is not None
        focus = [t.id for t in visit.themes]
        first = ws.count(e.EvidenceItem) + 1000
    engine = create_engine(f"sqlite:///{path}")
    now = dt.datetime(2026, 11, 1, 9, 0)
    ids = range(first, first + gaps)
    with engine.begin() as connection:
        connection.execute(insert(e.EvidenceItem), [
            {"id": n, "ref": f"E-{n:05d}", "version": 1, "created_at": now, "updated_at": now,
             "title": f"Team performance pack {n}", "evidence_type": "Performance data",
             "source": "Performance team", "as_at": dt.date(2026, 1, 31), "period": "",
             "owner": f"Head of service {n % 7}", "location": "", "summary": "Monthly measures",
             "direction": "Mixed", "status": "Approved", "include_in_pack": True,
             "contains_personal_data": False, "review_date": dt.date(2026, 6, 30)}
            for n in ids])
        connection.execute(insert(e.evidence_theme), [
            {"evidence_id": n, "theme_id": focus[n % len(focus)]} for n in ids])
    engine.dispose()


def none_count() -> int:
    return sys.getrefcount(None)


def settled_none_count(app: QApplication) -> int:
    """None's count once pending events are handled and garbage is collected.

    Rows and results that are read and dropped hold references to None for a
    while, so the raw count moves both ways during work; the binding's bug makes
    it fall for good, which only a count taken at the same quiet point shows.
    """
    app.processEvents()
    gc.collect()
    return sys.getrefcount(None)


def soak(gaps: int, refreshes: int, bulk: int, edits: int) -> dict[str, object]:
    app = QApplication.instance() or QApplication([])
    QCoreApplication.setOrganizationName("VisitReadySoak")
    QCoreApplication.setApplicationName(f"soak-{os.getpid()}")
    from ui import commands
    from ui.main_window import PAGES, MainWindow

    folder = Path(tempfile.mkdtemp(prefix="visitready-soak-"))
    path = folder / "soak.visitready"
    build_workspace(path, gaps)
    window = MainWindow(data_dir=folder, log_path=folder / "visitready.log", version="soak",
                        today=TODAY)
    window.set_workspace(Workspace.open(path, who="soak"))
    window.resize(1400, 900)
    window.show()
    dashboard = window.pages["Dashboard"]

    def settle() -> None:
        QThreadPool.globalInstance().waitForDone(120_000)
        app.processEvents()

    settle()
    assert dashboard.readiness is not None, "readiness never arrived"
    full = dashboard.readiness
    shown_gaps = len(full.gaps)
    # Every other refresh shows a list that differs (one gap fewer), so the view is reset
    # each time, as after an edit that closes a gap.
    fewer = replace(full, gaps=full.gaps[1:])
    start = lowest = settled_none_count(app)
    samples: list[int] = []  # at the same point, every 100 refreshes
    timings: dict[str, float] = {}

    began = time.perf_counter()
    for n in range(refreshes):
        if n % 100 == 99:
            dashboard.refresh()  # the whole path: read in the background, then show
            settle()
        else:
            dashboard.show_readiness(full if n % 2 else fewer)
            app.processEvents()
        lowest = min(lowest, none_count())
        if n % 100 == 98:
            samples.append(settled_none_count(app))
    timings["refreshes"] = time.perf_counter() - began

    began = time.perf_counter()
    page = window.show_page("Evidence")
    app.processEvents()
    while page.model.rowCount() < bulk and page.model.canFetchMore():
        page.model.fetchMore()
    table = page.table
    table.selectionModel().select(
        _rows(page.model, bulk),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
    chosen = page.selected_records()
    assert len(chosen) == bulk, (len(chosen), bulk)
    page.apply_bulk(chosen, {"owner": "Interim head of service"})
    app.processEvents()
    lowest = min(lowest, none_count())
    window.session.undo_stack.undo()
    app.processEvents()
    window.session.undo_stack.redo()
    app.processEvents()
    lowest = min(lowest, none_count())
    timings["bulk change, undo, redo"] = time.perf_counter() - began

    began = time.perf_counter()
    kind = KINDS["evidence"]
    for n in range(edits):
        window.show_page(PAGES[n % len(PAGES)])
        app.processEvents()
        record = window.session.workspace.get(e.EvidenceItem, chosen[n % len(chosen)].id)
        commands.edit(window.session, kind, record, {"summary": f"Reviewed, round {n}"})
        app.processEvents()
        lowest = min(lowest, none_count())
    settle()
    timings["edits on every page"] = time.perf_counter() - began

    end = settled_none_count(app)
    window.close()
    settle()
    return {"gaps": shown_gaps, "refreshes": refreshes, "bulk": bulk, "edits": edits,
            "none_start": start, "none_lowest": lowest, "none_end": end,
            "none_every_100_refreshes": samples,
            "seconds": {k: round(v, 2) for k, v in timings.items()}}


def _rows(model: object, count: int) -> object:
    from PySide6.QtCore import QItemSelection

    selection = QItemSelection()
    selection.select(model.index(0, 0), model.index(count - 1, 0))  # type: ignore[attr-defined]
    return selection


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gaps", type=int, default=3000)
    parser.add_argument("--refreshes", type=int, default=1000)
    parser.add_argument("--bulk", type=int, default=500)
    parser.add_argument("--edits", type=int, default=200)
    args = parser.parse_args()
    print(json.dumps(soak(args.gaps, args.refreshes, args.bulk, args.edits)), flush=True)


if __name__ == "__main__":
    main()
