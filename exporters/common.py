"""What every writer shares: progress callbacks, cancelling, and safe file replacement."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from models.errors import OutputFileError
from models.files import exclusive_temporary

Progress = Callable[[int, int, str], None]
IsCancelled = Callable[[], bool]


class ExportCancelled(Exception):
    """The user cancelled; no file was written."""


def _no_progress(done: int, total: int, message: str) -> None:
    return None


def _never() -> bool:
    return False


class Steps:
    """Reports progress and checks for a cancel between steps of a long export."""

    def __init__(self, total: int, progress: Progress | None, is_cancelled: IsCancelled | None):
        self.total = max(total, 1)
        self.done = 0
        self._progress = progress or _no_progress
        self._is_cancelled = is_cancelled or _never

    def step(self, message: str, amount: int = 1) -> None:
        if self._is_cancelled():
            raise ExportCancelled
        self.done = min(self.total, self.done + amount)
        self._progress(self.done, self.total, message)


@contextmanager
def safe_output(path: Path) -> Iterator[Path]:
    """Yield a temporary file to write to; on success it replaces ``path``, on any failure it goes.

    Raises:
        OutputFileError: the folder is missing, the file is open in another
            program (Word and Excel lock what they have open), or the disk is full.
    """
    path = Path(path)
    if not path.parent.is_dir():
        raise OutputFileError(f"The folder {path.parent} does not exist.",
                              "Choose another folder.")
    try:
        # Created exclusively (never an existing file, never through a link someone left
        # under the name) in the target's own folder, so the final rename stays on one disk.
        part = exclusive_temporary(path.parent, f"{path.name}.", ".part")
    except OSError as exc:
        raise OutputFileError(
            f"Cannot write in {path.parent}: {exc.strerror or exc}.",
            "Choose a folder you can save to.") from exc
    try:
        yield part
        try:
            part.replace(path)
        except PermissionError as exc:
            raise OutputFileError(
                f"{path.name} is open in another program, or you cannot write to it.",
                "Close it (in Word or Excel, say) and export again. Nothing was changed.",
            ) from exc
        except OSError as exc:
            raise OutputFileError(
                f"{path.name} could not be saved: {exc.strerror or exc}.",
                "Check there is space on the disk and try again.",
            ) from exc
    except OSError as exc:
        if isinstance(exc, PermissionError):
            raise OutputFileError(
                f"Cannot write in {path.parent}.", "Choose a folder you can save to."
            ) from exc
        raise OutputFileError(
            f"{path.name} could not be written: {exc.strerror or exc}.",
            "Check there is space on the disk and try again.",
        ) from exc
    finally:
        if part.exists():
            os.remove(part)
