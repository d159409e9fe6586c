"""The workspace store: round trips, references, versions, migrations, bad files."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import inspect as sa_inspect

from models import entities as e
from models import migrations
from models.errors import (
    ConflictError,
    NotAWorkspace,
    ValidationError,
    WorkspaceTooNew,
    WorkspaceUnavailable,
)
from models.store import RecordQuery, Workspace
from tests.models.conftest import raw_connect

D = dt.date


def _full_records(ws: Workspace) -> dict[str, object]:
    """One of every record kind, every field filled, every link made."""
    t = ws.themes()
    visit = ws.add_visit(
        number=4, visit_type="Monitoring visit", status="Notice received", notice_date=D(2026, 12, 1),
        start_date=D(2026, 12, 8), end_date=D(2026, 12, 9), lead_inspector="A. Inspector HMI",
        inspection_team="A. Inspector HMI; B. Inspector HMI", verbal_feedback="Positive on MASH.",
        headline_findings="Progress at the front door.", themes=[t[0].id, t[8].id],
    )
    evidence = ws.add(
        e.EvidenceItem, title="Front door scorecard", themes=[t[0].id, t[1].id],
        evidence_type="Performance data", source="Performance team", as_at=D(2026, 10, 31),
        period="October 2026", owner="Analyst", location="https://intranet.example/scorecard",
        summary="97% of contacts decided within 24 hours.", direction="Strength", status="Approved",
        include_in_pack=True, contains_personal_data=False, review_date=D(2027, 1, 31),
    )
    sample = ws.add(
        e.CaseSample, sample_ref="MV4-FD-07", local_case_id="LCS-1", visit_id=visit.id,
        cohort="Child protection", age_band="5-9", team="Team 1", worker_role="Social worker",
        themes=[t[0].id], selected_by="Inspector", audit_type="Moderated", audit_date=D(2026, 11, 2),
        auditor="QA lead", overall_grade="Good", grade_childs_voice="Outstanding",
        grade_assessment="Good", grade_planning="Requires improvement to be good",
        grade_management_oversight="Good", grade_timeliness="Good", grade_multi_agency="Good",
        grade_impact="Good", grade_recording="Inadequate", strengths="Voice clear.",
        areas_to_develop="Recording late.", escalated=False, seen_by_inspectors=True,
        referred_back_by_inspectors=True,
    )
    ws.add_case_action(sample.id, "Update recording", D(2026, 12, 1))
    sample = ws.get(e.CaseSample, sample.id)  # adding a case action moved its version
    finding = ws.add(
        e.Finding, text="Plans are formulaic.", source_visit_id=visit.id,
        kind="Area for improvement",
        judgement="The experiences and progress of children who need help and protection",
        latest_view="Insufficient progress", themes=[t[2].id],
    )
    action = ws.add(
        e.Action, description="Rewrite plan template", findings=[finding.id],
        evidence=[evidence.id], owner="Head of CP", start_date=D(2026, 6, 1),
        due_date=D(2026, 12, 1), status="In progress", rag="Amber", progress="Half done",
        indicator="Plans graded specific", baseline="35%", target="80%", current_value="63%",
        impact_evidence="Audit", governance_forum="Improvement board", last_reviewed=D(2026, 11, 1),
        closure_criteria="80% for 3 months",
    )
    indicator = ws.add(
        e.IndicatorSnapshot, theme_id=t[0].id, measure="Contacts decided in 24h", value=97.0,
        unit="%", as_at=D(2026, 10, 31), target=95.0, england=90.0, statistical_neighbours=91.5,
        direction_of_good="Higher is better",
    )
    checklist = ws.page(e.ChecklistItem, RecordQuery(equals={"visit_id": visit.id}))[0]
    checklist = ws.update(e.ChecklistItem, checklist.id, checklist.version, evidence=[evidence.id],
                          owner="Coordinator", notes="Sent")
    return {"visit": visit, "evidence": evidence, "sample": sample, "finding": finding,
            "action": action, "indicator": indicator, "checklist": checklist}


def _columns(record: object) -> dict[str, object]:
    return {c.key: getattr(record, c.key) for c in sa_inspect(type(record)).column_attrs}


def test_every_record_and_link_survives_closing_and_reopening(workspace: Workspace) -> None:
    made = _full_records(workspace)
    path = Path(workspace.location)
    workspace.close()
    with Workspace.open(path) as again:
        for record in made.values():
            back = again.get(type(record), record.id)  # type: ignore[attr-defined]
            assert _columns(back) == _columns(record)
        assert [t.code for t in again.get(e.Visit, made["visit"].id).themes] == ["FD", "CIC"]
        assert [t.code for t in again.get(e.EvidenceItem, made["evidence"].id).themes] == ["FD", "AS"]
        sample = again.get(e.CaseSample, made["sample"].id)
        assert [t.code for t in sample.themes] == ["FD"]
        assert [a.description for a in sample.case_actions] == ["Update recording"]
        assert [t.code for t in again.get(e.Finding, made["finding"].id).themes] == ["CP"]
        action = again.get(e.Action, made["action"].id)
        assert [f.ref for f in action.findings] == [made["finding"].ref]
        assert [x.ref for x in action.evidence] == [made["evidence"].ref]
        checklist = again.get(e.ChecklistItem, made["checklist"].id)
        assert [x.ref for x in checklist.evidence] == [made["evidence"].ref]


def test_attachments_keep_file_bytes_and_sha256(workspace: Workspace, tmp_path: Path) -> None:
    source = tmp_path / "audit.pdf"
    source.write_bytes(b"%PDF-1.4 pretend audit")
    item = workspace.add(e.EvidenceItem, title="Audit", evidence_type="Audit summary",
                         direction="Mixed", status="Draft")
    copy = workspace.attach_file(item.id, source)
    workspace.attach_link(item.id, "https://intranet.example/audit")
    back = workspace.get(e.EvidenceItem, item.id)
    assert [a.file_name or a.link for a in back.attachments] == ["audit.pdf",
                                                                "https://intranet.example/audit"]
    assert copy.sha256 == hashlib.sha256(b"%PDF-1.4 pretend audit").hexdigest()
    assert workspace.attachment_content(copy.id) == b"%PDF-1.4 pretend audit"


def test_references_are_unique_and_never_reused_after_delete(workspace: Workspace) -> None:
    first = workspace.add(e.EvidenceItem, title="A", evidence_type="Other", direction="Mixed",
                          status="Draft")
    second = workspace.add(e.EvidenceItem, title="B", evidence_type="Other", direction="Mixed",
                           status="Draft")
    workspace.delete(e.EvidenceItem, second.id, second.version)
    third = workspace.add(e.EvidenceItem, title="C", evidence_type="Other", direction="Mixed",
                          status="Draft")
    assert [first.ref, second.ref, third.ref] == ["E-001", "E-002", "E-003"]
    assert third.id != second.id


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.booleans(), min_size=1, max_size=25))
def test_references_stay_unique_whatever_is_added_and_deleted(
    tmp_path_factory: pytest.TempPathFactory, steps: list[bool]
) -> None:
    path = tmp_path_factory.mktemp("refs") / "w.visitready"
    with Workspace.create(path) as ws:
        issued: list[str] = []
        live: list[e.Action] = []
        for add in steps:
            if add or not live:
                action = ws.add(e.Action, description="x", owner="o", due_date=D(2027, 1, 1),
                                status="Not started")
                issued.append(action.ref)
                live.append(action)
            else:
                gone = live.pop(0)
                ws.delete(e.Action, gone.id, gone.version)
        assert len(issued) == len(set(issued))
        assert sorted(issued, key=lambda r: int(r.split("-")[1])) == issued


def test_stale_write_is_rejected_and_the_newer_value_kept(workspace: Workspace) -> None:
    item = workspace.add(e.EvidenceItem, title="Scorecard", evidence_type="Other",
                         direction="Mixed", status="Draft")
    other_leader = Workspace.open(workspace.location, who="other")
    theirs = other_leader.update(e.EvidenceItem, item.id, item.version, status="Verified")
    with pytest.raises(ConflictError) as raised:
        workspace.update(e.EvidenceItem, item.id, item.version, status="Approved")
    assert "other" in raised.value.message
    assert workspace.get(e.EvidenceItem, item.id).status == "Verified"
    assert theirs.version == item.version + 1
    other_leader.close()


def test_edit_of_deleted_record_is_a_conflict(workspace: Workspace) -> None:
    item = workspace.add(e.EvidenceItem, title="Gone", evidence_type="Other", direction="Mixed",
                         status="Draft")
    workspace.delete(e.EvidenceItem, item.id, item.version)
    with pytest.raises(ConflictError):
        workspace.update(e.EvidenceItem, item.id, item.version, title="Back?")


def test_every_field_change_is_in_the_change_log(workspace: Workspace) -> None:
    item = workspace.add(e.EvidenceItem, title="Scorecard", evidence_type="Other",
                         direction="Mixed", status="Draft")
    theme = workspace.themes()[0]
    workspace.update(e.EvidenceItem, item.id, item.version, status="Verified", owner="Lena",
                     themes=[theme.id])
    rows = workspace.change_log(item.ref)
    changes = {(r.field, r.old_value, r.new_value) for r in rows}
    assert ("Status", "Draft", "Verified") in changes
    assert ("Owner", "", "Lena") in changes
    assert ("Themes", "", theme.ref) in changes
    assert ("created", None, "E-001 Scorecard") in changes
    assert {r.who for r in rows} == {"tester"}


def test_unchanged_values_write_nothing(workspace: Workspace) -> None:
    item = workspace.add(e.EvidenceItem, title="Same", evidence_type="Other", direction="Mixed",
                         status="Draft")
    before = len(workspace.change_log(item.ref))
    workspace.update(e.EvidenceItem, item.id, item.version, title="Same")
    assert len(workspace.change_log(item.ref)) == before


def test_delete_then_restore_brings_back_ref_links_and_children(workspace: Workspace,
                                                                 tmp_path: Path) -> None:
    theme = workspace.themes()[3]
    item = workspace.add(e.EvidenceItem, title="Audit", evidence_type="Other", direction="Mixed",
                         status="Draft", themes=[theme.id])
    (tmp_path / "a.txt").write_text("copy")
    workspace.attach_file(item.id, tmp_path / "a.txt")
    item = workspace.get(e.EvidenceItem, item.id)
    deleted = workspace.delete(e.EvidenceItem, item.id, item.version)
    assert workspace.count(e.EvidenceItem) == 0
    back = workspace.restore(deleted)
    assert back.ref == item.ref
    assert [t.code for t in back.themes] == [theme.code]
    assert workspace.attachment_content(back.attachments[0].id) == b"copy"


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"status": "Finished"}, "not one of the allowed values"),
        ({"as_at": "next Friday"}, "DD/MM/YYYY"),
        ({"as_at": "2025-02-30"}, "not a real date"),
        ({"title": "  "}, "Title is required"),
    ],
)
def test_bad_values_are_refused_in_plain_words(workspace: Workspace, changes: dict[str, str],
                                               words: str) -> None:
    values = {"title": "T", "evidence_type": "Other", "direction": "Mixed", "status": "Draft"}
    values.update(changes)
    with pytest.raises(ValidationError) as raised:
        workspace.add(e.EvidenceItem, **values)
    assert words in str(raised.value)
    assert workspace.count(e.EvidenceItem) == 0


def test_due_before_start_is_refused(workspace: Workspace) -> None:
    action = workspace.add(e.Action, description="x", owner="o", start_date=D(2026, 1, 1),
                           due_date=D(2026, 2, 1), status="Not started")
    with pytest.raises(ValidationError, match="before start"):
        workspace.update(e.Action, action.id, action.version, due_date=D(2025, 12, 1))


def test_search_filter_and_sort_happen_in_the_store(workspace: Workspace) -> None:
    t = workspace.themes()
    for n, (title, status, owner) in enumerate([("Front door scorecard", "Approved", "Lena"),
                                                ("Audit of plans", "Draft", "Siobhan"),
                                                ("Scorecard for care", "Approved", "Siobhan")]):
        workspace.add(e.EvidenceItem, title=title, evidence_type="Other", direction="Mixed",
                      status=status, owner=owner, themes=[t[n].id])
    found = workspace.page(e.EvidenceItem, RecordQuery(text="scorecard", order_by="title"))
    assert [x.title for x in found] == ["Front door scorecard", "Scorecard for care"]
    assert workspace.count(e.EvidenceItem, RecordQuery(equals={"owner": "Siobhan"})) == 2
    assert [x.title for x in workspace.page(e.EvidenceItem, RecordQuery(theme_id=t[1].id))] == [
        "Audit of plans"]
    newest_first = workspace.page(e.EvidenceItem, RecordQuery(order_by="ref", descending=True,
                                                              limit=1))
    assert newest_first[0].ref == "E-003"
    assert workspace.owners(e.EvidenceItem) == ["Lena", "Siobhan"]


def test_new_visit_gets_checklist_from_template_with_per_theme_items(workspace: Workspace) -> None:
    t = workspace.themes()
    visit = workspace.add_visit(number=1, visit_type="Monitoring visit", status="Planned",
                                start_date=D(2026, 12, 8), themes=[t[0].id, t[9].id])
    items = workspace.page(e.ChecklistItem, RecordQuery(equals={"visit_id": visit.id}))
    assert {i.category for i in items} == {"Data", "Documents", "Case preparation", "Logistics",
                                           "Communications"}
    per_theme = [i for i in items if i.theme_id is not None]
    assert {i.theme_id for i in per_theme} == {t[0].id, t[9].id}
    assert all(i.due_date is not None and i.due_date < visit.start_date for i in items)


def test_custom_theme_can_be_added_renamed_and_retired(workspace: Workspace) -> None:
    theme = workspace.add_theme("Youth justice", "YJ",
                                "The experiences and progress of children who need help and protection")
    theme = workspace.update(e.Theme, theme.id, theme.version, name="Youth justice service")
    assert workspace.themes()[-1].name == "Youth justice service"
    workspace.update(e.Theme, theme.id, theme.version, retired=True)
    assert "YJ" not in [x.code for x in workspace.themes()]
    assert "YJ" in [x.code for x in workspace.themes(include_retired=True)]


# -- files: migrations, versions, foreign files ------------------------------------------


def _back_to_first_schema(workspace: Workspace) -> Path:
    """Turn a workspace into one written by the first version, and close it."""
    from alembic import command

    cfg = migrations._config()
    with workspace._engine.connect() as connection:
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, "0001")
    workspace.close()
    return Path(workspace.location)


def test_workspace_from_first_schema_is_upgraded_on_open(workspace: Workspace) -> None:
    item = workspace.add(e.EvidenceItem, title="Kept", evidence_type="Other", direction="Mixed",
                         status="Draft")
    path = _back_to_first_schema(workspace)
    with raw_connect(path) as raw:
        assert "export_record" not in {r[0] for r in raw.execute(
            "select name from sqlite_master where type='table'")}
    with Workspace.open(path) as again:
        assert again.schema_revision() == migrations.head_revision()
        assert again.get(e.EvidenceItem, item.id).title == "Kept"
        assert again.exports() == []


def test_workspace_from_a_newer_version_is_refused_and_left_untouched(workspace: Workspace) -> None:
    path = Path(workspace.location)
    workspace.close()
    with raw_connect(path) as raw:
        raw.execute("update alembic_version set version_num = '0099'")
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(WorkspaceTooNew) as raised:
        Workspace.open(path)
    assert "newer version" in raised.value.message
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "report.visitready"
    path.write_bytes(b"PK\x03\x04 this is really a zip")
    with pytest.raises(NotAWorkspace):
        Workspace.open(path)
    assert path.read_bytes().startswith(b"PK")


def test_another_programs_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with raw_connect(path) as raw:
        raw.execute("create table songs (title text)")
    with pytest.raises(NotAWorkspace, match="not a VisitReady workspace"):
        Workspace.open(path)


def test_missing_file_and_existing_target_are_clear(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceUnavailable, match="no workspace"):
        Workspace.open(tmp_path / "nope.visitready")
    (tmp_path / "taken.visitready").write_text("x")
    with pytest.raises(WorkspaceUnavailable, match="already exists"):
        Workspace.create(tmp_path / "taken.visitready")


def test_save_a_copy_is_a_working_workspace(workspace: Workspace, tmp_path: Path) -> None:
    workspace.add(e.EvidenceItem, title="Copied", evidence_type="Other", direction="Mixed",
                  status="Draft")
    target = workspace.save_copy(tmp_path / "copy.visitready")
    with Workspace.open(target) as copy:
        assert [x.title for x in copy.all(e.EvidenceItem)] == ["Copied"]


def test_undoing_a_delete_brings_back_links_from_both_sides(workspace: Workspace) -> None:
    evidence = workspace.add(e.EvidenceItem, title="Audit", evidence_type="Other",
                             direction="Mixed", status="Draft")
    action = workspace.add(e.Action, description="Fix plans", owner="o", due_date=D(2027, 1, 1),
                           status="Not started", evidence=[evidence.id])
    evidence = workspace.get(e.EvidenceItem, evidence.id)
    deleted = workspace.delete(e.EvidenceItem, evidence.id, evidence.version)
    assert workspace.get(e.Action, action.id).evidence == []
    workspace.restore(deleted)
    assert [x.ref for x in workspace.get(e.Action, action.id).evidence] == [evidence.ref]


def test_undoing_a_visit_delete_brings_back_its_checklist_and_samples(workspace: Workspace) -> None:
    visit = workspace.add_visit(number=1, visit_type="Monitoring visit", status="Planned",
                                start_date=D(2026, 12, 8), themes=[workspace.themes()[0].id])
    sample = workspace.add(e.CaseSample, sample_ref="MV1-FD-01", visit_id=visit.id,
                           cohort="Child in need", selected_by="Authority", audit_type="Full")
    items = workspace.count(e.ChecklistItem, RecordQuery(equals={"visit_id": visit.id}))
    assert items > 0
    visit = workspace.get(e.Visit, visit.id)
    deleted = workspace.delete(e.Visit, visit.id, visit.version)
    assert workspace.count(e.ChecklistItem) == 0
    assert workspace.get(e.CaseSample, sample.id).visit_id is None
    back = workspace.restore(deleted)
    assert [t.code for t in back.themes] == ["FD"]
    assert workspace.count(e.ChecklistItem, RecordQuery(equals={"visit_id": visit.id})) == items
    assert workspace.get(e.CaseSample, sample.id).visit_id == visit.id


def test_a_failing_migration_changes_nothing(workspace: Workspace,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from alembic import op

    path = _back_to_first_schema(workspace)
    real_create_table = op.create_table

    def create_then_fail(*args: object, **kwargs: object) -> None:
        real_create_table(*args, **kwargs)  # type: ignore[arg-type]
        raise RuntimeError("disk pulled out half way")

    monkeypatch.setattr(op, "create_table", create_then_fail)
    with pytest.raises(RuntimeError):
        Workspace.open(path)
    with raw_connect(path) as raw:
        tables = {r[0] for r in raw.execute("select name from sqlite_master where type='table'")}
        revision = raw.execute("select version_num from alembic_version").fetchone()[0]
    assert "export_record" not in tables and revision == "0001"
    monkeypatch.undo()
    with Workspace.open(path) as again:
        assert again.schema_revision() == migrations.head_revision()


def test_an_unreachable_server_is_a_clear_message() -> None:
    with pytest.raises(WorkspaceUnavailable, match="could not be reached"):
        Workspace.connect("postgresql+psycopg://nobody@127.0.0.1:1/visitready")


def test_update_many_is_one_transaction_all_or_nothing(workspace: Workspace) -> None:
    items = [workspace.add(e.EvidenceItem, title=f"Item {n}", evidence_type="Other",
                           direction="Mixed", status="Draft", owner="Old") for n in range(4)]
    stale = workspace.update(e.EvidenceItem, items[2].id, items[2].version, title="Changed")
    assert stale.version != items[2].version
    with pytest.raises(ConflictError):
        workspace.update_many(e.EvidenceItem, [(x.id, x.version, {"owner": "New"}) for x in items])
    assert {workspace.get(e.EvidenceItem, x.id).owner for x in items} == {"Old"}  # none saved
    items[2] = stale
    saved = workspace.update_many(e.EvidenceItem,
                                  [(x.id, x.version, {"owner": "New"}) for x in items])
    assert [x.owner for x in saved] == ["New"] * 4
    assert [x.version for x in saved] == [x.version + 1 for x in items]
    assert len([c for c in workspace.change_log() if c.field == "Owner"]) == 4
