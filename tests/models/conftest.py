"""The store tests run on a plain workspace file and on an encrypted one."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from models.privacy import keys
from models.store import Workspace

PASSPHRASE = "correct horse battery staple"


@pytest.fixture(params=["plain", "encrypted"])
def workspace(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Workspace]:
    """A new, empty workspace with the built-in themes: plain, then encrypted (SQLCipher)."""
    path = tmp_path / "test.visitready"
    ws = Workspace.create(path, who="tester", authority="Test Council")
    if request.param == "encrypted":
        ws.close()
        keys.encrypt_workspace(path, PASSPHRASE)
        ws = Workspace.open(path, who="tester")
        assert ws.is_encrypted
    yield ws
    ws.close()


def raw_connect(path: Path | str) -> Any:
    """The driver's own connection to a workspace file, plain or encrypted."""
    if keys.is_encrypted(path):
        import sqlcipher3

        connection = sqlcipher3.connect(str(path))
        connection.execute(f"PRAGMA key=\"x'{keys.find_key(path).hex()}'\"")
        return connection
    return sqlite3.connect(path)
