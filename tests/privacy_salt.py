"""A workspace salted with identifiers in every free-text field of every record kind."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from stdnum.gb import nhs

from models import entities as e
from models.records import KINDS, FieldType
from models.store import Workspace

TEXT_TYPES = (FieldType.TEXT, FieldType.LONG_TEXT)


def nhs_numbers(start: int = 9_000_000_000) -> Iterator[str]:
    """Checksum-valid NHS numbers, spaced as people write them (3 3 4)."""
    n = start
    while True:
        n += 1
        digits = str(n)
        if nhs.is_valid(digits):
            yield f"{digits[:3]} {digits[3:6]} {digits[6:]}"


def salt_workspace(ws: Workspace) -> tuple[int, dict[str, tuple[str, str]]]:
    """Fill every text field of a record of every kind with its own NHS number.

    Returns:
        The visit's id, and identifier -> (kind name, field name).
    """
    numbers = nhs_numbers()
    salted: dict[str, tuple[str, str]] = {}

    def salt(kind: str, base: dict[str, Any] | None = None) -> dict[str, Any]:
        values = dict(base or {})
        for spec in KINDS[kind].fields:
            if spec.type in TEXT_TYPES:
                number = next(numbers)
                salted[number] = (kind, spec.name)
                limit = spec.max_length(KINDS[kind].entity)
                values[spec.name] = (number if limit is not None and limit < 30
                                     else f"Text {number} here")
        return values

    today = dt.date.today()
    past = today - dt.timedelta(days=30)
    authority = ws.authority()
    ws.update(e.AuthorityProfile, authority.id, authority.version,
              **{k: v for k, v in salt("authority").items() if k != "public_contacts"})
    theme = ws.add_theme(**salt("theme", {"judgement": "The impact of leaders on social work "
                                          "practice with children and families",
                                          "rag_override": "Green"}))
    visit = ws.add_visit(**salt("visit", {"number": 4, "visit_type": "Monitoring visit",
                                          "status": "Planned", "themes": [theme.id],
                                          "start_date": today + dt.timedelta(days=14)}))
    evidence = ws.add(e.EvidenceItem, **salt("evidence", {
        "themes": [theme.id], "evidence_type": "Audit summary", "direction": "Strength",
        "status": "Approved", "include_in_pack": True, "review_date": past}))
    number = next(numbers)
    salted[number] = ("evidence", "attachment name")
    ws.attach_bytes(evidence.id, f"notes {number}.txt", b"plain text")
    for grade in ("Good", "Inadequate"):
        sample = ws.add(e.CaseSample, **salt("case_sample", {
            "visit_id": visit.id, "cohort": "Child in care", "selected_by": "Authority",
            "audit_type": "Full", "themes": [theme.id], "audit_date": past,
            "overall_grade": grade}))
        if grade == "Good":
            number = next(numbers)
            salted[number] = ("case_sample", "case action")
            ws.add_case_action(sample.id, f"Follow up {number}", past)
    finding = ws.add(e.Finding, **salt("finding", {
        "kind": "Area for improvement", "judgement": "Overall effectiveness",
        "latest_view": "Insufficient progress", "themes": [theme.id]}))
    ws.add(e.Action, **salt("action", {"findings": [finding.id], "status": "In progress",
                                        "due_date": past, "evidence": [evidence.id]}))
    ws.add(e.ChecklistItem, **salt("checklist_item", {
        "visit_id": visit.id, "theme_id": theme.id, "category": "Data", "status": "In progress",
        "due_date": past}))
    ws.add(e.IndicatorSnapshot, **salt("indicator", {
        "theme_id": theme.id, "value": 50.0, "direction_of_good": "Higher is better"}))
    return visit.id, salted
