"""What goes into the briefing pack and the evidence log: a plain object the writers read."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import asdict, dataclass, field, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from . import entities as e
from . import on_site
from . import vocabulary as v
from .annex_briefing import AnnexBriefing, build_annex_briefing
from .approvals import latest_sign_off, sign_off_line
from .log_format import LogIdentity, last_change_id, read_identity
from .pack_control import (
    ChangesSince,
    DocumentControl,
    changes_since_last,
    freeze,
    open_snapshot,
    snapshot_for,
)
from .privacy.export_rule import hits_in, leave_out
from .readiness import AMBER_FROM, GREEN_FROM, WEIGHTS, Gap, ThemeReadiness, VisitReadiness, assess
from .store import RecordQuery, Workspace

DEFAULT_MARKING = "OFFICIAL-SENSITIVE"


@dataclass(frozen=True)
class ExportOptions:
    """The choices a user makes before exporting.

    Attributes:
        visit_id: Which visit the documents are for.
        theme_codes: Themes to give sections to; empty means the visit's focus themes.
        include_case_detail: List each case sample (reference, grade, strengths …)
            in the pack, not just the summary.
        exclude_personal_data: Leave out evidence flagged as containing personal data.
        personal_data_reason: Why records whose text looks personal are included; empty
            means they are left out (see ``models.privacy.export_rule``). Kept in the
            export register with the other options.
        marking: Protective marking printed in every header and footer.
        template: A .docx whose styles the pack uses (a council house style).
        control: Document control: draft or final, version, approver, audience.
        include_drafts: Show draft and verified evidence too (each with its status);
            by default the pack shows approved evidence only.
        all_themes_appendix: The evidence appendix lists every theme, not only
            the themes the pack has sections for.
    """

    visit_id: int
    theme_codes: tuple[str, ...] = ()
    include_case_detail: bool = False
    exclude_personal_data: bool = True
    personal_data_reason: str = ""
    marking: str = DEFAULT_MARKING
    template: Path | None = None
    control: DocumentControl = field(default_factory=DocumentControl)
    include_drafts: bool = False
    all_themes_appendix: bool = False

    def as_record(self) -> dict[str, Any]:
        """The options as stored with the export record."""
        data = asdict(self)
        data["template"] = str(self.template) if self.template else None
        data["theme_codes"] = list(self.theme_codes)
        data["control"]["distribution"] = list(self.control.distribution)
        data["control"]["approved_on"] = (self.control.approved_on.isoformat()
                                          if self.control.approved_on else None)
        return data

    @classmethod
    def from_record(cls, data: dict[str, Any]) -> ExportOptions:
        """Options as :meth:`as_record` stored them."""
        data = dict(data)
        control = dict(data.pop("control", None) or {})
        if control.get("approved_on"):
            control["approved_on"] = dt.date.fromisoformat(control["approved_on"])
        control["distribution"] = tuple(control.get("distribution") or ())
        data["theme_codes"] = tuple(data.get("theme_codes") or ())
        data["template"] = Path(data["template"]) if data.get("template") else None
        known = set(cls.__dataclass_fields__)
        return cls(control=DocumentControl(**control), **{k: x for k, x in data.items()
                                                             if k in known})


@dataclass(frozen=True)
class ChartBar:
    label: str
    score: float
    rag: v.Rag


@dataclass(frozen=True)
class ReadinessChart:
    """The readiness chart: one definition, drawn on the dashboard and in the Excel log."""

    title: str
    bars: tuple[ChartBar, ...]
    green_from: float
    amber_from: float


def readiness_chart(readiness: VisitReadiness, themes: list[ThemeReadiness]) -> ReadinessChart:
    """Bars of readiness score per theme, coloured by each theme's RAG."""
    from .readiness import AMBER_FROM, GREEN_FROM

    return ReadinessChart(
        title=f"Readiness by theme \u2014 {readiness.visit.title}",
        bars=tuple(ChartBar(t.theme.name, t.score, t.rag) for t in themes),
        green_from=GREEN_FROM,
        amber_from=AMBER_FROM,
    )


@dataclass(frozen=True)
class FindingWithActions:
    finding: e.Finding
    source: str
    actions: tuple[e.Action, ...]


@dataclass(frozen=True)
class IndicatorTrend:
    """One measure over time: its snapshots from the first (baseline) to the latest (now)."""

    measure: str
    unit: str
    lower_is_better: bool
    points: tuple[tuple[dt.date | None, float], ...]
    target: float | None
    england: float | None
    topic: str | None

    @property
    def baseline(self) -> float | None:
        return self.points[0][1] if self.points else None

    @property
    def now(self) -> float | None:
        return self.points[-1][1] if self.points else None

    @property
    def on_target(self) -> bool | None:
        if self.now is None or self.target is None:
            return None
        return self.now <= self.target if self.lower_is_better else self.now >= self.target


def indicator_trends(indicators: list[e.IndicatorSnapshot] | tuple[e.IndicatorSnapshot, ...]
                     ) -> tuple[IndicatorTrend, ...]:
    """Snapshots of the same measure (and theme) joined into one trend, oldest first."""
    groups: dict[tuple[int | None, str], list[e.IndicatorSnapshot]] = {}
    for i in indicators:
        groups.setdefault((i.theme_id, i.measure.strip().lower()), []).append(i)
    trends = []
    for snaps in groups.values():
        snaps.sort(key=lambda i: (i.as_at or dt.date.min, i.id))
        latest = snaps[-1]
        trends.append(IndicatorTrend(
            measure=latest.measure, unit=latest.unit,
            lower_is_better=latest.direction_of_good == v.DirectionOfGood.LOWER,
            points=tuple((i.as_at, i.value) for i in snaps if i.value is not None),
            target=latest.target, england=latest.england,
            topic=next((i.topic for i in reversed(snaps) if i.topic), None)))
    return tuple(trends)


@dataclass(frozen=True)
class ThemeSection:
    """Everything the pack says about one theme."""

    theme: e.Theme
    readiness: ThemeReadiness
    indicators: tuple[e.IndicatorSnapshot, ...]
    evidence: tuple[e.EvidenceItem, ...]
    case_samples: tuple[e.CaseSample, ...]
    strengths: tuple[str, ...]
    areas_to_develop: tuple[str, ...]
    findings: tuple[FindingWithActions, ...]
    trends: tuple[IndicatorTrend, ...] = ()
    open_actions: tuple[e.Action, ...] = ()
    open_checklist: tuple[e.ChecklistItem, ...] = ()


@dataclass(frozen=True)
class TopicSection:
    """Workforce, partners, or children's and families' voice: evidence of those types and
    indicators tagged to them."""

    title: str
    evidence: tuple[e.EvidenceItem, ...]
    trends: tuple[IndicatorTrend, ...]


#: Evidence types and the indicator tag that feed each cross-cutting section, in pack order.
TOPICS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("Workforce", (v.EvidenceType.STAFF_SURVEY, v.EvidenceType.TRAINING_DATA),
     v.IndicatorTopic.WORKFORCE),
    ("Partners", (v.EvidenceType.PARTNER_FEEDBACK,), v.IndicatorTopic.PARTNERS),
    ("Children's and families' voice", (v.EvidenceType.CHILD_FAMILY_VOICE,),
     v.IndicatorTopic.VOICE),
)


@dataclass(frozen=True)
class ProgressRow:
    """One line of "progress against the last letter": a finding and one of its actions."""

    finding: e.Finding
    source: str
    action: e.Action | None
    missing: tuple[str, ...]


@dataclass(frozen=True)
class StoryVisit:
    """One visit (or the inspection) in "the story so far"."""

    title: str
    when: str
    start: dt.date | None
    focus: str
    headline: str


@dataclass(frozen=True)
class ExecutiveSummary:
    """The one-page summary: where we are, what changed, what inspectors will test, risks, lines."""

    rag_rule: str
    since_last_letter: tuple[str, ...]
    likely_to_test: tuple[str, ...]
    top_risks: tuple[str, ...]
    lines_to_take: tuple[str, ...]


#: Which parts each audience's version holds. Members get no case detail at all; the case
#: tables and the case-sample appendix also need "include case detail" in the options.
SECTIONS: dict[str, frozenset[str]] = {
    v.Audience.LEADERS: frozenset({"summary", "story", "progress", "changes", "themes", "topics",
                                   "on_site", "not_in_focus", "evidence_appendix",
                                   "case_appendix", "case_detail", "audit_findings",
                                   "lines_to_take"}),
    v.Audience.MEMBERS: frozenset({"summary", "story", "progress", "themes", "topics",
                                   "not_in_focus", "evidence_appendix", "lines_to_take"}),
    v.Audience.STAFF: frozenset({"summary", "story", "themes", "topics", "on_site",
                                 "not_in_focus", "evidence_appendix", "audit_findings"}),
}


@dataclass(frozen=True)
class BriefingContent:
    """Everything both exports show, already filtered by the options."""

    options: ExportOptions
    authority: e.AuthorityProfile
    visit: e.Visit
    readiness: VisitReadiness
    chart: ReadinessChart
    sections: tuple[ThemeSection, ...]
    evidence: tuple[e.EvidenceItem, ...]
    case_samples: tuple[e.CaseSample, ...]
    checklist: tuple[e.ChecklistItem, ...]
    findings: tuple[FindingWithActions, ...]
    actions: tuple[e.Action, ...]
    indicators: tuple[e.IndicatorSnapshot, ...]
    gaps: tuple[Gap, ...]
    workspace_name: str
    produced_at: dt.datetime
    produced_by: str
    excluded_personal_data: int = 0
    lists: dict[str, tuple[str, ...]] = field(default_factory=dict)
    summary: ExecutiveSummary | None = None
    story: tuple[StoryVisit, ...] = ()
    progress: tuple[ProgressRow, ...] = ()
    topics: tuple[TopicSection, ...] = ()
    slots: tuple[e.OnSiteSlot, ...] = ()
    inspector_cases: tuple[e.CaseSample, ...] = ()
    not_in_focus: tuple[ThemeReadiness, ...] = ()
    appendix_evidence: tuple[e.EvidenceItem, ...] = ()
    changes: ChangesSince | None = None
    snapshot: e.PackSnapshot | None = None
    #: Annex A figures (latest return) and the visit's case-sample draws, if any.
    annex: AnnexBriefing | None = None
    #: Which workspace and export the evidence log comes from, for bringing it back in.
    identity: LogIdentity | None = None
    #: The director's latest sign-off of readiness for the visit, in words.
    sign_off: str = ""

    @property
    def on_site(self) -> str:
        return on_site_dates(self.visit)

    @property
    def control(self) -> DocumentControl:
        return self.options.control

    def shows(self, part: str) -> bool:
        """Whether this audience's version of the pack holds ``part`` (see SECTIONS)."""
        if part in ("case_detail", "case_appendix") and not self.options.include_case_detail:
            return False
        return part in SECTIONS[self.control.audience]

    @property
    def marking(self) -> str:
        return self.options.marking


def on_site_dates(visit: e.Visit) -> str:
    """"8\u20139 December 2026", or "to be confirmed"."""
    start, end = visit.start_date, visit.end_date
    if start is None:
        return "to be confirmed"
    if end is None or end == start:
        return f"{start.day} {start:%B %Y}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}\u2013{end.day} {end:%B %Y}"
    return f"{start.day} {start:%B} \u2013 {end.day} {end:%B %Y}"


def finding_source(finding: e.Finding) -> str:
    return finding.source_visit.title if finding.source_visit else "Inspection"


def allowed_values() -> dict[str, tuple[str, ...]]:
    """The drop-down lists of the evidence log, by list name."""
    return {
        "Evidence type": tuple(v.values(v.EvidenceType)),
        "Direction": tuple(v.values(v.Direction)),
        "Evidence status": tuple(v.values(v.EvidenceStatus)),
        "Grade": tuple(v.values(v.Grade)),
        "Cohort": tuple(v.values(v.Cohort)),
        "Age band": tuple(v.values(v.AgeBand)),
        "Selected by": tuple(v.values(v.SelectedBy)),
        "Audit type": tuple(v.values(v.AuditType)),
        "Finding kind": tuple(v.values(v.FindingKind)),
        "Latest view": tuple(v.values(v.LatestView)),
        "Action status": tuple(v.values(v.ActionStatus)),
        "RAG": tuple(v.values(v.Rag)),
        "Checklist category": tuple(v.values(v.ChecklistCategory)),
        "Checklist status": tuple(v.values(v.ChecklistStatus)),
        "Direction of good": tuple(v.values(v.DirectionOfGood)),
        "Yes/No": ("Yes", "No"),
    }


def build_briefing(workspace: Workspace, options: ExportOptions,
                   today: dt.date | None = None) -> BriefingContent:
    """Read the workspace once and gather what both exports show, per the options."""
    today = today or dt.date.today()
    produced_at = dt.datetime.now().replace(microsecond=0)
    last_change = last_change_id(workspace)
    contents = workspace.contents(options.visit_id)
    identity = read_identity(workspace, contents.visit, last_change=last_change,
                             personal_data_left_out=options.exclude_personal_data,
                             produced_at=produced_at)
    readiness = assess(contents, today)
    if not options.personal_data_reason.strip():
        contents = leave_out(contents, hits_in(contents))
    by_code = {t.theme.code: t for t in readiness.themes}
    codes = options.theme_codes or tuple(t.code for t in contents.visit.themes)
    chosen = [by_code[c] for c in codes if c in by_code]

    evidence = [x for x in contents.evidence
                if not (options.exclude_personal_data and x.contains_personal_data)]
    excluded = len(contents.evidence) - len(evidence)
    shown = [x for x in evidence
             if options.include_drafts or x.status == v.EvidenceStatus.APPROVED]
    findings = tuple(
        FindingWithActions(f, finding_source(f),
                           tuple(a for a in contents.actions if any(x.id == f.id for x in a.findings)))
        for f in contents.findings
    )
    trends = indicator_trends(contents.indicators)
    trends_by_theme: dict[int | None, list[IndicatorTrend]] = {}
    for snap_key, trend in zip(_trend_keys(contents.indicators), trends, strict=True):
        trends_by_theme.setdefault(snap_key, []).append(trend)

    def for_theme(records: list[Any], theme: e.Theme) -> tuple[Any, ...]:
        return tuple(r for r in records if any(t.id == theme.id for t in r.themes))

    sections = []
    for tr in chosen:
        theme = tr.theme
        samples = tuple(s for s in for_theme(contents.case_samples, theme) if s.audited)
        theme_findings = tuple(f for f in findings if any(t.id == theme.id for t in f.finding.themes))
        sections.append(ThemeSection(
            theme=theme,
            readiness=tr,
            indicators=tuple(i for i in contents.indicators if i.theme_id == theme.id),
            evidence=tuple(x for x in for_theme(shown, theme) if x.include_in_pack),
            case_samples=samples,
            strengths=tuple(dict.fromkeys(s.strengths.strip() for s in samples if s.strengths.strip())),
            areas_to_develop=tuple(dict.fromkeys(s.areas_to_develop.strip() for s in samples
                                                 if s.areas_to_develop.strip())),
            findings=theme_findings,
            trends=tuple(trends_by_theme.get(theme.id, ())),
            open_actions=tuple(dict.fromkeys(
                a for f in theme_findings for a in f.actions
                if a.status not in v.FINISHED_STATUSES["action"])),
            open_checklist=tuple(i for i in contents.checklist if i.theme_id == theme.id
                                 and i.status not in v.FINISHED_STATUSES["checklist_item"]),
        ))
    chosen_ids = {tr.theme.id for tr in chosen}
    appendix = tuple(x for x in shown if options.all_themes_appendix
                     or any(t.id in chosen_ids for t in x.themes))
    topics = tuple(
        TopicSection(title, tuple(x for x in shown if x.evidence_type in types and x.include_in_pack),
                     tuple(t for t in trends if t.topic == tag))
        for title, types, tag in TOPICS)
    return BriefingContent(
        options=options,
        authority=contents.authority,
        visit=contents.visit,
        readiness=readiness,
        chart=readiness_chart(readiness, chosen),
        sections=tuple(sections),
        evidence=tuple(evidence),
        case_samples=tuple(contents.case_samples),
        checklist=tuple(contents.checklist),
        findings=findings,
        actions=tuple(contents.actions),
        indicators=tuple(contents.indicators),
        gaps=tuple(readiness.gaps),
        workspace_name=workspace.name,
        produced_at=produced_at,
        produced_by=workspace.who,
        excluded_personal_data=excluded,
        lists=allowed_values(),
        summary=_summary(contents.visit, contents.visits, readiness, chosen, findings, today),
        story=_story(contents.visits, contents.visit),
        progress=_progress(findings),
        topics=topics,
        slots=tuple(on_site.slots(workspace, contents.visit.id)),
        inspector_cases=_inspector_cases(workspace),
        not_in_focus=tuple(t for t in readiness.themes if t.theme.id not in chosen_ids),
        appendix_evidence=appendix,
        changes=changes_since_last(workspace),
        annex=build_annex_briefing(workspace, options.visit_id, today),
        identity=identity,
        sign_off=sign_off_line(latest_sign_off(workspace, options.visit_id)),
    )


def _trend_keys(indicators: list[e.IndicatorSnapshot]) -> list[int | None]:
    """The theme id of each trend, in the order :func:`indicator_trends` returns them."""
    seen: dict[tuple[int | None, str], int | None] = {}
    for i in indicators:
        seen.setdefault((i.theme_id, i.measure.strip().lower()), i.theme_id)
    return list(seen.values())


def rag_rule() -> str:
    """The RAG thresholds in one sentence, as the summary and the readiness guide state them."""
    parts = ", ".join(f"{name.replace('_', ' ')} {weight:.0%}" for name, weight in WEIGHTS.items())
    return (f"Green means a readiness score of {GREEN_FROM:.0%} or more, amber "
            f"{AMBER_FROM:.0%} to {GREEN_FROM - 0.01:.0%}, red below {AMBER_FROM:.0%}; the score "
            f"weighs approved evidence, audited cases, checklist and actions ({parts}), and a "
            "theme is never greener than its worst part allows.")


def _short(text: str, limit: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _letters(visits: list[e.Visit], visit: e.Visit) -> list[e.Visit]:
    """Earlier visits whose letter is out, newest first (the inspection last)."""
    earlier = [x for x in visits if x.id != visit.id and x.status == v.VisitStatus.LETTER_PUBLISHED
               and (visit.start_date is None or x.start_date is None
                    or x.start_date < visit.start_date)]
    return sorted(earlier, key=lambda x: (x.start_date or dt.date.min), reverse=True)


def _summary(visit: e.Visit, visits: list[e.Visit], readiness: VisitReadiness,
             chosen: list[ThemeReadiness], findings: tuple[FindingWithActions, ...],
             today: dt.date) -> ExecutiveSummary:
    letters = [x for x in _letters(visits, visit) if x.visit_type != v.VisitType.INSPECTION]
    since: list[str] = []
    if letters:
        last = letters[0]
        since.append(f"{last.title} ({on_site_dates(last)}): {_short(last.headline_findings)}")
        for f in findings:
            if f.finding.source_visit_id == last.id and f.finding.kind != v.FindingKind.STRENGTH:
                done = sum(1 for a in f.actions if a.status in v.FINISHED_STATUSES["action"])
                since.append(f"{_short(f.finding.text, 80)} — latest view: "
                             f"{f.finding.latest_view.lower()}; {done} of {len(f.actions)} "
                             "actions complete.")
    else:
        since.append("No monitoring visit letter yet: this is the first visit since the inspection.")
    focus_ids = {t.theme.id for t in chosen}
    likely = [f"{tr.theme.name}: " + _short(f.finding.text, 90)
              for tr in chosen for f in findings
              if any(t.id == tr.theme.id for t in f.finding.themes)
              and f.finding.kind != v.FindingKind.STRENGTH
              and f.finding.latest_view != v.LatestView.IMPROVED][:4]
    likely.append("That areas not in focus have not declined since they were last looked at.")
    risks: list[str] = []
    for tr in sorted(chosen, key=lambda t: t.score):
        if tr.rag != v.Rag.GREEN:
            why = tr.reasons[0] if tr.reasons else "score below green"
            risks.append(f"{tr.theme.name} is {tr.rag.value.lower()} ({tr.score:.0%}): {why}.")
    overdue = sum(t.actions_overdue for t in chosen)
    if overdue:
        risks.append(f"{v.counted(overdue, 'improvement-plan action')} for the focus themes "
                     f"{'is' if overdue == 1 else 'are'} overdue.")
    stuck = [f for f in findings if f.finding.latest_view == v.LatestView.INSUFFICIENT_PROGRESS
             and any(t.id in focus_ids for t in f.finding.themes)]
    if stuck:
        risks.append(f"{v.counted(len(stuck), 'finding')} in the focus themes judged "
                     "insufficient progress.")
    lines = tuple(x.strip().lstrip("-• ").strip() for x in visit.lines_to_take.splitlines()
                  if x.strip())
    return ExecutiveSummary(rag_rule(), tuple(since[:4]), tuple(likely), tuple(risks[:4]), lines)


def _story(visits: list[e.Visit], visit: e.Visit) -> tuple[StoryVisit, ...]:
    shown = [x for x in visits if x.id == visit.id or x.status == v.VisitStatus.LETTER_PUBLISHED]
    shown.sort(key=lambda x: (x.start_date or dt.date.max, x.number))
    return tuple(StoryVisit(x.title, on_site_dates(x), x.start_date,
                            ", ".join(t.name for t in x.themes),
                            x.headline_findings or ("This visit." if x.id == visit.id else ""))
                 for x in shown)


def _progress(findings: tuple[FindingWithActions, ...]) -> tuple[ProgressRow, ...]:
    """Every finding to act on, newest letter first, one row per action; gaps named."""
    rows: list[ProgressRow] = []
    order = sorted((f for f in findings if f.finding.kind != v.FindingKind.STRENGTH),
                   key=lambda f: (f.finding.source_visit.start_date if f.finding.source_visit
                                  and f.finding.source_visit.start_date else dt.date.min,
                                  -f.finding.id), reverse=True)
    for f in order:
        if not f.actions:
            rows.append(ProgressRow(f.finding, f.source, None, ("action",)))
        for a in f.actions:
            missing = tuple(name for name, value in (("owner", a.owner.strip()),
                                                     ("due date", a.due_date)) if not value)
            rows.append(ProgressRow(f.finding, f.source, a, missing))
    return tuple(rows)


def _inspector_cases(workspace: Workspace) -> tuple[e.CaseSample, ...]:
    """Cases inspectors chose, saw or asked leaders about, at any visit."""
    found: dict[int, e.CaseSample] = {}
    for name, value in (("selected_by", v.SelectedBy.INSPECTOR.value),
                        ("seen_by_inspectors", True), ("referred_back_by_inspectors", True)):
        for sample in workspace.page(e.CaseSample, RecordQuery(equals={name: value})):
            found[sample.id] = sample
    return tuple(sorted(found.values(), key=lambda s: (s.visit.start_date if s.visit and
                                                       s.visit.start_date else dt.date.min,
                                                       s.sample_ref)))


def readiness_review(content: BriefingContent) -> list[tuple[str, str, list[Gap]]]:
    """The gap list for the weekly meeting: (owner, theme, gaps), owners A–Z."""
    owners: dict[tuple[str, int], str] = {}
    codes: dict[tuple[str, int], str] = {}
    groups_of: tuple[tuple[tuple[Any, ...], str], ...] = (
        (content.evidence, "evidence"), (content.actions, "action"),
        (content.checklist, "checklist_item"), (content.case_samples, "case_sample"))
    for records, kind in groups_of:
        for r in records:
            owners[(kind, r.id)] = getattr(r, "owner", "") or getattr(r, "auditor", "")
            themes: list[e.Theme]
            if isinstance(r, e.Action):
                themes = [t for f in r.findings for t in f.themes]
            elif isinstance(r, e.ChecklistItem):
                themes = [r.theme] if r.theme else []
            else:
                themes = list(r.themes)
            focus = [t.code for t in themes if t.id in {x.id for x in content.visit.themes}]
            codes[(kind, r.id)] = (focus or [t.code for t in themes] or [""])[0]
    focus_ids = {x.id for x in content.visit.themes}
    for f in content.findings:
        owners[("finding", f.finding.id)] = next((a.owner for a in f.actions if a.owner), "")
        codes[("finding", f.finding.id)] = next(
            (t.code for t in f.finding.themes if t.id in focus_ids),
            f.finding.themes[0].code if f.finding.themes else "")
    theme_owner = {t.theme.code: t.theme.owner for t in content.readiness.themes}
    theme_name = {t.theme.code: t.theme.name for t in content.readiness.themes}
    groups: dict[tuple[str, str], list[Gap]] = {}
    for gap in content.gaps:
        owner = (owners.get((gap.record_kind, gap.record_id))
                 or theme_owner.get(gap.theme_code, "") or "No owner named")
        code = gap.theme_code or codes.get((gap.record_kind, gap.record_id), "")
        theme = theme_name.get(code, "Across themes")
        groups.setdefault((owner, theme), []).append(gap)
    return [(owner, theme, gaps) for (owner, theme), gaps in
            sorted(groups.items(), key=lambda x: (x[0][0] == "No owner named", x[0][0].lower(),
                                                  x[0][1]))]


def briefing_for_export(workspace: Workspace, options: ExportOptions,
                        today: dt.date | None = None) -> BriefingContent:
    """The content a pack is written from, by the rules of document control.

    A draft is built from the live workspace. A final pack is frozen the first
    time it is exported (its data, SHA-256 and approver) and from then on is
    always built from that snapshot, so later edits never change what was
    approved; a new version is needed for that.

    Raises:
        ValidationError: the document control is incomplete (a final pack with no approver).
    """
    control = options.control
    control.check()
    if not control.is_final:
        return build_briefing(workspace, options, today)
    snapshot = snapshot_for(workspace, options.visit_id, control.version)
    if snapshot is None:
        snapshot = freeze(workspace, options.visit_id, control, options.as_record(),
                          changes_since_last(workspace))
    return rebuild_from_snapshot(workspace, snapshot.id, options)


def rebuild_from_snapshot(workspace: Workspace, snapshot_id: int,
                          options: ExportOptions | None = None) -> BriefingContent:
    """A final pack's content from its frozen data (read-only), with its own or given options."""
    frozen = open_snapshot(workspace, snapshot_id)
    try:
        snapshot = frozen.snapshot
        options = options or ExportOptions.from_record(json.loads(snapshot.options))
        content = build_briefing(frozen, options, snapshot.frozen_at.date())
    finally:
        frozen.close()
    return replace(content, produced_at=snapshot.frozen_at, snapshot=snapshot)


@cache
def glossary() -> dict[str, str]:
    text = resources.files("resources").joinpath("glossary.json").read_text(encoding="utf-8")
    terms: dict[str, str] = json.loads(text)["terms"]
    return terms


def glossary_for(text: str) -> list[tuple[str, str]]:
    """The glossary entries whose abbreviation appears in ``text`` as a word."""
    return [(term, meaning) for term, meaning in sorted(glossary().items(), key=lambda x: x[0].lower())
            if re.search(rf"(?<![\w-]){re.escape(term)}(?![\w-])", text)]
