"""What the window shows around the workspace: the demo's banner, actions that need one open."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMainWindow, QVBoxLayout, QWidget

from .after_paint import parts

if TYPE_CHECKING:
    from models.store import Workspace

#: Menu actions that do something only with a workspace open (by object name or text).
NEEDS_WORKSPACE = ("saveCopy", "closeWorkspace", "find", "newRecord", "authorityProfile",
                   "exportBoth", "Export &history")


class DemoBanner(QLabel):
    """A strip above the pages saying the demo's authority and data are made up."""

    def __init__(self) -> None:
        super().__init__("<b>Fictional demo</b> \u2014 the authority, its cases and its figures "
                         "are made up for trying VisitReady out. Use File \u2192 New workspace "
                         "for your own.")
        self.setObjectName("demoBanner")
        self.setAccessibleName("Fictional demo")
        self.setWordWrap(True)
        self.setMargin(6)
        # Highlight colours come from the palette, so the strip reads on light and dark.
        self.setStyleSheet("QLabel#demoBanner { background: palette(highlight); "
                           "color: palette(highlighted-text); }")
        self.hide()

    def wrap(self, content: QWidget) -> QWidget:
        """The banner above ``content``, in one widget."""
        holder = QWidget()
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self)
        layout.addWidget(content)
        return holder


def update_workspace_actions(window: QMainWindow, workspace: Workspace | None) -> None:
    """Enable what needs a workspace only when one is open; show the demo banner for the demo."""
    open_ = workspace is not None
    for action in window.findChildren(QAction):
        if action.objectName() in NEEDS_WORKSPACE or action.text() in NEEDS_WORKSPACE:
            action.setEnabled(open_)
    for name in ("navigation", "visitSelector"):
        widget = window.findChild(QWidget, name)
        if widget is not None:
            widget.setEnabled(open_)
    banner = window.findChild(DemoBanner)
    if banner is not None:
        banner.setVisible(open_ and workspace is not None and parts.is_demo(workspace))
