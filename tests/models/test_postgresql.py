"""The same store on a shared PostgreSQL server: what several leaders working together rely on.

Runs when VISITREADY_TEST_POSTGRES names a server, e.g.
``postgresql+psycopg://postgres@127.0.0.1:55432/postgres`` (CI starts one); each
test gets a database of its own.
"""

from __future__ import annotations

import datetime as dt
import os

import pytest

from models import entities as e
from models.errors import ConflictError
from models.readiness import assess
from models.store import RecordQuery, Workspace
from tests.conftest import SERVER
from tests.models.test_store import _columns, _full_records

pytestmark = [
    pytest.mark.postgresql,
    pytest.mark.skipif(not SERVER and not os.environ.get("CI"),
                       reason="set VISITREADY_TEST_POSTGRES to run on PostgreSQL (CI does)"),
]




def test_a_new_database_is_set_up_as_a_workspace(url: str) -> None:
    with Workspace.connect(url, who="dcs") as ws:
        assert len(ws.themes()) == 11
        assert ws.name.startswith("visitready_")  # the database's name, not its address
        schema = ws.schema_revision()
    with Workspace.connect(url, who="dcs") as again:
        assert again.schema_revision() == schema
        assert len(again.themes()) == 11


def test_every_record_and_link_round_trips(url: str) -> None:
    with Workspace.connect(url, who="qa") as ws:
        made = _full_records(ws)
    with Workspace.connect(url, who="qa") as again:
        for record in made.values():
            assert _columns(again.get(type(record), record.id)) == _columns(record)  # type: ignore[attr-defined]


def test_two_leaders_cannot_overwrite_each_other(url: str) -> None:
    with Workspace.connect(url, who="head of service") as mine, \
            Workspace.connect(url, who="qa lead") as theirs:
        item = mine.add(e.EvidenceItem, title="Scorecard", evidence_type="Other",
                        direction="Mixed", status="Draft")
        theirs.update(e.EvidenceItem, item.id, item.version, status="Verified")
        with pytest.raises(ConflictError, match="qa lead"):
            mine.update(e.EvidenceItem, item.id, item.version, status="Approved")
        assert mine.get(e.EvidenceItem, item.id).status == "Verified"


def test_references_delete_restore_search_and_readiness(url: str) -> None:
    with Workspace.connect(url) as ws:
        theme = ws.themes()[0]
        visit = ws.add_visit(number=1, visit_type="Monitoring visit", status="Planned",
                             start_date=dt.date(2026, 12, 8), themes=[theme.id])
        first = ws.add(e.EvidenceItem, title="Front door scorecard", evidence_type="Other",
                       direction="Mixed", status="Approved", themes=[theme.id])
        deleted = ws.delete(e.EvidenceItem, first.id, first.version)
        second = ws.add(e.EvidenceItem, title="Second", evidence_type="Other",
                        direction="Mixed", status="Draft")
        assert (first.ref, second.ref) == ("E-001", "E-002")
        back = ws.restore(deleted)
        assert back.ref == "E-001" and [t.id for t in back.themes] == [theme.id]
        found = ws.page(e.EvidenceItem, RecordQuery(text="SCORECARD", order_by="as_at"))
        assert [x.ref for x in found] == ["E-001"]
        result = assess(ws.contents(visit.id), dt.date(2026, 11, 22))
        assert result.focus[0].approved_evidence == 1


def test_a_links_only_change_moves_the_version_on_the_server_too(url: str) -> None:
    with Workspace.connect(url, who="head of service") as mine, \
            Workspace.connect(url, who="qa lead") as theirs:
        themes = mine.themes()
        item = mine.add(e.EvidenceItem, title="Scorecard", evidence_type="Other",
                        direction="Mixed", status="Draft")
        theirs.update(e.EvidenceItem, item.id, item.version, themes=[themes[0].id])
        with pytest.raises(ConflictError):
            mine.update(e.EvidenceItem, item.id, item.version, themes=[themes[1].id])
        theirs.attach_link(item.id, "https://intranet.example/scorecard")
        assert mine.get(e.EvidenceItem, item.id).version == item.version + 2


def test_readiness_by_sql_equals_the_formula_and_warnings_are_stored(url: str) -> None:
    from models.readiness_sql import assess_visit
    from tests.models.test_readiness_sql import comparable
    from tests.models.test_text_warnings import fresh, stored

    today = dt.date(2026, 11, 22)
    with Workspace.connect(url) as ws:
        themes = ws.themes()
        visit = ws.add_visit(number=1, visit_type="Monitoring visit", status="Planned",
                             start_date=dt.date(2026, 12, 8), themes=[t.id for t in themes[:3]])
        for n, status in enumerate(["Approved", "Approved", "Verified", "Draft"]):
            ws.add(e.EvidenceItem, title=f"Pack {n} DOB 12/03/2011" if n == 1 else f"Pack {n}",
                   evidence_type="Minutes", direction="Mixed", status=status,
                   review_date=today - dt.timedelta(days=n - 1), themes=[themes[n % 3].id])
        sample = ws.add(e.CaseSample, sample_ref="S-1", visit_id=visit.id, cohort="Child in care",
                        selected_by="Authority", audit_type="Full", audit_date=today,
                        overall_grade="Inadequate", themes=[themes[0].id],
                        strengths="ring 07700 900123")
        finding = ws.add(e.Finding, text="Drift", kind="Area for improvement",
                         judgement="The experiences and progress of children in care",
                         latest_view="Declined", themes=[themes[0].id, themes[1].id])
        ws.add(e.Action, description="Fix drift", owner="Lead", due_date=today - dt.timedelta(1),
               status="In progress", findings=[finding.id])
        assert sample.id
        assert comparable(assess_visit(ws, visit.id, today)) == comparable(
            assess(ws.contents(visit.id), today))
        assert stored(ws) == fresh(ws) != set()
