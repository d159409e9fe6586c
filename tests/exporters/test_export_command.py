"""`visitready export` with no display: both files written and recorded in the workspace."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

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


def test_export_command_sets_document_control_and_freezes_a_final_pack(
        demo: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from docx import Document

    from exporters.cli import run_export
    from models.pack_control import load_control, snapshots

    path = Path(demo.location)
    demo.close()
    base = [str(path), "--today", "2026-11-22", "--pack", str(tmp_path / "final.docx")]
    assert run_export([*base, "--status", "Final", "--version", "1.0"]) == 1
    assert "approved" in capsys.readouterr().err
    assert not (tmp_path / "final.docx").exists()
    assert run_export([*base, "--status", "Final", "--version", "1.0", "--approved-by",
                       "Ruth Halloway (DCS)", "--approved-on", "2026-11-21", "--audience",
                       "Members", "--distribute-to", "Lead member", "--distribute-to",
                       "Scrutiny chair", "--review", str(tmp_path / "review.docx")]) == 0
    with Workspace.open(path) as ws:
        visit = ws.latest_visit()
        assert visit is not None
        control = load_control(ws, visit.id)
        frozen = snapshots(ws)[0]
        kinds = {r.kind for r in ws.exports()}
    assert control.status == "Final" and control.distribution == ("Lead member", "Scrutiny chair")
    assert frozen.version == "1.0" and frozen.approved_by == "Ruth Halloway (DCS)"
    assert {"Briefing pack", "Readiness review"} <= kinds
    first = Document(str(tmp_path / "final.docx"))
    again = tmp_path / "again.docx"
    assert run_export([str(path), "--snapshot", str(frozen.id), "--pack", str(again)]) == 0
    texts = [[p.text for p in Document(str(f)).paragraphs] for f in (tmp_path / "final.docx",
                                                                     again)]
    assert texts[0] == texts[1]
    assert any(c.text == frozen.data_sha256 or frozen.data_sha256 in c.text
               for t in first.tables for row in t.rows for c in row.cells)
