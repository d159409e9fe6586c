"""Approvals that record who: evidence Draft -> Verified -> Approved keeps its verifier and
approver with the date, and the director signs off a visit's readiness."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from . import entities as e
from .vocabulary import EvidenceStatus


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def _record_who(item: e.EvidenceItem, who: str) -> None:
    """The one rule: who moved evidence to Verified or Approved, and when."""
    if item.status == EvidenceStatus.DRAFT:
        item.verified_by, item.verified_at = "", None
        item.approved_by, item.approved_at = "", None
    elif item.status == EvidenceStatus.VERIFIED:
        if not item.verified_by:
            item.verified_by, item.verified_at = who, _now()
        item.approved_by, item.approved_at = "", None
    elif item.status == EvidenceStatus.APPROVED:
        if not item.verified_by:
            item.verified_by, item.verified_at = who, _now()
        if not item.approved_by:
            item.approved_by, item.approved_at = who, _now()


@event.listens_for(Session, "before_flush")
def _on_before_flush(session: Session, _context: Any, _instances: Any) -> None:
    who = str(session.info.get("who", ""))
    for item in list(session.new) + list(session.dirty):
        if isinstance(item, e.EvidenceItem) and (
                item in session.new or inspect(item).attrs.status.history.has_changes()):
            _record_who(item, who)


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
