"""Copies of attachments opened from the workspace: one private folder, emptied on exit
and at the next start."""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
from pathlib import Path

from ..errors import WorkspaceUnavailable
from .files import safe_file_name

FOLDER_NAME = "Opened attachments"


class OpenedCopies:
    """The one folder opened attachments are written to (owner-only, 0700 where the
    system has such permissions).

    Args:
        data_dir: VisitReady's data folder for this user; the folder lives inside it.
    """

    def __init__(self, data_dir: Path) -> None:
        self.folder = Path(data_dir) / FOLDER_NAME

    def prepare(self) -> Path:
        """Make the folder if needed, owner-only, and empty it (what the last run left).

        Raises:
            WorkspaceUnavailable: the folder's name is taken by a link or a file.
        """
        if self.folder.is_symlink() or (self.folder.exists() and not self.folder.is_dir()):
            raise WorkspaceUnavailable(
                f"{self.folder} is not a folder VisitReady made.",
                "Remove it, then open the attachment again.")
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(self.folder, stat.S_IRWXU)
        self.empty()
        return self.folder

    def empty(self) -> None:
        """Delete every opened copy (links are removed, never followed)."""
        if not self.folder.is_dir() or self.folder.is_symlink():
            return
        for entry in self.folder.iterdir():
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):  # still open elsewhere: removed next start
                    entry.unlink()

    def write(self, file_name: str, content: bytes) -> Path:
        """Write one copy under its safe base name, never over an existing file or
        through a link (exclusive creation), and readable only by its owner."""
        if not self.folder.is_dir() or self.folder.is_symlink():
            self.prepare()
        name = safe_file_name(file_name)
        stem, dot, ext = name.rpartition(".")
        if not dot:
            stem, ext = name, ""
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) \
            | getattr(os, "O_BINARY", 0)
        for n in range(1, 1000):
            candidate = name if n == 1 else f"{stem} ({n}){dot}{ext}"
            target = self.folder / candidate
            try:
                handle = os.open(target, flags, 0o600)
            except FileExistsError:
                continue
            with os.fdopen(handle, "wb") as out:
                out.write(content)
            return target
        raise WorkspaceUnavailable("Too many opened copies of this file.",
                                   "Close them, then try again.")
