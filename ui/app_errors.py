"""The two kinds of error: expected ones in plain words, everything else as a logged bug."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtWidgets import QApplication, QMessageBox

from models.errors import AppError

log = logging.getLogger("visitready")


def show_app_error(parent: Any, error: AppError) -> None:
    """Show an expected error in plain words with what to do next (no traceback)."""
    text = error.message + (f"\n\n{error.hint}" if error.hint else "")
    # The message can quote a record (a title, a value typed): the log gets its kind only.
    log.info("Shown to user: %s (%s)", error.title, type(error).__name__)
    box = QMessageBox(QMessageBox.Icon.Warning, error.title, text, parent=parent)
    box.setObjectName("appErrorDialog")
    box.exec()


def install_excepthook(log_path: Path) -> None:
    """Every unexpected error reaches here: logged with its traceback, shown as a bug."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if isinstance(value, AppError):
            show_app_error(None, value)
            return
        details = "".join(traceback.format_exception(kind, value, tb))
        log.error("Unexpected error\n%s", details)
        if QApplication.instance() is not None:
            box = QMessageBox(QMessageBox.Icon.Critical, "VisitReady: this is a bug",
                              "Something went wrong that VisitReady did not expect.\n\n"
                              "Your saved work is safe: every change is saved when you make it.\n"
                              f"Please send the log file to your support team:\n{log_path}")
            box.setDetailedText(details)
            box.setObjectName("bugDialog")
            box.exec()

    sys.excepthook = hook
