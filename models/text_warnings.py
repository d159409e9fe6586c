"""Personal-data warnings worked out when text is written, kept per record and field.

Readiness lists a gap for every field whose free text looks like personal data.
Scanning every text on every readiness read cost most of a second at 20,000 items,
so the kinds found are worked out once, when a record (or a case action or an
attachment) is added or its text changes (a flush hook on every ORM session), and
stored in ``personal_data_warning``: which record, which field, which kind of
identifier, never the matched text itself (the workspace keeps no second copy of
personal data that erasure would have to find).

What is scanned, and with which public contacts passed over, is the export rule's
(:func:`models.privacy.export_rule.record_texts`, :func:`models.personal_data.scan`
with the authority's contacts): when the authority's public contacts change,
everything is scanned again. Writes that bypass the ORM (the evidence-log import,
undoing a delete) call :func:`refresh` for the rows they wrote. Migration 0013 fills
the table for workspaces made before it existed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Index,
    Integer,
    String,
    Table,
    delete,
    event,
    insert,
    literal,
    select,
)
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session

from .entities import Base
from .personal_data import PersonalDataKind, PublicContacts, kinds_in, scan
from .records import KINDS

#: One row per kind of identifier found in one field of one record or part. There is no
#: foreign key (one table serves every kind): readers join to the record, so the rows of
#: a deleted record are simply not read, and undoing the delete needs no rescan.
warning_table = Table(
    "personal_data_warning",
    Base.metadata,
    Column("id", Integer, primary_key=True),
    Column("record_kind", String(40), nullable=False),  # the table of the record or part
    Column("record_id", Integer, nullable=False),
    Column("field", String(60), nullable=False),
    Column("kind", String(60), nullable=False),
    Index("ix_personal_data_warning_record", "record_kind", "record_id"),
)


@dataclass(frozen=True)
class Source:
    """A table whose text is scanned: the record kind it shows under and its fields.

    Attributes:
        table: The table's name (stored as ``record_kind``).
        kind_name: The record kind the warnings are reported under.
        fields: Stored field name -> the label a warning is reported with.
        columns: The columns the texts are read from.
        parent: For a part (case action, attachment), the column naming its record.
    """

    table: str
    kind_name: str
    fields: dict[str, str]
    columns: tuple[str, ...]
    parent: str = ""

    def texts(self, row: Any) -> dict[str, str]:
        """Field name -> text, for a record, a part or a row read by core SQL."""
        if self.table == "attachment":  # as record_texts: the file's name, or its link
            return {"file_name": row.file_name or row.link or ""}
        values = {name: getattr(row, name) for name in self.fields}
        return {name: v for name, v in values.items() if isinstance(v, str) and v}


def _sources() -> dict[str, Source]:
    from .privacy.export_rule import _PART_LABELS, scanned_fields

    found: dict[str, Source] = {}
    for kind in KINDS.values():
        fields = {f.name: f.label for f in scanned_fields(kind)}
        if fields:
            table = kind.entity.__table__.name  # type: ignore[attr-defined]
            found[table] = Source(table, kind.name, fields, tuple(fields))
    found["case_action"] = Source("case_action", "case_sample",
                                  {"description": _PART_LABELS["case_sample"]},
                                  ("description",), parent="case_sample_id")
    found["attachment"] = Source("attachment", "evidence",
                                 {"file_name": _PART_LABELS["evidence"]},
                                 ("file_name", "link"), parent="evidence_id")
    return found


#: Every scanned table, by name.
SOURCES = _sources()


#: The authority's public contacts as written (one authority to a workspace).
PUBLIC_CONTACTS = select(Base.metadata.tables["authority"].c.public_contacts).limit(1)


def public_contacts_of(connection: Connection) -> PublicContacts:
    """The authority's public contacts, passed over by the scanner."""
    return PublicContacts.from_text(connection.execute(PUBLIC_CONTACTS).scalars().first())


def kinds_found(text: str, public: PublicContacts) -> tuple[PersonalDataKind, ...]:
    """The kinds of identifier in one text: the export rule's scan, the one caller here."""
    return kinds_in(scan(text, public))


def warning_rows(source: Source, record_id: int, texts: dict[str, str],
                 public: PublicContacts) -> Iterator[dict[str, Any]]:
    """The rows to store for one record or part, given its texts."""
    for field_name, text in texts.items():
        for kind in kinds_found(text, public):
            yield {"record_kind": source.table, "record_id": record_id, "field": field_name,
                   "kind": kind.value}


def _replace(connection: Connection, source: Source, rows_by_id: dict[int, list[dict[str, Any]]]
             ) -> None:
    ids = list(rows_by_id)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        connection.execute(delete(warning_table).where(
            warning_table.c.record_kind == source.table, warning_table.c.record_id.in_(chunk)))
    rows = [row for found in rows_by_id.values() for row in found]
    if rows:
        connection.execute(insert(warning_table), rows)


def _scan_rows(connection: Connection, source: Source, public: PublicContacts,
               ids: list[int] | None, present: set[str] | None = None
               ) -> dict[int, list[dict[str, Any]]]:
    table = Base.metadata.tables[source.table]
    columns = [table.c[c] if present is None or c in present else literal(None).label(c)
               for c in source.columns]
    stmt = select(table.c.id, *columns)
    found: dict[int, list[dict[str, Any]]] = {}
    chunks = [None] if ids is None else [ids[i:i + 500] for i in range(0, len(ids), 500)]
    for chunk in chunks:
        query = stmt if chunk is None else stmt.where(table.c.id.in_(chunk))
        for row in connection.execute(query):
            found[row.id] = list(warning_rows(source, row.id, source.texts(row), public))
    return found


def refresh(connection: Connection, table_name: str, ids: Iterable[int]) -> None:
    """Work out again the stored warnings of these rows of one table (written without the ORM)."""
    source = SOURCES.get(table_name)
    ids = list(ids)
    if source is None or not ids:
        return
    found = _scan_rows(connection, source, public_contacts_of(connection), ids)
    for missing in set(ids) - set(found):
        found[missing] = []
    _replace(connection, source, found)


def rescan(connection: Connection, present: dict[str, set[str]] | None = None) -> None:
    """Work out every stored warning again (a new table, or new public contacts).

    Args:
        present: For a migration, the columns each table has at its revision (those
            missing read as empty); by default the current schema's.
    """
    public = public_contacts_of(connection)
    connection.execute(delete(warning_table))
    for source in SOURCES.values():
        columns = None if present is None else present.get(source.table, set())
        rows = [row for found in _scan_rows(connection, source, public, None, columns).values()
                for row in found]
        if rows:
            connection.execute(insert(warning_table), rows)


def _changed(state: Any, names: Iterable[str]) -> bool:
    return any(state.attrs[n].history.has_changes() for n in names)


@event.listens_for(Session, "after_flush")
def _on_flush(session: Session, _context: Any) -> None:
    """Store warnings for every record added, or whose scanned text changed, in this flush."""
    touched: dict[str, dict[int, Any]] = {}
    contacts_changed = False
    for record in list(session.new) + list(session.dirty):
        table = getattr(record, "__tablename__", "")
        if table == "authority" and record not in session.new and _changed(
                sa_inspect(record), ("public_contacts",)):
            contacts_changed = True
        source = SOURCES.get(table)
        if source is None:
            continue
        if record not in session.new and not _changed(sa_inspect(record), source.columns):
            continue
        touched.setdefault(table, {})[record.id] = record
    if not touched and not contacts_changed:
        return
    connection = session.connection()
    if contacts_changed:
        rescan(connection)
        return
    public = public_contacts_of(connection)
    for table, records in touched.items():
        source = SOURCES[table]
        _replace(connection, source, {
            record_id: list(warning_rows(source, record_id, source.texts(record), public))
            for record_id, record in records.items()})
