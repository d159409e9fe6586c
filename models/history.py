"""Readiness per day: the score is kept each day it is worked out, for a small trend chart."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from . import entities as e
from .readiness import VisitReadiness
from .store import Workspace


def remember(workspace: Workspace, readiness: VisitReadiness) -> None:
    """Keep today's score for the visit (the latest of the day wins)."""
    with workspace._edit() as s:
        s.merge(e.ReadinessDay(visit_id=readiness.visit.id, day=readiness.today,
                               score=readiness.score, rag=readiness.rag.value))


def days(workspace: Workspace, visit_id: int, until: dt.date,
         weeks: int = 6) -> list[tuple[dt.date, float, str]]:
    """(day, score, RAG) for each day with a score over the last ``weeks`` weeks, oldest first."""
    since = until - dt.timedelta(weeks=weeks)
    with workspace._read() as s:
        rows = s.execute(select(e.ReadinessDay.day, e.ReadinessDay.score, e.ReadinessDay.rag)
                         .where(e.ReadinessDay.visit_id == visit_id,
                                e.ReadinessDay.day > since, e.ReadinessDay.day <= until)
                         .order_by(e.ReadinessDay.day))
        return [(day, score, rag) for day, score, rag in rows]
