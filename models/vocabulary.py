"""The allowed values of every list field, in the words service leaders use."""

from __future__ import annotations

from enum import StrEnum


class Grade(StrEnum):
    """Ofsted's four-point scale, used for judgements and case audits."""

    OUTSTANDING = "Outstanding"
    GOOD = "Good"
    REQUIRES_IMPROVEMENT = "Requires improvement to be good"
    INADEQUATE = "Inadequate"


class Judgement(StrEnum):
    """The five ILACS judgements."""

    LEADERS = "The impact of leaders on social work practice with children and families"
    HELP_AND_PROTECTION = "The experiences and progress of children who need help and protection"
    CHILDREN_IN_CARE = "The experiences and progress of children in care"
    CARE_LEAVERS = "The experiences and progress of care leavers"
    OVERALL = "Overall effectiveness"


JUDGEMENT_SHORT = {
    Judgement.LEADERS: "Leaders",
    Judgement.HELP_AND_PROTECTION: "Help and protection",
    Judgement.CHILDREN_IN_CARE: "Children in care",
    Judgement.CARE_LEAVERS: "Care leavers",
    Judgement.OVERALL: "Overall effectiveness",
}


class Rag(StrEnum):
    """Red / amber / green, always shown with its word."""

    RED = "Red"
    AMBER = "Amber"
    GREEN = "Green"


class VisitType(StrEnum):
    ACTION_PLANNING = "Action planning visit"
    MONITORING = "Monitoring visit"
    FOCUSED = "Focused visit"
    INSPECTION = "ILACS inspection"


class VisitStatus(StrEnum):
    PLANNED = "Planned"
    NOTIFIED = "Notice received"
    ON_SITE = "On site"
    FEEDBACK = "Feedback given"
    LETTER_PUBLISHED = "Letter published"


class EvidenceType(StrEnum):
    PERFORMANCE_DATA = "Performance data"
    AUDIT_SUMMARY = "Audit summary"
    CASE_FILE_AUDIT = "Case file audit"
    POLICY = "Policy/procedure"
    MINUTES = "Minutes"
    PRACTICE_OBSERVATION = "Practice observation"
    CHILD_FAMILY_VOICE = "Child/family voice"
    STAFF_SURVEY = "Staff survey"
    PARTNER_FEEDBACK = "Partner feedback"
    TRAINING_DATA = "Training data"
    IMPROVEMENT_PLAN_REPORT = "Improvement-plan report"
    OTHER = "Other"


class Direction(StrEnum):
    STRENGTH = "Strength"
    AREA_FOR_IMPROVEMENT = "Area for improvement"
    MIXED = "Mixed"


class EvidenceStatus(StrEnum):
    DRAFT = "Draft"
    VERIFIED = "Verified"
    APPROVED = "Approved"


class Cohort(StrEnum):
    EARLY_HELP = "Early help"
    CIN = "Child in need"
    CP = "Child protection"
    CHILD_IN_CARE = "Child in care"
    CARE_LEAVER = "Care leaver"
    PLO = "Pre-proceedings (PLO)"
    DISABLED = "Disabled children"
    UASC = "UASC"
    MISSING_EXPLOITATION = "Missing/exploitation"


class AgeBand(StrEnum):
    UNDER_1 = "Under 1"
    AGE_1_4 = "1-4"
    AGE_5_9 = "5-9"
    AGE_10_15 = "10-15"
    AGE_16_17 = "16-17"
    AGE_18_21 = "18-21"
    AGE_22_25 = "22-25"


class SelectedBy(StrEnum):
    AUTHORITY = "Authority"
    INSPECTOR = "Inspector"


class HowChosen(StrEnum):
    """How a case came into the sample (shown in the balance table)."""

    LA_RANDOM = "LA random"
    LA_PURPOSIVE = "LA purposive"
    INSPECTOR_SELECTED = "Inspector selected"
    INSPECTOR_TRACKED = "Inspector tracked"


class AuditType(StrEnum):
    FULL = "Full"
    THEMED = "Themed"
    DIP_SAMPLE = "Dip sample"
    MODERATED = "Moderated"


class AuditArea(StrEnum):
    """The areas a case audit grades, each on the four-point scale."""

    CHILDS_VOICE = "Child's voice"
    ASSESSMENT = "Assessment"
    PLANNING = "Planning"
    MANAGEMENT_OVERSIGHT = "Management oversight"
    TIMELINESS = "Timeliness"
    MULTI_AGENCY = "Multi-agency work"
    IMPACT = "Impact"
    RECORDING = "Recording"


class FindingKind(StrEnum):
    STRENGTH = "Strength"
    AREA_FOR_IMPROVEMENT = "Area for improvement"
    PRIORITY_ACTION = "Area for priority action"


class LatestView(StrEnum):
    NOT_YET_REVIEWED = "Not yet reviewed"
    IMPROVED = "Improved"
    INSUFFICIENT_PROGRESS = "Insufficient progress"
    DECLINED = "Declined"


class ActionStatus(StrEnum):
    NOT_STARTED = "Not started"
    IN_PROGRESS = "In progress"
    COMPLETE = "Complete"
    ON_HOLD = "On hold"


class ChecklistCategory(StrEnum):
    DATA = "Data"
    DOCUMENTS = "Documents"
    CASE_PREPARATION = "Case preparation"
    LOGISTICS = "Logistics"
    COMMUNICATIONS = "Communications"


class ChecklistStatus(StrEnum):
    NOT_STARTED = "Not started"
    IN_PROGRESS = "In progress"
    DONE = "Done"
    BLOCKED = "Blocked"
    NOT_APPLICABLE = "Not applicable"


class DirectionOfGood(StrEnum):
    HIGHER = "Higher is better"
    LOWER = "Lower is better"


#: Statuses in which a record with a due date can no longer be overdue, by record kind.
class IndicatorTopic(StrEnum):
    """Sections of the briefing pack an indicator can also be shown in."""

    WORKFORCE = "Workforce"
    PARTNERS = "Partners"
    VOICE = "Children's and families' voice"


class SlotKind(StrEnum):
    """What an entry of the on-site timetable is."""

    MEETING = "Meeting with inspectors"
    CATCH_UP = "Daily catch-up"
    CASE_HOLDERS = "Case holders available"
    OTHER = "Other"


class PackStatus(StrEnum):
    DRAFT = "Draft"
    FINAL = "Final"


class Audience(StrEnum):
    """Who a briefing pack is for; each version has its own sections."""

    MEMBERS = "Members"
    LEADERS = "Leaders"
    STAFF = "Staff"


FINISHED_STATUSES: dict[str, frozenset[str]] = {
    "action": frozenset({ActionStatus.COMPLETE}),
    "checklist_item": frozenset({ChecklistStatus.DONE, ChecklistStatus.NOT_APPLICABLE}),
}


def values(enum: type[StrEnum]) -> list[str]:
    """The allowed values of a list field, in display order."""
    return [member.value for member in enum]


def counted(number: int, singular: str, plural: str | None = None) -> str:
    """A number with its noun in agreement, as a director's paper writes it:
    "1 overdue action", "3 overdue actions" (never "action(s)")."""
    return f"{number} {singular if number == 1 else plural or singular + 's'}"
