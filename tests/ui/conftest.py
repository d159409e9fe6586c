"""Qt fixtures: settings kept apart from the user's, the main window over the demo."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QSettings, QThreadPool
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from models.store import Workspace
from tests.conftest import TODAY
from ui.context import Session


@pytest.fixture(autouse=True)
def _own_settings(qapp: Any, tmp_path: Path) -> Iterator[None]:
    QCoreApplication.setOrganizationName("VisitReadyTests")
    QCoreApplication.setApplicationName(f"tests-{tmp_path.name}")
    QSettings().clear()
    yield
    QSettings().clear()
    # Background work (the dashboard's readiness) finishes before its workspace goes away.
    QThreadPool.globalInstance().waitForDone(30_000)


@pytest.fixture
def errors(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Expected errors the UI would show, captured instead of shown in a modal box."""
    shown: list[Any] = []

    def capture(_parent: Any, error: Any) -> None:
        shown.append(error)

    import ui.app_errors
    import ui.main_window

    monkeypatch.setattr(ui.main_window, "show_app_error", capture)
    monkeypatch.setattr(ui.app_errors, "show_app_error", capture)
    return shown


@pytest.fixture
def session(demo: Workspace, qtbot: Any) -> Session:
    return Session(demo, today=TODAY)


@pytest.fixture
def window(demo: Workspace, qtbot: Any, tmp_path: Path, errors: list[Any]) -> Any:
    from ui.main_window import MainWindow

    w = MainWindow(data_dir=tmp_path, log_path=tmp_path / "visitready.log", version="test",
                   today=TODAY)
    qtbot.addWidget(w)
    w.set_workspace(demo)
    w.show()
    qtbot.waitUntil(lambda: w.pages["Dashboard"].readiness is not None, timeout=30_000)
    return w


@pytest.fixture(autouse=True)
def _leave_personal_data_out(monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo has text that looks personal, so every export asks first (a modal dialog):
    answer with its default choice, leave it out. Tests of the question replace this."""
    from ui.export_dialog import ExportDialog
    from ui.privacy_ui import Decision

    monkeypatch.setattr(ExportDialog, "ask_about_personal_data",
                        lambda _self, _hits: (Decision.LEAVE_OUT, ""))


@pytest.fixture(autouse=True)
def _close_after_export(monkeypatch: pytest.MonkeyPatch) -> None:
    """After an export the app offers Open / Show in folder (a modal box): close it.
    Tests of that offer replace this."""
    import ui.export_files

    monkeypatch.setattr(ui.export_files, "ask_after_export", lambda *_: "close")


def dark_palette() -> QPalette:
    """A dark palette of the kind the operating system gives in dark mode."""
    palette = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, "#202124"),
                         (QPalette.ColorRole.Base, "#1B1B1D"),
                         (QPalette.ColorRole.AlternateBase, "#2A2A2E"),
                         (QPalette.ColorRole.WindowText, "#E8EAED"),
                         (QPalette.ColorRole.Text, "#E8EAED"),
                         (QPalette.ColorRole.Button, "#303134"),
                         (QPalette.ColorRole.ButtonText, "#E8EAED"),
                         (QPalette.ColorRole.Highlight, "#8AB4F8"),
                         (QPalette.ColorRole.HighlightedText, "#202124")):
        palette.setColor(role, QColor(colour))
    return palette


@pytest.fixture(params=["light", "dark"])
def palette(request: pytest.FixtureRequest, qapp: Any) -> Iterator[QPalette]:
    before = QApplication.palette()
    chosen = dark_palette() if request.param == "dark" else QPalette(QColor("#EFEFEF"))
    QApplication.setPalette(chosen)
    yield chosen
    QApplication.setPalette(before)
