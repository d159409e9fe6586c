"""Set up VisitReady in a local virtual environment, then run the app or the tests.

Usage (Windows: ``py bootstrap.py ...``; elsewhere ``python3 bootstrap.py ...``):

    bootstrap.py run [ARGS]    set up what the app needs, then start VisitReady
                               (the demo workspace by default)
    bootstrap.py test [ARGS]   add the test tools, then run ruff, mypy and pytest
                               (ARGS go to pytest)

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


def _wanted(extras: str) -> str:
    digest = hashlib.sha256((HERE / "pyproject.toml").read_bytes()).hexdigest()
    return f"{digest} {extras}".strip()


def _installed() -> set[str]:
    """What the environment was last set up with: "app", and "test" if the tools are in."""
    if not STAMP.exists():
        return set()
    digest, *extras = STAMP.read_text().split()
    if digest != _wanted(""):
        return set()
    return {"app", *extras}


def setup(*, with_tests: bool = True) -> Path:
    """Create the virtual environment and install VisitReady (and, for tests, the test tools).

    The app alone gets only what it needs at run time; the test command adds pytest,
    ruff and mypy. pip and setuptools speak only on failure.
    """
    if sys.version_info < (3, 11):  # noqa: UP036 - this file must run on any Python to say so
        sys.exit(f"VisitReady needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    python = _python()
    if not python.exists():
        print("Creating a virtual environment in .venv ...", flush=True)
        venv.create(VENV, with_pip=True, clear=True)
    have = _installed()
    need = {"app", "test"} if with_tests else {"app"}
    if not need <= have:
        print("Installing " + ("VisitReady's test tools" if "app" in have else
                               "what VisitReady needs") + " (once) ...", flush=True)
        # The build backend's warnings (an editable install's banner) are for packagers.
        quiet = dict(os.environ, PYTHONWARNINGS="ignore", PIP_DISABLE_PIP_VERSION_CHECK="1")
        target = f"{HERE}[test]" if with_tests else str(HERE)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--quiet", "-e", target],
                       check=True, env=quiet)
        STAMP.write_text(_wanted("test" if with_tests else ""))
    return python


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("run", "test", "setup"):
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    python = setup(with_tests=command != "run")
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
