"""The one door to what the window loads after its first paint (``ui/workspace_parts.py``).

Starting VisitReady paints the window first, then opens the workspace. Importing the store
(SQLAlchemy, alembic), the pages and the dialogs takes several times as long as the window
itself, so they are not imported by the modules the first paint needs: those reach them as
``parts.Workspace``, ``parts.DashboardPage``…, and the first such use (normally
``load_parts()`` in ``ui.app.show_then_open``, right after the paint) imports them.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING, Any

PARTS = "ui.workspace_parts"


def load_parts() -> ModuleType:
    """Import the workspace parts: a moment the first time, nothing after."""
    return importlib.import_module(PARTS)


class _AfterFirstPaint:
    """Looks each name up in the workspace parts, importing them on first use (so a test
    that replaces a part there is seen here too)."""

    def __getattr__(self, name: str) -> Any:
        return getattr(load_parts(), name)


if TYPE_CHECKING:
    from . import workspace_parts as parts
else:
    parts = _AfterFirstPaint()
