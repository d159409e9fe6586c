"""Soak: the app survives long sessions of refreshes, bulk changes and edits."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SOAK = Path(__file__).with_name("soak.py")


def test_app_survives_refreshes_bulk_changes_and_edits_on_every_page(tmp_path: Path) -> None:
    """Promise: 1,000 dashboard refreshes over 2,000+ gaps, a 500-row bulk change with undo
    and redo, and edits with each page shown in turn, without the process dying and
    without None's reference count falling (what kills the process on Python 3.11)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path),
               XDG_DATA_HOME=str(tmp_path), TMPDIR=str(tmp_path))
    done = subprocess.run(
        [sys.executable, str(SOAK), "--gaps", "2000", "--refreshes", "1000", "--bulk", "500",
         "--edits", "50"],
        env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"the app died (exit {done.returncode}):\n{done.stderr[-3000:]}"
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["gaps"] >= 2000
    samples = seen["none_every_100_refreshes"]
    assert len(samples) == 10
    assert min(samples) >= samples[0] - 20, f"None's count fell while refreshing: {samples}"
    assert seen["none_end"] >= seen["none_start"] - 200, seen
