"""Start the desktop app: logging, the one handler for unexpected errors, the first workspace."""

from __future__ import annotations

import logging
import logging.handlers
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from models.demo import build_demo
from models.errors import AppError
from models.store import Workspace

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


def install_excepthook(log_path: Path) -> None:
    """Every unexpected error reaches here: logged with its traceback, shown as a bug."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if isinstance(value, AppError):
            # An expected error that escaped a handler: still plain words, no traceback.
            show_app_error(None, value)
            return
        log.error("Unexpected error\n%s", "".join(traceback.format_exception(kind, value, tb)))
        if QApplication.instance() is not None:
            box = QMessageBox(QMessageBox.Icon.Critical, "VisitReady: this is a bug",
                              "Something went wrong that VisitReady did not expect.\n\n"
                              "Your saved work is safe: every change is saved when you make it. "
                              f"Please send the log file to your support team:\n{log_path}")
            box.setDetailedText("".join(traceback.format_exception(kind, value, tb)))
            box.setObjectName("bugDialog")
            box.exec()

    sys.excepthook = hook


def show_app_error(parent: object, error: AppError) -> None:
    """Show an expected error in plain words with what to do next."""
    text = error.message + (f"\n\n{error.hint}" if error.hint else "")
    box = QMessageBox(QMessageBox.Icon.Warning, error.title, text, parent=parent)  # type: ignore[arg-type]
    box.setObjectName("appErrorDialog")
    box.exec()


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


def run_app(*, workspace: Path | None, demo: bool, data_dir: Path, version: str) -> int:
    """Build the QApplication, open the workspace (or the demo) and run the window."""
    from ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("VisitReady")
    app.setOrganizationName("VisitReady")
    app.setApplicationVersion(version)
    log_path = setup_logging(data_dir)
    install_excepthook(log_path)
    window = MainWindow(data_dir=data_dir, log_path=log_path, version=version)
    opened: Workspace | None = None
    try:
        if workspace is not None:
            opened = Workspace.open(workspace)
        elif not demo:
            last = QSettings().value("workspace/last", "", str)
            if last and Path(last).is_file():
                opened = Workspace.open(last)
        if opened is None:
            opened = demo_workspace(data_dir)
    except AppError as error:
        show_app_error(window, error)
        opened = demo_workspace(data_dir)
    window.set_workspace(opened)
    window.show()
    return app.exec()
