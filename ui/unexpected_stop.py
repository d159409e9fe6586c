"""A crash is never silent: native faults go to the log, and the next start says what happened.

Python's ``faulthandler`` writes the stack of every thread to the log file when the
process dies from a fatal signal or a fatal interpreter error (the kind a Qt binding
bug causes), which no ``sys.excepthook`` can catch. Each running app also leaves a
marker file in the data folder, removed when it closes normally; a marker whose
process is gone means that run stopped unexpectedly.
"""

from __future__ import annotations

import datetime as dt
import faulthandler
import logging
import logging.handlers
import os
import sys
from pathlib import Path
from typing import IO

log = logging.getLogger("visitready")

MARKER_PREFIX = "running-"


class FaultLoggingHandler(logging.handlers.RotatingFileHandler):
    """The app's rotating log file, which also receives faulthandler's reports.

    When the log rotates, faulthandler follows it to the new file.
    """

    def __init__(self, path: Path) -> None:
        super().__init__(path, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
        self._follow()

    def doRollover(self) -> None:
        super().doRollover()
        self._follow()

    def _follow(self) -> None:
        stream: IO[str] | None = self.stream
        if stream is not None:
            faulthandler.enable(file=stream, all_threads=True)


def mark_running(data_dir: Path) -> Path:
    """Leave this run's marker in the data folder; :func:`mark_stopped` removes it."""
    marker = data_dir / f"{MARKER_PREFIX}{os.getpid()}"
    marker.write_text(dt.datetime.now().isoformat(timespec="seconds"), encoding="utf-8")
    return marker


def mark_stopped(marker: Path) -> None:
    """The app is closing normally."""
    marker.unlink(missing_ok=True)


def stopped_unexpectedly(data_dir: Path) -> list[dt.datetime]:
    """When earlier runs that stopped without closing normally had started (oldest first).

    Their markers are removed, so each unexpected stop is reported once. Markers of
    copies of the app that are still running are left alone.
    """
    found: list[dt.datetime] = []
    for marker in data_dir.glob(f"{MARKER_PREFIX}*"):
        pid_text = marker.name.removeprefix(MARKER_PREFIX)
        if not pid_text.isdigit() or int(pid_text) == os.getpid():
            continue
        if _process_alive(int(pid_text)):
            continue
        try:
            started = dt.datetime.fromisoformat(marker.read_text(encoding="utf-8").strip())
        except (OSError, ValueError):
            started = dt.datetime.fromtimestamp(marker.stat().st_mtime)
        marker.unlink(missing_ok=True)
        found.append(started)
    return sorted(found)


def notice_text(started: dt.datetime, log_path: Path) -> str:
    """What the user is told on the next start."""
    return (
        f"VisitReady stopped unexpectedly last time (the session that began "
        f"{started:%d/%m/%Y at %H:%M}).\n\n"
        "No saved change was lost: every edit is saved to the workspace the moment it "
        "is made.\n\n"
        f"What happened is recorded in the log file, which you can send to your support "
        f"team:\n{log_path}")


def _process_alive(pid: int) -> bool:
    if sys.platform == "win32":
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
