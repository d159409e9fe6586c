"""`visitready import-log`: a preview without --apply writes nothing; --apply writes; conflicts stop it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from models import entities as e
from models.store import Workspace
from tests.importers.conftest import edit_log

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "import-log", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


def test_preview_then_apply_from_the_command_line(demo: Workspace, log: Path,
                                                  tmp_path: Path) -> None:
    item = demo.by_ref(e.EvidenceItem, "E-001")
    assert item is not None
    edited = edit_log(log, tmp_path / "edited.xlsx", {("Evidence", "E-001", "Owner"): "QA team"})
    path = demo.location
    history = len(demo.change_log(limit=None))
    done = _run(path, str(edited))
    assert done.returncode == 0, done.stderr
    assert "unchanged, 1 changed in the file" in done.stdout
    assert f"E-001 Owner: {item.owner} \u2192 QA team" in done.stdout
    assert "Preview only" in done.stdout
    assert len(demo.change_log(limit=None)) == history
    report = tmp_path / "report.txt"
    done = _run(path, str(edited), "--apply", "--report", str(report))
    assert done.returncode == 0, done.stderr
    assert "Applied" in done.stdout and "Applied" in report.read_text(encoding="utf-8")
    assert demo.by_ref(e.EvidenceItem, "E-001").owner == "QA team"  # type: ignore[union-attr]


def test_conflicts_stop_the_command_unless_told_how_to_resolve_them(
        demo: Workspace, log: Path, tmp_path: Path) -> None:
    item = demo.by_ref(e.EvidenceItem, "E-001")
    assert item is not None
    demo.update(e.EvidenceItem, item.id, item.version, owner="Workspace owner")
    edited = edit_log(log, tmp_path / "edited.xlsx", {("Evidence", "E-001", "Owner"): "File owner"})
    done = _run(demo.location, str(edited), "--apply")
    assert done.returncode == 1 and "nothing was written" in done.stderr
    assert demo.by_ref(e.EvidenceItem, "E-001").owner == "Workspace owner"  # type: ignore[union-attr]
    done = _run(demo.location, str(edited), "--apply", "--on-conflict", "file-wins")
    assert done.returncode == 0, done.stderr
    assert demo.by_ref(e.EvidenceItem, "E-001").owner == "File owner"  # type: ignore[union-attr]


def test_a_bad_file_is_one_clear_line(demo: Workspace, tmp_path: Path) -> None:
    bad = tmp_path / "notes.xlsx"
    bad.write_text("not a workbook")
    done = _run(demo.location, str(bad), "--apply")
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "visitready import-log: notes.xlsx is not an Excel workbook. Choose the evidence log "
        "(.xlsx) that VisitReady exported. Nothing was changed."]


def test_rows_with_problems_are_left_out_and_say_so_in_the_exit_code(
        demo: Workspace, log: Path, tmp_path: Path) -> None:
    edited = edit_log(log, tmp_path / "edited.xlsx", {("Evidence", "E-001", "Status"): "Done",
                                                     ("Evidence", "E-002", "Owner"): "QA team"})
    done = _run(demo.location, str(edited), "--apply")
    assert done.returncode == 3, done.stderr
    assert "Error: Evidence row 3, column Status: \u201cDone\u201d; expected one of: Draft, " \
           "Verified, Approved" in done.stdout
    assert demo.by_ref(e.EvidenceItem, "E-002").owner == "QA team"  # type: ignore[union-attr]
    assert demo.by_ref(e.EvidenceItem, "E-001").status != "Done"  # type: ignore[union-attr]
