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


def _readme_rows() -> list[tuple[set[str], str]]:
    """The README's keyboard table: each row's keys and what it says they do."""
    text = README.read_text("utf-8").split("## Keyboard", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in text.splitlines():
        if not line.startswith("| ") or line.startswith("| keys"):
            continue
        cell, does = line.split("|")[1:3]
        keys: set[str] = set()
        for ctrl_range in re.findall(r"Ctrl\+(\d) \u2026 Ctrl\+(\d)", cell):
            keys |= {f"Ctrl+{n}" for n in range(int(ctrl_range[0]), int(ctrl_range[1]) + 1)}
        cell = re.sub(r"Ctrl\+\d \u2026 Ctrl\+\d", "", cell)
        keys |= {k.strip() for k in re.split(r" / | or |,", cell) if k.strip()}
        rows.append((keys, does.strip()))
    return rows


def _readme_keys() -> set[str]:
    return {key for keys, _does in _readme_rows() for key in keys}


def _window_keys(window: Any) -> set[str]:
    return {seq.toString(QKeySequence.SequenceFormat.PortableText)
            for action in window.findChildren(QAction) for seq in action.shortcuts()}


def test_readme_keyboard_table_matches_the_app(window: Any) -> None:
    readme = _readme_keys()
    assert readme - NOT_MENU_KEYS == _window_keys(window)


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", text.replace("&", "").lower()) if len(w) > 3}


def test_each_readme_row_names_what_its_keys_really_do(
        window: Any, session: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every key in a row is the shortcut of a real action whose name the row uses (or, for
    page keys, an action of the Go menu); keys that work inside a list or editor are checked
    where they work."""
    from PySide6.QtWidgets import QDialogButtonBox

    from models.records import KINDS
    from ui.editor import RecordEditor

    go_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Go")
    by_key: dict[str, list[QAction]] = {}
    for action in window.findChildren(QAction):
        for seq in action.shortcuts():
            by_key.setdefault(seq.toString(QKeySequence.SequenceFormat.PortableText),
                              []).append(action)
    editor = RecordEditor(session, KINDS["evidence"])
    qtbot.addWidget(editor)
    save = editor.buttons.button(QDialogButtonBox.StandardButton.Ok)
    page = window.show_page("Evidence")
    done: list[str] = []
    for keys, does in _readme_rows():
        for key in keys:
            if key == "Ctrl+S":
                assert save.shortcut() == QKeySequence(key) and "save" in does
            elif key == "Tab":
                assert not page.table.tabKeyNavigation() and "leave" in does
            elif key in ("Enter", "Delete"):
                done.clear()
                monkeypatch.setattr(page, "open_current", lambda: done.append("open"))
                monkeypatch.setattr(page, "delete_selected", lambda: done.append("delete"))
                qtbot.keyClick(page.table, Qt.Key.Key_Return if key == "Enter"
                               else Qt.Key.Key_Delete)
                assert done == [{"Enter": "open", "Delete": "delete"}[key]]
                assert done[0] in does
            else:
                actions = by_key.get(key, [])
                assert actions, f"README says {key} does {does!r}: no menu item has that key"
                assert any(a in go_menu.actions() and "page" in does
                           or _words(a.text()) & _words(does) for a in actions), (key, does)


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


# -- every page reachable, something sensible to add everywhere, Tab out of every table ------


def _trigger(window: Any, name: str) -> None:
    action = window.findChild(QAction, name)
    assert action is not None and action.isEnabled(), name
    action.trigger()


def test_ctrl_page_down_and_up_reach_every_page(window: Any) -> None:
    window.show_page(PAGES[0])
    next_page = window.findChild(QAction, "nextPage")
    previous = window.findChild(QAction, "previousPage")
    assert QKeySequence("Ctrl+PgDown") in next_page.shortcuts()
    assert QKeySequence("Ctrl+PgUp") in previous.shortcuts()
    seen = []
    for _ in PAGES:
        next_page.trigger()
        seen.append(window.stack.currentWidget())
    assert seen == [window.pages[name] for name in (*PAGES[1:], PAGES[0])]  # round again
    previous.trigger()
    assert window.stack.currentWidget() is window.pages[PAGES[-1]]


def test_every_page_is_in_the_go_menu(window: Any) -> None:
    go_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Go")
    titles = [a.text() for a in go_menu.actions() if not a.isSeparator()]
    assert set(PAGES) <= set(titles)
    for name in PAGES:
        action = next(a for a in go_menu.actions() if a.text() == name)
        window.show_page(PAGES[0] if name != PAGES[0] else PAGES[1])
        action.trigger()
        assert window.stack.currentWidget() is window.pages[name]


@pytest.fixture
def editors(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, dict[str, Any]]]:
    """Editors Ctrl+Shift+N would open (kind, defaults), captured instead of shown modally."""
    import ui.add_here

    opened: list[tuple[str, dict[str, Any]]] = []
    monkeypatch.setattr(ui.add_here, "open_editor",
                        lambda _session, kind, record=None, *, defaults=None, parent=None:
                        opened.append((kind.name, dict(defaults or {}))))
    return opened


@pytest.mark.parametrize("name", ["Dashboard", "Readiness review", "Change history",
                                  "Exports"])
def test_ctrl_shift_n_adds_evidence_where_a_page_has_no_records_of_its_own(
        window: Any, editors: list[tuple[str, dict[str, Any]]], name: str) -> None:
    window.show_page(name)
    _trigger(window, "newRecord")
    assert [kind for kind, _defaults in editors] == ["evidence"]


def test_ctrl_shift_n_on_a_review_gap_adds_evidence_for_its_theme(
        window: Any, qtbot: Any, editors: list[tuple[str, dict[str, Any]]]) -> None:
    page = window.show_page("Readiness review")
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=30_000)
    page.group.setCurrentText("Nothing")
    row = next(r for r in range(page.model.rowCount())
               if (item := page.model.item(page.model.index(r, 0))) and item.theme)
    page.view.setCurrentIndex(page.model.index(row, 0))
    theme = page.model.item(page.model.index(row, 0)).theme
    _trigger(window, "newRecord")
    [(kind, defaults)] = editors
    themes = {t.id: t.name for t in window.session.workspace.themes()}
    assert kind == "evidence" and [themes[i] for i in defaults["themes"]] == [theme]


def test_ctrl_shift_n_on_a_dashboard_gap_adds_evidence_for_its_theme(
        window: Any, editors: list[tuple[str, dict[str, Any]]]) -> None:
    from ui.gap_model import GAP_ROLE

    page = window.show_page("Dashboard")
    model = page.gaps.model()
    row = next(r for r in range(model.rowCount())
               if model.index(r, 0).data(GAP_ROLE).theme_code)
    page.gaps.setCurrentIndex(model.index(row, 0))
    code = model.index(row, 0).data(GAP_ROLE).theme_code
    _trigger(window, "newRecord")
    [(kind, defaults)] = editors
    codes = {t.id: t.code for t in window.session.workspace.themes()}
    assert kind == "evidence" and [codes[i] for i in defaults["themes"]] == [code]


def test_ctrl_shift_n_on_the_retention_page_says_there_is_nothing_to_add(
        window: Any, editors: list[tuple[str, dict[str, Any]]]) -> None:
    window.show_page("Retention")
    _trigger(window, "newRecord")
    assert editors == []
    assert "nothing to add" in window.statusBar().currentMessage().lower()


@pytest.mark.parametrize("name", PAGES)
def test_tab_leaves_every_table_on_every_page(window: Any, name: str) -> None:
    from PySide6.QtWidgets import QAbstractItemView

    page = window.show_page(name)
    stuck = [v.objectName() or type(v).__name__ for v in page.findChildren(QAbstractItemView)
             if v.tabKeyNavigation()]
    assert not stuck


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
