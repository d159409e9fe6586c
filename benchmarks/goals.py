"""The one table format every benchmark prints for run_all, and the growth check over it."""

from __future__ import annotations

import gc
import math
import time
from collections.abc import Callable
from typing import Any

HEADER = ("| operation | items | VisitReady | baseline | ratio | goal | met |\n"
          "|---|---:|---:|---:|---:|---|---|")

#: (operation, items, VisitReady's seconds): what the growth check reads.
Timing = tuple[str, int, float]


def best(work: Callable[[], object], runs: int = 5) -> float:
    """The fastest of ``runs`` timings of ``work``, in seconds.

    As ``timeit`` does, the garbage collector is kept out of the timings (collected
    before, paused during each run): a collection started by earlier work, and longer
    the more objects earlier sizes left alive, would otherwise land in whichever side
    happened to run.
    """
    times = []
    gc.collect()
    for _ in range(runs):
        gc.disable()
        try:
            start = time.perf_counter()
            work()
            times.append(time.perf_counter() - start)
        finally:
            gc.enable()
    return min(times)


def best_in_turn(ours: Callable[[], object], bare: Callable[[], object],
                 runs: int = 20) -> tuple[float, float]:
    """The fastest of ``runs`` timings of each, taken in turn (one of ours, one of the
    bare library's, and so on), so that a busy moment of the machine falls on both sides
    rather than on a block of one of them."""
    mine, theirs = [], []
    for _ in range(runs):
        mine.append(best(ours, 1))
        theirs.append(best(bare, 1))
    return min(mine), min(theirs)


def row(operation: str, items: int, ours: float, baseline: float, goal: str, met: bool | str,
        unit: str = "s") -> str:
    """One line: ``operation | items | VisitReady | baseline | ratio | goal | met`` (``met``
    in words where the goal is not set at this size)."""
    def shown(value: float) -> str:
        return f"{value * 1000:.1f} ms" if unit == "s" and value < 1 else f"{value:.2f} {unit}"
    return (f"| {operation} | {items:,} | {shown(ours)} | {shown(baseline)} | "
            f"{ours / baseline:.2f}x | {goal} | "
            f"{met if isinstance(met, str) else 'yes' if met else 'NO'} |")


def growth(timings: list[Timing]) -> list[str]:
    """Cost per item at the largest size against the smallest, per operation.

    Any operation whose time grows faster than its input (exponent over 1.15 between the
    smallest and largest size) is flagged as a defect.
    """
    lines = []
    for operation in dict.fromkeys(t[0] for t in timings):
        points = sorted((n, s) for op, n, s in timings if op == operation and s > 0)
        if len(points) < 2 or points[0][0] == points[-1][0]:
            continue
        (lo, t_lo), (hi, t_hi) = points[0], points[-1]
        exponent = math.log(t_hi / t_lo) / math.log(hi / lo)
        per_item = (t_hi / hi) / (t_lo / lo)
        verdict = "FASTER THAN LINEAR: a defect" if exponent > 1.15 else "linear or better"
        lines.append(f"| {operation} | {lo:,} → {hi:,} | n^{exponent:.2f} | "
                     f"{per_item:.2f}x per item | {verdict} |")
    return lines


def bare_connection(url: str) -> Any:
    """A DB-API connection to a workspace's database through the bare driver (sqlite3 or
    psycopg): the baseline side of a database benchmark."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        import sqlite3

        return sqlite3.connect(parsed.database or "")
    import psycopg

    return psycopg.connect(parsed.set(drivername="postgresql").render_as_string(
        hide_password=False))
