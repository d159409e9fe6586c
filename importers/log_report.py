"""The import summary in words: counts per sheet and class, every change, conflict and problem."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .log_compare import Preview


def _show(value: Any) -> str:
    from .log_compare import _display

    text = _display(value).replace("\n", " / ")
    return text if len(text) <= 80 else text[:77] + "\u2026"


def counts_record(preview: Preview) -> dict[str, int]:
    """Totals per class (by the class's words), plus what will be written."""
    totals = {cls.value: n for cls, n in preview.totals().items()}
    totals["Rows to write"] = len(preview.to_write())
    totals["Problems"] = len(preview.errors)
    totals["Warnings"] = len(preview.warnings)
    return totals


def summary_text(preview: Preview, *, applied: bool) -> str:
    """The whole summary as plain text, for the terminal and the saved report."""
    from .log_compare import RowClass

    identity = preview.log.identity
    lines = [
        f"Evidence log import: {preview.file_name}",
        f"SHA-256: {preview.sha256}",
        f"Exported from \u201c{identity.workspace_name}\u201d on "
        f"{identity.exported_at:%d %b %Y %H:%M} by {identity.exported_by} "
        f"(export {identity.export_id}), for {identity.visit_title}",
        f"Compared with \u201c{preview.workspace_name}\u201d on {dt.datetime.now():%d %b %Y %H:%M}",
    ]
    if preview.other_workspace:
        lines.append("Warning: the log came from another workspace; every difference is a "
                     "conflict.")
    lines.append("Applied: every change below was written." if applied else
                 "Preview only: nothing has been written.")
    lines.append("")
    classes = [c for c in RowClass if preview.totals()[c]]
    lines.append("Rows by sheet:")
    for sheet, counts in preview.counts().items():
        parts = [f"{counts[c]} {c.value.lower()}" for c in classes if counts[c]]
        lines.append(f"  {sheet}: " + (", ".join(parts) if parts else "no rows"))
    lines.append(f"Rows that write to the workspace: {len(preview.to_write())}")
    lines.append("")
    writing = preview.to_write()
    if writing:
        lines.append("Changes:")
        for o in writing:
            where = f"{o.sheet} row {o.row}"
            if o.cls is RowClass.NEW:
                title = next((_show(c.file) for c in o.changes), "")
                lines.append(f"  {where}: new {o.kind.replace('_', ' ')}"
                             + (f" {o.ref}" if o.ref else "") + f": {title}")
                continue
            for c in o.changes:
                if not c.applies:
                    continue
                lines.append(f"  {where} {o.ref} {c.label}: {_show(c.workspace)!s} \u2192 "
                             f"{_show(c.file)}")
        lines.append("")
    conflicts = preview.conflicts
    if conflicts:
        lines.append("Conflicts (exported / file / workspace \u2192 choice):")
        for o, c in conflicts:
            choice = "row left out" if o.skipped else (c.choice.value if c.choice else "not chosen")
            lines.append(f"  {o.sheet} row {o.row} {o.ref} {c.label}: {_show(c.exported)} / "
                         f"{_show(c.file)} / {_show(c.workspace)} \u2192 {choice}")
        lines.append("")
    for title, cls in (("Kept as in the workspace (changed there since export)",
                        RowClass.WORKSPACE_CHANGE),
                       ("Deleted in the workspace since export (not brought back)",
                        RowClass.DELETED),
                       ("Missing from the file (left as they are; never deleted)",
                        RowClass.MISSING)):
        refs = [o.ref for o in preview.rows if o.cls is cls]
        if refs:
            lines.append(f"{title}: " + ", ".join(refs[:200])
                         + (f" and {len(refs) - 200} more" if len(refs) > 200 else ""))
    if preview.problems:
        lines.append("")
        lines.append("Problems (rows with an error are left out) and warnings:")
        for p in preview.problems:
            lines.append(f"  {p.severity}: {p.sheet} row {p.row}, column {p.column}: "
                         f"\u201c{_show(p.value)}\u201d; expected {p.expected}")
    return "\n".join(lines) + "\n"


def save_report(preview: Preview, path: Path | str, *, applied: bool) -> Path:
    """Write the summary to a text file (all or nothing)."""
    from exporters.common import safe_output

    path = Path(path)
    with safe_output(path) as part:
        part.write_text(summary_text(preview, applied=applied), encoding="utf-8")
    return path
