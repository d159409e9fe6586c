"""Reading the messy cells of real Annex A extracts: dates, numbers, codes and IDs."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from .annex_a_spec import code_by_description, code_of, codes_for

#: Cell text that means "nothing here" in real extracts (ChAT treats "-" as blank too).
BLANKS = frozenset({"", "#n/a", "n/a", "na", "-", "--", "null", "none", "#value!", "#ref!"})

_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


class CellProblem(Exception):
    """A cell that cannot be read as its column needs."""


def clean_text(value: Any) -> str:
    """Cell text with non-breaking spaces and runs of spaces made single spaces."""
    if value is None:
        return ""
    text = str(value).replace("\u00a0", " ").replace("\u200b", "")
    if "  " in text or "\t" in text or "\n" in text:
        text = re.sub(r"\s+", " ", text)
    return text.strip()


def is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return clean_text(value).lower() in BLANKS
    return False


def read_date(value: Any) -> dt.date | None:
    """A date from an Excel date, an Excel serial number, ``dd/mm/yyyy`` or ISO text."""
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # Excel's serial dates, up to 9999-12-31
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise CellProblem("is not a date")
    text = clean_text(value)
    try:
        if match := _DMY.match(text):
            day, month, year = (int(g) for g in match.groups())
            return dt.date(year, month, day)
        if match := _ISO.match(text):
            year, month, day = (int(g) for g in match.groups())
            return dt.date(year, month, day)
    except ValueError:
        raise CellProblem("is not a real date") from None
    raise CellProblem("is not a date (write dd/mm/yyyy)")


def read_count(value: Any) -> int | None:
    """A whole number (counts of referrals, plans, placements, episodes)."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellProblem("is not a number")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise CellProblem("is not a whole number")
    text = clean_text(value)
    try:
        number = float(text)
    except ValueError:
        raise CellProblem("is not a number") from None
    if not number.is_integer():
        raise CellProblem("is not a whole number")
    return int(number)


def read_age(value: Any) -> float | None:
    """An age in years; fractions are allowed (some extracts hold 6.138…)."""
    if is_blank(value):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    try:
        return float(clean_text(value))
    except ValueError:
        raise CellProblem("is not an age") from None


def read_id(value: Any) -> str | None:
    """A child's ID as canonical text: ``7961370.0`` and ``7961370`` are one ID; zeros kept."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellProblem("is not an ID")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        raise CellProblem("is not an ID")
    text = clean_text(value).replace(" ", "")
    if re.fullmatch(r"\d+\.0+", text):
        text = text.split(".")[0]
    if "e+" in text.lower() and re.fullmatch(r"\d(\.\d+)?[eE]\+\d+", text):
        raise CellProblem("was turned into scientific notation; the ID is lost")
    return text


_YES_NO = {"y": "Yes", "yes": "Yes", "n": "No", "no": "No"}


def category_reader(header: str) -> Callable[[Any], str | None]:
    """A reader for a coded column: the short code, or a problem when it is not on the list."""
    accepted = codes_for(header)
    described = code_by_description(header)
    by_lower: dict[str, str] = {}

    def read(value: Any) -> str | None:
        if is_blank(value):
            return None
        text = clean_text(value)
        known = by_lower.get(text)
        if known is not None:
            return known
        code = code_of(text)
        lower = code.lower()
        if lower in _YES_NO and ("yes" in accepted or "no" in accepted):
            code = _YES_NO[lower]
            lower = code.lower()
        if accepted and lower not in accepted:
            if lower not in described:
                raise CellProblem("is not one of the expected codes")
            code = described[lower]
        by_lower[text] = code
        return code

    return read


def team_reader(value: Any) -> str | None:
    if is_blank(value):
        return None
    return clean_text(value)[:120]


def worker_reader(value: Any) -> bool | None:
    """Whether a worker is named; the name itself is never kept."""
    if is_blank(value):
        return False
    text = clean_text(value).lower()
    return text not in ("unallocated", "not allocated", "no worker", "none allocated")
