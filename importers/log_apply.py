"""Apply a previewed evidence log in one transaction, and take it back again (undo, redo).

Updates go out as one UPDATE per group of rows changing the same fields, each
naming the version the preview saw: if any record changed since the preview,
nothing is written. Every change goes into the change history marked with the
import (file name and SHA-256 are on the import record).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, case, delete, insert, select, update
from sqlalchemy.orm import Session

from models import entities as e
from models.approvals import check_moves
from models.checklist_plan import PLAN_FIELDS, settle
from models.errors import ConflictError, ValidationError
from models.log_format import NO_VISIT
from models.records import KINDS, FieldType, RecordKind
from models.store import CapturedRows, Workspace, now
from models.text_warnings import refresh

from .log_compare import Preview, RowClass, _Context, _secondary
from .log_report import counts_record, summary_text


@dataclass
class RecordWrite:
    """One record's imported change: field values before and after (as the log shows them).

    Attributes:
        kind: Record kind name.
        record_id: Its id.
        ref: Its reference.
        version: The version the next write expects (moves on with each write).
        before: Field name to value before the import.
        after: Field name to value the import wrote.
        approvals: For an evidence item whose status the import changed: each side
            ("before", "after") to who verified and approved it then, and when, so an
            undo or a redo puts back exactly those (see :func:`_approvals`).
    """

    kind: str
    record_id: int
    ref: str
    version: int
    before: dict[str, Any]
    after: dict[str, Any]
    approvals: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass
class CreatedRecord:
    kind: str
    record_id: int
    ref: str
    version: int = 1
    rows: CapturedRows | None = None


@dataclass
class AppliedImport:
    """What an applied import did, kept for undo and redo.

    Attributes:
        import_id: The import record.
        file_name: The log's file name.
        updates: Records changed.
        created: Records created from new rows.
        undone: Whether it is currently taken back.
    """

    import_id: int
    file_name: str
    updates: list[RecordWrite]
    created: list[CreatedRecord]
    context: _Context
    undone: bool = False
    counts: dict[str, int] = field(default_factory=dict)


def _store_value(kind: RecordKind, name: str, value: Any, ctx: _Context) -> Any:
    """A value as the log shows it (codes, references, names) in the form the store keeps."""
    spec = kind.field(name)
    if spec.type is FieldType.LINKS:
        return [ctx.ids[spec.target][t] for t in value]
    if spec.type is FieldType.LINK:
        if value in ("", None, NO_VISIT):
            return None
        return ctx.label_ids[spec.target][value]
    if spec.type is FieldType.LONG_TEXT or spec.type is FieldType.TEXT:
        return "" if value is None else value
    return value


def _history_text(kind: RecordKind, name: str, value: Any, ctx: _Context) -> str | None:
    """A value as the change history writes it (the same form the store's own edits use)."""
    spec = kind.field(name)
    if spec.type is FieldType.LINKS:
        if spec.target == "theme":
            refs = {code: ref for ref, code in ctx.ref_tokens["theme"].items()}
            return "; ".join(refs.get(t, t) for t in value)
        return "; ".join(value)
    stored = _store_value(kind, name, value, ctx)
    if stored is None:
        return None
    if isinstance(stored, bool):
        return "yes" if stored else "no"
    if isinstance(stored, dt.date):
        return stored.isoformat()
    return str(stored)


def apply_preview(workspace: Workspace, preview: Preview) -> AppliedImport:
    """Write every change the preview resolved, in one transaction.

    Raises:
        ValidationError: conflicts are not all resolved, or there is nothing to write.
        ConflictError: a record changed since the preview; nothing was written.
    """
    if preview.unresolved:
        raise ValidationError(
            f"{preview.unresolved} conflicting value(s) have no choice yet.",
            "Choose the file's or the workspace's value for each conflict (or one way for "
            "all), then apply. Nothing was changed.")
    ctx: _Context = preview.context
    updates: list[RecordWrite] = []
    new_rows = []
    for outcome in preview.to_write():
        if outcome.cls is RowClass.NEW:
            new_rows.append(outcome)
            continue
        chosen = [c for c in outcome.changes if c.applies]
        assert outcome.record_id is not None and outcome.version is not None
        updates.append(RecordWrite(outcome.kind, outcome.record_id, outcome.ref, outcome.version,
                                   {c.name: c.workspace for c in chosen},
                                   {c.name: c.file for c in chosen}))
    # The approval order holds for the log as for the editor: nothing skips verification.
    for kind_name in {w.kind for w in updates if "status" in w.after}:
        if KINDS[kind_name].entity is e.EvidenceItem:
            moving = [w for w in updates if w.kind == kind_name and "status" in w.after]
            for status in {w.after["status"] for w in moving}:
                check_moves([(w.ref, w.before.get("status")) for w in moving
                             if w.after["status"] == status], status)
    _typed_due_dates_are_fixed(workspace, updates)
    if not updates and not new_rows:
        raise ValidationError(f"{preview.file_name} has no changes to bring in.",
                              "Nothing was changed.")
    counts = counts_record(preview)
    with workspace.transaction() as s:
        record = e.ImportRecord(at=now(), who=workspace.who, file_name=preview.file_name,
                                sha256=preview.sha256, export_id=preview.log.identity.export_id,
                                counts=json.dumps(counts), report="", undone=False)
        s.add(record)
        s.flush()
        _write(s, workspace, updates, "after", record.id, ctx)
        created: list[CreatedRecord] = []
        for outcome in new_rows:
            kind = KINDS[outcome.kind]
            values = {c.name: _store_value(kind, c.name, c.file, ctx) for c in outcome.changes}
            if "visit_id" in {f.name for f in kind.fields}:
                values["visit_id"] = preview.log.identity.visit_id
            made = workspace.insert_in(s, kind.entity, values)
            for pending in list(s.new):
                if isinstance(pending, e.ChangeLogEntry):
                    pending.import_id = record.id
            outcome.ref = made.ref
            created.append(CreatedRecord(kind.name, made.id, made.ref, made.version))
        record.report = summary_text(preview, applied=True)
        import_id = record.id
    return AppliedImport(import_id, preview.file_name, updates, created, ctx, counts=counts)


def _typed_due_dates_are_fixed(workspace: Workspace, updates: list[RecordWrite]) -> None:
    """A checklist due date changed in the log was set by hand, as in the editor: it becomes a
    fixed date unless it is the one the item's offset gives (models/checklist_plan.settle)."""
    for w in updates:
        if w.kind != "checklist_item" or "due_date" not in w.after:
            continue
        item = workspace.get(e.ChecklistItem, w.record_id)
        start = item.visit.start_date if item.visit is not None else None
        settled = settle({n: getattr(item, n) for n in PLAN_FIELDS},
                         {"due_date": w.after["due_date"]}, start)
        if "days_before_visit" in settled:
            w.before["days_before_visit"] = item.days_before_visit
            w.after["days_before_visit"] = None


def _write(s: Session, workspace: Workspace, writes: list[RecordWrite], side: str,
           import_id: int, ctx: _Context) -> None:
    """Set each record's fields to its ``side`` values, checking and moving on its version."""
    stamp = now()
    groups: dict[tuple[str, tuple[str, ...]], list[RecordWrite]] = defaultdict(list)
    for w in writes:
        kind = KINDS[w.kind]
        plain = tuple(sorted(n for n in getattr(w, side)
                             if kind.field(n).type is not FieldType.LINKS))
        groups[(w.kind, plain)].append(w)
    history: list[dict[str, Any]] = []
    for (kind_name, plain), group in groups.items():
        kind = KINDS[kind_name]
        table = kind.entity.__table__  # type: ignore[attr-defined]
        stmt = (update(table)
                .where(table.c.id == bindparam("b_id"), table.c.version == bindparam("b_version"))
                .values({**{n: bindparam(f"b_{n}") for n in plain},
                         "version": table.c.version + 1, "updated_at": stamp}))
        params = []
        for w in group:
            values = getattr(w, side)
            params.append({"b_id": w.record_id, "b_version": w.version,
                           **{f"b_{n}": _store_value(kind, n, values[n], ctx) for n in plain}})
        result = s.connection().execute(stmt, params)
        # written without the ORM: the stored personal-data warnings follow the new text
        refresh(s.connection(), table.name, [w.record_id for w in group])
        if result.rowcount != len(params):
            raise ConflictError(
                f"Some {kind.plural} were changed in the workspace after the preview was made.",
                "Nothing was changed. Import the log again to see the latest differences.")
        if kind.entity is e.EvidenceItem and "status" in plain:
            _approvals(s, group, side, workspace.who, stamp)
        links: dict[str, list[RecordWrite]] = defaultdict(list)
        for w in group:
            w.version += 1
            values = getattr(w, side)
            other = w.before if side == "after" else w.after
            for name, value in values.items():
                spec = kind.field(name)
                if spec.type is FieldType.LINKS:
                    links[name].append(w)
                history.append({
                    "at": stamp, "who": workspace.who, "record_type": kind.singular,
                    "record_ref": w.ref, "field": spec.label,
                    "old_value": _history_text(kind, name, other.get(name), ctx),
                    "new_value": _history_text(kind, name, value, ctx),
                    "import_id": import_id})
        for name, linked in links.items():
            link_table, local, remote = _secondary(kind, name)
            s.execute(delete(link_table).where(link_table.c[local].in_(
                [w.record_id for w in linked])))
            rows = [{local: w.record_id, remote: target}
                    for w in linked
                    for target in dict.fromkeys(_store_value(kind, name, getattr(w, side)[name],
                                                              ctx))]
            if rows:
                s.execute(insert(link_table), rows)
    if history:
        s.execute(insert(e.ChangeLogEntry.__table__), history)


_APPROVALS = ("verified_by", "verified_at", "approved_by", "approved_at")


def _approvals(s: Session, group: list[RecordWrite], side: str, who: str,
               stamp: dt.datetime) -> None:
    """Who verified and approved the group's evidence, for the status of ``side``.

    The first time (the import) the editor's rule decides (:func:`_record_approvals`), and
    what each item had before and after is kept on its write. An undo or a redo then puts
    back exactly what that side had: undoing a step back gives the item its own approver
    and date again, not the user taking the import back.
    """
    table = e.EvidenceItem.__table__
    c = table.c
    again = [w for w in group if side in w.approvals]
    first = [w for w in group if side not in w.approvals]
    if first:
        other = "after" if side == "before" else "before"
        _keep_approvals(s, first, other)
        _record_approvals(s, first, side, who, stamp)
        _keep_approvals(s, first, side)
    if again:
        s.connection().execute(
            update(table).where(c.id == bindparam("b_id"))
            .values({n: bindparam(f"b_{n}") for n in _APPROVALS}),
            [{"b_id": w.record_id, **{f"b_{n}": w.approvals[side][n] for n in _APPROVALS}}
             for w in again])


def _keep_approvals(s: Session, group: list[RecordWrite], side: str) -> None:
    """Note on each write who verified and approved its item as it stands, as ``side``'s."""
    c = e.EvidenceItem.__table__.c
    by_id = {w.record_id: w for w in group}
    for row in s.execute(select(c.id, *(c[n] for n in _APPROVALS))
                         .where(c.id.in_(list(by_id)))):
        by_id[row[0]].approvals[side] = dict(zip(_APPROVALS, row[1:], strict=True))


def _record_approvals(s: Session, group: list[RecordWrite], side: str, who: str,
                      stamp: dt.datetime) -> None:
    """Who verified and approved, as models/approvals.py keeps it for the editor: a status
    reached by the log is recorded for the importing user; a step back clears the later ones."""
    table = e.EvidenceItem.__table__
    c = table.c
    kept = {"verified_by": case((c.verified_by == "", who), else_=c.verified_by),
            "verified_at": case((c.verified_by == "", stamp), else_=c.verified_at)}
    cleared_approval = {"approved_by": "", "approved_at": None}
    by_status: dict[str, dict[str, Any]] = {
        "Draft": {"verified_by": "", "verified_at": None, **cleared_approval},
        "Verified": {**kept, **cleared_approval},
        "Approved": {**kept,
                     "approved_by": case((c.approved_by == "", who), else_=c.approved_by),
                     "approved_at": case((c.approved_by == "", stamp), else_=c.approved_at)},
    }
    for status, values in by_status.items():
        ids = [w.record_id for w in group if getattr(w, side)["status"] == status]
        if ids:
            s.execute(update(table).where(c.id.in_(ids)).values(values))


def _log_whole(s: Session, workspace: Workspace, kind: RecordKind, ref: str, what: str,
               import_id: int) -> None:
    s.add(e.ChangeLogEntry(at=now(), who=workspace.who, record_type=kind.singular,
                           record_ref=ref, field=what, old_value=None, new_value=None,
                           import_id=import_id))


def undo_import(workspace: Workspace, applied: AppliedImport) -> None:
    """Take an applied import back: fields to their values before it, new records removed.

    Raises:
        ConflictError: a record changed since the import; nothing is taken back.
    """
    with workspace.transaction() as s:
        _write(s, workspace, applied.updates, "before", applied.import_id, applied.context)
        for made in applied.created:
            kind = KINDS[made.kind]
            table = kind.entity.__table__  # type: ignore[attr-defined]
            version = s.scalar(select(table.c.version).where(table.c.id == made.record_id))
            if version != made.version:
                raise ConflictError(
                    f"{made.ref}, added by the import, has been changed since.",
                    "The import was not undone. Change it back by hand if you need to.")
            made.rows = workspace.capture_in(s, kind.entity, made.record_id)
            s.execute(delete(table).where(table.c.id == made.record_id))
            _log_whole(s, workspace, kind, made.ref, "deleted", applied.import_id)
        record = s.get(e.ImportRecord, applied.import_id)
        if record is not None:
            record.undone = True
    applied.undone = True


def redo_import(workspace: Workspace, applied: AppliedImport) -> None:
    """Apply a taken-back import again, exactly as it was."""
    with workspace.transaction() as s:
        _write(s, workspace, applied.updates, "after", applied.import_id, applied.context)
        for made in applied.created:
            assert made.rows is not None
            workspace.replay_in(s, made.rows)
            _log_whole(s, workspace, KINDS[made.kind], made.ref, "restored", applied.import_id)
        record = s.get(e.ImportRecord, applied.import_id)
        if record is not None:
            record.undone = False
    applied.undone = False


def imports(workspace: Workspace) -> list[e.ImportRecord]:
    """Every evidence log brought in, newest first."""
    with workspace.reading() as s:
        return list(s.scalars(select(e.ImportRecord).order_by(e.ImportRecord.id.desc())))
