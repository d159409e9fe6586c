"""Personal-data warnings are stored when text is written and always equal a fresh scan."""

from __future__ import annotations

import datetime as dt
from typing import Any

from alembic import command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from models import entities as e
from models import migrations
from models.personal_data import PublicContacts, kinds_in, scan
from models.privacy.erasure import erase, found_in_record
from models.privacy.export_rule import record_texts
from models.records import KINDS
from models.store import Workspace
from models.text_warnings import SOURCES, warning_table

PERSONAL = ["DOB 12/03/2011", "NHS 943 476 5919", "call 07700 900123", "mum@example.org",
            "lives at SW1A 1AA", "mash@council.gov.uk", "ring 0300 123 1231"]
PLAIN = ["Audit of 40 cases", "as at 31 March 2025", "E-014 shows progress", ""]
CONTACTS = ["", "mash@council.gov.uk", "07700 900123\nSW1A 1AA"]
JUDGEMENT = "The experiences and progress of children in care"

Warning = tuple[str, int, str, str]  # record kind, record id, field label, kind of identifier


def stored(ws: Workspace) -> set[Warning]:
    """The stored warnings of records (and parts) that still exist, as the export rule names them."""
    found: set[Warning] = set()
    with ws.reading() as s:
        for source in SOURCES.values():
            table = e.Base.metadata.tables[source.table]
            parent = table.c[source.parent] if source.parent else table.c.id
            for record_id, field, kind in s.execute(
                    select(parent, warning_table.c.field, warning_table.c.kind)
                    .join(table, table.c.id == warning_table.c.record_id)
                    .where(warning_table.c.record_kind == source.table)):
                found.add((source.kind_name, record_id, source.fields[field], kind))
    return found


def fresh(ws: Workspace) -> set[Warning]:
    """What scanning every record's printable text now finds, by the export rule."""
    public = PublicContacts.from_text(ws.all(e.AuthorityProfile)[0].public_contacts)
    found: set[Warning] = set()
    with ws.reading() as s:
        for kind in KINDS.values():
            for record in s.scalars(select(kind.entity)):
                for label, text in record_texts(record):
                    found.update((kind.name, record.id, label, k.value)
                                 for k in kinds_in(scan(text, public)))
    return found


def test_warnings_are_stored_when_text_is_written_and_follow_edits(workspace: Workspace) -> None:
    item = workspace.add(e.EvidenceItem, title="Case note DOB 12/03/2011", summary="ok",
                         evidence_type="Other", direction="Mixed", status="Draft")
    assert ("evidence", item.id, "Title", "Date of birth") in stored(workspace)
    item = workspace.update(e.EvidenceItem, item.id, item.version, title="Case note",
                            summary="ring 07700 900123")
    assert {w[2] for w in stored(workspace) if w[1] == item.id} == {"What this shows"}
    workspace.update(e.EvidenceItem, item.id, item.version, summary="nothing here")
    assert stored(workspace) == fresh(workspace) == set()


def test_no_matched_text_is_kept_in_the_warnings(workspace: Workspace) -> None:
    workspace.add(e.EvidenceItem, title="NHS 943 476 5919", evidence_type="Other",
                  direction="Mixed", status="Draft")
    with workspace.reading() as s:
        rows = [tuple(r) for r in s.execute(select(warning_table))]
    assert rows and not any("943" in str(value) for row in rows for value in row)


def test_public_contacts_set_later_clear_their_warnings(workspace: Workspace) -> None:
    workspace.add(e.EvidenceItem, title="Write to mash@council.gov.uk", evidence_type="Other",
                  direction="Mixed", status="Draft")
    assert stored(workspace) == fresh(workspace) != set()
    authority = workspace.all(e.AuthorityProfile)[0]
    workspace.update(e.AuthorityProfile, authority.id, authority.version,
                     public_contacts="mash@council.gov.uk")
    assert stored(workspace) == fresh(workspace) == set()


def test_a_deleted_and_restored_record_keeps_its_warnings(workspace: Workspace) -> None:
    item = workspace.add(e.Finding, text="Seen at SW1A 1AA", kind="Area for improvement",
                         judgement=JUDGEMENT, latest_view="Not yet reviewed")
    gone = workspace.delete(e.Finding, item.id, item.version)
    assert stored(workspace) == fresh(workspace) == set()
    workspace.restore(gone)
    assert stored(workspace) == fresh(workspace) != set()


def test_migration_fills_warnings_for_existing_records(demo: Workspace) -> None:
    demo.add(e.Action, description="Email lead@example.org weekly", status="Not started",
             owner="Lead", due_date=dt.date(2027, 1, 1))
    with demo.transaction() as s:
        s.execute(delete(warning_table))  # as if made before warnings were stored
    cfg = migrations._config()
    with demo._engine.connect() as connection:
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, "0009b")
    migrations.upgrade(demo._engine)
    assert stored(demo) == fresh(demo)
    assert any(w[0] == "action" for w in stored(demo))


texts = st.lists(st.sampled_from(PERSONAL + PLAIN), max_size=3).map(" ".join)
steps = st.one_of(
    st.tuples(st.sampled_from(["evidence", "evidence edit", "finding", "action", "action edit",
                               "checklist", "case action", "attachment", "contacts"]), texts),
    st.tuples(st.sampled_from(["delete and restore", "delete", "remove case action", "erase"]),
              st.just("")),
)


def apply(ws: Workspace, step: tuple[str, str]) -> None:
    """One user edit of the workspace (adding, changing, deleting, erasing text)."""
    what, text = step
    visit = ws.latest_visit() or ws.add_visit(
        seed_checklist=False, number=1, visit_type="Monitoring visit", status="Planned")
    evidence = ws.all(e.EvidenceItem)
    samples = ws.all(e.CaseSample)
    if what == "evidence" or (what == "evidence edit" and not evidence):
        ws.add(e.EvidenceItem, title=text or "t", summary=text, evidence_type="Other",
               direction="Mixed", status="Draft")
    elif what == "evidence edit":
        ws.update(e.EvidenceItem, evidence[0].id, evidence[0].version, title=text or "t")
    elif what == "finding":
        ws.add(e.Finding, text=text or "t", kind="Area for improvement", judgement=JUDGEMENT,
               latest_view="Not yet reviewed")
    elif what in ("action", "action edit"):
        actions = ws.all(e.Action)
        if what == "action edit" and actions:
            ws.update(e.Action, actions[-1].id, actions[-1].version, progress=text)
        else:
            ws.add(e.Action, description=text or "t", status="Not started", owner="Lead",
                   due_date=dt.date(2027, 1, 1))
    elif what == "checklist":
        ws.add(e.ChecklistItem, visit_id=visit.id, category="Data", item="Book rooms",
               status="Not started", notes=text)
    elif what == "case action":
        sample = samples[0] if samples else ws.add(
            e.CaseSample, sample_ref="S-1", visit_id=visit.id, cohort="Child in care",
            selected_by="Authority", audit_type="Full")
        ws.add_case_action(sample.id, text or "t", None)
    elif what == "remove case action":
        for sample in samples:
            for action in ws.get(e.CaseSample, sample.id).case_actions[:1]:
                ws.remove_case_action(action.id)
    elif what == "attachment" and evidence:
        ws.attach_link(evidence[0].id, f"https://intranet.example/{text.replace(' ', '_')}")
    elif what == "contacts":
        authority = ws.all(e.AuthorityProfile)[0]
        ws.update(e.AuthorityProfile, authority.id, authority.version,
                  public_contacts=CONTACTS[len(text) % len(CONTACTS)])
    elif what in ("delete", "delete and restore") and evidence:
        gone = ws.delete(e.EvidenceItem, evidence[-1].id, evidence[-1].version)
        if what == "delete and restore":
            ws.restore(gone)
    elif what == "erase":
        for kind_name, entity in (("evidence", e.EvidenceItem), ("case_sample", e.CaseSample)):
            for record in ws.all(entity)[:1]:
                if found_in_record(ws, kind_name, record.id):
                    erase(ws, kind_name, record.id)


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(steps, min_size=1, max_size=8))
def test_stored_warnings_equal_a_fresh_scan(workspace: Workspace,
                                            edits: list[tuple[str, str]]) -> None:
    for step in edits:
        apply(workspace, step)
    assert stored(workspace) == fresh(workspace)


def check_random_edits(ws: Workspace, data: Any) -> None:
    """For other engines: the same random edits, the same equality (used by PostgreSQL's tests)."""
    for step in data.draw(st.lists(steps, min_size=1, max_size=8)):
        apply(ws, step)
    assert stored(ws) == fresh(ws)
