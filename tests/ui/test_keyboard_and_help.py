"""Keyboard and help: page keys, Ctrl+Shift+N where there is something to add, Tab leaves
tables, the README's keyboard table matches the app, help pages ship with the app."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QTextBrowser

from ui.help_menu import HelpPage
from ui.main_window import PAGES
from ui.themes_page import ThemesPage

README = Path(__file__).resolve().parents[2] / "README.md"
#: README rows for keys that work inside a list or an editor rather than from a menu.
NOT_MENU_KEYS = {"Enter", "Delete", "Tab", "Ctrl+S"}


def _readme_keys() -> set[str]:
    text = README.read_text("utf-8").split("## Keyboard", 1)[1].split("\n## ", 1)[0]
    keys: set[str] = set()
    for line in text.splitlines():
        if not line.startswith("| ") or line.startswith("| keys"):
            continue
        cell = line.split("|")[1]
        for ctrl_range in re.findall(r"Ctrl\+(\d) \u2026 Ctrl\+(\d)", cell):
            keys |= {f"Ctrl+{n}" for n in range(int(ctrl_range[0]), int(ctrl_range[1]) + 1)}
        cell = re.sub(r"Ctrl\+\d \u2026 Ctrl\+\d", "", cell)
        keys |= {k.strip() for k in re.split(r" / | or |,", cell) if k.strip()}
    return keys


def _window_keys(window: Any) -> set[str]:
    return {seq.toString(QKeySequence.SequenceFormat.PortableText)
            for action in window.findChildren(QAction) for seq in action.shortcuts()}


def test_readme_keyboard_table_matches_the_app(window: Any) -> None:
    readme = _readme_keys()
    assert readme - NOT_MENU_KEYS == _window_keys(window)


def test_ctrl_number_goes_to_each_page(window: Any, qtbot: Any) -> None:
    for position, name in enumerate(PAGES[:10]):
        key = QKeySequence(f"Ctrl+{(position + 1) % 10}")
        action = next(a for a in window.findChildren(QAction) if a.shortcut() == key)
        action.trigger()
        assert window.stack.currentWidget() is window.pages[name], name


def test_ctrl_shift_n_adds_a_theme_on_the_themes_page(
        window: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    page = window.show_page("Themes")
    assert isinstance(page, ThemesPage)
    asked: list[bool] = []
    monkeypatch.setattr(page, "_on_add_clicked", lambda: asked.append(True))
    window.findChild(QAction, "newRecord").trigger()
    assert asked == [True]


def test_tab_leaves_a_list(window: Any, qtbot: Any) -> None:
    page = window.show_page("Evidence")
    page.table.setFocus()
    qtbot.waitUntil(page.table.hasFocus)
    page.table.setCurrentIndex(page.model.index(0, 0))
    qtbot.keyClick(page.table, Qt.Key.Key_Tab)
    assert not page.table.hasFocus()
    assert QApplication.focusWidget() is not None


@pytest.mark.parametrize(("action", "words"), [("userGuide", "Each week"),
                                               ("readinessHelp", "Green")])
def test_help_pages_open_from_the_help_menu(window: Any, qtbot: Any, action: str,
                                            words: str) -> None:
    window.findChild(QAction, action).trigger()
    page = next(w for w in QApplication.topLevelWidgets()
                if isinstance(w, HelpPage) and w.isVisible())
    qtbot.addWidget(page)
    assert words in page.findChild(QTextBrowser).toPlainText()


def test_the_logs_about_sheet_carries_the_formula(
        window: Any, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import ui.export_files
    from ui.export_dialog import ExportDialog

    monkeypatch.setattr(ui.export_files, "ask_after_export", lambda *_: "close")
    dialog = ExportDialog(window.session, window)
    qtbot.addWidget(dialog)
    dialog.folder.setText(str(tmp_path))
    with qtbot.waitSignal(dialog.exported, timeout=60_000) as done:
        dialog.start_export()
    log = next(p for kind, p in done.args[0] if kind == "Evidence log")
    about = load_workbook(log, read_only=True)["About"]
    text = "\n".join(str(c) for row in about.iter_rows(values_only=True) for c in row if c)
    assert "Green from 80%" in text and "35%" in text
    assert "docs/readiness.md" not in text


@pytest.mark.parametrize("name", ["Visits", "Evidence", "Case samples", "Findings and actions",
                                  "Checklist", "Indicators"])
def test_ctrl_shift_n_opens_a_new_record_on_every_list_page(
        window: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    import ui.list_page

    opened: list[str] = []
    monkeypatch.setattr(ui.list_page, "open_editor",
                        lambda _session, kind, **_kw: opened.append(kind.name))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    # The page key, then the add key, as typed.
    position = PAGES.index(name) + 1
    qtbot.keyClick(window, getattr(Qt.Key, f"Key_{position % 10}"),
                   Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.pages[name]
    qtbot.keyClick(window, Qt.Key.Key_N,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    page = window.current_list_page()
    assert page is not None and opened == [page.kind.name]
