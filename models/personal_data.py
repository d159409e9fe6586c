"""Warns when free text looks like it holds a child's or family's personal data."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class PersonalDataKind(StrEnum):
    NHS_NUMBER = "NHS number"
    UPN = "Unique pupil number"
    NI_NUMBER = "National Insurance number"
    POSTCODE = "Postcode"
    DATE_OF_BIRTH = "Date of birth"
    PHONE = "Phone number"
    EMAIL = "Email address"


@dataclass(frozen=True)
class PersonalDataWarning:
    """One stretch of text that looks like personal data.

    Attributes:
        kind: What it looks like.
        start: Offset of the first character in the scanned text.
        end: Offset just past the last character.
        text: The matching text.
    """

    kind: PersonalDataKind
    start: int
    end: int
    text: str

    @property
    def message(self) -> str:
        return f"Possible personal data ({self.kind.value}): \u201c{self.text}\u201d"


_NHS = re.compile(r"(?<![\w-])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\w-])")
_UPN = re.compile(r"(?<![\w-])[A-Za-z]\d{12}(?![\w-])")
_NI = re.compile(
    r"(?<![\w-])(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
    r" ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![\w-])"
)
_POSTCODE = re.compile(
    r"(?<![\w-])(?:GIR ?0AA|[A-PR-UWYZ](?:\d[A-HJKPSTUW\d]?|[A-HK-Y]\d[ABEHMNPRV-Y\d]?)"
    r" ?\d[ABD-HJLNP-UW-Z]{2})(?![\w-])"
)
_DATE = (
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}"
    r"|\d{1,2}(?:st|nd|rd|th)? (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]* \d{4}"
    r"|\d{4}-\d{2}-\d{2})"
)
_DOB = re.compile(
    r"(?:\bd\.?o\.?b\.?|\bdate of birth|\bborn(?: on)?|\bbirthday)\s*(?:is|was|:|-)?\s*(" + _DATE + ")",
    re.IGNORECASE,
)
_PHONE = re.compile(r"(?<![\w+])(?:\+44 ?(?:\(0\) ?)?|0)\d(?:[ -]?\d){8,9}(?!\d)")
_MAY_HOLD = re.compile(r"[\d@]")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def is_valid_nhs_number(digits: str) -> bool:
    """True when ten digits pass the NHS number modulus-11 check.

    Each of the first nine digits is weighted 10 down to 2; the check digit is
    11 minus the remainder of the sum divided by 11 (11 becomes 0, 10 is never valid).
    """
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def scan(text: str) -> list[PersonalDataWarning]:
    """Find stretches of text that look like personal data, in text order.

    Ordinary dates in prose ("as at 31 March 2025") and record references
    (E-014, MV4-FD-07) are not flagged; a date counts only after words such as
    "DOB" or "born". Ten-digit numbers are flagged as NHS numbers only when the
    check digit is right.
    """
    if not _MAY_HOLD.search(text):
        return []  # every kind needs a digit or an @: most prose is cleared here
    found: list[PersonalDataWarning] = []
    taken: list[tuple[int, int]] = []

    def add(kind: PersonalDataKind, start: int, end: int) -> None:
        if any(start < e and s < end for s, e in taken):
            return
        taken.append((start, end))
        found.append(PersonalDataWarning(kind, start, end, text[start:end]))

    for m in _EMAIL.finditer(text):
        add(PersonalDataKind.EMAIL, m.start(), m.end())
    for m in _DOB.finditer(text):
        add(PersonalDataKind.DATE_OF_BIRTH, m.start(1), m.end(1))
    for m in _NHS.finditer(text):
        if is_valid_nhs_number("".join(m.groups())):
            add(PersonalDataKind.NHS_NUMBER, m.start(), m.end())
    for m in _UPN.finditer(text):
        add(PersonalDataKind.UPN, m.start(), m.end())
    for m in _NI.finditer(text):
        add(PersonalDataKind.NI_NUMBER, m.start(), m.end())
    for m in _PHONE.finditer(text):
        add(PersonalDataKind.PHONE, m.start(), m.end())
    for m in _POSTCODE.finditer(text):
        add(PersonalDataKind.POSTCODE, m.start(), m.end())
    found.sort(key=lambda w: w.start)
    return found
