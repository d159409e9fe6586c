"""Everything that depends on the database engine: SQLite by default, PostgreSQL when shared."""

from __future__ import annotations

import select
import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Executable,
    Integer,
    any_,
    bindparam,
    create_engine,
    event,
    text,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, DisconnectionError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.pool import QueuePool

SQLITE_HEADER = b"SQLite format 3\x00"
WORKSPACE_SUFFIX = ".visitready"


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


#: Seconds SQLite itself waits for another writer's lock before giving up once.
BUSY_TIMEOUT = 5.0
#: Pauses between further tries after that, doubling: about 30 seconds of patience in all.
RETRY_DELAYS = (0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 6.4)


def make_engine(url: str, *, read_only: bool = False) -> Engine:
    """An engine for a workspace URL, with the SQLite fixes where needed.

    For SQLite, pysqlite's own transaction handling is switched off and
    SQLAlchemy emits BEGIN itself, so DDL in a migration is transactional too
    (the recipe in SQLAlchemy's SQLite dialect documentation); foreign keys are
    enforced, deleted content is overwritten (``secure_delete``), temporary data
    stays in memory and a busy file is waited on (see :func:`take_lock`). A read-only
    plain engine opens the file with ``mode=ro``, so nothing can write to it (an
    encrypted one relies on the workspace's own refusal to write).
    """
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    if read_only and url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        uri = f"{path.resolve().as_uri()}?mode=ro"
        engine = create_engine("sqlite://", poolclass=QueuePool, creator=lambda: sqlite3.connect(
            uri, uri=True, timeout=BUSY_TIMEOUT, check_same_thread=False))
    else:
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT})

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
        # An edit takes the write lock at its start (IMMEDIATE), where waiting is safe; a
        # deferred transaction that upgrades to writing later can only fail when busy.
        mode = connection.get_execution_options().get("sqlite_begin", "")
        connection.exec_driver_sql(f"BEGIN {mode}".strip())

    return engine


def make_read_engine(url: str) -> Engine | None:
    """The engine a server's reads go through (None for SQLite: reads share the file's).

    Each statement of a read runs on its own, in autocommit, as the only statement of a
    read-only transaction: the server is asked to make every transaction of these
    connections read only when they connect (``default_transaction_read_only``), so a read
    cannot write. Under READ COMMITTED, which the workspace uses, every statement of a
    transaction sees the data as of its own start anyway, so this gives a read the same
    view as a transaction would, without the two extra round trips (BEGIN and COMMIT)
    that one costs on every read, and without a rollback that would make psycopg forget
    the statements it has prepared.

    A pooled connection is looked at before each read without asking the server
    (:func:`_hung_up`), where a ``pool_pre_ping`` would cost one more round trip per read.
    """
    if url.startswith("sqlite"):
        return None
    given = make_url(url).query.get("options", "")  # a server's own options, if any, kept
    options = " ".join((*(given if isinstance(given, tuple) else (given,)),
                        "-c default_transaction_read_only=on")).strip()
    engine = create_engine(url, isolation_level="AUTOCOMMIT", connect_args={"options": options})

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        if _hung_up(dbapi_connection):
            # The pool drops this connection and tries another, or opens a new one.
            raise DisconnectionError("The server closed this connection.")

    return engine


def _hung_up(dbapi_connection: Any) -> bool:
    """True when the server has closed an idle connection (restarted, or an administrator
    ended the session), seen without a round trip: an idle connection has nothing to read
    until its next query, so anything waiting on its socket is the server's goodbye (a
    FATAL message, or the end of the stream)."""
    import psycopg  # only a server's connections come here

    if dbapi_connection.closed:
        return True
    try:
        waiting, _, _ = select.select([dbapi_connection.pgconn.socket], [], [], 0)
    except (OSError, ValueError, psycopg.Error):
        return True
    return bool(waiting)


def is_busy(exc: BaseException) -> bool:
    """True for SQLite's "database is locked" / "busy" errors."""
    text = str(getattr(exc, "orig", exc)).lower()
    return "locked" in text or "busy" in text


def read_one_moment(session: Session) -> None:
    """Make every statement of this read see the data as of its first statement.

    On SQLite the read's transaction (:func:`take_lock`) already does. A server's reads run
    each statement on its own (:func:`make_read_engine`), so one of several statements whose
    results must agree (readiness's counts and its gaps, an export's records) would see a
    colleague's edit saved between two of them in the second only. Here they run in one
    REPEATABLE READ transaction instead (read only, as every transaction of the read
    connections), for two round trips more: its BEGIN and COMMIT.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


def take_lock(session: Session, *, write: bool) -> None:
    """Start a SQLite transaction holding the lock it needs, waiting patiently for it.

    SQLite waits :data:`BUSY_TIMEOUT` seconds by itself; after that the start is tried
    again after each pause in :data:`RETRY_DELAYS`. A reader takes its shared lock here
    too, so a query in the middle of a list never meets a "database is locked".

    Raises:
        OperationalError: still busy after every try (the caller words it for the user).
    """
    if session.get_bind().dialect.name != "sqlite":
        return  # a server's reads go through :func:`make_read_engine`
    for delay in (*RETRY_DELAYS, None):
        try:
            if write:
                session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
            else:
                session.execute(text("SELECT count(*) FROM sqlite_master"))
            return
        except OperationalError as exc:
            session.rollback()
            if delay is None or not is_busy(exc):
                raise
            time.sleep(delay)


def among_ids(dialect_name: str, column: Any) -> Any:
    """``column IN :ids``, the ids given as the parameter ``ids`` when the statement runs, so
    a statement is made once and kept. On PostgreSQL it is written ``= ANY`` one array of
    ids: the same statement for any number of ids, so the server prepares it once (an
    ``IN`` list is rendered afresh, a parameter per id, and prepared again for each
    length)."""
    if dialect_name == "postgresql":
        from sqlalchemy.dialects.postgresql import ARRAY

        return column == any_(bindparam("ids", type_=ARRAY(Integer)))
    return column.in_(bindparam("ids", expanding=True))


def driver_rows(connection: Connection, statement: Executable,
                params: dict[str, Any] | None = None) -> Sequence[Any]:
    """The rows of a statement as the driver gives them (tuples), for reads of many rows.

    SQLAlchemy builds a result row object for each row and converts each value by type;
    for thousands of rows that costs more than the query. Values come back as the driver
    has them: on SQLite a date is its ISO text. On a server, a statement made once and
    given again (the same object) goes straight to the driver (:func:`_straight`).
    """
    straight = _straight(connection, statement)
    if straight is not None:
        return _run_straight(connection, straight, params)
    result = connection.execute(statement, params)
    try:
        return result.cursor.fetchall()
    finally:
        result.close()


def typed_rows(connection: Connection, statement: Executable,
               params: dict[str, Any] | None = None) -> Sequence[Any]:
    """The rows of a statement as tuples of Python values (a date is a date on SQLite too).

    On a server the driver's values are Python's already, so a statement made once and
    given again goes straight to the driver, as in :func:`driver_rows`.
    """
    straight = _straight(connection, statement)
    if straight is not None:
        return _run_straight(connection, straight, params)
    return connection.execute(statement, params).all()


@dataclass(frozen=True)
class _Straight:
    """A statement as a server's driver takes it: its SQL, the values it holds (already
    converted) and how to convert each value given at run time."""

    sql: str
    held: dict[str, Any]
    converters: dict[str, Callable[[Any], Any]]

    def values(self, params: dict[str, Any] | None) -> dict[str, Any]:
        given = {name: self.converters[name](value) if name in self.converters else value
                 for name, value in (params or {}).items()}
        return {**self.held, **given}


def _straight(connection: Connection, statement: Executable) -> _Straight | None:
    """A server's statement as its driver takes it, or None where SQLAlchemy must run it."""
    if connection.dialect.name != "postgresql":
        return None  # SQLite's driver needs SQLAlchemy to turn dates into text and back
    return _for_the_driver(statement, connection.dialect)


@lru_cache(maxsize=256)
def _for_the_driver(statement: Executable, dialect: Any) -> _Straight | None:
    """A statement to hand to psycopg's cursor as it is; worked out once per statement
    object (so for statements made once and kept).

    Inside the app's repeated reads (a list's ids and pages, readiness), SQLAlchemy's
    execution (the compiled-statement lookup, the result's description, a row object per
    row) cost more than the server's answer. It is left out only where that changes
    nothing: the values given at run time are converted as SQLAlchemy would (by their
    type's own converter), the values the statement holds need no converting, nor does
    any column's value on its way out (psycopg gives dates, numbers, booleans and JSON as
    Python's), and no parameter's name needs escaping. Anything else returns None and
    runs through SQLAlchemy.
    """
    columns = getattr(statement, "selected_columns", None)
    if columns is None:
        return None
    try:
        compiled: Any = statement.compile(  # type: ignore[attr-defined]
            dialect=dialect, compile_kwargs={"render_postcompile": True})
    except SQLAlchemyError:  # e.g. a list of values whose parameter is given only at run time
        return None

    def converter(bind: Any) -> Callable[[Any], Any] | None:
        return dialect.type_descriptor(bind.type).bind_processor(dialect)

    def converts_out(column: Any) -> bool:
        try:
            return dialect.type_descriptor(column.type).result_processor(dialect, None) is not None
        except TypeError:  # it decides by the column's type on the server (numeric)
            return True

    given = {name: bind for name, bind in compiled.binds.items() if bind.required}
    if compiled.escaped_bind_names or any(
            converter(b) for b in compiled.binds.values() if not b.required) or any(
            converts_out(c) for c in columns):
        return None
    held = {name: value for name, value in compiled.params.items() if name not in given}
    converters = {name: convert for name, bind in given.items() if (convert := converter(bind))}
    return _Straight(str(compiled), held, converters)


def _run_straight(connection: Connection, straight: _Straight,
                  params: dict[str, Any] | None) -> list[Any]:
    """Run a statement on the connection's own driver cursor, inside whatever transaction
    it has; an error is raised as SQLAlchemy's, and a connection the server dropped is let
    go, as ``Connection.execute`` would."""
    dbapi_connection: Any = connection.connection.dbapi_connection
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(straight.sql, straight.values(params))
        return list(cursor.fetchall())
    except connection.dialect.loaded_dbapi.Error as exc:
        if connection.dialect.is_disconnect(exc, dbapi_connection, cursor):
            connection.invalidate(exc)
        raise DBAPIError.instance(straight.sql, params, exc,
                                  connection.dialect.loaded_dbapi.Error) from exc
    finally:
        cursor.close()


def looks_like_sqlite(path: Path) -> bool:
    """True when the file starts with the SQLite header (or is empty)."""
    with path.open("rb") as handle:
        head = handle.read(len(SQLITE_HEADER))
    return head in (b"", SQLITE_HEADER)


def backup_sqlite(source: Path, target: Path,
                  open_source: Callable[[Path], sqlite3.Connection] | None = None) -> None:
    """Copy a live SQLite workspace consistently, using SQLite's online backup, even while
    someone is writing (``open_source`` opens the source another way, e.g. read-only)."""
    # sqlite3's context manager ends a transaction but does not close: close both here.
    src = (open_source(source) if open_source is not None
           else sqlite3.connect(source, timeout=BUSY_TIMEOUT))
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


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
