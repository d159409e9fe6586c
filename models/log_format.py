"""What an exported evidence log carries so an edited copy can come back safely.

One place for the rules both sides share: the identity facts on the log's hidden
identity sheet, the comparable form of every field value, and the per-row base
hash. The Excel writer uses them to write the log; the importer uses them to read
it back and compare.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from importlib import metadata
from typing import Any

from sqlalchemy import func, select

from . import entities as e
from .characters import remove_unwritable
from .records import FieldType, RecordKind
from .store import Workspace

#: The identity sheet's name (hidden in the workbook) and the first fact on it.
IDENTITY_SHEET = "Log identity"
LOG_FORMAT = "VisitReady evidence log"
#: Raised when what the log carries, or how, changes; an older VisitReady refuses a newer log.
LOG_FORMAT_VERSION = 1
#: Headings of the hidden columns every data sheet carries.
REF_HEADING = "Ref"
VERSION_HEADING = "Version"
BASE_HASH_HEADING = "Base hash"
#: The key under which a workspace keeps its identity in ``workspace_info``.
WORKSPACE_ID_KEY = "workspace_id"
#: How a visit-less finding is shown in the From column.
NO_VISIT = "Inspection"


def app_version() -> str:
    """The installed VisitReady's version."""
    try:
        return metadata.version("visitready")
    except metadata.PackageNotFoundError:
        return "0.0.0"


def version_tuple(text: str) -> tuple[int, ...]:
    """``"0.10.2"`` as ``(0, 10, 2)``, for comparing versions; junk parts count as 0."""
    parts = []
    for part in text.strip().split("."):
        digits = "".join(ch for ch in part if ch.isdigit())
        parts.append(int(digits) if digits else 0)
    return tuple(parts)


@dataclass(frozen=True)
class LogIdentity:
    """The facts on a log's identity sheet.

    Attributes:
        workspace_id: The workspace's identity (kept in the workspace, never changes).
        workspace_name: Its name when exported, for messages.
        export_id: A new identity for each export.
        exported_at: When.
        exported_by: Who.
        visit_id: The visit the log was made for (new case samples and checklist items go there).
        visit_title: Its title, for messages.
        last_change: The newest change-history entry when exported: anything after it
            happened in the workspace since.
        personal_data_left_out: Evidence flagged as personal data was not in the log.
        schema: The workspace's schema revision.
        app_version: The VisitReady that wrote it.
        format_version: :data:`LOG_FORMAT_VERSION` of the writer.
    """

    workspace_id: str
    workspace_name: str
    export_id: str
    exported_at: dt.datetime
    exported_by: str
    visit_id: int
    visit_title: str
    last_change: int
    personal_data_left_out: bool
    schema: str
    app_version: str
    format_version: int = LOG_FORMAT_VERSION

    def facts(self) -> list[tuple[str, str]]:
        """(label, text) rows of the identity sheet; every value is written as text."""
        return [
            ("Format", LOG_FORMAT),
            ("Format version", str(self.format_version)),
            ("Workspace id", self.workspace_id),
            ("Workspace", self.workspace_name),
            ("Export id", self.export_id),
            ("Exported at", self.exported_at.isoformat(timespec="seconds")),
            ("Exported by", self.exported_by),
            ("Visit id", str(self.visit_id)),
            ("Visit", self.visit_title),
            ("Last change", str(self.last_change)),
            ("Personal data left out", "Yes" if self.personal_data_left_out else "No"),
            ("Schema", self.schema),
            ("VisitReady version", self.app_version),
        ]

    @classmethod
    def from_facts(cls, facts: dict[str, str]) -> LogIdentity:
        """Read the identity sheet's facts back.

        Raises:
            KeyError: a fact is missing.
            ValueError: a fact is not in its form.
        """
        for needed in ("Workspace id", "Export id", "Exported at", "Visit id", "Last change"):
            if not facts.get(needed):
                raise ValueError(f"{needed} is empty")
        return cls(
            workspace_id=facts["Workspace id"],
            workspace_name=facts.get("Workspace", ""),
            export_id=facts["Export id"],
            exported_at=dt.datetime.fromisoformat(facts["Exported at"]),
            exported_by=facts.get("Exported by", ""),
            visit_id=int(facts["Visit id"]),
            visit_title=facts.get("Visit", ""),
            last_change=int(facts["Last change"]),
            personal_data_left_out=facts.get("Personal data left out", "Yes") == "Yes",
            schema=facts.get("Schema", ""),
            app_version=facts.get("VisitReady version", ""),
            format_version=int(facts["Format version"]),
        )


def workspace_id(workspace: Workspace) -> str:
    """The workspace's identity (given to every workspace by the schema; made here if missing)."""
    with workspace.reading() as s:
        row = s.get(e.WorkspaceInfo, WORKSPACE_ID_KEY)
        if row is not None:
            return row.value
    with workspace.transaction() as s:
        row = s.get(e.WorkspaceInfo, WORKSPACE_ID_KEY)
        if row is None:
            row = e.WorkspaceInfo(key=WORKSPACE_ID_KEY, value=str(uuid.uuid4()))
            s.add(row)
        return row.value


def last_change_id(workspace: Workspace) -> int:
    """The newest change-history entry's id (0 for none)."""
    with workspace.reading() as s:
        return int(s.scalar(select(func.max(e.ChangeLogEntry.id))) or 0)


def read_identity(workspace: Workspace, visit: e.Visit, *, last_change: int,
                  personal_data_left_out: bool, produced_at: dt.datetime) -> LogIdentity:
    """The identity of a log about to be written from ``workspace``.

    ``last_change`` must be read (with :func:`last_change_id`) before the records
    are, so a change made while the export reads counts as a change since the
    export and is never lost.
    """
    return LogIdentity(
        workspace_id=workspace_id(workspace),
        workspace_name=workspace.name,
        export_id=str(uuid.uuid4()),
        exported_at=produced_at,
        exported_by=workspace.who,
        visit_id=visit.id,
        visit_title=visit.title,
        last_change=last_change,
        personal_data_left_out=personal_data_left_out,
        schema=workspace.schema_revision() or "",
        app_version=app_version(),
    )


# -- comparable values ---------------------------------------------------------------------

def related_name(field_name: str) -> str:
    """The relationship behind a link field: ``theme_id`` is shown through ``theme``."""
    return field_name[:-3] if field_name.endswith("_id") else field_name


def link_label(target: Any) -> str:
    """How a linked record is named in the log: a theme by name, a visit by title."""
    if target is None:
        return ""
    if isinstance(target, e.Visit):
        return target.title
    return str(getattr(target, "name", None) or target.ref)


def token(target: Any) -> str:
    """How one of several linked records is named: a theme by code, others by reference."""
    return str(getattr(target, "code", None) or target.ref)


def record_value(kind: RecordKind, name: str, record: Any) -> Any:
    """A record's value of field ``name`` in the form the importer reads it back.

    Links come back as lists of codes or references, a single link as the linked
    record's name (themes) or title (visits).
    """
    spec = kind.field(name)
    if spec.type is FieldType.LINKS:
        return [token(x) for x in getattr(record, name)]
    if spec.type is FieldType.LINK:
        target = getattr(record, related_name(name))
        if target is None and name == "source_visit_id":
            return NO_VISIT
        return link_label(target)
    return getattr(record, name)


def canonical(value: Any) -> str:
    """The form two values are compared in: equal forms mean no change.

    Text ignores line-ending style, surrounding spaces and characters a spreadsheet cannot
    hold; lists of codes ignore
    order and case; numbers compare to the 15 significant digits a spreadsheet
    keeps; dates by day; flags as Yes/No.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, float)):
        # Spreadsheets keep 15 significant digits: more would be noise, not a change.
        return format(float(value) + 0.0, ".15g")
    if isinstance(value, (list, tuple)):
        return ",".join(sorted({str(x).strip().upper() for x in value if str(x).strip()}))
    # What the log can hold: characters no spreadsheet can store are left out on export,
    # so they are no change when the file comes back.
    text = remove_unwritable(str(value)).replace("\r\n", "\n").replace("\r", "\n").strip()
    return text


def same(a: Any, b: Any) -> bool:
    """Whether two values are the same for the log: numbers within spreadsheet precision.

    Spreadsheets store about 15 significant digits and writers round the last one
    differently, so numbers are compared by closeness, everything else by its
    comparable form.
    """
    numbers = (int, float)
    if isinstance(a, numbers) and isinstance(b, numbers) and not isinstance(a, bool) \
            and not isinstance(b, bool):
        return math.isclose(a, b, rel_tol=1e-13, abs_tol=1e-300)
    return canonical(a) == canonical(b)


def row_hash(values: Iterable[tuple[str, Any]]) -> str:
    """The base hash of a row: SHA-256 over (field, comparable value) in column order."""
    digest = hashlib.sha256()
    for name, value in values:
        digest.update(name.encode())
        digest.update(b"\x1e")
        digest.update(canonical(value).encode())
        digest.update(b"\x1f")
    return digest.hexdigest()


def record_hash(kind: RecordKind, fields: Sequence[str], record: Any) -> str:
    """The base hash of a record as exported, over the given fields."""
    return row_hash((name, record_value(kind, name, record)) for name in fields)


def record_hasher(kind: RecordKind, fields: Sequence[str]) -> Callable[[Any], str]:
    """:func:`record_hash` for many records of one kind: the field specs are looked up once."""
    plan = [(name, kind.field(name).type) for name in fields]

    def value(name: str, type_: FieldType, record: Any) -> Any:
        if type_ is FieldType.LINKS or type_ is FieldType.LINK:
            return record_value(kind, name, record)
        return getattr(record, name)

    def hash_of(record: Any) -> str:
        return row_hash((name, value(name, type_, record)) for name, type_ in plan)

    return hash_of
