"""Real workflows through the widgets: type, press, and check the store and the dashboard."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QMessageBox, QWidget

from models import entities as e
from models.errors import ConflictError
from models.records import KINDS
from models.store import RecordQuery, Workspace
from tests.conftest import TODAY
from ui.context import Session
from ui.dashboard import DashboardPage
from ui.editor import RecordEditor
from ui.list_page import RecordListPage


def _shown_page(session: Session, kind: str, qtbot: Any) -> RecordListPage:
    """A list page on screen (hidden pages re-read their rows only when shown)."""
    page = RecordListPage(session, KINDS[kind])
    qtbot.addWidget(page)
    page.show()
    return page


def _save(editor: RecordEditor, qtbot: Any) -> None:
    button = editor.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert button.isEnabled(), editor.form.error.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _type(widget: QWidget, qtbot: Any, text: str) -> None:
    assert isinstance(widget, QLineEdit)
    widget.clear()
    qtbot.keyClicks(widget, text)


def test_create_a_visit_in_the_editor(session: Session, qtbot: Any) -> None:
    page = _shown_page(session, "visit", qtbot)
    editor = RecordEditor(session, KINDS["visit"], defaults=page.defaults())
    qtbot.addWidget(editor)
    _type(editor.form.widgets["number"], qtbot, "5")
    _type(editor.form.widgets["start_date"], qtbot, "09/03/2027")
    _type(editor.form.widgets["end_date"], qtbot, "2027-03-10")
    _type(editor.form.widgets["lead_inspector"], qtbot, "Priti Lal HMI")
    themes = [t for t in session.workspace.themes() if t.code in ("CP", "PLO")]
    editor.form.widgets["themes"].set_value([t.id for t in themes])
    _save(editor, qtbot)
    visit = editor.saved
    assert visit.title == "Monitoring visit 5"
    assert visit.start_date == dt.date(2027, 3, 9)
    assert [t.code for t in visit.themes] == ["CP", "PLO"]
    checklist = session.workspace.count(e.ChecklistItem, RecordQuery(equals={"visit_id": visit.id}))
    assert checklist >= 16
    assert page.model.total == 6  # the inspection and five monitoring visits


def test_validation_as_you_type_blocks_save(session: Session, qtbot: Any) -> None:
    editor = RecordEditor(session, KINDS["action"], defaults={"status": "Not started"})
    qtbot.addWidget(editor)
    ok = editor.buttons.button(QDialogButtonBox.StandardButton.Ok)
    editor.form.set_value("description", "Audit plans monthly")
    editor.form.set_value("owner", "QA lead")
    _type(editor.form.widgets["due_date"], qtbot, "31-03-2027")
    assert not ok.isEnabled() and "DD/MM/YYYY" in editor.form.error.text()
    _type(editor.form.widgets["start_date"], qtbot, "2027-04-01")
    _type(editor.form.widgets["due_date"], qtbot, "2027-03-31")
    assert not ok.isEnabled() and "before start" in editor.form.error.text()
    _type(editor.form.widgets["due_date"], qtbot, "2027-04-30")
    assert ok.isEnabled()


def test_personal_data_warning_appears_while_typing(session: Session, qtbot: Any) -> None:
    editor = RecordEditor(session, KINDS["case_sample"], defaults={"selected_by": "Authority"})
    qtbot.addWidget(editor)
    editor.show()
    hint = editor.form.hints["strengths"]
    assert not hint.isVisible()
    editor.form.widgets["strengths"].setFocus()
    qtbot.keyClicks(editor.form.widgets["strengths"], "Mum on 07700 900123 agreed")
    assert hint.isVisible()
    assert "Phone number" in hint.text()


def test_evidence_linked_to_a_theme_changes_the_dashboard_and_undo_changes_it_back(
        session: Session, qtbot: Any) -> None:
    dashboard = DashboardPage(session)
    qtbot.addWidget(dashboard)
    dashboard.show()
    qtbot.waitUntil(lambda: dashboard.readiness is not None)
    cl = next(t for t in session.workspace.themes() if t.code == "CL")

    def care_leavers() -> Any:
        assert dashboard.readiness is not None
        return next(t for t in dashboard.readiness.themes if t.theme.code == "CL")

    before = care_leavers()
    page = _shown_page(session, "evidence", qtbot)
    editor = RecordEditor(session, KINDS["evidence"], defaults=page.defaults())
    qtbot.addWidget(editor)
    editor.form.set_value("title", "Care leavers' accommodation audit")
    editor.form.set_value("evidence_type", "Audit summary")
    editor.form.set_value("status", "Approved")
    editor.form.set_value("themes", [cl.id])
    with qtbot.waitSignal(dashboard.refreshed):
        _save(editor, qtbot)
    after = care_leavers()
    assert after.approved_evidence == before.approved_evidence + 1
    assert page.model.total == 62
    with qtbot.waitSignal(dashboard.refreshed):
        session.undo_stack.undo()
    assert care_leavers().approved_evidence == before.approved_evidence
    assert page.model.total == 61
    with qtbot.waitSignal(dashboard.refreshed):
        session.undo_stack.redo()
    assert care_leavers().approved_evidence == before.approved_evidence + 1
    assert session.workspace.by_ref(e.EvidenceItem, editor.saved.ref) is not None


def test_edit_then_undo_and_redo(session: Session, qtbot: Any) -> None:
    item = session.workspace.by_ref(e.EvidenceItem, "E-014")
    assert item is not None and item.status == "Draft"
    editor = RecordEditor(session, KINDS["evidence"], item)
    qtbot.addWidget(editor)
    editor.form.set_value("status", "Verified")
    _save(editor, qtbot)
    assert session.undo_stack.undoText() == "Change status of E-014"
    assert session.workspace.get(e.EvidenceItem, item.id).status == "Verified"
    session.undo_stack.undo()
    assert session.workspace.get(e.EvidenceItem, item.id).status == "Draft"
    session.undo_stack.redo()
    assert session.workspace.get(e.EvidenceItem, item.id).status == "Verified"


def test_someone_elses_edit_is_a_clear_conflict_and_is_kept(session: Session, qtbot: Any,
                                                             demo: Workspace) -> None:
    item = demo.by_ref(e.EvidenceItem, "E-001")
    assert item is not None
    editor = RecordEditor(session, KINDS["evidence"], item)
    qtbot.addWidget(editor)
    with Workspace.open(demo.location, who="colleague") as other:
        other.update(e.EvidenceItem, item.id, item.version, owner="Colleague's change")
    editor.form.set_value("owner", "My change")
    with qtbot.waitSignal(session.error_raised) as raised:
        _save(editor, qtbot)
    error = raised.args[0]
    assert isinstance(error, ConflictError)
    assert "colleague" in error.message and "not saved" in error.hint
    assert demo.get(e.EvidenceItem, item.id).owner == "Colleague's change"
    assert editor.result() == 0  # still open so nothing typed is lost


def test_search_and_filters(session: Session, qtbot: Any) -> None:
    page = _shown_page(session, "evidence", qtbot)
    qtbot.keyClicks(page.search, "scorecard")
    qtbot.waitUntil(lambda: page.model.total == 3)
    assert all("scorecard" in page.model.record(r).title.lower() for r in range(3))
    page.search.clear()
    qtbot.waitUntil(lambda: page.model.total == 61)
    status = page.filters["status"]
    status.setCurrentIndex(status.findData("Draft"))
    assert page.model.total == sum(1 for x in session.workspace.all(e.EvidenceItem)
                                   if x.status == "Draft")
    theme = page.filters["theme"]
    cic = next(t for t in session.workspace.themes() if t.code == "CIC")
    theme.setCurrentIndex(theme.findData(cic.id))
    assert all(any(t.code == "CIC" for t in page.model.record(r).themes)
               for r in range(page.model.rowCount()))


def test_checklist_page_follows_the_chosen_visit(session: Session, qtbot: Any) -> None:
    page = _shown_page(session, "checklist_item", qtbot)
    assert page.model.total == 22
    mv3 = next(v for v in session.workspace.visits() if v.number == 3)
    session.set_visit(mv3.id)
    assert page.model.total == 0


def test_overdue_filter(session: Session, qtbot: Any) -> None:
    page = _shown_page(session, "action", qtbot)
    page.overdue.setChecked(True)
    assert page.model.total == 6


def test_bulk_change_is_one_undo_step(session: Session, qtbot: Any) -> None:
    page = _shown_page(session, "action", qtbot)
    page.table.selectRow(0)
    page.table.selectionModel().select(page.model.index(1, 0),
                                       page.table.selectionModel().SelectionFlag.Select
                                       | page.table.selectionModel().SelectionFlag.Rows)
    chosen = page.selected_records()
    assert len(chosen) == 2
    page.apply_bulk(chosen, {"owner": "Interim head of service"})
    assert {session.workspace.get(e.Action, a.id).owner for a in chosen} == {
        "Interim head of service"}
    assert session.undo_stack.undoText() == "Change owner of 2 actions"
    session.undo_stack.undo()
    assert [session.workspace.get(e.Action, a.id).owner for a in chosen] == [a.owner for a in chosen]


def test_bulk_change_saves_all_or_nothing(session: Session, qtbot: Any) -> None:
    page = _shown_page(session, "action", qtbot)
    page.table.selectAll()
    chosen = page.selected_records()
    assert len(chosen) > 2
    last = chosen[-1]  # someone else changes the last one meanwhile
    session.workspace.update(e.Action, last.id, last.version, progress="Changed elsewhere")
    errors: list[object] = []
    session.error_raised.connect(errors.append)
    page.apply_bulk(chosen, {"owner": "Interim head of service"})
    assert errors  # the user is told
    assert [session.workspace.get(e.Action, a.id).owner for a in chosen] == [
        a.owner for a in chosen]  # and nothing was half done
    assert session.undo_stack.count() == 0


def test_delete_asks_once_and_can_be_undone(session: Session, qtbot: Any,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []

    def yes(*args: Any, **_kw: Any) -> QMessageBox.StandardButton:
        asked.append(args[2])
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", yes)
    page = _shown_page(session, "indicator", qtbot)
    page.table.selectRow(0)
    ref = page.model.record(0).ref
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert len(asked) == 1 and ref in asked[0]
    assert session.workspace.by_ref(e.IndicatorSnapshot, ref) is None
    session.undo_stack.undo()
    assert session.workspace.by_ref(e.IndicatorSnapshot, ref) is not None
    assert page.model.record(0).ref == ref


def test_drop_a_file_on_the_evidence_page(session: Session, qtbot: Any, tmp_path: Path) -> None:
    page = _shown_page(session, "evidence", qtbot)
    dropped = tmp_path / "Corporate_parenting_report.pdf"
    dropped.write_bytes(b"%PDF-1.7 report")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(dropped))])
    event = QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    page.dropEvent(event)
    made = session.workspace.by_ref(e.EvidenceItem, "E-062")
    assert made is not None and made.title == "Corporate parenting report"
    assert made.status == "Draft"
    assert [a.file_name for a in made.attachments] == ["Corporate_parenting_report.pdf"]
    assert session.workspace.attachment_content(made.attachments[0].id) == b"%PDF-1.7 report"
    assert page.model.total == 62


def test_columns_chosen_by_the_user_are_remembered(session: Session, qtbot: Any) -> None:
    page = _shown_page(session, "evidence", qtbot)
    source = next(n for n, c in enumerate(page.model.columns) if c.name == "source")
    assert page.table.isColumnHidden(source)
    page._set_column_shown(source, True)
    again = _shown_page(session, "evidence", qtbot)
    assert not again.table.isColumnHidden(source)


def test_unexpected_error_is_logged_and_shown_as_a_bug(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import logging

    from ui import app_errors

    shown: list[str] = []
    monkeypatch.setattr(app_errors.QMessageBox, "exec", lambda box: shown.append(box.text()))
    log_path = tmp_path / "visitready.log"
    handler = logging.FileHandler(log_path)
    logging.getLogger().addHandler(handler)
    old = sys.excepthook
    try:
        app_errors.install_excepthook(log_path)
        try:
            raise ZeroDivisionError("boom")
        except ZeroDivisionError:
            sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = old
        logging.getLogger().removeHandler(handler)
        handler.close()
    assert "ZeroDivisionError: boom" in log_path.read_text()
    assert shown and str(log_path) in shown[0] and "did not expect" in shown[0]


def test_authority_profile_edit_and_undo(session: Session, qtbot: Any) -> None:
    authority = session.workspace.authority()
    editor = RecordEditor(session, KINDS["authority"], authority)
    qtbot.addWidget(editor)
    editor.form.set_value("name", "Wyvern Vale Council Children's Services")
    editor.form.set_value("grade_overall", "Requires improvement to be good")
    _save(editor, qtbot)
    assert session.workspace.authority().grade_overall == "Requires improvement to be good"
    session.undo_stack.undo()
    assert session.workspace.authority().name == "Wyvern Vale Council"
    assert session.workspace.authority().grade_overall == "Inadequate"


def test_attachments_and_audit_actions_are_undoable(session: Session, qtbot: Any,
                                                    tmp_path: Path) -> None:
    from ui import commands
    from ui.editor import AttachmentsPanel, CaseActionsPanel

    item = session.workspace.by_ref(e.EvidenceItem, "E-024")
    assert item is not None and item.attachments == []
    panel = AttachmentsPanel(session, item.id)
    qtbot.addWidget(panel)
    (tmp_path / "scorecard.xlsx").write_bytes(b"scorecard bytes")
    panel.attach(tmp_path / "scorecard.xlsx")
    assert panel.list.count() == 1
    assert "SHA-256" in panel.list.item(0).text()
    session.undo_stack.undo()
    assert session.workspace.get(e.EvidenceItem, item.id).attachments == []
    session.undo_stack.redo()
    again = session.workspace.get(e.EvidenceItem, item.id).attachments
    assert [a.file_name for a in again] == ["scorecard.xlsx"]
    commands.remove_attachment(session, session.workspace.get(e.EvidenceItem, item.id), again[0])
    assert session.workspace.get(e.EvidenceItem, item.id).attachments == []
    session.undo_stack.undo()
    back = session.workspace.get(e.EvidenceItem, item.id).attachments
    assert session.workspace.attachment_content(back[0].id) == b"scorecard bytes"

    sample = session.workspace.by_ref(e.CaseSample, "CS-003")
    assert sample is not None and sample.case_actions == []
    actions = CaseActionsPanel(session, sample.id)
    qtbot.addWidget(actions)
    commands.add_case_action(session, sample, "Manager review within 5 days", TODAY)
    assert [a.description for a in session.workspace.get(e.CaseSample, sample.id).case_actions] \
        == ["Manager review within 5 days"]
    assert session.undo_stack.undoText() == "Add an action to CS-003"
    session.undo_stack.undo()
    assert session.workspace.get(e.CaseSample, sample.id).case_actions == []


def test_enter_and_double_click_open_the_editor(session: Session, qtbot: Any,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import ui.list_page

    opened: list[str] = []
    monkeypatch.setattr(ui.list_page, "open_editor",
                        lambda _s, _k, record, **_kw: opened.append(record.ref))
    page = _shown_page(session, "finding", qtbot)
    page.table.setCurrentIndex(page.model.index(2, 1))
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    page.table.doubleClicked.emit(page.model.index(4, 1))
    assert opened == ["F-003", "F-005"]


def test_owner_and_rag_filters(session: Session, qtbot: Any) -> None:
    page = _shown_page(session, "action", qtbot)
    owner = page.filters["owner"]
    owner.setCurrentIndex(owner.findData("Dev Ashcombe (Head of Service, Care Leavers)"))
    assert page.model.total == 3
    rag = page.filters["rag"]
    rag.setCurrentIndex(rag.findData("Red"))
    assert {page.model.record(r).ref for r in range(page.model.rowCount())} == {"A-012"}
