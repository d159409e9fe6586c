"""The Exports page reads like a list of documents: plain words, UK dates, no raw JSON or
internal ids, and Open / Show in folder for each document written."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QTableWidget

from ui.export_dialog import ExportDialog


@pytest.fixture
def exported(window: Any, qtbot: Any, tmp_path: Path) -> list[tuple[str, Path]]:
    dialog = ExportDialog(window.session, window)
    qtbot.addWidget(dialog)
    out = tmp_path / "out"
    out.mkdir()
    dialog.folder.setText(str(out))
    with qtbot.waitSignal(dialog.exported, timeout=60_000) as done:
        dialog.start_export()
    return list(done.args[0])


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Files and folders the page asked the desktop to open."""
    import ui.export_files

    asked: list[str] = []

    class Desktop:
        @staticmethod
        def openUrl(url: QUrl) -> bool:  # noqa: N802 (Qt's name)
            asked.append(url.toLocalFile())
            return True

    monkeypatch.setattr(ui.export_files, "QDesktopServices", Desktop)
    return asked


def _cells(view: Any) -> list[list[str]]:
    model = view.model()
    return [[str(model.index(r, c).data() or "") for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def test_every_table_is_a_model_in_plain_words(window: Any, exported: Any,
                                               qtmodeltester: Any) -> None:
    page = window.show_page("Exports")
    assert page.findChildren(QTableWidget) == []
    for view in (page.table, page.finals, page.imports):
        qtmodeltester.check(view.model())
        for row in _cells(view):
            for text in row:
                assert not text.lstrip().startswith(("{", "[")), text  # no raw JSON
                assert not re.search(r"\b\w+_id\b|\d{4}-\d{2}-\d{2}", text), text
    finals = _cells(page.finals)
    assert finals, "the demo has a final pack"
    headers = [page.finals.model().headerData(c, Qt.Orientation.Horizontal)
               for c in range(page.finals.model().columnCount())]
    approved_on = finals[0][headers.index("Approved on")]
    assert re.fullmatch(r"\d{2}/\d{2}/\d{4}", approved_on)
    assert re.match(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2} by ", finals[0][headers.index("Frozen")])
    when = [row[0] for row in _cells(page.table)]
    assert when and all(re.fullmatch(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}", w) for w in when)


def test_open_and_show_in_folder_for_each_document(window: Any, qtbot: Any, exported: Any,
                                                   opened: list[str]) -> None:
    page = window.show_page("Exports")
    model = page.table.model()
    files = {kind: path for kind, path in exported}
    for row in range(model.rowCount()):
        name = model.index(row, 2).data()
        kind = model.index(row, 1).data()
        if kind not in files or files[kind].name != name:
            continue
        page.table.selectRow(row)
        assert page.open_button.isEnabled() and page.folder_button.isEnabled()
        qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(page.folder_button, Qt.MouseButton.LeftButton)
        assert opened[-2:] == [str(files[kind]), str(files[kind].parent)]
        del files[kind]
    assert not files, "every document just written is listed and can be opened"


def test_a_document_moved_away_says_so_rather_than_opening_nothing(
        window: Any, qtbot: Any, exported: Any, opened: list[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    import ui.export_dialog

    told: list[str] = []
    monkeypatch.setattr(ui.export_dialog.QMessageBox, "information",
                        lambda _parent, _title, text, *a: told.append(text))
    kind, path = exported[0]
    path.unlink()
    page = window.show_page("Exports")
    model = page.table.model()
    row = next(r for r in range(model.rowCount()) if model.index(r, 2).data() == path.name)
    page.table.selectRow(row)
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert opened == [] and told and path.name in told[0]
