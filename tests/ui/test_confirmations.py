"""Honest confirmations: a delete says exactly what else goes."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from models import entities as e
from models.records import KINDS
from models.store import RecordQuery
from ui.context import Session
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
