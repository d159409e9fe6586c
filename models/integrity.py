"""Checks made when a workspace file is opened, before anything is written to it."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, inspect

from .entities import Base
from .errors import DamagedWorkspace, NotAWorkspace, WorkspaceReadOnly

#: The value of ``workspace_info.format``, written last when a workspace is made.
FORMAT_MARKER = "VisitReady workspace"

#: What a user can do about a damaged workspace (plain or encrypted).
DAMAGED_HINT = ("The file has not been changed. Restore it from a backup "
                 "(File \u2192 Restore from backup), or open another workspace.")


def is_read_only(path: Path) -> bool:
    """True when the file is marked read-only, or it or its folder (where SQLite keeps its
    journal) cannot be written."""
    if not path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        return True
    return not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))


def connect_sqlite(path: Path, *, read_only: bool, timeout: float = 10.0) -> sqlite3.Connection:
    """A plain SQLite connection; read-only ones never write, even a journal."""
    if read_only:
        return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=timeout,
                               check_same_thread=False)
    return sqlite3.connect(path, timeout=timeout, check_same_thread=False)


def check_file(path: Path, *, read_only: bool) -> None:
    """Look the file over without changing it: SQLite's quick check, then what makes a workspace.

    A journal left by a crash is rolled back by SQLite when the file is writable (that is
    its recovery, and what keeps every acknowledged edit); nothing else is written.

    Raises:
        NotAWorkspace: another program's database.
        DamagedWorkspace: damaged pages, or a workspace whose making never finished.
    """
    name = path.name
    journal = Path(f"{path}-journal")
    if read_only and journal.is_file() and journal.stat().st_size > 0:
        raise WorkspaceReadOnly(
            f"{name} was left part-way through a save (a program or the computer stopped), "
            "and it is read-only, so SQLite cannot finish putting it back as it was.",
            "Open it once where it can be written (or ask for write access); the unfinished "
            "save is then undone and nothing saved before it is lost.")
    try:
        connection = connect_sqlite(path, read_only=read_only)
    except sqlite3.Error as exc:
        raise DamagedWorkspace(f"{name} cannot be read as a workspace ({exc}).",
                               DAMAGED_HINT) from exc
    try:
        check_contents(connection, name)
    except sqlite3.Error as exc:
        raise DamagedWorkspace(f"{name} is damaged ({exc}).", DAMAGED_HINT) from exc
    finally:
        connection.close()


def check_contents(connection: Any, name: str) -> None:
    """SQLite's quick check, then what makes a workspace, through an open DB-API connection
    (plain SQLite, or SQLCipher already given its key). Database errors are the caller's.

    Raises:
        NotAWorkspace: another program's database.
        DamagedWorkspace: damaged pages, or a workspace whose making never finished.
    """
    result = [row[0] for row in connection.execute("PRAGMA quick_check(5)")]
    if result != ["ok"]:
        detail = next((line for line in result if not line.startswith("***")), result[0])
        raise DamagedWorkspace(f"{name} is damaged: parts of it cannot be read "
                               f"(SQLite's check: {detail.strip()[:120]}).", DAMAGED_HINT)
    tables = {row[0] for row in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "workspace_info" not in tables:
        raise NotAWorkspace(f"{name} is a database, but not a VisitReady workspace.",
                            "Open a .visitready file, or create a new workspace.")
    marker = connection.execute(
        "SELECT value FROM workspace_info WHERE key = 'format'").fetchone()
    if marker is not None and marker[0] != FORMAT_MARKER:
        raise NotAWorkspace(f"{name} was made by another program.",
                            "Open a .visitready file, or create a new workspace.")
    if "alembic_version" not in tables or marker is None:
        raise DamagedWorkspace(f"{name} is an incomplete workspace: its making was "
                               "interrupted before it was finished.", DAMAGED_HINT)


def check_schema(engine: Engine, name: str) -> None:
    """Every table and column the current schema has must be there (after any upgrade).

    Raises:
        DamagedWorkspace: naming what is missing.
    """
    found = inspect(engine)
    tables = set(found.get_table_names())
    missing: list[str] = []
    for table in Base.metadata.sorted_tables:
        if table.name not in tables:
            missing.append(f"table {table.name}")
            continue
        columns = {c["name"] for c in found.get_columns(table.name)}
        missing.extend(f"{table.name}.{c.name}" for c in table.columns if c.name not in columns)
    if missing:
        raise DamagedWorkspace(f"{name} is damaged: {', '.join(missing[:5])} "
                               f"{'is' if len(missing) == 1 else 'are'} missing.", DAMAGED_HINT)
