"""Retention: case samples are due for erasure a set time after their visit, then erased."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from models import entities as e
from models.privacy.retention import add_months, count_due, due, erase_due
from models.store import Workspace

D = dt.date


def _sample(ws: Workspace, visit: e.Visit, note: str) -> e.CaseSample:
    return ws.add(e.CaseSample, sample_ref="MV1-FD-01", visit_id=visit.id, cohort="Child in care",
                  selected_by="Authority", audit_type="Full", strengths=note)


def test_add_months_keeps_to_real_days() -> None:
    assert add_months(D(2025, 1, 31), 1) == D(2025, 2, 28)
    assert add_months(D(2025, 11, 8), 12) == D(2026, 11, 8)


def test_samples_are_due_the_set_months_after_their_visit_and_erased(workspace: Workspace) -> None:
    old = workspace.add_visit(seed_checklist=False, number=1, visit_type="Monitoring visit",
                              status="Letter published", start_date=D(2025, 3, 4), end_date=D(2025, 3, 5))
    recent = workspace.add_visit(seed_checklist=False, number=2, visit_type="Monitoring visit",
                                 status="Letter published", start_date=D(2026, 6, 1))
    kept = _sample(workspace, recent, "kept")
    gone = _sample(workspace, old, "Mother Jolene Bloggsworth spoke about school")
    workspace.add_case_action(gone.id, "Check with Jolene Bloggsworth", None)

    assert [r.ref for r in due(workspace, D(2026, 3, 4))] == []
    listed = due(workspace, D(2026, 3, 5))
    assert [(r.ref, r.due_on) for r in listed] == [(gone.ref, D(2026, 3, 5))]

    authority = workspace.authority()
    workspace.update(e.AuthorityProfile, authority.id, authority.version, retention_months=3)
    assert {r.ref for r in due(workspace, D(2026, 9, 1))} == {gone.ref, kept.ref}
    workspace.update(e.AuthorityProfile, authority.id, authority.version + 1, retention_months=12)

    assert erase_due(workspace, listed) == 1
    assert due(workspace, D(2026, 3, 5)) == []
    assert [s.ref for s in workspace.all(e.CaseSample)] == [kept.ref]
    path = Path(workspace.location)
    workspace.close()
    assert b"Bloggsworth" not in path.read_bytes()


def test_the_dashboard_count_is_the_length_of_the_list(workspace: Workspace) -> None:
    """The dashboard counts what the Retention page lists, without reading every sample."""
    old = workspace.add_visit(seed_checklist=False, number=1, visit_type="Monitoring visit",
                              status="Letter published", start_date=D(2025, 3, 4))
    undated = workspace.add_visit(seed_checklist=False, number=2, visit_type="Monitoring visit",
                                  status="Planned")
    recent = workspace.add_visit(seed_checklist=False, number=3, visit_type="Monitoring visit",
                                 status="Letter published", start_date=D(2026, 6, 1),
                                 end_date=D(2026, 6, 3))
    for visit in (old, old, undated, recent, recent, recent):
        _sample(workspace, visit, "note")
    for day, expected in ((D(2026, 3, 3), 0), (D(2026, 3, 4), 2), (D(2027, 6, 3), 5)):
        assert count_due(workspace, day) == len(due(workspace, day)) == expected
