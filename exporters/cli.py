"""`visitready export`: write the briefing pack and evidence log with no display."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from models.briefing import DEFAULT_MARKING, ExportOptions, build_briefing
from models.errors import AppError
from models.store import Workspace

from .safe_text import collecting
from .targets import check_targets, write_exports


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="visitready export",
        description="Write the Word briefing pack and/or the Excel evidence log for a visit.")
    parser.add_argument("workspace", type=Path, help="the workspace file (.visitready)")
    parser.add_argument("--visit", type=int, help="visit number (default: the latest)")
    parser.add_argument("--pack", type=Path, help="Word briefing pack to write (.docx)")
    parser.add_argument("--log", type=Path, help="Excel evidence log to write (.xlsx)")
    parser.add_argument("--themes", default="",
                        help="theme codes, comma separated (default: the visit's focus themes)")
    parser.add_argument("--case-detail", action="store_true",
                        help="list each audited case sample in the pack")
    parser.add_argument("--include-personal-data", action="store_true",
                        help="keep evidence flagged as containing personal data")
    parser.add_argument("--marking", default=DEFAULT_MARKING, help="protective marking text")
    parser.add_argument("--template", type=Path, help="a .docx whose styles the pack uses")
    parser.add_argument("--today", help=argparse.SUPPRESS)
    return parser


def run_export(argv: list[str]) -> int:
    """Run the export command; returns the process exit code."""
    args = _parser().parse_args(argv)
    if not args.pack and not args.log:
        print("visitready export: give --pack PACK.docx, --log LOG.xlsx, or both.",
              file=sys.stderr)
        return 2
    try:
        with Workspace.open(args.workspace) as workspace:
            visits = [v for v in workspace.visits() if v.visit_type != "ILACS inspection"]
            if args.visit is None:
                visit = workspace.latest_visit()
            else:
                visit = next((v for v in visits if v.number == args.visit), None)
            if visit is None:
                known = ", ".join(str(v.number) for v in visits) or "none"
                print(f"visitready export: there is no visit {args.visit} in this workspace "
                      f"(visits: {known}).", file=sys.stderr)
                return 2
            options = ExportOptions(
                visit_id=visit.id,
                theme_codes=tuple(c.strip().upper() for c in args.themes.split(",") if c.strip()),
                include_case_detail=args.case_detail,
                exclude_personal_data=not args.include_personal_data,
                marking=args.marking,
                template=args.template,
            )
            today = dt.date.fromisoformat(args.today) if args.today else None
            check_targets(args.pack, args.log, Path(workspace.location))
            content = build_briefing(workspace, options, today)
            with collecting() as notes:
                written = write_exports(content, args.pack, args.log,
                                        workspace=Path(workspace.location))
            for kind, target in written:
                print(f"{kind} written to {target}")
            for note in notes:
                print(f"Warning: {note}")
            if workspace.read_only:
                print("The workspace is read-only, so these exports are not in its export "
                      "history.")
            else:
                for kind, target in written:
                    workspace.record_export(kind, target, options.as_record())
    except AppError as error:
        print(f"visitready export: {error}", file=sys.stderr)
        return 1
    return 0
