"""Opening: the window paints before the store loads; the export libraries load only on use."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_window_does_not_load_the_export_libraries() -> None:
    code = (
        "import sys\n"
        "import ui.main_window, ui.workspace_parts\n"
        "print(','.join(sorted(m for m in ('docx', 'openpyxl', 'matplotlib')\n"
        "                      if m in sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          check=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.stdout.strip() == ""


#: Started as the user starts VisitReady (main.main with a workspace), this records what is
#: imported and shown when the window first paints, then what is on screen once it is open.
FIRST_PAINT_THEN_OPEN = """
import json, sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QStackedWidget

LIBRARIES = ("sqlalchemy", "alembic", "models.store", "docx", "openpyxl", "matplotlib")
app = QApplication([])
seen = {}

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if "painted" not in seen and event.type() == QEvent.Type.Paint \\
                and watched.isWidgetType() and watched.window().objectName() == "mainWindow":
            window = watched.window()
            seen["painted"] = {
                "loaded": [m for m in LIBRARIES if m in sys.modules],
                "title": window.windowTitle(),
                "menus": [a.text() for a in window.menuBar().actions()],
                "pages": window.findChild(QObject, "navigation").count(),
                "shown": window.findChild(QStackedWidget).currentWidget().text(),
            }
        return False

def once_open():
    # Timers also run while the app paints and opens: wait until a workspace is open (or
    # give up after a minute, so that a failure is reported rather than hanging).
    window = next((w for w in app.topLevelWidgets() if w.objectName() == "mainWindow"), None)
    if window is None or (window.workspace is None and time.monotonic() < deadline):
        return
    poll.stop()
    seen["open"] = {
        "loaded": [m for m in LIBRARIES if m in sys.modules],
        "title": window.windowTitle(),
        "location": window.workspace.location if window.workspace else None,
        "pages": sorted(window.pages),
        "navigation": window.findChild(QObject, "navigation").isEnabled(),
    }
    window.close()
    app.quit()

watcher = FirstPaint()
app.installEventFilter(watcher)
deadline = time.monotonic() + 60
poll = QTimer()
poll.timeout.connect(once_open)
poll.start(50)
import main
main.main([sys.argv[1]])
print(json.dumps(seen))
"""


def test_the_window_paints_before_the_store_is_imported_then_opens_the_workspace(
        tmp_path: Path) -> None:
    import json

    from models.store import Workspace

    path = tmp_path / "northshire.visitready"
    Workspace.create(path, authority="Northshire County Council").close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data")}
    done = subprocess.run([sys.executable, "-c", FIRST_PAINT_THEN_OPEN, str(path)], cwd=ROOT,
                          capture_output=True, text=True, check=True, env=env, timeout=120)
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    painted, opened = seen["painted"], seen["open"]
    # The real window paints first, saying what it opens, with nothing of the store loaded.
    assert painted["loaded"] == []
    assert painted["title"] == "VisitReady"
    assert painted["menus"] == ["&File", "&Edit", "E&xport", "&Go", "&Help"]
    assert painted["pages"] == 12
    assert painted["shown"] == "<h2>Opening northshire.visitready\u2026</h2>"
    # Then the workspace opens fully, every page built over it.
    assert opened["location"] == str(path)
    assert opened["title"] == "northshire \u2014 VisitReady"
    assert opened["navigation"] is True
    assert {"Dashboard", "Evidence", "Readiness review", "Retention"} <= set(opened["pages"])
    assert {"sqlalchemy", "alembic", "models.store"} <= set(opened["loaded"])


#: Opens the window on a workspace with a visit and waits until the dashboard shows its
#: readiness (chart included), then says which plotting libraries are loaded.
DASHBOARD_SHOWN = """
import sys, time
from pathlib import Path
from PySide6.QtWidgets import QApplication, QWidget
from models.store import Workspace
from ui.main_window import MainWindow
app = QApplication([])
window = MainWindow(data_dir=Path(sys.argv[2]), log_path=Path(sys.argv[2]) / "log", version="t")
window.set_workspace(Workspace.open(sys.argv[1]))
window.show()
dashboard = window.pages["Dashboard"]
deadline = time.monotonic() + 60
while dashboard.readiness is None and time.monotonic() < deadline:
    app.processEvents()
    time.sleep(0.01)
for _ in range(20):
    app.processEvents()
chart = dashboard.findChild(QWidget, "readinessChart")
print(chart is not None and chart.isVisible(), len(dashboard.readiness.focus),
      ",".join(m for m in ("matplotlib", "numpy", "PIL") if m in sys.modules) or "-")
"""


def test_the_dashboard_draws_its_chart_without_loading_matplotlib(tmp_path: Path) -> None:
    """The dashboard's chart is the window's own drawing: showing a visit's readiness loads
    neither matplotlib nor numpy (some 60 MiB resident), which only exports need."""
    from models.demo import build_demo

    path = tmp_path / "demo.visitready"
    build_demo(path).close()
    done = subprocess.run([sys.executable, "-c", DASHBOARD_SHOWN, str(path), str(tmp_path)],
                          cwd=ROOT, capture_output=True, text=True, check=True, timeout=120,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen",
                               "XDG_CONFIG_HOME": str(tmp_path / "config"),
                               "XDG_DATA_HOME": str(tmp_path / "data")})
    visible, bars, loaded = done.stdout.split()
    assert (visible, loaded) == ("True", "-")
    assert int(bars) >= 1  # the chart has the visit's themes to show
