"""What a list shows of its records: their columns and the names of their links, read light."""

from __future__ import annotations

from collections import defaultdict
from types import SimpleNamespace
from typing import Any

from sqlalchemy import inspect, select

from .records import FieldType, RecordKind
from .store import Workspace


def list_rows(workspace: Workspace, kind: RecordKind, ids: list[int]) -> list[Any]:
    """The rows of these records as a list shows them, in this order (None for one deleted).

    Each row has every column of the record as an attribute; a field linking to many
    records is a list of their ``id``, ``ref`` (and ``code`` where they have one), in the
    order the record's own link keeps; a field linking to one record (``visit_id``) also
    brings that record under the name without ``_id`` (``visit``). Reading this takes one
    plain query for the columns and one per link, where whole records would take one query
    per relationship and build every object with its collections.
    """
    entity: Any = kind.entity
    table = entity.__table__
    relationships: Any = inspect(entity).relationships
    with workspace.reading() as s:
        rows = {row.id: SimpleNamespace(**row._mapping)
                for row in s.execute(select(table).where(table.c.id.in_(ids)))}
        found = list(rows)
        for spec in kind.fields:
            if spec.type is FieldType.LINKS:
                linked = _many(s, relationships[spec.name], found)
                for record_id, row in rows.items():
                    setattr(row, spec.name, linked.get(record_id, []))
            elif spec.type is FieldType.LINK:
                name = spec.name.removesuffix("_id")
                target = relationships[name].mapper.class_
                wanted = {getattr(r, spec.name) for r in rows.values()} - {None}
                targets = ({t.id: t for t in s.scalars(select(target).where(
                    target.id.in_(wanted)))} if wanted else {})
                for row in rows.values():
                    setattr(row, name, targets.get(getattr(row, spec.name)))
    return [rows.get(i) for i in ids]


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
            .join(target, theirs == target.id).where(own.in_(ids)).order_by(*order))
    for row in s.execute(stmt):
        linked[row.record_id].append(SimpleNamespace(
            id=row.id, ref=row.ref, code=row.code if has_code else None))
    return linked
