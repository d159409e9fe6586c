"""Bringing an edited evidence log back: every row class, every conflict choice, forgiving parsing."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from openpyxl import load_workbook

from importers.log_apply import apply_preview, imports, redo_import, undo_import
from importers.log_compare import Choice, ConflictPolicy, RowClass, preview_log
from models import entities as e
from models.errors import ConflictError, ValidationError
from models.personal_data import scan
from models.store import Workspace
from tests.importers.conftest import append_row, column, edit_log, export_log, row_of


def _evidence(ws: Workspace, ref: str) -> e.EvidenceItem:
    record = ws.by_ref(e.EvidenceItem, ref)
    assert record is not None
    return record


def _classes(preview: object) -> dict[str, RowClass]:
    return {o.ref: o.cls for o in preview.rows if o.ref}  # type: ignore[attr-defined]


def test_an_unedited_log_has_only_unchanged_rows(demo: Workspace, log: Path) -> None:
    preview = preview_log(demo, log)
    assert set(preview.totals()) == {RowClass.UNCHANGED}
    assert preview.totals()[RowClass.UNCHANGED] == len(preview.rows) > 100
    assert preview.problems == [] and preview.to_write() == []
    with pytest.raises(ValidationError, match="no changes"):
        apply_preview(demo, preview)


def test_file_only_changes_are_applied_once_and_marked_as_from_the_import(
        demo: Workspace, log: Path, tmp_path: Path) -> None:
    first = _evidence(demo, "E-001")
    action = demo.by_ref(e.Action, "A-001")
    assert action is not None and first.status != "Draft"
    edited = edit_log(log, tmp_path / "edited.xlsx", {
        ("Evidence", "E-001", "Status"): "Draft",
        ("Evidence", "E-001", "Review by"): dt.datetime(2027, 3, 15),
        ("Actions", "A-001", "Progress"): "Audits now monthly; first two done.",
    })
    before = load_workbook(edited)  # the user's file is only read
    digest = hashlib.sha256(edited.read_bytes()).hexdigest()
    preview = preview_log(demo, edited)
    classes = _classes(preview)
    assert classes["E-001"] is RowClass.FILE_CHANGE and classes["A-001"] is RowClass.FILE_CHANGE
    assert sum(1 for c in classes.values() if c is not RowClass.UNCHANGED) == 2
    changes = {c.name: (c.workspace, c.file) for o in preview.rows if o.ref == "E-001"
               for c in o.changes}
    assert changes == {"status": (first.status, "Draft"),
                       "review_date": (first.review_date, dt.date(2027, 3, 15))}
    applied = apply_preview(demo, preview)
    after = _evidence(demo, "E-001")
    assert (after.status, after.review_date) == ("Draft", dt.date(2027, 3, 15))
    assert after.version == first.version + 1
    assert demo.by_ref(e.Action, "A-001").progress == "Audits now monthly; first two done."  # type: ignore[union-attr]
    history = [h for h in demo.change_log("E-001") if h.import_id == applied.import_id]
    assert {(h.field, h.old_value, h.new_value) for h in history} == {
        ("Status", first.status, "Draft"),
        ("Review by", first.review_date.isoformat() if first.review_date else None, "2027-03-15")}
    record = imports(demo)[0]
    assert (record.file_name, record.sha256, record.who) == ("edited.xlsx", digest, "tester")
    assert '"Changed in the file": 2' in record.counts
    assert hashlib.sha256(edited.read_bytes()).hexdigest() == digest
    assert before["Evidence"].max_row == load_workbook(edited)["Evidence"].max_row
    # Importing the same file again finds nothing more to do.
    again = preview_log(demo, edited)
    assert _classes(again)["E-001"] is RowClass.WORKSPACE_CHANGE
    assert again.to_write() == []


def test_a_change_made_in_the_workspace_since_export_is_kept(demo: Workspace, log: Path) -> None:
    item = _evidence(demo, "E-002")
    demo.update(e.EvidenceItem, item.id, item.version, status="Draft")
    preview = preview_log(demo, log)
    assert _classes(preview)["E-002"] is RowClass.WORKSPACE_CHANGE
    assert preview.to_write() == []


def test_a_field_changed_on_both_sides_is_a_conflict_shown_field_by_field(
        demo: Workspace, log: Path, tmp_path: Path) -> None:
    item = _evidence(demo, "E-003")
    exported_owner = item.owner
    demo.update(e.EvidenceItem, item.id, item.version, owner="Workspace owner",
                period="Q3 2026")
    edited = edit_log(log, tmp_path / "edited.xlsx", {
        ("Evidence", "E-003", "Owner"): "File owner",
        ("Evidence", "E-003", "Status"): "Draft",
        ("Evidence", "E-003", "Period"): "Q3 2026",  # the same edit on both sides: no conflict
    })
    preview = preview_log(demo, edited)
    outcome = next(o for o in preview.rows if o.ref == "E-003")
    assert outcome.cls is RowClass.CONFLICT
    [conflict] = outcome.conflicts
    assert (conflict.label, conflict.exported, conflict.file, conflict.workspace) == (
        "Owner", exported_owner, "File owner", "Workspace owner")
    assert [c.name for c in outcome.changes if not c.conflict] == ["status"]
    with pytest.raises(ValidationError, match="no choice"):
        apply_preview(demo, preview)
    assert _evidence(demo, "E-003").status == item.status


@pytest.mark.parametrize("policy, owner, status", [
    (ConflictPolicy.FILE_WINS, "File owner", "Draft"),
    (ConflictPolicy.WORKSPACE_WINS, "Workspace owner", "Draft"),
    (ConflictPolicy.SKIP, "Workspace owner", None),
])
def test_each_conflict_choice_for_all_at_once(demo: Workspace, log: Path, tmp_path: Path,
                                              policy: ConflictPolicy, owner: str,
                                              status: str | None) -> None:
    item = _evidence(demo, "E-003")
    demo.update(e.EvidenceItem, item.id, item.version, owner="Workspace owner")
    edited = edit_log(log, tmp_path / "edited.xlsx", {
        ("Evidence", "E-003", "Owner"): "File owner",
        ("Evidence", "E-003", "Status"): "Draft",
        ("Evidence", "E-004", "Period"): "Autumn 2026",
    })
    preview = preview_log(demo, edited)
    preview.resolve_all(policy)
    apply_preview(demo, preview)
    after = _evidence(demo, "E-003")
    assert after.owner == owner
    assert after.status == (status or item.status)
    assert _evidence(demo, "E-004").period == "Autumn 2026"  # rows without conflicts still apply


def test_stop_on_conflict_writes_nothing(demo: Workspace, log: Path, tmp_path: Path) -> None:
    item = _evidence(demo, "E-003")
    demo.update(e.EvidenceItem, item.id, item.version, owner="Workspace owner")
    edited = edit_log(log, tmp_path / "edited.xlsx", {("Evidence", "E-003", "Owner"): "File",
                                                     ("Evidence", "E-004", "Period"): "Later"})
    preview = preview_log(demo, edited)
    preview.resolve_all(ConflictPolicy.STOP)
    entries = len(demo.change_log(limit=None))
    with pytest.raises(ValidationError):
        apply_preview(demo, preview)
    assert len(demo.change_log(limit=None)) == entries
    assert _evidence(demo, "E-004").period != "Later"


def test_one_conflict_chosen_one_way_and_another_the_other(demo: Workspace, log: Path,
                                                           tmp_path: Path) -> None:
    for ref in ("E-003", "E-004"):
        item = _evidence(demo, ref)
        demo.update(e.EvidenceItem, item.id, item.version, owner=f"Workspace {ref}")
    edited = edit_log(log, tmp_path / "edited.xlsx", {("Evidence", "E-003", "Owner"): "File 3",
                                                     ("Evidence", "E-004", "Owner"): "File 4"})
    preview = preview_log(demo, edited)
    by_ref = {o.ref: c for o, c in preview.conflicts}
    by_ref["E-003"].choice = Choice.FILE
    by_ref["E-004"].choice = Choice.WORKSPACE
    apply_preview(demo, preview)
    assert _evidence(demo, "E-003").owner == "File 3"
    assert _evidence(demo, "E-004").owner == "Workspace E-004"


def test_new_rows_become_records_with_new_references(demo: Workspace, log: Path,
                                                     tmp_path: Path) -> None:
    visit = demo.latest_visit()
    assert visit is not None
    step = append_row(log, tmp_path / "a.xlsx", "Evidence", {
        "Title": "Return home interview audit, October", "Themes": "mis; fd",
        "Type": "audit summary", "Direction": "Mixed", "Status": " verified ",
        "As at": "31/10/2026"})
    edited = append_row(step, tmp_path / "b.xlsx", "Checklist", {
        "Category": "Documents", "Item": "Print the RHI audit", "Status": "Not started",
        "Evidence": "E-001,E-002", "Due": "2026-12-01"})
    preview = preview_log(demo, edited)
    new = [o for o in preview.rows if o.cls is RowClass.NEW]
    assert [o.sheet for o in new] == ["Evidence", "Checklist"]
    count = demo.count(e.EvidenceItem)
    apply_preview(demo, preview)
    assert demo.count(e.EvidenceItem) == count + 1
    created = demo.page(e.EvidenceItem)[-1]
    assert created.ref == new[0].ref and created.ref.startswith("E-")
    assert (created.evidence_type, created.status, created.as_at) == (
        "Audit summary", "Verified", dt.date(2026, 10, 31))
    assert sorted(t.code for t in created.themes) == ["FD", "MIS"]
    assert created.include_in_pack and not created.contains_personal_data  # blanks: defaults
    item = demo.by_ref(e.ChecklistItem, new[1].ref)
    assert item is not None and item.visit_id == visit.id
    assert [x.ref for x in item.evidence] == ["E-001", "E-002"]


def test_unknown_and_duplicated_references_are_errors_and_not_applied(
        demo: Workspace, log: Path, tmp_path: Path) -> None:
    book = load_workbook(log)
    sheet = book["Evidence"]
    ref_col, title_col = column(sheet, "Ref"), column(sheet, "Title")
    sheet.cell(row_of(sheet, "E-005"), ref_col).value = "E-999"
    sheet.cell(row_of(sheet, "E-006"), title_col).value = "Edited twice"
    sheet.cell(row_of(sheet, "E-007"), ref_col).value = "E-006"
    book.save(tmp_path / "edited.xlsx")
    preview = preview_log(demo, tmp_path / "edited.xlsx")
    classes = [(o.ref, o.cls) for o in preview.rows if o.cls is not RowClass.UNCHANGED]
    assert ("E-999", RowClass.UNKNOWN) in classes
    assert classes.count(("E-006", RowClass.DUPLICATE)) == 2
    assert ("E-005", RowClass.MISSING) in classes and ("E-007", RowClass.MISSING) in classes
    problems = {(p.sheet, p.column, p.value) for p in preview.errors}
    assert ("Evidence", "Ref", "E-999") in problems and ("Evidence", "Ref", "E-006") in problems
    assert preview.to_write() == []


def test_deleted_in_workspace_and_missing_from_file_are_reported_never_deleted(
        demo: Workspace, log: Path, tmp_path: Path) -> None:
    gone = _evidence(demo, "E-008")
    demo.delete(e.EvidenceItem, gone.id, gone.version)
    book = load_workbook(log)
    sheet = book["Actions"]
    sheet.delete_rows(row_of(sheet, "A-002"))
    book.save(tmp_path / "edited.xlsx")
    preview = preview_log(demo, tmp_path / "edited.xlsx")
    classes = _classes(preview)
    assert classes["E-008"] is RowClass.DELETED
    assert classes["A-002"] is RowClass.MISSING
    count = demo.count(e.Action)
    edited = edit_log(tmp_path / "edited.xlsx", tmp_path / "more.xlsx",
                      {("Actions", "A-001", "Owner"): "New owner"})
    apply_preview(demo, preview_log(demo, edited))
    assert demo.count(e.Action) == count and demo.by_ref(e.Action, "A-002") is not None
    assert demo.by_ref(e.EvidenceItem, "E-008") is None


def test_messy_cells_are_read_forgivingly_and_strictly_where_it_matters(
        demo: Workspace, log: Path, tmp_path: Path) -> None:
    edited = edit_log(log, tmp_path / "edited.xlsx", {
        ("Evidence", "E-001", "Direction"): "  area   FOR improvement ",
        ("Evidence", "E-001", "As at"): "2026-10-31",
        ("Evidence", "E-002", "As at"): "31/10/2026",
        ("Evidence", "E-003", "As at"): "10/31/26",
        ("Evidence", "E-004", "Status"): "Signed off",
        ("Evidence", "E-005", "Include in pack"): "maybe",
        ("Evidence", "E-006", "Summary" if False else "What this shows"):
            "Child's NHS number 943 476 5919 was on the audit sheet.",
        ("Actions", "A-001", "Evidence"): "e-001 ; E-002,E-003",
        ("Actions", "A-002", "Evidence"): "E-001, E-404",
        ("Case samples", "CS-001", "Sample reference"): "007",
    })
    preview = preview_log(demo, edited)
    classes = _classes(preview)
    assert classes["E-001"] is classes["E-002"] is RowClass.FILE_CHANGE
    assert classes["E-003"] is classes["E-004"] is classes["E-005"] is RowClass.INVALID
    assert classes["A-002"] is RowClass.INVALID
    errors = {(p.sheet, p.row, p.column, p.value): p.expected for p in preview.errors}
    sheet = load_workbook(edited)["Evidence"]
    assert errors[("Evidence", row_of(sheet, "E-003"), "As at", "10/31/26")] == \
        "a date, as dd/mm/yyyy or yyyy-mm-dd"
    assert "Draft, Verified, Approved" in errors[("Evidence", row_of(sheet, "E-004"), "Status",
                                                  "Signed off")]
    assert errors[("Evidence", row_of(sheet, "E-005"), "Include in pack", "maybe")] == "Yes or No"
    assert any("E-404" in text for key, text in errors.items() if key[0] == "Actions")
    [warning] = preview.warnings
    text = "Child's NHS number 943 476 5919 was on the audit sheet."
    assert warning.expected.startswith("; ".join(w.message for w in scan(text)))
    apply_preview(demo, preview)
    assert _evidence(demo, "E-001").direction == "Area for improvement"
    assert _evidence(demo, "E-002").as_at == dt.date(2026, 10, 31)
    assert [x.ref for x in demo.by_ref(e.Action, "A-001").evidence] == [  # type: ignore[union-attr]
        "E-001", "E-002", "E-003"]
    assert demo.by_ref(e.CaseSample, "CS-001").sample_ref == "007"  # type: ignore[union-attr]
    assert _evidence(demo, "E-004").status != "Signed off"


def test_columns_in_another_order_or_left_out_are_matched_by_heading(
        demo: Workspace, log: Path, tmp_path: Path) -> None:
    book = load_workbook(log)
    sheet = book["Evidence"]
    sheet.delete_cols(column(sheet, "Period"))
    sheet.move_range(f"B2:B{sheet.max_row}", cols=sheet.max_column)  # Title moves to the end
    sheet.cell(row_of(sheet, "E-001"), sheet.max_column).value = "Front door scorecard (Oct)"
    book.save(tmp_path / "edited.xlsx")
    preview = preview_log(demo, tmp_path / "edited.xlsx")
    changed = [(o.ref, [c.name for c in o.changes]) for o in preview.rows
               if o.cls is not RowClass.UNCHANGED]
    assert changed == [("E-001", ["title"])]
    period = _evidence(demo, "E-001").period
    apply_preview(demo, preview)
    assert _evidence(demo, "E-001").title == "Front door scorecard (Oct)"
    assert _evidence(demo, "E-001").period == period


def test_a_formula_counts_by_its_saved_result_and_without_one_is_an_error(
        demo: Workspace, log: Path, tmp_path: Path) -> None:
    edited = edit_log(log, tmp_path / "edited.xlsx",
                      {("Indicators", "I-001", "Target"): "=70+5"})
    preview = preview_log(demo, edited)
    [problem] = preview.errors
    assert (problem.column, problem.value) == ("Target", "=70+5")
    assert "no saved result" in problem.expected


def test_undo_and_redo_of_an_applied_import(demo: Workspace, log: Path, tmp_path: Path) -> None:
    item = _evidence(demo, "E-001")
    step = edit_log(log, tmp_path / "a.xlsx", {("Evidence", "E-001", "Status"): "Draft",
                                               ("Evidence", "E-001", "Themes"): "FD, CP"})
    edited = append_row(step, tmp_path / "b.xlsx", "Findings", {
        "Finding (verbatim)": "Managers' oversight is not yet consistent.",
        "Kind": "Area for improvement", "Judgement area": "Overall effectiveness",
        "Latest view": "Not yet reviewed", "From": "Monitoring visit 3"})
    count = demo.count(e.Finding)
    applied = apply_preview(demo, preview_log(demo, edited))
    assert sorted(t.code for t in _evidence(demo, "E-001").themes) == ["CP", "FD"]
    [made] = applied.created
    assert demo.by_ref(e.Finding, made.ref).source_visit.title == "Monitoring visit 3"  # type: ignore[union-attr]
    undo_import(demo, applied)
    back = _evidence(demo, "E-001")
    assert back.status == item.status and [t.code for t in back.themes] == \
        [t.code for t in item.themes]
    assert demo.count(e.Finding) == count and imports(demo)[0].undone
    redo_import(demo, applied)
    assert _evidence(demo, "E-001").status == "Draft"
    assert demo.by_ref(e.Finding, made.ref) is not None and not imports(demo)[0].undone


def test_a_record_changed_between_preview_and_apply_stops_the_whole_import(
        demo: Workspace, log: Path, tmp_path: Path) -> None:
    edited = edit_log(log, tmp_path / "edited.xlsx", {("Evidence", "E-001", "Status"): "Draft",
                                                     ("Evidence", "E-002", "Status"): "Draft"})
    preview = preview_log(demo, edited)
    item = _evidence(demo, "E-002")
    demo.update(e.EvidenceItem, item.id, item.version, owner="Someone else")
    with pytest.raises(ConflictError):
        apply_preview(demo, preview)
    assert _evidence(demo, "E-001").status != "Draft"
    assert imports(demo) == []


def test_log_from_another_workspace_needs_a_deliberate_choice(
        demo: Workspace, workspace: Workspace, tmp_path: Path) -> None:
    from importers.evidence_log import LogFromAnotherWorkspace

    log = export_log(demo, tmp_path / "other.xlsx")
    with pytest.raises(LogFromAnotherWorkspace, match="another workspace") as raised:
        preview_log(workspace, log)
    assert "demo" in raised.value.message
    preview = preview_log(demo, log)
    assert not preview.other_workspace
    copy = Workspace.create(tmp_path / "copy.visitready", who="tester")
    try:
        forced = preview_log(copy, log, allow_other_workspace=True)
        assert forced.other_workspace
        assert all(o.cls in (RowClass.UNKNOWN, RowClass.DELETED, RowClass.CONFLICT,
                             RowClass.INVALID, RowClass.UNCHANGED) for o in forced.rows)
    finally:
        copy.close()


def test_reading_can_be_cancelled_and_reports_progress(demo: Workspace, log: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import importers.evidence_log
    from exporters.common import ExportCancelled

    monkeypatch.setattr(importers.evidence_log, "PROGRESS_EVERY", 10)
    seen: list[tuple[int, int, str]] = []
    preview_log(demo, log, progress=lambda done, total, text: seen.append((done, total, text)))
    assert seen and seen[0][2].startswith("Reading Evidence")
    assert all(done <= total for done, total, _t in seen)
    with pytest.raises(ExportCancelled):
        preview_log(demo, log, is_cancelled=lambda: True)


def test_undo_is_refused_when_a_record_changed_since_the_import(demo: Workspace, log: Path,
                                                                tmp_path: Path) -> None:
    edited = edit_log(log, tmp_path / "edited.xlsx", {("Evidence", "E-001", "Status"): "Draft",
                                                     ("Evidence", "E-002", "Status"): "Draft"})
    applied = apply_preview(demo, preview_log(demo, edited))
    item = _evidence(demo, "E-002")
    demo.update(e.EvidenceItem, item.id, item.version, status="Verified")
    with pytest.raises(ConflictError):
        undo_import(demo, applied)
    assert _evidence(demo, "E-001").status == "Draft"  # all or nothing: E-001 not taken back
    assert _evidence(demo, "E-002").status == "Verified"
    assert not imports(demo)[0].undone


def test_a_workspace_from_before_the_import_existed_gets_an_identity_on_upgrade(
        workspace: Workspace, tmp_path: Path) -> None:
    from models.log_format import workspace_id
    from tests.models.test_store import _back_to_first_schema

    path = _back_to_first_schema(workspace)
    with Workspace.open(path, who="tester") as again:
        first = workspace_id(again)
    with Workspace.open(path, who="tester") as again:
        assert workspace_id(again) == first and len(first) == 36
        again.add_visit(number=1, visit_type="Monitoring visit", status="Planned")
        log = export_log(again, tmp_path / "log.xlsx")
        assert {o.cls for o in preview_log(again, log).rows} == {RowClass.UNCHANGED}
