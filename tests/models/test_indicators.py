"""Every indicator on a hand-built list, with its answer worked out by hand (as-at 31 March 2026).

England's bank holidays near the dates used: 25 and 26 December 2025, 1 January 2026; Good
Friday (3 April 2026) falls after the as-at date.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from typing import Any

import pytest

from importers.annex_a import import_return, read_return
from models import indicators as ind
from models.annex import ChildRow
from models.store import Workspace
from tests.importers.annex_files import SAMPLE

R = dt.date(2026, 3, 31)  # a Tuesday
D = dt.date
_ids = itertools.count(1)


def row(list_no: int, key: str = "", *, band: str = "10-15", ethnicity: str = "WBRI",
        allocated: bool | None = None, **data: Any) -> ChildRow:
    number = next(_ids)
    values = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in data.items()
              if v is not None}
    return ChildRow(number, list_no, number, key or f"child{number}", band, "Female", ethnicity,
                    "No", "Team", allocated, values)


def lists(*rows: ChildRow) -> dict[int, list[ChildRow]]:
    return ind.group(rows)


Case = tuple[Callable[[], dict[int, list[ChildRow]]], float, float]

WORKED: dict[str, Case] = {
    # counts 0, 1, 2, 3 and one blank: blank left out; 2 and 3 reach the threshold of 2.
    "REREFERRAL": (lambda: lists(*(row(3, referrals_12m=n) for n in (0, 1, 2, 3, None))), 2, 4),
    # Yes, No, No and a blank: 1 of 3.
    "REFERRAL_NFA": (lambda: lists(*(row(3, nfa=x) for x in ("Yes", "No", "No", None))), 1, 3),
    # List 1 children a, a, b, c; List 3 children a, d: of a, b, c only a was referred.
    "CONTACT_TO_REFERRAL": (lambda: lists(row(1, "a"), row(1, "a"), row(1, "b"), row(1, "c"),
                                          row(3, "a"), row(3, "d")), 1, 3),
    # 4 contacts over 3 distinct children.
    "CONTACTS_PER_CHILD": (lambda: lists(row(1, "a"), row(1, "a"), row(1, "b"), row(1, "c")),
                           4, 3),
    # Mon 3 Nov 2025 to Thu 8 Jan 2026 is 48 weekdays less 3 bank holidays = 45: in time.
    # To Fri 9 Jan 2026: 49 - 3 = 46: late. 2 to 4 March 2026: 2. The open one is left out.
    "ASSESSMENT_45WD": (lambda: lists(
        row(4, assessment_start=D(2025, 11, 3), assessment_end=D(2026, 1, 8)),
        row(4, assessment_start=D(2025, 11, 3), assessment_end=D(2026, 1, 9)),
        row(4, assessment_start=D(2026, 3, 2), assessment_end=D(2026, 3, 4)),
        row(4, assessment_start=D(2026, 3, 2))), 2, 3),
    # Open since Mon 5 Jan 2026: 12 weeks to Mon 30 March = 60, + Tue 31 = 61 > 45: late.
    # Open since 2 March: 21. The completed one is left out.
    "ASSESSMENT_OPEN_LATE": (lambda: lists(
        row(4, assessment_start=D(2026, 1, 5)), row(4, assessment_start=D(2026, 3, 2)),
        row(4, assessment_start=D(2025, 1, 5), assessment_end=D(2025, 12, 1))), 1, 2),
    "ASSESSMENT_SEEN": (lambda: lists(*(row(4, child_seen=x) for x in ("Yes", "Yes", "No",
                                                                       None))), 2, 3),
    # Mon 15 Dec 2025 to Wed 7 Jan 2026: 17 weekdays - 3 bank holidays = 14: in time.
    # Mon 2 to Tue 24 March 2026: 16: late. No ICPC: left out.
    "ICPC_15WD": (lambda: lists(
        row(5, strategy_date=D(2025, 12, 15), icpc_date=D(2026, 1, 7)),
        row(5, strategy_date=D(2026, 3, 2), icpc_date=D(2026, 3, 24)),
        row(5, strategy_date=D(2026, 3, 2))), 1, 2),
    "S47_TO_ICPC": (lambda: lists(row(5, icpc_date=D(2026, 1, 7)), row(5, icpc_date=D(2026, 2, 1)),
                                  row(5)), 2, 3),
    # Of the two ICPCs one gave a plan; the "Yes" with no ICPC date is left out.
    "ICPC_TO_PLAN": (lambda: lists(row(5, icpc_date=D(2026, 1, 7), icpc_plan="Yes"),
                                   row(5, icpc_date=D(2026, 1, 8), icpc_plan="No"),
                                   row(5, icpc_plan="Yes")), 1, 2),
    "REPEAT_S47": (lambda: lists(*(row(5, s47_12m=n) for n in (1, 2, 3, None))), 2, 3),
    # Two years before 31 March 2026 is 31 March 2024: a plan from that day counts, from
    # 1 April 2024 does not; the ended plan is not open; the plan ending after R is.
    "CP_2_YEARS": (lambda: lists(
        row(7, cp_start=D(2024, 3, 31)), row(7, cp_start=D(2024, 4, 1)),
        row(7, cp_start=D(2020, 1, 1), cp_end=D(2026, 1, 1)),
        row(7, cp_start=D(2023, 1, 1), cp_end=D(2026, 5, 1))), 2, 3),
    "CP_SECOND_PLAN": (lambda: lists(*(row(7, previous_plans=n) for n in (0, 1, 2, None))), 2, 3),
    # Visit Tue 17 March: 10 working days to 31 March, not overdue; Mon 16 March: 11, overdue;
    # no visit: overdue; ended plan left out.
    "CP_VISIT_OVERDUE": (lambda: lists(
        row(7, cp_start=D(2025, 1, 1), last_visit=D(2026, 3, 17)),
        row(7, cp_start=D(2025, 1, 1), last_visit=D(2026, 3, 16)),
        row(7, cp_start=D(2025, 1, 1)),
        row(7, cp_start=D(2025, 1, 1), cp_end=D(2026, 2, 1))), 2, 3),
    # Six months before R is 30 Sept 2025: review on 1 Oct fine, on 29 Sept overdue. No review
    # yet: three months before R is 31 Dec 2025; a plan from that day is not yet overdue, from
    # 30 Dec it is.
    "CP_REVIEW_OVERDUE": (lambda: lists(
        row(7, cp_start=D(2025, 1, 1), last_review=D(2025, 10, 1)),
        row(7, cp_start=D(2025, 1, 1), last_review=D(2025, 9, 29)),
        row(7, cp_start=D(2025, 12, 31)), row(7, cp_start=D(2025, 12, 30))), 2, 4),
    "CP_SEEN_ALONE": (lambda: lists(*(row(7, seen_alone=x) for x in ("Yes", "No", "Unknown",
                                                                     None))), 1, 3),
    # Six weeks before R is 17 Feb 2026: seen that day fine, 16 Feb overdue, never overdue;
    # the closed episode and the case closed in January are left out.
    "CIN_NOT_SEEN": (lambda: lists(
        row(6, last_seen=D(2026, 2, 17)), row(6, last_seen=D(2026, 2, 16)), row(6),
        row(6, last_seen=D(2025, 1, 1), case_status="Closed episode"),
        row(6, last_seen=D(2025, 1, 1), cin_end=D(2026, 1, 1))), 2, 3),
    # In care: 3 (unstable) and 2; blank count and the child who left care are left out.
    "CIC_3_PLACEMENTS": (lambda: lists(row(8, placements_12m=3), row(8, placements_12m=2),
                                       row(8), row(8, placements_12m=5, cla_end=D(2026, 1, 1))),
                         1, 2),
    # 30 months before R: 30 Sept 2023; 24 months: 31 March 2024.
    "CIC_LONG_STABLE": (lambda: lists(
        row(8, cla_start=D(2023, 9, 30), placement_start=D(2024, 3, 31)),
        row(8, cla_start=D(2020, 1, 1), placement_start=D(2025, 1, 1)),
        row(8, cla_start=D(2023, 10, 1), placement_start=D(2023, 10, 1))), 1, 2),
    "CIC_MISSING": (lambda: lists(*(row(8, missing_12m=n) for n in (0, 1, 4, None))), 2, 3),
    # Three went missing; one was offered an interview. The one never missing is left out.
    "RHI_OFFERED": (lambda: lists(row(8, missing_12m=2, rhi_offered="Yes"),
                                  row(8, missing_12m=1, rhi_offered="No"), row(8, missing_12m=1),
                                  row(8, missing_12m=0, rhi_offered="Yes")), 1, 3),
    "RHI_ACCEPTED": (lambda: lists(row(8, rhi_offered="Yes", rhi_accepted="Yes"),
                                   row(8, rhi_offered="Yes", rhi_accepted="No"),
                                   row(8, rhi_offered="No", rhi_accepted="Yes")), 1, 2),
    # 12 months before R: 31 March 2025; 6 months (under 5): 30 Sept 2025.
    "CIC_HEALTH": (lambda: lists(
        row(8, last_health=D(2025, 3, 31)), row(8, last_health=D(2025, 3, 30)),
        row(8, band="1-4", last_health=D(2025, 9, 30)),
        row(8, band="1-4", last_health=D(2025, 6, 1)), row(8)), 2, 5),
    "CIC_DENTAL": (lambda: lists(row(8, last_dental=D(2025, 4, 1)),
                                 row(8, last_dental=D(2025, 3, 1)), row(8)), 1, 3),
    "CIC_REVIEW_OVERDUE": (lambda: lists(row(8, last_review=D(2025, 9, 30)),
                                         row(8, last_review=D(2025, 9, 29)), row(8)), 2, 3),
    "CIC_VISIT_OVERDUE": (lambda: lists(row(8, last_visit=D(2026, 2, 17)),
                                        row(8, last_visit=D(2026, 2, 16))), 1, 2),
    # Died and NREQ are left out, as is the blank: Yes, No, Refu remain.
    "CL_IN_TOUCH": (lambda: lists(*(row(9, in_touch=x) for x in ("Yes", "No", "Died", "NREQ",
                                                                 "Refu", None))), 1, 3),
    "CL_SUITABLE": (lambda: lists(*(row(9, suitable=x) for x in ("Suitable", "Unsuitable",
                                                                 None))), 1, 2),
    "CL_EET": (lambda: lists(*(row(9, activity=x) for x in ("F1", "G5", "G4", "P3"))), 2, 4),
    "CL_PATHWAY_OVERDUE": (lambda: lists(row(9, last_review=D(2025, 10, 1)),
                                         row(9, last_review=D(2025, 1, 1)), row(9)), 1, 2),
    "CL_PA_ALLOCATED": (lambda: lists(row(9, pa_allocated=True), row(9, pa_allocated=False),
                                      row(9)), 1, 2),
    # a: unallocated on List 6 but allocated on List 7, so allocated; b: unallocated in care;
    # c: no worker column; d: plan ended. 1 of 2.
    "UNALLOCATED": (lambda: lists(
        row(6, "a", allocated=False), row(7, "a", allocated=True, cp_start=D(2025, 1, 1)),
        row(8, "b", allocated=False), row(9, "c"),
        row(7, "d", allocated=False, cp_start=D(2024, 1, 1), cp_end=D(2025, 1, 1))), 1, 2),
    "DQ_DUPLICATES": (lambda: lists(row(8, "a"), row(8, "a"), row(8, "b"), row(9, "a")), 2, 4),
    "DQ_END_BEFORE_START": (lambda: lists(
        row(4, assessment_start=D(2026, 1, 10), assessment_end=D(2026, 1, 5)),
        row(7, cp_start=D(2025, 1, 1), cp_end=D(2025, 6, 1)),
        row(8, cla_start=D(2025, 1, 1))), 1, 2),
    # Open plans for a and b; a is in care, b left care in January.
    "DQ_CP_AND_CIC": (lambda: lists(row(7, "a", cp_start=D(2025, 1, 1)),
                                    row(7, "b", cp_start=D(2025, 1, 1)), row(8, "a"),
                                    row(8, "b", cla_end=D(2026, 1, 1))), 1, 2),
    # List 11 (adopters) is not counted.
    "DQ_ETHNICITY_UNKNOWN": (lambda: lists(row(1, ethnicity="WBRI"), row(1, ethnicity="NOBT"),
                                           row(3, ethnicity="REFU"), row(3, ethnicity=""),
                                           row(11, ethnicity="")), 3, 4),
    # 30 and 60 days: 90 days over 2 children, 45 on average; the unplaced child left out.
    "ADOPTION_DAYS": (lambda: lists(
        row(10, entered_care=D(2025, 1, 1), placed=D(2025, 1, 31)),
        row(10, entered_care=D(2025, 2, 1), placed=D(2025, 4, 2)),
        row(10, entered_care=D(2025, 3, 1))), 90, 2),
}

DEFAULTS = {t.key: t.value for t in ind.DEFAULT_THRESHOLDS}


def test_the_catalogue_has_at_least_twenty_and_each_is_worked_here() -> None:
    codes = [i.code for i in ind.CATALOGUE]
    assert len(codes) >= 20 and len(set(codes)) == len(codes)
    assert sorted(codes) == sorted(WORKED)


@pytest.mark.parametrize("code", sorted(WORKED))
def test_indicator_on_a_hand_built_list(code: str) -> None:
    build, numerator, denominator = WORKED[code]
    (result,) = ind.compute(build(), R, DEFAULTS, only=[code])
    assert (result.numerator, result.denominator) == (numerator, denominator)
    expected = numerator / denominator
    assert result.value == pytest.approx(100 * expected if result.indicator.unit == "%"
                                         else expected)


def test_working_days_skip_weekends_and_england_bank_holidays() -> None:
    # Fri 19 Dec 2025 to Fri 2 Jan 2026: 10 weekdays, less Christmas, Boxing Day, New Year.
    assert ind.working_days(D(2025, 12, 19), D(2026, 1, 2)) == 7
    # Over Easter 2026: Wed 1 to Wed 8 April; Good Friday and Easter Monday are holidays.
    assert ind.working_days(D(2026, 4, 1), D(2026, 4, 8)) == 3
    assert ind.working_days(D(2026, 4, 8), D(2026, 4, 1)) == -3
    # Boxing Day 2026 is a Saturday; the observed Monday holiday is 28 December.
    assert ind.working_days(D(2026, 12, 24), D(2026, 12, 29)) == 1


def test_thresholds_are_settings_labelled_statutory_or_local(workspace: Workspace) -> None:
    settings = ind.thresholds(workspace)
    assert settings["assessment_wd"].basis == ind.STATUTORY
    assert settings["cp_visit_wd"].basis == ind.LOCAL
    ind.set_threshold(workspace, "rereferral_previous", 1)
    assert ind.thresholds(workspace)["rereferral_previous"].value == 1
    build, _n, _d = WORKED["REREFERRAL"]
    (result,) = ind.compute(build(), R, {k: t.value for k, t in
                                         ind.thresholds(workspace).items()}, only=["REREFERRAL"])
    assert (result.numerator, result.denominator) == (3, 4)  # 1, 2 and 3 now count


def test_values_are_stored_for_the_as_at_date_with_their_source(workspace: Workspace) -> None:
    summary = import_return(workspace, read_return(workspace, [SAMPLE], D(2021, 3, 31)))
    values = {v.indicator.code: v for v in ind.stored_values(workspace, summary.id)}
    assert set(values) == set(WORKED)
    icpc = values["ICPC_15WD"]
    assert icpc.as_at == D(2021, 3, 31) and icpc.source_sha256 == summary.sha256
    assert icpc.definition_version == 1 and icpc.parameters == {"icpc_wd": 15}
    assert set(icpc.theme_codes) == {"AS", "CP"}
    # The sample's List 10: entered care then "=previous+5" four times: 20 days each.
    assert values["ADOPTION_DAYS"].value == 20


def test_a_figure_opens_to_the_rows_it_counts(workspace: Workspace) -> None:
    summary = import_return(workspace, read_return(workspace, [SAMPLE], D(2021, 3, 31)))
    value = next(v for v in ind.stored_values(workspace, summary.id)
                 if v.indicator.code == "CP_SECOND_PLAN")
    rows, counted = ind.rows_behind(workspace, value)
    assert len(rows) == value.denominator and len(counted) == value.numerator
    assert all(r.list_no == 7 and r.pseudonym.startswith("C-") for r in rows)
    assert all((r.number("previous_plans") or 0) >= 1 for r in rows if r.id in counted)
    # Changing a threshold later does not change what the stored figure opens to.
    ind.set_threshold(workspace, "cp_visit_wd", 1)
    visits = next(v for v in ind.stored_values(workspace, summary.id)
                  if v.indicator.code == "CP_VISIT_OVERDUE")
    again, numerator = ind.rows_behind(workspace, visits)
    assert len(numerator) == visits.numerator
