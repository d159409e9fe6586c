"""The one way VisitReady writes and reads a date on screen: UK style, 31/03/2026."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

#: How every date reads in the app's lists, editors and messages.
FORMAT = "%d/%m/%Y"
#: What a date box asks for, and an example for messages.
HINT = "DD/MM/YYYY"
EXAMPLE = "31/03/2026"

_UK = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def show(value: dt.date | None) -> str:
    """A date as the app shows it ("" for none)."""
    return "" if value is None else value.strftime(FORMAT)


def looks_like_date(text: str) -> bool:
    """True when text has the shape of a date (UK style, or ISO as older files carry)."""
    return bool(_UK.match(text.strip()) or _ISO.match(text.strip()))


def read(text: str) -> dt.date:
    """A typed date: UK style (31/03/2026), or ISO (2026-03-31) as spreadsheets give it.

    Raises:
        ValueError: not a date of either shape, or no such day.
    """
    text = text.strip()
    match = _UK.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return dt.date(year, month, day)
    match = _ISO.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return dt.date(year, month, day)
    raise ValueError(f"{text!r} is not a date")


@cache
def bank_holidays(year: int) -> tuple[dt.date, ...]:
    """England's bank holidays that fall on a weekday, in a year (the ``holidays`` calendar)."""
    import holidays

    found = holidays.country_holidays("GB", subdiv="ENG", years=[year])
    return tuple(sorted(d for d in found if d.weekday() < 5))


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday and not an England bank holiday."""
    return day.weekday() < 5 and day not in bank_holidays(day.year)
