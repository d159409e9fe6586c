"""Honest confirmations: a delete says exactly what else goes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from models import entities as e
from models.records import KINDS
from models.store import RecordQuery
from ui.context import Session
from ui.export_dialog import ExportDialog
from ui.list_page import RecordListPage


def test_deleting_a_visit_names_its_checklist_and_case_samples(
        session: Session, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    page = RecordListPage(session, KINDS["visit"])
    qtbot.addWidget(page)
    page.show()
    row = next(r for r in range(page.model.rowCount())
               if page.model.record(r).title == "Monitoring visit 4")
    visit = page.model.record(row)
    checklist = session.workspace.count(e.ChecklistItem, RecordQuery(equals={"visit_id": visit.id}))
    samples = session.workspace.count(e.CaseSample, RecordQuery(equals={"visit_id": visit.id}))
    assert checklist and samples
    asked: list[str] = []

    def no(_parent: Any, _title: str, text: str, *_a: Any) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", no)
    page.table.selectRow(row)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert len(asked) == 1
    assert f"{checklist} checklist items" in asked[0]
    assert f"{samples} case samples stay" in asked[0]
    assert session.workspace.get(e.Visit, visit.id)  # said no: nothing deleted


def _export_dialog(window: Any, qtbot: Any, out: Path) -> ExportDialog:
    dialog = ExportDialog(window.session, window)
    qtbot.addWidget(dialog)
    out.mkdir(exist_ok=True)
    dialog.folder.setText(str(out))
    return dialog


def test_export_adds_the_extension_asks_before_overwriting_and_offers_to_open(
        window: Any, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import ui.export_files

    opened: list[str] = []
    monkeypatch.setattr(ui.export_files, "ask_after_export", lambda *_: "open")
    monkeypatch.setattr(ui.export_files.QDesktopServices, "openUrl",
                        lambda url: opened.append(url.toLocalFile()))
    out = tmp_path / "exports"
    dialog = _export_dialog(window, qtbot, out)
    dialog.pack_name.setText("MV4 pack")
    dialog.log_name.setText("MV4 log")
    with qtbot.waitSignal(dialog.exported, timeout=60_000):
        dialog.start_export()
    assert sorted(p.name for p in out.iterdir()) == ["MV4 log.xlsx", "MV4 pack.docx"]
    assert opened == [str(out / "MV4 pack.docx")]
    before = (out / "MV4 pack.docx").read_bytes()

    asked: list[str] = []

    def no(_parent: Any, _title: str, text: str, *_a: Any) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", no)
    again = _export_dialog(window, qtbot, out)
    again.pack_name.setText("MV4 pack.docx")
    again.log_name.setText("MV4 log")
    again.start_export()
    assert again.task is None  # said no: nothing started
    assert asked and "MV4 pack.docx" in asked[0] and "MV4 log.xlsx" in asked[0]
    assert (out / "MV4 pack.docx").read_bytes() == before


def test_exports_page_reads_as_a_list_of_documents(
        window: Any, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import ui.export_files

    monkeypatch.setattr(ui.export_files, "ask_after_export", lambda *_: "close")
    dialog = _export_dialog(window, qtbot, tmp_path / "exports")
    with qtbot.waitSignal(dialog.exported, timeout=60_000):
        dialog.start_export()
    page = window.show_page("Exports")
    cells = [page.model.index(0, c).data() for c in range(page.model.columnCount())]
    options = cells[page.model.HEADERS.index("Options")]
    assert "Monitoring visit 4" in options and "personal data left out" in options
    assert "{" not in options
