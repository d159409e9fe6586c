"""Opening the window loads nothing that only the exports and charts need (they load on use)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_window_does_not_load_the_export_libraries() -> None:
    code = (
        "import sys\n"
        "import ui.main_window\n"
        "print(','.join(sorted(m for m in ('docx', 'openpyxl', 'matplotlib')\n"
        "                      if m in sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          check=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.stdout.strip() == ""
