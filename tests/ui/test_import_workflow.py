"""File → Import evidence log through the widgets: read the preview, resolve a conflict, apply, undo."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from importers.log_compare import Choice, RowClass
from models import entities as e
from tests.importers.conftest import edit_log, export_log
from ui.import_dialog import ImportLogDialog


def _open_preview(window: Any, qtbot: Any, path: Path) -> ImportLogDialog:
    dialog = window.import_log(path)
    assert isinstance(dialog, ImportLogDialog)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=60_000)
    return dialog


def _counts(dialog: ImportLogDialog) -> dict[tuple[str, str], str]:
    table = dialog.counts
    return {(table.verticalHeaderItem(r).text(), table.horizontalHeaderItem(c).text()):
            table.item(r, c).text()
            for r in range(table.rowCount()) for c in range(table.columnCount())}


def test_import_preview_resolve_apply_and_undo(window: Any, qtbot: Any, tmp_path: Path,
                                               errors: list[Any], qtmodeltester: Any) -> None:
    ws = window.session.workspace
    log = export_log(ws, tmp_path / "log.xlsx")
    item = ws.by_ref(e.EvidenceItem, "E-003")
    ws.update(e.EvidenceItem, item.id, item.version, owner="Owner typed in VisitReady")
    first = ws.by_ref(e.EvidenceItem, "E-001")
    new_status = "Draft" if first.status != "Draft" else "Verified"
    edited = edit_log(log, tmp_path / "edited.xlsx", {
        ("Evidence", "E-003", "Owner"): "Owner typed in Excel",
        ("Evidence", "E-001", "Status"): new_status,
    })
    dialog = _open_preview(window, qtbot, edited)

    # The counts and the field-by-field grid say what will happen; nothing is written yet.
    qtmodeltester.check(dialog.model)
    counts = _counts(dialog)
    assert counts[("Evidence", "Changed in the file")] == "1"
    assert counts[("Evidence", "Changed in both (conflict)")] == "1"
    rows = [[dialog.model.index(r, c).data() for c in range(dialog.model.columnCount())]
            for r in range(dialog.model.rowCount())]
    conflict_row = next(n for n, r in enumerate(rows) if r[2] == "E-003")
    assert rows[conflict_row][3:9] == ["Changed in both (conflict)", "Owner", item.owner,
                                       "Owner typed in Excel", "Owner typed in VisitReady",
                                       "Choose\u2026"]
    assert not dialog.apply_button.isEnabled()
    assert "1 conflicting value" in dialog.status.text()
    assert ws.by_ref(e.EvidenceItem, "E-001").status == first.status

    # Resolve the conflict: select its row and take the file's value.
    dialog.grid.selectRow(conflict_row)
    qtbot.mouseClick(dialog.use_file, Qt.MouseButton.LeftButton)
    assert dialog.model.index(conflict_row, 8).data() == Choice.FILE.value
    assert dialog.apply_button.isEnabled() and dialog.apply_button.text() == "Apply 2 changes"
    with qtbot.waitSignal(dialog.imported, timeout=60_000):
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert ws.by_ref(e.EvidenceItem, "E-003").owner == "Owner typed in Excel"
    assert ws.by_ref(e.EvidenceItem, "E-001").status == new_status
    history = window.show_page("Change history").model  # as the user looks at it
    marked = [(history.index(r, 2).data(), history.index(r, 4).data(), history.index(r, 7).data())
              for r in range(history.rowCount())]
    assert ("E-003", "Owner", f"Import of edited.xlsx (SHA-256 {dialog.preview.sha256[:12]}\u2026)") \
        in marked
    exports_page = window.pages["Exports"]
    assert exports_page.imports.model().rowCount() == 1
    assert exports_page.imports.model().index(0, 2).data() == "edited.xlsx"

    # One undo step takes the whole import back.
    assert window.undo_action.text() == "&Undo Import evidence log edited.xlsx"
    window.undo_action.trigger()
    assert ws.by_ref(e.EvidenceItem, "E-003").owner == "Owner typed in VisitReady"
    assert ws.by_ref(e.EvidenceItem, "E-001").status == first.status
    assert exports_page.imports.model().index(0, 5).data() == "Undone"
    window.redo_action.trigger()
    assert ws.by_ref(e.EvidenceItem, "E-003").owner == "Owner typed in Excel"
    assert errors == []


def test_a_bad_file_is_shown_in_plain_words_and_the_dialog_closes(
        window: Any, qtbot: Any, tmp_path: Path, errors: list[Any]) -> None:
    bad = tmp_path / "minutes.xlsx"
    bad.write_text("Minutes of the improvement board")
    dialog = window.import_log(bad)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=60_000)
    assert [type(x).__name__ for x in errors] == ["ImportFileError"]
    assert "is not an Excel workbook" in errors[0].message


def test_save_the_summary_as_a_report(window: Any, qtbot: Any, tmp_path: Path) -> None:
    log = export_log(window.session.workspace, tmp_path / "log.xlsx")
    dialog = _open_preview(window, qtbot, log)
    assert dialog.preview is not None and set(dialog.preview.totals()) == {RowClass.UNCHANGED}
    assert not dialog.apply_button.isEnabled()
    dialog.save_report(tmp_path / "report.txt")
    text = (tmp_path / "report.txt").read_text(encoding="utf-8")
    assert "Preview only: nothing has been written." in text
    assert "Evidence: " in text and "unchanged" in text
    dialog.reject()


def test_a_log_from_another_workspace_is_imported_only_when_the_user_says_so(
        window: Any, qtbot: Any, tmp_path: Path, monkeypatch: Any) -> None:
    from PySide6.QtWidgets import QMessageBox

    from models.store import Workspace

    other = Workspace.create(tmp_path / "other.visitready", who="tester")
    try:
        other.add_visit(number=1, visit_type="Monitoring visit", status="Planned")
        log = export_log(other, tmp_path / "other-log.xlsx")
    finally:
        other.close()
    asked: list[str] = []

    def answer(button: Any) -> Any:
        def question(_parent: Any, _title: str, text: str, *_args: Any) -> Any:
            asked.append(text)
            return button
        return question

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    dialog = window.import_log(log)
    qtbot.waitUntil(lambda: bool(asked) and not dialog.isVisible(), timeout=60_000)
    assert "another workspace, \u201cother\u201d" in asked[0] and dialog.preview is None
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    dialog = _open_preview(window, qtbot, log)
    assert dialog.preview is not None and dialog.preview.other_workspace
    assert "another workspace" in dialog.heading.text()
    dialog.reject()
