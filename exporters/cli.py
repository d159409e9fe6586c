"""`visitready export`: write the briefing pack and evidence log with no display."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from models.briefing import DEFAULT_MARKING, ExportOptions, build_briefing
from models.errors import AppError
from models.privacy.export_rule import check_before_export, describe_hits
from models.privacy.keys import PassphraseNeeded, read_passphrase_file
from models.store import Workspace

from .excel import write_evidence_log
from .word import write_briefing_pack

#: Exit status when the export is refused because text looks personal.
PERSONAL_DATA_FOUND = 3


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
    parser.add_argument("--include-personal-data", metavar="REASON", default="",
                        help="include records whose text looks personal, and evidence flagged "
                             "as containing personal data; the reason goes into the export "
                             "register (without it the export is refused when any are found)")
    parser.add_argument("--marking", default=DEFAULT_MARKING, help="protective marking text")
    parser.add_argument("--template", type=Path, help="a .docx whose styles the pack uses")
    parser.add_argument("--passphrase-file", type=Path,
                        help="an encrypted workspace's recovery passphrase, the file's first "
                             "line (needed where its key is not in this computer's keyring)")
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
        passphrase = read_passphrase_file(args.passphrase_file) if args.passphrase_file else None
        with Workspace.open(args.workspace, passphrase=passphrase) as workspace:
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
            reason = args.include_personal_data.strip()
            hits = check_before_export(workspace, visit.id)
            if hits and not reason:
                print(f"visitready export: {len(hits)} field(s) look like they hold personal "
                      "data; nothing was written:", file=sys.stderr)
                for line in describe_hits(hits):
                    print(f"  {line}", file=sys.stderr)
                print("Edit them out in VisitReady, or export anyway with "
                      "--include-personal-data \"REASON\" (the reason is recorded).",
                      file=sys.stderr)
                return PERSONAL_DATA_FOUND
            options = ExportOptions(
                visit_id=visit.id,
                theme_codes=tuple(c.strip().upper() for c in args.themes.split(",") if c.strip()),
                include_case_detail=args.case_detail,
                exclude_personal_data=not reason,
                personal_data_reason=reason,
                marking=args.marking,
                template=args.template,
            )
            today = dt.date.fromisoformat(args.today) if args.today else None
            content = build_briefing(workspace, options, today)
            for kind, target, writer in (("Briefing pack", args.pack, write_briefing_pack),
                                         ("Evidence log", args.log, write_evidence_log)):
                if target:
                    writer(content, target)
                    workspace.record_export(kind, target, options.as_record())
                    print(f"{kind} written to {target}")
    except PassphraseNeeded as error:
        print(f"visitready export: {error.message} Give its recovery passphrase with "
              "--passphrase-file FILE.", file=sys.stderr)
        return 1
    except AppError as error:
        print(f"visitready export: {error}", file=sys.stderr)
        return 1
    return 0
