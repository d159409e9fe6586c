"""The personal-data scanner: real identifiers are caught, ordinary prose is not."""

from __future__ import annotations

import pytest

from models.personal_data import PersonalDataKind as K
from models.personal_data import is_valid_nhs_number, scan


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
        ("UPN A123456789012 from school", K.UPN, "A123456789012"),
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
    ],
)
def test_ordinary_prose_raises_no_alarm(text: str) -> None:
    assert scan(text) == []


def test_several_kinds_in_one_note_are_all_reported_in_order() -> None:
    text = "Call 07700 900123 or write to jo@example.org; lives at LS1 4AP."
    assert [w.kind for w in scan(text)] == [K.PHONE, K.EMAIL, K.POSTCODE]
