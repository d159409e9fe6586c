"""Open shared workspace: separate fields, a connection check, and failures in plain words."""

from __future__ import annotations

import os
import socket
import uuid
from typing import Any

import pytest
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import create_engine, make_url, text

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


SERVER = os.environ.get("VISITREADY_TEST_POSTGRES", "")


@pytest.mark.postgresql
@pytest.mark.skipif(not SERVER and not os.environ.get("CI"),
                    reason="set VISITREADY_TEST_POSTGRES to run on PostgreSQL (CI does)")
def test_the_fields_open_a_shared_workspace_and_a_wrong_database_is_named(qtbot: Any) -> None:
    assert SERVER, "CI must start PostgreSQL and set VISITREADY_TEST_POSTGRES (see .ci/run)"
    server = make_url(SERVER)
    name = f"visitready_{uuid.uuid4().hex[:12]}"
    admin = create_engine(SERVER, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        dialog = _dialog(qtbot)
        dialog.server.setText(server.host or "")
        dialog.port.setValue(server.port or 5432)
        dialog.user.setText(server.username or "")
        dialog.database.setText(name + "_typo")
        assert not dialog.check()
        assert f"no database called {name}_typo" in dialog.result_label.text()
        dialog.database.setText(name)
        assert dialog.check() and "answered" in dialog.result_label.text()
        dialog.buttons.button(QDialogButtonBox.StandardButton.Open).click()
        assert dialog.workspace is not None
        assert dialog.workspace.themes()
        dialog.workspace.close()
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()
