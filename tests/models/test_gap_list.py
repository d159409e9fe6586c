"""The "what is missing" list from readiness by SQL: messages written when read, the same as
the formula's."""

from __future__ import annotations

import datetime as dt
from typing import Any

from models import entities as e
from models.gap_list import GapList
from models.personal_data import NO_CONTACTS, PublicContacts
from models.privacy.export_rule import NOT_SHOWN
from models.readiness import Gap, GapKind, Shorten, action_overdue_gap, assess
from models.readiness_sql import assess_visit
from models.store import Workspace

TODAY = dt.date(2026, 11, 22)


class Counting:
    """A gap function that counts the messages it writes."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, short: Shorten, *row: Any) -> Gap:
        self.calls += 1
        return action_overdue_gap(short, *row)


def rows(n: int) -> list[tuple[int, str, dt.date, str, str]]:
    return [(i, f"A-{i:03d}", TODAY - dt.timedelta(days=1), "Lead", f"Action {i}")
            for i in range(1, n + 1)]


def test_each_message_is_written_when_its_row_is_read_and_only_once() -> None:
    make = Counting()
    gaps = GapList([(make, row) for row in rows(1000)], NO_CONTACTS)
    assert len(gaps) == 1000 and make.calls == 0  # a count needs no message
    assert gaps[999].message == "A-1000 was due on 21 Nov 2026 (Lead): Action 1000"
    assert gaps[-1] is gaps[999] and make.calls == 1
    assert [g.record_ref for g in gaps[:3]] == ["A-001", "A-002", "A-003"]
    assert make.calls == 4


def test_lists_read_from_the_same_rows_are_equal_without_writing_a_message() -> None:
    make = Counting()
    same = [GapList([(make, row) for row in rows(500)], NO_CONTACTS) for _ in range(2)]
    assert same[0] == same[1] and make.calls == 0
    moved = rows(500)
    moved[250] = (251, "A-251", TODAY, "Lead", "Action 251")
    assert same[0] != GapList([(make, row) for row in moved], NO_CONTACTS)
    # The authority's public contacts change what a message may quote: written to compare.
    other = PublicContacts.from_text("Lead")
    assert same[0] == GapList([(make, row) for row in rows(500)], other)
    assert make.calls > 0


def test_quoted_text_that_looks_personal_is_not_shown_when_the_message_is_written(
        workspace: Workspace) -> None:
    finding = workspace.add(e.Finding, text="Finding", kind="Area for improvement",
                            judgement="The experiences and progress of children in care",
                            latest_view="Not yet reviewed")
    workspace.add(e.Action, description="Call mum on 07700 900123", owner="Lead",
                  due_date=TODAY - dt.timedelta(days=3), status="Not started",
                  findings=[finding.id])
    visit = workspace.add_visit(seed_checklist=False, number=1, visit_type="Monitoring visit",
                                status="Planned", start_date=TODAY + dt.timedelta(days=9),
                                themes=[workspace.themes()[0].id])
    by_sql = assess_visit(workspace, visit.id, TODAY)
    overdue = [g for g in by_sql.gaps if g.kind is GapKind.ACTION_OVERDUE]
    assert len(overdue) == 1 and overdue[0].message.endswith(NOT_SHOWN)
    assert "07700" not in " ".join(g.message for g in by_sql.gaps)
    assert by_sql.gaps == assess(workspace.contents(visit.id), TODAY).gaps
