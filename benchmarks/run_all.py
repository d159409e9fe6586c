"""Every speed goal of VisitReady, measured as a ratio in one run, at 1,000 to 50,000 items.

Run by hand: ``python benchmarks/run_all.py [SIZES…] [--postgres URL]``. With
``--postgres`` (or ``VISITREADY_TEST_POSTGRES`` set) the database benchmarks run on
that server too; it must be a database VisitReady may empty. Each module listed in
``MODULES`` has ``run(sizes, url=None)``, prints rows
``operation | items | VisitReady | baseline | ratio | goal | met`` and returns its
timings; the growth table at the end flags any operation whose cost per item grows
with the workspace. Copy the output into benchmarks/RESULTS.md with the machine and the date.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import inspect
import os
import platform
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from goals import Timing, growth  # noqa: E402

#: The goal each benchmark module measures; a module not here yet is reported as such.
MODULES = {
    "readiness": "readiness by SQL and the dashboard after an edit",
    "bulk_edit": "bulk edit of 500 records",
    "first_paint": "the first painted window",
    "memory": "memory with the window open",
    "lists": "scrolling a list to its end, and a search keystroke to result",
    "excel_log": "the Excel evidence log",
    "word_pack": "the Word briefing pack",
}
#: Modules that measure the database and so run on PostgreSQL too.
ON_THE_SERVER = ("readiness", "bulk_edit", "lists")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 5000, 20000, 50000])
    parser.add_argument("--postgres", default=os.environ.get("VISITREADY_TEST_POSTGRES"),
                        help="URL of a PostgreSQL database to empty and use")
    parser.add_argument("--only", nargs="*", default=None, help="run only these modules")
    args = parser.parse_args()
    print(f"VisitReady benchmarks, {dt.date.today():%d %B %Y}: Python "
          f"{platform.python_version()}, {platform.system()} {platform.machine()}, "
          f"{os.cpu_count()} cores\n")
    timings: list[Timing] = []
    missing: list[str] = []
    for name, goal in MODULES.items():
        if args.only is not None and name not in args.only:
            continue
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError:
            missing.append(f"{goal} (benchmarks/{name}.py)")
            continue
        run = getattr(module, "run", None)
        if run is None or "url" not in inspect.signature(run).parameters:
            missing.append(f"{goal} (benchmarks/{name}.py has no run(sizes, url=None))")
            continue
        timings += run(args.sizes) or []
        if name in ON_THE_SERVER:
            if args.postgres:
                timings += run(args.sizes, url=args.postgres) or []
            else:
                print(f"{goal} on PostgreSQL: not run (give --postgres URL or set "
                      "VISITREADY_TEST_POSTGRES)\n")
    print("Growth: cost at the largest size against the smallest\n")
    print("| operation | sizes | time grows as | cost per item | verdict |\n|---|---|---|---|---|")
    for line in growth(timings):
        print(line)
    if missing:
        print("\nNot measured by this run:")
        for goal in missing:
            print(f"- {goal}")


if __name__ == "__main__":
    main()
