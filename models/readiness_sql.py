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
from collections.abc import Callable, Iterable, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import (
    Date,
    Integer,
    String,
    Text,
    and_,
    bindparam,
    case,
    cast,
    distinct,
    exists,
    func,
    literal_column,
    null,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.orm import lazyload
from sqlalchemy.orm.attributes import set_committed_value

from . import entities as e
from .dialect import driver_rows
from .entities import Base
from .errors import ConflictError
from .gap_list import GapList, Pending
from .personal_data import PersonalDataKind, PublicContacts
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
from .store import Workspace, ref_order
from .text_warnings import PUBLIC_CONTACTS, SOURCES, warning_table
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
                ~_one_of(table.c.status, FINISHED_STATUSES[kind_name]))


# Two statements bring everything: every count in one, every gap row in the other. Each
# part is a plain SELECT with a number of its own in the first column, its other columns
# in a shape shared by all parts (NULL where a part has nothing to say): one round trip
# each, which on a shared server costs more than most of the parts themselves.

# Constants are written into the SQL, not sent as parameters, and lists of values are
# spelt out: a parameter list ("IN (…)") makes SQLAlchemy render the statement afresh on
# every execution.

def _null(type_: Any) -> Any:
    return cast(null(), type_)


def _number(n: int) -> Any:
    return literal_column(str(int(n)), Integer)


def _one_of(column: Any, values: Iterable[str]) -> Any:
    return or_(*(column == v for v in values))


def _counted(part: int, theme_id: Any, key: Any, *numbers: Any) -> Any:
    """A part of the counts: (part, theme id, key, n1, n2, n3)."""
    numbers += (_number(0),) * (3 - len(numbers))
    return select(_number(part).label("part"), theme_id.label("theme_id"),
                  key.label("key"), *(n.label(f"n{i}") for i, n in enumerate(numbers, 1)))


_et, _cst, _ft, _af = e.evidence_theme, e.case_sample_theme, e.finding_theme, e.action_finding
EVIDENCE, CASES, CHECKLIST, HOLDING_BACK, ACTIONS, GRADES = range(6)
_COUNTS = union_all(
    # Approved, in-date evidence per theme and type. coalesce: in date or never reviewed,
    # in one pass over the rows (an OR here makes SQLite walk the review-date index instead).
    _counted(EVIDENCE, _et.c.theme_id, ev.c.evidence_type, func.count())
    .join(ev, ev.c.id == _et.c.evidence_id)
    .where(ev.c.status == "Approved", func.coalesce(ev.c.review_date, _TODAY) >= _TODAY)
    .group_by(_et.c.theme_id, ev.c.evidence_type),
    # Audited case samples per theme and grade, and how many are inadequate with no action.
    _counted(CASES, _cst.c.theme_id, cs.c.overall_grade, func.count(),
             func.count(case((and_(cs.c.overall_grade == Grade.INADEQUATE.value,
                                   _without_action()), 1))))
    .join(cs, cs.c.id == _cst.c.case_sample_id).where(_audited())
    .group_by(_cst.c.theme_id, cs.c.overall_grade),
    # The visit's checklist per theme (done, applicable); the row with no theme holds the
    # items of none.
    _counted(CHECKLIST, ch.c.theme_id, _null(String), func.count(case((ch.c.status == "Done", 1))),
             func.count(case((ch.c.status != "Not applicable", 1))))
    .where(ch.c.visit_id == _VISIT).group_by(ch.c.theme_id),
    # Findings holding a theme back.
    _counted(HOLDING_BACK, _ft.c.theme_id, _null(String), func.count())
    .join(fd, fd.c.id == _ft.c.finding_id)
    .where(_one_of(fd.c.latest_view, HOLDING_BACK_VIEWS)).group_by(_ft.c.theme_id),
    # Actions on a theme's findings: all, overdue, complete.
    _counted(ACTIONS, _ft.c.theme_id, _null(String), func.count(distinct(ac.c.id)),
             func.count(distinct(case((_overdue(ac, "action"), ac.c.id)))),
             func.count(distinct(case((_one_of(ac.c.status, FINISHED_STATUSES["action"]), ac.c.id)))))
    .join(_af, _af.c.finding_id == _ft.c.finding_id).join(ac, ac.c.id == _af.c.action_id)
    .group_by(_ft.c.theme_id),
    # The visit's audited case samples by grade, themed or not.
    _counted(GRADES, _null(Integer), cs.c.overall_grade, func.count())
    .where(_audited()).group_by(cs.c.overall_grade),
)

#: The visit, the authority's public contacts, and every theme in the list's order with
#: whether it is one of the visit's focus themes: one round trip (on a shared server a
#: round trip costs more than any of these reads). No row: the visit has been deleted.
_VISIT_AND_THEMES = (
    select(e.Visit, PUBLIC_CONTACTS.scalar_subquery(), e.Theme,
           e.visit_theme.c.visit_id.is_not(None))
    .select_from(e.Visit).outerjoin(e.Theme, true())
    .outerjoin(e.visit_theme, and_(e.visit_theme.c.theme_id == e.Theme.id,
                                   e.visit_theme.c.visit_id == e.Visit.id))
    # The focus themes are given to the visit from these rows (see assess_visit).
    .options(lazyload(e.Visit.themes))
    .where(e.Visit.id == _VISIT).order_by(e.Theme.sort_order, e.Theme.id))


def _gap_rows(part: int, record: Any, day: Any, a: Any, b: Any = None) -> Any:
    """A part of the gap rows: (part, id, ref, day, a, b)."""
    return select(_number(part).label("part"), record.c.id.label("id"),
                  record.c.ref.label("ref"), day.label("day"), a.label("a"),
                  (_null(Text) if b is None else b).label("b"))


#: The kinds of record gap, numbered in the formula's order.
PAST_REVIEW, ACTION_OVERDUE, CHECKLIST_OVERDUE, CHECKLIST_BLOCKED, INADEQUATE_CASE, \
    INSUFFICIENT_PROGRESS = range(6)
#: Each kind's gap function, and which columns of the shared shape (part, id, ref, day,
#: a, b) it takes, in order.
_GAP_KINDS: dict[int, tuple[Callable[..., Gap], Callable[[Any], tuple[Any, ...]]]] = {
    PAST_REVIEW: (past_review_gap, itemgetter(1, 2, 4, 3)),
    ACTION_OVERDUE: (action_overdue_gap, itemgetter(1, 2, 3, 4, 5)),
    CHECKLIST_OVERDUE: (checklist_overdue_gap, itemgetter(1, 2, 3, 4, 5)),
    CHECKLIST_BLOCKED: (checklist_blocked_gap, itemgetter(1, 2, 3, 4, 5)),
    INADEQUATE_CASE: (inadequate_case_gap, itemgetter(1, 2, 4)),
    INSUFFICIENT_PROGRESS: (insufficient_progress_gap, itemgetter(1, 2, 4, 5)),
}
_THEME_CODE = func.coalesce(th.c.code, literal_column("''", String))
_RECORD_GAPS = [
    _gap_rows(PAST_REVIEW, ev, ev.c.review_date, ev.c.title)
    .where(ev.c.review_date < _TODAY, ev.c.status != "Draft"),
    _gap_rows(ACTION_OVERDUE, ac, ac.c.due_date, ac.c.owner, ac.c.description)
    .where(_overdue(ac, "action")),
    _gap_rows(CHECKLIST_OVERDUE, ch, ch.c.due_date, ch.c.item, _THEME_CODE)
    .outerjoin(th, th.c.id == ch.c.theme_id)
    .where(ch.c.visit_id == _VISIT, _overdue(ch, "checklist_item")),
    # Blocked and due before the visit, not yet overdue: see readiness.blocked_before_visit
    # (a visit with no start date has none: nothing is less than NULL).
    _gap_rows(CHECKLIST_BLOCKED, ch, ch.c.due_date, ch.c.item, _THEME_CODE)
    .outerjoin(th, th.c.id == ch.c.theme_id)
    .where(ch.c.visit_id == _VISIT, ch.c.status == ChecklistStatus.BLOCKED.value,
           ch.c.due_date.is_not(None), ch.c.due_date < _START, ch.c.due_date >= _TODAY),
    _gap_rows(INADEQUATE_CASE, cs, _null(Date), cs.c.sample_ref)
    .where(cs.c.visit_id == _VISIT, cs.c.overall_grade == Grade.INADEQUATE.value,
           _without_action()),
    _gap_rows(INSUFFICIENT_PROGRESS, fd, _null(Date), fd.c.latest_view, fd.c.text)
    .where(_one_of(fd.c.latest_view, HOLDING_BACK_VIEWS)),
]

#: Kinds of record that belong to one visit (the others are the workspace's).
_OF_THE_VISIT = {"case_sample": "visit_id", "checklist_item": "visit_id", "visit": "id"}
#: Each kind of personal data by its stored value, in the enumeration's order.
_PERSONAL_KINDS = tuple((k.value, k) for k in PersonalDataKind)
#: The part number of the first source of stored warnings (``SOURCES`` in order after it).
_WARNINGS_FROM = 100


def _stored_warnings() -> list[Any]:
    """Every stored warning of this visit's records and the workspace's: (part, id, ref,
    NULL, field, kind), the part numbering the source in ``SOURCES``.

    From the warnings to their records, not from every record to its warnings; a part's
    warnings (case actions, attachment names) count for the record it belongs to.
    """
    w = warning_table
    parts = []
    for number, source in enumerate(SOURCES.values(), _WARNINGS_FROM):
        part = Base.metadata.tables[source.table]
        record = KINDS[source.kind_name].entity.__table__  # type: ignore[attr-defined]
        key = part.c[source.parent] if source.parent else part.c.id
        stmt = _gap_rows(number, record, _null(Date), w.c.field, w.c.kind).select_from(w) \
            .join(part, part.c.id == w.c.record_id)
        if source.parent:
            stmt = stmt.join(record, record.c.id == key)
        elif part is not record:
            stmt = stmt.join(record, record.c.id == part.c.id)
        stmt = stmt.where(w.c.record_kind == source.table)
        if source.kind_name in _OF_THE_VISIT:
            stmt = stmt.where(record.c[_OF_THE_VISIT[source.kind_name]] == _VISIT)
        parts.append(stmt)
    return parts


#: Unordered: the rows are put in order in Python (see :func:`_in_order`), which costs less
#: than the sort of a union in SQL.
_GAPS = union_all(*_RECORD_GAPS, *_stored_warnings())


def _in_order(rows: Sequence[Any]) -> list[Any]:
    """Gap rows by kind, then by reference in ``store.by_ref``'s order (the formula's
    records come in it; each part's records are of one kind)."""
    return sorted(rows, key=lambda row: (row[0], *ref_order(row[2])))


def assess_visit(workspace: Workspace, visit_id: int, today: dt.date | None = None
                 ) -> VisitReadiness:
    """Readiness of a visit on ``today``, the same as ``assess(workspace.contents(visit_id))``.

    Raises:
        ConflictError: the visit has been deleted.
    """
    today = today or dt.date.today()
    with workspace.reading(one_moment=True) as s:  # the counts and the gaps agree
        rows = s.execute(_VISIT_AND_THEMES, {"visit_id": visit_id}).all()
        if not rows:
            raise ConflictError("This visit has been deleted.", "Choose another visit.")
        visit, public = rows[0][0], PublicContacts.from_text(rows[0][1])
        listed = [(theme, in_focus) for _v, _p, theme, in_focus in rows if theme is not None]
        # What loading the visit's themes would give (the relationship orders them the same).
        set_committed_value(visit, "themes", [t for t, in_focus in listed if in_focus])
        values = {"visit_id": visit_id, "today": today, "start": visit.start_date}
        connection = s.connection()
        counts, (done, applicable), grades = _counts(driver_rows(connection, _COUNTS, values))
        themes = tuple(
            theme_readiness(t, in_focus, counts.get(t.id, ThemeCounts()))
            for t, in_focus in listed if not t.retired or in_focus
        )
        record_gaps, hits = _gaps_and_hits(_in_order(driver_rows(connection, _GAPS, values)))
        # Every overdue action is a gap: counting them needs no query of its own.
        overdue = sum(1 for g in record_gaps
                      if isinstance(g, tuple) and g[0] is action_overdue_gap)
        gaps = GapList([*theme_gaps(themes, shortener(public)), *record_gaps,
                        *personal_data_gaps_of(hits)], public)
        return visit_readiness(
            visit, today, themes, checklist_done=done, checklist_applicable=applicable,
            grades=grades, actions_overdue=overdue, gaps=gaps)


def _counts(rows: Sequence[Any]) -> tuple[dict[int, ThemeCounts], tuple[int, int], dict[str, int]]:
    """Every theme's counts by theme id; the visit's checklist (done, applicable), themed
    or not; and its audited case samples by grade."""
    counts: dict[int, dict[str, Any]] = defaultdict(dict)
    types: dict[int, dict[str, int]] = defaultdict(dict)
    checklist = [0, 0]
    grades: dict[str, int] = {}
    for part, theme_id, key, n1, n2, n3 in rows:
        v = counts[theme_id] if theme_id is not None else {}
        if part == EVIDENCE:
            types[theme_id][key] = n1
        elif part == CASES:
            v["case_samples_audited"] = v.get("case_samples_audited", 0) + n1
            v.setdefault("grades", {})[key] = n1
            v["inadequate_without_action"] = v.get("inadequate_without_action", False) or n2 > 0
        elif part == CHECKLIST:
            checklist[0] += n1
            checklist[1] += n2
            v.update(checklist_done=n1, checklist_applicable=n2)
        elif part == HOLDING_BACK:
            v["insufficient_progress"] = n1
        elif part == ACTIONS:
            v.update(actions=n1, actions_overdue=n2, actions_complete=n3)
        else:
            grades[key] = n1
    for theme_id, by_type in types.items():
        counts[theme_id]["approved_evidence"] = sum(by_type.values())
        counts[theme_id]["evidence_types"] = tuple(sorted(by_type))
    return ({theme_id: ThemeCounts(**v) for theme_id, v in counts.items()},
            (checklist[0], checklist[1]), grades)


def _gaps_and_hits(rows: Sequence[Any]) -> tuple[list[Gap | Pending], list[PersonalDataHit]]:
    """The record gaps, each a row and its gap function (the message is written when the
    list is read: see ``models.gap_list``), and the export rule's hits from the stored
    warnings (few rows), not a scan."""
    gaps: list[Gap | Pending] = []
    sources = list(SOURCES.values())
    found: dict[tuple[str, int, str, str], set[str]] = defaultdict(set)
    for row in rows:
        part = row[0]
        if part < _WARNINGS_FROM:
            make_gap, values_of = _GAP_KINDS[part]
            if isinstance(row[3], str):  # a date as SQLite's driver gives it
                row = (*row[:3], dt.date.fromisoformat(row[3]), *row[4:])
            gaps.append((make_gap, values_of(row)))
        else:
            _part, record_id, ref, _day, field_name, kind = row
            source = sources[part - _WARNINGS_FROM]
            found[(source.kind_name, record_id, ref, source.fields[field_name])].add(kind)
    hits = [PersonalDataHit(kind_name, record_id, ref, label,
                            tuple(k for value, k in _PERSONAL_KINDS if value in kinds))
            for (kind_name, record_id, ref, label), kinds in found.items()]
    return gaps, hits
