"""The personal-data scanner: real identifiers are caught, ordinary prose is not."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest

from models.personal_data import PersonalDataKind as K
from models.personal_data import PublicContacts, is_valid_nhs_number, is_valid_upn, scan
from tests.models.personal_data_corpus import NEGATIVES, positives

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "domain" / "seeds"


@pytest.mark.parametrize("number", ["9434765919", "4010232137", "9990000018"])
def test_valid_nhs_numbers_pass_the_mod_11_check(number: str) -> None:
    assert is_valid_nhs_number(number)


@pytest.mark.parametrize("number", ["9434765918", "1234567890", "943476591", "94347659190", "abcdefghij"])
def test_invalid_nhs_numbers_fail_the_check(number: str) -> None:
    assert not is_valid_nhs_number(number)


@pytest.mark.parametrize(
    ("text", "kind", "found"),
    [
        ("NHS no. 943 476 5919 on file", K.NHS_NUMBER, "943 476 5919"),
        ("nhs 943-476-5919", K.NHS_NUMBER, "943-476-5919"),
        ("UPN B801200005001 from school", K.UPN, "B801200005001"),
        ("upn b801200005001", K.UPN, "b801200005001"),
        ("ni ab123456c on the form", K.NI_NUMBER, "ab123456c"),
        ("moved to sw1a 1aa", K.POSTCODE, "sw1a 1aa"),
        ("carer (01632) 960 002", K.PHONE, "(01632) 960 002"),
        ("d.o.b 03/04/2015", K.DATE_OF_BIRTH, "03/04/2015"),
        ("DoB: 3/5/15", K.DATE_OF_BIRTH, "3/5/15"),
        ("born on the 3rd of May 2015", K.DATE_OF_BIRTH, "the 3rd of May 2015"),
        ("dob 3/5/15", K.DATE_OF_BIRTH, "3/5/15"),
        ("NI number AB 12 34 56 C", K.NI_NUMBER, "AB 12 34 56 C"),
        ("NINO AB123456C", K.NI_NUMBER, "AB123456C"),
        ("moved to SW1A 1AA last week", K.POSTCODE, "SW1A 1AA"),
        ("lives near M1 1AE", K.POSTCODE, "M1 1AE"),
        ("DOB: 03/04/2015", K.DATE_OF_BIRTH, "03/04/2015"),
        ("born on 3 May 2012 in hospital", K.DATE_OF_BIRTH, "3 May 2012"),
        ("date of birth 2014-06-30", K.DATE_OF_BIRTH, "2014-06-30"),
        ("mum's mobile 07700 900123", K.PHONE, "07700 900123"),
        ("ring +44 7700 900123", K.PHONE, "+44 7700 900123"),
        ("email jo.bloggs@example.org.uk", K.EMAIL, "jo.bloggs@example.org.uk"),
    ],
)
def test_personal_data_is_found(text: str, kind: K, found: str) -> None:
    warnings = scan(text)
    assert [(w.kind, w.text) for w in warnings] == [(kind, found)]
    assert text[warnings[0].start:warnings[0].end] == found


@pytest.mark.parametrize(
    "text",
    [
        "Scorecard as at 31 March 2025 shows 97% of contacts decided within 24 hours.",
        "See E-014 and MV4-FD-07; action A-023 due 2026-12-01.",
        "Audit of 30 cases on 12/10/2026 found 28 with the right threshold.",
        "Reference 9434765918 is not an NHS number because the check digit is wrong.",
        "Agency rate down from 38% to 24%; caseload 19; 312 audits this year.",
        "Review conference held on 4 November 2026 with the family.",
        "QQ 12 34 56 C is the HMRC example and never issued.",
        "B123456789012 has the wrong check letter for a UPN.",
        *NEGATIVES,
    ],
)
def test_ordinary_prose_raises_no_alarm(text: str) -> None:
    assert scan(text) == []


def test_several_kinds_in_one_note_are_all_reported_in_order() -> None:
    text = "Call 07700 900123 or write to jo@example.org; lives at LS1 4AP."
    assert [w.kind for w in scan(text)] == [K.PHONE, K.EMAIL, K.POSTCODE]


def test_upn_check_letter_is_validated() -> None:
    assert is_valid_upn("B801200005001")
    assert not is_valid_upn("A801200005001")


def test_labelled_corpus_has_no_missed_identifier() -> None:
    lines = list(positives())
    per_kind = Counter(kind for _line, kind, _x in lines)
    assert set(per_kind) == set(K) and min(per_kind.values()) >= 100
    missed = [(line, kind) for line, kind, x in lines
              if [(w.kind, w.text) for w in scan(line)] != [(kind, x)]]
    assert missed == []


def test_the_authoritys_own_public_contacts_are_not_flagged() -> None:
    public = PublicContacts.from_text("HR4 0LE\n01432 260261\nMASH@herefordshire.gov.uk")
    text = "Front door: mash@herefordshire.gov.uk, (01432) 260261, Plough Lane, HR4 0LE."
    assert scan(text, public) == []
    assert [w.kind for w in scan(text)] == [K.EMAIL, K.PHONE, K.POSTCODE]
    # A child's details beside them are still found.
    assert [w.kind for w in scan(text + " Carer on 07700 900123.", public)] == [K.PHONE]


def test_seed_documents_raise_under_two_false_alarms_per_thousand_lines() -> None:
    if not SEEDS.is_dir() and not os.environ.get("CI"):
        pytest.skip("the seed documents are kept beside the repository (shared/domain/seeds)")
    # The profile of the council whose committee papers these are: its office and early help line.
    public = PublicContacts.from_text("HR4 0LE\n01432 260261")
    lines = [line for path in sorted(SEEDS.glob("*.txt"))
             for line in path.read_text(encoding="utf-8").splitlines()]
    alarms = [w for line in lines for w in scan(line, public)]
    assert len(lines) > 1000
    assert len(alarms) / len(lines) * 1000 < 2
