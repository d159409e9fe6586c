"""Keys to move between pages (Ctrl+1 … Ctrl+9, Ctrl+0, Ctrl+PgDown and Ctrl+PgUp) and to
leave tables with Tab."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QMenu, QWidget


def page_key(position: int) -> str:
    """The shortcut of the page at ``position`` (0-based): Ctrl+1 … Ctrl+9, then Ctrl+0."""
    return f"Ctrl+{(position + 1) % 10}"


def add_page_actions(parent: QWidget, menu: QMenu, pages: Sequence[str],
                     show: Callable[[str], object]) -> list[QAction]:
    """One "Go" action per page (the first ten have a key)."""
    actions = []
    for position, name in enumerate(pages):
        action = QAction(name, parent)
        action.setObjectName(f"goTo{name.title().replace(' ', '')}")
        if position < 10:
            action.setShortcut(QKeySequence(page_key(position)))
        action.triggered.connect(lambda _checked=False, name=name: show(name))
        menu.addAction(action)
        actions.append(action)
    return actions


def add_page_turn_actions(parent: QWidget, menu: QMenu,
                          turn: Callable[[int], object]) -> list[QAction]:
    """Next page (Ctrl+PgDown) and previous page (Ctrl+PgUp), round the list: every page,
    the eleventh and later too, can be reached from the keyboard."""
    menu.addSeparator()
    actions = []
    for text, name, key, step in (("Next page", "nextPage", "Ctrl+PgDown", 1),
                                  ("Previous page", "previousPage", "Ctrl+PgUp", -1)):
        action = QAction(text, parent)
        action.setObjectName(name)
        action.setShortcut(QKeySequence(key))
        action.triggered.connect(lambda _checked=False, step=step: turn(step))
        menu.addAction(action)
        actions.append(action)
    return actions


def tab_leaves(view: QAbstractItemView) -> None:
    """Tab moves on to the next control instead of from cell to cell (arrows move in it)."""
    view.setTabKeyNavigation(False)
