"""Document control in the export dialog, final packs on the Exports page, the visit's timetable."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx import Document
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QPushButton

from models import entities as e
from models import on_site
from models.errors import ValidationError
from models.pack_control import load_control, snapshots
from models.records import KINDS
from ui.context import Session
from ui.editor import RecordEditor
from ui.export_dialog import ExportDialog


def _dialog(window: Any, qtbot: Any, out: Path) -> ExportDialog:
    dialog = ExportDialog(window.session, window)
    qtbot.addWidget(dialog)
    out.mkdir(exist_ok=True)
    dialog.folder.setText(str(out))
    return dialog


def test_final_export_needs_an_approver_then_freezes_and_can_be_written_again(
        window: Any, qtbot: Any, tmp_path: Path, errors: list[Any]) -> None:
    out = tmp_path / "exports"
    dialog = _dialog(window, qtbot, out)
    assert dialog.version.text() == "1.0"  # the demo's last document control for this visit
    dialog.status.setCurrentText("Final")
    dialog.start_export()
    assert [type(x) for x in errors] == [ValidationError] and "approved" in errors[0].message
    assert list(out.iterdir()) == [] and snapshots(window.workspace)[0].version == "0.9"
    qtbot.keyClicks(dialog.approved_by, "Ruth Halloway (DCS)")
    qtbot.keyClicks(dialog.approved_on, "21/11/2026")
    dialog.audience.setCurrentText("Members")
    dialog.with_review.setChecked(True)
    with qtbot.waitSignal(dialog.exported, timeout=60_000) as done:
        dialog.start_export()
    kinds = [k for k, _ in done.args[0]]
    assert kinds == ["Briefing pack", "Evidence log", "Readiness review"]
    visit_id = window.session.visit_id
    assert load_control(window.workspace, visit_id).approved_by == "Ruth Halloway (DCS)"
    final = snapshots(window.workspace)[0]
    assert (final.version, final.approved_by) == ("1.0", "Ruth Halloway (DCS)")
    page = window.pages["Exports"]
    assert page.finals.model().index(0, 1).data() == "1.0"
    assert page.finals.model().index(0, 5).data() == final.data_sha256
    again = tmp_path / "again.docx"
    with qtbot.waitSignal(page.final_pack_written, timeout=60_000):
        page.rewrite_final_pack(final.id, again)
    first = [p.text for p in Document(str(out / dialog.pack_name.text())).paragraphs]
    assert [p.text for p in Document(str(again)).paragraphs] == first
    assert sum(1 for x in window.workspace.exports() if x.file_name == "again.docx") == 1


def test_readiness_review_alone_for_the_weekly_meeting(window: Any, qtbot: Any,
                                                       tmp_path: Path) -> None:
    out = tmp_path / "exports"
    dialog = _dialog(window, qtbot, out)
    button = dialog.findChild(QPushButton, "reviewOnly")
    with qtbot.waitSignal(dialog.exported, timeout=60_000) as done:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert [k for k, _ in done.args[0]] == ["Readiness review"]
    assert [p.name for p in out.iterdir()] == [dialog.review_name.text()]


def test_visit_editor_edits_lines_to_take_and_the_timetable(session: Session, qtbot: Any,
                                                            errors: list[Any]) -> None:
    reported: list[Any] = []
    session.error_raised.connect(reported.append)
    visit = session.workspace.latest_visit()
    assert visit is not None
    editor = RecordEditor(session, KINDS["visit"], visit)
    qtbot.addWidget(editor)
    editor.form.set_value("lines_to_take", "We know ourselves well.")
    panel = editor.findChild(QPushButton, "addSlot").parent()
    table = panel.table
    before = table.rowCount()
    assert before == 8
    qtbot.mouseClick(editor.findChild(QPushButton, "addSlot"), Qt.MouseButton.LeftButton)
    assert table.rowCount() == before + 1
    row = next(r for r in range(table.rowCount()) if table.item(r, 4).text() == "New entry")
    table.item(row, 4).setText("Meeting with the lead member")
    slot = next(s for s in on_site.slots(session.workspace, visit.id)
                if s.activity == "Meeting with the lead member")
    table.item(next(r for r in range(table.rowCount())
                    if table.item(r, 4).text() == "Meeting with the lead member"), 1).setText("9am")
    assert reported and "not a time" in reported[-1].message
    assert on_site.slots(session.workspace, visit.id)[0].start_time != "9am"
    editor.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert session.workspace.get(e.Visit, visit.id).lines_to_take == "We know ourselves well."
    assert slot.visit_id == visit.id
