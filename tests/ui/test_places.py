"""File dialogs start in the user's documents folder, never the program's own folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog

from models import entities as e
from models.records import KINDS
from ui.editor import RecordEditor
from ui.export_dialog import ExportDialog
from ui.places import documents_folder


@pytest.fixture
def started_in(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []

    def remember(_parent: Any, _caption: str = "", folder: str = "", *_a: Any,
                 **_k: Any) -> tuple[str, str]:
        seen.append(folder)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", remember)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", remember)
    return seen


def test_file_dialogs_start_in_the_documents_folder(window: Any, qtbot: Any,
                                                    started_in: list[str]) -> None:
    documents = documents_folder()
    window.open_workspace_dialog()
    window.save_copy()
    editor = RecordEditor(window.session, KINDS["evidence"],
                          window.workspace.all(e.EvidenceItem)[0])
    qtbot.addWidget(editor)
    assert editor.attachments is not None
    editor.attachments._on_attach_clicked()
    dialog = ExportDialog(window.session, window)
    qtbot.addWidget(dialog)
    dialog._on_pick_template_clicked()
    assert len(started_in) == 4
    assert all(Path(folder) == documents for folder in started_in), started_in
    assert Path(dialog.folder.text()) == documents
