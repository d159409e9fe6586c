"""Help on every field and control: each field's help text is its tooltip and What's this,
and every button, filter box and choice on every page says what it does."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QTabBar,
    QWidget,
)

from models.records import KINDS
from ui.context import Session
from ui.editor import RecordEditor
from ui.main_window import PAGES


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_field_has_plain_help(kind: str) -> None:
    for spec in KINDS[kind].fields:
        assert len(spec.help.split()) >= 8, f"{kind}.{spec.name} needs help a newcomer can use"
        assert spec.help[0].isupper() and spec.help.rstrip()[-1] in ".)", spec.help


@pytest.mark.parametrize("new", [True, False], ids=["new", "existing"])
@pytest.mark.parametrize("kind", list(KINDS))
def test_every_editor_field_shows_its_help(session: Session, qtbot: Any, kind: str,
                                           new: bool) -> None:
    """Every field and every button of the editor, for a new record and a saved one (which
    shows more: attachments, audit actions, the on-site timetable, erasing)."""
    entity = KINDS[kind].entity
    record = None if new and kind != "authority" else session.workspace.all(entity)[0]
    editor = RecordEditor(session, KINDS[kind], record)
    qtbot.addWidget(editor)
    for spec in KINDS[kind].fields:
        widget = editor.form.widgets[spec.name]
        assert widget.toolTip() == spec.help, spec.name
        assert widget.whatsThis() == spec.help, spec.name
    missing = [_describe(w) for w in _controls(editor) if not w.toolTip().strip()]
    assert not missing, f"{kind} editor: no tooltip on {missing}"


def _is_internal(widget: QWidget) -> bool:
    """Parts Qt builds inside another control (a combo's line edit, a tab bar's arrows)."""
    if widget.objectName().startswith("qt_"):  # a table's corner button
        return True
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, (QComboBox, QAbstractSpinBox, QTabBar, QLineEdit)):
            return True
        parent = parent.parentWidget()
    return False


def _controls(root: QWidget) -> list[QWidget]:
    found: list[QWidget] = []
    for cls in (QAbstractButton, QComboBox, QLineEdit):
        found += [w for w in root.findChildren(cls) if not _is_internal(w)]
    return found


def _describe(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, (QAbstractButton, QLineEdit)) else ""
    return f"{type(widget).__name__} {widget.objectName()!r} {text!r}"


@pytest.mark.parametrize("name", PAGES)
def test_every_control_on_every_page_has_a_tooltip(window: Any, name: str) -> None:
    page = window.show_page(name)
    missing = [_describe(w) for w in _controls(page) if not w.toolTip().strip()]
    assert not missing, f"{name}: {missing}"


def test_the_window_toolbar_controls_have_tooltips(window: Any) -> None:
    toolbar = window.findChild(QWidget, "visitToolbar")
    missing = [_describe(w) for w in _controls(toolbar) if not w.toolTip().strip()]
    assert not missing


def test_help_menu_offers_whats_this_on_shift_f1(window: Any) -> None:
    from PySide6.QtGui import QAction, QKeySequence

    action = window.findChild(QAction, "whatsThis")
    assert action is not None
    assert QKeySequence("Shift+F1") in action.shortcuts()
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    assert action in help_menu.actions()
