"""`visitready export`: write the briefing pack, readiness review and evidence log with no display."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import sys
from pathlib import Path

from models import vocabulary as v
from models.briefing import (
    DEFAULT_MARKING,
    BriefingContent,
    ExportOptions,
    briefing_for_export,
    rebuild_from_snapshot,
)
from models.errors import AppError
from models.pack_control import load_control, save_control, snapshots
from models.privacy.export_rule import check_before_export, describe_hits
from models.privacy.keys import PassphraseNeeded, read_passphrase_file
from models.store import Workspace

from .safe_text import collecting
from .targets import check_targets, write_exports

#: Exit status when the export is refused because text looks personal.
PERSONAL_DATA_FOUND = 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="visitready export",
        description="Write the Word briefing pack, the Word readiness review and/or the Excel "
                    "evidence log for a visit. Document control not given here is taken from "
                    "the last export of the same visit.")
    parser.add_argument("workspace", type=Path, help="the workspace file (.visitready)")
    parser.add_argument("--visit", type=int, help="visit number (default: the latest)")
    parser.add_argument("--pack", type=Path, help="Word briefing pack to write (.docx)")
    parser.add_argument("--review", type=Path,
                        help="Word readiness review (the gap list by owner) to write (.docx)")
    parser.add_argument("--log", type=Path, help="Excel evidence log to write (.xlsx)")
    parser.add_argument("--themes", default="",
                        help="theme codes, comma separated (default: the visit's focus themes)")
    parser.add_argument("--case-detail", action="store_true",
                        help="list each audited case sample in the pack (never for members)")
    parser.add_argument("--include-drafts", action="store_true",
                        help="show draft and verified evidence too, each with its status")
    parser.add_argument("--all-themes-appendix", action="store_true",
                        help="the evidence appendix lists every theme, not just the pack's")
    parser.add_argument("--include-personal-data", metavar="REASON", default="",
                        help="include records whose text looks personal, and evidence flagged "
                             "as containing personal data; the reason goes into the export "
                             "register (without it the export is refused when any are found)")
    parser.add_argument("--marking", default=DEFAULT_MARKING, help="protective marking text")
    parser.add_argument("--template", type=Path, help="a .docx whose styles the pack uses")
    control = parser.add_argument_group("document control")
    control.add_argument("--status", choices=v.values(v.PackStatus),
                         help="Final needs --approved-by and --approved-on, and freezes the data")
    control.add_argument("--version", dest="pack_version", help="the pack's version, e.g. 1.0")
    control.add_argument("--author")
    control.add_argument("--approved-by")
    control.add_argument("--approved-on", type=dt.date.fromisoformat, help="YYYY-MM-DD")
    control.add_argument("--audience", choices=v.values(v.Audience),
                         help="which version: sections for members, leaders or staff")
    control.add_argument("--distribute-to", action="append", metavar="NAME",
                         help="one entry of the distribution list (repeat for each)")
    parser.add_argument("--snapshot", type=int, metavar="ID",
                        help="write the pack again from a frozen final pack, read-only")
    parser.add_argument("--list-snapshots", action="store_true",
                        help="list the frozen final packs and stop")
    parser.add_argument("--passphrase-file", type=Path,
                        help="an encrypted workspace's recovery passphrase, the file's first "
                             "line (needed where its key is not in this computer's keyring)")
    parser.add_argument("--today", help=argparse.SUPPRESS)
    return parser


def run_export(argv: list[str]) -> int:
    """Run the export command; returns the process exit code."""
    args = _parser().parse_args(argv)
    if not (args.pack or args.log or args.review or args.list_snapshots):
        print("visitready export: give --pack PACK.docx, --review REVIEW.docx, --log LOG.xlsx, "
              "or several.", file=sys.stderr)
        return 2
    try:
        passphrase = read_passphrase_file(args.passphrase_file) if args.passphrase_file else None
        with Workspace.open(args.workspace, passphrase=passphrase) as workspace:
            if args.list_snapshots:
                for s in snapshots(workspace):
                    print(f"{s.id}\t{s.visit_title}\tversion {s.version}\tapproved by "
                          f"{s.approved_by} on {s.approved_on}\tSHA-256 {s.data_sha256}")
                return 0
            if args.snapshot is not None:
                content = rebuild_from_snapshot(workspace, args.snapshot)
                return _write(workspace, content, args)
            visits = [x for x in workspace.visits() if x.visit_type != "ILACS inspection"]
            if args.visit is None:
                visit = workspace.latest_visit()
            else:
                visit = next((x for x in visits if x.number == args.visit), None)
            if visit is None:
                known = ", ".join(str(x.number) for x in visits) or "none"
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
            changes = {name: value for name, value in (
                ("status", args.status), ("version", args.pack_version), ("author", args.author),
                ("approved_by", args.approved_by), ("approved_on", args.approved_on),
                ("audience", args.audience),
                ("distribution", tuple(args.distribute_to) if args.distribute_to else None))
                if value is not None}
            control = dataclasses.replace(load_control(workspace, visit.id), **changes)
            control.check()
            options = ExportOptions(
                visit_id=visit.id,
                theme_codes=tuple(c.strip().upper() for c in args.themes.split(",") if c.strip()),
                include_case_detail=args.case_detail,
                exclude_personal_data=not reason,
                personal_data_reason=reason,
                marking=args.marking,
                template=args.template,
                control=control,
                include_drafts=args.include_drafts,
                all_themes_appendix=args.all_themes_appendix,
            )
            today = dt.date.fromisoformat(args.today) if args.today else None
            check_targets(args.pack, args.log, Path(workspace.location), review=args.review)
            content = briefing_for_export(workspace, options, today)
            if not workspace.read_only:
                save_control(workspace, visit.id, control)
            return _write(workspace, content, args)
    except PassphraseNeeded as error:
        print(f"visitready export: {error.message} Give its recovery passphrase with "
              "--passphrase-file FILE.", file=sys.stderr)
        return 1
    except AppError as error:
        print(f"visitready export: {error}", file=sys.stderr)
        return 1


def _write(workspace: Workspace, content: BriefingContent, args: argparse.Namespace) -> int:
    """Write every file asked for (all or none), then say what was written and any warnings."""
    with collecting() as notes:
        written = write_exports(content, args.pack, args.log, review=args.review,
                                workspace=Path(workspace.location))
    for kind, target in written:
        print(f"{kind} written to {target}")
    for note in notes:
        print(f"Warning: {note}")
    if workspace.read_only:
        print("The workspace is read-only, so these exports are not in its export history.")
    else:
        for kind, target in written:
            workspace.record_export(kind, target, content.options.as_record())
    return 0
