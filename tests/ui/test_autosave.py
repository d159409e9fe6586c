"""Typed text on the Themes page is kept: on leaving a field, switching theme, page or closing."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit, QPushButton

from models import entities as e
from ui.themes_page import ThemesPage


def _themes_page(window: Any) -> ThemesPage:
    page = window.show_page("Themes")
    assert isinstance(page, ThemesPage) and page.theme is not None and page.form is not None
    return page


def _type_into(page: ThemesPage, name: str, text: str, qtbot: Any) -> None:
    assert page.form is not None
    box = page.form.widgets[name]
    assert isinstance(box, QPlainTextEdit)
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, text)


def test_switching_theme_keeps_typed_text(window: Any, qtbot: Any) -> None:
    page = _themes_page(window)
    first = page.theme
    assert first is not None
    _type_into(page, "what_we_know", "Audits show stronger plans", qtbot)
    other = next(n for n in range(page.list.count())
                 if page.list.item(n).data(Qt.ItemDataRole.UserRole) != first.id)
    page.list.setCurrentRow(other)
    assert window.workspace.get(e.Theme, first.id).what_we_know == "Audits show stronger plans"


def test_changing_page_keeps_typed_text(window: Any, qtbot: Any) -> None:
    page = _themes_page(window)
    theme_id = page.theme.id  # type: ignore[union-attr]
    _type_into(page, "key_messages", "Front door decisions are timely", qtbot)
    window.show_page("Evidence")
    assert window.workspace.get(e.Theme, theme_id).key_messages == "Front door decisions are timely"


def test_closing_the_window_keeps_typed_text(window: Any, qtbot: Any) -> None:
    page = _themes_page(window)
    theme_id = page.theme.id  # type: ignore[union-attr]
    workspace = window.workspace
    _type_into(page, "how_we_know", "Monthly dip samples", qtbot)
    window.close()
    assert workspace.get(e.Theme, theme_id).how_we_know == "Monthly dip samples"


def test_each_field_saves_on_leaving_it_as_its_own_undo_step(window: Any, qtbot: Any) -> None:
    page = _themes_page(window)
    theme_id = page.theme.id  # type: ignore[union-attr]
    before = window.workspace.get(e.Theme, theme_id).what_we_know
    _type_into(page, "what_we_know", "First answer", qtbot)
    _type_into(page, "how_we_know", "Second answer", qtbot)  # leaves the first field
    assert window.workspace.get(e.Theme, theme_id).what_we_know == "First answer"
    page.form.widgets["owner"].setFocus()  # type: ignore[union-attr]
    assert window.workspace.get(e.Theme, theme_id).how_we_know == "Second answer"
    window.session.undo_stack.undo()
    theme = window.workspace.get(e.Theme, theme_id)
    assert theme.how_we_know != "Second answer" and theme.what_we_know == "First answer"
    window.session.undo_stack.undo()
    assert window.workspace.get(e.Theme, theme_id).what_we_know == before


def test_no_save_button_to_forget(window: Any) -> None:
    page = _themes_page(window)
    assert not [b for b in page.findChildren(QPushButton) if "Save" in b.text()]
