"""Opening: from process start to the first paint of the main window, against a bare QMainWindow.

Run by hand: ``python benchmarks/first_paint.py [SIZES…] [--profile SIZE]``. Each figure
comes from a fresh interpreter (imports included, nothing cached in the process): the
time from just before the process is started to the first paint event of the window,
for VisitReady's main window opening a workspace of N evidence items (as the app does:
the window paints, saying what it opens, then reads the workspace; the time until the
workspace is on screen is printed beside it, without a goal) and, in the same run, for a
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

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from goals import HEADER, Timing, row  # noqa: E402

GOAL = 3.0
ROOT = str(Path(__file__).resolve().parents[1])

#: The child: builds the window, shows it and reports the wall-clock time of its first paint.
CHILD = """
import json, os, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
sys.path.insert(0, {root!r})
profile = {profile!r}
if profile:
    import cProfile, pstats
    profiler = cProfile.Profile()
    profiler.enable()
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow
statements = [0]
painted = []
before_paint = []

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if not painted and event.type() == QEvent.Type.Paint and watched.isWidgetType() \\
                and watched.window() is window:
            painted.append(time.time())
            before_paint.append(statements[0])
            app.quit()
        return False

app = QApplication([])
catcher = FirstPaint()
app.installEventFilter(catcher)
if {path!r}:
    from pathlib import Path
    from sqlalchemy import event
    from sqlalchemy.engine import Engine
    event.listen(Engine, "before_cursor_execute",
                 lambda *a, **k: statements.__setitem__(0, statements[0] + 1))
    from models.store import Workspace
    from ui.main_window import MainWindow
    window = MainWindow(data_dir=Path({folder!r}), log_path=Path({folder!r}) / "log",
                        version="b")
    window.show_opening(Path({path!r}).name)  # as the app does: paint, then open
else:
    window = QMainWindow()
    window.setWindowTitle("bare")
window.resize(1440, 900)
window.show()
app.exec()
if profile:
    profiler.disable()
    pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(30)
ready = painted[0]
if {path!r}:  # then the workspace, read and its dashboard laid out, as the user next sees
    window.set_workspace(Workspace.open({path!r}))
    app.processEvents()
    ready = time.time()
print(json.dumps({{"painted": painted[0], "statements": before_paint[0], "ready": ready}}))
os._exit(0)  # the figure is taken: no need to wait for the window to close
"""


def first_paint(path: Path | None, folder: Path,
                profile: bool = False) -> tuple[float, int, float]:
    """Seconds from starting a fresh interpreter to the window's first paint; SQL statements
    before it; seconds until the workspace is open on screen."""
    code = CHILD.format(root=ROOT, folder=str(folder), path=str(path) if path else "",
                        profile=profile)
    # As an installed app runs: with its compiled modules (bytecode written on the first run).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    started = time.time()
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, env={**env, "QT_QPA_PLATFORM": "offscreen"})
    if profile:
        print(done.stderr)
    found = json.loads(done.stdout.strip().splitlines()[-1])
    return found["painted"] - started, found["statements"], found["ready"] - started


def measure(path: Path, folder: Path, runs: int = 3) -> dict[str, float]:
    """Best of ``runs`` alternating runs of the bare window and VisitReady's."""
    bare: list[float] = []
    app: list[float] = []
    ready: list[float] = []
    statements = 0
    first_paint(path, folder)  # compiles the modules once, as installing the app does
    for _ in range(runs):
        bare.append(first_paint(None, folder)[0])
        seconds, statements, on_screen = first_paint(path, folder)
        app.append(seconds)
        ready.append(on_screen)
    return {"app": min(app), "bare": min(bare), "statements": statements, "ready": min(ready)}


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
          "(fresh process each; SQL statements run before the paint in brackets)\n")
    print(HEADER)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for size in sizes:
            path = folder / f"p{size}.visitready"
            with Workspace.create(path) as ws:
                fill(ws, size)
            r = measure(path, folder)
            ratio = r["app"] / r["bare"]
            print(row(f"first paint ({r['statements']:.0f} SQL)", size, r["app"], r["bare"],
                      f"<= {GOAL:.0f}x a bare QMainWindow", ratio <= GOAL), flush=True)
            rows.append(("first paint", size, r["app"]))
            print(row("workspace open on screen (no goal)", size, r["ready"], r["bare"],
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
