"""Start the desktop app: logging, the one handler for unexpected errors, the first workspace."""

from __future__ import annotations

import datetime as dt
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from models.errors import AppError, DamagedWorkspace

from .after_paint import load_parts, parts
from .app_errors import install_excepthook, show_app_error
from .palette import apply_palette_style
from .unexpected_stop import (
    FaultLoggingHandler,
    mark_running,
    mark_stopped,
    notice_text,
    stopped_unexpectedly,
)

if TYPE_CHECKING:
    from models.store import Workspace

    from .main_window import MainWindow

log = logging.getLogger("visitready")


def log_file(data_dir: Path) -> Path:
    return data_dir / "visitready.log"


def setup_logging(data_dir: Path) -> Path:
    """Log to a rotating file in the data folder; native crashes are written there too."""
    path = log_file(data_dir)
    handler = FaultLoggingHandler(path)
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
            return parts.Workspace.open(path)
        except AppError:
            log.warning("Demo workspace unusable; rebuilding it", exc_info=True)
            path.replace(path.with_suffix(".visitready.old"))
    workspace = parts.build_demo(path)
    from importers.annex_a_demo import add_demo_returns

    add_demo_returns(workspace, dt.date.today())
    return workspace


def open_location(location: str) -> Workspace:
    """A workspace file, or a shared workspace on a database server (a URL)."""
    if "://" in location:
        return parts.Workspace.connect(location)
    return parts.Workspace.open(Path(location))


def open_first_workspace(window: MainWindow, workspace: str | None, *, demo: bool,
                         data_dir: Path) -> None:
    """Open what the user asked for: a named workspace, else the last one, else the demo.

    A name that does not open is said, and nothing is opened in its place: silently
    showing the demo would look like the user's own workspace. A damaged file offers
    its latest backup; an encrypted one whose key is not in the keyring asks for its
    passphrase.
    """
    opened: Workspace | None = None
    chosen = workspace
    try:
        if workspace is not None:
            opened = open_location(workspace)
        elif not demo:
            last = QSettings().value("workspace/last", "", str)
            if last and Path(last).is_file():
                chosen = last
                opened = parts.Workspace.open(last)
        if opened is None and workspace is None:
            opened = demo_workspace(data_dir)
    except DamagedWorkspace as error:
        if chosen is None or "://" in chosen:
            show_app_error(window, error)
        elif window.open_path_after_damage(Path(chosen), error):
            return
    except parts.PassphraseNeeded:
        if chosen is not None and window.open_path(Path(chosen)):
            return
    except AppError as error:
        show_app_error(window, error)
        opened = None
    window.set_workspace(opened)


def show_then_open(window: MainWindow, workspace: str | None, *, demo: bool,
                   data_dir: Path) -> None:
    """The window paints first, saying what it is opening; then the workspace is read (a
    large or shared one takes a moment, and the first run builds the demo)."""
    window.show_opening(Path(workspace).name if workspace and "://" not in workspace
                        else "the shared workspace" if workspace else "your workspace")
    window.show()
    QApplication.processEvents()
    # After the first paint: the store, the pages and the dialogs (ui/workspace_parts.py).
    load_parts()
    open_first_workspace(window, workspace, demo=demo, data_dir=data_dir)


def run_app(*, workspace: str | None, demo: bool, data_dir: Path, version: str) -> int:
    """Build the QApplication, open the workspace (or the demo) and run the window."""
    from .main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("VisitReady")
    app.setOrganizationName("VisitReady")
    app.setApplicationVersion(version)
    apply_palette_style(app)  # tick boxes with a clear edge when the system palette is dark
    log_path = setup_logging(data_dir)
    install_excepthook(log_path)
    earlier_stops = stopped_unexpectedly(data_dir)
    marker = mark_running(data_dir)
    window = MainWindow(data_dir=data_dir, log_path=log_path, version=version)
    show_then_open(window, workspace, demo=demo, data_dir=data_dir)
    opened_copies = parts.configure_opened_copies(data_dir)  # and empties what the last run left
    if earlier_stops:
        log.warning("The previous run, started %s, stopped unexpectedly", earlier_stops[-1])
        QTimer.singleShot(0, lambda: tell_of_unexpected_stop(window, earlier_stops[-1],
                                                             log_path))
    try:
        return app.exec()
    finally:
        opened_copies.empty()
        mark_stopped(marker)


def tell_of_unexpected_stop(parent: QWidget, started: dt.datetime, log_path: Path) -> None:
    """Say, once, that the last run ended unexpectedly, that nothing saved was lost, and
    where the log is."""
    box = QMessageBox(QMessageBox.Icon.Information, "VisitReady stopped unexpectedly",
                      notice_text(started, log_path), parent=parent)
    box.setObjectName("unexpectedStopNotice")
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # copy the path
    box.open()
