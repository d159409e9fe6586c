"""The readiness formula and every kind of gap, on small hand-built workspaces."""

from __future__ import annotations

import datetime as dt

import pytest

from models import entities as e
from models.readiness import GapKind, assess, band
from models.store import RecordQuery, Workspace
from models.vocabulary import Rag

TODAY = dt.date(2026, 11, 22)
D = dt.date


@pytest.fixture
def visit(workspace: Workspace) -> e.Visit:
    """MV4 on 8 December with one focus theme (Children in care), checklist not seeded."""
    cic = next(t for t in workspace.themes() if t.code == "CIC")
    return workspace.add_visit(seed_checklist=False, number=4, visit_type="Monitoring visit",
                               status="Planned", start_date=D(2026, 12, 8),
                               end_date=D(2026, 12, 9), themes=[cic.id])


def _cic(ws: Workspace) -> e.Theme:
    return next(t for t in ws.themes() if t.code == "CIC")


def _evidence(ws: Workspace, n: int, status: str = "Approved", **kw: object) -> None:
    for i in range(n):
        ws.add(e.EvidenceItem, title=f"Evidence {i}", evidence_type="Performance data",
               direction="Strength", status=status, themes=[_cic(ws).id], **kw)


def _samples(ws: Workspace, visit: e.Visit, grades: list[str]) -> list[e.CaseSample]:
    return [ws.add(e.CaseSample, sample_ref=f"MV4-CIC-{i:02d}", visit_id=visit.id,
                   cohort="Child in care", selected_by="Authority", audit_type="Full",
                   audit_date=D(2026, 11, 1), overall_grade=g, themes=[_cic(ws).id])
            for i, g in enumerate(grades, 1)]


def _theme(ws: Workspace, visit: e.Visit) -> object:
    return assess(ws.contents(visit.id), TODAY).focus[0]


def _gap_kinds(ws: Workspace, visit: e.Visit) -> list[GapKind]:
    return [g.kind for g in assess(ws.contents(visit.id), TODAY).gaps]


def test_bands() -> None:
    assert band(0.80) is Rag.GREEN
    assert band(0.79) is Rag.AMBER
    assert band(0.50) is Rag.AMBER
    assert band(0.49) is Rag.RED


def test_empty_focus_theme_is_red_with_both_gaps(workspace: Workspace, visit: e.Visit) -> None:
    tr = _theme(workspace, visit)
    assert tr.score == 0 and tr.rag is Rag.RED
    kinds = _gap_kinds(workspace, visit)
    assert GapKind.NO_APPROVED_EVIDENCE in kinds and GapKind.NO_AUDITED_CASE in kinds


def test_full_evidence_and_samples_make_green(workspace: Workspace, visit: e.Visit) -> None:
    _evidence(workspace, 3)
    _samples(workspace, visit, ["Good", "Good", "Requires improvement to be good"])
    tr = _theme(workspace, visit)
    assert tr.score == pytest.approx(1.0)
    assert tr.rag is Rag.GREEN
    assert tr.grades["Good"] == 2
    assert assess(workspace.contents(visit.id), TODAY).rag is Rag.GREEN


def test_score_weights_evidence_and_samples(workspace: Workspace, visit: e.Visit) -> None:
    _evidence(workspace, 3)
    _samples(workspace, visit, ["Good"])
    tr = _theme(workspace, visit)
    # evidence 1.0 * 0.35 + samples 1/3 * 0.25, over the 0.60 of weight that applies
    assert tr.score == pytest.approx((0.35 + 0.25 / 3) / 0.60)
    assert tr.rag is Rag.AMBER


def test_draft_and_expired_evidence_do_not_count(workspace: Workspace, visit: e.Visit) -> None:
    _evidence(workspace, 2, status="Draft")
    _evidence(workspace, 1, review_date=D(2026, 11, 1))
    _samples(workspace, visit, ["Good"] * 3)
    tr = _theme(workspace, visit)
    assert tr.approved_evidence == 0
    assert tr.rag is Rag.RED
    kinds = _gap_kinds(workspace, visit)
    assert GapKind.EVIDENCE_PAST_REVIEW in kinds


def test_checklist_excludes_not_applicable(workspace: Workspace, visit: e.Visit) -> None:
    _evidence(workspace, 3)
    _samples(workspace, visit, ["Good"] * 3)
    cic = _cic(workspace)
    for status in ("Done", "Not started", "Not applicable"):
        workspace.add(e.ChecklistItem, visit_id=visit.id, theme_id=cic.id, category="Data",
                      item=status, status=status, due_date=D(2026, 12, 1))
    tr = _theme(workspace, visit)
    assert (tr.checklist_done, tr.checklist_applicable) == (1, 2)
    assert tr.score == pytest.approx((0.35 + 0.25 + 0.20 * 0.5) / 0.80)


def test_overdue_action_holds_green_back_to_amber(workspace: Workspace, visit: e.Visit) -> None:
    _evidence(workspace, 3)
    _samples(workspace, visit, ["Good"] * 3)
    finding = workspace.add(e.Finding, text="Placement moves", kind="Area for improvement",
                            judgement="The experiences and progress of children in care",
                            latest_view="Improved", themes=[_cic(workspace).id])
    for n, due in enumerate([D(2026, 11, 1)] + [D(2027, 1, 1)] * 5):
        workspace.add(e.Action, description=f"Action {n}", owner="Head of CIC", due_date=due,
                      status="In progress", findings=[finding.id])
    tr = _theme(workspace, visit)
    assert tr.actions_overdue == 1 and tr.actions_on_track == 5
    assert tr.score >= 0.8
    assert tr.rag is Rag.AMBER
    assert GapKind.ACTION_OVERDUE in _gap_kinds(workspace, visit)


def test_complete_action_is_never_overdue(workspace: Workspace, visit: e.Visit) -> None:
    workspace.add(e.Action, description="Done late", owner="x", due_date=D(2026, 1, 1),
                  status="Complete")
    assert GapKind.ACTION_OVERDUE not in _gap_kinds(workspace, visit)


def test_insufficient_progress_finding_is_reported(workspace: Workspace, visit: e.Visit) -> None:
    workspace.add(e.Finding, text="Supervision does not drive plans", kind="Area for improvement",
                  judgement="The experiences and progress of children in care",
                  latest_view="Insufficient progress", themes=[_cic(workspace).id])
    assert _theme(workspace, visit).insufficient_progress == 1
    assert GapKind.INSUFFICIENT_PROGRESS in _gap_kinds(workspace, visit)


def test_inadequate_case_needs_an_action(workspace: Workspace, visit: e.Visit) -> None:
    _evidence(workspace, 3)
    sample = _samples(workspace, visit, ["Inadequate", "Good", "Good"])[0]
    assert GapKind.INADEQUATE_CASE_WITHOUT_ACTION in _gap_kinds(workspace, visit)
    assert _theme(workspace, visit).rag is Rag.AMBER
    workspace.add_case_action(sample.id, "Manager review within 5 days", D(2026, 11, 27))
    assert GapKind.INADEQUATE_CASE_WITHOUT_ACTION not in _gap_kinds(workspace, visit)
    assert _theme(workspace, visit).rag is Rag.GREEN


def test_green_override_without_evidence_is_a_gap(workspace: Workspace, visit: e.Visit) -> None:
    cic = _cic(workspace)
    workspace.update(e.Theme, cic.id, cic.version, rag_override="Green",
                     rag_override_reason="Inspectors praised it")
    tr = _theme(workspace, visit)
    assert tr.rag is Rag.GREEN and tr.calculated_rag is Rag.RED and tr.overridden
    assert GapKind.GREEN_OVERRIDE_WITHOUT_EVIDENCE in _gap_kinds(workspace, visit)


def test_overdue_checklist_item_points_at_its_record(workspace: Workspace, visit: e.Visit) -> None:
    item = workspace.add(e.ChecklistItem, visit_id=visit.id, category="Logistics",
                         item="Book rooms", status="In progress", due_date=D(2026, 11, 20))
    gaps = [g for g in assess(workspace.contents(visit.id), TODAY).gaps
            if g.kind is GapKind.CHECKLIST_OVERDUE]
    assert [(g.record_kind, g.record_id, g.record_ref) for g in gaps] == [
        ("checklist_item", item.id, item.ref)]


def test_personal_data_in_free_text_is_a_gap(workspace: Workspace, visit: e.Visit) -> None:
    workspace.add(e.CaseSample, sample_ref="MV4-CIC-09", visit_id=visit.id, cohort="Child in care",
                  selected_by="Authority", audit_type="Full",
                  strengths="Carer's number 07700 900123 recorded")
    gaps = [g for g in assess(workspace.contents(visit.id), TODAY).gaps
            if g.kind is GapKind.PERSONAL_DATA]
    assert len(gaps) == 1
    # Finding 1: the gap names the record, the field and the kind, never the matched text.
    assert "07700" not in gaps[0].message and "900123" not in gaps[0].message
    assert gaps[0].record_ref in gaps[0].message
    assert "Strengths" in gaps[0].message and "Phone number" in gaps[0].message


def test_visit_rag_is_no_better_than_its_worst_focus_theme(workspace: Workspace) -> None:
    themes = {t.code: t for t in workspace.themes()}
    visit = workspace.add_visit(seed_checklist=False, number=5, visit_type="Monitoring visit",
                                status="Planned", start_date=D(2026, 12, 8),
                                themes=[themes["CIC"].id, themes["CL"].id])
    _evidence(workspace, 3)
    _samples(workspace, visit, ["Good"] * 3)
    result = assess(workspace.contents(visit.id), TODAY)
    by_code = {t.theme.code: t for t in result.focus}
    assert by_code["CIC"].rag is Rag.GREEN and by_code["CL"].rag is Rag.RED
    assert result.rag is Rag.RED
    assert result.score == pytest.approx(0.8 * (1.0 + 0.0) / 2 + 0.2 * 1.0)
    assert result.days_to_visit == 16


def test_demo_visit_is_amber_with_real_gaps(demo: Workspace) -> None:
    visit = demo.latest_visit()
    assert visit is not None and visit.number == 4
    result = assess(demo.contents(visit.id), TODAY)
    assert result.rag is Rag.AMBER
    kinds = {g.kind for g in result.gaps}
    assert {GapKind.ACTION_OVERDUE, GapKind.CHECKLIST_OVERDUE,
            GapKind.INADEQUATE_CASE_WITHOUT_ACTION, GapKind.INSUFFICIENT_PROGRESS} <= kinds
    assert demo.count(e.ChecklistItem, RecordQuery(equals={"visit_id": visit.id})) >= 16


def test_reasons_and_summaries_count_in_plain_english() -> None:
    """A director hands the pack over unchanged: "1 overdue action", never "action(s)"."""
    from models.vocabulary import counted

    assert counted(1, "overdue action") == "1 overdue action"
    assert counted(2, "overdue action") == "2 overdue actions"
    assert counted(0, "finding") == "0 findings"
    assert counted(3, "child", "children") == "3 children"
