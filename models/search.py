"""Full-text search of each record kind's searchable fields: SQLite FTS5, PostgreSQL text search.

What a search means (the one rule; :func:`matches` says it in Python and the SQL says the same):

- the text is cut into words at white space; each word is cut into tokens, the runs of
  letters and digits, compared without case (``"EV-0012"`` is the tokens ``ev``, ``0012``);
- a word matches a field holding its tokens one after the other, the last one as a prefix
  (``"safeg"`` finds "safeguarding", ``"E-01"`` finds E-014);
- every word must match, each in any of the kind's searchable fields (``RecordKind.search``);
- words with no letters or digits (``"``, ``*``, ``-``) are passed over, so no text can
  make a query fail; only the first :data:`MOST_WORDS` words and :data:`LONGEST_TOKEN`
  characters of a token count.

The index is kept by the database itself, so every write path (the store, imports, undo,
erasure, bulk changes) keeps it in step: on SQLite an external-content FTS5 table per kind,
``<table>_search``, filled by triggers (migration 0014); on PostgreSQL a GIN index per field
over :func:`_pg_vector`'s expression. Where the SQLite library has no FTS5, or the index
tables are missing, searches fall back to LIKE and the log says so once.
"""

from __future__ import annotations

import logging
import re
import weakref
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Engine, Integer, and_, column, false, literal_column, or_, text
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from .records import KINDS, kind_of

log = logging.getLogger(__name__)

#: Words of a query beyond this many are ignored (a pasted page must not make a huge query).
MOST_WORDS = 16
#: Tokens in one word beyond this many are ignored.
MOST_TOKENS = 16
#: A token's characters beyond this many are ignored (it then matches as a prefix).
LONGEST_TOKEN = 64

_TOKEN = re.compile(r"[^\W_]+")
#: The same cut in PostgreSQL: everything but letters and digits separates tokens.
_PG_SEPARATORS = "[^[:alnum:]]+"

#: A field's text search vector; migration 0014 indexes this same expression.
PG_EXPRESSION = ("to_tsvector('simple', regexp_replace(coalesce({column}, ''), "
                 f"'{_PG_SEPARATORS}', ' ', 'g'))")

_fts_tables: weakref.WeakKeyDictionary[Engine, bool] = weakref.WeakKeyDictionary()


def tokens(text: str) -> list[str]:
    """The tokens of a text: runs of letters and digits, lower case."""
    return _TOKEN.findall(text.lower())


def words(query: str) -> list[list[str]]:
    """A query's words, each as its tokens; words without letters or digits are left out."""
    found = []
    for word in query.split():
        cut = [t[:LONGEST_TOKEN] for t in tokens(word)[:MOST_TOKENS]]
        if cut:
            found.append(cut)
        if len(found) == MOST_WORDS:
            break
    return found


def matches(query: str, fields: Iterable[str | None]) -> bool:
    """Whether a record with these searchable field values is found by ``query``.

    The rule in plain Python; the database queries below give the same answer.
    """
    wanted = words(query)
    field_tokens = [tokens(value or "") for value in fields]
    return all(any(_holds(found, word) for found in field_tokens) for word in wanted)


def _holds(found: Sequence[str], word: Sequence[str]) -> bool:
    *whole, last = word
    n = len(word)
    return any(list(found[i:i + n - 1]) == whole and found[i + n - 1].startswith(last)
               for i in range(len(found) - n + 1))


def index_name(entity: Any) -> str:
    """The FTS5 table that indexes an entity's table (SQLite)."""
    return f"{entity.__table__.name}_search"


def condition(s: Session, entity: Any, query: str) -> ColumnElement[bool] | None:
    """The WHERE condition for records of ``entity`` found by ``query`` (None: no condition)."""
    wanted = words(query)
    if not wanted:
        return None
    fields = kind_of(entity).search
    if not fields:
        return false()
    engine = _engine(s)
    if engine.dialect.name == "postgresql":
        return and_(*(or_(*(_pg_vector(entity, name).op("@@")(
            text(f"to_tsquery('simple', :{_param(entity, name, n)})").bindparams(
                **{_param(entity, name, n): _pg_query(word)}))
            for name in fields)) for n, word in enumerate(wanted)))
    if _has_fts(s, engine, entity):
        phrases = " AND ".join(f'"{" ".join(word)}"*' for word in wanted)
        found = text(f"SELECT rowid FROM {index_name(entity)} "
                     f"WHERE {index_name(entity)} MATCH :phrases").bindparams(phrases=phrases)
        return entity.id.in_(found.columns(column("rowid", Integer)))
    return _like(entity, fields, wanted)


def _param(entity: Any, name: str, n: int) -> str:
    return f"q_{entity.__table__.name}_{name}_{n}"


def _pg_vector(entity: Any, name: str) -> ColumnElement[Any]:
    """The indexed expression, written exactly as migration 0014's GIN index has it."""
    return literal_column(PG_EXPRESSION.format(column=f"{entity.__table__.name}.{name}"))


def _pg_query(word: list[str]) -> str:
    return " <-> ".join([*word[:-1], f"{word[-1]}:*"])


def _like(entity: Any, fields: Sequence[str], wanted: list[list[str]]) -> ColumnElement[bool]:
    """Without a full-text index: each word's tokens, in order, somewhere in one field.

    Wider than the indexed search (a token may start inside a word), never narrower.
    """
    return and_(*(or_(*(getattr(entity, name).ilike("%" + "%".join(word) + "%")
                        for name in fields)) for word in wanted))


def _engine(s: Session) -> Engine:
    bind = s.get_bind()
    return bind if isinstance(bind, Engine) else bind.engine


def _has_fts(s: Session, engine: Engine, entity: Any) -> bool:
    """Whether migration 0014 made the FTS5 tables (asked once per engine)."""
    known = _fts_tables.get(engine)
    if known is None:
        known = s.execute(text("SELECT count(*) FROM sqlite_master WHERE name = :name"),
                          {"name": index_name(entity)}).scalar() == 1
        _fts_tables[engine] = known
        if not known:
            log.warning("This workspace has no full-text index (SQLite without FTS5?): "
                        "searches use LIKE, which is slower on big lists.")
    return known


def forget_removed_text(s: Session) -> None:
    """Merge each FTS5 index, so the tokens of erased or deleted text leave the file (SQLite).

    FTS5 records a change as a new segment and keeps the old one until segments merge;
    ``optimize`` merges them all (VACUUM, run by erasure afterwards, drops the freed pages).
    Run inside the erasure's transaction; PostgreSQL needs :func:`rebuild_after_erasure`.
    """
    if _engine(s).dialect.name != "sqlite":
        return
    names = s.execute(text("SELECT name FROM sqlite_master WHERE type = 'table' "
                           "AND sql LIKE 'CREATE VIRTUAL TABLE%fts5%'")).scalars().all()
    for name in names:
        s.execute(text(f"INSERT INTO {name}({name}) VALUES ('optimize')"))


def rebuild_after_erasure(engine: Engine, entities: Iterable[Any] | None = None) -> None:
    """PostgreSQL: drop erased rows' old versions, then rebuild the tables' search indexes.

    A GIN index keeps a word as a key after the last row holding it is gone, and a rebuild
    still indexes row versions not yet vacuumed; so VACUUM first, then REINDEX. Run after
    the erasure has committed. Nothing to do on SQLite (see :func:`forget_removed_text`).

    Args:
        engine: The workspace's engine.
        entities: The record classes whose text was erased (all searchable ones if None).
    """
    if engine.dialect.name != "postgresql":
        return
    wanted = None if entities is None else set(entities)
    tables = sorted({index_name(k.entity).removesuffix("_search") for k in KINDS.values()
                     if k.search and (wanted is None or k.entity in wanted)})
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        for table in tables:
            connection.execute(text(f"VACUUM {table}"))
            connection.execute(text(f"REINDEX TABLE {table}"))


__all__ = ["LONGEST_TOKEN", "MOST_TOKENS", "MOST_WORDS", "condition", "forget_removed_text",
           "index_name", "matches", "rebuild_after_erasure", "tokens", "words"]
