"""`visitready import-log`: preview (and with --apply, bring in) an edited evidence log, no display needed."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from models.errors import AppError
from models.store import Workspace

from .evidence_log import LogFromAnotherWorkspace
from .log_apply import apply_preview
from .log_compare import ConflictPolicy, RowClass, preview_log
from .log_report import save_report, summary_text


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="visitready import-log",
        description="Compare an edited evidence log with the workspace and print what would "
                    "change. Nothing is written unless you add --apply.")
    parser.add_argument("workspace", type=Path, help="the workspace file (.visitready)")
    parser.add_argument("log", type=Path, help="the edited evidence log (.xlsx)")
    parser.add_argument("--apply", action="store_true",
                        help="write the changes (one transaction: all of them or none)")
    parser.add_argument("--on-conflict", choices=[p.value for p in ConflictPolicy],
                        default=ConflictPolicy.STOP.value,
                        help="a field changed in both the file and the workspace: stop and write "
                             "nothing (default), skip those rows, or let the file or the "
                             "workspace win")
    parser.add_argument("--other-workspace", action="store_true",
                        help="import a log exported from another workspace (every difference "
                             "becomes a conflict)")
    parser.add_argument("--report", type=Path, help="also save the summary to this text file")
    return parser


def run_import_log(argv: list[str]) -> int:
    """Run the import-log command; returns the process exit code.

    0: previewed (or applied) with no problems; 1: nothing could be done (a bad
    file, a conflict with --on-conflict stop, a refused write); 3: applied or
    previewed, but some rows have problems and were left out.
    """
    args = _parser().parse_args(argv)
    policy = ConflictPolicy(args.on_conflict)
    try:
        with Workspace.open(args.workspace) as workspace:
            preview = preview_log(workspace, args.log, allow_other_workspace=args.other_workspace)
            preview.resolve_all(policy)
            applied = False
            if args.apply:
                if policy is ConflictPolicy.STOP and preview.conflicts:
                    print(summary_text(preview, applied=False))
                    print(f"visitready import-log: {len(preview.conflicts)} conflicting value(s); "
                          "nothing was written. Choose --on-conflict skip, file-wins or "
                          "workspace-wins, or resolve them in the app.", file=sys.stderr)
                    return 1
                if preview.to_write():
                    apply_preview(workspace, preview)
                    applied = True
            print(summary_text(preview, applied=applied), end="")
            if args.report:
                save_report(preview, args.report, applied=applied)
            if not args.apply:
                print("Preview only: add --apply to write these changes.")
            elif not applied:
                print("Nothing to write: the workspace already has everything in the log.")
    except LogFromAnotherWorkspace as error:
        print(f"visitready import-log: {error.message} Add --other-workspace to import it here "
              "anyway.", file=sys.stderr)
        return 1
    except AppError as error:
        print(f"visitready import-log: {error}", file=sys.stderr)
        return 1
    bad = preview.totals()
    return 3 if (bad[RowClass.INVALID] or bad[RowClass.UNKNOWN] or bad[RowClass.DUPLICATE]) else 0
