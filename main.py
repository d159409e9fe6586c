"""VisitReady entry point: the desktop app, or a command with no display needed."""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
from pathlib import Path

__version__ = "0.1.0"

NO_DISPLAY = (
    "VisitReady needs a display to show its window; none was found. "
    "Run it from a desktop session, or use 'visitready demo PATH' / 'visitready export ...' / "
    "'visitready import-annex-a ...' which need no display."
)


def data_dir() -> Path:
    """Where VisitReady keeps its demo workspace and log file for this user."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
    folder = base / "VisitReady"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def has_display() -> bool:
    """False on a Linux machine with no X11 or Wayland display and no Qt platform chosen."""
    if sys.platform in ("win32", "darwin"):
        return True
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _demo_command(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="visitready demo",
                                     description="Write the demo workspace to a file.")
    parser.add_argument("path", type=Path, help="the workspace file to create (.visitready)")
    parser.add_argument("--today", help="build the demo around this date (YYYY-MM-DD)")
    parser.add_argument("--passphrase-file", type=Path,
                        help="encrypt the demo workspace; its recovery passphrase is the "
                             "file's first line")
    args = parser.parse_args(argv)
    import datetime as dt

    from models.demo import build_demo
    from models.errors import AppError

    try:
        today = dt.date.fromisoformat(args.today) if args.today else None
    except ValueError:
        print(f"visitready: --today {args.today} is not a date; write YYYY-MM-DD.", file=sys.stderr)
        return 2
    from importers.annex_a_demo import add_demo_returns

    try:
        passphrase = None
        if args.passphrase_file:
            from models.privacy.keys import lock, read_passphrase_file

            passphrase = read_passphrase_file(args.passphrase_file)
            lock(b"\0" * 32, passphrase)  # refuses a short passphrase before any work
        with build_demo(args.path, today=today) as workspace:
            add_demo_returns(workspace, today or dt.date.today())
        if passphrase is not None:
            from models.privacy.keys import encrypt_workspace

            encrypt_workspace(args.path, passphrase)
    except AppError as exc:
        print(f"visitready: {exc}", file=sys.stderr)
        return 1
    print(f"Demo workspace written to {args.path}")
    return 0


def _export_command(argv: list[str]) -> int:
    from exporters.cli import run_export

    return run_export(argv)


def _import_annex_a_command(argv: list[str]) -> int:
    from importers.annex_cli import run_import

    return run_import(argv)


def _import_log_command(argv: list[str]) -> int:
    from importers.log_cli import run_import_log

    return run_import_log(argv)


def _gui(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="visitready",
        description="Prepare for Ofsted monitoring visits. Other commands: "
        "'visitready demo PATH', 'visitready export WORKSPACE ...', "
        "'visitready import-annex-a WORKSPACE FILE... --as-at DATE', "
        "'visitready import-log WORKSPACE LOG.xlsx [--apply]'.",
    )
    parser.add_argument("workspace", nargs="?",
                        help="workspace file to open (default: the last one, or the demo), or "
                             "a shared workspace's database URL (postgresql+psycopg://…)")
    parser.add_argument("--demo", action="store_true", help="open the demo workspace")
    parser.add_argument("--version", action="version", version=f"VisitReady {__version__}")
    args = parser.parse_args(argv)
    if not has_display():
        print(NO_DISPLAY, file=sys.stderr)
        return 2
    from ui.app import run_app

    return run_app(workspace=args.workspace, demo=args.demo, data_dir=data_dir(),
                   version=__version__)


NOT_SET_UP = (
    "VisitReady's libraries are not installed for this Python ({python}). Run "
    "'python3 bootstrap.py run' once: it sets them up in .venv beside main.py. "
    "Then this command works as written."
)


def _venv_python() -> Path | None:
    """The Python of the environment ``bootstrap.py`` sets up beside this file, if made."""
    here = Path(__file__).resolve().parent / ".venv"
    python = here / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    return python if python.exists() else None


def main(argv: list[str] | None = None) -> int:
    """Run VisitReady with command-line arguments ``argv`` (default: sys.argv)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    # Only whether this Python has the libraries: found, not imported (the window paints
    # before the store and SQLAlchemy are loaded).
    if importlib.util.find_spec("sqlalchemy") is None:
        # Started with a Python outside the environment: use the environment if it is
        # there, else say how to make it.
        python = _venv_python()
        if python is None or os.environ.get("VISITREADY_OUTSIDE_VENV"):
            print(NOT_SET_UP.format(python=sys.executable), file=sys.stderr)
            return 2
        import subprocess

        env = dict(os.environ, VISITREADY_OUTSIDE_VENV="1")  # never loops
        return subprocess.call([str(python), str(Path(__file__).resolve()), *argv], env=env)
    if argv and argv[0] == "demo":
        return _demo_command(argv[1:])
    if argv and argv[0] == "export":
        return _export_command(argv[1:])
    if argv and argv[0] == "import-annex-a":
        return _import_annex_a_command(argv[1:])
    if argv and argv[0] == "import-log":
        return _import_log_command(argv[1:])
    return _gui(argv)


def gui_main() -> int:
    """The windowed launcher (no console on Windows): always the app, never a command.

    With no console there is nowhere to print, so command-line mistakes go to the log
    rather than to a missing standard error.
    """
    if sys.stderr is None or sys.stdout is None:
        sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the app
    return _gui(list(sys.argv[1:]))


if __name__ == "__main__":
    sys.exit(main())
