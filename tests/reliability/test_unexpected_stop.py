"""A native crash leaves its trace in the log, and the next start says so, once."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QMessageBox

from ui.unexpected_stop import mark_running, mark_stopped, notice_text, stopped_unexpectedly

ROOT = Path(__file__).resolve().parents[2]


def _crash_like_the_binding_bug(data_dir: Path) -> subprocess.CompletedProcess[str]:
    """Start logging as the app does, then die the way a binding bug kills it (abort)."""
    script = textwrap.dedent(f"""
        import logging, os
        from pathlib import Path
        from ui.app import setup_logging
        from ui.unexpected_stop import mark_running
        data_dir = Path({str(data_dir)!r})
        setup_logging(data_dir)
        mark_running(data_dir)
        logging.getLogger("visitready").info("working")
        os.abort()
    """)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)


def test_a_native_crash_is_written_to_the_log_and_reported_once(tmp_path: Path) -> None:
    """Promise: the log holds the fatal error with its stack; the next start reports it once."""
    done = _crash_like_the_binding_bug(tmp_path)
    assert done.returncode != 0
    logged = (tmp_path / "visitready.log").read_text(encoding="utf-8")
    assert "working" in logged
    assert "Fatal Python error: Aborted" in logged
    assert "most recent call first" in logged  # the Python stack at the moment of the crash

    stops = stopped_unexpectedly(tmp_path)
    assert len(stops) == 1
    assert abs(stops[0] - dt.datetime.now()) < dt.timedelta(minutes=5)
    assert stopped_unexpectedly(tmp_path) == []  # told once, not at every start


def test_a_normal_close_and_a_copy_still_running_are_not_reported(tmp_path: Path) -> None:
    mark_stopped(mark_running(tmp_path))
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        (tmp_path / f"running-{other.pid}").write_text("2026-11-24T09:00:00")
        assert stopped_unexpectedly(tmp_path) == []
        assert (tmp_path / f"running-{other.pid}").exists()
    finally:
        other.kill()
        other.wait()


def test_the_notice_says_nothing_saved_was_lost_and_where_the_log_is(
        qtbot: Any, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QWidget

    from ui.app import tell_of_unexpected_stop

    parent = QWidget()
    qtbot.addWidget(parent)
    log_path = tmp_path / "visitready.log"
    tell_of_unexpected_stop(parent, dt.datetime(2026, 11, 23, 14, 5), log_path)
    box = parent.findChild(QMessageBox, "unexpectedStopNotice")
    assert box is not None and box.isVisible()
    assert box.text() == notice_text(dt.datetime(2026, 11, 23, 14, 5), log_path)
    assert "23/11/2026 at 14:05" in box.text()
    assert "No saved change was lost" in box.text()
    assert str(log_path) in box.text()
    box.close()
