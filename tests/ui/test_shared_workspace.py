"""Open shared workspace: separate fields, a connection check, and failures in plain words."""

from __future__ import annotations

import socket
from typing import Any

from PySide6.QtWidgets import QDialogButtonBox

from ui.shared_workspace_dialog import SharedWorkspaceDialog


def _dialog(qtbot: Any) -> SharedWorkspaceDialog:
    dialog = SharedWorkspaceDialog()
    qtbot.addWidget(dialog)
    return dialog


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_empty_fields_are_named(qtbot: Any) -> None:
    dialog = _dialog(qtbot)
    dialog.server.clear()
    dialog.user.clear()
    dialog.check_button.click()
    assert "Fill in the server" in dialog.result_label.text()
    assert "your user name" in dialog.result_label.text()


def test_a_server_that_does_not_answer_is_explained_not_a_bug(qtbot: Any,
                                                              errors: list[Any]) -> None:
    dialog = _dialog(qtbot)
    dialog.server.setText("127.0.0.1")
    dialog.port.setValue(_closed_port())
    dialog.database.setText("visitready")
    dialog.user.setText("qa.lead")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Open).click()
    assert dialog.workspace is None
    assert "did not answer on port" in dialog.result_label.text()
    assert "Traceback" not in dialog.result_label.text()


def test_a_mistyped_server_name_is_explained(qtbot: Any) -> None:
    dialog = _dialog(qtbot)
    dialog.server.setText("no-such-server.invalid")
    dialog.user.setText("qa.lead")
    assert not dialog.check()
    assert "no-such-server.invalid" in dialog.result_label.text()
