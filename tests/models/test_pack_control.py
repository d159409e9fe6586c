"""Final packs frozen as presented, reopened read-only, and what changed since the last one."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import update

from models import entities as e
from models import on_site
from models.briefing import ExportOptions, briefing_for_export, rebuild_from_snapshot
from models.errors import ConflictError, ValidationError, WorkspaceUnavailable
from models.pack_control import (
    DocumentControl,
    changes_since_last,
    load_control,
    open_snapshot,
    save_control,
    snapshots,
)
from models.store import Workspace
from tests.conftest import SERVER, TODAY

FINAL = DocumentControl(status="Final", version="1.0", author="Tom Harrowby",
                        approved_by="Ruth Halloway (DCS)", approved_on=TODAY)


def _final(demo: Workspace, control: DocumentControl = FINAL) -> ExportOptions:
    visit = demo.latest_visit()
    assert visit is not None
    return ExportOptions(visit_id=visit.id, control=control)


def test_final_pack_reopens_read_only_from_its_snapshot(demo: Workspace) -> None:
    options = _final(demo)
    first = briefing_for_export(demo, options, TODAY)
    assert first.snapshot is not None
    item = first.sections[0].evidence[0]
    demo.update(e.EvidenceItem, item.id, item.version, title="Retitled after approval")
    again = briefing_for_export(demo, options, TODAY)
    assert again.snapshot is not None and again.snapshot.id == first.snapshot.id
    assert again.sections[0].evidence[0].title == item.title
    assert again.produced_at == first.produced_at
    with open_snapshot(demo, first.snapshot.id) as frozen:
        assert frozen.get(e.EvidenceItem, item.id).title == item.title
        with pytest.raises(WorkspaceUnavailable, match="cannot be changed"):
            frozen.update(e.EvidenceItem, item.id, item.version, title="Anything")
    assert demo.get(e.EvidenceItem, item.id).title == "Retitled after approval"
    assert rebuild_from_snapshot(demo, first.snapshot.id).options.control == FINAL


def test_snapshot_keeps_data_sha256_and_approver_and_refuses_tampering(demo: Workspace) -> None:
    content = briefing_for_export(demo, _final(demo), TODAY)
    snapshot = content.snapshot
    assert snapshot is not None
    assert snapshot.approved_by == "Ruth Halloway (DCS)" and snapshot.approved_on == TODAY
    assert len(snapshot.data_sha256) == 64
    with demo._edit() as s:
        s.execute(update(e.PackSnapshot).where(e.PackSnapshot.id == snapshot.id)
                  .values(data=snapshot.data.replace("Wyvern Vale", "Wyvern Dale")))
    with pytest.raises(WorkspaceUnavailable, match="SHA-256"):
        open_snapshot(demo, snapshot.id)


def test_the_same_final_version_cannot_be_frozen_twice_with_other_data(demo: Workspace) -> None:
    from models.pack_control import freeze

    visit = demo.latest_visit()
    assert visit is not None
    freeze(demo, visit.id, FINAL, {}, None)
    with pytest.raises(ConflictError, match="already final"):
        freeze(demo, visit.id, FINAL, {}, None)


def test_what_changed_lists_exactly_the_edits_since_the_last_final_pack(demo: Workspace) -> None:
    briefing_for_export(demo, _final(demo), TODAY)
    assert changes_since_last(demo).count == 0  # type: ignore[union-attr]
    new = demo.add(e.EvidenceItem, title="Placement sufficiency update", evidence_type="Other",
                   direction="Mixed", status="Draft")
    action = next(a for a in demo.all(e.Action) if a.status == "In progress")
    demo.update(e.Action, action.id, action.version, progress="Two more homes registered.")
    item = next(i for i in demo.all(e.ChecklistItem) if i.status == "Not started")
    demo.update(e.ChecklistItem, item.id, item.version, status="Done")
    gone = demo.all(e.IndicatorSnapshot)[0]
    demo.delete(e.IndicatorSnapshot, gone.id, gone.version)
    changes = changes_since_last(demo)
    assert changes is not None and changes.version == "1.0"
    assert [r.ref for r in changes.added] == [new.ref]
    assert [r.ref for r in changes.changed] == [action.ref]
    assert [r.ref for r in changes.closed] == [item.ref]
    assert [r.ref for r in changes.removed] == [gone.ref]


def test_the_next_pack_lists_what_changed_and_a_final_keeps_its_list(demo: Workspace) -> None:
    briefing_for_export(demo, _final(demo), TODAY)
    new = demo.add(e.EvidenceItem, title="New audit", evidence_type="Audit summary",
                   direction="Mixed", status="Approved")
    second = briefing_for_export(demo, _final(demo, DocumentControl(
        status="Final", version="1.1", approved_by="R", approved_on=TODAY)), TODAY)
    assert second.changes is not None and [r.ref for r in second.changes.added] == [new.ref]
    demo.add(e.EvidenceItem, title="Later still", evidence_type="Other", direction="Mixed",
             status="Draft")
    assert second.snapshot is not None
    again = rebuild_from_snapshot(demo, second.snapshot.id)
    assert again.changes is not None and [r.ref for r in again.changes.added] == [new.ref]
    assert [s.version for s in snapshots(demo)][:2] == ["1.1", "1.0"]


def test_document_control_is_kept_per_visit_and_checked(demo: Workspace) -> None:
    visit = demo.latest_visit()
    assert visit is not None
    with pytest.raises(ValidationError, match="approved"):
        save_control(demo, visit.id, DocumentControl(status="Final", version="2.0"))
    control = DocumentControl(version="1.2", author="A", audience="Members",
                              distribution=("Lead member", "Scrutiny chair"))
    save_control(demo, visit.id, control)
    assert load_control(demo, visit.id) == control
    assert any(c.field == "Pack audience" for c in demo.change_log(visit.ref))
    with pytest.raises(ValidationError, match="audience"):
        save_control(demo, visit.id, DocumentControl(audience="Everyone"))


def test_on_site_timetable_is_checked_ordered_and_logged(workspace: Workspace) -> None:
    visit = workspace.add_visit(number=1, visit_type="Monitoring visit", status="Planned",
                                seed_checklist=False)
    later = on_site.add_slot(workspace, visit.id, day="2026-12-09", start_time="09:00",
                             kind="Daily catch-up", activity="Catch-up")
    first = on_site.add_slot(workspace, visit.id, day="2026-12-08", start_time="16:30",
                             end_time="17:00", kind="Daily catch-up", activity="Catch-up")
    assert [s.id for s in on_site.slots(workspace, visit.id)] == [first.id, later.id]
    with pytest.raises(ValidationError, match="not a time"):
        on_site.add_slot(workspace, visit.id, start_time="9.30")
    with pytest.raises(ValidationError, match="ends before"):
        on_site.update_slot(workspace, first.id, end_time="16:00")
    with pytest.raises(ValidationError, match="kind"):
        on_site.add_slot(workspace, visit.id, kind="Lunch")
    on_site.remove_slot(workspace, later.id)
    assert [s.id for s in on_site.slots(workspace, visit.id)] == [first.id]
    assert [c.field for c in workspace.change_log(visit.ref)].count("On-site timetable") == 3


@pytest.mark.postgresql
@pytest.mark.skipif(not SERVER and not os.environ.get("CI"),
                    reason="set VISITREADY_TEST_POSTGRES to run on PostgreSQL (CI does)")
def test_final_pack_on_a_shared_workspace(url: str) -> None:  # noqa: F811 (the fixture)
    with Workspace.connect(url, who="dcs") as ws:
        themes = {t.code: t.id for t in ws.themes()}
        visit = ws.add_visit(number=1, visit_type="Monitoring visit", status="Planned",
                             themes=[themes["CIC"]])
        item = ws.add(e.EvidenceItem, title="Scorecard", evidence_type="Performance data",
                      direction="Mixed", status="Approved", themes=[themes["CIC"]])
        on_site.add_slot(ws, visit.id, day="2026-12-08", start_time="09:00",
                         kind="Daily catch-up", activity="Catch-up")
        options = ExportOptions(visit_id=visit.id, control=FINAL)
        first = briefing_for_export(ws, options, TODAY)
        assert first.snapshot is not None and [x.ref for x in first.appendix_evidence] == [
            item.ref]
        ws.update(e.EvidenceItem, item.id, item.version, title="Scorecard, revised")
        again = briefing_for_export(ws, options, TODAY)
        assert again.appendix_evidence[0].title == "Scorecard"
        assert [s.activity for s in again.slots] == ["Catch-up"]
        changes = changes_since_last(ws)
        assert changes is not None and [r.ref for r in changes.changed] == [item.ref]
