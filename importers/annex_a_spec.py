"""The Annex A lists: their columns, how headings drift, and what VisitReady keeps of each column.

The column list (types and code lists) is liia-tools' Annex A schema, kept as data in
``resources/annex_a_columns.json``. What is kept, transformed or dropped is decided here,
once, and read by the importer, the import preview and docs/data-protection.md.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources


class Treatment(StrEnum):
    """What happens to a column's values on import."""

    KEPT = "kept"
    TRANSFORMED = "transformed"
    DROPPED = "dropped"


@dataclass(frozen=True)
class ColumnSpec:
    """One Annex A column.

    Attributes:
        header: Ofsted's heading.
        type: ``string``, ``date``, ``numeric`` or ``category``.
        codes: The code list of a category column, as printed (``a) Yes``).
        required: Ofsted marks it required.
        field: The name VisitReady stores a kept value under ("" when dropped).
        treatment: Kept, transformed or dropped.
        why: The reason, shown in the import preview.
    """

    header: str
    type: str
    codes: tuple[str, ...]
    required: bool
    field: str
    treatment: Treatment
    why: str


@dataclass(frozen=True)
class ListSpec:
    """One Annex A list: number, name and columns."""

    number: int
    name: str
    columns: tuple[ColumnSpec, ...]

    @property
    def title(self) -> str:
        return f"List {self.number}: {self.name}"

    @property
    def specific(self) -> tuple[ColumnSpec, ...]:
        """Columns that tell this list from the others (not the columns every list has)."""
        return tuple(c for c in self.columns if c.header not in COMMON_HEADERS)


LIST_NAMES = {
    1: "Contacts", 2: "Early help", 3: "Referrals", 4: "Assessments",
    5: "Section 47 enquiries and ICPCs", 6: "Children in need", 7: "Child protection",
    8: "Children in care", 9: "Care leavers", 10: "Adoption", 11: "Adopters",
}

#: Columns most lists share; they never decide which list a sheet is.
COMMON_HEADERS = frozenset({
    "Child Unique ID", "Individual adopter identifier", "Gender", "Ethnicity", "Date of Birth",
    "Age of Child (Years)", "Does the Child have a Disability", "Disability", "Allocated Team",
    "Allocated Worker", "Family identifier",
})

_KEY = "keyed hash (HMAC-SHA256 with the workspace's secret); the ID itself is never stored"
_BAND = "age band at the return's as-at date; the date of birth is never stored"
_AGE = "used for the age band only when the date of birth is blank, then dropped"
_WORKER = "stored only as allocated yes/no; names are never stored"
_NAME = "names, addresses, postcodes and provider details are not needed for any figure"
_NOT_NEEDED = "no figure or sample stratum uses it"

#: header -> (field, treatment, why). Anything not named here is dropped as not needed.
_TREATMENT: dict[str, tuple[str, Treatment, str]] = {
    "Child Unique ID": ("child_key", Treatment.TRANSFORMED, _KEY),
    "Individual adopter identifier": ("child_key", Treatment.TRANSFORMED, _KEY),
    "Date of Birth": ("age_band", Treatment.TRANSFORMED, _BAND),
    "Age of Child (Years)": ("age", Treatment.TRANSFORMED, _AGE),
    "Gender": ("gender", Treatment.KEPT, "a sampling stratum and balance check"),
    "Ethnicity": ("ethnicity", Treatment.KEPT, "a sampling stratum (major group) and data quality"),
    "Does the Child have a Disability": ("disability", Treatment.KEPT, "a sampling stratum"),
    "Allocated Team": ("team", Treatment.KEPT, "a sampling stratum; teams are not people"),
    "Allocated Worker": ("allocated", Treatment.TRANSFORMED, _WORKER),
    "Allocated Personal Advisor": ("pa_allocated", Treatment.TRANSFORMED, _WORKER),
    "Placement postcode": ("", Treatment.DROPPED, _NAME),
    "Placement Provider": ("", Treatment.DROPPED, _NAME),
    "URN of Placement": ("", Treatment.DROPPED, _NAME),
    "LA of Placement": ("", Treatment.DROPPED, _NAME),
    "Organisation completing assessment": ("", Treatment.DROPPED, _NAME),
    "Family identifier": ("", Treatment.DROPPED, "identifies a family; no figure needs it"),
    # List 1
    "Date of Contact": ("contact_date", Treatment.KEPT, "contacts in the period"),
    "Contact Source": ("source", Treatment.KEPT, "source mix"),
    # List 2
    "Assessment start date": ("eh_start", Treatment.KEPT, "early help volume"),
    "Assessment completion date": ("eh_end", Treatment.KEPT, "early help timeliness"),
    # List 3
    "Date of referral": ("referral_date", Treatment.KEPT, "referrals in the period"),
    "Referral Source": ("source", Treatment.KEPT, "source mix"),
    "Referral NFA?": ("nfa", Treatment.KEPT, "NFA rate"),
    "Number of Referrals in Last 12 Months": ("referrals_12m", Treatment.KEPT, "re-referrals"),
    # List 4
    "Continuous Assessment Start Date": ("assessment_start", Treatment.KEPT, "45 working days"),
    "Child Seen During Continuous Assessment": ("child_seen", Treatment.KEPT, "child seen"),
    "Continuous Assessment Date of Authorisation": ("assessment_end", Treatment.KEPT,
                                                    "45 working days"),
    # List 5
    "Strategy discussion initiating Section 47 Enquiry Start Date": (
        "strategy_date", Treatment.KEPT, "ICPC within 15 working days"),
    "Was an Initial Child Protection Conference deemed unnecessary?": (
        "icpc_unnecessary", Treatment.KEPT, "S47 to ICPC"),
    "Date of Initial Child Protection Conference": ("icpc_date", Treatment.KEPT,
                                                    "ICPC within 15 working days"),
    "Did the Initial Child Protection Conference Result in a Child Protection Plan": (
        "icpc_plan", Treatment.KEPT, "ICPC to plan"),
    "Number of Section 47 Enquiries in the last 12 months": ("s47_12m", Treatment.KEPT,
                                                             "repeat S47"),
    # List 6
    "CIN Start Date": ("cin_start", Treatment.KEPT, "duration"),
    "Date Child Was Last Seen": ("last_seen", Treatment.KEPT, "children not seen recently"),
    "CIN Closure Date": ("cin_end", Treatment.KEPT, "open or closed"),
    "Case Status": ("case_status", Treatment.KEPT, "open or closed"),
    # List 7
    "Child Protection Plan Start Date": ("cp_start", Treatment.KEPT, "plans open 2 years"),
    "Date of the Last Statutory Visit": ("last_visit", Treatment.KEPT, "visits overdue"),
    "Was the Child Seen Alone?": ("seen_alone", Treatment.KEPT, "seen alone"),
    "Date of latest review conference": ("last_review", Treatment.KEPT, "reviews overdue"),
    "Child Protection Plan End Date": ("cp_end", Treatment.KEPT, "open or ended"),
    "Number of Previous Child Protection Plans": ("previous_plans", Treatment.KEPT,
                                                  "second or subsequent plans"),
    # List 8
    "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)": (
        "uasc", Treatment.KEPT, "a sampling filter"),
    "Date Started to be Looked After": ("cla_start", Treatment.KEPT, "long-term stability"),
    "Date of Latest Statutory Review": ("last_review", Treatment.KEPT, "reviews overdue"),
    "Date of Last Social Work Visit": ("last_visit", Treatment.KEPT, "visits overdue"),
    "Date of Last IRO Visit / Contact to the Child": ("last_iro", Treatment.KEPT, "IRO contact"),
    "Date of Last Health Assessment": ("last_health", Treatment.KEPT, "health assessments"),
    "Date of Last Dental Check": ("last_dental", Treatment.KEPT, "dental checks"),
    "Number of Placements in the Last 12 months": ("placements_12m", Treatment.KEPT,
                                                   "short-term stability"),
    "Date Ceased to be Looked After": ("cla_end", Treatment.KEPT, "in care now or not"),
    "Start Date of Most Recent Placement": ("placement_start", Treatment.KEPT,
                                            "long-term stability"),
    "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months": (
        "missing_12m", Treatment.KEPT, "missing episodes"),
    "Was the child offered a Return Interview after their last missing episode (Y/N)?": (
        "rhi_offered", Treatment.KEPT, "return interviews offered"),
    "Did the child accept a Return Interview after their last missing episode (Y/N)?": (
        "rhi_accepted", Treatment.KEPT, "return interviews accepted"),
    # List 9
    "Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)": (
        "uasc", Treatment.KEPT, "a sampling filter"),
    "Eligibility Category": ("eligibility", Treatment.KEPT, "care leaver status"),
    "Latest Pathway Plan Review Date": ("last_review", Treatment.KEPT, "pathway plans overdue"),
    "LA in Touch": ("in_touch", Treatment.KEPT, "in touch"),
    "Latest Date of Contact": ("last_contact", Treatment.KEPT, "contact recency"),
    "Suitability of Accommodation": ("suitable", Treatment.KEPT, "suitable accommodation"),
    "Activity Status": ("activity", Treatment.KEPT, "education, employment or training"),
    # List 10
    "Date the Child Entered Care": ("entered_care", Treatment.KEPT, "adoption timeliness"),
    "Date of Decision that Child Should be Placed for Adoption": (
        "adm_decision", Treatment.KEPT, "adoption timeliness"),
    "Date of Placement Order": ("placement_order", Treatment.KEPT, "adoption timeliness"),
    "Date of Matching Child and Prospective Adopters": ("matched", Treatment.KEPT,
                                                        "adoption timeliness"),
    "Date Placed for Adoption": ("placed", Treatment.KEPT, "adoption timeliness"),
    "Date of Adoption Order": ("adoption_order", Treatment.KEPT, "adoption timeliness"),
    # List 11
    "Date enquiry received": ("enquiry", Treatment.KEPT, "adopter timeliness"),
    "Date application approved": ("approved", Treatment.KEPT, "adopter timeliness"),
}

#: Headings written differently from Ofsted's wording in real files (after normalising).
_ALIASES = {
    "age": "Age of Child (Years)",
    "age (years)": "Age of Child (Years)",
    "age of child": "Age of Child (Years)",
    "child id": "Child Unique ID",
    "child unique identifier": "Child Unique ID",
    "dob": "Date of Birth",
}

#: Known misspellings, corrected before comparing.
_SPELLING = {
    "eligibity": "eligibility",
    "accomodation": "accommodation",
    "adviser": "advisor",
}

#: liia-tools' fuzzy patterns that are safe to use (``.*age.*`` would match "Stage" and is not).
_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"child.*(unique)?.*id", "Child Unique ID"),
    (r"date.*birth", "Date of Birth"),
    (r"number of episodes the child has been.*missing.*last 12 months",
     "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months"),
    (r"number of episodes the child has been.*absent.*last 12 months",
     "Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months"),
    (r"unaccompanied asylum seeking child.*within the last 12 months",
     "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)"),
    (r"unaccompanied asylum seeking child.*formerly",
     "Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)"),
    (r"subject to emergency protection order",
     "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months "
     "(Y/N)"),
    (r"was the child assessed.*social care support",
     "Was the child assessed as requiring LA children's social care support?"),
    (r"child.*category of need", "Child's Category of Need"),
    (r"child.*legal status", "Child's Legal Status"),
    (r"second or subsequent .* of being a looked after child",
     "Is this a second or subsequent period of being a Looked After Child within the last 12 "
     "months (Y/N)"),
)

#: Words that mark the area SEND inspections' "Annex A", which is a different return.
SEND_MARKERS = re.compile(r"\b(ehc|ehcp|ehc plan|sen support|sen2|send|education, health and care)\b")

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                         "\u00a0": " ", "\u2013": "-", "\u2014": "-"})


def normalise_header(text: object) -> str:
    """A heading as compared: case, spacing, curly quotes, doubled brackets and spellings ironed out."""
    value = unicodedata.normalize("NFKC", str(text or "")).translate(_QUOTES).lower()
    value = re.sub(r"\s+", " ", value).strip()
    value = re.sub(r"\)+", ")", value)
    for wrong, right in _SPELLING.items():
        value = value.replace(wrong, right)
    return value


@cache
def lists() -> dict[int, ListSpec]:
    """Every Annex A list, by number."""
    text = resources.files("resources").joinpath("annex_a_columns.json").read_text("utf-8")
    raw = json.loads(text)["lists"]
    found: dict[int, ListSpec] = {}
    for name, columns in raw.items():
        number = int(name.split()[-1])
        specs = []
        for column in columns:
            header = column["header"]
            field, treatment, why = _TREATMENT.get(header, ("", Treatment.DROPPED, _NOT_NEEDED))
            specs.append(ColumnSpec(header, column["type"], tuple(column.get("codes", ())),
                                    bool(column.get("required", False)), field, treatment, why))
        found[number] = ListSpec(number, LIST_NAMES[number], tuple(specs))
    return found


@cache
def _canonical() -> dict[str, str]:
    """Normalised heading -> Ofsted's heading, over every list."""
    table = {normalise_header(c.header): c.header for spec in lists().values() for c in spec.columns}
    for alias, header in _ALIASES.items():
        table.setdefault(alias, header)
    return table


def match_header(text: object) -> str | None:
    """Ofsted's heading that a heading in a file stands for, or None."""
    value = normalise_header(text)
    if not value:
        return None
    exact = _canonical().get(value)
    if exact is not None:
        return exact
    for pattern, header in _PATTERNS:
        if re.search(pattern, value):
            return header
    return None


def code_of(value: str) -> str:
    """The code a category value stands for: ``a) Yes`` -> ``Yes``, ``q) 6: Police`` -> ``6``.

    Letter prefixes drift between tools (``s) NOBT`` or ``t) NOBT``), so they are ignored; a
    value with a short code before ``:`` or `` - `` (``G5: Not in …``, ``N1 - Abuse …``) is
    reduced to that code.
    """
    text = re.sub(r"\s+", " ", value.replace("\u00a0", " ")).strip()
    text = re.sub(r"^[a-z]{1,2}\d?\)\s*", "", text)
    head = re.match(r"^([A-Za-z]{0,4}\d{1,2}[A-Za-z]?)\s*(:|-)\s", text)
    if head:
        return head.group(1).upper()
    return text


@cache
def codes_for(header: str) -> frozenset[str]:
    """The codes (lower case) a category column accepts."""
    for spec in lists().values():
        for column in spec.columns:
            if column.header == header and column.codes:
                return frozenset(code_of(c).lower() for c in column.codes)
    return frozenset()


@cache
def code_by_description(header: str) -> dict[str, str]:
    """Lower-case description -> code, for descriptions that name one code only.

    Some extracts hold ``Police`` where the list says ``q) 6: Police``.
    """
    found: dict[str, set[str]] = {}
    for spec in lists().values():
        for column in spec.columns:
            if column.header != header:
                continue
            for printed in column.codes:
                code = code_of(printed)
                rest = re.sub(r"^[a-z]{1,2}\d?\)\s*", "", printed)
                description = re.split(r":\s|\s-\s", rest, maxsplit=1)[-1].strip().lower()
                if description and description != code.lower():
                    found.setdefault(description, set()).add(code)
    return {d: next(iter(c)) for d, c in found.items() if len(c) == 1}
