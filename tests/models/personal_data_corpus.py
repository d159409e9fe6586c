"""A labelled corpus for the personal-data scanner: identifiers of every kind, written the
ways people write them, and look-alikes that are not identifiers.

Numbers are checksum-valid (NHS numbers and UPN check letters from python-stdnum).
Built from a fixed seed, so every run tests the same lines.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from stdnum.gb import nhs, upn

from models.personal_data import PersonalDataKind as K

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
ORDINAL = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}
LA_CODES = [201, 202, 301, 330, 380, 800, 801, 850, 884, 886, 919, 935]
NI_FIRST = "ABCEGHJKLMNOPRSTWXYZ"
NI_SECOND = "ABCEGHJKLMNPRSTWXYZ"
SUFFIX_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def _nhs(r: random.Random) -> str:
    while True:
        digits = f"{r.randint(1_000_000_000, 9_999_999_999)}"
        if nhs.is_valid(digits):
            return r.choice([f"{digits[:3]} {digits[3:6]} {digits[6:]}", digits,
                             f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"])


def _upn(r: random.Random) -> str:
    body = (f"{r.choice(LA_CODES)}{r.randint(0, 9999):04d}{r.randint(0, 99):02d}"
            f"{r.randint(0, 999):03d}")
    if r.random() < 0.2:  # a temporary UPN ends in a letter
        body = body[:-1] + r.choice("ABCDEFGHJKLMNPQRTUVWXYZ")
    number = upn.calc_check_digit(body) + body
    return number.lower() if r.random() < 0.2 else number


def _ni(r: random.Random) -> str:
    while True:
        prefix = r.choice(NI_FIRST) + r.choice(NI_SECOND)
        if prefix not in ("BG", "GB", "KN", "NK", "NT", "TN", "ZZ") and prefix[0] not in "DFIQUV":
            break
    digits = f"{r.randint(0, 999_999):06d}"
    text = r.choice([f"{prefix} {digits[:2]} {digits[2:4]} {digits[4:]} {r.choice('ABCD')}",
                     f"{prefix}{digits}{r.choice('ABCD')}"])
    return text.lower() if r.random() < 0.3 else text


def _postcode(r: random.Random) -> str:
    area = r.choice(["M", "B", "L", "S", "LS", "HR", "SW", "NE", "BH", "TW", "CF", "EC", "W"])
    if area in ("EC", "W", "SW") and r.random() < 0.5:
        fourth = "ABCDEFGHJKPSTUW" if len(area) == 1 else "ABEHMNPRVWXY"
        district = f"{r.randint(1, 9)}{r.choice(fourth)}"
    else:
        district = str(r.randint(1, 29))
    inward = f"{r.randint(0, 9)}{r.choice(SUFFIX_LETTERS)}{r.choice(SUFFIX_LETTERS)}"
    text = f"{area}{district} {inward}"
    return text.lower() if r.random() < 0.3 else text


def _date(r: random.Random) -> str:
    day, month, year = r.randint(1, 28), r.randint(1, 12), r.randint(2005, 2024)
    name = MONTHS[month - 1]
    return r.choice([
        f"{day:02d}/{month:02d}/{year}", f"{day}/{month}/{str(year)[2:]}",
        f"{day} {name} {year}", f"the {day}{ORDINAL.get(day, 'th')} of {name} {year}",
        f"{day}{ORDINAL.get(day, 'th')} {name[:3]} {year}", f"{year}-{month:02d}-{day:02d}",
        f"{name} {day}, {year}", f"{day}.{month}.{year}",
    ])


def _phone(r: random.Random) -> str:
    return r.choice([
        f"(01632) {r.randint(100, 999)} {r.randint(100, 999)}",
        f"07700 {r.randint(900000, 900999)}", f"+44 7700 {r.randint(900000, 900999)}",
        f"+44 (0)20 7946 {r.randint(0, 9999):04d}", f"020 7946 {r.randint(0, 9999):04d}",
        f"(020) 7946 {r.randint(0, 9999):04d}", f"0113 496 {r.randint(0, 9999):04d}",
        f"01632{r.randint(100000, 999999)}", f"07700-900-{r.randint(100, 999)}",
    ])


def _email(r: random.Random) -> str:
    name = r.choice(["jo.bloggs", "sam", "a.n.other", "mum1985", "K.Smith+school", "dad_22"])
    domain = r.choice(["example.org", "example.co.uk", "mail.example.com", "EXAMPLE.NET"])
    return f"{name}@{domain}"


MAKERS = {K.NHS_NUMBER: _nhs, K.UPN: _upn, K.NI_NUMBER: _ni, K.POSTCODE: _postcode,
          K.PHONE: _phone, K.EMAIL: _email}
TEMPLATES = {
    K.NHS_NUMBER: ["NHS no. {x} on file", "nhs number: {x}", "Health record {x} checked",
                   "GP letter quotes {x}.", "({x})"],
    K.UPN: ["UPN {x} from school", "pupil number {x}", "School sent {x} with the referral"],
    K.NI_NUMBER: ["NI number {x}", "NINO: {x}", "Mum's national insurance {x} on the form"],
    K.POSTCODE: ["moved to {x} last week", "lives near {x}", "Address: 12 High St, {x}",
                 "placement in {x}."],
    K.PHONE: ["mum's mobile {x}", "ring {x} after 5", "Carer on {x}.", "tel {x}", "carer ({x})"],
    K.EMAIL: ["email {x}", "wrote to {x} on Monday", "contact: {x}"],
}
DOB_CUES = ["DOB: {x}", "d.o.b {x}", "DoB: {x}", "dob {x}", "born on {x}", "born {x}",
            "Date of birth: {x}", "date of birth is {x}", "D.O.B. {x}", "birthday {x}",
            "DOB - {x}"]


def positives(per_kind: int = 120, seed: int = 20261124) -> Iterator[tuple[str, K, str]]:
    """(line, kind, the identifier as written in the line)."""
    r = random.Random(seed)
    for kind, make in MAKERS.items():
        for i in range(per_kind):
            x = make(r)
            yield TEMPLATES[kind][i % len(TEMPLATES[kind])].format(x=x), kind, x
    for i in range(per_kind):
        x = _date(r)
        yield DOB_CUES[i % len(DOB_CUES)].format(x=x), K.DATE_OF_BIRTH, x


NEGATIVES = [
    "Scorecard as at 31 March 2025 shows 97% of contacts decided within 24 hours.",
    "See E-014 and MV4-FD-07; action A-023 due 2026-12-01.",
    "Audit of 30 cases on 12/10/2026 found 28 with the right threshold.",
    "Reference 9434765918 is not an NHS number because the check digit is wrong.",
    "Agency rate down from 38% to 24%; caseload 19; 312 audits this year.",
    "Review conference held on 4 November 2026 with the family.",
    "QQ 12 34 56 C is the HMRC example and never issued.",
    "s47 enquiries rose by 12% in 2024/25; 1,234 contacts in Q3.",
    "Budget of £1,250,000 agreed at cabinet on 21 January 2025.",
    "Visit 4 on 8-9 December 2026; 2 HMI on site from 09:30.",
    "Case list CP-2024-001 to CP-2024-045 shared with the team.",
    "Born into care? No: the cohort is children aged 0 to 5.",
    "Z123456789012 fails its check letter and is not a UPN.",
    "Page 12 of 40; version 3.2.1; build 20261124.",
    "The plan runs 2025-2027 with 6 monitoring visits.",
    "Phone the MASH on the usual number; email the team inbox.",
    "Children aged 10-15 made up 45% of the 1,002 referrals.",
    "Figures to 30/09/2026 compared with England (23.4) and neighbours (21.9).",
]
