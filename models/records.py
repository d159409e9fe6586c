"""What each kind of record is called, its reference prefix and its fields, in one place.

The store validates against these specs, the editors build their forms from
them and the Excel log takes its column headings from them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from . import dates
from . import entities as e
from . import vocabulary as v
from .characters import check_text
from .errors import ValidationError


def a_or_an(noun: str) -> str:
    """The noun with its article: "an evidence item", "a case sample"."""
    return ("an " if noun[:1].lower() in "aeiou" else "a ") + noun


class FieldType(StrEnum):
    TEXT = "text"
    LONG_TEXT = "long text"
    DATE = "date"
    FLAG = "flag"
    CHOICE = "choice"
    NUMBER = "number"
    WHOLE_NUMBER = "whole number"
    LINKS = "links"
    LINK = "link"


@dataclass(frozen=True)
class FieldSpec:
    """One field of a record as the user sees it.

    Attributes:
        name: Attribute name on the entity.
        label: Label in forms, column headings and the change log.
        type: How it is entered and shown.
        choices: Allowed values for a choice field.
        required: Must be filled in.
        target: Record kind name for a link or links field.
        scan: Free text checked for personal data before it is shown or exported.
            Left unset, every text field is scanned; set False only for a field no
            export prints (``scanned`` is the answer to use).
        help: What the field means, for tooltips and the log's About sheet.
    """

    name: str
    label: str
    type: FieldType = FieldType.TEXT
    choices: tuple[str, ...] = ()
    required: bool = False
    target: str = ""
    scan: bool | None = None
    help: str = ""

    @property
    def scanned(self) -> bool:
        """Whether this field's text is checked for personal data."""
        if self.scan is not None:
            return self.scan
        return self.type in (FieldType.TEXT, FieldType.LONG_TEXT)

    def max_length(self, entity: Any) -> int | None:
        """The most characters the schema's column holds (None: no limit)."""
        table = getattr(entity, "__table__", None)
        if table is None or self.name not in table.c:
            return None
        length = getattr(table.c[self.name].type, "length", None)
        return int(length) if length else None


@dataclass(frozen=True)
class RecordKind:
    """A kind of record: its entity class, names and fields."""

    name: str
    entity: type
    prefix: str
    singular: str
    plural: str
    fields: tuple[FieldSpec, ...]
    search: tuple[str, ...] = ()
    title_field: str = "title"
    extra: dict[str, Any] = field(default_factory=dict)

    def field(self, name: str) -> FieldSpec:
        for spec in self.fields:
            if spec.name == name:
                return spec
        raise KeyError(f"{self.name} has no field {name!r}")

    @property
    def link_fields(self) -> tuple[FieldSpec, ...]:
        return tuple(f for f in self.fields if f.type is FieldType.LINKS)

    def describe(self, record: Any) -> str:
        """Reference and title, as used in messages ("E-014 Front door scorecard")."""
        return f"{record.ref} {getattr(record, self.title_field, '')}".strip()


def _choice(name: str, label: str, enum: type[StrEnum], **kw: Any) -> FieldSpec:
    return FieldSpec(name, label, FieldType.CHOICE, choices=tuple(v.values(enum)), **kw)


def _grade(name: str, label: str, **kw: Any) -> FieldSpec:
    return _choice(name, label, v.Grade, **kw)


def _area_help(area: v.AuditArea) -> str:
    return (f"The audit\u2019s grade for {area.value.lower()} in this case, on Ofsted\u2019s "
            "four-point scale, e.g. Good. Shown in the evidence log and in the pack\u2019s "
            "audit grade profile.")


THEME = RecordKind(
    "theme", e.Theme, "T", "theme", "themes",
    fields=(
        FieldSpec("name", "Theme", required=True,
                help="The focus area\u2019s name as inspectors and leaders say it, e.g. "
                     "\u201cFront door / MASH\u201d. Shown on the dashboard, the review and as "
                     "a chapter of the briefing pack."),
        FieldSpec("code", "Code", required=True,
                help="A short code for the theme, e.g. FD for the front door. Used in case "
                     "sample references and wherever a list has no room for the full name."),
        _choice("judgement", "Judgement area", v.Judgement, required=True,
                help="The ILACS judgement this theme counts towards, e.g. children who need "
                     "help and protection. The briefing pack groups themes under their "
                     "judgement."),
        FieldSpec("owner", "Owner",
                help="The head of service who answers for this theme, e.g. \u201cHead of Front "
                     "Door\u201d. Shown with the theme on the Themes page and in the readiness "
                     "review."),
        FieldSpec("typical_indicators", "Typical indicators", FieldType.LONG_TEXT,
                help="The measures and evidence inspectors usually look at for this theme, "
                     "e.g. \u201c% contacts decided within 24 hours\u201d. A prompt for what "
                     "to gather; not counted in readiness."),
        FieldSpec("what_we_know", "What do we know about the quality and impact of practice?",
                  FieldType.LONG_TEXT, scan=True,
                help="The self-evaluation\u2019s first question, in plain words: what practice "
                     "is like for children in this area, good and not yet good. Printed in the "
                     "theme\u2019s chapter of the briefing pack."),
        FieldSpec("how_we_know", "How do we know it?", FieldType.LONG_TEXT, scan=True,
                help="The self-evaluation\u2019s second question: the audits, data and "
                     "feedback behind what you say, e.g. \u201cmonthly threshold audits, 40 "
                     "cases\u201d. Printed in the briefing pack."),
        FieldSpec("what_we_are_doing", "What are we doing to improve?", FieldType.LONG_TEXT,
                  scan=True,
                help="The self-evaluation\u2019s third question: what is changing and by when, "
                     "e.g. \u201cnew MASH manager in post from May\u201d. Printed in the "
                     "briefing pack."),
        FieldSpec("key_messages", "Key messages", FieldType.LONG_TEXT, scan=True,
                help="The two or three things every leader should say about this theme if "
                     "asked. Printed at the top of the theme\u2019s chapter and in the staff "
                     "briefing."),
        _choice("rag_override", "RAG override", v.Rag,
                help="Set the theme\u2019s RAG by hand when the calculated one is not right, "
                     "e.g. Amber while a new team beds in. Everyone then sees this RAG; the "
                     "calculated one is kept beside it. Needs a reason."),
        FieldSpec("rag_override_reason", "Reason for override", FieldType.LONG_TEXT, scan=True,
                help="Why the RAG was set by hand, e.g. \u201caudit grades lag the new "
                     "practice model\u201d. Required with an override; shown beside the RAG in "
                     "the review and the pack."),
        FieldSpec("retired", "Retired", FieldType.FLAG,
                help="Tick when the authority no longer uses this theme. A retired theme stays "
                     "on old records and exports but is no longer offered for new ones."),
    ),
    search=("name", "code", "owner", "key_messages"),
    title_field="name",
)

VISIT = RecordKind(
    "visit", e.Visit, "V", "visit", "visits",
    fields=(
        FieldSpec("number", "Number", FieldType.WHOLE_NUMBER, required=True,
                help="The visit\u2019s number in the monitoring programme, e.g. 4 for the "
                     "fourth monitoring visit. Used in the visit\u2019s title and reference."),
        _choice("visit_type", "Type", v.VisitType, required=True,
                help="What kind of visit this is, e.g. a monitoring visit or a focused visit. "
                     "The visit list at the top of the window leaves out full ILACS "
                     "inspections, which are kept for their findings."),
        _choice("status", "Status", v.VisitStatus, required=True,
                help="Where the visit has got to, from Planned to Letter published. Set "
                     "\u201cNotice received\u201d when Ofsted calls; the dashboard and pack "
                     "show it."),
        FieldSpec("notice_date", "Notice date", FieldType.DATE,
                help="The day Ofsted gave notice of the visit, e.g. 03/03/2026. Kept with the "
                     "visit and shown on the Visits page."),
        FieldSpec("start_date", "First day on site", FieldType.DATE,
                help="The first day inspectors are on site. Checklist due dates are planned "
                     "back from this day, so moving it re-plans the checklist."),
        FieldSpec("end_date", "Last day on site", FieldType.DATE,
                help="The last day inspectors are on site, usually the day after the first. "
                     "Retention of case-level records counts from this day."),
        FieldSpec("lead_inspector", "Lead inspector",
                help="The lead HMI\u2019s name as given in Ofsted\u2019s notice, e.g. "
                     "\u201cJane Smith HMI\u201d. Shown on the Visits page so everyone knows "
                     "who is leading."),
        FieldSpec("inspection_team", "Inspection team", FieldType.LONG_TEXT,
                help="The other inspectors on the team, one a line, e.g. \u201cSam Patel "
                     "HMI\u201d. Kept with the visit for the on-site timetable and contacts."),
        FieldSpec("themes", "Focus themes", FieldType.LINKS, target="theme",
                help="The focus areas Ofsted named for this visit. Readiness is worked out for "
                     "these themes, and the briefing pack has a chapter for each."),
        FieldSpec("verbal_feedback", "Verbal feedback", FieldType.LONG_TEXT, scan=True,
                help="Notes of what inspectors said at the end of the visit, before the letter "
                     "arrives, e.g. \u201cClear improvement at the front door\u201d. Kept with "
                     "the visit."),
        FieldSpec("headline_findings", "Headline findings", FieldType.LONG_TEXT, scan=True,
                help="The letter\u2019s headline findings, copied in when it arrives, e.g. "
                     "\u201cLeaders have made progress at the front door\u201d. Used in later "
                     "briefing packs as where things stood."),
        FieldSpec("lines_to_take", "Lines to take for members", FieldType.LONG_TEXT, scan=True,
                  help="What elected members should say if asked, one line each, e.g. "
                       "\u201cWe know where practice is not yet good enough\u201d. Printed in "
                       "the briefing pack\u2019s executive summary."),
    ),
    search=("lead_inspector", "headline_findings", "verbal_feedback"),
)

EVIDENCE = RecordKind(
    "evidence", e.EvidenceItem, "E", "evidence item", "evidence",
    fields=(
        FieldSpec("title", "Title", required=True, scan=True,
                help="A short name a reader recognises, e.g. \u201cFront door performance "
                     "scorecard, March\u201d. Shown in every list, the briefing pack and the "
                     "evidence log."),
        FieldSpec("themes", "Themes", FieldType.LINKS, target="theme",
                help="The themes this evidence speaks to; one item can serve several. Approved "
                     "evidence counts towards each linked theme\u2019s readiness."),
        _choice("evidence_type", "Type", v.EvidenceType, required=True,
                help="What sort of evidence this is, e.g. performance data, an audit summary "
                     "or child/family voice. The briefing pack and log group and count by it."),
        FieldSpec("source", "Source",
                help="Where the evidence comes from, e.g. \u201cPerformance team\u201d or "
                     "\u201cMosaic report CS-114\u201d. Printed in the evidence log."),
        FieldSpec("as_at", "As at", FieldType.DATE,
                help="The date the evidence describes, e.g. the end of the month a scorecard "
                     "covers. Shown so readers know how current it is."),
        FieldSpec("period", "Period",
                help="The time the evidence covers when it is a span, e.g. \u201cQ3 "
                     "2025-26\u201d or \u201cJan to Mar 2026\u201d. Printed in the evidence "
                     "log."),
        FieldSpec("owner", "Owner",
                help="Who keeps this evidence up to date and can speak to it, e.g. \u201cQA "
                     "lead\u201d. Gaps about it are listed under this name in the readiness "
                     "review."),
        FieldSpec("location", "Location", help="A path or link to where the evidence is kept, e.g. a SharePoint folder. "
                     "Lets anyone find the original; printed in the evidence log."),
        FieldSpec("summary", "What this shows", FieldType.LONG_TEXT, scan=True,
                help="In a sentence or two, what this evidence shows about practice, e.g. "
                     "\u201c97% of contacts decided within 24 hours\u201d. Printed in the "
                     "briefing pack under its theme."),
        _choice("direction", "Direction", v.Direction, required=True,
                help="Whether the evidence shows a strength, an area for improvement or a "
                     "mixed picture. Printed in the evidence log so readers see both sides."),
        _choice("status", "Status", v.EvidenceStatus, required=True,
                help="Draft, then Verified by someone who checked it, then Approved for use. "
                     "Only Approved evidence, not past its review date, counts towards "
                     "readiness."),
        FieldSpec("include_in_pack", "Include in pack", FieldType.FLAG,
                help="Tick to print this item in the briefing pack. Unticked items are still "
                     "listed in the evidence log."),
        FieldSpec("contains_personal_data", "Contains personal data", FieldType.FLAG,
                help="Tick if the evidence itself holds children\u2019s or staff\u2019s "
                     "personal details, e.g. a case file extract. The export dialog can then "
                     "leave it out of the briefing pack."),
        FieldSpec("review_date", "Review by", FieldType.DATE,
                help="The date by which the evidence should be checked or refreshed. Once "
                     "past, it stops counting towards readiness and is listed as a gap."),
        FieldSpec("findings", "Shows progress on findings", FieldType.LINKS, target="finding",
                  help="Findings this evidence shows progress on; the same links show on "
                       "each finding, and the pack lists them as the finding\u2019s evidence of "
                       "progress."),
    ),
    search=("ref", "title", "summary", "source", "owner"),
)

CASE_SAMPLE = RecordKind(
    "case_sample", e.CaseSample, "CS", "case sample", "case samples",
    fields=(
        FieldSpec("sample_ref", "Sample reference", required=True,
                  help="The case\u2019s pseudonymised reference, e.g. MV4-FD-07; never a name. "
                     "This is how the case is named in every list and export."),
        FieldSpec("local_case_id", "Local case ID", scan=False,
                  help="The case\u2019s number in the case management system, so auditors can "
                     "find the file. Kept separate and never exported."),
        FieldSpec("visit_id", "Visit", FieldType.LINK, target="visit",
                help="The visit this case was sampled for. Readiness counts a theme\u2019s "
                     "audited samples for the chosen visit only."),
        _choice("cohort", "Cohort", v.Cohort, required=True,
                help="The group of children the case belongs to, e.g. child protection or care "
                     "leaver. The pack shows how the sample spreads across cohorts."),
        _choice("age_band", "Age band", v.AgeBand,
                help="The child\u2019s age band, e.g. 10-15, never a date of birth. Shown in "
                     "the sample\u2019s spread so gaps stand out."),
        FieldSpec("team", "Team",
                help="The team holding the case, e.g. \u201cAssessment Team 2\u201d. Printed "
                     "in the evidence log; helps spread the sample and find who to talk to."),
        FieldSpec("worker_role", "Worker role",
                help="The role of the case holder, e.g. social worker or personal adviser; "
                     "never a name. Printed in the evidence log."),
        FieldSpec("themes", "Themes", FieldType.LINKS, target="theme",
                help="The themes this case shows practice for. An audited sample counts "
                     "towards each linked theme\u2019s readiness."),
        _choice("selected_by", "Selected by", v.SelectedBy, required=True,
                help="Whether the authority or the inspectors chose this case. The pack "
                     "reports the two separately."),
        _choice("how_chosen", "How chosen", v.HowChosen,
                help="How the case was chosen: LA random (drawn from Annex A), LA purposive, "
                     "or selected or tracked by inspectors. The pack shows the sample\u2019s "
                     "make-up by it."),
        _choice("audit_type", "Audit type", v.AuditType, required=True,
                help="The kind of audit done, e.g. full, themed or a dip sample. Printed "
                     "beside the grade in the pack."),
        FieldSpec("audit_date", "Audit date", FieldType.DATE,
                help="The day the audit was finished. A sample counts towards readiness once "
                     "it has an audit date and an overall grade."),
        FieldSpec("auditor", "Auditor",
                help="Who audited the case, by role, e.g. \u201cService manager, QA\u201d. "
                     "Kept for the audit trail and printed in the evidence log."),
        _grade("overall_grade", "Overall grade",
                help="The audit\u2019s overall grade on Ofsted\u2019s four-point scale, e.g. "
                     "Good. Needed for the sample to count; an Inadequate grade with no action "
                     "caps the theme at Amber."),
        *(_grade(name, area.value, help=_area_help(area))
          for name, area in zip(e.AREA_GRADE_FIELDS, v.AuditArea, strict=True)),
        FieldSpec("strengths", "Strengths", FieldType.LONG_TEXT, scan=True,
                help="What was done well for the child in this case, without names. Printed in "
                     "the pack\u2019s summary of audit learning."),
        FieldSpec("areas_to_develop", "Areas to develop", FieldType.LONG_TEXT, scan=True,
                help="What should have been better for the child, without names. Printed in "
                     "the pack and a prompt for follow-up actions."),
        FieldSpec("escalated", "Escalated", FieldType.FLAG,
                  help="Tick when the audit found the case inadequate or a child at risk and "
                     "it was escalated to a manager. Escalated cases are listed for follow-up."),
        FieldSpec("seen_by_inspectors", "Seen by inspectors", FieldType.FLAG,
                help="Tick when inspectors looked at this case during the visit. The pack and "
                     "log show which cases they saw."),
        FieldSpec("referred_back_by_inspectors", "Referred back by inspectors", FieldType.FLAG,
                help="Tick when inspectors asked the authority to look at this case again. "
                     "Shown so follow-up is not missed."),
        FieldSpec("inspector_outcome", "Outcome with inspectors", FieldType.LONG_TEXT, scan=True,
                  help="What inspectors concluded when they chose or asked about this case, e.g. "
                       "\u201cagreed with the audit grade\u201d. Printed in the evidence log."),
    ),
    search=("ref", "sample_ref", "team", "auditor", "strengths", "areas_to_develop"),
    title_field="sample_ref",
)

FINDING = RecordKind(
    "finding", e.Finding, "F", "finding", "findings",
    fields=(
        FieldSpec("text", "Finding (verbatim)", FieldType.LONG_TEXT, required=True, scan=True,
                help="The finding word for word from the letter or report, e.g. "
                     "\u201cManagement oversight is not consistently effective\u201d. Printed "
                     "in the pack with its actions."),
        FieldSpec("source_visit_id", "From", FieldType.LINK, target="visit",
                help="The visit or inspection whose letter made this finding. Lets the pack "
                     "show which findings came from where."),
        _choice("kind", "Kind", v.FindingKind, required=True,
                help="Strength, area for improvement, or area for priority action, as the "
                     "letter words it. Priority actions are listed first in the pack."),
        _choice("judgement", "Judgement area", v.Judgement, required=True,
                help="The ILACS judgement the finding belongs to, e.g. children in care. The "
                     "pack groups findings by judgement."),
        FieldSpec("themes", "Themes", FieldType.LINKS, target="theme",
                help="The themes the finding is about. A finding judged Insufficient progress "
                     "or Declined caps each linked theme at Amber."),
        _choice("latest_view", "Latest view", v.LatestView, required=True,
                help="Your honest view of progress since the finding was made, e.g. Improved. "
                     "Insufficient progress or Declined keeps linked themes at Amber or below."),
        FieldSpec("evidence", "Evidence of progress", FieldType.LINKS, target="evidence",
                  help="Evidence items that show progress on this finding; the same links "
                       "show on each evidence item, and the pack prints them under the finding."),
    ),
    search=("ref", "text"),
    title_field="text",
)

ACTION = RecordKind(
    "action", e.Action, "A", "action", "actions",
    fields=(
        FieldSpec("description", "Action", FieldType.LONG_TEXT, required=True, scan=True,
                help="What will be done, in one or two sentences, e.g. \u201cWeekly manager "
                     "dip-sample of strategy discussions\u201d. Printed in the pack under the "
                     "findings it answers."),
        FieldSpec("findings", "Answers findings", FieldType.LINKS, target="finding",
                help="The findings this action answers. An overdue action caps each of the "
                     "findings\u2019 themes at Amber."),
        FieldSpec("owner", "Owner", required=True,
                help="The person who answers for this action, e.g. \u201cHead of "
                     "Assessment\u201d. The readiness review lists overdue actions under this "
                     "name."),
        FieldSpec("start_date", "Start", FieldType.DATE,
                help="When work on the action starts. Optional; the due date cannot be before "
                     "it."),
        FieldSpec("due_date", "Due", FieldType.DATE, required=True,
                help="When the action should be complete. Once past and not complete, it is "
                     "overdue: a gap on the dashboard and a cap at Amber for its themes."),
        _choice("status", "Status", v.ActionStatus, required=True,
                help="Not started, In progress, Complete or On hold. Only Complete stops an "
                     "action being overdue once its due date passes."),
        _choice("rag", "RAG", v.Rag,
                help="The owner\u2019s own RAG for the action\u2019s progress, e.g. Amber "
                     "while behind plan. Shown in lists and exports; it does not change "
                     "readiness."),
        FieldSpec("progress", "Progress", FieldType.LONG_TEXT, scan=True,
                help="What has happened so far, most recent first, e.g. \u201cDip-sampling "
                     "began 3 March; 12 cases reviewed\u201d. Printed in the pack\u2019s "
                     "action plan."),
        FieldSpec("indicator", "Indicator",
                help="The measure that will show the action worked, e.g. \u201c% strategy "
                     "discussions within 1 working day\u201d. Printed beside baseline and "
                     "target."),
        FieldSpec("baseline", "Baseline",
                help="The indicator\u2019s value when the action started, e.g. 62%. Printed "
                     "beside the target and current value."),
        FieldSpec("target", "Target",
                help="The value the indicator should reach, e.g. 90%. Printed beside the "
                     "baseline and current value."),
        FieldSpec("current_value", "Current value",
                help="The indicator\u2019s latest value, e.g. 81% (March). Printed so readers "
                     "see the distance still to go."),
        FieldSpec("impact_evidence", "Evidence of impact", FieldType.LONG_TEXT, scan=True,
                help="What difference the action has made for children, in plain words. "
                     "Printed in the pack; inspectors look for impact, not activity."),
        FieldSpec("evidence", "Evidence", FieldType.LINKS, target="evidence",
                help="Evidence items that show this action\u2019s progress or impact. Listed "
                     "with the action in the pack and the evidence log."),
        FieldSpec("governance_forum", "Governance forum",
                help="Where progress is reported, e.g. \u201cImprovement board\u201d. Printed "
                     "in the evidence log\u2019s actions."),
        FieldSpec("last_reviewed", "Last reviewed", FieldType.DATE,
                help="When the action was last reviewed at its forum, e.g. 02/03/2026. Printed "
                     "in the evidence log so stale actions stand out."),
        FieldSpec("closure_criteria", "Closure criteria", FieldType.LONG_TEXT,
                help="What must be true to close the action, e.g. \u201c90% for three months "
                     "running\u201d. Printed in the evidence log."),
    ),
    search=("ref", "description", "owner", "progress"),
    title_field="description",
)

CHECKLIST = RecordKind(
    "checklist_item", e.ChecklistItem, "C", "checklist item", "checklist items",
    fields=(
        FieldSpec("item", "Item", required=True,
                help="The task to do before the visit, e.g. \u201cBook two rooms for the "
                     "inspectors\u201d. Shown on the checklist and in the readiness review."),
        FieldSpec("visit_id", "Visit", FieldType.LINK, target="visit", required=True,
                help="The visit this task is for. Each visit has its own checklist, planned "
                     "back from its first day on site."),
        FieldSpec("theme_id", "Theme", FieldType.LINK, target="theme",
                help="The theme the task supports, if any. Done items count towards that "
                     "theme\u2019s readiness; items without a theme count for the whole visit."),
        _choice("category", "Category", v.ChecklistCategory, required=True,
                help="The kind of task: data, documents, case preparation, logistics or "
                     "communications. The checklist and review group by it."),
        FieldSpec("owner", "Owner",
                help="Who will do the task, e.g. \u201cBusiness support\u201d. The readiness "
                     "review lists the task under this name."),
        FieldSpec("due_date", "Due", FieldType.DATE,
                help="When the task should be done. Once past and not done (or Blocked before "
                     "the visit), it is listed as a gap."),
        FieldSpec("days_before_visit", "Days before the visit", FieldType.WHOLE_NUMBER,
                  help="Its place in the plan: due this many days before the first day on site "
                       "(negative: after it), e.g. 5. It moves with the visit. Empty: a fixed "
                       "date that stays where it is."),
        FieldSpec("working_days", "Working days", FieldType.FLAG,
                  help="Count the days before the visit in working days, skipping weekends and "
                       "England bank holidays (ticked for the template's items)."),
        _choice("status", "Status", v.ChecklistStatus, required=True,
                help="Not started, In progress, Done, Blocked or Not applicable. Done counts "
                     "towards readiness; Not applicable is left out of the count."),
        FieldSpec("notes", "Notes", FieldType.LONG_TEXT, scan=True,
                help="Anything the next person needs to know, e.g. \u201cRoom 2 booked, "
                     "awaiting IT\u201d. Shown in the readiness review."),
        FieldSpec("evidence", "Evidence", FieldType.LINKS, target="evidence",
                help="Evidence items this task produces or relies on. Listed with the task so "
                     "they can be opened from it."),
    ),
    search=("ref", "item", "owner", "notes"),
    title_field="item",
)

INDICATOR = RecordKind(
    "indicator", e.IndicatorSnapshot, "I", "indicator", "indicators",
    fields=(
        FieldSpec("measure", "Measure", required=True,
                help="The performance measure in words, e.g. \u201cContacts with a decision "
                     "within 24 hours\u201d. Printed in the pack\u2019s tables and charts."),
        FieldSpec("theme_id", "Theme", FieldType.LINK, target="theme",
                help="The theme this measure belongs to. The pack shows it in that "
                     "theme\u2019s chapter."),
        FieldSpec("value", "Value", FieldType.NUMBER,
                help="The figure itself, as a number, e.g. 97.2. Shown with its unit, target "
                     "and comparators."),
        FieldSpec("unit", "Unit",
                help="What the value counts, e.g. % or days. Printed after the value."),
        FieldSpec("as_at", "As at", FieldType.DATE,
                help="The date the figure describes, e.g. 31/03/2026. Several dates for one "
                     "measure make its trend."),
        FieldSpec("target", "Target", FieldType.NUMBER,
                help="The authority\u2019s target for this measure, e.g. 95. Shown beside the "
                     "value so readers see how far off it is."),
        FieldSpec("england", "England", FieldType.NUMBER,
                help="The England average for the same measure, where published. Shown beside "
                     "the value for comparison."),
        FieldSpec("statistical_neighbours", "Statistical neighbours", FieldType.NUMBER,
                help="The average of the authority\u2019s statistical neighbours, where "
                     "published. Shown beside the value for comparison."),
        _choice("direction_of_good", "Direction of good", v.DirectionOfGood, required=True,
                help="Whether a higher or a lower figure is better, e.g. lower for "
                     "re-referrals. Decides whether a change is shown as better or worse."),
        _choice("topic", "Also shown under", v.IndicatorTopic,
                help="Workforce, partners or children\u2019s and families\u2019 voice: the briefing "
                     "pack\u2019s section that shows this measure as well as its theme."),
    ),
    search=("ref", "measure"),
    title_field="measure",
)

AUTHORITY = RecordKind(
    "authority", e.AuthorityProfile, "LA", "authority profile", "authority profile",
    fields=(
        FieldSpec("name", "Authority",
                help="The authority\u2019s name as it should appear, e.g. \u201cNorthshire "
                     "County Council\u201d. Printed on the cover of every briefing pack and "
                     "evidence log."),
        FieldSpec("last_inspection_date", "Last inspection", FieldType.DATE,
                help="When the last full ILACS inspection ended, e.g. 14/02/2025. Printed with "
                     "its grades in the briefing pack."),
        _grade("grade_leaders", v.JUDGEMENT_SHORT[v.Judgement.LEADERS],
                help="The last inspection\u2019s grade for the impact of leaders on social "
                     "work practice. Printed in the briefing pack."),
        _grade("grade_help_and_protection", v.JUDGEMENT_SHORT[v.Judgement.HELP_AND_PROTECTION],
                help="The last inspection\u2019s grade for children who need help and "
                     "protection. Printed in the briefing pack."),
        _grade("grade_children_in_care", v.JUDGEMENT_SHORT[v.Judgement.CHILDREN_IN_CARE],
                help="The last inspection\u2019s grade for the experiences and progress of "
                     "children in care. Printed in the briefing pack."),
        _grade("grade_care_leavers", v.JUDGEMENT_SHORT[v.Judgement.CARE_LEAVERS],
                help="The last inspection\u2019s grade for the experiences and progress of "
                     "care leavers. Printed in the briefing pack."),
        _grade("grade_overall", v.JUDGEMENT_SHORT[v.Judgement.OVERALL],
                help="The last inspection\u2019s grade for overall effectiveness. Printed in "
                     "the briefing pack."),
        FieldSpec("public_contacts", "Our public contacts", FieldType.LONG_TEXT, scan=False,
                  help="The council's own published contacts, one a line (office postcodes, "
                       "switchboard, generic mailboxes). VisitReady never flags these as personal "
                       "data."),
        FieldSpec("retention_months", "Keep case-level records for (months after the visit)",
                  FieldType.WHOLE_NUMBER,
                  help="Case samples and their actions are due for erasure this many months "
                       "after their visit\u2019s last day, e.g. 24 for two years."),
        FieldSpec("attachment_limit_mb", "Largest attachment (MB)", FieldType.WHOLE_NUMBER,
                  help="Attached files larger than this, e.g. 25 MB, are kept as links to "
                       "where they are rather than copies inside the workspace."),
    ),
    title_field="name",
)

KINDS: dict[str, RecordKind] = {
    k.name: k
    for k in (AUTHORITY, THEME, VISIT, EVIDENCE, CASE_SAMPLE, FINDING, ACTION, CHECKLIST, INDICATOR)
}
KIND_OF_ENTITY: dict[type, RecordKind] = {k.entity: k for k in KINDS.values()}


def kind_of(record_or_class: Any) -> RecordKind:
    """The RecordKind of an entity instance or class."""
    cls = record_or_class if isinstance(record_or_class, type) else type(record_or_class)
    return KIND_OF_ENTITY[cls]


def clean(kind: RecordKind, values: dict[str, Any], *, partial: bool) -> dict[str, Any]:
    """Check values against the kind's field specs and convert dates given as text.

    Raises:
        ValidationError: an unknown field, a missing required field, a value
            not in its list, or a date or number in the wrong form.
    """
    cleaned: dict[str, Any] = {}
    for name, value in values.items():
        try:
            spec = kind.field(name)
        except KeyError:
            if name in ("built_in", "sort_order", "typical_indicators"):
                cleaned[name] = value
                continue
            raise ValidationError(
                f"{a_or_an(kind.singular).capitalize()} has no field called {name}.") from None
        check_text(spec.label, value)
        if isinstance(value, str) and spec.type is not FieldType.LONG_TEXT:
            value = value.strip()
        if value == "" and spec.type in (
            FieldType.DATE, FieldType.CHOICE, FieldType.NUMBER, FieldType.WHOLE_NUMBER,
            FieldType.LINK,
        ):
            value = None
        if spec.type is FieldType.DATE and isinstance(value, str):
            if not dates.looks_like_date(value):
                raise ValidationError(
                    f"{spec.label}: \u201c{value}\u201d is not a date.",
                    f"Write dates as {dates.HINT}, e.g. {dates.EXAMPLE}.",
                )
            try:
                value = dates.read(value)
            except ValueError:
                raise ValidationError(
                    f"{spec.label}: {value} is not a real date.", "Check the day and month."
                ) from None
        if spec.type is FieldType.CHOICE and value is not None and value not in spec.choices:
            raise ValidationError(
                f"{spec.label}: \u201c{value}\u201d is not one of the allowed values.",
                "Choose one of: " + ", ".join(spec.choices) + ".",
            )
        if spec.type is FieldType.NUMBER and value is not None:
            try:
                value = float(value)
            except (TypeError, ValueError):
                raise ValidationError(f"{spec.label}: \u201c{value}\u201d is not a number.") from None
        if spec.type is FieldType.WHOLE_NUMBER and value is not None:
            try:
                value = int(value)
            except (TypeError, ValueError):
                raise ValidationError(
                    f"{spec.label}: \u201c{value}\u201d is not a whole number."
                ) from None
        if spec.type is FieldType.FLAG:
            value = bool(value)
        if isinstance(value, str):
            _check_length(kind, spec, value)
        cleaned[name] = value
    required = [f for f in kind.fields if f.required]
    for spec in required:
        if (partial and spec.name not in cleaned) or spec.type is FieldType.LINKS:
            continue
        if cleaned.get(spec.name) in (None, ""):
            raise ValidationError(f"{spec.label} is required for {a_or_an(kind.singular)}.")
    if not partial:
        check_consistency(kind, cleaned)
    return cleaned

def _check_length(kind: RecordKind, spec: FieldSpec, value: str) -> None:
    """Refuse text longer than its column, the same way on SQLite and PostgreSQL.

    SQLite would keep it and PostgreSQL would fail with an error quoting the text;
    checking here means neither happens and the message names only the field.
    """
    limit = spec.max_length(kind.entity)
    if limit is not None and len(value) > limit:
        raise ValidationError(
            f"{spec.label} is too long ({len(value):,} characters; at most {limit:,}).",
            "Shorten it, or put the detail in a longer field.",
        )


def check_consistency(kind: RecordKind, values: dict[str, Any]) -> None:
    """Rules across fields: an end not before its start; a RAG override needs a reason."""
    for name in ("retention_months", "attachment_limit_mb"):
        if name in values and values[name] is not None and values[name] < 1:
            raise ValidationError(f"{kind.field(name).label} must be at least 1.")
    if values.get("rag_override") and not (values.get("rag_override_reason") or "").strip():
        raise ValidationError("A RAG override needs a reason.",
                              "Say why the calculated RAG is not right, or clear the override.")
    for first, last in (("start_date", "end_date"), ("start_date", "due_date")):
        a, b = values.get(first), values.get(last)
        if isinstance(a, dt.date) and isinstance(b, dt.date) and b < a:
            raise ValidationError(
                f"{kind.field(last).label} ({dates.show(b)}) is before "
                f"{kind.field(first).label.lower()} ({dates.show(a)}).",
                "Check the dates.",
            )
