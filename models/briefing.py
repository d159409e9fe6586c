"""What goes into the briefing pack and the evidence log: a plain object the writers read."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import asdict, dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from . import entities as e
from . import vocabulary as v
from .approvals import latest_sign_off, sign_off_line
from .readiness import Gap, ThemeReadiness, VisitReadiness, assess
from .store import Workspace

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
        marking: Protective marking printed in every header and footer.
        template: A .docx whose styles the pack uses (a council house style).
    """

    visit_id: int
    theme_codes: tuple[str, ...] = ()
    include_case_detail: bool = False
    exclude_personal_data: bool = True
    marking: str = DEFAULT_MARKING
    template: Path | None = None

    def as_record(self) -> dict[str, Any]:
        """The options as stored with the export record."""
        data = asdict(self)
        data["template"] = str(self.template) if self.template else None
        data["theme_codes"] = list(self.theme_codes)
        return data


@dataclass(frozen=True)
class ChartBar:
    label: str
    score: float
    rag: v.Rag


@dataclass(frozen=True)
class ReadinessChart:
    """The readiness chart: one definition, drawn on the dashboard, in Word and in Excel."""

    title: str
    bars: tuple[ChartBar, ...]
    green_from: float
    amber_from: float


RAG_COLOURS = {v.Rag.RED: "C0392B", v.Rag.AMBER: "E6A700", v.Rag.GREEN: "2E8540"}
RAG_LIGHT = {v.Rag.RED: "F4CCCC", v.Rag.AMBER: "FCE8B2", v.Rag.GREEN: "D9EAD3"}
GRADE_LIGHT = {
    "Outstanding": "B7D7F0",
    "Good": "D9EAD3",
    "Requires improvement to be good": "FCE8B2",
    "Inadequate": "F4CCCC",
}


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
    #: The director's latest sign-off of readiness for the visit, in words.
    sign_off: str = ""

    @property
    def on_site(self) -> str:
        return on_site_dates(self.visit)

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
    contents = workspace.contents(options.visit_id)
    readiness = assess(contents, today)
    by_code = {t.theme.code: t for t in readiness.themes}
    codes = options.theme_codes or tuple(t.code for t in contents.visit.themes)
    chosen = [by_code[c] for c in codes if c in by_code]

    evidence = [x for x in contents.evidence
                if not (options.exclude_personal_data and x.contains_personal_data)]
    excluded = len(contents.evidence) - len(evidence)
    findings = tuple(
        FindingWithActions(f, finding_source(f),
                           tuple(a for a in contents.actions if any(x.id == f.id for x in a.findings)))
        for f in contents.findings
    )

    def for_theme(records: list[Any], theme: e.Theme) -> tuple[Any, ...]:
        return tuple(r for r in records if any(t.id == theme.id for t in r.themes))

    sections = []
    for tr in chosen:
        theme = tr.theme
        samples = tuple(s for s in for_theme(contents.case_samples, theme) if s.audited)
        sections.append(ThemeSection(
            theme=theme,
            readiness=tr,
            indicators=tuple(i for i in contents.indicators if i.theme_id == theme.id),
            evidence=tuple(x for x in for_theme(evidence, theme) if x.include_in_pack),
            case_samples=samples,
            strengths=tuple(dict.fromkeys(s.strengths.strip() for s in samples if s.strengths.strip())),
            areas_to_develop=tuple(dict.fromkeys(s.areas_to_develop.strip() for s in samples
                                                 if s.areas_to_develop.strip())),
            findings=tuple(f for f in findings if any(t.id == theme.id for t in f.finding.themes)),
        ))
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
        gaps=readiness.gaps,
        workspace_name=workspace.name,
        produced_at=dt.datetime.now().replace(microsecond=0),
        produced_by=workspace.who,
        excluded_personal_data=excluded,
        lists=allowed_values(),
        sign_off=sign_off_line(latest_sign_off(workspace, options.visit_id)),
    )


@cache
def glossary() -> dict[str, str]:
    text = resources.files("resources").joinpath("glossary.json").read_text(encoding="utf-8")
    terms: dict[str, str] = json.loads(text)["terms"]
    return terms


def glossary_for(text: str) -> list[tuple[str, str]]:
    """The glossary entries whose abbreviation appears in ``text`` as a word."""
    return [(term, meaning) for term, meaning in sorted(glossary().items(), key=lambda x: x[0].lower())
            if re.search(rf"(?<![\w-]){re.escape(term)}(?![\w-])", text)]
