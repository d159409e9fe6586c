"""The readiness review: each gap with its owner, theme, due date and severity, and the
reason for each theme's RAG, for the weekly readiness meeting."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import select

from . import entities as e
from .briefing import BriefingContent, on_site_dates, readiness_review
from .personal_data import PublicContacts
from .privacy.export_rule import printable
from .readiness import AMBER_FROM, GREEN_FROM, GapKind, ThemeReadiness, VisitReadiness, band
from .readiness_sql import assess_visit
from .records import KINDS
from .store import Workspace, WorkspaceContents
from .vocabulary import Rag

#: How much each kind of gap matters before a visit: 1 high, 2 medium, 3 low.
SEVERITY = {
    GapKind.NO_APPROVED_EVIDENCE: 1, GapKind.NO_AUDITED_CASE: 1,
    GapKind.INADEQUATE_CASE_WITHOUT_ACTION: 1, GapKind.PERSONAL_DATA: 1,
    GapKind.ACTION_OVERDUE: 2, GapKind.CHECKLIST_BLOCKED: 2, GapKind.INSUFFICIENT_PROGRESS: 2,
    GapKind.GREEN_OVERRIDE_WITHOUT_EVIDENCE: 2,
    GapKind.CHECKLIST_OVERDUE: 3, GapKind.EVIDENCE_PAST_REVIEW: 3,
}
SEVERITY_WORDS = {1: "High", 2: "Medium", 3: "Low"}


@dataclass(frozen=True)
class ReviewItem:
    """One line of the review: a gap with who owns it, its theme, when it is due, how serious."""

    severity: int
    kind: str
    message: str
    owner: str
    theme: str
    due: dt.date | None
    record_kind: str
    record_id: int
    record_ref: str

    @property
    def severity_word(self) -> str:
        return SEVERITY_WORDS[self.severity]


@dataclass(frozen=True)
class Review:
    """What the readiness meeting looks at for one visit."""

    readiness: VisitReadiness
    items: tuple[ReviewItem, ...]
    theme_reasons: tuple[tuple[str, str], ...]  # (theme name, "Amber: …")


def rag_reason(tr: ThemeReadiness) -> str:
    """Why a theme has the RAG it has, in one sentence that starts with the RAG."""
    rag = tr.rag.value
    if tr.overridden:
        return (f"{rag}: set by hand ({tr.theme.rag_override_reason or 'no reason given'}); "
                f"the formula gives {tr.calculated_rag.value} at {tr.score:.0%}.")
    missing = [r for r in tr.reasons if r.startswith("no ")]
    if missing:
        return f"{rag}: {' and '.join(missing)}, so this theme is Red whatever its score."
    held = [r for r in tr.reasons if not r.startswith("no ")]
    if held and band(tr.score) is Rag.GREEN:
        return (f"{rag}: {'; '.join(held)} caps this theme at Amber (the score, {tr.score:.0%}, "
                f"would be Green).")
    if tr.calculated_rag is Rag.GREEN:
        return f"{rag}: {tr.score:.0%}, at or above {GREEN_FROM:.0%}, with nothing holding it back."
    if tr.calculated_rag is Rag.AMBER:
        return (f"{rag}: {tr.score:.0%} is from {AMBER_FROM:.0%} but under {GREEN_FROM:.0%}"
                + (f"; also {'; '.join(held)}." if held else "."))
    return f"{rag}: {tr.score:.0%} is under {AMBER_FROM:.0%}."


def visit_reason(r: VisitReadiness) -> str:
    """Why the visit as a whole has its RAG: its own score's band, or its weakest focus theme."""
    order = [Rag.RED, Rag.AMBER, Rag.GREEN]
    own = band(r.score)
    weakest = min(r.focus, key=lambda t: order.index(t.rag), default=None)
    if weakest is not None and order.index(weakest.rag) < order.index(own):
        return (f"{r.rag.value}: the score, {r.score:.0%}, would be {own.value}, but a visit is "
                f"only as ready as its weakest focus theme \u2014 {weakest.theme.name} is "
                f"{weakest.rag.value}.")
    if own is Rag.GREEN:
        return f"{r.rag.value}: {r.score:.0%}, at or above {GREEN_FROM:.0%}."
    if own is Rag.AMBER:
        return f"{r.rag.value}: {r.score:.0%} is from {AMBER_FROM:.0%} but under {GREEN_FROM:.0%}."
    return f"{r.rag.value}: {r.score:.0%} is under {AMBER_FROM:.0%}."


#: The kinds of record a review line takes its owner, theme and due date from.
_INDEXED = ("theme", "evidence", "case_sample", "finding", "action", "checklist_item")


def _index(contents: WorkspaceContents) -> dict[tuple[str, int], Any]:
    groups: list[tuple[str, list[Any]]] = [
        ("theme", contents.themes), ("evidence", contents.evidence),
        ("case_sample", contents.case_samples), ("finding", contents.findings),
        ("action", contents.actions), ("checklist_item", contents.checklist)]
    return {(kind, r.id): r for kind, records in groups for r in records}


def _theme_of(record: Any, theme_code: str, names: dict[str, str]) -> str:
    if theme_code:
        return names.get(theme_code, theme_code)
    if getattr(record, "name", None) and getattr(record, "code", None):
        return str(record.name)  # the theme itself
    theme = getattr(record, "theme", None)
    if theme is not None:
        return str(theme.name)
    themes = list(getattr(record, "themes", None) or [])
    for finding in getattr(record, "findings", None) or []:  # an action: its findings' themes
        themes.extend(t for t in finding.themes if t not in themes)
    return ", ".join(dict.fromkeys(t.name for t in themes))


def _due(record: Any) -> dt.date | None:
    for name in ("due_date", "review_date"):
        value = getattr(record, name, None)
        if value is not None:
            return value
    return None


def build_review(contents: WorkspaceContents, readiness: VisitReadiness) -> Review:
    """Every gap of the visit, with owner, theme, due date and severity; each theme's reason."""
    return _review(_index(contents), {t.code: t.name for t in contents.themes}, readiness)


def review_of_visit(workspace: Workspace, visit_id: int, today: dt.date) -> Review:
    """The review of a visit from readiness by SQL, reading only the records its gaps name.

    The same as ``build_review(contents, assess(contents))`` without loading the visit.
    """
    readiness = assess_visit(workspace, visit_id, today)
    wanted: dict[str, set[int]] = {}
    for gap in readiness.gaps:
        wanted.setdefault(gap.record_kind, set()).add(gap.record_id)
    with workspace.reading() as s:
        records: dict[tuple[str, int], Any] = {}
        for kind_name, ids in wanted.items():
            if kind_name not in _INDEXED:
                continue
            entity: Any = KINDS[kind_name].entity
            found = list(s.scalars(select(entity).where(entity.id.in_(sorted(ids)))))
            records.update(((kind_name, r.id), r) for r in found)
        names = {code: name for code, name in s.execute(select(e.Theme.code, e.Theme.name))}
        return _review(records, names, readiness)  # in the session: themes load as needed


def _review(records: dict[tuple[str, int], Any], names: dict[str, str],
            readiness: VisitReadiness) -> Review:
    items = []
    for gap in readiness.gaps:
        record = records.get((gap.record_kind, gap.record_id))
        owner = (getattr(record, "owner", None) or getattr(record, "auditor", None) or ""
                 if record is not None else "")
        items.append(ReviewItem(
            severity=SEVERITY.get(gap.kind, 2), kind=gap.kind.value, message=gap.message,
            owner=owner, theme=_theme_of(record, gap.theme_code, names) if record else "",
            due=_due(record) if record is not None else None,
            record_kind=gap.record_kind, record_id=gap.record_id, record_ref=gap.record_ref))
    items.sort(key=lambda i: (i.severity, i.due or dt.date.max, i.record_ref))
    reasons = tuple((t.theme.name, rag_reason(t)) for t in readiness.focus)
    return Review(readiness, tuple(items), reasons)


# -- the review as a document --------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewGroup:
    """One group of gaps in the document: its heading (and a subheading when grouped twice)."""

    heading: str
    subheading: str
    items: tuple[ReviewItem, ...]


@dataclass(frozen=True)
class ReviewDocument:
    """The readiness review as the weekly meeting reads it: the one plain object the review
    page and the export dialog (and the command line) build for the one Word writer.

    Every record's text in it (owners, gap messages, theme names) has passed the export rule
    for personal data: what looks personal reads "[text not shown …]".
    """

    authority: str
    marking: str
    visit_title: str
    as_at: dt.date
    on_site: str
    score: float
    rag: str
    visit_reason: str
    theme_reasons: tuple[tuple[str, str], ...]
    #: How the gaps are grouped, in words ("owner, then theme"; "" when not grouped).
    grouped_by: str
    groups: tuple[ReviewGroup, ...]
    sign_off: str
    #: Records left out of the export because their text looks personal.
    left_out: int = 0
    template: Path | None = None

    @property
    def gap_count(self) -> int:
        return sum(len(g.items) for g in self.groups)

    @property
    def owners(self) -> int:
        return len({i.owner for g in self.groups for i in g.items})


def _printable_item(item: ReviewItem, public: PublicContacts) -> ReviewItem:
    return replace(item, owner=printable(item.owner, public),
                   message=printable(item.message, public), theme=printable(item.theme, public))


def document_from_review(review: Review, groups: Sequence[tuple[str, Sequence[ReviewItem]]], *,
                         authority: Any, marking: str, grouped_by: str,
                         sign_off: str) -> ReviewDocument:
    """The review as the page shows it (its filter, grouping and order), as a document."""
    r = review.readiness
    public = PublicContacts.from_text(getattr(authority, "public_contacts", "") or "")
    return ReviewDocument(
        authority=authority.name or "Children's services", marking=marking,
        visit_title=r.visit.title, as_at=r.today, on_site=on_site_dates(r.visit), score=r.score,
        rag=r.rag.value, visit_reason=visit_reason(r),
        theme_reasons=tuple((printable(n, public), reason) for n, reason in review.theme_reasons),
        grouped_by=grouped_by,
        # Headed as the page heads them: the name and how many.
        groups=tuple(ReviewGroup(f"{printable(name, public)} ({len(items)})" if name else "",
                                 "", tuple(_printable_item(i, public) for i in items))
                     for name, items in groups),
        sign_off=sign_off)


def document_from_briefing(content: BriefingContent) -> ReviewDocument:
    """The review from an export's content (the export dialog, the command line): the gaps
    grouped by owner, then theme, as the briefing's ``readiness_review`` groups them, each
    with its severity and due date. The content has already left out what looks personal."""
    records = {(kind, r.id): r for kind, kept in (
        ("evidence", content.evidence), ("case_sample", content.case_samples),
        ("finding", [f.finding for f in content.findings]), ("action", content.actions),
        ("checklist_item", content.checklist)) for r in kept}
    public = PublicContacts.from_text(getattr(content.authority, "public_contacts", "") or "")
    groups = []
    for owner, theme, gaps in readiness_review(content):
        items = []
        for gap in gaps:
            record = records.get((gap.record_kind, gap.record_id))
            items.append(ReviewItem(
                severity=SEVERITY.get(gap.kind, 2), kind=gap.kind.value, message=gap.message,
                owner=owner, theme=theme, due=_due(record) if record is not None else None,
                record_kind=gap.record_kind, record_id=gap.record_id,
                record_ref=gap.record_ref))
        items.sort(key=lambda i: (i.severity, i.due or dt.date.max, i.record_ref))
        groups.append(ReviewGroup(printable(owner, public), printable(theme, public),
                                  tuple(_printable_item(i, public) for i in items)))
    r = content.readiness
    return ReviewDocument(
        authority=content.authority.name or "Children's services", marking=content.marking,
        visit_title=content.visit.title, as_at=r.today, on_site=content.on_site,
        score=r.score, rag=r.rag.value, visit_reason=visit_reason(r),
        theme_reasons=tuple((printable(t.theme.name, public), rag_reason(t)) for t in r.focus),
        grouped_by="owner, then theme", groups=tuple(groups), sign_off=content.sign_off,
        left_out=content.excluded_personal_data, template=content.options.template)
