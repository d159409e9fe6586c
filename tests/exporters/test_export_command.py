"""`visitready export` with no display: both files written and recorded in the workspace."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from models.store import Workspace

ROOT = Path(__file__).resolve().parents[2]


def test_export_command_writes_both_and_records_them(demo: Workspace, tmp_path: Path) -> None:
    path = Path(demo.location)
    demo.close()
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "export", str(path), "--visit", "4",
         "--pack", str(tmp_path / "pack.docx"), "--log", str(tmp_path / "log.xlsx"),
         "--today", "2026-11-22"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    with Workspace.open(path) as ws:
        records = {r.kind: r for r in ws.exports()}
    assert set(records) == {"Briefing pack", "Evidence log"}
    pack = records["Briefing pack"]
    assert pack.file_name == "pack.docx"
    assert pack.sha256 == hashlib.sha256((tmp_path / "pack.docx").read_bytes()).hexdigest()
    assert '"exclude_personal_data": true' in pack.options


def test_export_command_names_a_missing_visit(demo: Workspace, tmp_path: Path) -> None:
    path = Path(demo.location)
    demo.close()
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "export", str(path), "--visit", "9",
         "--log", str(tmp_path / "log.xlsx")], cwd=ROOT, capture_output=True, text=True,
        timeout=300)
    assert done.returncode == 2
    assert "no visit 9" in done.stderr and "1, 2, 3, 4" in done.stderr
    assert not (tmp_path / "log.xlsx").exists()
