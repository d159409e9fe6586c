"""Set-up: the run command installs only the app, quietly; README commands work as written;
tests keep away from the user's own settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import bootstrap
from models.store import Workspace

ROOT = Path(__file__).resolve().parents[1]


def _base_python() -> str:
    """The interpreter the environment was made from: Python as a user first has it."""
    return str(getattr(sys, "_base_executable", sys.executable))


def test_readme_demo_command_works_outside_the_environment(tmp_path: Path) -> None:
    target = tmp_path / "demo.visitready"
    env = {k: v for k, v in os.environ.items()
           if k not in ("VIRTUAL_ENV", "PYTHONPATH", "VISITREADY_OUTSIDE_VENV")}
    done = subprocess.run([_base_python(), "main.py", "demo", str(target)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    with Workspace.open(target) as ws:
        assert ws.authority().name


def test_without_the_environment_it_says_what_to_do(tmp_path: Path) -> None:
    env = dict(os.environ, VISITREADY_OUTSIDE_VENV="1")
    code = ("import runpy, sys; sys.modules['sqlalchemy'] = None; "
            f"sys.argv = ['main.py', 'demo', {str(tmp_path / 'x.visitready')!r}]; "
            "runpy.run_path('main.py', run_name='__main__')")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "python3 bootstrap.py run" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize(("command", "wanted", "unwanted"),
                         [("run", str(ROOT), "[test]"), ("test", f"{ROOT}[test]", None)])
def test_run_installs_only_the_app_quietly_and_test_adds_the_tools(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, wanted: str,
        unwanted: str | None) -> None:
    venv = tmp_path / ".venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").touch()
    monkeypatch.setattr(bootstrap, "VENV", venv)
    monkeypatch.setattr(bootstrap, "STAMP", venv / "stamp")
    monkeypatch.setattr(bootstrap, "_python", lambda: venv / "bin" / "python")
    calls: list[tuple[list[str], dict[str, str]]] = []

    def fake_run(args: list[str], **kw: Any) -> None:
        calls.append((args, kw.get("env") or {}))

    monkeypatch.setattr(bootstrap.subprocess, "run", fake_run)
    bootstrap.setup(with_tests=command == "test")
    [(args, env)] = [c for c in calls if "install" in c[0]]
    assert args[-1] == wanted and (unwanted is None or unwanted not in args[-1])
    assert "--quiet" in args and env.get("PYTHONWARNINGS") == "ignore"
    calls.clear()
    bootstrap.setup(with_tests=False)  # already set up: nothing more to install
    assert calls == []


def test_tests_never_write_into_the_users_own_settings(qapp: Any) -> None:
    from PySide6.QtCore import QSettings

    real_home = Path.home()
    settings = QSettings("VisitReady", "VisitReady")
    assert not Path(settings.fileName()).is_relative_to(real_home / ".config")
    assert not Path(settings.fileName()).is_relative_to(real_home)
