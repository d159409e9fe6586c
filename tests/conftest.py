"""Shared fixtures: empty and demo workspaces on disk, Qt offscreen."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Settings and data folders of the tests' own, so that no test run reads or writes the
# user's real ones (Linux reads these; elsewhere QSettings.setPath below does the same).
_OWN_FOLDERS = Path(tempfile.mkdtemp(prefix="visitready-tests-"))
os.environ["XDG_CONFIG_HOME"] = str(_OWN_FOLDERS / "config")
os.environ["XDG_DATA_HOME"] = str(_OWN_FOLDERS / "data")

from models.demo import build_demo  # noqa: E402
from models.store import Workspace  # noqa: E402
from tests.keyring_memory import MemoryKeyring  # noqa: E402

TODAY = dt.date(2026, 11, 22)


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    """Every test gets an empty keyring of its own: never the computer's real one."""
    import keyring

    before = keyring.get_keyring()
    kept = MemoryKeyring()
    keyring.set_keyring(kept)
    yield kept
    keyring.set_keyring(before)


@pytest.fixture(scope="session", autouse=True)
def _settings_kept_apart() -> Iterator[None]:
    """QSettings of every format write under the tests' own folder, on every system."""
    from PySide6.QtCore import QSettings

    for kind in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(kind, QSettings.Scope.UserScope, str(_OWN_FOLDERS / "config"))
    yield
    shutil.rmtree(_OWN_FOLDERS, ignore_errors=True)


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    """A new, empty workspace with the built-in themes."""
    ws = Workspace.create(tmp_path / "test.visitready", who="tester", authority="Test Council")
    yield ws
    ws.close()


@pytest.fixture(scope="session")
def _demo_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "master.visitready"
    build_demo(path, today=TODAY).close()
    return path


@pytest.fixture
def demo(_demo_master: Path, tmp_path: Path) -> Iterator[Workspace]:
    """A fresh copy of the demo workspace built around TODAY."""
    path = tmp_path / "demo.visitready"
    shutil.copy(_demo_master, path)
    ws = Workspace.open(path, who="tester")
    yield ws
    ws.close()


#: A PostgreSQL server for the shared-workspace tests (CI starts one; see .ci/run).
SERVER = os.environ.get("VISITREADY_TEST_POSTGRES", "")


@pytest.fixture
def url() -> Iterator[str]:
    """The URL of a database of its own on the test PostgreSQL server, dropped afterwards."""
    if not SERVER:
        if os.environ.get("CI"):
            pytest.fail("CI must start PostgreSQL and set VISITREADY_TEST_POSTGRES (see .ci/run)")
        pytest.skip("set VISITREADY_TEST_POSTGRES to run on PostgreSQL (CI does)")
    with own_database() as address:
        yield address


@contextlib.contextmanager
def own_database() -> Iterator[str]:
    """A new database on the test server for the block (one per Hypothesis example too)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"visitready_{uuid.uuid4().hex[:12]}"
    admin = create_engine(SERVER, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(SERVER).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()
