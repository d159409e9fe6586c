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


def _grade(name: str, label: str) -> FieldSpec:
    return _choice(name, label, v.Grade)


THEME = RecordKind(
    "theme", e.Theme, "T", "theme", "themes",
    fields=(
        FieldSpec("name", "Theme", required=True),
        FieldSpec("code", "Code", required=True, help="Short code used in case references"),
        _choice("judgement", "Judgement area", v.Judgement, required=True),
        FieldSpec("owner", "Owner"),
        FieldSpec("typical_indicators", "Typical indicators", FieldType.LONG_TEXT),
        FieldSpec("what_we_know", "What do we know about the quality and impact of practice?",
                  FieldType.LONG_TEXT, scan=True),
        FieldSpec("how_we_know", "How do we know it?", FieldType.LONG_TEXT, scan=True),
        FieldSpec("what_we_are_doing", "What are we doing to improve?", FieldType.LONG_TEXT,
                  scan=True),
        FieldSpec("key_messages", "Key messages", FieldType.LONG_TEXT, scan=True),
        _choice("rag_override", "RAG override", v.Rag,
                help="Replaces the calculated RAG; needs a reason"),
        FieldSpec("rag_override_reason", "Reason for override", FieldType.LONG_TEXT, scan=True),
        FieldSpec("retired", "Retired", FieldType.FLAG),
    ),
    search=("name", "code", "owner", "key_messages"),
    title_field="name",
)

VISIT = RecordKind(
    "visit", e.Visit, "V", "visit", "visits",
    fields=(
        FieldSpec("number", "Number", FieldType.WHOLE_NUMBER, required=True),
        _choice("visit_type", "Type", v.VisitType, required=True),
        _choice("status", "Status", v.VisitStatus, required=True),
        FieldSpec("notice_date", "Notice date", FieldType.DATE),
        FieldSpec("start_date", "First day on site", FieldType.DATE),
        FieldSpec("end_date", "Last day on site", FieldType.DATE),
        FieldSpec("lead_inspector", "Lead inspector"),
        FieldSpec("inspection_team", "Inspection team", FieldType.LONG_TEXT),
        FieldSpec("themes", "Focus themes", FieldType.LINKS, target="theme"),
        FieldSpec("verbal_feedback", "Verbal feedback", FieldType.LONG_TEXT, scan=True),
        FieldSpec("headline_findings", "Headline findings", FieldType.LONG_TEXT, scan=True),
        FieldSpec("lines_to_take", "Lines to take for members", FieldType.LONG_TEXT, scan=True,
                  help="One line each; printed in the briefing pack's executive summary"),
    ),
    search=("lead_inspector", "headline_findings", "verbal_feedback"),
)

EVIDENCE = RecordKind(
    "evidence", e.EvidenceItem, "E", "evidence item", "evidence",
    fields=(
        FieldSpec("title", "Title", required=True, scan=True),
        FieldSpec("themes", "Themes", FieldType.LINKS, target="theme"),
        _choice("evidence_type", "Type", v.EvidenceType, required=True),
        FieldSpec("source", "Source"),
        FieldSpec("as_at", "As at", FieldType.DATE),
        FieldSpec("period", "Period"),
        FieldSpec("owner", "Owner"),
        FieldSpec("location", "Location", help="A path or link to where the evidence is kept"),
        FieldSpec("summary", "What this shows", FieldType.LONG_TEXT, scan=True),
        _choice("direction", "Direction", v.Direction, required=True),
        _choice("status", "Status", v.EvidenceStatus, required=True),
        FieldSpec("include_in_pack", "Include in pack", FieldType.FLAG),
        FieldSpec("contains_personal_data", "Contains personal data", FieldType.FLAG),
        FieldSpec("review_date", "Review by", FieldType.DATE),
        FieldSpec("findings", "Shows progress on findings", FieldType.LINKS, target="finding",
                  help="Findings this evidence shows progress on; the same links show on "
                       "each finding"),
    ),
    search=("ref", "title", "summary", "source", "owner"),
)

CASE_SAMPLE = RecordKind(
    "case_sample", e.CaseSample, "CS", "case sample", "case samples",
    fields=(
        FieldSpec("sample_ref", "Sample reference", required=True,
                  help="Pseudonymised, e.g. MV4-FD-07; never a name"),
        FieldSpec("local_case_id", "Local case ID", scan=False,
                  help="Kept separate; never exported"),
        FieldSpec("visit_id", "Visit", FieldType.LINK, target="visit"),
        _choice("cohort", "Cohort", v.Cohort, required=True),
        _choice("age_band", "Age band", v.AgeBand),
        FieldSpec("team", "Team"),
        FieldSpec("worker_role", "Worker role"),
        FieldSpec("themes", "Themes", FieldType.LINKS, target="theme"),
        _choice("selected_by", "Selected by", v.SelectedBy, required=True),
        _choice("how_chosen", "How chosen", v.HowChosen,
                help="LA random (drawn from Annex A), LA purposive, or chosen by inspectors"),
        _choice("audit_type", "Audit type", v.AuditType, required=True),
        FieldSpec("audit_date", "Audit date", FieldType.DATE),
        FieldSpec("auditor", "Auditor"),
        _grade("overall_grade", "Overall grade"),
        *(_grade(name, area.value) for name, area in zip(e.AREA_GRADE_FIELDS, v.AuditArea, strict=True)),
        FieldSpec("strengths", "Strengths", FieldType.LONG_TEXT, scan=True),
        FieldSpec("areas_to_develop", "Areas to develop", FieldType.LONG_TEXT, scan=True),
        FieldSpec("escalated", "Escalated", FieldType.FLAG,
                  help="Graded inadequate or child at risk"),
        FieldSpec("seen_by_inspectors", "Seen by inspectors", FieldType.FLAG),
        FieldSpec("referred_back_by_inspectors", "Referred back by inspectors", FieldType.FLAG),
        FieldSpec("inspector_outcome", "Outcome with inspectors", FieldType.LONG_TEXT, scan=True,
                  help="What inspectors concluded when they chose or asked about this case"),
    ),
    search=("ref", "sample_ref", "team", "auditor", "strengths", "areas_to_develop"),
    title_field="sample_ref",
)

FINDING = RecordKind(
    "finding", e.Finding, "F", "finding", "findings",
    fields=(
        FieldSpec("text", "Finding (verbatim)", FieldType.LONG_TEXT, required=True, scan=True),
        FieldSpec("source_visit_id", "From", FieldType.LINK, target="visit"),
        _choice("kind", "Kind", v.FindingKind, required=True),
        _choice("judgement", "Judgement area", v.Judgement, required=True),
        FieldSpec("themes", "Themes", FieldType.LINKS, target="theme"),
        _choice("latest_view", "Latest view", v.LatestView, required=True),
        FieldSpec("evidence", "Evidence of progress", FieldType.LINKS, target="evidence",
                  help="Evidence items that show progress on this finding; the same links "
                       "show on each evidence item"),
    ),
    search=("ref", "text"),
    title_field="text",
)

ACTION = RecordKind(
    "action", e.Action, "A", "action", "actions",
    fields=(
        FieldSpec("description", "Action", FieldType.LONG_TEXT, required=True, scan=True),
        FieldSpec("findings", "Answers findings", FieldType.LINKS, target="finding"),
        FieldSpec("owner", "Owner", required=True),
        FieldSpec("start_date", "Start", FieldType.DATE),
        FieldSpec("due_date", "Due", FieldType.DATE, required=True),
        _choice("status", "Status", v.ActionStatus, required=True),
        _choice("rag", "RAG", v.Rag),
        FieldSpec("progress", "Progress", FieldType.LONG_TEXT, scan=True),
        FieldSpec("indicator", "Indicator"),
        FieldSpec("baseline", "Baseline"),
        FieldSpec("target", "Target"),
        FieldSpec("current_value", "Current value"),
        FieldSpec("impact_evidence", "Evidence of impact", FieldType.LONG_TEXT, scan=True),
        FieldSpec("evidence", "Evidence", FieldType.LINKS, target="evidence"),
        FieldSpec("governance_forum", "Governance forum"),
        FieldSpec("last_reviewed", "Last reviewed", FieldType.DATE),
        FieldSpec("closure_criteria", "Closure criteria", FieldType.LONG_TEXT),
    ),
    search=("ref", "description", "owner", "progress"),
    title_field="description",
)

CHECKLIST = RecordKind(
    "checklist_item", e.ChecklistItem, "C", "checklist item", "checklist items",
    fields=(
        FieldSpec("item", "Item", required=True),
        FieldSpec("visit_id", "Visit", FieldType.LINK, target="visit", required=True),
        FieldSpec("theme_id", "Theme", FieldType.LINK, target="theme"),
        _choice("category", "Category", v.ChecklistCategory, required=True),
        FieldSpec("owner", "Owner"),
        FieldSpec("due_date", "Due", FieldType.DATE),
        FieldSpec("days_before_visit", "Days before the visit", FieldType.WHOLE_NUMBER,
                  help="Its place in the plan: due this many days before the first day on site "
                       "(negative: after it), and moved with the visit. Empty: a fixed date"),
        FieldSpec("working_days", "Working days", FieldType.FLAG,
                  help="Count the days before the visit in working days (weekends and England "
                       "bank holidays skipped)"),
        _choice("status", "Status", v.ChecklistStatus, required=True),
        FieldSpec("notes", "Notes", FieldType.LONG_TEXT, scan=True),
        FieldSpec("evidence", "Evidence", FieldType.LINKS, target="evidence"),
    ),
    search=("ref", "item", "owner", "notes"),
    title_field="item",
)

INDICATOR = RecordKind(
    "indicator", e.IndicatorSnapshot, "I", "indicator", "indicators",
    fields=(
        FieldSpec("measure", "Measure", required=True),
        FieldSpec("theme_id", "Theme", FieldType.LINK, target="theme"),
        FieldSpec("value", "Value", FieldType.NUMBER),
        FieldSpec("unit", "Unit"),
        FieldSpec("as_at", "As at", FieldType.DATE),
        FieldSpec("target", "Target", FieldType.NUMBER),
        FieldSpec("england", "England", FieldType.NUMBER),
        FieldSpec("statistical_neighbours", "Statistical neighbours", FieldType.NUMBER),
        _choice("direction_of_good", "Direction of good", v.DirectionOfGood, required=True),
        _choice("topic", "Also shown under", v.IndicatorTopic,
                help="Workforce, partners or voice: the pack's section that also shows it"),
    ),
    search=("ref", "measure"),
    title_field="measure",
)

AUTHORITY = RecordKind(
    "authority", e.AuthorityProfile, "LA", "authority profile", "authority profile",
    fields=(
        FieldSpec("name", "Authority"),
        FieldSpec("last_inspection_date", "Last inspection", FieldType.DATE),
        _grade("grade_leaders", v.JUDGEMENT_SHORT[v.Judgement.LEADERS]),
        _grade("grade_help_and_protection", v.JUDGEMENT_SHORT[v.Judgement.HELP_AND_PROTECTION]),
        _grade("grade_children_in_care", v.JUDGEMENT_SHORT[v.Judgement.CHILDREN_IN_CARE]),
        _grade("grade_care_leavers", v.JUDGEMENT_SHORT[v.Judgement.CARE_LEAVERS]),
        _grade("grade_overall", v.JUDGEMENT_SHORT[v.Judgement.OVERALL]),
        FieldSpec("public_contacts", "Our public contacts", FieldType.LONG_TEXT, scan=False,
                  help="The council's own published contacts, one a line (office postcodes, "
                       "switchboard, generic mailboxes): never flagged as personal data"),
        FieldSpec("retention_months", "Keep case-level records for (months after the visit)",
                  FieldType.WHOLE_NUMBER,
                  help="Case samples and their actions are due for erasure this many months "
                       "after their visit's last day"),
        FieldSpec("attachment_limit_mb", "Largest attachment (MB)", FieldType.WHOLE_NUMBER,
                  help="Files larger than this are kept as links, not copies"),
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
