"""Retention: case-level records are kept a set number of months after their visit."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from .. import entities as e
from ..errors import ConflictError
from .erasure import purge_deleted

DEFAULT_MONTHS = 12


@dataclass(frozen=True)
class DueRecord:
    """A case sample past the retention period (with its actions and attachments)."""

    case_sample_id: int
    version: int
    ref: str
    sample_ref: str
    visit_title: str
    visit_ended: dt.date
    due_on: dt.date


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day when it is shorter)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def retention_months(workspace: Any) -> int:
    return int(workspace.authority().retention_months or DEFAULT_MONTHS)


def _due_visits(s: Any, months: int, today: dt.date) -> dict[int, tuple[e.Visit, dt.date, dt.date]]:
    """The visits whose case samples are due, by id: (visit, its end, the day they fell due).

    A visit's end is its last day on site, or its first when no last day is set; a visit
    with no dates is never due. Visits are few: the rule is applied to them, and only
    the case samples of due visits are read.
    """
    found = {}
    for visit in s.scalars(select(e.Visit)):
        ended = visit.end_date or visit.start_date
        if ended is not None and (due_on := add_months(ended, months)) <= today:
            found[visit.id] = (visit, ended, due_on)
    return found


def due(workspace: Any, today: dt.date) -> list[DueRecord]:
    """Case samples whose visit ended more than the authority's retention period ago.

    A case sample with no visit is never due.
    """
    months = retention_months(workspace)
    with workspace.reading() as s:
        visits = _due_visits(s, months, today)
        if not visits:
            return []
        rows = s.execute(select(e.CaseSample.id, e.CaseSample.version, e.CaseSample.ref,
                                e.CaseSample.sample_ref, e.CaseSample.visit_id)
                         .where(e.CaseSample.visit_id.in_(visits))
                         .order_by(e.CaseSample.id)).all()
        return [DueRecord(sample_id, version, ref, sample_ref, visits[visit_id][0].title,
                          visits[visit_id][1], visits[visit_id][2])
                for sample_id, version, ref, sample_ref, visit_id in rows]


def count_due(workspace: Any, today: dt.date) -> int:
    """How many case samples :func:`due` would list, counted by the database."""
    months = retention_months(workspace)
    with workspace.reading() as s:
        visits = _due_visits(s, months, today)
        if not visits:
            return 0
        return s.scalar(select(func.count()).select_from(e.CaseSample)
                        .where(e.CaseSample.visit_id.in_(visits))) or 0


def erase_due(workspace: Any, records: Iterable[DueRecord]) -> int:
    """Delete the records and erase their text from the history at once (no undo).

    Returns:
        How many were erased (one changed by someone since it was listed is skipped).
    """
    count = 0
    for record in records:
        try:
            workspace.delete(e.CaseSample, record.case_sample_id, record.version)
        except ConflictError:
            continue
        count += 1
    if count:
        purge_deleted(workspace)
    return count
