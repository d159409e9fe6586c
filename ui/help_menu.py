"""Help inside the app: the user guide and the readiness formula, shipped with VisitReady."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMenu,
    QTextBrowser,
    QVBoxLayout,
    QWhatsThis,
    QWidget,
)

from models.help_pages import page_text


class HelpPage(QDialog):
    """One help page, read from the app's own files (no web browser, no network)."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("helpPage")
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setObjectName("helpText")
        self.browser.setOpenExternalLinks(False)
        self.browser.setMarkdown(page_text(title))
        layout.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        self.resize(780, 680)


def add_help_actions(parent: QWidget, menu: QMenu) -> list[QAction]:
    """Help → User guide, How readiness is worked out, and What's this (Shift+F1)."""
    actions = []
    for title, name, key in (("User guide", "userGuide", "F1"),
                             ("How readiness is worked out", "readinessHelp", None)):
        action = QAction(f"{title}\u2026", parent)
        action.setObjectName(name)
        if key:
            action.setShortcut(QKeySequence(key))

        def show(_checked: bool = False, title: str = title) -> None:
            page = HelpPage(title, parent)
            page.show()

        action.triggered.connect(show)
        actions.append(action)
    whats_this = QWhatsThis.createAction(parent)
    whats_this.setObjectName("whatsThis")
    actions.append(whats_this)
    first = menu.actions()[0] if menu.actions() else None
    for action in actions:
        menu.insertAction(first, action)  # type: ignore[arg-type]
    menu.insertSeparator(first)  # type: ignore[arg-type]
    return actions
