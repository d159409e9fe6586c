"""Every speed goal of VisitReady, measured as a ratio in one run, at 1,000 to 50,000 items.

Run by hand: ``python benchmarks/run_all.py [SIZES…] [--postgres URL]``. With
``--postgres`` (or ``VISITREADY_TEST_POSTGRES`` set) the database benchmarks run on
that server too; it must be a database VisitReady may empty. Copy the output into
benchmarks/RESULTS.md with the machine and the date.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import bulk_edit  # noqa: E402
import memory  # noqa: E402
import readiness  # noqa: E402

#: Goals of the speed work that no script here measures yet, so the output says so.
NOT_MEASURED = [
    "list scrolling to the end <= 2x one query (benchmarks/evidence_page.py measures one page)",
    "search keystroke to result <= 50 ms",
    "first painted window <= 3x a bare QMainWindow",
    "Excel log and Word pack ratios (benchmarks/excel_log.py measures the log)",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 5000, 20000, 50000])
    parser.add_argument("--postgres", default=os.environ.get("VISITREADY_TEST_POSTGRES"),
                        help="URL of a PostgreSQL database to empty and use")
    args = parser.parse_args()
    print(f"VisitReady benchmarks: Python {platform.python_version()}, {platform.system()}, "
          f"{os.cpu_count()} cores\n")
    readiness.run(args.sizes)
    if args.postgres:
        readiness.run(args.sizes, args.postgres)
    else:
        print("PostgreSQL: not run (give --postgres URL or set VISITREADY_TEST_POSTGRES)\n")
    sys.argv = [sys.argv[0], *map(str, args.sizes)]
    bulk_edit.main()
    print()
    memory.main()
    print("\nNot measured by this script yet:")
    for goal in NOT_MEASURED:
        print(f"- {goal}")


if __name__ == "__main__":
    main()
