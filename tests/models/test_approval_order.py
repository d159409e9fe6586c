"""Evidence moves Draft -> Verified -> Approved, one step at a time; moving back clears."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from models import entities as e
from models.approvals import allowed_statuses, restore_status, status_state
from models.errors import ValidationError
from models.store import Workspace


def _draft(ws: Workspace) -> e.EvidenceItem:
    return ws.add(e.EvidenceItem, title="Front door scorecard", evidence_type="Performance data",
                  status="Draft", direction="Mixed")


def _history(ws: Workspace, ref: str) -> list[tuple[str, str | None, str | None]]:
    with ws.reading() as s:
        rows = s.scalars(select(e.ChangeLogEntry).where(e.ChangeLogEntry.record_ref == ref)
                         .order_by(e.ChangeLogEntry.id)).all()
        return [(r.field, r.old_value, r.new_value) for r in rows]


def test_draft_cannot_jump_to_approved(workspace: Workspace) -> None:
    item = _draft(workspace)
    with pytest.raises(ValidationError) as raised:
        workspace.update(e.EvidenceItem, item.id, item.version, status="Approved")
    assert "Verify it first: evidence is verified, then approved" in str(raised.value)
    after = workspace.get(e.EvidenceItem, item.id)
    assert after.status == "Draft" and after.approved_by == "" and after.verified_by == ""
    assert after.version == item.version


def test_verified_then_approved_records_each_step(workspace: Workspace) -> None:
    item = _draft(workspace)
    item = workspace.update(e.EvidenceItem, item.id, item.version, status="Verified")
    assert item.verified_by == "tester" and item.approved_by == ""
    item = workspace.update(e.EvidenceItem, item.id, item.version, status="Approved")
    assert item.approved_by == "tester" and item.approved_at is not None


def test_moving_back_clears_later_approvals_and_is_in_the_history(
        workspace: Workspace) -> None:
    item = _draft(workspace)
    item = workspace.update(e.EvidenceItem, item.id, item.version, status="Verified")
    item = workspace.update(e.EvidenceItem, item.id, item.version, status="Approved")
    back = workspace.update(e.EvidenceItem, item.id, item.version, status="Verified")
    assert back.approved_by == "" and back.approved_at is None and back.verified_by == "tester"
    draft = workspace.update(e.EvidenceItem, back.id, back.version, status="Draft")
    assert draft.verified_by == "" and draft.verified_at is None
    history = _history(workspace, item.ref)
    assert ("Status", "Approved", "Verified") in history
    assert ("Approved by", "tester", "") in history
    assert ("Verified by", "tester", "") in history


def test_allowed_statuses_follow_the_order() -> None:
    assert allowed_statuses(None) == ["Draft", "Verified"]
    assert allowed_statuses("Draft") == ["Draft", "Verified"]
    assert allowed_statuses("Verified") == ["Draft", "Verified", "Approved"]
    assert allowed_statuses("Approved") == ["Draft", "Verified", "Approved"]


def test_undoing_a_move_back_restores_the_recorded_approvals(workspace: Workspace) -> None:
    item = _draft(workspace)
    item = workspace.update(e.EvidenceItem, item.id, item.version, status="Verified")
    item = workspace.update(e.EvidenceItem, item.id, item.version, status="Approved")
    kept = status_state(item)
    draft = workspace.update(e.EvidenceItem, item.id, item.version, status="Draft")
    restored = restore_status(workspace, draft.id, draft.version, kept)
    assert restored.status == "Approved"
    assert (restored.verified_by, restored.approved_by) == ("tester", "tester")
    assert restored.approved_at == item.approved_at
