"""`visitready import-annex-a`: import an Annex A return with no display."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from models.errors import AppError
from models.store import Workspace

from .annex_a import import_return, read_return


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="visitready import-annex-a",
        description="Import an Annex A return (an .xlsx with a sheet per list, or one .csv per "
                    "list). Child IDs are kept only as keyed hashes, dates of birth as age bands; "
                    "names, postcodes and worker names are not kept.")
    parser.add_argument("workspace", type=Path, help="the workspace file (.visitready)")
    parser.add_argument("files", type=Path, nargs="+", help="the return: .xlsx, or .csv files")
    parser.add_argument("--as-at", required=True, help="the return's as-at date (YYYY-MM-DD)")
    parser.add_argument("--import-rest", action="store_true",
                        help="when some rows have problems, import the rows without problems")
    return parser


def run_import(argv: list[str]) -> int:
    """Run the command; returns the process exit code."""
    args = _parser().parse_args(argv)
    try:
        as_at = dt.date.fromisoformat(args.as_at)
    except ValueError:
        print(f"visitready import-annex-a: --as-at {args.as_at} is not a date; write YYYY-MM-DD.",
              file=sys.stderr)
        return 2
    try:
        with Workspace.open(args.workspace) as workspace:
            preview = read_return(workspace, args.files, as_at)
            for sheet in preview.sheets:
                print(f"{sheet.source}: {sheet.status}"
                      + (f", {sheet.rows} rows" if sheet.list_number else ""))
                if sheet.missing_columns:
                    print("  columns not in the file: " + "; ".join(sheet.missing_columns))
            for problem in preview.problems:
                print(f"  problem: {problem}")
            print(preview.summary())
            if preview.already_imported is not None:
                print("visitready import-annex-a: this file was already imported "
                      f"({preview.already_imported.label.lower()}); nothing was added.",
                      file=sys.stderr)
                return 1
            if preview.rows_with_problems and not args.import_rest:
                print(f"Nothing imported: {preview.rows_with_problems} rows have problems. "
                      "Correct them, or run again with --import-rest to import the "
                      f"{len(preview.rows)} rows without problems.", file=sys.stderr)
                return 1
            summary = import_return(workspace, preview)
            print(f"Imported {summary.row_count} rows as the return as at {as_at:%d %B %Y}; "
                  "indicators worked out.")
    except AppError as error:
        print(f"visitready import-annex-a: {error}", file=sys.stderr)
        return 1
    return 0
