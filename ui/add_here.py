"""Ctrl+Shift+N on pages with no records of their own: a new evidence item, for the theme of
the gap chosen on the dashboard or the readiness review (evidence is what most gaps want)."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow, QWidget

from models.records import KINDS

from .context import Session
from .dashboard import DashboardPage
from .editor import open_editor
from .gap_model import GAP_ROLE
from .privacy_ui import RetentionPage
from .review_page import ReviewPage

#: What the status bar says on a page where nothing can be added.
NOTHING_TO_ADD = ("Nothing to add on the Retention page: it lists case-level records due "
                  "for erasure. Go to a list (Ctrl+1 \u2026 Ctrl+0) to add records.")


def chosen_theme_id(session: Session, page: QWidget) -> int | None:
    """The theme of the gap chosen on the dashboard or the review, when it has one."""
    themes = session.workspace.themes(include_retired=True)
    if isinstance(page, DashboardPage):
        gap = page.gaps.currentIndex().data(GAP_ROLE)
        if gap is not None and gap.record_kind == "theme":
            return int(gap.record_id)
        code = gap.theme_code if gap is not None else ""
        return next((t.id for t in themes if code and t.code == code), None)
    if isinstance(page, ReviewPage):
        item = page.model.item(page.view.currentIndex())
        if item is not None and item.record_kind == "theme":
            return int(item.record_id)
        name = item.theme if item is not None else ""
        return next((t.id for t in themes if name and t.name == name), None)
    return None


def add_here(window: QMainWindow, session: Session, page: QWidget) -> None:
    """Add what makes sense on a page that lists no records of its own."""
    if isinstance(page, RetentionPage):
        window.statusBar().showMessage(NOTHING_TO_ADD, 8000)
        return
    theme_id = chosen_theme_id(session, page)
    defaults = {"themes": [theme_id]} if theme_id is not None else None
    open_editor(session, KINDS["evidence"], defaults=defaults, parent=window)
