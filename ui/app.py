"""Start the desktop app: logging, the one handler for unexpected errors, the first workspace."""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from models.demo import build_demo
from models.errors import AppError, DamagedWorkspace
from models.store import Workspace

from .app_errors import install_excepthook, show_app_error

log = logging.getLogger("visitready")


def log_file(data_dir: Path) -> Path:
    return data_dir / "visitready.log"


def setup_logging(data_dir: Path) -> Path:
    """Log to a rotating file in the data folder (and to stderr)."""
    path = log_file(data_dir)
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=3,
                                                   encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    root.addHandler(handler)
    return path


def demo_workspace(data_dir: Path) -> Workspace:
    """Open the demo workspace in the data folder, building it on first use."""
    path = data_dir / "demo.visitready"
    if path.exists():
        try:
            return Workspace.open(path)
        except AppError:
            log.warning("Demo workspace unusable; rebuilding it", exc_info=True)
            path.replace(path.with_suffix(".visitready.old"))
    return build_demo(path)


def open_location(location: str) -> Workspace:
    """A workspace file, or a shared workspace on a database server (a URL)."""
    if "://" in location:
        return Workspace.connect(location)
    return Workspace.open(Path(location))


def run_app(*, workspace: str | None, demo: bool, data_dir: Path, version: str) -> int:
    """Build the QApplication, open the workspace (or the demo) and run the window."""
    from .main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("VisitReady")
    app.setOrganizationName("VisitReady")
    app.setApplicationVersion(version)
    log_path = setup_logging(data_dir)
    install_excepthook(log_path)
    window = MainWindow(data_dir=data_dir, log_path=log_path, version=version)
    opened: Workspace | None = None
    chosen = workspace
    try:
        if workspace is not None:
            opened = open_location(workspace)
        elif not demo:
            last = QSettings().value("workspace/last", "", str)
            if last and Path(last).is_file():
                chosen = last
                opened = Workspace.open(last)
        if opened is None:
            opened = demo_workspace(data_dir)
    except DamagedWorkspace as error:
        # The window offers the latest backup; without one it shows the demo.
        if chosen is not None and "://" not in chosen and \
                window.open_path_after_damage(Path(chosen), error):
            window.show()
            return app.exec()
        if chosen is None or "://" in chosen:
            show_app_error(window, error)
        opened = demo_workspace(data_dir)
    except AppError as error:
        show_app_error(window, error)
        opened = demo_workspace(data_dir)
    window.set_workspace(opened)
    window.show()
    return app.exec()
