"""Readiness by SQL aggregates equals the formula (models.readiness.assess) on any workspace."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models import entities as e
from models.readiness import GapKind, VisitReadiness, assess
from models.readiness_sql import assess_visit
from models.review import build_review, rag_reason, review_of_visit
from models.store import Workspace
from models.vocabulary import (
    ActionStatus,
    ChecklistStatus,
    EvidenceStatus,
    EvidenceType,
    Grade,
    LatestView,
    Rag,
)

TODAY = dt.date(2026, 11, 22)
JUDGEMENT = "The experiences and progress of children in care"
TEXTS = ["", "Audit of 40 cases", "DOB 12/03/2011", "ring 07700 900123", "lead@example.org",
         "NHS 943 476 5919 seen"]


def comparable(r: VisitReadiness) -> dict[str, Any]:
    """Everything readiness says, with records named by id (the two reads load separate copies)."""
    themes = [{**{f.name: getattr(t, f.name) for f in dataclasses.fields(t)}, "theme": t.theme.id}
              for t in r.themes]
    return {**{f.name: getattr(r, f.name) for f in dataclasses.fields(r)},
            "visit": r.visit.id, "themes": themes}


@pytest.fixture(scope="module")
def empty_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sql") / "empty.visitready"
    Workspace.create(path, who="tester").close()
    return path


_numbers = itertools.count()
# Dates on and either side of today, where "past" and "overdue" begin.
dates = st.one_of(st.none(), st.sampled_from([-30, -1, 0, 1, 30]).map(
    lambda d: TODAY + dt.timedelta(days=d)))


def build(ws: Workspace, data: st.DataObject) -> list[e.Visit]:
    """A randomly built workspace: overrides, retired themes, two visits with dates, evidence
    at every approval step, audits, findings and actions either side of their dates, Blocked
    checklist items, personal data in texts, parts and the authority's public contacts."""
    themes = ws.themes()
    ids = [t.id for t in themes]
    some = st.lists(st.sampled_from(ids), max_size=3, unique=True)
    authority = ws.all(e.AuthorityProfile)[0]
    ws.update(e.AuthorityProfile, authority.id, authority.version,
              public_contacts=data.draw(st.sampled_from(["", "lead@example.org"])))
    for t in data.draw(st.lists(st.sampled_from(themes), max_size=3, unique_by=lambda t: t.id)):
        rag = data.draw(st.sampled_from([None, *Rag]))
        ws.update(e.Theme, t.id, t.version, rag_override=rag,
                  rag_override_reason="agreed" if rag else "",
                  retired=data.draw(st.booleans()), key_messages=data.draw(st.sampled_from(TEXTS)))
    first = len(ws.all(e.Visit)) + 1
    visits = [ws.add_visit(seed_checklist=data.draw(st.booleans()), number=n,
                           visit_type="Monitoring visit", status="Planned",
                           start_date=data.draw(dates), themes=data.draw(some))
              for n in (first, first + 1)]
    evidence = []
    for _ in range(data.draw(st.integers(0, 12))):
        evidence.append(ws.add(
            e.EvidenceItem, title=data.draw(st.sampled_from(TEXTS)) or "E",
            evidence_type=data.draw(st.sampled_from(list(EvidenceType))), direction="Mixed",
            status=EvidenceStatus.DRAFT, review_date=data.draw(dates), themes=data.draw(some),
            summary=data.draw(st.sampled_from(TEXTS))))
    for item in evidence:  # through the approval steps, as users do
        for status in data.draw(st.sampled_from([[], ["Verified"], ["Verified", "Approved"]])):
            item = ws.update(e.EvidenceItem, item.id, item.version, status=status)
        if data.draw(st.booleans()):
            ws.attach_link(item.id, "https://intranet.example/" + data.draw(
                st.sampled_from(["scorecard", "lead@example.org", "mum@example.org"])))
    for i in range(data.draw(st.integers(0, 10))):
        audited = data.draw(st.booleans())
        sample = ws.add(e.CaseSample, sample_ref=f"S-{i}",
                        visit_id=data.draw(st.sampled_from([v.id for v in visits])),
                        cohort="Child in care", selected_by="Authority", audit_type="Full",
                        audit_date=TODAY if audited else None,
                        overall_grade=data.draw(st.sampled_from([None, *Grade])),
                        themes=data.draw(some), strengths=data.draw(st.sampled_from(TEXTS)))
        if data.draw(st.booleans()):
            ws.add_case_action(sample.id, data.draw(st.sampled_from(TEXTS)) or "Follow up", TODAY)
    findings = [ws.add(e.Finding, text=data.draw(st.sampled_from(TEXTS)) or "F",
                       kind="Area for improvement", judgement=JUDGEMENT,
                       latest_view=data.draw(st.sampled_from(list(LatestView))),
                       themes=data.draw(some))
                for _ in range(data.draw(st.integers(0, 5)))]
    for _ in range(data.draw(st.integers(0, 8)) if findings else 0):
        ws.add(e.Action, description=data.draw(st.sampled_from(TEXTS)) or "A",
               owner=data.draw(st.sampled_from(["Lead", "lead@example.org"])),
               due_date=data.draw(dates.filter(lambda d: d is not None)),
               status=data.draw(st.sampled_from(list(ActionStatus))),
               findings=data.draw(st.lists(st.sampled_from([f.id for f in findings]),
                                           min_size=1, max_size=3, unique=True)))
    for _ in range(data.draw(st.integers(0, 8))):
        ws.add(e.ChecklistItem, visit_id=data.draw(st.sampled_from([v.id for v in visits])),
               theme_id=data.draw(st.sampled_from([None, *ids])), category="Data",
               item=data.draw(st.sampled_from(TEXTS)) or "Prepare",
               status=data.draw(st.sampled_from(list(ChecklistStatus))),
               due_date=data.draw(dates), notes=data.draw(st.sampled_from(TEXTS)))
    return visits


def check_equal(ws: Workspace, visits: list[e.Visit]) -> None:
    """Readiness by SQL says exactly what the formula says, reasons and gaps included."""
    for visit in visits:
        by_sql = assess_visit(ws, visit.id, TODAY)
        formula = assess(ws.contents(visit.id), TODAY)
        assert comparable(by_sql) == comparable(formula)
        assert [rag_reason(t) for t in by_sql.focus] == [rag_reason(t) for t in formula.focus]
        review = review_of_visit(ws, visit.id, TODAY)  # what the review page shows
        expected = build_review(ws.contents(visit.id), formula)
        assert (review.items, review.theme_reasons) == (expected.items, expected.theme_reasons)


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_sql_readiness_equals_the_formula(empty_workspace: Path, tmp_path: Path,
                                          data: st.DataObject) -> None:
    path = tmp_path / f"w{next(_numbers)}.visitready"
    shutil.copy(empty_workspace, path)
    with Workspace.open(path, who="tester") as ws:
        check_equal(ws, build(ws, data))


def test_demo_readiness_by_sql_equals_the_formula(demo: Workspace) -> None:
    visit = demo.latest_visit()
    assert visit is not None
    by_sql = assess_visit(demo, visit.id, TODAY)
    check_equal(demo, [visit])
    kinds = {g.kind for g in by_sql.gaps}  # the demo has things missing, of several kinds
    assert {GapKind.ACTION_OVERDUE, GapKind.INSUFFICIENT_PROGRESS, GapKind.EVIDENCE_PAST_REVIEW} <= kinds


def test_blocked_items_due_before_the_visit_are_gaps_on_both_paths(workspace: Workspace) -> None:
    """Blocked and due from today until the visit: a gap (overdue ones are listed as overdue)."""
    visit = workspace.add_visit(seed_checklist=False, number=1, visit_type="Monitoring visit",
                                status="Planned", start_date=TODAY + dt.timedelta(days=10),
                                themes=[workspace.themes()[0].id])
    due = {}
    for days in (-1, 0, 9, 10):
        item = workspace.add(e.ChecklistItem, visit_id=visit.id, category="Data",
                             item=f"Blocked {days}", status=ChecklistStatus.BLOCKED,
                             due_date=TODAY + dt.timedelta(days=days))
        due[item.ref] = days
    check_equal(workspace, [visit])
    blocked = [g.record_ref for g in assess_visit(workspace, visit.id, TODAY).gaps
               if g.kind is GapKind.CHECKLIST_BLOCKED]
    assert sorted(due[ref] for ref in blocked) == [0, 9]


def test_cases_are_checked_for_actions_through_an_index(workspace: Workspace) -> None:
    """Whether an inadequate case has an action is looked up by index, not by reading every
    case action in the workspace for each case (migration 0015)."""
    from models import readiness_sql

    visit = workspace.add_visit(seed_checklist=False, number=1, visit_type="Monitoring visit",
                                status="Planned", themes=[workspace.themes()[0].id])
    values = {"visit_id": visit.id, "today": TODAY, "start": TODAY}
    with workspace.reading() as s:
        for statement in (readiness_sql._GAPS, readiness_sql._COUNTS):
            sql = statement.params(**values).compile(
                s.get_bind(), compile_kwargs={"literal_binds": True})
            plan = " | ".join(str(row[-1]) for row in s.connection().exec_driver_sql(
                f"EXPLAIN QUERY PLAN {sql}"))
            assert "case_action" in plan
            assert "SCAN case_action" not in plan, plan


def test_the_visits_checklist_and_case_samples_are_counted_from_indexes(
        workspace: Workspace) -> None:
    """Readiness counts a visit's checklist by theme and status, and its audited case samples
    by grade, from indexes holding those columns (migration 0016), without reading a row."""
    from models import readiness_sql

    visit = workspace.add_visit(seed_checklist=False, number=1, visit_type="Monitoring visit",
                                status="Planned", themes=[workspace.themes()[0].id])
    values = {"visit_id": visit.id, "today": TODAY, "start": TODAY}
    with workspace.reading() as s:
        sql = readiness_sql._COUNTS.params(**values).compile(
            s.get_bind(), compile_kwargs={"literal_binds": True})
        plan = " | ".join(str(row[-1]) for row in s.connection().exec_driver_sql(
            f"EXPLAIN QUERY PLAN {sql}"))
    assert "USING COVERING INDEX ix_checklist_item_visit_theme" in plan, plan
    assert "USING COVERING INDEX ix_case_sample_visit_grade" in plan, plan
