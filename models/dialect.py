"""Everything that depends on the database engine: SQLite by default, PostgreSQL when shared."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event

SQLITE_HEADER = b"SQLite format 3\x00"
WORKSPACE_SUFFIX = ".visitready"


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def make_engine(url: str) -> Engine:
    """An engine for a workspace URL, with the SQLite fixes where needed.

    For SQLite, pysqlite's own transaction handling is switched off and
    SQLAlchemy emits BEGIN itself, so DDL in a migration is transactional too
    (the recipe in SQLAlchemy's SQLite dialect documentation); foreign keys are
    enforced, deleted content is overwritten (``secure_delete``), temporary data
    stays in memory and a busy file is waited on for a few seconds before failing.
    """
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(url, connect_args={"timeout": 5})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        # Deleted and overwritten content is zeroed, not left in free pages; temporary
        # tables and sorts stay in memory, never in a temporary file.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.execute("PRAGMA temp_store=MEMORY")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")

    return engine


def looks_like_sqlite(path: Path) -> bool:
    """True when the file starts with the SQLite header (or is empty)."""
    with path.open("rb") as handle:
        head = handle.read(len(SQLITE_HEADER))
    return head in (b"", SQLITE_HEADER)


def backup_sqlite(source: Path, target: Path) -> None:
    """Copy a live SQLite workspace consistently, using SQLite's online backup."""
    import sqlite3

    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


def reclaim(engine: Engine) -> None:
    """Rebuild the database so that nothing erased survives in free space.

    SQLite: VACUUM rewrites the file (with ``secure_delete`` the freed pages were
    already zeroed; this also drops them and the old page copies). PostgreSQL:
    VACUUM removes dead row versions of the tables erasure touches.
    """
    if engine.dialect.name == "sqlite":
        # On the driver's own connection, which runs outside a transaction as VACUUM needs.
        raw = engine.raw_connection()
        try:
            raw.driver_connection.execute("VACUUM")  # type: ignore[union-attr]
        finally:
            raw.close()
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        for table in ("change_log", "attachment", "attachment_content", "export_record",
                      "case_sample", "case_action"):
            connection.exec_driver_sql(f"VACUUM {table}")
