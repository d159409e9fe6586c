"""What every page shares: the open workspace, the undo stack and the chosen visit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from models import entities as e
from models.errors import AppError
from models.readiness import VisitReadiness
from models.readiness_sql import assess_visit
from models.store import Workspace


class Session(QObject):
    """The open workspace as the UI sees it.

    Pages never keep their own copy of anything here; they listen and re-read.
    """

    #: A record of kind ``str`` (a RecordKind name) was added, changed or deleted.
    records_changed = Signal(str)
    #: The visit chosen in the toolbar changed; the int is its id (0 when none).
    visit_changed = Signal(int)
    #: An expected error happened in a background step (an undo, say); show it.
    error_raised = Signal(object)
    #: Ask the window to open the record editor for (kind name, record id).
    open_record_requested = Signal(str, int)
    #: A visit's change moved its checklist or added items; the list says what, line by line.
    visit_replanned = Signal(str, list)

    def __init__(self, workspace: Workspace, parent: QObject | None = None, *,
                 today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.undo_stack = QUndoStack(self)
        latest = workspace.latest_visit()
        self._visit_id = latest.id if latest else 0
        #: The day readiness is worked out for (fixed in tests and screenshots).
        self.today = today or dt.date.today()
        #: Kinds changed inside :meth:`batch`, announced when it ends (None: not batching).
        self._pending: list[str] | None = None
        #: Connections of the session's own for background readiness (see :meth:`_reader`).
        self._background: Workspace | None = None

    @property
    def visit_id(self) -> int:
        return self._visit_id

    def set_visit(self, visit_id: int) -> None:
        if visit_id != self._visit_id:
            self._visit_id = visit_id
            self.visit_changed.emit(visit_id)

    def visit(self) -> e.Visit | None:
        if not self._visit_id:
            return None
        try:
            return self.workspace.get(e.Visit, self._visit_id)
        except AppError:
            return None

    def readiness_work(self, visit_id: int) -> Callable[..., VisitReadiness]:
        """Work for the thread pool: a visit's readiness, read through connections of its own.

        Readiness is a few SQL aggregates (tens of milliseconds at 20,000 items); it still
        runs off the UI thread so a busy shared server never freezes the window. The
        connections are the session's reader's, kept from one refresh to the next: a new
        connection to a shared server costs as much as the readiness itself.
        """
        reader = self._reader()
        today = self.today
        return lambda **_callbacks: assess_visit(reader, visit_id, today)

    def _reader(self) -> Workspace:
        """The workspace through connections of its own, for background reading (made once).

        Not the workspace itself: while a bulk change runs, the workspace joins every read
        to the change's unit of work, which belongs to the UI thread.
        """
        if self._background is None:
            self._background = self.workspace.another_connection()
        return self._background

    def close(self) -> None:
        """Close the reader's connections; the window calls this before closing the workspace
        (background work has finished by then)."""
        if self._background is not None:
            self._background.close()
            self._background = None

    def changed(self, kind_name: str) -> None:
        """Tell every page that records of this kind changed (once a batch ends, inside one)."""
        if self._pending is not None:
            self._pending.append(kind_name)
        else:
            self.records_changed.emit(kind_name)

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Many changes as one: each kind changed inside is announced once, at the end."""
        if self._pending is not None:  # already inside a batch: the outer one announces
            yield
            return
        self._pending = []
        try:
            yield
        finally:
            pending, self._pending = self._pending, None
            for kind_name in dict.fromkeys(pending):
                self.records_changed.emit(kind_name)

    def report(self, error: Any) -> None:
        self.error_raised.emit(error)
