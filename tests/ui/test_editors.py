"""Editors people expect: no error before typing, right grammar, cursor in place, UK dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox, QWidget

from models import entities as e
from models.records import KINDS
from ui.context import Session
from ui.date_field import DateField
from ui.editor import RecordEditor
from ui.table_model import RecordTableModel


def _editor(session: Session, kind: str, qtbot: Any, record: Any = None) -> RecordEditor:
    editor = RecordEditor(session, KINDS[kind], record)
    qtbot.addWidget(editor)
    return editor


def test_a_new_record_opens_without_an_error(session: Session, qtbot: Any) -> None:
    editor = _editor(session, "evidence", qtbot)
    assert editor.form.error.text() == ""
    assert editor.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


def test_saving_an_empty_form_says_what_is_missing_in_plain_english(
        session: Session, qtbot: Any) -> None:
    editor = _editor(session, "evidence", qtbot)
    qtbot.mouseClick(editor.buttons.button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    assert editor.saved is None
    assert "required for an evidence item" in editor.form.error.text()
    case = _editor(session, "case_sample", qtbot)
    case.save()
    assert "for a case sample" in case.form.error.text()


def test_the_cursor_starts_in_the_first_field(session: Session, qtbot: Any) -> None:
    editor = _editor(session, "evidence", qtbot)
    editor.show()
    qtbot.waitExposed(editor)
    first: QWidget = editor.form.widgets[editor.form.specs[0].name]
    assert editor.focusWidget() is first


def test_dates_read_one_way_everywhere_and_come_from_a_calendar(
        session: Session, qtbot: Any) -> None:
    action = next(a for a in session.workspace.all(e.Action) if a.due_date)
    editor = _editor(session, "action", qtbot, action)
    due = editor.form.widgets["due_date"]
    assert isinstance(due, DateField)
    assert due.text() == action.due_date.strftime("%d/%m/%Y")
    model = RecordTableModel(session.workspace, KINDS["action"])
    model.refresh()
    column = next(n for n, c in enumerate(model.columns) if c.name == "due_date")
    row = next(r for r in range(model.rowCount()) if model.record(r).id == action.id)
    assert model.index(row, column).data() == action.due_date.strftime("%d/%m/%Y")
    calendar = due.show_calendar()
    calendar.clicked.emit(QDate(2027, 1, 15))
    assert due.text() == "15/01/2027"
    assert editor.form.changes()["due_date"] == dt.date(2027, 1, 15)


def test_help_text_is_the_tooltip_and_whats_this(session: Session, qtbot: Any) -> None:
    editor = _editor(session, "evidence", qtbot)
    helped = [s for s in editor.form.specs if s.help]
    assert helped
    for spec in helped:
        widget = editor.form.widgets[spec.name]
        assert widget.toolTip() == spec.help and widget.whatsThis() == spec.help


def test_case_actions_can_be_changed_and_removed_and_a_bad_date_is_refused(
        session: Session, qtbot: Any) -> None:
    from ui.case_actions import CaseActionDialog, CaseActionsPanel

    sample = session.workspace.all(e.CaseSample)[0]
    editor = _editor(session, "case_sample", qtbot, sample)
    panel = editor.findChild(CaseActionsPanel)
    assert panel is not None
    dialog = CaseActionDialog(parent=panel)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.description, "Update the chronology")
    qtbot.keyClicks(dialog.due, "next Friday")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert "not a date" in dialog.error.text()

    before = len(sample.case_actions)
    panel.ask = lambda *_: ("Update the chronology", dt.date(2026, 12, 4))
    panel.findChild(QWidget, "addCaseAction").click()
    assert panel.list.count() == before + 1
    panel.list.setCurrentRow(before)
    panel.ask = lambda *_: ("Update the chronology and genogram", dt.date(2026, 12, 11))
    panel.findChild(QWidget, "changeCaseAction").click()
    actions = session.workspace.get(e.CaseSample, sample.id).case_actions
    assert [(a.description, a.due_date) for a in actions][-1] == (
        "Update the chronology and genogram", dt.date(2026, 12, 11))
    assert "11/12/2026" in panel.list.item(before).text()
    session.undo_stack.undo()
    actions = session.workspace.get(e.CaseSample, sample.id).case_actions
    assert actions[-1].description == "Update the chronology"
    panel.reload()
    panel.list.setCurrentRow(before)
    panel.findChild(QWidget, "removeCaseAction").click()
    assert len(session.workspace.get(e.CaseSample, sample.id).case_actions) == before


def test_a_new_evidence_item_takes_attachments_before_its_first_save(
        session: Session, qtbot: Any, tmp_path: Any) -> None:
    report = tmp_path / "Scorecard October.xlsx"
    report.write_bytes(b"scorecard")
    editor = _editor(session, "evidence", qtbot)
    assert editor.attachments is not None
    editor.attachments.attach(report)
    editor.attachments.add_link("https://intranet.example/scorecard")
    assert editor.attachments.list.count() == 2
    editor.form.set_value("title", "Performance scorecard, October")
    editor.form.set_value("evidence_type", "Performance data")
    editor.form.set_value("direction", "Mixed")
    editor.form.set_value("status", "Draft")
    editor.save()
    saved = session.workspace.get(e.EvidenceItem, editor.saved.id)
    assert sorted(a.file_name or a.link for a in saved.attachments) == [
        "Scorecard October.xlsx", "https://intranet.example/scorecard"]


def test_cancel_undoes_everything_the_editor_did(session: Session, qtbot: Any,
                                                 tmp_path: Any) -> None:
    from ui.case_actions import CaseActionsPanel

    evidence = session.workspace.all(e.EvidenceItem)[0]
    before = [a.id for a in evidence.attachments]
    report = tmp_path / "audit.pdf"
    report.write_bytes(b"%PDF")
    editor = _editor(session, "evidence", qtbot, evidence)
    assert editor.attachments is not None
    editor.attachments.attach(report)
    editor.attachments.add_link("https://intranet.example/audit")
    editor.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert [a.id for a in session.workspace.get(e.EvidenceItem, evidence.id).attachments] == before

    sample = session.workspace.all(e.CaseSample)[0]
    count = len(sample.case_actions)
    editor = _editor(session, "case_sample", qtbot, sample)
    panel = editor.findChild(CaseActionsPanel)
    panel.ask = lambda *_: ("Chase the health assessment", None)
    panel.findChild(QWidget, "addCaseAction").click()
    assert len(session.workspace.get(e.CaseSample, sample.id).case_actions) == count + 1
    editor.reject()
    assert len(session.workspace.get(e.CaseSample, sample.id).case_actions) == count
