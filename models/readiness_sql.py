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
from collections.abc import Callable
from typing import Any

from sqlalchemy import (
    Date,
    Integer,
    and_,
    bindparam,
    case,
    distinct,
    exists,
    func,
    literal,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from . import entities as e
from .entities import Base
from .errors import ConflictError
from .gap_list import GapList, Pending
from .personal_data import PersonalDataKind
from .privacy.export_rule import PersonalDataHit
from .readiness import (
    HOLDING_BACK_VIEWS,
    Gap,
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
th = e.Theme.__table__

# The statements are built once, with the visit and the day as parameters: building a
# statement costs more Python than running it does on small tables. SQLAlchemy caches
# each one's compiled SQL.
_VISIT = bindparam("visit_id", type_=Integer)
_TODAY = bindparam("today", type_=Date)
_START = bindparam("start", type_=Date)


def _audited() -> Any:
    """Case samples of the visit that count as audited (see ``CaseSample.audited``)."""
    return and_(cs.c.visit_id == _VISIT, cs.c.audit_date.is_not(None),
                cs.c.overall_grade.is_not(None), cs.c.overall_grade != "")


def _without_action() -> Any:
    return ~exists().where(e.CaseAction.__table__.c.case_sample_id == cs.c.id)


def _overdue(table: Any, kind_name: str) -> Any:
    return and_(table.c.due_date.is_not(None), table.c.due_date < _TODAY,
                table.c.status.not_in(FINISHED_STATUSES[kind_name]))


def _by_ref(table: Any) -> tuple[Any, ...]:
    """The order of ``store.by_ref`` (the formula's records come in it)."""
    return (func.length(table.c.ref), table.c.ref)


_GRADES = (select(cs.c.overall_grade, func.count()).where(_audited())
           .group_by(cs.c.overall_grade))

_et, _cst, _ft, _af = e.evidence_theme, e.case_sample_theme, e.finding_theme, e.action_finding
_EVIDENCE_BY_THEME = (
    select(_et.c.theme_id, ev.c.evidence_type, func.count())
    .join(ev, ev.c.id == _et.c.evidence_id)
    # coalesce: in date or never reviewed, in one pass over the rows (an OR here
    # makes SQLite walk the review-date index instead)
    .where(ev.c.status == "Approved", func.coalesce(ev.c.review_date, _TODAY) >= _TODAY)
    .group_by(_et.c.theme_id, ev.c.evidence_type))
_CASES_BY_THEME = (
    select(_cst.c.theme_id, cs.c.overall_grade, func.count(),
           func.count(case((and_(cs.c.overall_grade == Grade.INADEQUATE.value,
                                 _without_action()), 1))))
    .join(cs, cs.c.id == _cst.c.case_sample_id).where(_audited())
    .group_by(_cst.c.theme_id, cs.c.overall_grade))
#: The visit's checklist by theme; the row with no theme holds the items of none.
_CHECKLIST_BY_THEME = (
    select(ch.c.theme_id, func.count(case((ch.c.status == "Done", 1))),
           func.count(case((ch.c.status != "Not applicable", 1))))
    .where(ch.c.visit_id == _VISIT).group_by(ch.c.theme_id))
#: Every theme in the list's order, and whether it is one of the visit's focus themes.
_THEMES = (select(e.Theme, e.visit_theme.c.visit_id.is_not(None))
           .outerjoin(e.visit_theme, and_(e.visit_theme.c.theme_id == e.Theme.id,
                                          e.visit_theme.c.visit_id == _VISIT))
           .order_by(e.Theme.sort_order, e.Theme.id))
_HOLDING_BACK_BY_THEME = (
    select(_ft.c.theme_id, func.count()).join(fd, fd.c.id == _ft.c.finding_id)
    .where(fd.c.latest_view.in_(HOLDING_BACK_VIEWS)).group_by(_ft.c.theme_id))
_ACTIONS_BY_THEME = (
    select(_ft.c.theme_id, func.count(distinct(ac.c.id)),
           func.count(distinct(case((_overdue(ac, "action"), ac.c.id)))),
           func.count(distinct(case((ac.c.status.in_(FINISHED_STATUSES["action"]), ac.c.id)))))
    .join(_af, _af.c.finding_id == _ft.c.finding_id).join(ac, ac.c.id == _af.c.action_id)
    .group_by(_ft.c.theme_id))

#: Each kind of record gap: its gap function, and the rows that are gaps in the formula's order.
_PAST_REVIEW = (past_review_gap, select(ev.c.id, ev.c.ref, ev.c.title, ev.c.review_date)
                .where(ev.c.review_date < _TODAY, ev.c.status != "Draft").order_by(*_by_ref(ev)))
_ACTION_OVERDUE = (action_overdue_gap,
                   select(ac.c.id, ac.c.ref, ac.c.due_date, ac.c.owner, ac.c.description)
                   .where(_overdue(ac, "action")).order_by(*_by_ref(ac)))
_CHECKLIST_OVERDUE = (checklist_overdue_gap,
                      select(ch.c.id, ch.c.ref, ch.c.due_date, ch.c.item,
                             func.coalesce(th.c.code, literal("")))
                      .outerjoin(th, th.c.id == ch.c.theme_id)
                      .where(ch.c.visit_id == _VISIT, _overdue(ch, "checklist_item"))
                      .order_by(*_by_ref(ch)))
_CHECKLIST_BLOCKED = (checklist_blocked_gap,  # see readiness.blocked_before_visit
                      select(ch.c.id, ch.c.ref, ch.c.due_date, ch.c.item,
                             func.coalesce(th.c.code, literal("")))
                      .outerjoin(th, th.c.id == ch.c.theme_id)
                      .where(ch.c.visit_id == _VISIT,
                             ch.c.status == ChecklistStatus.BLOCKED.value,
                             ch.c.due_date.is_not(None), ch.c.due_date < _START,
                             ch.c.due_date >= _TODAY)
                      .order_by(*_by_ref(ch)))
_INADEQUATE_CASE = (inadequate_case_gap, select(cs.c.id, cs.c.ref, cs.c.sample_ref)
                    .where(cs.c.visit_id == _VISIT,
                           cs.c.overall_grade == Grade.INADEQUATE.value, _without_action())
                    .order_by(*_by_ref(cs)))
_INSUFFICIENT_PROGRESS = (insufficient_progress_gap,
                          select(fd.c.id, fd.c.ref, fd.c.latest_view, fd.c.text)
                          .where(fd.c.latest_view.in_(HOLDING_BACK_VIEWS))
                          .order_by(*_by_ref(fd)))


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
        values = {"visit_id": visit_id, "today": today, "start": visit.start_date}
        counts, (done, applicable) = _theme_counts(s, values)
        themes = tuple(
            theme_readiness(t, in_focus, counts.get(t.id, ThemeCounts()))
            for t, in_focus in s.execute(_THEMES, values).all() if not t.retired or in_focus
        )
        grades: dict[str, int] = dict(s.execute(_GRADES, values).all())
        public = public_contacts_of(s.connection())
        record_gaps = _record_gaps(s, values)
        # Every overdue action is a gap: counting them needs no query of its own.
        overdue = sum(1 for g in record_gaps
                      if isinstance(g, tuple) and g[0] is action_overdue_gap)
        gaps = GapList([*theme_gaps(themes, shortener(public)), *record_gaps], public)
        return visit_readiness(
            visit, today, themes, checklist_done=done, checklist_applicable=applicable,
            grades=grades, actions_overdue=overdue, gaps=gaps)


def _theme_counts(s: Session, values: dict[str, Any]
                  ) -> tuple[dict[int, ThemeCounts], tuple[int, int]]:
    """Every theme's counts, by theme id, in five grouped queries; and the visit's
    checklist (done, applicable), themed or not."""
    counts: dict[int, dict[str, Any]] = defaultdict(dict)

    types: dict[int, dict[str, int]] = defaultdict(dict)
    for theme_id, evidence_type, n in s.execute(_EVIDENCE_BY_THEME, values).all():
        types[theme_id][evidence_type] = n
    for theme_id, by_type in types.items():
        counts[theme_id]["approved_evidence"] = sum(by_type.values())
        counts[theme_id]["evidence_types"] = tuple(sorted(by_type))

    for theme_id, grade, n, lacking in s.execute(_CASES_BY_THEME, values).all():
        v = counts[theme_id]
        v["case_samples_audited"] = v.get("case_samples_audited", 0) + n
        v.setdefault("grades", {})[grade] = n
        v["inadequate_without_action"] = v.get("inadequate_without_action", False) or lacking > 0

    checklist = [0, 0]
    for theme_id, done, applicable in s.execute(_CHECKLIST_BY_THEME, values).all():
        checklist[0] += done
        checklist[1] += applicable
        if theme_id is not None:
            counts[theme_id].update(checklist_done=done, checklist_applicable=applicable)

    for theme_id, n in s.execute(_HOLDING_BACK_BY_THEME, values).all():
        counts[theme_id]["insufficient_progress"] = n

    for theme_id, total, overdue, complete in s.execute(_ACTIONS_BY_THEME, values).all():
        counts[theme_id].update(actions=total, actions_overdue=overdue, actions_complete=complete)

    return ({theme_id: ThemeCounts(**v) for theme_id, v in counts.items()},
            (checklist[0], checklist[1]))


def _record_gaps(s: Session, values: dict[str, Any]) -> list[Gap | Pending]:
    """The gaps that point at single records, reading only those rows, in the formula's order.

    A row and its gap function stand for each gap whose message quotes a record's text:
    the message is written when the list is read (see ``models.gap_list``).
    """
    kinds: list[tuple[Callable[..., Gap], Any]] = [_PAST_REVIEW, _ACTION_OVERDUE,
                                                    _CHECKLIST_OVERDUE]
    if values["start"] is not None:  # see readiness.blocked_before_visit
        kinds.append(_CHECKLIST_BLOCKED)
    kinds += [_INADEQUATE_CASE, _INSUFFICIENT_PROGRESS]
    gaps: list[Gap | Pending] = []
    for make_gap, stmt in kinds:
        gaps.extend((make_gap, tuple(row)) for row in s.execute(stmt, values).all())
    gaps.extend(personal_data_gaps_of(_personal_data_hits(s, values)))
    return gaps


#: Kinds of record that belong to one visit (the others are the workspace's).
_OF_THE_VISIT = {"case_sample": "visit_id", "checklist_item": "visit_id", "visit": "id"}


def _warnings_of_records() -> Any:
    """One query for every stored warning of this visit's records and the workspace's.

    From the warnings to their records, not from every record to its warnings; a part's
    warnings (case actions, attachment names) count for the record it belongs to. Each
    row starts with the number of its source in ``SOURCES``.
    """
    w = warning_table
    parts = []
    for number, source in enumerate(SOURCES.values()):
        part = Base.metadata.tables[source.table]
        record = KINDS[source.kind_name].entity.__table__  # type: ignore[attr-defined]
        key = part.c[source.parent] if source.parent else part.c.id
        stmt = (select(literal(number, Integer).label("source"), record.c.id, record.c.ref,
                       w.c.field, w.c.kind).select_from(w)
                .join(part, part.c.id == w.c.record_id))
        if source.parent:
            stmt = stmt.join(record, record.c.id == key)
        else:
            stmt = stmt.join(record, record.c.id == part.c.id) if part is not record else stmt
        stmt = stmt.where(w.c.record_kind == source.table)
        if source.kind_name in _OF_THE_VISIT:
            stmt = stmt.where(record.c[_OF_THE_VISIT[source.kind_name]] == _VISIT)
        parts.append(stmt)
    return union_all(*parts)


_WARNINGS = _warnings_of_records()


def _personal_data_hits(s: Session, values: dict[str, Any]) -> list[PersonalDataHit]:
    """The export rule's hits for this visit, from the stored warnings (few rows), not a scan."""
    sources = list(SOURCES.values())
    found: dict[tuple[str, int, str, str], set[str]] = defaultdict(set)
    for number, record_id, ref, field_name, kind in s.execute(_WARNINGS, values).all():
        source = sources[number]
        found[(source.kind_name, record_id, ref, source.fields[field_name])].add(kind)
    return [PersonalDataHit(kind_name, record_id, ref, label,
                            tuple(k for k in PersonalDataKind if k.value in kinds))
            for (kind_name, record_id, ref, label), kinds in found.items()]
