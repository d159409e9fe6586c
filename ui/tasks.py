"""Long work off the UI thread: one runner, a progress dialog that can cancel, results by signal."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from exporters.common import ExportCancelled, IsCancelled, Progress
from models.errors import AppError

#: The work: a plain function taking ``progress`` and ``is_cancelled`` keyword callbacks.
Work = Callable[..., Any]


class _Signals(QObject):
    #: (done, total, message) from the worker.
    progressed = Signal(int, int, str)
    #: The work returned this value.
    finished = Signal(object)
    #: The work raised an expected error (AppError).
    failed = Signal(object)
    #: The user cancelled; nothing was written.
    cancelled = Signal()
    #: The work raised something unexpected: (type, value, traceback).
    crashed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Work, signals: _Signals, stop: threading.Event) -> None:
        super().__init__()
        self.work = work
        self.signals = signals
        self.stop = stop

    def run(self) -> None:
        progress: Progress = self.signals.progressed.emit
        is_cancelled: IsCancelled = self.stop.is_set
        try:
            result = self.work(progress=progress, is_cancelled=is_cancelled)
        except ExportCancelled:
            self.signals.cancelled.emit()
        except AppError as error:
            self.signals.failed.emit(error)
        except Exception:  # every unexpected error reaches the one handler, on the UI thread
            self.signals.crashed.emit(sys.exc_info())
        else:
            self.signals.finished.emit(result)


class Task(QObject):
    """A piece of long work running on the thread pool with a progress dialog.

    Signals:
        finished(object): the work's return value (UI thread).
        failed(object): an AppError to show (UI thread).
        cancelled(): the user cancelled.
    """

    finished = Signal(object)
    failed = Signal(object)
    cancelled = Signal()

    def __init__(self, title: str, work: Work, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._stop = threading.Event()
        self._signals = _Signals()
        self.dialog = QProgressDialog(title, "Cancel", 0, 100, parent)
        self.dialog.setObjectName("taskProgress")
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self.cancel)
        self._signals.progressed.connect(self._on_job_progressed)
        self._signals.finished.connect(self._on_job_finished)
        self._signals.failed.connect(self._on_job_failed)
        self._signals.cancelled.connect(self._on_job_cancelled)
        self._signals.crashed.connect(self._on_job_crashed)
        self._job = _Job(work, self._signals, self._stop)
        self.running = False

    def start(self) -> None:
        self.running = True
        QThreadPool.globalInstance().start(self._job)

    def cancel(self) -> None:
        self._stop.set()
        self.dialog.setLabelText("Cancelling\u2026")

    def _on_job_progressed(self, done: int, total: int, message: str) -> None:
        self.dialog.setMaximum(max(total, 1))
        self.dialog.setValue(done)
        self.dialog.setLabelText(message)

    def _close(self) -> None:
        self.running = False
        self.dialog.close()

    def _on_job_finished(self, result: object) -> None:
        self._close()
        self.finished.emit(result)

    def _on_job_failed(self, error: object) -> None:
        self._close()
        self.failed.emit(error)

    def _on_job_cancelled(self) -> None:
        self._close()
        self.cancelled.emit()

    def _on_job_crashed(self, info: Any) -> None:
        self._close()
        sys.excepthook(*info)
