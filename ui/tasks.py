"""Long work off the UI thread: one runner, a progress dialog that can cancel, results by signal.

Workers never touch widgets. They report through one relay object that lives
on the UI thread for the whole run of the app; the relay hands each report to
its receiver only if the receiver still exists, so a page closed while its work
runs is simply not called back.
"""

from __future__ import annotations

import contextlib
import itertools
import sys
import threading
import weakref
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from exporters.common import ExportCancelled
from models.errors import AppError

#: The work: a plain function taking ``progress`` and ``is_cancelled`` keyword callbacks.
Work = Callable[..., Any]


class _Relay(QObject):
    """Carries reports from workers to the UI thread (queued, since it lives there)."""

    #: (token, what happened, payload): progress, finished, failed, cancelled or crashed.
    reported = Signal(int, str, object)

    def __init__(self) -> None:
        super().__init__()
        self.receivers: dict[int, weakref.WeakMethod[Any]] = {}
        self.reported.connect(self._on_reported, Qt.ConnectionType.QueuedConnection)

    def _on_reported(self, token: int, what: str, payload: object) -> None:
        method = self.receivers.get(token)
        target = method() if method is not None else None
        if what != "progress":
            self.receivers.pop(token, None)
        if what == "crashed":
            sys.excepthook(*payload)  # type: ignore[misc]
        elif target is not None and _alive(getattr(target, "__self__", None)):
            target(token, what, payload)


_relay: _Relay | None = None
_tokens = itertools.count(1)


def _the_relay() -> _Relay:
    global _relay
    if _relay is None:
        _relay = _Relay()
    return _relay


def run_in_background(work: Work, receiver: Callable[[int, str, object], None],
                      stop: threading.Event | None = None) -> int:
    """Run ``work`` on the thread pool; ``receiver(token, what, payload)`` hears how it went.

    ``receiver`` must be a bound method; it is held weakly. ``what`` is
    "progress" (done, total, message), "finished" (the return value), "failed"
    (an AppError) or "cancelled". Unexpected errors go to ``sys.excepthook``.
    """
    relay = _the_relay()
    token = next(_tokens)
    relay.receivers[token] = weakref.WeakMethod(receiver)  # type: ignore[arg-type]
    stop = stop or threading.Event()

    def report(token: int, what: str, payload: object) -> None:
        # RuntimeError: the app is closing and the relay has gone; nobody is left to tell.
        with contextlib.suppress(RuntimeError):
            relay.reported.emit(token, what, payload)

    def run() -> None:
        try:
            result = work(progress=lambda d, t, m: report(token, "progress", (d, t, m)),
                          is_cancelled=stop.is_set)
        except ExportCancelled:
            report(token, "cancelled", None)
        except AppError as error:
            report(token, "failed", error)
        except Exception:  # every unexpected error reaches the one handler, on the UI thread
            report(token, "crashed", sys.exc_info())
        else:
            report(token, "finished", result)

    QThreadPool.globalInstance().start(run)
    return token


class Task(QObject):
    """A piece of long work running on the thread pool with a progress dialog.

    Signals:
        finished(object): the work's return value.
        failed(object): an AppError to show.
        cancelled(): the user cancelled; nothing was written.
    """

    finished = Signal(object)
    failed = Signal(object)
    cancelled = Signal()

    def __init__(self, title: str, work: Work, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._work = work
        self._stop = threading.Event()
        self.dialog = QProgressDialog(title, "Cancel", 0, 100, parent)
        self.dialog.setObjectName("taskProgress")
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self.cancel)
        self.running = False

    def start(self) -> None:
        self.running = True
        run_in_background(self._work, self._on_report, self._stop)

    def cancel(self) -> None:
        self._stop.set()
        self.dialog.setLabelText("Cancelling\u2026")

    def _on_report(self, _token: int, what: str, payload: Any) -> None:
        if what == "progress":
            done, total, message = payload
            self.dialog.setMaximum(max(total, 1))
            self.dialog.setValue(done)
            self.dialog.setLabelText(message)
            return
        self.running = False
        self.dialog.close()
        if what == "finished":
            self.finished.emit(payload)
        elif what == "failed":
            self.failed.emit(payload)
        else:
            self.cancelled.emit()


def _alive(receiver: object) -> bool:
    """False for a widget whose Qt side is gone (a page replaced while its work ran)."""
    from shiboken6 import Shiboken

    return receiver is None or not isinstance(receiver, QObject) or Shiboken.isValid(receiver)
