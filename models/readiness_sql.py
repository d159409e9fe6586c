"""Readiness worked out by SQL aggregates: the formula of models/readiness.py, without loading records.

:func:`models.readiness.assess` counts over records loaded into Python and is the
formula's reference; this module asks the database for the same counts (a few
``GROUP BY`` queries over the link tables) and reads only the rows that are gaps,
then hands the counts to the same scoring functions. A property test pins that
both give the same answer on randomly built workspaces.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from sqlalchemy import and_, case, distinct, exists, func, literal, select
from sqlalchemy.orm import Session

from . import entities as e
from .entities import Base
from .errors import ConflictError
from .personal_data import PersonalDataKind
from .privacy.export_rule import PersonalDataHit
from .readiness import (
    HOLDING_BACK_VIEWS,
    Gap,
    Shorten,
    ThemeCounts,
    VisitReadiness,
    action_overdue_gap,
    checklist_blocked_gap,
    checklist_overdue_gap,
    inadequate_case_gap,
    insufficient_progress_gap,
    past_review_gap,
    personal_data_gaps_of,
    shortener,
    theme_gaps,
    theme_readiness,
    visit_readiness,
)
from .records import KINDS
from .store import Workspace
from .text_warnings import SOURCES, public_contacts_of, warning_table
from .vocabulary import FINISHED_STATUSES, ChecklistStatus, Grade

ev, cs, fd, ac, ch = (e.EvidenceItem.__table__, e.CaseSample.__table__, e.Finding.__table__,
                      e.Action.__table__, e.ChecklistItem.__table__)


def _audited(visit_id: int) -> Any:
    """Case samples of the visit that count as audited (see ``CaseSample.audited``)."""
    return and_(cs.c.visit_id == visit_id, cs.c.audit_date.is_not(None),
                cs.c.overall_grade.is_not(None), cs.c.overall_grade != "")


def _without_action() -> Any:
    return ~exists().where(e.CaseAction.__table__.c.case_sample_id == cs.c.id)


def _overdue(table: Any, kind_name: str, today: dt.date) -> Any:
    return and_(table.c.due_date.is_not(None), table.c.due_date < today,
                table.c.status.not_in(FINISHED_STATUSES[kind_name]))


def assess_visit(workspace: Workspace, visit_id: int, today: dt.date | None = None
                 ) -> VisitReadiness:
    """Readiness of a visit on ``today``, the same as ``assess(workspace.contents(visit_id))``.

    Raises:
        ConflictError: the visit has been deleted.
    """
    today = today or dt.date.today()
    with workspace.reading() as s:
        visit = s.get(e.Visit, visit_id)
        if visit is None:
            raise ConflictError("This visit has been deleted.", "Choose another visit.")
        focus_ids = {t.id for t in visit.themes}
        all_themes = list(s.scalars(select(e.Theme).order_by(e.Theme.sort_order, e.Theme.id)))
        counts = _theme_counts(s, visit_id, today)
        themes = tuple(
            theme_readiness(t, t.id in focus_ids, counts.get(t.id, ThemeCounts()))
            for t in all_themes if not t.retired or t.id in focus_ids
        )
        done, applicable = s.execute(
            select(func.count(case((ch.c.status == "Done", 1))),
                   func.count(case((ch.c.status != "Not applicable", 1))))
            .where(ch.c.visit_id == visit_id)).one()
        grades: dict[str, int] = dict(s.execute(
            select(cs.c.overall_grade, func.count()).where(_audited(visit_id))
            .group_by(cs.c.overall_grade)).all())
        overdue = s.scalar(select(func.count()).select_from(ac)
                           .where(_overdue(ac, "action", today))) or 0
        short = shortener(public_contacts_of(s.connection()))
        gaps = theme_gaps(themes, short) + _record_gaps(s, visit, today, short)
        return visit_readiness(
            visit, today, themes, checklist_done=done, checklist_applicable=applicable,
            grades=grades, actions_overdue=overdue, gaps=tuple(gaps))


def _theme_counts(s: Session, visit_id: int, today: dt.date) -> dict[int, ThemeCounts]:
    """Every theme's counts, by theme id, in five grouped queries."""
    values: dict[int, dict[str, Any]] = defaultdict(dict)

    et = e.evidence_theme
    types: dict[int, dict[str, int]] = defaultdict(dict)
    for theme_id, evidence_type, n in s.execute(
            select(et.c.theme_id, ev.c.evidence_type, func.count())
            .join(ev, ev.c.id == et.c.evidence_id)
            # coalesce: in date or never reviewed, in one pass over the rows (an OR here
            # makes SQLite walk the review-date index instead)
            .where(ev.c.status == "Approved", func.coalesce(ev.c.review_date, today) >= today)
            .group_by(et.c.theme_id, ev.c.evidence_type)):
        types[theme_id][evidence_type] = n
    for theme_id, by_type in types.items():
        values[theme_id]["approved_evidence"] = sum(by_type.values())
        values[theme_id]["evidence_types"] = tuple(sorted(by_type))

    cst = e.case_sample_theme
    inadequate = and_(cs.c.overall_grade == Grade.INADEQUATE.value, _without_action())
    for theme_id, grade, n, lacking in s.execute(
            select(cst.c.theme_id, cs.c.overall_grade, func.count(),
                   func.count(case((inadequate, 1))))
            .join(cs, cs.c.id == cst.c.case_sample_id).where(_audited(visit_id))
            .group_by(cst.c.theme_id, cs.c.overall_grade)):
        v = values[theme_id]
        v["case_samples_audited"] = v.get("case_samples_audited", 0) + n
        v.setdefault("grades", {})[grade] = n
        v["inadequate_without_action"] = v.get("inadequate_without_action", False) or lacking > 0

    for theme_id, done, applicable in s.execute(
            select(ch.c.theme_id, func.count(case((ch.c.status == "Done", 1))),
                   func.count(case((ch.c.status != "Not applicable", 1))))
            .where(ch.c.visit_id == visit_id, ch.c.theme_id.is_not(None))
            .group_by(ch.c.theme_id)):
        values[theme_id].update(checklist_done=done, checklist_applicable=applicable)

    ft = e.finding_theme
    for theme_id, n in s.execute(
            select(ft.c.theme_id, func.count()).join(fd, fd.c.id == ft.c.finding_id)
            .where(fd.c.latest_view.in_(HOLDING_BACK_VIEWS)).group_by(ft.c.theme_id)):
        values[theme_id]["insufficient_progress"] = n

    af = e.action_finding
    finished = ac.c.status.in_(FINISHED_STATUSES["action"])
    for theme_id, total, overdue, complete in s.execute(
            select(ft.c.theme_id, func.count(distinct(ac.c.id)),
                   func.count(distinct(case((_overdue(ac, "action", today), ac.c.id)))),
                   func.count(distinct(case((finished, ac.c.id)))))
            .join(af, af.c.finding_id == ft.c.finding_id).join(ac, ac.c.id == af.c.action_id)
            .group_by(ft.c.theme_id)):
        values[theme_id].update(actions=total, actions_overdue=overdue, actions_complete=complete)

    return {theme_id: ThemeCounts(**v) for theme_id, v in values.items()}


def _record_gaps(s: Session, visit: e.Visit, today: dt.date, short: Shorten) -> list[Gap]:
    """The gaps that point at single records, reading only those rows, in the formula's order."""
    th = e.Theme.__table__
    visit_id = visit.id
    queries: list[tuple[Any, Any]] = [
        (past_review_gap,
         select(ev.c.id, ev.c.ref, ev.c.title, ev.c.review_date)
         .where(ev.c.review_date < today, ev.c.status != "Draft").order_by(*_by_ref(ev))),
        (action_overdue_gap,
         select(ac.c.id, ac.c.ref, ac.c.due_date, ac.c.owner, ac.c.description)
         .where(_overdue(ac, "action", today)).order_by(*_by_ref(ac))),
        (checklist_overdue_gap,
         select(ch.c.id, ch.c.ref, ch.c.due_date, ch.c.item, func.coalesce(th.c.code, literal("")))
         .outerjoin(th, th.c.id == ch.c.theme_id)
         .where(ch.c.visit_id == visit_id, _overdue(ch, "checklist_item", today))
         .order_by(*_by_ref(ch))),
    ]
    if visit.start_date is not None:  # see readiness.blocked_before_visit
        queries.append(
            (checklist_blocked_gap,
             select(ch.c.id, ch.c.ref, ch.c.due_date, ch.c.item,
                    func.coalesce(th.c.code, literal("")))
             .outerjoin(th, th.c.id == ch.c.theme_id)
             .where(ch.c.visit_id == visit_id, ch.c.status == ChecklistStatus.BLOCKED.value,
                    ch.c.due_date.is_not(None), ch.c.due_date < visit.start_date,
                    ch.c.due_date >= today)
             .order_by(*_by_ref(ch))))
    queries += [
        (inadequate_case_gap,
         select(cs.c.id, cs.c.ref, cs.c.sample_ref)
         .where(cs.c.visit_id == visit_id, cs.c.overall_grade == Grade.INADEQUATE.value,
                _without_action())
         .order_by(*_by_ref(cs))),
        (insufficient_progress_gap,
         select(fd.c.id, fd.c.ref, fd.c.latest_view, fd.c.text)
         .where(fd.c.latest_view.in_(HOLDING_BACK_VIEWS)).order_by(*_by_ref(fd))),
    ]
    gaps: list[Gap] = []
    for make_gap, stmt in queries:
        gaps.extend(make_gap(short, *row) for row in s.execute(stmt))
    gaps.extend(personal_data_gaps_of(_personal_data_hits(s, visit_id)))
    return gaps


def _by_ref(table: Any) -> tuple[Any, ...]:
    """The order of ``store.by_ref`` (the formula's records come in it)."""
    return (func.length(table.c.ref), table.c.ref)


#: Kinds of record that belong to one visit (the others are the workspace's).
_OF_THE_VISIT = {"case_sample": "visit_id", "checklist_item": "visit_id", "visit": "id"}


def _personal_data_hits(s: Session, visit_id: int) -> list[PersonalDataHit]:
    """The export rule's hits for this visit, from the stored warnings (few rows), not a scan.

    From the warnings to their records, not from every record to its warnings; a part's
    warnings (case actions, attachment names) count for the record it belongs to.
    """
    w = warning_table
    found: dict[tuple[str, int, str, str], set[str]] = defaultdict(set)
    for source in SOURCES.values():
        part = Base.metadata.tables[source.table]
        record = KINDS[source.kind_name].entity.__table__  # type: ignore[attr-defined]
        key = part.c[source.parent] if source.parent else part.c.id
        stmt = (select(record.c.id, record.c.ref, w.c.field, w.c.kind).select_from(w)
                .join(part, part.c.id == w.c.record_id))
        if source.parent:
            stmt = stmt.join(record, record.c.id == key)
        else:
            stmt = stmt.join(record, record.c.id == part.c.id) if part is not record else stmt
        stmt = stmt.where(w.c.record_kind == source.table)
        if source.kind_name in _OF_THE_VISIT:
            stmt = stmt.where(record.c[_OF_THE_VISIT[source.kind_name]] == visit_id)
        for record_id, ref, field_name, kind in s.execute(stmt):
            found[(source.kind_name, record_id, ref, source.fields[field_name])].add(kind)
    return [PersonalDataHit(kind_name, record_id, ref, label,
                            tuple(k for k in PersonalDataKind if k.value in kinds))
            for (kind_name, record_id, ref, label), kinds in found.items()]
