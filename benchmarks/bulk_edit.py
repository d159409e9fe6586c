"""A bulk change of 500 records: the app's path against one bare UPDATE of the same rows.

Run by hand: ``python benchmarks/bulk_edit.py [SIZES…] [--records N]``. Times the store and
undo command path the Evidence page uses (``ui.commands.bulk_edit``: one transaction, one
undo step), then undo, against one ``UPDATE … WHERE id IN (…)`` and commit through the bare
driver (sqlite3, or psycopg with ``--postgres URL``), and against the earlier way (one
``update`` transaction per record).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from goals import HEADER, Timing, bare_connection, growth, row  # noqa: E402
from readiness import TODAY, fill, open_workspace  # noqa: E402

from models import entities as e  # noqa: E402
from models.records import KINDS  # noqa: E402

GOAL_S = 1.0


def measure(size: int, records: int, folder: Path, url: str | None = None) -> dict[str, float]:
    from PySide6.QtCore import QCoreApplication

    from ui import commands
    from ui.context import Session

    QCoreApplication.instance() or QCoreApplication([])
    ws = open_workspace(size, folder, url)
    try:
        fill(ws, size)
        session = Session(ws, today=TODAY)
        chosen = ws.page(e.EvidenceItem)[:records]
        start = time.perf_counter()
        commands.bulk_edit(session, KINDS["evidence"], chosen, {"owner": "Interim head"})
        ours = time.perf_counter() - start
        start = time.perf_counter()
        session.undo_stack.undo()
        undo = time.perf_counter() - start
        ids = [x.id for x in chosen]
        raw = bare_connection(ws.url)
        mark = "?" if ws.is_file else "%s"
        try:
            start = time.perf_counter()
            raw.cursor().execute(f"update evidence set owner = {mark}, version = version + 1 "
                                 f"where id in ({','.join([mark] * len(ids))})", ["Bare", *ids])
            raw.commit()
            bare = time.perf_counter() - start
        finally:
            raw.close()
        chosen = ws.page(e.EvidenceItem)[:records]
        start = time.perf_counter()
        for x in chosen:
            ws.update(e.EvidenceItem, x.id, x.version, owner="One by one")
        one_by_one = time.perf_counter() - start
        return {"ours": ours, "undo": undo, "bare": bare, "one by one": one_by_one}
    finally:
        ws.close()


def run(sizes: list[int], url: str | None = None, records: int = 500) -> list[Timing]:
    """Print one row per size (workspace files, or the PostgreSQL database at ``url``);
    return the timings."""
    engine = "PostgreSQL" if url else "SQLite"
    print(f"Bulk change of {records} evidence items (one transaction, one undo step, {engine})\n")
    print(HEADER)
    timings: list[Timing] = []
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            r = measure(size, min(records, size), Path(folder), url)
            print(row(f"bulk edit of {records} ({engine})", size, r["ours"], r["bare"],
                      f"<= {GOAL_S:.0f} s", r["ours"] <= GOAL_S))
            print(row(f"undo of the bulk edit of {records} ({engine})", size, r["undo"], r["bare"],
                      f"<= {GOAL_S:.0f} s", r["undo"] <= GOAL_S), flush=True)
            timings += [(f"bulk edit of {records} ({engine})", size, r["ours"]),
                        (f"undo of the bulk edit of {records} ({engine})", size, r["undo"])]
    print()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 5000, 20000, 50000])
    parser.add_argument("--records", type=int, default=500)
    parser.add_argument("--postgres", help="URL of a PostgreSQL database VisitReady may empty")
    args = parser.parse_args()
    for line in growth(run(args.sizes, args.postgres, records=args.records)):
        print(line)


if __name__ == "__main__":
    main()
