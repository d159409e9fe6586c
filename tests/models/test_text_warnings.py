"""Personal-data warnings are stored when text is written and always equal a fresh scan."""

from __future__ import annotations

import datetime as dt

from alembic import command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from models import entities as e
from models import migrations
from models.personal_data import scan
from models.records import KINDS
from models.store import Workspace
from models.text_warnings import scanned_fields, warning_table

PERSONAL = ["DOB 12/03/2011", "NHS 943 476 5919", "call 07700 900123", "mum@example.org",
            "lives at SW1A 1AA", "UPN A123456789012", "NI AB 12 34 56 C"]
PLAIN = ["Audit of 40 cases", "as at 31 March 2025", "E-014 shows progress", ""]


def stored(ws: Workspace) -> set[tuple[str, int, str, int, str, str]]:
    """The stored warnings of every record that still exists."""
    live = fresh(ws, with_rows=False)
    with ws._engine.connect() as c:
        return {(r.record_kind, r.record_id, r.field, r.position, r.kind, r.text)
                for r in c.execute(select(warning_table))
                if (r.record_kind, r.record_id) in live}


def fresh(ws: Workspace, *, with_rows: bool = True) -> set:  # type: ignore[type-arg]
    """What scanning every record's text now finds (or, without rows, the live records)."""
    found: set = set()  # type: ignore[type-arg]
    for kind in KINDS.values():
        fields = scanned_fields(kind)
        if not fields:
            continue
        for record in ws.all(kind.entity):
            if not with_rows:
                found.add((kind.name, record.id))
                continue
            for name in fields:
                for i, w in enumerate(scan(getattr(record, name) or "")):
                    found.add((kind.name, record.id, name, i, w.kind.value, w.text))
    return found


def test_warnings_are_stored_when_text_is_written_and_follow_edits(workspace: Workspace) -> None:
    item = workspace.add(e.EvidenceItem, title="Case note DOB 12/03/2011", summary="ok",
                         evidence_type="Other", direction="Mixed", status="Draft")
    assert ("evidence", item.id, "title", 0, "Date of birth", "12/03/2011") in stored(workspace)
    item = workspace.update(e.EvidenceItem, item.id, item.version, title="Case note",
                            summary="ring 07700 900123")
    assert {w[2] for w in stored(workspace) if w[1] == item.id} == {"summary"}
    workspace.update(e.EvidenceItem, item.id, item.version, summary="nothing here")
    assert stored(workspace) == fresh(workspace) == set()


def test_a_deleted_and_restored_record_keeps_its_warnings(workspace: Workspace) -> None:
    item = workspace.add(e.Finding, text="Seen at SW1A 1AA", kind="Area for improvement",
                         judgement="The experiences and progress of children in care", latest_view="Not yet reviewed")
    gone = workspace.delete(e.Finding, item.id, item.version)
    assert stored(workspace) == fresh(workspace) == set()
    workspace.restore(gone)
    assert stored(workspace) == fresh(workspace) != set()


def test_migration_fills_warnings_for_existing_records(demo: Workspace) -> None:
    demo.add(e.Action, description="Email lead@example.org weekly", status="Not started", owner="Lead",
                  due_date=dt.date(2027, 1, 1))
    with demo._engine.begin() as c:
        c.execute(delete(warning_table))  # as if made before warnings were stored
    cfg = migrations._config()
    with demo._engine.connect() as connection:
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, "0002")
    migrations.upgrade(demo._engine)
    assert stored(demo) == fresh(demo)
    assert any(w[0] == "action" for w in stored(demo))


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["evidence", "finding", "action", "checklist_item"]),
                          st.lists(st.sampled_from(PERSONAL + PLAIN), max_size=3)),
                min_size=1, max_size=8))
def test_stored_warnings_equal_a_fresh_scan(workspace: Workspace,
                                            edits: list[tuple[str, list[str]]]) -> None:
    visit = workspace.latest_visit() or workspace.add_visit(
        seed_checklist=False, number=1, visit_type="Monitoring visit", status="Planned")
    for kind_name, parts in edits:
        text = " ".join(parts)
        existing = workspace.all(KINDS[kind_name].entity)
        if kind_name == "evidence":
            values = {"title": text or "t", "summary": text}
            if existing:
                workspace.update(e.EvidenceItem, existing[0].id, existing[0].version, **values)
            else:
                workspace.add(e.EvidenceItem, evidence_type="Other", direction="Mixed",
                              status="Draft", **values)
        elif kind_name == "finding":
            workspace.add(e.Finding, text=text or "t", kind="Area for improvement",
                          judgement="The experiences and progress of children in care", latest_view="Not yet reviewed")
        elif kind_name == "action":
            if existing:
                workspace.update(e.Action, existing[-1].id, existing[-1].version, progress=text)
            else:
                workspace.add(e.Action, description=text or "t", status="Not started", owner="Lead",
                  due_date=dt.date(2027, 1, 1))
        else:
            workspace.add(e.ChecklistItem, visit_id=visit.id, category="Data",
                          item="Book rooms", status="Not started", notes=text)
    assert stored(workspace) == fresh(workspace)
