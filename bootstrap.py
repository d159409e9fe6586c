"""Set up VisitReady in a local virtual environment, then run the app or the tests.

Usage (Windows: ``py bootstrap.py ...``; elsewhere ``python3 bootstrap.py ...``):

    bootstrap.py run [ARGS]    set up, then start VisitReady (the demo workspace by default)
    bootstrap.py test [ARGS]   set up, then run ruff, mypy and pytest (ARGS go to pytest)

Needs only Python 3.11 or newer. The environment lives in ``.venv`` beside this
file and is reinstalled only when ``pyproject.toml`` changes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENV = HERE / ".venv"
STAMP = VENV / "visitready-installed.txt"


def _python() -> Path:
    if sys.platform == "win32":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def _wanted() -> str:
    return hashlib.sha256((HERE / "pyproject.toml").read_bytes()).hexdigest()


def setup() -> Path:
    """Create the virtual environment and install VisitReady with its test tools."""
    if sys.version_info < (3, 11):  # noqa: UP036 - this file must run on any Python to say so
        sys.exit(f"VisitReady needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    python = _python()
    if not python.exists():
        print("Creating a virtual environment in .venv ...", flush=True)
        venv.create(VENV, with_pip=True, clear=True)
    if not STAMP.exists() or STAMP.read_text().strip() != _wanted():
        print("Installing VisitReady and what it needs (first run only) ...", flush=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--upgrade", "pip"],
                       check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "-e", f"{HERE}[test]"],
                       check=True)
        STAMP.write_text(_wanted())
    return python


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("run", "test", "setup"):
        print(__doc__)
        return 2
    python = setup()
    command, rest = argv[0], argv[1:]
    if command == "setup":
        return 0
    if command == "run":
        return subprocess.call([str(python), str(HERE / "main.py"), *rest], cwd=HERE)
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    for step in (
        [str(python), "-m", "ruff", "check", "."],
        [str(python), "-m", "mypy"],
        [str(python), "-m", "pytest", *rest],
    ):
        print("$", " ".join(Path(step[0]).name if i == 0 else a for i, a in enumerate(step)),
              flush=True)
        code = subprocess.call(step, cwd=HERE, env=env)
        if code != 0:
            return code
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
