"""What a list shows of its records: their columns and the names of their links, read light."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from functools import cache
from types import SimpleNamespace
from typing import Any

from sqlalchemy import inspect, select

from .dialect import among
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
    collections.
    """
    table = kind.entity.__table__  # type: ignore[attr-defined]
    with workspace.reading() as s:
        found = s.execute(select(*_shown_columns(kind.name)).where(among(s, table.c.id, ids)))
        names = list(found.keys())
        rows = {row[0]: SimpleNamespace(**dict(zip(names, row, strict=True))) for row in found}
        _add_links(s, kind, list(rows.values()), [
            f.name for f in kind.fields if f.type in (FieldType.LINKS, FieldType.LINK)
            and (links is None or f.name in links)])
    return [rows.get(i) for i in ids]


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
    with workspace.reading() as s:
        _add_links(s, kind, rows, names)


def _add_links(s: Any, kind: RecordKind, rows: list[Any], names: Collection[str]) -> None:
    relationships: Any = inspect(kind.entity).relationships
    found = [r.id for r in rows]
    for spec in kind.fields:
        if spec.name not in names or not rows:
            continue
        if spec.type is FieldType.LINKS:
            linked = _many(s, relationships[spec.name], found)
            for row in rows:
                setattr(row, spec.name, linked.get(row.id, []))
        elif spec.type is FieldType.LINK:
            name = spec.name.removesuffix("_id")
            target = relationships[name].mapper.class_
            wanted = {getattr(r, spec.name) for r in rows} - {None}
            targets = ({t.id: t for t in s.scalars(select(target).where(
                among(s, target.id, list(wanted))))} if wanted else {})
            for row in rows:
                setattr(row, name, targets.get(getattr(row, spec.name)))


def _many(s: Any, relationship: Any, ids: list[int]) -> dict[int, list[SimpleNamespace]]:
    """Record id to the records it links to, through the link table, in the link's order."""
    target = relationship.mapper.class_
    (_, own), = relationship.synchronize_pairs
    (_, theirs), = relationship.secondary_synchronize_pairs
    columns = [own.label("record_id"), target.id.label("id"), target.ref.label("ref")]
    has_code = "code" in target.__table__.c
    if has_code:
        columns.append(target.code.label("code"))
    order = list(relationship.order_by or ()) + [target.id]
    linked: dict[int, list[SimpleNamespace]] = defaultdict(list)
    if not ids:
        return linked
    stmt = (select(*columns).select_from(relationship.secondary)
            .join(target, theirs == target.id).where(among(s, own, ids)).order_by(*order))
    for row in s.execute(stmt):
        linked[row.record_id].append(SimpleNamespace(
            id=row.id, ref=row.ref, code=row.code if has_code else None))
    return linked
