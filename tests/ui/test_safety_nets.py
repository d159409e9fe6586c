"""Undo tied to one workspace, read-only workspaces, backups made and restored from the window."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMessageBox, QPushButton

from models import backups
from models import entities as e
from models.records import KINDS
from models.store import Workspace
from ui import commands


def _action(window: Any, name: str) -> QAction:
    found = window.findChild(QAction, name)
    assert found is not None, name
    return found


def _edit_status(window: Any) -> e.EvidenceItem:
    item = window.workspace.all(e.EvidenceItem)[0]
    new = "Draft" if item.status != "Draft" else "Verified"
    commands.edit(window.session, KINDS["evidence"], item, {"status": new})
    return item


def test_closing_the_workspace_clears_undo(window: Any) -> None:
    path = Path(window.workspace.location)
    item = _edit_status(window)
    after = window.workspace.get(e.EvidenceItem, item.id).status
    assert _action(window, "undo").isEnabled()
    _action(window, "closeWorkspace").trigger()
    undo = _action(window, "undo")
    assert not undo.isEnabled()
    undo.trigger()  # even when triggered, nothing reaches the closed workspace
    with Workspace.open(path) as ws:
        assert ws.get(e.EvidenceItem, item.id).status == after


def test_switching_workspace_leaves_nothing_to_undo(window: Any, tmp_path: Path) -> None:
    _edit_status(window)
    other = tmp_path / "other.visitready"
    Workspace.create(other).close()
    assert window.open_path(other)
    assert not _action(window, "undo").isEnabled()
    assert window.session.undo_stack.count() == 0


def test_a_read_only_workspace_shows_a_banner_and_allows_no_edits(window: Any, qtbot: Any,
                                                                  tmp_path: Path) -> None:
    copy = tmp_path / "shared" / "read-only.visitready"
    copy.parent.mkdir()
    shutil.copy(window.workspace.location, copy)
    copy.chmod(stat.S_IRUSR | stat.S_IRGRP)
    try:
        assert window.open_path(copy)
        assert window.workspace.read_only
        assert window.read_only_banner.isVisible()
        assert "Read-only" in window.read_only_banner.text()
        window.show_page("Evidence")
        buttons = {b.objectName(): b for b in window.findChildren(QPushButton)
                   if b.isVisibleTo(window)}
        assert not buttons["addRecord"].isEnabled()
        assert not _action(window, "newRecord").isEnabled()
        assert _action(window, "exportBoth").isEnabled()
        window.grab().save(str(tmp_path / "read-only.png"))
    finally:
        QThreadPool.globalInstance().waitForDone(30_000)
        window.set_workspace(None)
        copy.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_a_backup_is_made_on_open(window: Any, tmp_path: Path) -> None:
    QThreadPool.globalInstance().waitForDone(30_000)
    path = Path(window.workspace.location)
    made = backups.list_backups(path, backups.folder_for(path, tmp_path))
    assert len(made) == 1
    with Workspace.open(made[0].path) as copy:
        assert copy.count(e.EvidenceItem) == window.workspace.count(e.EvidenceItem)


def test_restore_from_backup_asks_then_replaces(window: Any, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    QThreadPool.globalInstance().waitForDone(30_000)
    path = Path(window.workspace.location)
    before = window.workspace.count(e.EvidenceItem)
    window.workspace.add(e.EvidenceItem, title="Added after the backup", evidence_type="Other",
                         direction="Mixed", status="Draft")
    monkeypatch.setattr(QDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: answers.pop(0))
    _action(window, "restoreBackup").trigger()  # answered No: nothing replaced
    assert window.workspace.count(e.EvidenceItem) == before + 1
    _action(window, "restoreBackup").trigger()  # answered Yes
    assert window.workspace.location == str(path)
    assert window.workspace.count(e.EvidenceItem) == before
    kept = [b for b in backups.list_backups(path, backups.folder_for(path, tmp_path))
            if b.before_restore]
    with Workspace.open(kept[0].path) as previous:
        assert previous.count(e.EvidenceItem) == before + 1


def test_a_damaged_workspace_offers_its_latest_backup(window: Any, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    QThreadPool.globalInstance().waitForDone(30_000)
    path = Path(window.workspace.location)
    count = window.workspace.count(e.EvidenceItem)
    window.set_workspace(None)
    with path.open("r+b") as handle:
        handle.seek(100)
        handle.write(b"\xff" * 4000)
    asked: list[str] = []

    def question(_parent: Any, _title: str, text: str, *a: Any) -> Any:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    assert window.open_path(path)
    assert "latest backup" in asked[0]
    assert window.workspace.count(e.EvidenceItem) == count


def test_choosing_a_template_says_which_styles_it_lacks(window: Any, qtbot: Any,
                                                        tmp_path: Path, errors: list[Any]) -> None:
    from docx import Document

    from ui.export_dialog import ExportDialog

    house = Document()
    for style in list(house.styles.element):
        if style.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}styleId") in (
                "Heading1", "Title"):
            house.styles.element.remove(style)
    house.save(str(tmp_path / "council.docx"))
    (tmp_path / "broken.docx").write_text("not a document")
    dialog = ExportDialog(window.session, window)
    qtbot.addWidget(dialog)
    assert dialog.check_template(tmp_path / "council.docx")
    assert "Title" in dialog.template_note.text() and "Heading 1" in dialog.template_note.text()
    assert not dialog.check_template(tmp_path / "broken.docx")
    assert errors and "template" in errors[-1].message


def test_a_read_only_workspace_exports_both_files_from_the_dialog(
        window: Any, qtbot: Any, tmp_path: Path, errors: list[Any]) -> None:
    from ui.export_dialog import ExportDialog

    copy = tmp_path / "shared" / "read-only.visitready"
    copy.parent.mkdir()
    shutil.copy(window.workspace.location, copy)
    copy.chmod(stat.S_IRUSR | stat.S_IRGRP)
    try:
        assert window.open_path(copy)
        dialog = ExportDialog(window.session, window)
        qtbot.addWidget(dialog)
        out = tmp_path / "exports"
        out.mkdir()
        dialog.folder.setText(str(out))
        with qtbot.waitSignal(dialog.exported, timeout=60_000) as done:
            dialog.start_export()
        assert [k for k, _p in done.args[0]] == ["Briefing pack", "Evidence log"]
        assert all(p.is_file() for _k, p in done.args[0])
        assert errors == []
    finally:
        QThreadPool.globalInstance().waitForDone(30_000)
        window.set_workspace(None)
        copy.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_the_export_dialog_refuses_the_workspace_as_target(window: Any, qtbot: Any,
                                                           errors: list[Any]) -> None:
    from ui.export_dialog import ExportDialog

    # Typing the workspace's own name gets the log's extension added, so the one way to aim
    # at the workspace is a workspace file that carries a log's name.
    QThreadPool.globalInstance().waitForDone(30_000)
    source = Path(window.workspace.location)
    window.set_workspace(None)
    path = source.with_name("evidence log.xlsx")
    source.rename(path)
    assert window.open_path(path)
    before = path.read_bytes()
    dialog = ExportDialog(window.session, window)
    qtbot.addWidget(dialog)
    dialog.folder.setText(str(path.parent))
    dialog.log_name.setText(path.name)
    dialog.start_export()
    assert dialog.task is None
    assert errors and "workspace that is open" in errors[-1].message and errors[-1].hint
    assert path.read_bytes() == before


def test_editing_makes_the_next_backup_due_after_thirty_minutes(window: Any) -> None:
    import datetime as dt

    keeper = window.keeper
    assert keeper is not None and not keeper.schedule.edited
    _edit_status(window)
    assert keeper.schedule.edited
    assert keeper.schedule.due(keeper.schedule.last + dt.timedelta(minutes=30))


def test_preferences_choose_how_many_backups_are_kept(window: Any, tmp_path: Path) -> None:
    from ui.backups_ui import PreferencesDialog

    dialog = PreferencesDialog(window)
    dialog.keep.setValue(2)
    dialog.accept()
    for _ in range(3):
        window.keeper.back_up_now()
        QThreadPool.globalInstance().waitForDone(30_000)
    path = Path(window.workspace.location)
    assert len(backups.list_backups(path, backups.folder_for(path, tmp_path))) == 2


def test_the_export_summary_warns_when_text_was_cut(window: Any, qtbot: Any,
                                                    tmp_path: Path) -> None:
    from ui.export_dialog import ExportDialog

    item = next(x for x in window.workspace.all(e.EvidenceItem)
                if not x.contains_personal_data)
    window.workspace.update(e.EvidenceItem, item.id, item.version,
                            summary="Practice is improving. " * 2000)
    dialog = ExportDialog(window.session, window)
    qtbot.addWidget(dialog)
    out = tmp_path / "exports"
    out.mkdir()
    dialog.folder.setText(str(out))
    with qtbot.waitSignal(dialog.exported, timeout=60_000):
        dialog.start_export()
    assert any(item.ref in note and "cut" in note for note in dialog.notes)
    box = window.findChild(QMessageBox, "exportWarnings")
    assert box is not None and item.ref in box.text()
    box.close()
