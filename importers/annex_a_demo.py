"""A synthetic Annex A return (invented children, messy like real extracts) for the demo and benchmarks."""

from __future__ import annotations

import datetime as dt
import random
import tempfile
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from models.store import Workspace

from .annex_a_spec import lists

TEAMS = {
    3: ["Front Door North", "Front Door South"],
    4: ["Assessment Team 1", "Assessment Team 2", "Assessment Team 3"],
    5: ["Assessment Team 1", "Assessment Team 2", "Children with Disabilities"],
    6: ["Family Support East", "Family Support West", "Children with Disabilities"],
    7: ["Safeguarding East", "Safeguarding West"],
    8: ["Children in Care 1", "Children in Care 2", "Children in Care 3"],
    9: ["Leaving Care Team"],
}
ETHNICITY = ["a) WBRI"] * 14 + ["d) WOTH", "f) MWBC", "i) MOTH", "k) APKN", "l) ABAN",
                                 "o) BAFR", "p) BOTH", "r) OOTH", "s) NOBT", "s) REFU"]
FIRST = ["Alex", "Sam", "Jo", "Chris", "Robin", "Kim", "Lee", "Pat", "Terry", "Morgan"]
LAST = ["Smith", "Jones", "Patel", "Okafor", "Nowak", "Evans", "Khan", "Brown", "Wilson", "Ali"]


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange(max((end - start).days, 1)))


def _messy_date(rng: random.Random, day: dt.date | None) -> Any:
    """Mostly real dates; some as dd/mm/yyyy text, as real extracts have."""
    if day is None:
        return rng.choice([None, None, None, "#N/A"])
    roll = rng.random()
    if roll < 0.002:
        return f"31/02/{day.year}"  # a date that does not exist, as typed by hand
    if roll < 0.08:
        return f"{day:%d/%m/%Y}"
    return dt.datetime(day.year, day.month, day.day)


def _worker(rng: random.Random) -> str:
    if rng.random() < 0.04:
        return "#N/A"
    return f"{rng.choice(FIRST)}\u00a0{rng.choice(LAST)}"


def write_synthetic_return(path: Path, as_at: dt.date, *, children: int = 400,
                           seed: int = 1) -> Path:
    """Write an Annex A workbook (Lists 1-10) about invented children.

    The same ``seed`` gives the same children, so two returns months apart share most of them.
    About ``children`` × 2.2 rows are written across the lists.
    """
    rng = random.Random(seed)
    pool = []
    for n in range(children):
        born = _day(rng, as_at - dt.timedelta(days=365 * 21), as_at - dt.timedelta(days=30))
        pool.append((str(3_000_000 + n * 7), rng.choice(["a) Male", "b) Female"]),
                     rng.choice(ETHNICITY), born, rng.random() < 0.12))
    rng = random.Random(f"{seed}-{as_at}")
    period = as_at - dt.timedelta(days=182)
    book = Workbook()
    book.remove(book.active)
    specs = lists()
    for number in range(1, 11):
        headers = [c.header for c in specs[number].columns]
        sheet = book.create_sheet(f"List {number}")
        sheet.append(headers)
        share = {1: 0.6, 2: 0.15, 3: 0.35, 4: 0.3, 5: 0.12, 6: 0.25, 7: 0.1, 8: 0.2, 9: 0.6,
                 10: 0.02}[number]
        for child_id, gender, ethnicity, born, disabled in pool:
            age = (as_at - born).days / 365.25
            if number == 9 and not 17 <= age < 21.5:
                continue
            if number != 9 and age >= 18:
                continue
            if rng.random() > share:
                continue
            values = _row(rng, number, as_at, period, born)
            common = {"Child Unique ID": child_id, "Gender": gender, "Ethnicity": ethnicity,
                      "Date of Birth": _messy_date(rng, born), "Age of Child (Years)": round(age, 2),
                      "Does the Child have a Disability": "a) Yes" if disabled else "b) No",
                      "Allocated Team": rng.choice(TEAMS.get(number, ["Locality Team"])),
                      "Allocated Worker": _worker(rng)}
            sheet.append([common.get(h, values.get(h)) for h in headers])
    book.save(path)
    return path


def _row(rng: random.Random, number: int, as_at: dt.date, period: dt.date,
         born: dt.date) -> dict[str, Any]:
    def when(days_back: int, *, blank: float = 0.0) -> Any:
        if rng.random() < blank:
            return None
        return _messy_date(rng, as_at - dt.timedelta(days=rng.randrange(1, max(days_back, 2))))

    yes_no = lambda p: "a) Yes" if rng.random() < p else "b) No"  # noqa: E731
    if number == 1:
        return {"Date of Contact": when(182), "Contact Source": rng.choice(
            ["q) 6: Police", "e) 2A: Schools", "g) 3A: Health services", "s) 8: Other"])}
    if number == 2:
        start = _day(rng, period, as_at)
        return {"Assessment start date": _messy_date(rng, start),
                "Assessment completion date": _messy_date(rng, start + dt.timedelta(
                    days=rng.randrange(10, 60))) if rng.random() < 0.7 else None,
                "Organisation completing assessment": "Early Help Hub"}
    if number == 3:
        return {"Date of referral": when(182), "Referral Source": rng.choice(
            ["q) 6: Police", "e) 2A: Schools", "g) 3A: Health services"]),
                "Referral NFA?": yes_no(0.12),
                "Number of Referrals in Last 12 Months": rng.choice([1, 1, 1, 1, 2, 2, 3])}
    if number == 4:
        start = _day(rng, period, as_at)
        end = start + dt.timedelta(days=rng.randrange(15, 80))
        return {"Continuous Assessment Start Date": _messy_date(rng, start),
                "Child Seen During Continuous Assessment": yes_no(0.93),
                "Continuous Assessment Date of Authorisation":
                    _messy_date(rng, end) if end <= as_at else None}
    if number == 5:
        start = _day(rng, period, as_at)
        icpc = start + dt.timedelta(days=rng.randrange(7, 30)) if rng.random() < 0.45 else None
        return {"Strategy discussion initiating Section 47 Enquiry Start Date":
                    _messy_date(rng, start),
                "Date of Initial Child Protection Conference":
                    _messy_date(rng, icpc) if icpc and icpc <= as_at else None,
                "Did the Initial Child Protection Conference Result in a Child Protection Plan":
                    yes_no(0.85) if icpc else None,
                "Number of Section 47 Enquiries in the last 12 months": rng.choice([1, 1, 1, 2])}
    if number == 6:
        return {"CIN Start Date": when(900), "Date Child Was Last Seen": when(80),
                "Case Status": "c) Child in need plan", "Primary Need Code": "N1 - Abuse or neglect"}
    if number == 7:
        start = as_at - dt.timedelta(days=rng.randrange(20, 900))
        return {"Child Protection Plan Start Date": _messy_date(rng, start),
                "Date of the Last Statutory Visit": when(25),
                "Was the Child Seen Alone?": yes_no(0.7),
                "Date of latest review conference": when(200, blank=0.15),
                "Number of Previous Child Protection Plans": rng.choice([0, 0, 0, 1, 2])}
    if number == 8:
        start = max(born, as_at - dt.timedelta(days=rng.randrange(60, 3000)))
        missing = rng.choice([0] * 8 + [1, 2, 5])
        offered = yes_no(0.8) if missing else None
        return {"Date Started to be Looked After": _messy_date(rng, start),
                "Date of Latest Statutory Review": when(200),
                "Date of Last Social Work Visit": when(55),
                "Date of Last IRO Visit / Contact to the Child": when(120),
                "Date of Last Health Assessment": when(420),
                "Date of Last Dental Check": when(450, blank=0.05),
                "Number of Placements in the Last 12 months": rng.choice([1, 1, 1, 1, 2, 3, 4]),
                "Start Date of Most Recent Placement": _messy_date(
                    rng, start + dt.timedelta(days=rng.randrange(0, max((as_at - start).days, 1)))),
                "Placement postcode": f"WV{rng.randrange(1, 20)} {rng.randrange(1, 9)}ZZ",
                "Placement Provider": "b) PR1: Own provision",
                "Number of Episodes the Child has been 'Missing' from their Placement in the "
                "last 12 months": missing,
                "Was the child offered a Return Interview after their last missing episode "
                "(Y/N)?": offered,
                "Did the child accept a Return Interview after their last missing episode "
                "(Y/N)?": yes_no(0.6) if offered == "a) Yes" else None}
    if number == 9:
        return {"Eligibility Category": "b) Former relevant child",
                "Allocated Personal Advisor": _worker(rng),
                "Latest Pathway Plan Review Date": when(240),
                "LA in Touch": rng.choice(["a) Yes"] * 9 + ["b) No"]),
                "Latest Date of Contact": when(90),
                "Suitability of Accommodation": rng.choice(["a) Suitable"] * 9 + ["b) Unsuitable"]),
                "Activity Status": rng.choice(["F1: Full time in higher education",
                                               "F3: Full time in training or employment",
                                               "P2: Part time in education other than higher",
                                               "G5: Not in education, employment or training - "
                                               "other"])}
    entered = as_at - dt.timedelta(days=rng.randrange(300, 900))
    return {"Date the Child Entered Care": _messy_date(rng, entered),
            "Date of Decision that Child Should be Placed for Adoption":
                _messy_date(rng, entered + dt.timedelta(days=120)),
            "Date Placed for Adoption": _messy_date(rng, entered + dt.timedelta(
                days=rng.randrange(250, 500)))}


def add_demo_returns(workspace: Workspace, today: dt.date) -> None:
    """Import two synthetic returns six months apart into a demo workspace."""
    from .annex_a import import_return, read_return

    with tempfile.TemporaryDirectory() as name:
        for months, seed in ((6, 1), (0, 1)):
            as_at = today - dt.timedelta(days=30 * months + 14)
            path = write_synthetic_return(Path(name) / f"annex-a-{as_at}.xlsx", as_at, seed=seed)
            import_return(workspace, read_return(workspace, [path], as_at))
