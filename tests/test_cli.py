"""Commands that need no display: writing the demo, and the clear no-display message."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from models.store import Workspace

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str, env_drop: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in env_drop}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_demo_command_writes_a_workspace_without_a_display(tmp_path: Path) -> None:
    target = tmp_path / "demo.visitready"
    done = _run("demo", str(target), "--today", "2026-11-22",
                env_drop=("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))
    assert done.returncode == 0, done.stderr
    with Workspace.open(target) as ws:
        assert ws.authority().name == "Wyvern Vale Council"


def test_demo_command_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "demo.visitready"
    target.write_text("precious")
    done = _run("demo", str(target))
    assert done.returncode == 1
    assert "already exists" in done.stderr
    assert target.read_text() == "precious"


@pytest.mark.skipif(sys.platform != "linux", reason="display detection is for X11/Wayland")
def test_no_display_gives_one_clear_line() -> None:
    done = _run(env_drop=("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "needs a display" in lines[0]


def test_headless_commands_are_a_console_script_and_the_app_a_windowed_one() -> None:
    """On Windows a GUI script has no console: `visitready export` must be a console script."""
    from importlib.metadata import entry_points

    console = {ep.name: ep.value for ep in entry_points(group="console_scripts")}
    windowed = {ep.name: ep.value for ep in entry_points(group="gui_scripts")}
    assert console.get("visitready") == "main:main"
    assert windowed.get("visitready-app") == "main:gui_main"
    assert "visitready" not in windowed


def test_the_console_script_prints_the_export_result(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / ("visitready.exe" if os.name == "nt" else "visitready")
    target = tmp_path / "demo.visitready"
    assert _run("demo", str(target), "--today", "2026-11-22").returncode == 0
    done = subprocess.run([str(script), "export", str(target), "--log", str(tmp_path / "l.xlsx")],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Evidence log written to" in done.stdout
