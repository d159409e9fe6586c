"""What a list shows of its records: their columns and the names of their links, read light."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from functools import cache
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Connection, Text, cast, func, inspect, null, select
from sqlalchemy.orm import Session
from sqlalchemy.types import NullType

from .dialect import among_ids, typed_rows
from .records import KINDS, FieldType, RecordKind
from .store import Workspace


def list_rows(workspace: Workspace, kind: RecordKind, ids: list[int],
              links: Collection[str] | None = None) -> list[Any]:
    """The rows of these records as a list shows them, in this order (None for one deleted).

    Each row has the record's id, reference, version and the columns of its fields as
    attributes, and the links named in ``links`` (every link field of the kind when None)
    as :func:`add_links` gives them.
    Reading this takes one plain query for the columns and one per link, where whole
    records would take one query per relationship and build every object with its
    collections. On a server, the links to many records come in the columns' query (one
    round trip for a page, however many such links it shows).
    """
    wanted = [f.name for f in kind.fields if f.type in (FieldType.LINKS, FieldType.LINK)
              and (links is None or f.name in links)]
    with workspace.plain_reading() as connection:
        server = connection.dialect.name == "postgresql"
        together = tuple(n for n in wanted if server and kind.field(n).type is FieldType.LINKS)
        statement = _rows_statement(kind.name, connection.dialect.name, together)
        names = [c.key for c in statement.selected_columns]
        rows = {row[0]: SimpleNamespace(**dict(zip(names, row, strict=True)))
                for row in typed_rows(connection, statement, {"ids": ids})}
        for row in rows.values():
            for name in together:
                setattr(row, name, [SimpleNamespace(id=int(i), ref=ref, code=code)
                                    for i, ref, code in getattr(row, name) or ()])
        _add_links(connection, kind, list(rows.values()), [n for n in wanted if n not in together])
    return [rows.get(i) for i in ids]


@cache
def _rows_statement(kind_name: str, dialect_name: str, links: tuple[str, ...] = ()) -> Any:
    """The statement reading rows of a kind by their ids (made once, run with ``ids``), with
    these links to many records as a column each (PostgreSQL: an array of each linked
    record's id, reference and code, as text, in the link's order)."""
    table = KINDS[kind_name].entity.__table__  # type: ignore[attr-defined]
    linked = [_linked(kind_name, dialect_name, name) for name in links]
    joined = table
    for part in linked:
        joined = joined.outerjoin(part, part.c.id == table.c.id)
    return (select(*_shown_columns(kind_name), *(part.c.linked.label(name)
                                                 for part, name in zip(linked, links, strict=True)))
            .select_from(joined).where(among_ids(dialect_name, table.c.id)))


def _linked(kind_name: str, dialect_name: str, name: str) -> Any:
    """Each of the rows' ids with the records it links to through a link field, as one
    array of [id, reference, code] (PostgreSQL). Grouped once for the page, which the server
    answers faster than a subquery per row; text arrays, which psycopg reads in C where
    JSON is parsed in Python."""
    from sqlalchemy.dialects.postgresql import aggregate_order_by, array

    relationship, target, own, theirs, code, order = _link_parts(kind_name, name)
    triple = array([cast(target.id, Text), target.ref, cast(code, Text)])
    return (select(own.label("id"),
                   func.array_agg(aggregate_order_by(triple, *order), type_=NullType())
                   .label("linked"))
            .select_from(relationship.secondary).join(target, theirs == target.id)
            .where(among_ids(dialect_name, own)).group_by(own).subquery(f"linked_{name}"))


@cache
def _shown_columns(kind_name: str) -> tuple[Any, ...]:
    """The id, then the columns a list can show: its reference, version and fields (not
    when it was created or last changed, which no column shows and which cost the most
    to read)."""
    c = KINDS[kind_name].entity.__table__.c  # type: ignore[attr-defined]
    return (c.id, c.ref, c.version, *(c[f.name] for f in KINDS[kind_name].fields if f.name in c))


def add_links(workspace: Workspace, kind: RecordKind, rows: list[Any],
              names: Collection[str]) -> None:
    """Give rows read by :func:`list_rows` the links of these fields, in one query each.

    A field linking to many records becomes a list of their ``id``, ``ref`` (and ``code``
    where they have one), in the order the record's own link keeps; a field linking to one
    record (``visit_id``) also brings that record under the name without ``_id``
    (``visit``).
    """
    with workspace.plain_reading() as connection:
        _add_links(connection, kind, rows, names)


def _add_links(connection: Connection, kind: RecordKind, rows: list[Any],
               names: Collection[str]) -> None:
    relationships: Any = inspect(kind.entity).relationships
    found = [r.id for r in rows]
    dialect_name = connection.dialect.name
    for spec in kind.fields:
        if spec.name not in names or not rows:
            continue
        if spec.type is FieldType.LINKS:
            linked = _many(connection, _links_statement(kind.name, spec.name, dialect_name),
                           found)
            for row in rows:
                setattr(row, spec.name, linked.get(row.id, []))
        elif spec.type is FieldType.LINK:
            name = spec.name.removesuffix("_id")
            target = relationships[name].mapper.class_
            wanted = {getattr(r, spec.name) for r in rows} - {None}
            targets = {}
            if wanted:  # whole records (a visit's title is a property): read by a session
                with Session(connection) as s:
                    targets = {t.id: t for t in s.scalars(select(target).where(
                        among_ids(dialect_name, target.id)), {"ids": list(wanted)})}
            for row in rows:
                setattr(row, name, targets.get(getattr(row, spec.name)))


def _many(connection: Connection, statement: Any,
          ids: list[int]) -> dict[int, list[SimpleNamespace]]:
    """Record id to the records it links to (``statement``: :func:`_links_statement`), in
    the link's order."""
    linked: dict[int, list[SimpleNamespace]] = defaultdict(list)
    if not ids:
        return linked
    for record_id, target_id, ref, code in typed_rows(connection, statement, {"ids": ids}):
        linked[record_id].append(SimpleNamespace(id=target_id, ref=ref, code=code))
    return linked


@cache
def _links_statement(kind_name: str, name: str, dialect_name: str) -> Any:
    """The statement reading the records a link field of these ids links to: each link's
    record id, then the linked record's id, reference and code (None where it has none)."""
    relationship, target, own, theirs, code, order = _link_parts(kind_name, name)
    return (select(own, target.id, target.ref, code).select_from(relationship.secondary)
            .join(target, theirs == target.id).where(among_ids(dialect_name, own))
            .order_by(*order))


def _link_parts(kind_name: str, name: str) -> tuple[Any, ...]:
    """A link field's relationship, the linked records' class, the link table's column for
    the record and for the linked record, the linked record's code (or NULL) and the
    link's order."""
    relationship: Any = inspect(KINDS[kind_name].entity).relationships[name]
    target = relationship.mapper.class_
    (_, own), = relationship.synchronize_pairs
    (_, theirs), = relationship.secondary_synchronize_pairs
    code = target.code if "code" in target.__table__.c else null()
    return (relationship, target, own, theirs, code,
            [*(relationship.order_by or ()), target.id])
