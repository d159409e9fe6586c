"""Opening: from process start to the first paint of the main window, against a bare QMainWindow.

Run by hand: ``python benchmarks/first_paint.py [SIZES…] [--profile SIZE]``. Each figure
comes from a fresh interpreter (imports included, nothing cached in the process): the
time from just before the process is started to the first paint event of the window,
for VisitReady's main window opening a workspace of N evidence items (as the app does:
the window paints, saying what it opens, then reads the workspace; the time until the
workspace is on screen, its dashboard showing readiness and the chart, is printed beside
it, without a goal) and, in the same run, for a
bare QMainWindow of the same size. Alternating runs; the best of each is kept.
The child also counts the SQL statements run before the first paint (pages that are not
shown read nothing). The goal: at most 3x the bare window at every size.
``--profile SIZE`` prints cProfile's summary of the child, up to the first paint, at
that size.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from goals import HEADER, Timing, row  # noqa: E402

GOAL = 3.0
ROOT = str(Path(__file__).resolve().parents[1])

#: The child: builds the window, shows it and reports the wall-clock time of its first paint.
#: VisitReady's window is started as ui/app.py starts it (``show_then_open``: the window
#: paints, then the workspace is opened). SQL statements are counted by the sqlite3 library
#: itself (every connection it makes is traced), so counting loads nothing of SQLAlchemy;
#: both children import sqlite3 for it.
CHILD = """
import json, os, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
sys.path.insert(0, {root!r})
profile = {profile!r}
if profile:
    import cProfile, pstats
    profiler = cProfile.Profile()
    profiler.enable()
statements = [0]
import sqlite3, sqlite3.dbapi2
connect = sqlite3.connect

def counting_connect(*args, **kwargs):
    connection = connect(*args, **kwargs)
    connection.set_trace_callback(lambda _sql: statements.__setitem__(0, statements[0] + 1))
    return connection

sqlite3.connect = sqlite3.dbapi2.connect = counting_connect
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow
painted = []
before_paint = []
LIBRARIES = ("sqlalchemy", "alembic", "models.store", "docx", "openpyxl", "matplotlib")

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if not painted and event.type() == QEvent.Type.Paint and watched.isWidgetType() \\
                and watched.window() is window:
            painted.append(time.time())
            before_paint.append(statements[0])
            before_paint.append([m for m in LIBRARIES if m in sys.modules])
            if profile:
                profiler.disable()
            app.quit()
        return False

app = QApplication([])
catcher = FirstPaint()
app.installEventFilter(catcher)
if {path!r}:
    from pathlib import Path
    from ui.app import show_then_open
    from ui.main_window import MainWindow
    window = MainWindow(data_dir=Path({folder!r}), log_path=Path({folder!r}) / "log",
                        version="b")
    window.resize(1440, 900)
    # As the app does: the window paints, saying what it opens, then the workspace is read;
    # it is on screen when the dashboard shows its readiness and chart.
    show_then_open(window, {path!r}, demo=False, data_dir=Path({folder!r}))
    assert window.workspace is not None
    while window.pages["Dashboard"].readiness is None and time.time() < painted[0] + 300:
        app.processEvents()
    app.processEvents()
    ready = time.time()
else:
    window = QMainWindow()
    window.setWindowTitle("bare")
    window.resize(1440, 900)
    window.show()
    app.exec()
    ready = painted[0]
if profile:
    pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(30)
print(json.dumps({{"painted": painted[0], "statements": before_paint[0], "ready": ready,
                  "loaded": before_paint[1], "opening": statements[0] - before_paint[0]}}))
os._exit(0)  # the figure is taken: no need to wait for the window to close
"""


def first_paint(path: Path | None, folder: Path,
                profile: bool = False) -> tuple[float, int, float, list[str], int]:
    """Seconds from starting a fresh interpreter to the window's first paint; SQL statements
    before it; seconds until the workspace is open on screen; which of the store's and the
    exports' libraries were loaded at the paint; SQL statements from the paint until open."""
    code = CHILD.format(root=ROOT, folder=str(folder), path=str(path) if path else "",
                        profile=profile)
    # As an installed app runs: with its compiled modules (bytecode written on the first run).
    # Settings of its own: no window geometry or recent workspaces of the user's.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["XDG_CONFIG_HOME"] = str(folder / "config")
    started = time.time()
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, env={**env, "QT_QPA_PLATFORM": "offscreen"})
    if profile:
        print(done.stderr)
    found = json.loads(done.stdout.strip().splitlines()[-1])
    return (found["painted"] - started, found["statements"], found["ready"] - started,
            found["loaded"], found["opening"])


def measure(path: Path, folder: Path, runs: int = 3) -> dict[str, Any]:
    """Best of ``runs`` alternating runs of the bare window and VisitReady's."""
    bare: list[float] = []
    app: list[float] = []
    ready: list[float] = []
    statements = 0
    loaded: list[str] = []
    opening = 0
    first_paint(path, folder)  # compiles the modules once, as installing the app does
    for _ in range(runs):
        bare.append(first_paint(None, folder)[0])
        seconds, statements, on_screen, loaded, opening = first_paint(path, folder)
        app.append(seconds)
        ready.append(on_screen)
    return {"app": min(app), "bare": min(bare), "statements": statements, "ready": min(ready),
            "loaded": loaded, "opening": opening}


def run(sizes: list[int], url: str | None = None) -> list[Timing]:
    """Print one row per size; returns (items, seconds) for the growth check.

    ``url`` is accepted for run_all's sake: opening is measured on workspace files.
    """
    from readiness import fill

    from models.store import Workspace

    rows: list[Timing] = []
    if url:
        print("First paint: measured on workspace files only (the window opens a file)\n")
        return rows
    print("First paint of the main window, from process start, against a bare QMainWindow "
          "(fresh process each; in brackets the SQL statements run before the paint and "
          "which of SQLAlchemy, alembic, the store, python-docx, openpyxl and matplotlib "
          "were loaded by then)\n")
    print(HEADER)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for size in sizes:
            path = folder / f"p{size}.visitready"
            with Workspace.create(path) as ws:
                fill(ws, size)
            r = measure(path, folder)
            ratio = r["app"] / r["bare"]
            loaded = ", ".join(r["loaded"]) or "none"
            print(row(f"first paint ({r['statements']:.0f} SQL; loaded: {loaded})", size,
                      r["app"], r["bare"],
                      f"<= {GOAL:.0f}x a bare QMainWindow", ratio <= GOAL), flush=True)
            rows.append(("first paint", size, r["app"]))
            print(row(f"workspace open on screen ({r['opening']} SQL after the paint; no goal)",
                      size, r["ready"], r["bare"],
                      "-", True), flush=True)
            rows.append(("workspace open on screen", size, r["ready"]))
    print()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 5000, 20000, 50000])
    parser.add_argument("--profile", type=int, default=0,
                        help="print cProfile's summary up to the first paint at this size")
    args = parser.parse_args()
    if args.profile:
        from readiness import fill

        from models.store import Workspace

        with tempfile.TemporaryDirectory() as name:
            path = Path(name) / "profile.visitready"
            with Workspace.create(path) as ws:
                fill(ws, args.profile)
            first_paint(path, Path(name), profile=True)
        return
    run(args.sizes)


if __name__ == "__main__":
    main()
