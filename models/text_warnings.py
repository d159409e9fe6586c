"""Personal-data warnings worked out when text is written, kept per record and field.

Readiness lists a gap for every record whose free text looks like personal data.
Scanning every text on every readiness read cost most of a second at 20,000 items,
so the warnings are worked out once, when a record is added or its text changes
(a flush hook on every ORM session), and stored in ``personal_data_warning``.
Migration 0013 fills the table for workspaces made before it existed.

The scanner is called only through :func:`scan_text`, so it can be replaced in one place.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Index,
    Integer,
    String,
    Table,
    Text,
    delete,
    event,
    insert,
)
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session

from .entities import Base
from .personal_data import PersonalDataWarning, scan
from .records import KINDS, FieldType, RecordKind

#: One row per warning: which record (kind name and id), which field, and what was found.
#: There is no foreign key (one table serves every kind): readers join to the record,
#: and a deleted record's rows are kept so that undoing the delete needs no rescan.
warning_table = Table(
    "personal_data_warning",
    Base.metadata,
    Column("id", Integer, primary_key=True),
    Column("record_kind", String(40), nullable=False),
    Column("record_id", Integer, nullable=False),
    Column("field", String(60), nullable=False),
    Column("position", Integer, nullable=False),
    Column("kind", String(60), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Index("ix_personal_data_warning_record", "record_kind", "record_id"),
)


def scan_text(text: str | None) -> list[PersonalDataWarning]:
    """The one place the personal-data scanner is called from for stored warnings."""
    return scan(text or "")


def scanned_fields(kind: RecordKind) -> list[str]:
    """The free-text fields of a record kind that are checked for personal data."""
    return [f.name for f in kind.fields
            if f.scan and f.type in (FieldType.TEXT, FieldType.LONG_TEXT)]


#: Table name -> (kind name, scanned fields), for every kind with something to scan.
SCANNED: dict[str, tuple[str, list[str]]] = {
    kind.entity.__table__.name: (kind.name, fields)  # type: ignore[attr-defined]
    for kind in KINDS.values() if (fields := scanned_fields(kind))
}


def warning_rows(kind_name: str, record_id: int, texts: dict[str, str | None]
                 ) -> Iterator[dict[str, Any]]:
    """The rows to store for one record, given its scanned fields' texts."""
    for field_name, text in texts.items():
        for position, found in enumerate(scan_text(text)):
            yield {"record_kind": kind_name, "record_id": record_id, "field": field_name,
                   "position": position, "kind": found.kind.value, "start": found.start,
                   "end": found.end, "text": found.text}


def _store(connection: Connection, kind_name: str, ids: list[int],
           rows: list[dict[str, Any]]) -> None:
    if ids:
        connection.execute(delete(warning_table).where(
            warning_table.c.record_kind == kind_name, warning_table.c.record_id.in_(ids)))
    if rows:
        connection.execute(insert(warning_table), rows)


def rescan(connection: Connection, tables: Iterable[str] | None = None) -> None:
    """Work out the stored warnings again for every record of the given tables (all by default).

    Used by the migration that brought the table in, and by tests.
    """
    from sqlalchemy import select

    for table_name in tables or SCANNED:
        kind_name, fields = SCANNED[table_name]
        table = Base.metadata.tables[table_name]
        connection.execute(delete(warning_table).where(warning_table.c.record_kind == kind_name))
        rows: list[dict[str, Any]] = []
        for record in connection.execute(select(table.c.id, *(table.c[f] for f in fields))):
            rows.extend(warning_rows(kind_name, record.id,
                                     {f: getattr(record, f) for f in fields}))
        if rows:
            connection.execute(insert(warning_table), rows)


@event.listens_for(Session, "after_flush")
def _on_flush(session: Session, _context: Any) -> None:
    """Store warnings for every record added, or whose scanned text changed, in this flush."""
    touched: dict[str, tuple[list[int], list[dict[str, Any]]]] = {}
    for record in list(session.new) + list(session.dirty):
        scanned = SCANNED.get(getattr(record, "__tablename__", ""))
        if scanned is None:
            continue
        kind_name, fields = scanned
        state = sa_inspect(record)
        if record not in session.new and not any(
                state.attrs[f].history.has_changes() for f in fields):
            continue
        ids, rows = touched.setdefault(kind_name, ([], []))
        ids.append(record.id)
        rows.extend(warning_rows(kind_name, record.id, {f: getattr(record, f) for f in fields}))
    if touched:
        connection = session.connection()
        for kind_name, (ids, rows) in touched.items():
            _store(connection, kind_name, ids, rows)
