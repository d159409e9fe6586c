"""Memory: the app's resident set with a workspace of N evidence items open, against an empty one.

Run by hand: ``python benchmarks/memory.py [SIZES…]``. Each figure comes from a fresh
interpreter that opens the main window on the workspace, shows it, waits for the dashboard
to show readiness and reads its own peak resident set (VmHWM, Linux) and current one (VmRSS).
The goal: with 20,000 items, at most 1.5× the same window on an empty workspace.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

GOAL = 1.5

from goals import Timing  # noqa: E402

CHILD = """
import json, os, sys, time
from pathlib import Path
os.environ["QT_QPA_PLATFORM"] = "offscreen"
sys.path.insert(0, {root!r})
from PySide6.QtWidgets import QApplication
from models.store import Workspace
from ui.main_window import MainWindow
app = QApplication([])
window = MainWindow(data_dir=Path({folder!r}), log_path=Path({folder!r}) / "log", version="b")
window.set_workspace(Workspace.open({path!r}))
window.resize(1440, 900)
window.show()
dashboard = window.pages["Dashboard"]
while dashboard.readiness is None and window.session.visit() is not None:
    app.processEvents()
    time.sleep(0.01)
for _ in range(20):
    app.processEvents()
status = dict(line.split(":", 1) for line in open("/proc/self/status"))
print(json.dumps({{k: int(status[k].split()[0]) / 1024 for k in ("VmRSS", "VmHWM")}}))
"""


def rss(path: Path, folder: Path) -> dict[str, float]:
    code = CHILD.format(root=str(Path(__file__).resolve().parents[1]), folder=str(folder),
                        path=str(path))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def run(sizes: list[int], url: str | None = None) -> list[Timing]:
    """Print one row per size (workspace files; ``url`` is not used). Memory is no timing,
    so nothing is returned for the growth check."""
    from goals import HEADER, row
    from readiness import fill

    from models.store import Workspace

    print("Memory with the window open, against the same window on an empty workspace\n")
    print(HEADER)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        empty = folder / "empty.visitready"
        Workspace.create(empty).close()
        base = rss(empty, folder)
        for size in sizes:
            path = folder / f"m{size}.visitready"
            with Workspace.create(path) as ws:
                fill(ws, size)
            r = rss(path, folder)
            print(row("memory (RSS, window open)", size, r["VmRSS"], base["VmRSS"],
                      f"<= {GOAL}x the empty app", r["VmRSS"] / base["VmRSS"] <= GOAL,
                      unit="MiB"), flush=True)
    print()
    return []


def main() -> None:
    from readiness import fill

    from models.store import Workspace

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 5000, 20000, 50000])
    args = parser.parse_args()
    print(f"Memory with the window open (goal: 20,000 items <= {GOAL}x the empty workspace)\n")
    print("| items | RSS MiB | peak MiB | RSS × empty | peak × empty |")
    print("|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        empty = folder / "empty.visitready"
        Workspace.create(empty).close()
        base = rss(empty, folder)
        print(f"| 0 | {base['VmRSS']:.0f} | {base['VmHWM']:.0f} | 1.00 | 1.00 |", flush=True)
        for size in args.sizes:
            path = folder / f"m{size}.visitready"
            with Workspace.create(path) as ws:
                fill(ws, size)
            r = rss(path, folder)
            ratio = r["VmRSS"] / base["VmRSS"]
            ok = " ok" if ratio <= GOAL else (" MISSED" if size >= 20000 else "")
            print(f"| {size:,} | {r['VmRSS']:.0f} | {r['VmHWM']:.0f} | {ratio:.2f}{ok} | "
                  f"{r['VmHWM'] / base['VmHWM']:.2f} |", flush=True)


if __name__ == "__main__":
    main()
