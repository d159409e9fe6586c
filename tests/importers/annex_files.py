"""Annex A files for tests: the shared sample, and messy variants built here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook

ROOT = Path(__file__).resolve().parents[2]
#: The public synthetic sample, kept beside the repository (CI has shared/ next to the clone).
SAMPLE = ROOT.parent / "shared" / "domain" / "fixtures" / "annex_a_sample.xlsx"

COMMON = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)"]
LIST3 = COMMON + ["Date of Referral", "Referral Source", "Referral NFA?",
                  "Number of Referrals in Last 12 Months", "Allocated Team", "Allocated Worker"]
LIST8 = COMMON + [
    "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)",
    "Does the Child have a Disability", "Date Started to be Looked After",
    "Date of Latest Statutory Review", "Date of Last Social Work Visit",
    "Date of Last Health Assessment", "Date of Last Dental Check",
    "Number of Placements in the Last 12 months", "Date Ceased to be Looked After",
    "Start Date of Most Recent Placement", "Placement postcode",
    "Number of Episodes the Child has been \u2018Missing\u2019 from their Placement in the last "
    "12 months",
    "Was the child offered a Return Interview after their last missing episode (Y/N)?",
    "Did the child accept a Return Interview after their last missing episode (Y/N)?",
    "Allocated Team", "Allocated Worker"]
LIST9 = COMMON + ["Does the Child have a Disability", "Allocated Team", "Allocated Worker",
                  "Allocated Personal Advisor", "Eligibity Category",
                  "Latest Pathway Plan Review Date", "LA in Touch", "Latest Date of Contact",
                  "Suitability of Accomodation", "Activity Status"]


def workbook(path: Path, sheets: dict[str, Sequence[Sequence[Any]]]) -> Path:
    """Write sheets of rows (the first row of each is its headings) to an .xlsx."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    book.save(path)
    return path


def care_rows(count: int, *, start: int = 1000) -> tuple[list[list[Any]], list[list[Any]]]:
    """Lists 8 and 9 with ``count`` children each, varied enough to stratify."""
    teams = ["CiC Team 1", "CiC Team 2", "CiC Team 3"]
    list8: list[list[Any]] = [LIST8]
    list9: list[list[Any]] = [LIST9]
    for n in range(count):
        born = dt.datetime(2006 + n % 12, 1 + n % 12, 1 + n % 27)
        list8.append([start + n, ["a) Male", "b) Female"][n % 2], ["a) WBRI", "o) BAFR",
                      "k) APKN", "s) NOBT"][n % 4], born, None, "b) No", ["a) Yes", "b) No"][n % 3 == 0],
                      dt.datetime(2020, 1, 1) - dt.timedelta(days=30 * (n % 40)),
                      dt.datetime(2026, 6, 1), dt.datetime(2026, 9, 1), dt.datetime(2026, 3, 1),
                      dt.datetime(2025, 12, 1), n % 4, None, dt.datetime(2024, 1, 1),
                      f"ZZ{n % 9} 9ZZ", n % 3, "a) Yes", "b) No", teams[n % 3],
                      f"Worker\u00a0{n}"])
        list9.append([start + 5000 + n, ["a) Male", "b) Female"][n % 2], "a) WBRI",
                      dt.datetime(2004 + n % 4, 2, 1 + n % 27), None, "b) No",
                      "Leaving Care Team", f"Advisor {n}", f"PA {n}", "b) Former relevant child",
                      dt.datetime(2026, 5, 1), "a) Yes", dt.datetime(2026, 10, 1), "a) Suitable",
                      "F1: Full time in higher education"])
    return list8, list9
