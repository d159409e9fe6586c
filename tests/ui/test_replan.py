"""Plans follow the visit: moving it moves the checklist (working days kept), says what moved,
and undo puts everything back; a focus theme added later brings its template items."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from models import entities as e
from models.records import KINDS
from models.replan import working_days_before
from models.store import RecordQuery
from ui.editor import RecordEditor


def _checklist(window: Any, visit_id: int) -> dict[int, Any]:
    items = window.workspace.page(e.ChecklistItem, RecordQuery(equals={"visit_id": visit_id},
                                                               limit=1000))
    return {i.id: i for i in items}


def test_moving_a_visit_moves_its_checklist_and_says_what_moved(
        window: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information",
                        lambda _p, _t, text, *_a: told.append(text))
    visit = window.session.visit()
    before = _checklist(window, visit.id)
    open_items = {i.id: i for i in before.values()
                  if i.due_date and i.status not in ("Done", "Not applicable")
                  and i.days_before_visit is not None}
    fixed = [i for i in before.values() if i.due_date and i.days_before_visit is None
             and i.status not in ("Done", "Not applicable")]
    assert open_items and fixed
    editor = RecordEditor(window.session, KINDS["visit"], visit)
    qtbot.addWidget(editor)
    new_start = visit.start_date + dt.timedelta(days=14)
    editor.form.set_value("start_date", new_start)
    editor.form.set_value("end_date", new_start + dt.timedelta(days=1))
    editor.save()
    after = _checklist(window, visit.id)
    for item_id, item in open_items.items():
        assert (working_days_before(after[item_id].due_date, new_start)
                == working_days_before(item.due_date, visit.start_date))
        assert after[item_id].due_date > item.due_date
    done = [i for i in before.values() if i.status == "Done" and i.due_date]
    assert all(after[i.id].due_date == i.due_date for i in done)
    # Dates fixed by hand (the demo's slipped items) stay, and the notice names them.
    assert all(after[i.id].due_date == i.due_date for i in fixed)
    assert told and next(iter(open_items.values())).ref in told[0]
    assert "fixed by hand" in told[0] and fixed[0].ref in told[0]
    window.session.undo_stack.undo()
    assert {i: x.due_date for i, x in _checklist(window, visit.id).items()} == {
        i: x.due_date for i, x in before.items()}
    assert window.workspace.get(e.Visit, visit.id).start_date == visit.start_date


def test_a_focus_theme_added_later_brings_its_template_items(
        window: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QMessageBox, "information", lambda *_a: None)
    visit = window.session.visit()
    new_theme = next(t for t in window.workspace.themes()
                     if t.id not in {x.id for x in visit.themes})
    count = len(_checklist(window, visit.id))
    editor = RecordEditor(window.session, KINDS["visit"], visit)
    qtbot.addWidget(editor)
    editor.form.set_value("themes", [*(t.id for t in visit.themes), new_theme.id])
    editor.save()
    added = [i for i in _checklist(window, visit.id).values()
             if i.theme_id == new_theme.id]
    assert added and all(i.item.startswith(new_theme.name) for i in added)
    assert all(i.due_date and i.due_date < visit.start_date for i in added)
    window.session.undo_stack.undo()
    assert len(_checklist(window, visit.id)) == count
    window.session.undo_stack.redo()
    assert len(_checklist(window, visit.id)) == count + len(added)


def test_the_checklist_says_each_items_place_before_the_visit(window: Any) -> None:
    from ui.table_model import RecordTableModel

    visit = window.session.visit()
    model = RecordTableModel(window.workspace, KINDS["checklist_item"], today=visit.start_date)
    model.refresh()
    column = next(n for n, c in enumerate(model.columns) if c.name == "due_date")
    row = next(r for r in range(model.rowCount())
               if model.record(r).visit_id == visit.id and model.record(r).due_date
               and model.record(r).due_date < visit.start_date)
    item = model.record(row)
    days = working_days_before(item.due_date, visit.start_date)
    assert f"({days} working day" in model.index(row, column).data()
    assert "before)" in model.index(row, column).data()


def test_the_editor_plans_in_days_before_the_visit_and_a_typed_date_stays_put(
        window: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialogButtonBox, QLabel

    from models.checklist_plan import step_working_days

    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information",
                        lambda _p, _t, text, *_a: told.append(text))
    visit = window.session.visit()
    open_items = [i for i in _checklist(window, visit.id).values()
                  if i.status not in ("Done", "Not applicable") and i.days_before_visit]
    planned, fixed = open_items[0], open_items[1]
    # Days before the visit, typed: the due date follows and the line says so.
    editor = RecordEditor(window.session, KINDS["checklist_item"], planned)
    qtbot.addWidget(editor)
    days = editor.form.widgets["days_before_visit"]
    days.setFocus()
    days.selectAll()
    qtbot.keyClicks(days, "4")
    expected = step_working_days(visit.start_date, 4)
    assert editor.form.raw_value("due_date") == expected
    line = editor.findChild(QLabel, "planLine")
    assert line is not None and "4 working days before the visit" in line.text()
    qtbot.mouseClick(editor.buttons.button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    planned = window.workspace.get(e.ChecklistItem, planned.id)
    assert (planned.days_before_visit, planned.due_date) == (4, expected)
    # A due date typed by hand: the offset empties and the item is a fixed date.
    editor = RecordEditor(window.session, KINDS["checklist_item"], fixed)
    qtbot.addWidget(editor)
    due = editor.form.widgets["due_date"]
    due.setFocus()
    due.selectAll()
    hand = fixed.due_date - dt.timedelta(days=1)
    qtbot.keyClicks(due, hand.strftime("%d/%m/%Y"))
    assert editor.form.widgets["days_before_visit"].text() == ""
    assert "Fixed date" in editor.findChild(QLabel, "planLine").text()
    editor.save()
    fixed = window.workspace.get(e.ChecklistItem, fixed.id)
    assert (fixed.days_before_visit, fixed.due_date) == (None, hand)
    # Moving the visit moves the planned item by its offset, leaves the fixed one, and says so.
    editor = RecordEditor(window.session, KINDS["visit"], visit)
    qtbot.addWidget(editor)
    new_start = visit.start_date + dt.timedelta(days=7)
    editor.form.set_value("start_date", new_start)
    editor.form.set_value("end_date", new_start + dt.timedelta(days=1))
    editor.save()
    assert window.workspace.get(e.ChecklistItem, planned.id).due_date == step_working_days(
        new_start, 4)
    assert window.workspace.get(e.ChecklistItem, fixed.id).due_date == hand
    assert told and "fixed by hand" in told[-1] and fixed.ref in told[-1]
    # One undo puts the visit and the plan back; the offsets stay as they were.
    window.session.undo_stack.undo()
    back = window.workspace.get(e.ChecklistItem, planned.id)
    assert (back.due_date, back.days_before_visit) == (expected, 4)
