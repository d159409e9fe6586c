"""Approvals that record who: evidence Draft -> Verified -> Approved keeps its verifier and
approver with the date, and the director signs off a visit's readiness."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from . import entities as e
from .errors import ConflictError, ValidationError
from .vocabulary import EvidenceStatus

#: The order evidence moves in, one step at a time forward; any step back.
ORDER = (EvidenceStatus.DRAFT, EvidenceStatus.VERIFIED, EvidenceStatus.APPROVED)
#: Set in a session's ``info`` while an undo puts recorded approvals back exactly.
_RESTORING = "restoring approvals"
#: What the user is told when evidence would skip verification.
VERIFY_FIRST = "Verify it first: evidence is verified, then approved."


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def allowed_statuses(current: str | None) -> list[str]:
    """The statuses evidence may take from ``current`` (None: a new item): the same, one step
    forward, or any step back."""
    rank = ORDER.index(EvidenceStatus(current)) if current else 0
    return [str(s) for s in ORDER[:rank + 2]]


def move_problem(old: str | None, new: str | None) -> str:
    """Why evidence may not move from ``old`` to ``new`` ("" when it may)."""
    if new is None or new in allowed_statuses(old):
        return ""
    return VERIFY_FIRST


def check_move(ref: str, old: str | None, new: str | None) -> None:
    """The one order rule, for every path that changes an evidence item's status.

    Raises:
        ValidationError: the move skips a step (Draft straight to Approved).
    """
    problem = move_problem(old, new)
    if problem:
        raise ValidationError(f"{ref or 'This evidence item'} cannot go from {old} to {new}. "
                              + problem,
                              "Set it to Verified and save; whoever approves it then sets "
                              "Approved.")


def check_moves(items: list[tuple[str, str | None]], new: str | None) -> None:
    """The order rule for one status given to several items (ref, current status) at once.

    Raises:
        ValidationError: naming every item that would skip a step; nothing is to be written.
    """
    refused = [ref for ref, old in items if move_problem(old, new)]
    if refused:
        shown = ", ".join(refused[:10]) + (f" and {len(refused) - 10} more"
                                           if len(refused) > 10 else "")
        raise ValidationError(f"{shown} cannot go straight to {new}. " + VERIFY_FIRST,
                              "Nothing was changed. Set them to Verified first, or choose only "
                              "verified items.")


def _log_cleared(session: Session, item: e.EvidenceItem, label: str, old: str,
                 who: str) -> None:
    if old:
        session.add(e.ChangeLogEntry(at=_now(), who=who, record_type="evidence item",
                                     record_ref=item.ref, field=label, old_value=old,
                                     new_value=""))


def _record_who(item: e.EvidenceItem, who: str, session: Session | None = None) -> None:
    """The one rule: who moved evidence to Verified or Approved, and when; a step back clears
    the later approvals (and says so in the change history)."""
    if item.status == EvidenceStatus.DRAFT:
        if session is not None:
            _log_cleared(session, item, "Approved by", item.approved_by, who)
            _log_cleared(session, item, "Verified by", item.verified_by, who)
        item.verified_by, item.verified_at = "", None
        item.approved_by, item.approved_at = "", None
    elif item.status == EvidenceStatus.VERIFIED:
        if not item.verified_by:
            item.verified_by, item.verified_at = who, _now()
        if session is not None:
            _log_cleared(session, item, "Approved by", item.approved_by, who)
        item.approved_by, item.approved_at = "", None
    elif item.status == EvidenceStatus.APPROVED:
        if not item.verified_by:
            item.verified_by, item.verified_at = who, _now()
        if not item.approved_by:
            item.approved_by, item.approved_at = who, _now()


@event.listens_for(Session, "before_flush")
def _on_before_flush(session: Session, _context: Any, _instances: Any) -> None:
    who = str(session.info.get("who", ""))
    if session.info.get(_RESTORING):
        return
    for item in list(session.new):
        if isinstance(item, e.EvidenceItem):
            _record_who(item, who)
    for item in list(session.dirty):
        if not isinstance(item, e.EvidenceItem):
            continue
        history = inspect(item).attrs.status.history
        if history.has_changes():
            old = history.deleted[0] if history.deleted else None
            check_move(item.ref, old, item.status)
            _record_who(item, who, session)


def status_state(item: e.EvidenceItem) -> dict[str, Any]:
    """An evidence item's status with its recorded approvals, for an undo to put back."""
    return {"status": item.status, "verified_by": item.verified_by,
            "verified_at": item.verified_at, "approved_by": item.approved_by,
            "approved_at": item.approved_at}


def restore_status(workspace: Any, item_id: int, expected_version: int,
                   state: dict[str, Any]) -> e.EvidenceItem:
    """Put back a status with exactly the approvals recorded with it (an undo or redo).

    Raises:
        ConflictError: the item changed or went since; nothing is written.
    """
    with workspace.transaction() as s:
        item = s.get(e.EvidenceItem, item_id)
        if item is None or item.version != expected_version:
            raise ConflictError("This evidence item has been changed since, perhaps by someone "
                                "else.", "It was left as it is; open it to see the latest "
                                "version.")
        if item.status != state["status"]:
            s.add(e.ChangeLogEntry(at=_now(), who=workspace.who,
                                   record_type="evidence item", record_ref=item.ref,
                                   field="Status", old_value=item.status,
                                   new_value=state["status"]))
        for name, value in state.items():
            setattr(item, name, value)
        s.info[_RESTORING] = True
        try:
            s.flush()
        finally:
            s.info.pop(_RESTORING, None)
    return workspace.get(e.EvidenceItem, item_id)


def approval_line(item: e.EvidenceItem) -> str:
    """Who verified and approved an evidence item, in words ("" while it is a draft)."""
    parts = []
    if item.verified_by:
        parts.append(f"verified by {item.verified_by}"
                     + (f" on {item.verified_at:%d/%m/%Y}" if item.verified_at else ""))
    if item.approved_by:
        parts.append(f"approved by {item.approved_by}"
                     + (f" on {item.approved_at:%d/%m/%Y}" if item.approved_at else ""))
    return ("; ".join(parts)).capitalize()


def sign_off(workspace: Any, visit_id: int, who: str, comment: str, score: float,
             rag: str) -> e.ReadinessSignOff:
    """Record the director's sign-off of a visit's readiness as it stands now."""
    with workspace._edit() as s:
        record = e.ReadinessSignOff(visit_id=visit_id, who=who.strip(), at=_now(),
                                    comment=comment.strip(), score=score, rag=rag)
        s.add(record)
    return record


def latest_sign_off(workspace: Any, visit_id: int) -> e.ReadinessSignOff | None:
    """The most recent sign-off of a visit's readiness, if any."""
    with workspace._read() as s:
        return s.scalars(select(e.ReadinessSignOff)
                         .where(e.ReadinessSignOff.visit_id == visit_id)
                         .order_by(e.ReadinessSignOff.at.desc(), e.ReadinessSignOff.id.desc())
                         ).first()


def sign_off_line(record: e.ReadinessSignOff | None) -> str:
    """The sign-off in words, for the dashboard and the review."""
    if record is None:
        return "Readiness not yet signed off for this visit."
    return (f"Readiness signed off by {record.who} on {record.at:%d/%m/%Y} at {record.score:.0%} "
            f"{record.rag}" + (f": \u201c{record.comment}\u201d" if record.comment else "."))
