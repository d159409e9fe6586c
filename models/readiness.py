"""How ready we are for a visit: one formula, used by the dashboard and both exports.

The formula is written out for service leaders in resources/help/readiness.md (shown by
Help → How readiness is worked out and on the log's About sheet); keep the two in step.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from . import entities as e
from .personal_data import PublicContacts
from .privacy.export_rule import (
    _PART_LABELS,
    PersonalDataHit,
    hits_in,
    printable,
    public_contacts,
    scanned_fields,
)
from .records import KINDS, kind_of
from .store import WorkspaceContents, ref_order
from .vocabulary import FINISHED_STATUSES, ChecklistStatus, Grade, Rag
from .vocabulary import counted as with_noun

#: Approved evidence items (and audited case samples) that make a theme's score full.
EVIDENCE_TARGET = 3
CASE_SAMPLE_TARGET = 3
#: Weights of the four parts of a theme's score.
WEIGHTS = {"evidence": 0.35, "case_samples": 0.25, "checklist": 0.20, "actions": 0.20}
GREEN_FROM = 0.80
AMBER_FROM = 0.50

_RAG_ORDER = {Rag.RED: 0, Rag.AMBER: 1, Rag.GREEN: 2}


class GapKind(StrEnum):
    """The kinds of thing the "what is missing" list reports."""

    NO_APPROVED_EVIDENCE = "No approved evidence"
    NO_AUDITED_CASE = "No audited case sample"
    EVIDENCE_PAST_REVIEW = "Evidence past its review date"
    GREEN_OVERRIDE_WITHOUT_EVIDENCE = "Green override with no evidence"
    ACTION_OVERDUE = "Action overdue"
    CHECKLIST_OVERDUE = "Checklist item overdue"
    CHECKLIST_BLOCKED = "Checklist item blocked"
    INADEQUATE_CASE_WITHOUT_ACTION = "Case graded inadequate with no action"
    INSUFFICIENT_PROGRESS = "Finding judged insufficient progress"
    PERSONAL_DATA = "Possible personal data"


@dataclass(frozen=True)
class Gap:
    """One thing that is missing, pointing at the record to open.

    Attributes:
        kind: What sort of gap.
        message: One sentence for the list.
        record_kind: ``RecordKind.name`` of the record to open.
        record_id: Its id.
        record_ref: Its reference (E-014, T-003 …).
        theme_code: The theme it belongs to, when it belongs to one.
    """

    kind: GapKind
    message: str
    record_kind: str
    record_id: int
    record_ref: str
    theme_code: str = ""


@dataclass(frozen=True)
class ThemeReadiness:
    """Readiness of one theme for one visit."""

    theme: e.Theme
    in_focus: bool
    approved_evidence: int
    evidence_types: tuple[str, ...]
    case_samples_audited: int
    grades: dict[str, int]
    checklist_done: int
    checklist_applicable: int
    actions_overdue: int
    actions_on_track: int
    actions_complete: int
    insufficient_progress: int
    score: float
    calculated_rag: Rag
    rag: Rag
    overridden: bool
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class VisitReadiness:
    """Readiness of a whole visit: its focus themes, the checklist and what is missing."""

    visit: e.Visit
    today: dt.date
    themes: tuple[ThemeReadiness, ...]
    score: float
    rag: Rag
    checklist_done: int
    checklist_applicable: int
    grades: dict[str, int]
    actions_overdue: int
    #: A tuple from the formula; a :class:`models.gap_list.GapList` from readiness by SQL.
    gaps: Sequence[Gap] = field(default=())

    @property
    def focus(self) -> tuple[ThemeReadiness, ...]:
        return tuple(t for t in self.themes if t.in_focus)

    @property
    def days_to_visit(self) -> int | None:
        if self.visit.start_date is None:
            return None
        return (self.visit.start_date - self.today).days


def band(score: float) -> Rag:
    """The RAG a score earns on its own: green from 80%, amber from 50%."""
    if score >= GREEN_FROM:
        return Rag.GREEN
    if score >= AMBER_FROM:
        return Rag.AMBER
    return Rag.RED


def worst(*rags: Rag) -> Rag:
    return min(rags, key=lambda r: _RAG_ORDER[r])


def is_overdue(due: dt.date | None, finished: bool, today: dt.date) -> bool:
    return due is not None and due < today and not finished


def action_finished(action: e.Action) -> bool:
    return action.status in FINISHED_STATUSES["action"]


def checklist_finished(item: e.ChecklistItem) -> bool:
    return item.status in FINISHED_STATUSES["checklist_item"]


def grade_distribution(samples: list[e.CaseSample]) -> dict[str, int]:
    """Audited samples per overall grade, in scale order (every grade present, maybe 0)."""
    counts = Counter(s.overall_grade for s in samples if s.audited)
    return {g.value: counts.get(g.value, 0) for g in Grade}


class _ByTheme:
    """Records grouped by the themes they are linked to, built once per assessment."""

    def __init__(self, contents: WorkspaceContents) -> None:
        self._groups: dict[str, dict[int, list[Any]]] = {}
        for name in ("evidence", "case_samples", "findings"):
            groups: dict[int, list[Any]] = defaultdict(list)
            for record in getattr(contents, name):
                for theme in record.themes:
                    groups[theme.id].append(record)
            self._groups[name] = groups

    def get(self, name: str, theme: e.Theme) -> list[Any]:
        return self._groups[name].get(theme.id, [])


#: A finding's latest view that holds its themes back (and is listed as a gap).
HOLDING_BACK_VIEWS = ("Insufficient progress", "Declined")


@dataclass(frozen=True)
class ThemeCounts:
    """What the score and RAG of one theme are worked out from (counted in Python or in SQL)."""

    approved_evidence: int = 0
    evidence_types: tuple[str, ...] = ()
    case_samples_audited: int = 0
    grades: dict[str, int] = field(default_factory=dict)
    inadequate_without_action: bool = False
    checklist_done: int = 0
    checklist_applicable: int = 0
    actions: int = 0
    actions_overdue: int = 0
    actions_complete: int = 0
    insufficient_progress: int = 0


def _theme_readiness(
    theme: e.Theme, contents: WorkspaceContents, index: _ByTheme, today: dt.date, in_focus: bool
) -> ThemeReadiness:
    def linked(name: str) -> list[Any]:
        return index.get(name, theme)

    evidence = linked("evidence")
    approved = [
        x for x in evidence
        if x.status == "Approved" and not (x.review_date and x.review_date < today)
    ]
    samples = [s for s in linked("case_samples") if s.audited]
    checklist = [c for c in contents.checklist if c.theme_id == theme.id]
    applicable = [c for c in checklist if c.status != "Not applicable"]
    done = [c for c in applicable if c.status == "Done"]
    findings = linked("findings")
    finding_ids = {f.id for f in findings}
    actions = [a for a in contents.actions if any(f.id in finding_ids for f in a.findings)]
    overdue = [a for a in actions if is_overdue(a.due_date, action_finished(a), today)]
    complete = [a for a in actions if action_finished(a)]
    insufficient = [f for f in findings if f.latest_view in HOLDING_BACK_VIEWS]
    counts = ThemeCounts(
        approved_evidence=len(approved),
        evidence_types=tuple(sorted({x.evidence_type for x in approved})),
        case_samples_audited=len(samples),
        grades=grade_distribution(samples),
        inadequate_without_action=any(
            s.overall_grade == Grade.INADEQUATE and not s.case_actions for s in samples),
        checklist_done=len(done),
        checklist_applicable=len(applicable),
        actions=len(actions),
        actions_overdue=len(overdue),
        actions_complete=len(complete),
        insufficient_progress=len(insufficient),
    )
    return theme_readiness(theme, in_focus, counts)


def theme_readiness(theme: e.Theme, in_focus: bool, c: ThemeCounts) -> ThemeReadiness:
    """Score and RAG of one theme from its counts: the formula in docs/readiness.md."""
    parts: dict[str, float | None] = {
        "evidence": min(c.approved_evidence / EVIDENCE_TARGET, 1.0),
        "case_samples": min(c.case_samples_audited / CASE_SAMPLE_TARGET, 1.0),
        "checklist": (c.checklist_done / c.checklist_applicable) if c.checklist_applicable
        else None,
        "actions": (1 - c.actions_overdue / c.actions) if c.actions else None,
    }
    counted = {k: (w, p) for k, w in WEIGHTS.items() if (p := parts[k]) is not None}
    score = sum(w * p for w, p in counted.values()) / sum(w for w, _ in counted.values())

    reasons: list[str] = []
    rag = band(score)
    if not c.approved_evidence:
        reasons.append("no approved evidence")
        rag = Rag.RED
    if not c.case_samples_audited:
        reasons.append("no audited case sample")
        rag = Rag.RED
    held_back = []
    if c.actions_overdue:
        held_back.append(with_noun(c.actions_overdue, "overdue action"))
    if c.insufficient_progress:
        held_back.append(with_noun(c.insufficient_progress, "finding")
                         + " judged insufficient progress or declined")
    if c.inadequate_without_action:
        held_back.append("a case graded inadequate with no action")
    if held_back and rag is Rag.GREEN:
        rag = Rag.AMBER
    reasons.extend(held_back)

    override = Rag(theme.rag_override) if theme.rag_override else None
    return ThemeReadiness(
        theme=theme,
        in_focus=in_focus,
        approved_evidence=c.approved_evidence,
        evidence_types=c.evidence_types,
        case_samples_audited=c.case_samples_audited,
        grades={g.value: c.grades.get(g.value, 0) for g in Grade},
        checklist_done=c.checklist_done,
        checklist_applicable=c.checklist_applicable,
        actions_overdue=c.actions_overdue,
        actions_on_track=c.actions - c.actions_overdue - c.actions_complete,
        actions_complete=c.actions_complete,
        insufficient_progress=c.insufficient_progress,
        score=score,
        calculated_rag=rag,
        rag=override or rag,
        overridden=override is not None,
        reasons=tuple(reasons),
    )


def assess(contents: WorkspaceContents, today: dt.date | None = None) -> VisitReadiness:
    """Readiness of the visit in ``contents`` on ``today``.

    Per theme: score = 35% approved evidence (3 items = full) + 25% audited
    case samples (3 = full) + 20% checklist completion + 20% actions not
    overdue, over the parts that apply. RAG: green from 80%, amber from 50%,
    red below; red whatever the score with no approved evidence or no audited
    case sample; no better than amber with an overdue action, a finding judged
    insufficient progress or a case graded inadequate with no action. A manual
    override replaces the RAG shown. The visit: 80% the mean of its focus
    themes' scores + 20% checklist completion; its RAG is the worse of its band
    and the worst focus theme's RAG.
    """
    today = today or dt.date.today()
    focus_ids = {t.id for t in contents.visit.themes}
    index = _ByTheme(contents)
    themes = tuple(
        _theme_readiness(t, contents, index, today, t.id in focus_ids)
        for t in contents.themes
        if not t.retired or t.id in focus_ids
    )
    applicable = [c for c in contents.checklist if c.status != "Not applicable"]
    done = [c for c in applicable if c.status == "Done"]
    overdue_actions = sum(
        1 for a in contents.actions if is_overdue(a.due_date, action_finished(a), today)
    )
    return visit_readiness(
        contents.visit, today, themes, checklist_done=len(done),
        checklist_applicable=len(applicable), grades=grade_distribution(contents.case_samples),
        actions_overdue=overdue_actions, gaps=tuple(find_gaps(contents, themes, today)))


def visit_readiness(
    visit: e.Visit, today: dt.date, themes: tuple[ThemeReadiness, ...], *, checklist_done: int,
    checklist_applicable: int, grades: dict[str, int], actions_overdue: int,
    gaps: Sequence[Gap],
) -> VisitReadiness:
    """The visit's score and RAG from its themes and checklist: docs/readiness.md."""
    focus = [t for t in themes if t.in_focus]
    checklist = checklist_done / checklist_applicable if checklist_applicable else 1.0
    if focus:
        score = 0.8 * sum(t.score for t in focus) / len(focus) + 0.2 * checklist
        rag = worst(band(score), *(t.rag for t in focus))
    else:
        score, rag = checklist, band(checklist)
    return VisitReadiness(
        visit=visit,
        today=today,
        themes=themes,
        score=score,
        rag=rag,
        checklist_done=checklist_done,
        checklist_applicable=checklist_applicable,
        grades={g.value: grades.get(g.value, 0) for g in Grade},
        actions_overdue=actions_overdue,
        gaps=gaps,
    )


def _gap(kind: GapKind, message: str, record: object, theme_code: str = "") -> Gap:
    rk = kind_of(record)
    return Gap(kind, message, rk.name, record.id, record.ref, theme_code)  # type: ignore[attr-defined]


#: Shortens a record's text for a gap message (see :func:`shortener`).
Shorten = Callable[[str], str]


def shortener(public: PublicContacts) -> Shorten:
    """Text quoted in a gap message: on one line, cut at 90 characters, and only when
    nothing in it looks personal (``printable``, the export rule)."""
    def short(text: str, limit: int = 90) -> str:
        text = printable(" ".join(text.split()), public)
        return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"
    return short


def theme_gaps(themes: tuple[ThemeReadiness, ...], short: Shorten) -> list[Gap]:
    """Gaps of whole themes: no approved evidence, no audited case, Green by hand with neither."""
    gaps: list[Gap] = []
    for tr in themes:
        t = tr.theme
        if tr.in_focus and tr.approved_evidence == 0:
            gaps.append(_gap(GapKind.NO_APPROVED_EVIDENCE,
                             f"{short(t.name)} is a focus theme with no approved evidence.", t, t.code))
        if tr.in_focus and tr.case_samples_audited == 0:
            gaps.append(_gap(GapKind.NO_AUDITED_CASE,
                             f"{short(t.name)} has no audited case sample for this visit.", t, t.code))
        if t.rag_override == Rag.GREEN and tr.approved_evidence == 0:
            gaps.append(_gap(GapKind.GREEN_OVERRIDE_WITHOUT_EVIDENCE,
                             f"{short(t.name)} is set to Green by hand but has no approved evidence.",
                             t, t.code))
    return gaps


# One function per kind of record gap, called with the record's values by both the
# formula (records in Python) and readiness by SQL (the gap rows only).

def past_review_gap(short: Shorten, record_id: int, ref: str, title: str,
                    review_date: dt.date) -> Gap:
    return Gap(GapKind.EVIDENCE_PAST_REVIEW,
               f"{ref} \u201c{short(title)}\u201d was due for review on {review_date:%d %b %Y}.",
               "evidence", record_id, ref)


def action_overdue_gap(short: Shorten, record_id: int, ref: str, due_date: dt.date, owner: str,
                       description: str) -> Gap:
    return Gap(GapKind.ACTION_OVERDUE,
               f"{ref} was due on {due_date:%d %b %Y} ({short(owner) or 'no owner'}): "
               f"{short(description)}", "action", record_id, ref)


def checklist_overdue_gap(short: Shorten, record_id: int, ref: str, due_date: dt.date, item: str,
                          theme_code: str) -> Gap:
    return Gap(GapKind.CHECKLIST_OVERDUE, f"{ref} was due on {due_date:%d %b %Y}: {short(item)}",
               "checklist_item", record_id, ref, theme_code)


def blocked_before_visit(status: str, due: dt.date | None, start: dt.date | None,
                         today: dt.date) -> bool:
    """Blocked and due before the visit (not yet overdue): it will not be done unless
    someone unblocks it."""
    return (status == ChecklistStatus.BLOCKED and due is not None and start is not None
            and due < start and not is_overdue(due, False, today))


def checklist_blocked_gap(short: Shorten, record_id: int, ref: str, due_date: dt.date, item: str,
                          theme_code: str) -> Gap:
    return Gap(GapKind.CHECKLIST_BLOCKED,
               f"{ref} is blocked and due on {due_date:%d %b %Y}, before the visit: {short(item)}",
               "checklist_item", record_id, ref, theme_code)


def inadequate_case_gap(short: Shorten, record_id: int, ref: str, sample_ref: str) -> Gap:
    return Gap(GapKind.INADEQUATE_CASE_WITHOUT_ACTION,
               f"{ref} ({short(sample_ref)}) is graded inadequate with no action set.",
               "case_sample", record_id, ref)


def insufficient_progress_gap(short: Shorten, record_id: int, ref: str, latest_view: str,
                              text: str) -> Gap:
    return Gap(GapKind.INSUFFICIENT_PROGRESS, f"{ref} judged {latest_view.lower()}: {short(text)}",
               "finding", record_id, ref)


def find_gaps(
    contents: WorkspaceContents, themes: tuple[ThemeReadiness, ...], today: dt.date
) -> list[Gap]:
    """The list of what is missing, each entry pointing at its record."""
    short = shortener(public_contacts(contents))
    gaps = theme_gaps(themes, short)
    for x in contents.evidence:
        if x.review_date and x.review_date < today and x.status != "Draft":
            gaps.append(past_review_gap(short, x.id, x.ref, x.title, x.review_date))
    for a in contents.actions:
        if a.due_date is not None and is_overdue(a.due_date, action_finished(a), today):
            gaps.append(action_overdue_gap(short, a.id, a.ref, a.due_date, a.owner, a.description))
    for c in contents.checklist:
        if c.due_date is not None and is_overdue(c.due_date, checklist_finished(c), today):
            gaps.append(checklist_overdue_gap(short, c.id, c.ref, c.due_date, c.item,
                                              c.theme.code if c.theme else ""))
    for c in contents.checklist:
        if c.due_date is not None and blocked_before_visit(c.status, c.due_date,
                                                           contents.visit.start_date, today):
            gaps.append(checklist_blocked_gap(short, c.id, c.ref, c.due_date, c.item,
                                              c.theme.code if c.theme else ""))
    for s in contents.case_samples:
        if s.overall_grade == Grade.INADEQUATE and not s.case_actions:
            gaps.append(inadequate_case_gap(short, s.id, s.ref, s.sample_ref))
    for f in contents.findings:
        if f.latest_view in HOLDING_BACK_VIEWS:
            gaps.append(insufficient_progress_gap(short, f.id, f.ref, f.latest_view, f.text))
    gaps.extend(personal_data_gaps(contents))
    return gaps


#: The record kinds an export prints, in the order their personal-data gaps are listed.
PERSONAL_DATA_KINDS = ("authority", "visit", "theme", "evidence", "case_sample", "finding",
                       "action", "checklist_item", "indicator")


def _hit_order(hit: PersonalDataHit) -> tuple[Any, ...]:
    kind = KINDS[hit.record_kind]
    labels = [f.label for f in scanned_fields(kind)]
    if hit.record_kind in _PART_LABELS:
        labels.append(_PART_LABELS[hit.record_kind])
    return (PERSONAL_DATA_KINDS.index(hit.record_kind), *ref_order(hit.record_ref),
            hit.record_id, labels.index(hit.field_label))


def personal_data_gaps_of(hits: list[PersonalDataHit]) -> list[Gap]:
    """A gap per hit, by kind of record, then reference, then field.

    The message names the record, the field and the kind of identifier, never the
    text (the rule in ``models.privacy.export_rule``).
    """
    return [Gap(GapKind.PERSONAL_DATA, hit.message, hit.record_kind, hit.record_id,
                hit.record_ref) for hit in sorted(hits, key=_hit_order)]


def personal_data_gaps(contents: WorkspaceContents) -> list[Gap]:
    """A gap for each field whose free text looks like it holds personal data."""
    return personal_data_gaps_of(hits_in(contents))
