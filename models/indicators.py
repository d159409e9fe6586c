"""The indicator catalogue: figures worked out from an Annex A return, with thresholds as settings.

Each definition says in one place which lists and columns it reads, which themes it belongs
to, which thresholds it uses and how it is counted; docs/indicators.md describes the same
definitions in plain words. A result keeps the row ids behind its numerator and denominator,
so any figure can be opened to the pseudonymised rows it counts.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, select

from . import annex, dates
from . import annex_entities as ae
from . import entities as e
from .annex import ChildRow
from .errors import ValidationError
from .store import Workspace, now

STATUTORY = "statutory"
LOCAL = "local"
HIGHER = "Higher is better"
LOWER = "Lower is better"
CONTEXT = "Context"

SETTINGS_KEY = "indicator_thresholds"


# -- working days ---------------------------------------------------------------------------------


def _bank_holidays(year: int) -> tuple[dt.date, ...]:
    """England's bank holidays that fall on a weekday, in a year (one calendar: models.dates)."""
    return dates.bank_holidays(year)


def working_days(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end`` (weekends and England bank
    holidays excluded); negative when ``end`` is before ``start``."""
    if end < start:
        return -working_days(end, start)
    days = (end - start).days
    weeks, extra = divmod(days, 7)
    count = weeks * 5
    weekday = start.weekday()
    for step in range(1, extra + 1):
        if (weekday + step) % 7 < 5:
            count += 1
    for year in range(start.year, end.year + 1):
        holidays = _bank_holidays(year)
        low = bisect.bisect_right(holidays, start)
        high = bisect.bisect_right(holidays, end)
        count -= high - low
    return count


def months_before(day: dt.date, months: float) -> dt.date:
    """The same day ``months`` months earlier (half months as 15 days; end of month clamped)."""
    whole = int(months)
    total = day.year * 12 + day.month - 1 - whole
    year, month = divmod(total, 12)
    month += 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    back = dt.date(year, month, min(day.day, last))
    if months != whole:
        back -= dt.timedelta(days=round((months - whole) * 30))
    return back


# -- thresholds ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Threshold:
    """A number an indicator compares against, labelled statutory or a local standard."""

    key: str
    label: str
    value: float
    unit: str
    basis: str
    source: str


DEFAULT_THRESHOLDS: tuple[Threshold, ...] = (
    Threshold("assessment_wd", "Assessment completed within", 45, "working days", STATUTORY,
              "Working Together to Safeguard Children"),
    Threshold("icpc_wd", "ICPC held within", 15, "working days", STATUTORY,
              "Working Together: ICPC within 15 working days of the strategy discussion"),
    Threshold("rereferral_previous", "Re-referral: referrals in last 12 months at least", 2,
              "referrals", LOCAL, "Set 1 or 2 depending on whether the count includes this one"),
    Threshold("cp_long_years", "CP plan open for at least", 2, "years", LOCAL,
              "National measure of long plans"),
    Threshold("cp_visit_wd", "CP statutory visit at least every", 10, "working days", LOCAL,
              "Local standard; many councils use 10 working days"),
    Threshold("cp_review_months", "CP review conference at least every", 6, "months", STATUTORY,
              "Working Together: reviews within 6 months"),
    Threshold("cp_first_review_months", "First CP review within", 3, "months", STATUTORY,
              "Working Together: first review within 3 months"),
    Threshold("cin_seen_weeks", "Child in need seen at least every", 6, "weeks", LOCAL,
              "Local standard"),
    Threshold("placements_unstable", "Placements in 12 months that count as unstable", 3,
              "placements", LOCAL, "DfE stability measure (3 or more)"),
    Threshold("cla_long_months", "Long-term stability: in care for at least", 30, "months", LOCAL,
              "DfE stability measure (2.5 years)"),
    Threshold("placement_long_months", "Long-term stability: in this placement for at least", 24,
              "months", LOCAL, "DfE stability measure (2 years)"),
    Threshold("cla_review_months", "Child in care review at least every", 6, "months", STATUTORY,
              "Care Planning Regulations: reviews at most 6 months apart"),
    Threshold("cla_visit_weeks", "Child in care visited at least every", 6, "weeks", STATUTORY,
              "Care Planning Regulations: visits at most 6 weeks apart"),
    Threshold("health_months", "Health assessment within", 12, "months", STATUTORY,
              "Statutory guidance: every 12 months from age 5"),
    Threshold("health_months_under5", "Health assessment within (under 5)", 6, "months",
              STATUTORY, "Statutory guidance: every 6 months under age 5"),
    Threshold("dental_months", "Dental check within", 12, "months", LOCAL, "Local standard"),
    Threshold("pathway_review_months", "Pathway plan reviewed at least every", 6, "months",
              STATUTORY, "Care Leavers Regulations: reviews at most 6 months apart"),
)


def thresholds(workspace: Workspace) -> dict[str, Threshold]:
    """The thresholds in force in this workspace (defaults with the workspace's own values)."""
    with workspace.reading() as s:
        found = s.get(e.WorkspaceInfo, SETTINGS_KEY)
        overrides: dict[str, Any] = json.loads(found.value) if found is not None else {}
    result = {}
    for t in DEFAULT_THRESHOLDS:
        mine = overrides.get(t.key, {})
        result[t.key] = Threshold(t.key, t.label, float(mine.get("value", t.value)), t.unit,
                                  mine.get("basis", t.basis), t.source)
    return result


def set_threshold(workspace: Workspace, key: str, value: float, basis: str | None = None) -> None:
    """Change a threshold (used by the next indicator calculation).

    Raises:
        ValidationError: unknown threshold, a value not above zero, or a basis that is not
            statutory or local.
    """
    if key not in {t.key for t in DEFAULT_THRESHOLDS}:
        raise ValidationError(f"There is no threshold called {key}.")
    if not value > 0:
        raise ValidationError("A threshold must be more than zero.")
    if basis is not None and basis not in (STATUTORY, LOCAL):
        raise ValidationError("A threshold is either statutory or local.")
    with workspace.transaction() as s:
        found = s.get(e.WorkspaceInfo, SETTINGS_KEY)
        overrides = json.loads(found.value) if found is not None else {}
        entry = overrides.setdefault(key, {})
        entry["value"] = value
        if basis is not None:
            entry["basis"] = basis
        if found is None:
            s.add(e.WorkspaceInfo(key=SETTINGS_KEY, value=json.dumps(overrides)))
        else:
            found.value = json.dumps(overrides)


# -- the catalogue --------------------------------------------------------------------------------


@dataclass
class Count:
    """Rows counted: the numerator's and the denominator's row ids (or a sum for averages)."""

    numerator: list[int] = field(default_factory=list)
    denominator: list[int] = field(default_factory=list)
    total: float | None = None

    def add(self, row: ChildRow, counted: bool) -> None:
        self.denominator.append(row.id)
        if counted:
            self.numerator.append(row.id)


Lists = dict[int, list[ChildRow]]
Compute = Callable[[Lists, dt.date, dict[str, float]], Count]


@dataclass(frozen=True)
class Indicator:
    """One indicator's definition.

    Attributes:
        code: Stable short name (also in docs/indicators.md).
        name: What leaders call it.
        lists: The Annex A lists it reads.
        columns: The columns it reads.
        themes: Theme codes it belongs to.
        unit: ``%``, ``per child``, ``days`` or ``children``.
        direction: Higher or lower is better, or context only.
        plain: The definition in plain words.
        thresholds: Threshold keys it uses.
        version: Goes up whenever the definition changes.
        compute: Counts it from the lists at the as-at date.
    """

    code: str
    name: str
    lists: tuple[int, ...]
    columns: tuple[str, ...]
    themes: tuple[str, ...]
    unit: str
    direction: str
    plain: str
    thresholds: tuple[str, ...]
    version: int
    compute: Compute


CATALOGUE: list[Indicator] = []


def _indicator(code: str, name: str, lists: tuple[int, ...], columns: tuple[str, ...],
               themes: tuple[str, ...], unit: str, direction: str, plain: str,
               thresholds: tuple[str, ...] = (), version: int = 1) -> Callable[[Compute], Compute]:
    def register(compute: Compute) -> Compute:
        CATALOGUE.append(Indicator(code, name, lists, columns, themes, unit, direction, plain,
                                   thresholds, version, compute))
        return compute
    return register


def _open_cp(row: ChildRow, as_at: dt.date) -> bool:
    end = row.date("cp_end")
    return row.date("cp_start") is not None and (end is None or end > as_at)


def _in_care(row: ChildRow, as_at: dt.date) -> bool:
    end = row.date("cla_end")
    return end is None or end > as_at


def _open_cin(row: ChildRow, as_at: dt.date) -> bool:
    end = row.date("cin_end")
    return (end is None or end > as_at) and row.code("case_status").lower() != "closed episode"


def _older_than(day: dt.date | None, cutoff: dt.date) -> bool:
    """True when there is no date, or it is before the cutoff."""
    return day is None or day < cutoff


@_indicator("REREFERRAL", "Re-referrals within 12 months", (3,),
            ("Number of Referrals in Last 12 Months",), ("FD",), "%", LOWER,
            "Referrals in the period whose child had at least the threshold number of referrals "
            "in the last 12 months, out of referrals with that count filled in.",
            ("rereferral_previous",))
def _rereferral(lists: Lists, as_at: dt.date, t: dict[str, float]) -> Count:
    c = Count()
    for row in lists.get(3, []):
        n = row.number("referrals_12m")
        if n is not None:
            c.add(row, n >= t["rereferral_previous"])
    return c


@_indicator("REFERRAL_NFA", "Referrals with no further action", (3,), ("Referral NFA?",),
            ("FD",), "%", CONTEXT,
            "Referrals marked NFA = Yes, out of referrals with the NFA column filled in.")
def _nfa(lists: Lists, as_at: dt.date, t: dict[str, float]) -> Count:
    c = Count()
    for row in lists.get(3, []):
        if row.code("nfa"):
            c.add(row, row.code("nfa") == "Yes")
    return c


@_indicator("CONTACT_TO_REFERRAL", "Children with a contact who were referred", (1, 3),
            ("Child Unique ID",), ("FD",), "%", CONTEXT,
            "Distinct children on List 1 who also appear on List 3, out of distinct children on "
            "List 1 (the same child is recognised by its keyed ID).")
def _contact_to_referral(lists: Lists, as_at: dt.date, t: dict[str, float]) -> Count:
    referred = {r.child_key for r in lists.get(3, [])}
    c = Count()
    seen: set[str] = set()
    for row in lists.get(1, []):
        if row.child_key not in seen:
            seen.add(row.child_key)
            c.add(row, row.child_key in referred)
    return c


@_indicator("CONTACTS_PER_CHILD", "Contacts per child", (1,), ("Child Unique ID",), ("FD",),
            "per child", CONTEXT, "Rows on List 1 divided by the distinct children on it.")
def _contacts_per_child(lists: Lists, as_at: dt.date, t: dict[str, float]) -> Count:
    rows = lists.get(1, [])
    c = Count(numerator=[r.id for r in rows])
    seen: set[str] = set()
    for row in rows:
        if row.child_key not in seen:
            seen.add(row.child_key)
            c.denominator.append(row.id)
    return c


@_indicator("ASSESSMENT_45WD", "Assessments completed within 45 working days", (4,),
            ("Continuous Assessment Start Date", "Continuous Assessment Date of Authorisation"),
            ("AS",), "%", HIGHER,
            "Completed assessments (with an authorisation date) authorised within the threshold "
            "of working days after they started, out of completed assessments.",
            ("assessment_wd",))
def _assessment_45(lists: Lists, as_at: dt.date, t: dict[str, float]) -> Count:
    c = Count()
    for row in lists.get(4, []):
        start, end = row.date("assessment_start"), row.date("assessment_end")
        if start is not None and end is not None:
            c.add(row, working_days(start, end) <= t["assessment_wd"])
    return c


@_indicator("ASSESSMENT_OPEN_LATE", "Open assessments already past 45 working days", (4,),
            ("Continuous Assessment Start Date", "Continuous Assessment Date of Authorisation"),
            ("AS",), "%", LOWER,
            "Open assessments (no authorisation date) that have run more than the threshold of "
            "working days by the as-at date, out of open assessments.", ("assessment_wd",))
def _assessment_open(lists: Lists, as_at: dt.date, t: dict[str, float]) -> Count:
    c = Count()
    for row in lists.get(4, []):
        start = row.date("assessment_start")
        if start is not None and row.date("assessment_end") is None:
            c.add(row, working_days(start, as_at) > t["assessment_wd"])
    return c


@_indicator("ASSESSMENT_SEEN", "Child seen during assessment", (4,),
            ("Child Seen During Continuous Assessment",), ("AS",), "%", HIGHER,
            "Assessments where the child was seen (Yes), out of assessments with the column "
            "filled in.")
def _assessment_seen(lists: Lists, as_at: dt.date, t: dict[str, float]) -> Count:
    c = Count()
    for row in lists.get(4, []):
        if row.code("child_seen"):
            c.add(row, row.code("child_seen") == "Yes")
    return c


@_indicator("ICPC_15WD", "ICPCs within 15 working days of the strategy discussion", (5,),
            ("Strategy discussion initiating Section 47 Enquiry Start Date",
             "Date of Initial Child Protection Conference"), ("AS", "CP"), "%", HIGHER,
            "Section 47 enquiries that led to an ICPC held within the threshold of working days "
            "of the strategy discussion, out of those with an ICPC date.", ("icpc_wd",))
def _icpc(lists: Lists, as_at: dt.date, t: dict[str, float]) -> Count:
    c = Count()
    for row in lists.get(5, []):
        start, icpc = row.date("strategy_date"), row.date("icpc_date")
        if start is not None and icpc is not None:
            c.add(row, working_days(start, icpc) <= t["icpc_wd"])
    return c


@_indicator("S47_TO_ICPC", "Section 47 enquiries leading to an ICPC", (5,),
            ("Date of Initial Child Protection Conference",), ("AS", "CP"), "%", CONTEXT,
            "Section 47 enquiries with an ICPC date, out of all Section 47 enquiries.")
def _s47_icpc(lists: Lists, as_at: dt.date, t: dict[str, float]) -> Count:
    c = Count()
    for row in lists.get(5, []):
        c.add(row, row.date("icpc_date") is not None)
    return c


@_indicator("ICPC_TO_PLAN", "ICPCs resulting in a child protection plan", (5,),
            ("Did the Initial Child Protection Conference Result in a Child Protection Plan",),
            ("CP",), "%", CONTEXT,
            "ICPCs whose result was a child protection plan (Yes), out of enquiries with an ICPC "
            "date.")
def _icpc_plan(lists: Lists, as_at: dt.date, t: dict[str, float]) -> Count:
    c = Count()
    for row in lists.get(5, []):
        if row.date("icpc_date") is not None:
            c.add(row, row.code("icpc_plan") == "Yes")
    return c


@_indicator("REPEAT_S47", "Children with 2 or more Section 47 enquiries in 12 months", (5,),
            ("Number of Section 47 Enquiries in the last 12 months",), ("AS", "CP"), "%", LOWER,
            "Section 47 enquiries whose child had 2 or more enquiries in the last 12 months, out "
            "of enquiries with that count filled in.")
def _repeat_s47(lists: Lists, as_at: dt.date, t: dict[str, float]) -> Count:
    c = Count()
    for row in lists.get(5, []):
        n = row.number("s47_12m")
        if n is not None:
            c.add(row, n >= 2)
    return c


@_indicator("CP_2_YEARS", "Child protection plans open 2 years or more", (7,),
            ("Child Protection Plan Start Date", "Child Protection Plan End Date"), ("CP",), "%",
            LOWER, "Open plans (no end date, or ending after the as-at date) that started at least "
            "the threshold of years before the as-at date, out of open plans.", ("cp_long_years",))
def _cp_long(lists: Lists, as_at: dt.date, t: dict[str, float]) -> Count:
    cutoff = months_before(as_at, t["cp_long_years"] * 12)
    c = Count()
    for row in lists.get(7, []):
        if _open_cp(row, as_at):
            start = row.date("cp_start")
            c.add(row, start is not None and start <= cutoff)
    return c


@_indicator("CP_SECOND_PLAN", "Second or subsequent child protection plans", (7,),
            ("Number of Previous Child Protection Plans",), ("CP",), "%", LOWER,
            "Plans whose child had 1 or more previous plans, out of plans with that count "
            "filled in.")
def _cp_second(lists: Lists, as_at: dt.date, t: dict[str, float]) -> Count:
    c = Count()
    for row in lists.get(7, []):
        n = row.number("previous_plans")
        if n is not None:
            c.add(row, n >= 1)
    return c


@_indicator("CP_VISIT_OVERDUE", "Child protection visits overdue", (7,),
            ("Date of the Last Statutory Visit",), ("CP",), "%", LOWER,
            "Open plans whose last statutory visit is more than the threshold of working days "
            "before the as-at date (or not recorded), out of open plans.", ("cp_visit_wd",))
def _cp_visit(lists: Lists, as_at: dt.date, t: dict[str, float]) -> Count:
    c = Count()
    for row in lists.get(7, []):
        if _open_cp(row, as_at):
            seen = row.date("last_visit")
            c.add(row, seen is None or working_days(seen, as_at) > t["cp_visit_wd"])
    return c


@_indicator("CP_REVIEW_OVERDUE", "Child protection reviews overdue", (7,),
            ("Date of latest review conference", "Child Protection Plan Start Date"), ("CP",),
            "%", LOWER,
            "Open plans whose latest review conference is older than the review threshold, or, "
            "with no review yet, that started longer ago than the first-review threshold; out of "
            "open plans.", ("cp_review_months", "cp_first_review_months"))
def _cp_review(lists: Lists, as_at: dt.date, t: dict[str, float]) -> Count:
    c = Count()
    for row in lists.get(7, []):
        if not _open_cp(row, as_at):
            continue
        review, start = row.date("last_review"), row.date("cp_start")
        if review is not None:
            c.add(row, review < months_before(as_at, t["cp_review_months"]))
        else:
            c.add(row, start is not None
                  and start < months_before(as_at, t["cp_first_review_months"]))
    return c


@_indicator("CP_SEEN_ALONE", "Children on a plan seen alone", (7,), ("Was the Child Seen Alone?",),
            ("CP",), "%", HIGHER,
            "Plans where the child was seen alone (Yes), out of plans with the column filled in.")
def _cp_alone(lists: Lists, as_at: dt.date, t: dict[str, float]) -> Count:
    c = Count()
    for row in lists.get(7, []):
        if row.code("seen_alone"):
            c.add(row, row.code("seen_alone") == "Yes")
    return c


@_indicator("CIN_NOT_SEEN", "Children in need not seen recently", (6,),
            ("Date Child Was Last Seen", "CIN Closure Date", "Case Status"), ("CP",), "%", LOWER,
            "Open child in need cases whose child was last seen more than the threshold of weeks "
            "before the as-at date (or not recorded), out of open cases.", ("cin_seen_weeks",))
def _cin_seen(lists: Lists, as_at: dt.date, t: dict[str, float]) -> Count:
    cutoff = as_at - dt.timedelta(days=int(t["cin_seen_weeks"] * 7))
    c = Count()
    for row in lists.get(6, []):
        if _open_cin(row, as_at):
            c.add(row, _older_than(row.date("last_seen"), cutoff))
    return c


@_indicator("CIC_3_PLACEMENTS", "Children in care with 3 or more placements in 12 months", (8,),
            ("Number of Placements in the Last 12 months",), ("CIC",), "%", LOWER,
            "Children in care at the as-at date with at least the threshold number of placements "
            "in the last 12 months, out of those with the count filled in.",
            ("placements_unstable",))
def _short_stability(lists: Lists, as_at: dt.date, t: dict[str, float]) -> Count:
    c = Count()
    for row in lists.get(8, []):
        n = row.number("placements_12m")
        if _in_care(row, as_at) and n is not None:
            c.add(row, n >= t["placements_unstable"])
    return c


@_indicator("CIC_LONG_STABLE", "Long-term placement stability", (8,),
            ("Date Started to be Looked After", "Start Date of Most Recent Placement"), ("CIC",),
            "%", HIGHER,
            "Children in care for at least the in-care threshold whose current placement has "
            "lasted at least the placement threshold, out of children in care that long (all "
            "ages; the DfE measure counts under-16s only).",
            ("cla_long_months", "placement_long_months"))
def _long_stability(lists: Lists, as_at: dt.date, t: dict[str, float]) -> Count:
    in_care_by = months_before(as_at, t["cla_long_months"])
    placed_by = months_before(as_at, t["placement_long_months"])
    c = Count()
    for row in lists.get(8, []):
        start = row.date("cla_start")
        if _in_care(row, as_at) and start is not None and start <= in_care_by:
            placed = row.date("placement_start")
            c.add(row, placed is not None and placed <= placed_by)
    return c


@_indicator("CIC_MISSING", "Children in care who went missing", (8,),
            ("Number of Episodes the Child has been 'Missing' from their Placement in the last 12 "
             "months",), ("MIS", "CIC"), "%", LOWER,
            "Children on List 8 with 1 or more missing episodes in the last 12 months, out of "
            "children with the count filled in.")
def _missing(lists: Lists, as_at: dt.date, t: dict[str, float]) -> Count:
    c = Count()
    for row in lists.get(8, []):
        n = row.number("missing_12m")
        if n is not None:
            c.add(row, n >= 1)
    return c


@_indicator("RHI_OFFERED", "Return interviews offered after going missing", (8,),
            ("Was the child offered a Return Interview after their last missing episode (Y/N)?",),
            ("MIS",), "%", HIGHER,
            "Children with 1 or more missing episodes who were offered a return interview after "
            "the last one, out of children with 1 or more missing episodes.")
def _rhi_offered(lists: Lists, as_at: dt.date, t: dict[str, float]) -> Count:
    c = Count()
    for row in lists.get(8, []):
        if (row.number("missing_12m") or 0) >= 1:
            c.add(row, row.code("rhi_offered") == "Yes")
    return c


@_indicator("RHI_ACCEPTED", "Return interviews accepted", (8,),
            ("Did the child accept a Return Interview after their last missing episode (Y/N)?",),
            ("MIS",), "%", HIGHER,
            "Children offered a return interview who accepted it, out of children offered one.")
def _rhi_accepted(lists: Lists, as_at: dt.date, t: dict[str, float]) -> Count:
    c = Count()
    for row in lists.get(8, []):
        if row.code("rhi_offered") == "Yes":
            c.add(row, row.code("rhi_accepted") == "Yes")
    return c


@_indicator("CIC_HEALTH", "Health assessments up to date", (8,),
            ("Date of Last Health Assessment", "Date of Birth"), ("CIC",), "%", HIGHER,
            "Children in care at the as-at date whose last health assessment is within the "
            "threshold (the shorter one for children under 5), out of children in care.",
            ("health_months", "health_months_under5"))
def _health(lists: Lists, as_at: dt.date, t: dict[str, float]) -> Count:
    c = Count()
    for row in lists.get(8, []):
        if _in_care(row, as_at):
            months = t["health_months_under5"] if row.age_band in ("Under 1", "1-4") \
                else t["health_months"]
            c.add(row, not _older_than(row.date("last_health"), months_before(as_at, months)))
    return c


@_indicator("CIC_DENTAL", "Dental checks up to date", (8,), ("Date of Last Dental Check",),
            ("CIC",), "%", HIGHER,
            "Children in care at the as-at date whose last dental check is within the threshold, "
            "out of children in care.", ("dental_months",))
def _dental(lists: Lists, as_at: dt.date, t: dict[str, float]) -> Count:
    cutoff = months_before(as_at, t["dental_months"])
    c = Count()
    for row in lists.get(8, []):
        if _in_care(row, as_at):
            c.add(row, not _older_than(row.date("last_dental"), cutoff))
    return c


@_indicator("CIC_REVIEW_OVERDUE", "Children in care reviews overdue", (8,),
            ("Date of Latest Statutory Review",), ("CIC",), "%", LOWER,
            "Children in care at the as-at date whose latest statutory review is older than the "
            "threshold (or not recorded), out of children in care.", ("cla_review_months",))
def _cla_review(lists: Lists, as_at: dt.date, t: dict[str, float]) -> Count:
    cutoff = months_before(as_at, t["cla_review_months"])
    c = Count()
    for row in lists.get(8, []):
        if _in_care(row, as_at):
            c.add(row, _older_than(row.date("last_review"), cutoff))
    return c


@_indicator("CIC_VISIT_OVERDUE", "Children in care visits overdue", (8,),
            ("Date of Last Social Work Visit",), ("CIC",), "%", LOWER,
            "Children in care at the as-at date whose last social work visit is more than the "
            "threshold of weeks before the as-at date (or not recorded), out of children in care.",
            ("cla_visit_weeks",))
def _cla_visit(lists: Lists, as_at: dt.date, t: dict[str, float]) -> Count:
    cutoff = as_at - dt.timedelta(days=int(t["cla_visit_weeks"] * 7))
    c = Count()
    for row in lists.get(8, []):
        if _in_care(row, as_at):
            c.add(row, _older_than(row.date("last_visit"), cutoff))
    return c


@_indicator("CL_IN_TOUCH", "Care leavers in touch", (9,), ("LA in Touch",), ("CL",), "%", HIGHER,
            "Care leavers the council is in touch with (Yes), out of care leavers with the column "
            "filled in, leaving out those who died or for whom contact is not required (NREQ).")
def _in_touch(lists: Lists, as_at: dt.date, t: dict[str, float]) -> Count:
    c = Count()
    for row in lists.get(9, []):
        status = row.code("in_touch")
        if status and status.lower() not in ("died", "nreq"):
            c.add(row, status == "Yes")
    return c


@_indicator("CL_SUITABLE", "Care leavers in suitable accommodation", (9,),
            ("Suitability of Accommodation",), ("CL",), "%", HIGHER,
            "Care leavers whose accommodation is Suitable, out of those with the column filled in.")
def _suitable(lists: Lists, as_at: dt.date, t: dict[str, float]) -> Count:
    c = Count()
    for row in lists.get(9, []):
        if row.code("suitable"):
            c.add(row, row.code("suitable") == "Suitable")
    return c


@_indicator("CL_EET", "Care leavers in education, employment or training", (9,),
            ("Activity Status",), ("CL",), "%", HIGHER,
            "Care leavers whose activity is not one of the NEET codes (G4, G5, G6), out of those "
            "with an activity recorded.")
def _eet(lists: Lists, as_at: dt.date, t: dict[str, float]) -> Count:
    c = Count()
    for row in lists.get(9, []):
        if row.code("activity"):
            c.add(row, row.code("activity") not in ("G4", "G5", "G6"))
    return c


@_indicator("CL_PATHWAY_OVERDUE", "Pathway plan reviews overdue", (9,),
            ("Latest Pathway Plan Review Date",), ("CL",), "%", LOWER,
            "Care leavers whose latest pathway plan review is older than the threshold, out of "
            "care leavers with a review date (not worked out when the return has no review "
            "dates).", ("pathway_review_months",))
def _pathway(lists: Lists, as_at: dt.date, t: dict[str, float]) -> Count:
    cutoff = months_before(as_at, t["pathway_review_months"])
    c = Count()
    for row in lists.get(9, []):
        review = row.date("last_review")
        if review is not None:
            c.add(row, review < cutoff)
    return c


@_indicator("CL_PA_ALLOCATED", "Care leavers with a personal adviser", (9,),
            ("Allocated Personal Advisor",), ("CL",), "%", HIGHER,
            "Care leavers with a personal adviser named, out of care leavers (only when the "
            "return has the column; names are never kept).")
def _pa(lists: Lists, as_at: dt.date, t: dict[str, float]) -> Count:
    c = Count()
    for row in lists.get(9, []):
        if "pa_allocated" in row.data:
            c.add(row, bool(row.data["pa_allocated"]))
    return c


@_indicator("UNALLOCATED", "Open cases with no allocated worker", (6, 7, 8, 9),
            ("Allocated Worker",), ("LMQ",), "%", LOWER,
            "Distinct children open on Lists 6 to 9 with no worker named on any of their rows "
            "(blank, #N/A or 'unallocated'), out of distinct children open on those lists.")
def _unallocated(lists: Lists, as_at: dt.date, t: dict[str, float]) -> Count:
    first: dict[str, ChildRow] = {}
    allocated: dict[str, bool] = defaultdict(bool)
    for number, is_open in ((6, _open_cin), (7, _open_cp), (8, _in_care),
                            (9, lambda r, d: True)):
        for row in lists.get(number, []):
            if row.allocated is None or not is_open(row, as_at):
                continue
            first.setdefault(row.child_key, row)
            allocated[row.child_key] |= bool(row.allocated)
    c = Count()
    for key, row in first.items():
        c.add(row, not allocated[key])
    return c


@_indicator("DQ_DUPLICATES", "Data quality: children listed twice on a one-row-per-child list",
            (6, 7, 8, 9), ("Child Unique ID",), ("LMQ",), "%", LOWER,
            "Rows on Lists 6 to 9 whose child appears more than once on the same list, out of "
            "all rows on those lists.")
def _duplicates(lists: Lists, as_at: dt.date, t: dict[str, float]) -> Count:
    c = Count()
    for number in (6, 7, 8, 9):
        rows = lists.get(number, [])
        counts = Counter(r.child_key for r in rows)
        for row in rows:
            c.add(row, counts[row.child_key] > 1)
    return c


_PAIRS = ((2, "eh_start", "eh_end"), (4, "assessment_start", "assessment_end"),
          (6, "cin_start", "cin_end"), (7, "cp_start", "cp_end"), (8, "cla_start", "cla_end"))


@_indicator("DQ_END_BEFORE_START", "Data quality: end dates before start dates", (2, 4, 6, 7, 8),
            ("start and end dates",), ("LMQ",), "%", LOWER,
            "Rows whose end (completion, authorisation, closure, plan end, ceased) date is before "
            "their start date, out of rows with both dates.")
def _end_before_start(lists: Lists, as_at: dt.date, t: dict[str, float]) -> Count:
    c = Count()
    for number, first, last in _PAIRS:
        for row in lists.get(number, []):
            start, end = row.date(first), row.date(last)
            if start is not None and end is not None:
                c.add(row, end < start)
    return c


@_indicator("DQ_CP_AND_CIC", "Data quality: children on a CP plan and in care at once", (7, 8),
            ("Child Unique ID",), ("LMQ", "CP", "CIC"), "%", LOWER,
            "Children with an open plan on List 7 who are also in care on List 8 at the as-at "
            "date, out of children with an open plan.")
def _cp_and_cic(lists: Lists, as_at: dt.date, t: dict[str, float]) -> Count:
    in_care = {r.child_key for r in lists.get(8, []) if _in_care(r, as_at)}
    c = Count()
    seen: set[str] = set()
    for row in lists.get(7, []):
        if _open_cp(row, as_at) and row.child_key not in seen:
            seen.add(row.child_key)
            c.add(row, row.child_key in in_care)
    return c


@_indicator("DQ_ETHNICITY_UNKNOWN", "Data quality: ethnicity not obtained or refused",
            (1, 2, 3, 4, 5, 6, 7, 8, 9, 10), ("Ethnicity",), ("LMQ",), "%", LOWER,
            "Rows on Lists 1 to 10 whose ethnicity is NOBT, REFU or blank, out of all rows.")
def _ethnicity_unknown(lists: Lists, as_at: dt.date, t: dict[str, float]) -> Count:
    c = Count()
    for number in range(1, 11):
        for row in lists.get(number, []):
            c.add(row, row.ethnicity in ("", "NOBT", "REFU"))
    return c


@_indicator("ADOPTION_DAYS", "Average days from entering care to placement for adoption", (10,),
            ("Date the Child Entered Care", "Date Placed for Adoption"), ("CIC",), "days", LOWER,
            "For children on List 10 placed for adoption, the days from entering care to being "
            "placed, averaged.")
def _adoption_days(lists: Lists, as_at: dt.date, t: dict[str, float]) -> Count:
    c = Count(total=0.0)
    for row in lists.get(10, []):
        entered, placed = row.date("entered_care"), row.date("placed")
        if entered is not None and placed is not None and placed >= entered:
            c.denominator.append(row.id)
            c.numerator.append(row.id)
            c.total = (c.total or 0.0) + (placed - entered).days
    return c


BY_CODE: dict[str, Indicator] = {i.code: i for i in CATALOGUE}


# -- results ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    """One indicator's figure for a return."""

    indicator: Indicator
    numerator: float | None
    denominator: float | None
    value: float | None
    count: Count

    @property
    def text(self) -> str:
        return format_value(self.value, self.indicator.unit)


def format_value(value: float | None, unit: str) -> str:
    if value is None:
        return "not available"
    if unit == "%":
        return f"{value:.1f}%"
    if unit == "days":
        return f"{value:.0f} days"
    return f"{value:.2f} {unit}"


def _result(indicator: Indicator, count: Count) -> Result:
    den = len(count.denominator)
    if indicator.unit == "days":
        num = count.total
        value = (count.total or 0.0) / den if den else None
    elif indicator.unit == "%":
        num = float(len(count.numerator))
        value = 100.0 * num / den if den else None
    else:
        num = float(len(count.numerator))
        value = num / den if den else None
    return Result(indicator, num, float(den), value, count)


def compute(lists: Lists, as_at: dt.date, settings: dict[str, float],
            only: Iterable[str] | None = None) -> list[Result]:
    """Work out the catalogue (or some of it) from rows grouped by list number."""
    wanted = set(only) if only is not None else None
    return [_result(i, i.compute(lists, as_at, settings)) for i in CATALOGUE
            if wanted is None or i.code in wanted]


def group(rows: Iterable[ChildRow]) -> Lists:
    grouped: Lists = defaultdict(list)
    for row in rows:
        grouped[row.list_no].append(row)
    return grouped


def compute_and_store(workspace: Workspace, return_id: int) -> list[Result]:
    """Work out every indicator for a return and store each as an indicator value."""
    summary = annex.get_return(workspace, return_id)
    settings = {k: t.value for k, t in thresholds(workspace).items()}
    results = compute(group(annex.rows(workspace, return_id)), summary.as_at, settings)
    stamp = now()
    with workspace.transaction() as s:
        themes = {t.code: t for t in s.scalars(select(e.Theme))}
        s.execute(delete(ae.IndicatorValue).where(ae.IndicatorValue.return_id == return_id))
        for r in results:
            used = {k: settings[k] for k in r.indicator.thresholds}
            s.add(ae.IndicatorValue(
                return_id=return_id, code=r.indicator.code, as_at=summary.as_at,
                numerator=r.numerator, denominator=r.denominator, value=r.value,
                definition_version=r.indicator.version, source_sha256=summary.sha256,
                parameters=json.dumps(used, sort_keys=True), computed_at=stamp,
                themes=[themes[c] for c in r.indicator.themes if c in themes]))
    return results


@dataclass(frozen=True)
class StoredValue:
    """An indicator value as stored, with its definition."""

    id: int
    return_id: int
    indicator: Indicator
    as_at: dt.date
    numerator: float | None
    denominator: float | None
    value: float | None
    definition_version: int
    source_sha256: str
    parameters: dict[str, float]
    theme_codes: tuple[str, ...]

    @property
    def text(self) -> str:
        return format_value(self.value, self.indicator.unit)

    @property
    def fraction(self) -> str:
        if self.indicator.unit == "days":
            return f"{self.denominator or 0:.0f} children"
        return f"{self.numerator or 0:.0f} of {self.denominator or 0:.0f}"


def stored_values(workspace: Workspace, return_id: int | None = None) -> list[StoredValue]:
    """Stored indicator values (of one return, or all), oldest return first, catalogue order."""
    order = {i.code: n for n, i in enumerate(CATALOGUE)}
    stmt = select(ae.IndicatorValue)
    if return_id is not None:
        stmt = stmt.where(ae.IndicatorValue.return_id == return_id)
    with workspace.reading() as s:
        found = [v for v in s.scalars(stmt) if v.code in BY_CODE]
        values = [StoredValue(v.id, v.return_id, BY_CODE[v.code], v.as_at, v.numerator,
                              v.denominator, v.value, v.definition_version, v.source_sha256,
                              json.loads(v.parameters), tuple(t.code for t in v.themes))
                  for v in found]
    return sorted(values, key=lambda v: (v.as_at, v.return_id, order[v.indicator.code]))


def trend(workspace: Workspace, code: str) -> list[tuple[dt.date, float | None]]:
    """An indicator's value in every return, by as-at date."""
    return [(v.as_at, v.value) for v in stored_values(workspace) if v.indicator.code == code]


def rows_behind(workspace: Workspace, value: StoredValue) -> tuple[list[ChildRow], set[int]]:
    """The pseudonymised rows a stored figure counts: (denominator rows, numerator row ids).

    Worked out again from the stored rows with the thresholds stored with the value, so it
    matches the figure even if the thresholds have changed since.
    """
    indicator = value.indicator
    lists = group(annex.rows(workspace, value.return_id, indicator.lists))
    settings = {k: t.value for k, t in thresholds(workspace).items()}
    settings.update(value.parameters)
    count = indicator.compute(lists, value.as_at, settings)
    wanted = set(count.denominator)
    by_id = {r.id: r for rows in lists.values() for r in rows if r.id in wanted}
    return [by_id[i] for i in count.denominator], set(count.numerator)
