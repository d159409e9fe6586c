"""Evidence log import at 50,000 rows: the preview against openpyxl, applying against SQLAlchemy.

Run by hand: ``python benchmarks/evidence_log_import.py [ROWS]`` (default 50000).
Two figures, each a ratio against the bare library doing the same work in the
same run (alternating, best of three):

- preview: reading and classifying an edited log, against openpyxl's read-only
  mode reading every row of the same file and doing nothing else (also shown:
  the bare read with Python's cycle collector paused, as the preview pauses it);
- apply: writing the status change of every evidence item (with version checks,
  the change history and the import record), against SQLAlchemy's ORM bulk
  UPDATE by primary key of the same rows (with the version check the mapper
  asks for) on a copy of the same workspace.

Record the results in benchmarks/RESULTS.md.
"""

from __future__ import annotations

import datetime as dt
import gc
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from openpyxl import load_workbook  # noqa: E402
from sqlalchemy import insert, update  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from exporters.excel import HEADER_ROW, write_evidence_log  # noqa: E402
from importers.log_apply import apply_preview  # noqa: E402
from importers.log_compare import RowClass, preview_log  # noqa: E402
from models import entities as e  # noqa: E402
from models.briefing import ExportOptions, build_briefing  # noqa: E402
from models.dialect import make_engine, sqlite_url  # noqa: E402
from models.store import Workspace  # noqa: E402

TODAY = dt.date(2026, 11, 22)


def _workspace(path: Path, rows: int) -> None:
    """A workspace with a visit and ``rows`` evidence items, written in bulk (setup only)."""
    ws = Workspace.create(path, who="bench", authority="Benchmark Council")
    themes = ws.themes()
    ws.add_visit(number=1, visit_type="Monitoring visit", status="Planned",
                 start_date=dt.date(2026, 12, 8), themes=[themes[0].id, themes[1].id])
    stamp = dt.datetime(2026, 11, 1, 9, 0)
    with ws.transaction() as s:
        s.execute(insert(e.EvidenceItem.__table__), [{
            "id": n, "ref": f"E-{n:05d}", "version": 1, "created_at": stamp, "updated_at": stamp,
            "title": f"Performance clinic pack {n}: front door measures",
            "evidence_type": "Performance data", "source": "Performance team",
            "as_at": dt.date(2026, 10, 31), "period": "October 2026",
            "owner": "Performance analyst", "location": f"Evidence/pack-{n}.pdf",
            "summary": "Monthly measures and exceptions discussed with team managers.",
            "direction": "Mixed", "status": "Draft", "include_in_pack": True,
            "contains_personal_data": False, "review_date": dt.date(2027, 1, 31),
        } for n in range(1, rows + 1)])
        s.execute(insert(e.evidence_theme), [
            {"evidence_id": n, "theme_id": themes[n % 2].id} for n in range(1, rows + 1)])
        s.add(e.ReferenceCounter(prefix="E", last_number=rows))
    ws.close()


def _edited_log(path: Path, folder: Path) -> Path:
    """Export the log, then set every evidence item's status to Verified, as in Excel."""
    with Workspace.open(path, who="bench") as ws:
        visit = ws.latest_visit()
        assert visit is not None
        content = build_briefing(ws, ExportOptions(visit_id=visit.id), TODAY)
        log = write_evidence_log(content, folder / "log.xlsx")
    book = load_workbook(log)
    sheet = book["Evidence"]
    status = next(c.column for c in sheet[HEADER_ROW] if c.value == "Status")
    for row in range(HEADER_ROW + 1, sheet.max_row + 1):
        sheet.cell(row, status).value = "Verified"
    edited = folder / "edited.xlsx"
    book.save(edited)
    return edited


def _bare_read(log: Path) -> int:
    book = load_workbook(log, read_only=True, data_only=True)
    cells = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            cells += len(row)
    book.close()
    return cells


def _bare_read_paused(log: Path) -> int:
    gc.disable()
    try:
        return _bare_read(log)
    finally:
        gc.enable()


def _bare_update(path: Path, ids: list[int]) -> None:
    engine = make_engine(sqlite_url(path))
    with Session(engine) as s:
        s.execute(update(e.EvidenceItem),
                  [{"id": i, "version": 1, "status": "Verified"} for i in ids])
        s.commit()
    engine.dispose()


def _timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def main(rows: int) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        master = folder / "master.visitready"
        print(f"Setting up {rows:,} evidence items and an edited log ...", flush=True)
        _workspace(master, rows)
        log = _edited_log(master, folder)
        ws = Workspace.open(master, who="bench")
        preview = None
        ours_read: list[float] = []
        bare_read: list[float] = []
        bare_paused: list[float] = []
        for _ in range(3):
            bare_read.append(_timed(lambda: _bare_read(log)))
            bare_paused.append(_timed(lambda: _bare_read_paused(log)))
            start = time.perf_counter()
            preview = preview_log(ws, log)
            ours_read.append(time.perf_counter() - start)
        ws.close()
        assert preview is not None
        assert preview.totals()[RowClass.FILE_CHANGE] == rows, preview.totals()
        ids = [o.record_id for o in preview.rows if o.cls is RowClass.FILE_CHANGE]
        ours_apply: list[float] = []
        bare_apply: list[float] = []
        for n in range(3):
            copy = folder / f"bare-{n}.visitready"
            shutil.copy(master, copy)
            bare_apply.append(_timed(lambda c=copy: _bare_update(c, ids)))  # type: ignore[misc]
            copy = folder / f"ours-{n}.visitready"
            shutil.copy(master, copy)
            with Workspace.open(copy, who="bench") as target:
                ours_apply.append(_timed(lambda t=target: apply_preview(t, preview)))  # type: ignore[misc]
                assert target.by_ref(e.EvidenceItem, "E-00001").status == "Verified"  # type: ignore[union-attr]
        print(f"{'step':<28} {'ours s':>8} {'bare s':>8} {'ratio':>6}")
        for label, ours, bare in (("preview (read + classify)", ours_read, bare_read),
                                  ("  against paused bare read", ours_read, bare_paused),
                                  (f"apply {rows:,} updates", ours_apply, bare_apply)):
            print(f"{label:<28} {min(ours):8.2f} {min(bare):8.2f} {min(ours) / min(bare):6.2f}"
                  f"   (medians {sorted(ours)[1]:.2f} / {sorted(bare)[1]:.2f})")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50_000)
