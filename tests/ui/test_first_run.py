"""First run: a new workspace asks for the authority; the demo says it is fictional; with
nothing open the actions are off; a name that does not open is an error, not the demo."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialogButtonBox

from models import entities as e
from models.errors import WorkspaceUnavailable
from ui.app import open_first_workspace
from ui.new_workspace_dialog import NewWorkspaceDialog


def _bare_window(qtbot: Any, tmp_path: Path) -> Any:
    from ui.main_window import MainWindow

    w = MainWindow(data_dir=tmp_path, log_path=tmp_path / "visitready.log", version="test")
    qtbot.addWidget(w)
    return w


def test_a_new_workspace_asks_for_the_authority_and_first_visit(
        qtbot: Any, tmp_path: Path) -> None:
    dialog = NewWorkspaceDialog()
    qtbot.addWidget(dialog)
    assert dialog.focusWidget() is dialog.authority
    dialog.path.setText(str(tmp_path / "workspace.visitready"))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.workspace is None and "authority" in dialog.error.text()
    qtbot.keyClicks(dialog.authority, "Northshire County Council")
    assert Path(dialog.path.text()).name == "northshire-county-council.visitready"
    dialog.visit_number.setValue(2)
    qtbot.keyClicks(dialog.visit_start, "09/03/2027")
    dialog.marking.setText("OFFICIAL-SENSITIVE PERSONAL")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    workspace = dialog.workspace
    assert workspace is not None
    try:
        assert workspace.authority().name == "Northshire County Council"
        [visit] = workspace.visits()
        assert visit.number == 2 and visit.start_date == dt.date(2027, 3, 9)
        assert workspace.count(e.ChecklistItem) > 0
    finally:
        workspace.close()


def test_the_demo_is_marked_fictional_and_a_real_workspace_is_not(
        window: Any, workspace: Any) -> None:
    assert window.demo_banner.isVisible()
    assert "Fictional demo" in window.demo_banner.text()
    window.set_workspace(workspace)
    assert not window.demo_banner.isVisible()


def test_with_nothing_open_the_actions_that_need_a_workspace_are_off(window: Any) -> None:
    def enabled(name: str) -> bool:
        action = window.findChild(QAction, name)
        assert action is not None, name
        return bool(action.isEnabled())

    assert enabled("exportBoth") and enabled("newRecord")
    window.set_workspace(None)
    for name in ("exportBoth", "newRecord", "saveCopy", "closeWorkspace", "authorityProfile"):
        assert not enabled(name), name
    assert enabled("newWorkspace") and enabled("openWorkspace")
    assert not window.nav.isEnabled()


def test_a_missing_file_is_an_error_not_the_demo(
        qtbot: Any, tmp_path: Path, errors: list[Any], monkeypatch: pytest.MonkeyPatch) -> None:
    import ui.app

    monkeypatch.setattr(ui.app, "show_app_error", lambda _parent, error: errors.append(error))
    window = _bare_window(qtbot, tmp_path)
    open_first_workspace(window, str(tmp_path / "typo.visitready"), demo=False,
                         data_dir=tmp_path)
    assert window.workspace is None
    assert [x for x in errors if isinstance(x, WorkspaceUnavailable)]
    assert not (tmp_path / "demo.visitready").exists()


def test_the_window_paints_saying_what_it_opens_before_reading_the_workspace(
        qtbot: Any, tmp_path: Path, demo: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import ui.app
    from models.store import Workspace

    seen: list[tuple[bool, str]] = []
    window = _bare_window(qtbot, tmp_path)

    def opening(location: str) -> Workspace:
        seen.append((window.isVisible(), window.pages["empty"].text()))
        return Workspace.open(location)

    monkeypatch.setattr(ui.app, "open_location", opening)
    path = Path(demo.location)
    demo.close()
    ui.app.show_then_open(window, str(path), demo=False, data_dir=tmp_path)
    assert seen == [(True, f"<h2>Opening {path.name}\u2026</h2>")]
    assert window.workspace is not None and window.workspace.location == str(path)
    window.set_workspace(None)
