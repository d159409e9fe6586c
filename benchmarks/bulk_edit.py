"""A bulk change of 500 records: the app's path against one bare UPDATE of the same rows.

Run by hand: ``python benchmarks/bulk_edit.py [SIZES…] [--records N]``. Times the store and
undo command path the Evidence page uses (``ui.commands.bulk_edit``: one transaction, one
undo step), then undo, against one ``UPDATE … WHERE id IN (…)`` and commit through the bare
sqlite3 driver, and against the earlier way (one ``update`` transaction per record).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from goals import HEADER, Timing, growth, row  # noqa: E402
from readiness import TODAY, fill  # noqa: E402

from models import entities as e  # noqa: E402
from models.records import KINDS  # noqa: E402
from models.store import Workspace  # noqa: E402

GOAL_S = 1.0


def measure(size: int, records: int, folder: Path) -> dict[str, float]:
    from PySide6.QtCore import QCoreApplication

    from ui import commands
    from ui.context import Session

    QCoreApplication.instance() or QCoreApplication([])
    path = folder / f"bulk{size}.visitready"
    ws = Workspace.create(path, who="bench")
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
        with sqlite3.connect(path) as raw:
            start = time.perf_counter()
            raw.execute(f"update evidence set owner = ?, version = version + 1 where id in "
                        f"({','.join('?' * len(ids))})", ["Bare", *ids])
            raw.commit()
            bare = time.perf_counter() - start
        chosen = ws.page(e.EvidenceItem)[:records]
        start = time.perf_counter()
        for x in chosen:
            ws.update(e.EvidenceItem, x.id, x.version, owner="One by one")
        one_by_one = time.perf_counter() - start
        return {"ours": ours, "undo": undo, "bare": bare, "one by one": one_by_one}
    finally:
        ws.close()


def run(sizes: list[int], url: str | None = None, records: int = 500) -> list[Timing]:
    """Print one row per size (SQLite workspace files; ``url`` is not used); return timings."""
    print(f"Bulk change of {records} evidence items (one transaction, one undo step)\n")
    print(HEADER)
    timings: list[Timing] = []
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            r = measure(size, min(records, size), Path(folder))
            print(row(f"bulk edit of {records}", size, r["ours"], r["bare"],
                      f"<= {GOAL_S:.0f} s", r["ours"] <= GOAL_S))
            print(row(f"undo of the bulk edit of {records}", size, r["undo"], r["bare"],
                      f"<= {GOAL_S:.0f} s", r["undo"] <= GOAL_S), flush=True)
            timings.append((f"bulk edit of {records}", size, r["ours"]))
    print()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 5000, 20000, 50000])
    parser.add_argument("--records", type=int, default=500)
    args = parser.parse_args()
    for line in growth(run(args.sizes, records=args.records)):
        print(line)


if __name__ == "__main__":
    main()
