"""Checklist items keep their offset from the visit as a stored field; re-planning uses it and
leaves dates fixed by hand; migration 0010 fills it for existing items from the template."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from models import entities as e
from models import migrations
from models.checklist_plan import (
    count_working_days,
    due_for,
    offset_words,
    settle,
    step_working_days,
)
from models.replan import replan
from models.store import RecordQuery, Workspace
from tests.models.conftest import raw_connect

D = dt.date


def _items(ws: Workspace, visit_id: int) -> list[e.ChecklistItem]:
    return ws.page(e.ChecklistItem, RecordQuery(equals={"visit_id": visit_id}, limit=1000))


def test_working_days_skip_weekends_and_england_bank_holidays() -> None:
    # Monday 4 January 2027: counting back skips the weekend, New Year's Day (Friday 1
    # January), the Boxing Day substitute (Monday 28 December) and Christmas Day (Friday 25).
    assert step_working_days(D(2027, 1, 4), 1) == D(2026, 12, 31)
    assert step_working_days(D(2027, 1, 4), 3) == D(2026, 12, 29)
    assert step_working_days(D(2027, 1, 4), 4) == D(2026, 12, 24)
    assert step_working_days(D(2027, 1, 4), 5) == D(2026, 12, 23)
    assert count_working_days(D(2026, 12, 24), D(2027, 1, 4)) == 4
    for n in range(-5, 30):
        assert count_working_days(step_working_days(D(2027, 1, 4), n), D(2027, 1, 4)) == n
    assert due_for(D(2026, 12, 7), 5, False) == D(2026, 12, 2)
    assert offset_words(5, True) == "5 working days before the visit"
    assert offset_words(1, False) == "1 day before the visit"
    assert offset_words(None, True) == "fixed date"


def test_a_new_visit_checklist_carries_the_template_offsets(workspace: Workspace) -> None:
    themes = workspace.themes()
    visit = workspace.add_visit(number=1, visit_type="Monitoring visit", status="Planned",
                                start_date=D(2026, 12, 7), themes=[themes[0].id])
    items = _items(workspace, visit.id)
    annex = next(i for i in items if i.item.startswith("Annex A lists"))
    assert (annex.days_before_visit, annex.working_days) == (5, True)
    assert annex.due_date == D(2026, 11, 30)  # Monday a week before: 5 working days
    assert all(i.days_before_visit is not None for i in items)


def test_replanning_uses_the_stored_offset_and_leaves_fixed_dates(workspace: Workspace) -> None:
    themes = workspace.themes()
    before = workspace.add_visit(number=1, visit_type="Monitoring visit", status="Planned",
                                 start_date=D(2026, 12, 7), themes=[themes[0].id])
    items = _items(workspace, before.id)
    annex = next(i for i in items if i.item.startswith("Annex A lists"))
    rooms = next(i for i in items if i.item.startswith("Rooms booked"))
    # Fixed by hand: the store keeps what it is given; the editor's rule clears the offset.
    rooms = workspace.update(e.ChecklistItem, rooms.id, rooms.version, due_date=D(2026, 11, 20),
                             days_before_visit=None)
    after = workspace.update(e.Visit, before.id, before.version, start_date=D(2027, 1, 4))
    done = replan(workspace, before, after)
    moved = workspace.get(e.ChecklistItem, annex.id)
    assert moved.due_date == step_working_days(D(2027, 1, 4), 5) == D(2026, 12, 23)
    assert moved.days_before_visit == 5
    assert workspace.get(e.ChecklistItem, rooms.id).due_date == D(2026, 11, 20)
    assert rooms.ref in done.fixed
    assert any("fixed by hand" in line and rooms.ref in line for line in done.describe())


def test_settle_makes_a_typed_date_fixed_and_typed_days_set_the_date() -> None:
    current = {"due_date": D(2026, 11, 30), "days_before_visit": 5, "working_days": True}
    start = D(2026, 12, 7)
    assert settle(current, {"due_date": D(2026, 11, 25)}, start) == {
        "due_date": D(2026, 11, 25), "days_before_visit": None}
    assert settle(current, {"days_before_visit": 2}, start) == {
        "days_before_visit": 2, "due_date": D(2026, 12, 3)}
    assert settle(current, {"working_days": False}, start) == {
        "working_days": False, "due_date": D(2026, 12, 2)}
    # A date that agrees with the offset keeps it.
    assert settle(current, {"due_date": D(2026, 11, 30)}, start) == {"due_date": D(2026, 11, 30)}


def test_a_focus_theme_added_later_brings_items_with_their_offsets(workspace: Workspace) -> None:
    themes = workspace.themes()
    before = workspace.add_visit(number=1, visit_type="Monitoring visit", status="Planned",
                                 start_date=D(2026, 12, 7), themes=[themes[0].id])
    after = workspace.update(e.Visit, before.id, before.version,
                             themes=[themes[0].id, themes[1].id])
    done = replan(workspace, before, after)
    added = [workspace.get(e.ChecklistItem, i) for i in done.added]
    assert added and all(i.theme_id == themes[1].id for i in added)
    case_list = next(i for i in added if "Case list prepared" in i.item)
    assert (case_list.days_before_visit, case_list.working_days) == (3, True)
    assert case_list.due_date == step_working_days(D(2026, 12, 7), 3)


def _check_migration_0010(workspace: Workspace, reopen: Callable[[], Workspace],
                          run_sql: Callable[[str, dict[str, Any]], None]) -> None:
    """Items seeded before 0010 get their template offsets; one moved by hand, the offset its
    date shows; one of the user's own, none."""
    from alembic import command

    themes = workspace.themes()
    visit = workspace.add_visit(number=1, visit_type="Monitoring visit", status="Planned",
                                start_date=D(2026, 12, 7), themes=[themes[0].id])
    items = {i.item: i for i in _items(workspace, visit.id)}
    mine = workspace.add(e.ChecklistItem, visit_id=visit.id, category="Logistics",
                         item="Car parking for inspectors", due_date=D(2026, 12, 1),
                         status="Not started")
    cfg = migrations._config()
    with workspace._engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, "0009b")
    workspace.close()
    per_theme = f"{themes[0].name}: Audit summary prepared"
    annex_a = "Annex A lists extracted, checked and ready to send"
    # As earlier versions left them: seeded in calendar days, one since moved by re-planning.
    run_sql("update checklist_item set due_date = :due where id = :id",
            {"due": D(2026, 12, 2), "id": items[annex_a].id})
    run_sql("update checklist_item set due_date = :due where id = :id",
            {"due": D(2026, 11, 26), "id": items[per_theme].id})
    with reopen() as again:
        assert again.schema_revision() == migrations.head_revision()
        annex = again.get(e.ChecklistItem, items[annex_a].id)
        assert (annex.days_before_visit, annex.working_days) == (5, False)
        moved = again.get(e.ChecklistItem, items[per_theme].id)
        assert (moved.days_before_visit, moved.working_days) == (7, True)
        assert again.get(e.ChecklistItem, mine.id).days_before_visit is None
        assert again.get(e.ChecklistItem, mine.id).working_days is True


def test_migration_0010_fills_offsets_from_the_template(workspace: Workspace) -> None:
    path = Path(workspace.location)

    def run_sql(sql: str, values: dict[str, Any]) -> None:
        with raw_connect(path) as raw:
            raw.execute(sql, {k: v.isoformat() if isinstance(v, dt.date) else v
                              for k, v in values.items()})
            raw.commit()

    _check_migration_0010(workspace, lambda: Workspace.open(path, who="tester"), run_sql)


def test_migration_0010_fills_offsets_on_the_server_too(url: str) -> None:
    """The same fill on PostgreSQL, over items that exist when the migration runs."""
    def run_sql(sql: str, values: dict[str, Any]) -> None:
        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(text(sql), values)
        engine.dispose()

    _check_migration_0010(Workspace.connect(url, who="tester"),
                          lambda: Workspace.connect(url, who="tester"), run_sql)
