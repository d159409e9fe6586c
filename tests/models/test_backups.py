"""Automatic backups: consistent copies, the last N kept, restore that replaces nothing unasked."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from models import backups
from models import entities as e
from models.errors import DamagedWorkspace
from models.store import Workspace

T0 = dt.datetime(2026, 11, 22, 9, 0, 0)


def _add(ws: Workspace, title: str) -> None:
    ws.add(e.EvidenceItem, title=title, evidence_type="Other", direction="Mixed", status="Draft")


def test_a_backup_is_a_working_copy_beside_the_workspace(workspace: Workspace,
                                                         tmp_path: Path) -> None:
    _add(workspace, "Before the backup")
    path = Path(workspace.location)
    folder = backups.folder_for(path, tmp_path / "data")
    assert folder.parent == path.parent
    made = backups.make_backup(path, folder, at=T0, url=workspace.url)
    _add(workspace, "After the backup")
    with Workspace.open(made.path) as copy:
        assert [x.title for x in copy.all(e.EvidenceItem)] == ["Before the backup"]
    listed = backups.list_backups(path, folder)
    assert [(b.made, b.size) for b in listed] == [(T0, made.path.stat().st_size)]


def test_only_the_last_n_are_kept(workspace: Workspace, tmp_path: Path) -> None:
    path = Path(workspace.location)
    folder = backups.folder_for(path, tmp_path / "data")
    for n in range(5):
        backups.make_backup(path, folder, keep=3, at=T0 + dt.timedelta(minutes=30 * n),
                            url=workspace.url)
    assert [b.made for b in backups.list_backups(path, folder)] == [
        T0 + dt.timedelta(minutes=30 * n) for n in (4, 3, 2)]


def test_backups_go_to_the_data_folder_when_beside_is_not_writable(workspace: Workspace,
                                                                   tmp_path: Path) -> None:
    path = Path(workspace.location)
    (path.parent / f"{path.stem} backups").write_text("a file in the way")
    folder = backups.folder_for(path, tmp_path / "data")
    assert folder.is_relative_to(tmp_path / "data")
    assert backups.make_backup(path, folder, url=workspace.url).path.is_file()


def test_restore_keeps_the_current_file_and_brings_the_backup_back(workspace: Workspace,
                                                                   tmp_path: Path) -> None:
    path = Path(workspace.location)
    folder = backups.folder_for(path, tmp_path / "data")
    _add(workspace, "Kept in the backup")
    chosen = backups.make_backup(path, folder, at=T0, url=workspace.url)
    _add(workspace, "Only in the current file")
    workspace.close()
    current = hashlib.sha256(path.read_bytes()).hexdigest()
    backups.restore(path, chosen, folder)
    with Workspace.open(path) as ws:
        assert [x.title for x in ws.all(e.EvidenceItem)] == ["Kept in the backup"]
    kept = [b for b in backups.list_backups(path, folder) if b.before_restore]
    assert len(kept) == 1
    assert hashlib.sha256(kept[0].path.read_bytes()).hexdigest() == current


def test_a_damaged_backup_replaces_nothing(workspace: Workspace, tmp_path: Path) -> None:
    path = Path(workspace.location)
    folder = backups.folder_for(path, tmp_path / "data")
    chosen = backups.make_backup(path, folder, at=T0, url=workspace.url)
    with chosen.path.open("r+b") as handle:
        handle.seek(4096)
        handle.write(bytes(4096))
    workspace.close()
    before = path.read_bytes()
    with pytest.raises(DamagedWorkspace):
        backups.restore(path, chosen, folder)
    assert path.read_bytes() == before


def test_a_damaged_workspace_is_recovered_from_its_latest_backup(workspace: Workspace,
                                                                 tmp_path: Path) -> None:
    path = Path(workspace.location)
    folder = backups.folder_for(path, tmp_path / "data")
    _add(workspace, "Safe")
    backups.make_backup(path, folder, at=T0, url=workspace.url)
    workspace.close()
    with path.open("r+b") as handle:
        handle.seek(100)
        handle.write(b"\xff" * 3000)
    with pytest.raises(DamagedWorkspace):
        Workspace.open(path)
    backups.restore(path, backups.list_backups(path, folder)[0], folder)
    with Workspace.open(path) as ws:
        assert [x.title for x in ws.all(e.EvidenceItem)] == ["Safe"]


def test_backups_are_due_after_thirty_minutes_of_editing() -> None:
    schedule = backups.BackupSchedule(last=T0)
    assert not schedule.due(T0 + dt.timedelta(hours=2))  # nothing edited
    schedule.note_edit()
    assert not schedule.due(T0 + dt.timedelta(minutes=29))
    assert schedule.due(T0 + dt.timedelta(minutes=30))
    schedule.done(T0 + dt.timedelta(minutes=30))
    assert not schedule.due(T0 + dt.timedelta(minutes=90))
