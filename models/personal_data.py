"""Warns when free text looks like it holds a child's or family's personal data."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from stdnum.gb import nhs as _stdnum_nhs
from stdnum.gb import upn as _stdnum_upn


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
        text: The matching text. Shown to the user in the workspace only: nothing
            written outside the workspace may print it (see ``models.privacy``).
    """

    kind: PersonalDataKind
    start: int
    end: int
    text: str

    @property
    def message(self) -> str:
        return f"Possible personal data ({self.kind.value}): \u201c{self.text}\u201d"


_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_NHS = re.compile(r"(?<![\w-])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\w-])")
# A permanent UPN is a check letter and 12 digits; a temporary one ends in a letter.
_UPN = re.compile(r"(?<![\w-])[A-Za-z]\d{11}[A-Za-z\d](?![\w-])")
_NI = re.compile(
    r"(?<![\w-])(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
    r" ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![\w-])",
    re.IGNORECASE,
)
_POSTCODE = re.compile(
    r"(?<![\w-])(?:GIR ?0AA|[A-PR-UWYZ](?:\d[A-HJKPSTUW\d]?|[A-HK-Y]\d[ABEHMNPRV-Y\d]?)"
    r" ?\d[ABD-HJLNP-UW-Z]{2})(?![\w-])",
    re.IGNORECASE,
)
_DATE = (
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}"
    r"|(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?(?:\s+of)?\s+" + _MONTH + r"\.?,?\s+\d{2,4}"
    r"|" + _MONTH + r"\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|\d{4}-\d{2}-\d{2})"
)
_DOB = re.compile(
    r"(?:\bd\.?\s?o\.?\s?b\b\.?|\bdate\s+of\s+birth|\bborn(?:\s+on)?|\bbirthday)"
    r"\s*(?:is|was|:|-|=)?\s*(" + _DATE + ")",
    re.IGNORECASE,
)
_PHONE = re.compile(
    r"(?<![\w+])(?:\+44\s?(?:\(0\)\s?)?\d(?:[ -]?\d){8,9}"
    r"|\(0\d{2,4}\)\s?\d{3,4}[ -]?\d{3,4}"
    r"|0\d(?:[ -]?\d){8,9})(?!\d)"
)
_MAY_HOLD = re.compile(r"[\d@]")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def is_valid_nhs_number(digits: str) -> bool:
    """True when ten digits pass the NHS number modulus-11 check (python-stdnum)."""
    return len(digits) == 10 and digits.isdigit() and _stdnum_nhs.is_valid(digits)


def is_valid_upn(text: str) -> bool:
    """True when a unique pupil number's check letter is right.

    The check letter is computed with python-stdnum. Only the letter is checked, not
    the local authority part, so a UPN issued by an authority created after
    python-stdnum's list was made is still recognised.
    """
    number = text.strip().upper()
    if len(number) != 13 or not number[1:12].isdigit():
        return False
    return _stdnum_upn.calc_check_digit(number[1:]) == number[0]


def _normal(text: str) -> str:
    return re.sub(r"[\s()\-+]", "", text).lower()


#: Published contacts of national bodies that appear in documents pasted in
#: (every Ofsted report ends with Ofsted's and The National Archives' details).
NATIONAL_CONTACTS = (
    "enquiries@ofsted.gov.uk", "0300 123 1231", "0161 618 8524", "M1 2WD",
    "psi@nationalarchives.gsi.gov.uk", "TW9 4DU",
)


@dataclass(frozen=True)
class PublicContacts:
    """The authority's own public contacts, never flagged (office postcodes, switchboard,
    generic mailboxes such as mash@council.gov.uk).

    Built from one line per contact in the authority profile.
    """

    values: frozenset[str] = frozenset()

    @classmethod
    def from_text(cls, text: str | None) -> PublicContacts:
        found: set[str] = set()
        for line in [*NATIONAL_CONTACTS, *re.split(r"[\n;,]", text or "")]:
            value = _normal(line)
            if value:
                found.add(value)
                if value.startswith("44"):
                    found.add("0" + value[2:].removeprefix("0"))
        return cls(frozenset(found))

    def covers(self, text: str) -> bool:
        value = _normal(text)
        if value.startswith("44"):
            value = "0" + value[2:].removeprefix("0")
        return value in self.values


#: Only the national bodies' contacts: what is passed over when no profile is at hand.
NO_CONTACTS = PublicContacts.from_text("")


def scan(text: str, public: PublicContacts = NO_CONTACTS) -> list[PersonalDataWarning]:
    """Find stretches of text that look like personal data, in text order.

    Ordinary dates in prose ("as at 31 March 2025") and record references
    (E-014, MV4-FD-07) are not flagged; a date counts only after words such as
    "DOB" or "born". Ten-digit numbers are flagged as NHS numbers only when the
    check digit is right, UPNs only when the check letter is. The authority's own
    public contacts (``public``) are never flagged.
    """
    if not _MAY_HOLD.search(text):
        return []  # every kind needs a digit or an @: most prose is cleared here
    found: list[PersonalDataWarning] = []
    taken: list[tuple[int, int]] = []

    def add(kind: PersonalDataKind, start: int, end: int) -> None:
        if any(start < e and s < end for s, e in taken):
            return
        taken.append((start, end))
        if kind in (PersonalDataKind.EMAIL, PersonalDataKind.PHONE, PersonalDataKind.POSTCODE) \
                and public.covers(text[start:end]):
            return
        found.append(PersonalDataWarning(kind, start, end, text[start:end]))

    for m in _EMAIL.finditer(text):
        add(PersonalDataKind.EMAIL, m.start(), m.end())
    for m in _DOB.finditer(text):
        add(PersonalDataKind.DATE_OF_BIRTH, m.start(1), m.end(1))
    for m in _NHS.finditer(text):
        if is_valid_nhs_number("".join(m.groups())):
            add(PersonalDataKind.NHS_NUMBER, m.start(), m.end())
    for m in _UPN.finditer(text):
        if is_valid_upn(m.group()):
            add(PersonalDataKind.UPN, m.start(), m.end())
    for m in _NI.finditer(text):
        add(PersonalDataKind.NI_NUMBER, m.start(), m.end())
    for m in _PHONE.finditer(text):
        add(PersonalDataKind.PHONE, m.start(), m.end())
    for m in _POSTCODE.finditer(text):
        add(PersonalDataKind.POSTCODE, m.start(), m.end())
    found.sort(key=lambda w: w.start)
    return found


def kinds_in(warnings: Iterable[PersonalDataWarning]) -> tuple[PersonalDataKind, ...]:
    """The distinct kinds among warnings, in the order first seen."""
    return tuple(dict.fromkeys(w.kind for w in warnings))
