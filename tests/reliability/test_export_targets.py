"""Hostile export targets. Promise: the workspace is never overwritten, nothing half-written is
left, and every refusal is a plain message saying what to do (no raw error)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from exporters.targets import write_exports
from models.briefing import BriefingContent, ExportOptions, build_briefing
from models.errors import AppError, OutputFileError
from models.store import Workspace
from tests.conftest import TODAY

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(os.name != "posix", reason="makes symbolic links")


@pytest.fixture
def content(demo: Workspace) -> BriefingContent:
    visit = demo.latest_visit()
    assert visit is not None
    return build_briefing(demo, ExportOptions(visit_id=visit.id), TODAY)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _hostile(tmp: Path, workspace: Path) -> dict[str, tuple[Path | None, Path | None]]:
    out = tmp / "out"
    out.mkdir()
    (out / "folder.docx").mkdir()
    os.symlink(workspace, out / "link-to-workspace.xlsx")
    return {
        "pack onto the workspace": (workspace, None),
        "log onto the workspace": (None, workspace.with_suffix(".xlsx").with_name(workspace.name)),
        "log through a link to the workspace": (None, out / "link-to-workspace.xlsx"),
        "pack and log the same file": (out / "both.docx", out / "both.docx"),
        "pack as .xlsx": (out / "pack.xlsx", None),
        "log as .docx": (None, out / "log.docx"),
        "log with no suffix": (None, out / "log"),
        "pack as .doc": (out / "pack.doc", None),
        "pack is a folder": (out / "folder.docx", None),
        "missing folder": (out / "nowhere" / "pack.docx", None),
        "NUL in the name": (out / "pa\x00ck.docx", None),
        "name too long": (out / ("x" * 300 + ".docx"), None),
    }


def test_hostile_targets_are_refused_plainly_and_the_workspace_is_untouched(
        demo: Workspace, content: BriefingContent, tmp_path: Path) -> None:
    workspace = Path(demo.location)
    before = _digest(workspace)
    for case, (pack, log) in _hostile(tmp_path, workspace).items():
        with pytest.raises(OutputFileError) as refused:
            write_exports(content, pack, log, workspace=workspace)
        assert refused.value.hint, case  # says what to do
        assert _digest(workspace) == before, case
    leftovers = [p.name for p in (tmp_path / "out").iterdir()]
    assert sorted(leftovers) == ["folder.docx", "link-to-workspace.xlsx"]


def test_a_read_only_folder_is_refused_plainly(content: BriefingContent, tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root can write anywhere")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        with pytest.raises(OutputFileError, match="Cannot write"):
            write_exports(content, locked / "pack.docx", locked / "log.xlsx")
    finally:
        locked.chmod(0o755)
    assert list(locked.iterdir()) == []


def test_a_link_left_at_the_temporary_name_is_not_followed(content: BriefingContent,
                                                           tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    out = tmp_path / "out"
    out.mkdir()
    # An older VisitReady wrote to NAME.part; a link planted there must not be written through.
    os.symlink(victim, out / "pack.docx.part")
    written = write_exports(content, out / "pack.docx", out / "log.xlsx")
    assert [k for k, _ in written] == ["Briefing pack", "Evidence log"]
    assert victim.read_text() == "keep me"


def test_the_export_command_refuses_the_workspace_as_target(demo: Workspace) -> None:
    path = Path(demo.location)
    demo.close()
    before = _digest(path)
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "export", str(path), "--pack", str(path)],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1
    assert "workspace that is open" in done.stderr and "Traceback" not in done.stderr
    assert _digest(path) == before


def test_refusals_are_app_errors_never_raw(content: BriefingContent, tmp_path: Path) -> None:
    with pytest.raises(AppError):
        write_exports(content, tmp_path / "a.docx", tmp_path / "A.DOCX")
