"""Annex A: import, indicators and a draw on a 20,000-row return, against openpyxl reading the same file.

Run by hand: ``python benchmarks/annex_a.py [ROWS]`` (default about 20,000 rows).
Each figure is a ratio against openpyxl's read-only mode reading every cell of the same
file in the same run (alternating runs, best of three). The targets: import at most 2x the
read; all indicators under 1x the read; a draw over 20,000 children under 0.2 s.
Record results in benchmarks/RESULTS.md.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from openpyxl import load_workbook  # noqa: E402

from importers.annex_a import read_return  # noqa: E402
from importers.annex_a_demo import write_synthetic_return  # noqa: E402
from models import annex, indicators, sampling  # noqa: E402
from models.annex import ChildRow  # noqa: E402
from models.store import Workspace  # noqa: E402

AS_AT = dt.date(2026, 11, 1)
TODAY = dt.date(2026, 11, 22)


def _bare_read(path: Path) -> int:
    """openpyxl read-only: every cell of every sheet, nothing else."""
    book = load_workbook(path, read_only=True, data_only=True)
    cells = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            cells += len(row)
    book.close()
    return cells


def _timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def main(rows_wanted: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        source = write_synthetic_return(tmp / "return.xlsx", AS_AT,
                                        children=int(rows_wanted / 1.85), seed=11)
        reads, imports, computes = [], [], []
        rows = 0
        for attempt in range(3):
            reads.append(_timed(lambda: _bare_read(source)))
            with Workspace.create(tmp / f"ws{attempt}.visitready", who="bench") as workspace:
                annex.child_key_secret(workspace)  # made once per workspace, not per import

                def run_import(ws: Workspace = workspace) -> None:
                    preview = read_return(ws, [source], AS_AT)
                    annex.save_return(ws, AS_AT, preview.file_names, preview.sha256,
                                      preview.rows, left_out=preview.rows_with_problems,
                                      importer_version=1)

                imports.append(_timed(run_import))
                (summary,) = annex.returns(workspace)
                rows = summary.row_count + summary.left_out
                computes.append(_timed(lambda ws=workspace, r=summary.id:
                                       indicators.compute_and_store(ws, r)))
        read, imported, computed = min(reads), min(imports), min(computes)
        print(f"return: {rows:,} rows over lists 1-10 ({source.stat().st_size / 2**20:.1f} MiB)")
        print(f"{'step':<36} {'best s':>7} {'median s':>9} {'x read':>7}")
        for name, runs in (("openpyxl read-only read (bare)", reads),
                           ("import: read, check, minimise, store", imports),
                           ("all indicators: read rows, compute, store", computes)):
            print(f"{name:<36} {min(runs):>7.2f} {statistics.median(runs):>9.2f} "
                  f"{min(runs) / read:>7.2f}")
        print(f"import / read = {imported / read:.2f} (target <= 2); "
              f"indicators / read = {computed / read:.2f} (target < 1)")

        # A draw over 20,000 children: the engine alone, then end to end on the imported return.
        children = [ChildRow(n, 8 if n % 3 else 9, n, f"{n:064x}", ["5-9", "10-15", "16-17"][n % 3],
                             ["Male", "Female"][n % 2], "WBRI", "No", f"Team {n % 7}", True, {})
                    for n in range(20_000)]
        params = sampling.DrawParameters(lists=(8, 9), strata=("list", "team", "age_band"),
                                         size=30, seed="benchmark", open_only=False)
        engine = min(_timed(lambda: sampling.draw(sampling.build_frame(children, params, AS_AT),
                                                  params)) for _ in range(3))
        with Workspace.open(tmp / "ws0.visitready", who="bench") as workspace:
            (summary,) = annex.returns(workspace)
            visit = workspace.add_visit(number=1, visit_type="Monitoring visit", status="Planned")
            everyone = sampling.DrawParameters(lists=tuple(range(1, 11)),
                                               strata=("list", "age_band"), size=30,
                                               seed="benchmark", open_only=False)
            frame = sampling.build_frame(annex.rows(workspace, summary.id), everyone, AS_AT)
            made: list[int] = []
            end_to_end = _timed(lambda: made.append(len(sampling.make_draw(
                workspace, visit.id, summary.id, everyone, TODAY).cases)))
        print(f"draw over 20,000 children (frame, rank, pick): {engine:.3f} s (target < 0.2)")
        print(f"draw on the imported return ({len(frame.members):,} children, reading rows, "
              f"making {made[0]} case samples): {end_to_end:.3f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)
