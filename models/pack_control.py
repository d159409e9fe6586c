"""Document control of the briefing pack, final packs frozen as snapshots, and what changed since."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Date, DateTime, insert, select
from sqlalchemy.orm import Session

from . import dialect, migrations
from . import entities as e
from . import vocabulary as v
from .entities import Base
from .errors import ConflictError, ValidationError, WorkspaceUnavailable
from .records import KINDS
from .store import Workspace, now

#: Tables a snapshot leaves out: history, exports, file bytes, and snapshots themselves.
#: Tables a final pack's snapshot leaves out: history, registers, file bytes, and the
#: workspace's own identity and secrets (a snapshot gets its own when it is reopened).
NOT_FROZEN = frozenset({"change_log", "export_record", "attachment_content", "pack_snapshot",
                        "alembic_version", "workspace_info", "import_record"})


@dataclass(frozen=True)
class DocumentControl:
    """What the cover's document control says.

    Attributes:
        status: Draft or Final. A final pack needs an approver and is frozen.
        version: The version the author gives it ("1.0").
        author: Who wrote it.
        approved_by: Who approved it (needed for a final pack).
        approved_on: When they approved it.
        audience: Members, Leaders or Staff: which sections the pack holds.
        distribution: Who it goes to, one entry each.
    """

    status: str = v.PackStatus.DRAFT.value
    version: str = "0.1"
    author: str = ""
    approved_by: str = ""
    approved_on: dt.date | None = None
    audience: str = v.Audience.LEADERS.value
    distribution: tuple[str, ...] = ()

    @property
    def is_final(self) -> bool:
        return self.status == v.PackStatus.FINAL

    def check(self) -> None:
        """The rules of document control, in one place.

        Raises:
            ValidationError: an unknown status or audience, no version, or a
                final pack without an approver and approval date.
        """
        if self.status not in v.values(v.PackStatus):
            raise ValidationError(f"\u201c{self.status}\u201d is not a pack status.",
                                  "Choose Draft or Final.")
        if self.audience not in v.values(v.Audience):
            raise ValidationError(f"\u201c{self.audience}\u201d is not an audience.",
                                  "Choose Members, Leaders or Staff.")
        if not self.version.strip():
            raise ValidationError("The pack needs a version.", "Give it one, e.g. 0.3 or 1.0.")
        if self.is_final and (not self.approved_by.strip() or self.approved_on is None):
            raise ValidationError(
                "A final pack needs the name of whoever approved it and the date.",
                "Fill in Approved by and Approved on, or export it as a draft.")


@dataclass(frozen=True)
class ChangedRecord:
    kind: str
    ref: str
    title: str


@dataclass(frozen=True)
class ChangesSince:
    """Records added, changed, closed and removed since a final pack was frozen."""

    snapshot_id: int
    version: str
    visit_title: str
    frozen_at: dt.datetime
    added: tuple[ChangedRecord, ...] = ()
    changed: tuple[ChangedRecord, ...] = ()
    closed: tuple[ChangedRecord, ...] = ()
    removed: tuple[ChangedRecord, ...] = ()

    @property
    def count(self) -> int:
        return len(self.added) + len(self.changed) + len(self.closed) + len(self.removed)

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"snapshot_id": self.snapshot_id, "version": self.version,
                                "visit_title": self.visit_title,
                                "frozen_at": self.frozen_at.isoformat()}
        for name in ("added", "changed", "closed", "removed"):
            data[name] = [[r.kind, r.ref, r.title] for r in getattr(self, name)]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ChangesSince:
        return cls(data["snapshot_id"], data["version"], data["visit_title"],
                   dt.datetime.fromisoformat(data["frozen_at"]),
                   **{name: tuple(ChangedRecord(*r) for r in data[name])
                      for name in ("added", "changed", "closed", "removed")})


# -- document control ------------------------------------------------------------------------


def load_control(workspace: Workspace, visit_id: int) -> DocumentControl:
    """The document control last used for this visit's pack (a new draft if none)."""
    with workspace._read() as s:
        row = s.get(e.PackControl, visit_id)
    if row is None:
        return DocumentControl(author=workspace.who)
    return DocumentControl(row.status, row.version, row.author, row.approved_by, row.approved_on,
                           row.audience, tuple(x for x in row.distribution.splitlines() if x))


def save_control(workspace: Workspace, visit_id: int, control: DocumentControl) -> None:
    """Keep the document control with the visit; each change goes into the visit's history."""
    control.check()
    values = {"status": control.status, "version": control.version.strip(),
              "author": control.author.strip(), "approved_by": control.approved_by.strip(),
              "approved_on": control.approved_on, "audience": control.audience,
              "distribution": "\n".join(x.strip() for x in control.distribution if x.strip())}
    with workspace._edit() as s:
        visit = s.get(e.Visit, visit_id)
        if visit is None:
            raise ConflictError("This visit has been deleted.", "Choose another visit.")
        row = s.get(e.PackControl, visit_id)
        if row is None:
            row = e.PackControl(visit_id=visit_id, updated_at=now())
            s.add(row)
            old: dict[str, Any] = {}
        else:
            old = {name: getattr(row, name) for name in values}
        for name, value in values.items():
            if old.get(name) != value:
                workspace._log(s, KINDS["visit"], visit.ref, f"Pack {name.replace('_', ' ')}",
                               old.get(name), value)
                setattr(row, name, value)
        row.updated_at = now()


# -- snapshots -----------------------------------------------------------------------------------


def _frozen_tables() -> list[Any]:
    return [t for t in Base.metadata.sorted_tables if t.name not in NOT_FROZEN]


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def _read_tables(s: Session) -> dict[str, list[dict[str, Any]]]:
    tables = {}
    for table in _frozen_tables():
        key = list(table.primary_key.columns)
        rows = s.execute(select(table).order_by(*key))
        tables[table.name] = [{k: _plain(x) for k, x in r._mapping.items()} for r in rows]
    return tables


def _canonical(data: dict[str, Any]) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def freeze(workspace: Workspace, visit_id: int, control: DocumentControl,
           options: dict[str, Any], changes: ChangesSince | None) -> e.PackSnapshot:
    """Freeze the data a final pack is built from, with its SHA-256 and approver.

    Raises:
        ValidationError: the control is not a complete final one.
        ConflictError: this visit already has a final pack of that version.
    """
    control.check()
    if not control.is_final:
        raise ValidationError("Only a final pack is frozen.", "")
    with workspace._edit() as s:
        visit = s.get(e.Visit, visit_id)
        if visit is None:
            raise ConflictError("This visit has been deleted.", "Choose another visit.")
        if _snapshot(s, visit_id, control.version) is not None:
            raise ConflictError(f"Version {control.version} of this pack is already final.",
                                "Give the next pack a new version number.")
        text = _canonical({"tables": _read_tables(s),
                           "changes_since": changes.as_json() if changes else None})
        snapshot = e.PackSnapshot(
            visit_id=visit_id, visit_title=visit.title, version=control.version,
            approved_by=control.approved_by, approved_on=control.approved_on, frozen_at=now(),
            frozen_by=workspace.who, options=json.dumps(options, default=str, sort_keys=True),
            data_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), data=text)
        s.add(snapshot)
        workspace._log(s, KINDS["visit"], visit.ref, "Final pack frozen", None,
                       f"version {control.version}, approved by {control.approved_by}")
    return snapshot


def _snapshot(s: Session, visit_id: int, version: str) -> e.PackSnapshot | None:
    return s.scalars(select(e.PackSnapshot).where(e.PackSnapshot.visit_id == visit_id,
                                                  e.PackSnapshot.version == version)).first()


def snapshot_for(workspace: Workspace, visit_id: int, version: str) -> e.PackSnapshot | None:
    """The frozen final pack of this visit and version, if there is one."""
    with workspace._read() as s:
        return _snapshot(s, visit_id, version)


def snapshots(workspace: Workspace) -> list[e.PackSnapshot]:
    """Every frozen final pack, newest first."""
    with workspace._read() as s:
        return list(s.scalars(select(e.PackSnapshot).order_by(e.PackSnapshot.id.desc())))


def _load(snapshot: e.PackSnapshot) -> dict[str, Any]:
    digest = hashlib.sha256(snapshot.data.encode("utf-8")).hexdigest()
    if digest != snapshot.data_sha256:
        raise WorkspaceUnavailable(
            f"The frozen pack {snapshot.visit_title} version {snapshot.version} does not match "
            "its SHA-256: it has been altered.",
            "Do not rely on it; export the pack again from the live workspace.")
    data: dict[str, Any] = json.loads(snapshot.data)
    return data


class FrozenWorkspace(Workspace):
    """A snapshot materialised as a workspace: every question works, every edit is refused."""

    snapshot: e.PackSnapshot
    changes_since: ChangesSince | None
    _folder: tempfile.TemporaryDirectory[str]
    _live_name: str

    @contextmanager
    def _edit(self) -> Iterator[Session]:
        raise WorkspaceUnavailable(
            f"This is the final pack {self.snapshot.visit_title} version "
            f"{self.snapshot.version} as presented; it cannot be changed.",
            "Make changes in the live workspace and export a new version.")
        yield  # pragma: no cover - never reached; makes this a generator

    @property
    def name(self) -> str:
        return self._live_name

    def close(self) -> None:
        super().close()
        self._folder.cleanup()


def open_snapshot(workspace: Workspace, snapshot_id: int) -> FrozenWorkspace:
    """Reopen a final pack's data read-only, after checking its SHA-256.

    Raises:
        WorkspaceUnavailable: there is no such snapshot, or its data was altered.
    """
    with workspace._read() as s:
        snapshot = s.get(e.PackSnapshot, snapshot_id)
    if snapshot is None:
        raise WorkspaceUnavailable("There is no frozen pack with that number.",
                                   "Choose one from the list of final packs.")
    data = _load(snapshot)
    folder = tempfile.TemporaryDirectory(prefix="visitready-snapshot-")
    path = Path(folder.name) / "snapshot.visitready"
    engine = dialect.make_engine(dialect.sqlite_url(path))
    try:
        migrations.upgrade(engine)
        tables = Base.metadata.tables
        with engine.begin() as connection:
            for table in _frozen_tables():
                rows = [_typed(tables[table.name], r) for r in data["tables"].get(table.name, [])]
                if rows:
                    connection.execute(insert(table), rows)
    finally:
        engine.dispose()
    frozen = FrozenWorkspace(dialect.sqlite_url(path), location=str(path), who=workspace.who)
    frozen.snapshot = snapshot
    frozen.changes_since = (ChangesSince.from_json(data["changes_since"])
                            if data.get("changes_since") else None)
    frozen._folder = folder
    frozen._live_name = workspace.name
    return frozen


def _typed(table: Any, row: dict[str, Any]) -> dict[str, Any]:
    typed = dict(row)
    for column in table.columns:
        value = typed.get(column.name)
        if isinstance(value, str):
            if isinstance(column.type, DateTime):
                typed[column.name] = dt.datetime.fromisoformat(value)
            elif isinstance(column.type, Date):
                typed[column.name] = dt.date.fromisoformat(value)
    return typed


# -- what changed since the last final pack ----------------------------------------------------


def _record_tables() -> list[tuple[Any, Any]]:
    """(table, record kind) of every kind of record with a reference."""
    return [(kind.entity.__table__, kind) for kind in KINDS.values()  # type: ignore[attr-defined]
            if kind.name != "authority"]


def changes_since(workspace: Workspace, snapshot: e.PackSnapshot) -> ChangesSince:
    """Records added, changed, closed (finished) and removed since ``snapshot`` was frozen."""
    old_tables = _load(snapshot)["tables"]
    added, changed, closed, removed = [], [], [], []
    with workspace._read() as s:
        for table, kind in _record_tables():
            before = {r["ref"]: r for r in old_tables.get(table.name, [])}
            now_rows = {r._mapping["ref"]: dict(r._mapping) for r in s.execute(
                select(table).order_by(table.c.id))}
            finished = v.FINISHED_STATUSES.get(kind.name, frozenset())
            for ref, row in now_rows.items():
                title = str(row.get(kind.title_field) or "")
                entry = ChangedRecord(kind.singular, ref, title)
                old = before.get(ref)
                if old is None:
                    added.append(entry)
                elif old["version"] != row["version"]:
                    if finished and row["status"] in finished and old["status"] not in finished:
                        closed.append(entry)
                    else:
                        changed.append(entry)
            for ref, row in before.items():
                if ref not in now_rows:
                    removed.append(ChangedRecord(kind.singular, ref,
                                                 str(row.get(kind.title_field) or "")))
    return ChangesSince(snapshot.id, snapshot.version, snapshot.visit_title, snapshot.frozen_at,
                        tuple(added), tuple(changed), tuple(closed), tuple(removed))


def changes_since_last(workspace: Workspace) -> ChangesSince | None:
    """What changed since the newest final pack of any visit (None before the first)."""
    if isinstance(workspace, FrozenWorkspace):
        return workspace.changes_since
    found = snapshots(workspace)
    return changes_since(workspace, found[0]) if found else None


__all__ = ["ChangedRecord", "ChangesSince", "DocumentControl", "FrozenWorkspace",
           "changes_since", "changes_since_last", "freeze", "load_control", "open_snapshot",
           "save_control", "snapshot_for", "snapshots"]
