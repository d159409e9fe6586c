"""Automatic backups of a workspace file: made with SQLite's backup API, the last few kept."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from . import dialect, integrity
from .errors import WorkspaceUnavailable
from .files import exclusive_temporary
from .privacy import keys

#: How often a workspace being edited is backed up.
BACKUP_EVERY = dt.timedelta(minutes=30)
#: Backups kept per workspace unless Preferences say otherwise.
DEFAULT_KEEP = 10
_STAMP = "%Y-%m-%d %H-%M-%S"
_NAME = re.compile(r"^(?P<stem>.+) (?P<stamp>\d{4}-\d{2}-\d{2} \d{2}-\d{2}-\d{2})"
                   r"(?P<extra>(?: \d+)?(?: before restore)?)\.visitready$")


@dataclass(frozen=True)
class Backup:
    """One backup file: where it is, when it was made, how big it is."""

    path: Path
    made: dt.datetime
    size: int
    before_restore: bool = False


def folder_for(workspace: Path, data_dir: Path) -> Path:
    """The backups folder: beside the workspace, or in the user's data folder if that is not
    writable (a read-only share, say)."""
    workspace = Path(workspace).resolve()
    beside = workspace.parent / f"{workspace.stem} backups"
    try:
        beside.mkdir(exist_ok=True)
        if os.access(beside, os.W_OK):
            return beside
    except OSError:
        pass
    tag = hashlib.sha256(str(workspace).encode()).hexdigest()[:8]
    elsewhere = Path(data_dir) / "backups" / f"{workspace.stem}-{tag}"
    elsewhere.mkdir(parents=True, exist_ok=True)
    return elsewhere


def list_backups(workspace: Path, folder: Path) -> list[Backup]:
    """The backups of ``workspace`` in ``folder``, newest first."""
    stem = Path(workspace).stem
    found = []
    for path in folder.glob("*.visitready") if folder.is_dir() else ():
        match = _NAME.match(path.name)
        if match is None or match["stem"] != stem:
            continue
        made = dt.datetime.strptime(match["stamp"], _STAMP)
        found.append(Backup(path, made, path.stat().st_size, "before restore" in match["extra"]))
    return sorted(found, key=lambda b: (b.made, b.path.name), reverse=True)


def _new_name(workspace: Path, folder: Path, at: dt.datetime, extra: str = "") -> Path:
    base = f"{workspace.stem} {at:{_STAMP}}"
    candidate = folder / f"{base}{extra}.visitready"
    n = 2
    while candidate.exists():
        candidate = folder / f"{base} {n}{extra}.visitready"
        n += 1
    return candidate


def _copy_consistently(source: Path, target: Path) -> None:
    """SQLite's online backup of a file this run may not be able to write."""
    dialect.backup_sqlite(source, target,
                          open_source=lambda path: integrity.connect_sqlite(path, read_only=True))


def make_backup(workspace: Path, folder: Path, *, keep: int = DEFAULT_KEEP,
                at: dt.datetime | None = None, url: str = "") -> Backup:
    """Back the workspace up into ``folder`` and keep only the newest ``keep`` backups.

    An encrypted workspace (``url`` is the open workspace's, holding its key) is copied
    by SQLCipher with the same key, and its key file goes beside the backup.

    Raises:
        WorkspaceUnavailable: the copy could not be written (nothing is left half-made).
    """
    workspace = Path(workspace)
    at = (at or dt.datetime.now()).replace(microsecond=0)
    target = _new_name(workspace, folder, at)
    part = exclusive_temporary(folder, ".", ".part")
    try:
        if url.startswith("sqlite+pysqlcipher"):
            part.unlink()  # SQLCipher makes the file itself
            keys.copy_encrypted(url, part)
            shutil.copyfile(keys.key_file(workspace), keys.key_file(target))
        else:
            _copy_consistently(workspace, part)
        part.replace(target)
    except (OSError, sqlite3.Error) as exc:
        raise WorkspaceUnavailable(f"The backup of {workspace.name} could not be made ({exc}).",
                                   "Check there is space on the disk.") from exc
    finally:
        part.unlink(missing_ok=True)
    prune(workspace, folder, keep)
    return Backup(target, at, target.stat().st_size)


def prune(workspace: Path, folder: Path, keep: int) -> None:
    """Delete all but the newest ``keep`` backups (at least one is always kept)."""
    for old in list_backups(workspace, folder)[max(1, keep):]:
        old.path.unlink(missing_ok=True)
        Path(f"{old.path}-key").unlink(missing_ok=True)


def restore(workspace: Path, backup: Backup, folder: Path, *, keep: int = DEFAULT_KEEP) -> Path:
    """Put a backup in the workspace's place; the current file is kept as a backup first.

    The workspace must be closed. The backup is checked before anything is replaced, and
    the current file (damaged or not) is copied byte for byte, with any journal beside it.

    Raises:
        DamagedWorkspace: the backup itself is damaged; nothing was replaced.
        WorkspaceUnavailable: the files could not be written; nothing was replaced.
    """
    workspace = Path(workspace)
    backup_key = Path(f"{backup.path}-key")
    if not backup_key.is_file():
        integrity.check_file(backup.path, read_only=True)
    else:  # checked with its key when this computer has it; otherwise when it is opened
        with contextlib.suppress(keys.PassphraseNeeded):
            keys.check_encrypted(backup.path, keys.find_key(backup.path))
    try:
        incoming = exclusive_temporary(workspace.parent, f".{workspace.name}.", ".restoring")
        try:
            shutil.copyfile(backup.path, incoming)
            journal = Path(f"{workspace}-journal")
            if workspace.exists():
                kept = _new_name(workspace, folder, dt.datetime.now().replace(microsecond=0),
                                 " before restore")
                shutil.copy2(workspace, kept)
                if journal.exists():
                    # The journal belongs to the old file; beside the restored one it would
                    # be played back into it.
                    shutil.move(journal, Path(f"{kept}-journal"))
            incoming.replace(workspace)
            if backup_key.is_file():
                shutil.copyfile(backup_key, Path(f"{workspace}-key"))
        finally:
            incoming.unlink(missing_ok=True)
    except OSError as exc:
        raise WorkspaceUnavailable(f"{workspace.name} could not be restored: {exc.strerror}.",
                                   "Nothing was replaced. Check the folder can be written to.") \
            from exc
    prune(workspace, folder, keep)
    return workspace


@dataclass
class BackupSchedule:
    """When the next automatic backup is due: after 30 minutes in which something was edited."""

    last: dt.datetime
    edited: bool = False
    every: dt.timedelta = BACKUP_EVERY

    def note_edit(self) -> None:
        self.edited = True

    def due(self, now: dt.datetime) -> bool:
        return self.edited and now - self.last >= self.every

    def done(self, now: dt.datetime) -> None:
        self.last = now
        self.edited = False
