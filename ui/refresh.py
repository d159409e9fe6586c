"""Pages that re-read the store after an edit: at once if they can be seen, else when shown."""

from __future__ import annotations

from typing import Any


class RefreshWhenShown:
    """Mixin for a QWidget page with a ``refresh()`` that re-reads from the store.

    Call :meth:`refresh_soon` when the data may have changed. A hidden page only
    marks itself stale, so an edit costs the page the user is looking at, not
    every page of the window.
    """

    _stale = False

    def refresh(self) -> None:
        raise NotImplementedError

    def refresh_soon(self) -> None:
        if self.isVisible():  # type: ignore[attr-defined]
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: Any) -> None:
        if self._stale:
            self._stale = False
            self.refresh()
        super().showEvent(event)  # type: ignore[misc]
