"""An imported log keeps the editor's rules: the approval order (Draft -> Verified -> Approved,
nothing skipped) and a checklist due date typed by hand becoming a fixed date."""

from __future__ import annotations

from pathlib import Path

import pytest

from importers.log_apply import apply_preview, redo_import, undo_import
from importers.log_compare import preview_log
from models import entities as e
from models.errors import ValidationError
from models.store import Workspace
from tests.importers.conftest import edit_log


def _first(ws: Workspace, status: str) -> e.EvidenceItem:
    return next(x for x in ws.all(e.EvidenceItem) if x.status == status)


def test_a_log_cannot_approve_a_draft(demo: Workspace, log: Path, tmp_path: Path) -> None:
    draft = _first(demo, "Draft")
    edited = edit_log(log, tmp_path / "edited.xlsx", {("Evidence", draft.ref, "Status"): "Approved"})
    with pytest.raises(ValidationError, match="Verify it first"):
        apply_preview(demo, preview_log(demo, edited))
    after = demo.get(e.EvidenceItem, draft.id)
    assert after.status == "Draft" and after.version == draft.version


def test_a_log_records_approvals_and_a_step_back_clears_them(demo: Workspace, log: Path,
                                                             tmp_path: Path) -> None:
    verified = _first(demo, "Verified")
    approved = _first(demo, "Approved")
    assert approved.approved_by
    edited = edit_log(log, tmp_path / "edited.xlsx", {
        ("Evidence", verified.ref, "Status"): "Approved",
        ("Evidence", approved.ref, "Status"): "Draft"})
    apply_preview(demo, preview_log(demo, edited))
    now_approved = demo.get(e.EvidenceItem, verified.id)
    assert now_approved.approved_by == "tester" and now_approved.approved_at is not None
    assert now_approved.verified_by == verified.verified_by
    now_draft = demo.get(e.EvidenceItem, approved.id)
    assert (now_draft.verified_by, now_draft.approved_by) == ("", "")
    assert now_draft.approved_at is None



def _approvals(item: e.EvidenceItem) -> tuple[object, ...]:
    return (item.status, item.verified_by, item.verified_at, item.approved_by, item.approved_at)


def test_undo_puts_back_who_approved_and_redo_who_imported(demo: Workspace, log: Path,
                                                           tmp_path: Path) -> None:
    """Undoing a log that stepped evidence back gives it back its own verifier and approver
    (not the user who undid it); a redo gives back exactly what the import recorded."""
    verified = _first(demo, "Verified")
    approved = _first(demo, "Approved")
    assert approved.approved_by and approved.approved_by != "tester"
    edited = edit_log(log, tmp_path / "edited.xlsx", {
        ("Evidence", verified.ref, "Status"): "Approved",
        ("Evidence", approved.ref, "Status"): "Draft"})
    applied = apply_preview(demo, preview_log(demo, edited))
    imported = [_approvals(demo.get(e.EvidenceItem, x.id)) for x in (verified, approved)]
    undo_import(demo, applied)
    assert [_approvals(demo.get(e.EvidenceItem, x.id)) for x in (verified, approved)] == \
        [_approvals(verified), _approvals(approved)]
    redo_import(demo, applied)
    assert [_approvals(demo.get(e.EvidenceItem, x.id)) for x in (verified, approved)] == imported
    undo_import(demo, applied)
    assert _approvals(demo.get(e.EvidenceItem, approved.id)) == _approvals(approved)

def test_a_due_date_typed_into_the_log_is_fixed_and_undo_restores_the_offset(
        demo: Workspace, log: Path, tmp_path: Path) -> None:
    import datetime as dt

    from importers.log_apply import undo_import

    item = next(i for i in demo.page(e.ChecklistItem)
                if i.days_before_visit is not None and i.due_date is not None
                and i.visit_id == demo.latest_visit().id)  # type: ignore[union-attr]
    typed = item.due_date - dt.timedelta(days=1)  # type: ignore[operator]
    edited = edit_log(log, tmp_path / "edited.xlsx",
                      {("Checklist", item.ref, "Due"): dt.datetime.combine(typed, dt.time())})
    applied = apply_preview(demo, preview_log(demo, edited))
    after = demo.get(e.ChecklistItem, item.id)
    assert (after.due_date, after.days_before_visit) == (typed, None)
    history = [(h.field, h.new_value) for h in demo.change_log(item.ref)]
    assert ("Days before the visit", None) in history
    undo_import(demo, applied)
    back = demo.get(e.ChecklistItem, item.id)
    assert (back.due_date, back.days_before_visit) == (item.due_date, item.days_before_visit)
