"""The workspace: one SQLite file (or a shared PostgreSQL database) holding an authority's preparation."""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import hashlib
import json
import os
import shutil
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field, replace
from glob import escape as glob_escape
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Select,
    Table,
    func,
    insert,
    inspect,
    select,
    update,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DatabaseError, DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from . import annex_entities as _annex_tables  # noqa: F401  (the Annex A tables join the schema)
from . import approvals as _approvals  # noqa: F401  (its before_flush rule joins every session)
from . import catalogue, dialect, integrity, migrations, search
from . import entities as e
from . import text_warnings as _text_warnings  # noqa: F401  (stores warnings on every flush)
from .characters import check_text
from .checklist_plan import due_for
from .entities import Base
from .errors import (
    ConflictError,
    NotAWorkspace,
    ValidationError,
    WorkspaceBusy,
    WorkspaceReadOnly,
    WorkspaceUnavailable,
)
from .files import exclusive_temporary
from .integrity import FORMAT_MARKER
from .privacy import keys
from .privacy.db_errors import plain_error
from .privacy.files import safe_file_name
from .records import KINDS, FieldType, RecordKind, check_consistency, clean, kind_of
from .vocabulary import FINISHED_STATUSES

T = TypeVar("T", bound=e.Versioned)


def current_user() -> str:
    """The OS login name, used as "who" in the change log."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


#: Where an export was saved (in its recorded options), so the Exports page can open it.
SAVED_AS = "saved_as"


@dataclass
class RecordQuery:
    """A question a list page asks: search text, filters, order and the page wanted.

    Attributes:
        text: Words that must appear in one of the kind's searchable fields.
        equals: Field name to required value (status, owner, RAG, visit_id …).
        theme_id: Only records linked to this theme.
        overdue_on: Only records with a due date before this day and not finished.
        order_by: Field to sort on; ``ref`` by default.
        descending: Sort direction.
        offset: Rows to skip.
        limit: Most rows to return (``None`` for all).
    """

    text: str = ""
    equals: dict[str, Any] = field(default_factory=dict)
    theme_id: int | None = None
    overdue_on: dt.date | None = None
    order_by: str = "ref"
    descending: bool = False
    offset: int = 0
    limit: int | None = None


@dataclass(frozen=True)
class CapturedRows:
    """Rows a delete removes or changes, in the order they must be put back.

    Attributes:
        inserts: (table name, row) for the record, the rows deleted with it
            (checklist items of a visit, attachments of an evidence item) and
            link rows (evidence to themes, actions to findings …).
        relinks: (table name, column, value, row ids) for rows whose reference
            to the record was set to null (case samples of a deleted visit).
    """

    inserts: list[tuple[str, dict[str, Any]]]
    relinks: list[tuple[str, str, int, list[int]]]


@dataclass(frozen=True)
class DeletedRecord:
    """What is needed to put a deleted record back exactly as it was (for undo)."""

    kind: str
    record_id: int
    rows: CapturedRows

    @property
    def columns(self) -> dict[str, Any]:
        return self.rows.inserts[0][1]


@dataclass(frozen=True)
class WorkspaceContents:
    """Everything readiness and the exports look at, read in one go."""

    authority: e.AuthorityProfile
    visit: e.Visit
    visits: list[e.Visit]
    themes: list[e.Theme]
    evidence: list[e.EvidenceItem]
    case_samples: list[e.CaseSample]
    findings: list[e.Finding]
    actions: list[e.Action]
    checklist: list[e.ChecklistItem]
    indicators: list[e.IndicatorSnapshot]


def _as_text(value: Any) -> str | None:
    """How a value is written in the change log."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "; ".join(getattr(item, "ref", str(item)) for item in value)
    return str(value)


class Workspace:
    """An open workspace. Every method is one question or one edit, committed at once.

    Records come back detached and fully loaded: read them freely, and change
    them only through :meth:`update`, naming the version you read.
    """

    def __init__(self, url: str, *, location: str, who: str | None = None,
                 read_only: bool = False) -> None:
        self.url = url
        self.location = location
        self.who = who or current_user()
        #: Opened from a file or folder that cannot be written: reading and exporting only.
        self.read_only = read_only
        self._engine = dialect.make_engine(url, read_only=read_only)
        # "who" lets models/approvals.py record who verified and approved evidence.
        self._sessions = sessionmaker(self._engine, expire_on_commit=False,
                                      info={"who": self.who})
        #: A server's reads have connections of their own; a file's share the engine.
        self._reader = dialect.make_read_engine(url)
        self._read_sessions = self._sessions if self._reader is None else sessionmaker(
            self._reader, expire_on_commit=False, info={"who": self.who})
        #: The unit of work every read and edit joins while :meth:`update_many` runs.
        self._joined: Session | None = None
        #: The statements of the last questions lists asked (:meth:`record_ids`).
        self._ids_statements: dict[tuple[Any, ...], Select[Any]] = {}

    # -- opening and closing -------------------------------------------------

    @classmethod
    def create(cls, path: Path | str, *, who: str | None = None, authority: str = "") -> Workspace:
        """Make a new workspace file with the built-in themes.

        Raises:
            WorkspaceUnavailable: the file already exists or cannot be written.
        """
        path = Path(path)
        if path.exists():
            raise WorkspaceUnavailable(
                f"{path.name} already exists.", "Choose another name, or open it instead."
            )
        # Built under a temporary name and given its own name only when complete, so a
        # crash or kill part-way never leaves a file that looks like a workspace.
        _remove_stale_builds(path)
        try:
            building = exclusive_temporary(path.parent, f".{path.name}.", ".creating")
        except OSError as exc:
            raise WorkspaceUnavailable(
                f"Cannot create {path.name}: {exc.strerror}.", "Choose a folder you can write to."
            ) from exc
        try:
            workspace = cls(dialect.sqlite_url(building), location=str(building), who=who)
            try:
                workspace._prepare(new=True, authority=authority)
            finally:
                workspace.close()
            _publish(building, path)
        finally:
            building.unlink(missing_ok=True)
        return cls.open(path, who=who)

    @classmethod
    def open(cls, path: Path | str, *, who: str | None = None,
             passphrase: str | None = None) -> Workspace:
        """Open a workspace file, upgrading its schema if it is older.

        An encrypted workspace opens with its key from the keyring, or with its
        recovery ``passphrase`` (see ``models.privacy.keys``).

        Raises:
            PassphraseNeeded: encrypted, and the key is not in this computer's keyring.
            WrongPassphrase: the passphrase does not open it; nothing is changed.
            WorkspaceUnavailable: missing or unreadable file.
            NotAWorkspace: the file is not a VisitReady workspace.
            WorkspaceTooNew: written by a newer VisitReady; left untouched.
        """
        path = Path(path)
        if not path.is_file():
            raise WorkspaceUnavailable(
                f"There is no workspace at {path}.", "Check the name, or create a new workspace."
            )
        try:
            is_sqlite = dialect.looks_like_sqlite(path)
        except OSError as exc:
            raise WorkspaceUnavailable(
                f"Cannot read {path.name}: {exc.strerror}.", "Check you have access to the file."
            ) from exc
        read_only = integrity.is_read_only(path)
        if not is_sqlite and keys.is_encrypted(path):
            # The key is checked against its key file, so a file that does not read with it
            # is damaged, and its backups can be offered as for a plain file.
            key = keys.find_key(path, passphrase)
            keys.check_encrypted(path, key)
            url = keys.encrypted_url(path, key)
        elif not is_sqlite or path.stat().st_size == 0:
            raise NotAWorkspace(
                f"{path.name} is not a VisitReady workspace.",
                "Open a .visitready file, or create a new workspace.",
            )
        else:
            integrity.check_file(path, read_only=read_only)
            url = dialect.sqlite_url(path)
        workspace = cls(url, location=str(path), who=who, read_only=read_only)
        try:
            workspace._prepare(new=False)
        except BaseException:
            workspace.close()
            raise
        return workspace

    @classmethod
    def connect(cls, url: str, *, who: str | None = None) -> Workspace:
        """Open (or set up) a workspace on a database server, e.g. ``postgresql+psycopg://…``.

        Raises:
            WorkspaceUnavailable: the server cannot be reached or refuses the login.
        """
        try:
            workspace = cls(url, location=url, who=who)
            is_new = not inspect(workspace._engine).has_table("workspace_info")
        except (OperationalError, ImportError, ValueError) as exc:
            raise WorkspaceUnavailable(
                "The shared workspace's server could not be reached.",
                f"Check the address and that the server is running ({type(exc).__name__}).",
            ) from exc
        workspace._prepare(new=is_new)
        return workspace

    def _prepare(self, *, new: bool, authority: str = "") -> None:
        try:
            tables = set(inspect(self._engine).get_table_names())
            if not new and "workspace_info" not in tables:
                raise NotAWorkspace(
                    f"{Path(self.location).name} is a database, but not a VisitReady workspace.",
                    "Open a .visitready file, or create a new workspace.",
                )
            if self.read_only:
                if migrations.current_revision(self._engine) != migrations.head_revision():
                    migrations.refuse_if_too_new(self._engine)
                    raise WorkspaceReadOnly(
                        f"{Path(self.location).name} was made by an older VisitReady and has to "
                        "be upgraded, but it cannot be written.",
                        "Copy it to a folder you can write to, or ask for write access.")
            else:
                migrations.upgrade(self._engine)
            integrity.check_schema(self._engine, Path(self.location).name)
        except DatabaseError as exc:
            if "locked" in str(exc.orig):
                raise WorkspaceUnavailable(
                    f"{Path(self.location).name} is busy in another program.",
                    "Close it there, or wait a moment and try again.",
                ) from exc
            raise NotAWorkspace(
                f"{Path(self.location).name} is damaged or not a VisitReady workspace.",
                "Open a .visitready file, or restore a copy from your backups.",
            ) from exc
        if new:
            self._seed_new(authority)

    def _seed_new(self, authority: str) -> None:
        with self._edit() as s:
            s.add(e.WorkspaceInfo(key="format", value=FORMAT_MARKER))
            s.add(e.WorkspaceInfo(key="created", value=now().isoformat()))
            s.add(e.WorkspaceInfo(key="created_by", value=self.who))
            self._insert(s, e.AuthorityProfile, {"name": authority})
            for order, theme in enumerate(catalogue.built_in_themes()):
                self._insert(s, e.Theme, {**theme, "built_in": True, "sort_order": order * 10})

    def another_connection(self) -> Workspace:
        """The same workspace through connections of its own, for a background thread."""
        return Workspace(self.url, location=self.location, who=self.who)

    def close(self) -> None:
        self._engine.dispose()
        if self._reader is not None:
            self._reader.dispose()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def is_file(self) -> bool:
        return self.url.startswith("sqlite")

    @property
    def is_encrypted(self) -> bool:
        return self.url.startswith("sqlite+pysqlcipher")

    @property
    def name(self) -> str:
        """The workspace's short name: the file's name, or the shared database's name."""
        if self.is_file:
            return Path(self.location).stem
        return make_url(self.url).database or "shared workspace"

    def schema_revision(self) -> str | None:
        return migrations.current_revision(self._engine)

    def save_copy(self, target: Path | str) -> Path:
        """Write a consistent copy of this workspace file to ``target``."""
        target = Path(target)
        if not self.is_file:
            raise WorkspaceUnavailable("Only a workspace file can be copied.", "")
        if target.exists() and os.path.samefile(target, self.location):
            raise WorkspaceUnavailable(f"{target.name} is the workspace that is open.",
                                       "Choose another name for the copy.")
        part: Path | None = None
        try:
            part = exclusive_temporary(target.parent, f".{target.name}.", ".part")
            if self.is_encrypted:
                part.unlink()  # SQLCipher makes the copy itself
                keys.copy_encrypted(self.url, part)  # the same key: copy the key file too
                shutil.copyfile(keys.key_file(self.location), keys.key_file(target))
            else:
                dialect.backup_sqlite(Path(self.location), part)
            part.replace(target)
        except OSError as exc:
            if part is not None:
                part.unlink(missing_ok=True)
            raise WorkspaceUnavailable(
                f"Cannot save a copy as {target.name}: {exc.strerror}.",
                "Choose another folder or close the file where it is open.",
            ) from exc
        return target

    # -- sessions ------------------------------------------------------------

    @contextmanager
    def _read(self, *, one_moment: bool = False) -> Iterator[Session]:
        """A read; with ``one_moment``, every statement of it sees the data as of the first
        (:func:`dialect.read_one_moment`), for reads whose parts must agree."""
        if self._joined is not None:
            yield self._joined
            return
        with self._read_sessions() as session:
            try:
                dialect.take_lock(session, write=False)
                if one_moment:
                    dialect.read_one_moment(session)
                yield session
                if one_moment:
                    session.commit()  # ended, not rolled back: the server keeps its plans
            except OperationalError as exc:
                if dialect.is_busy(exc):
                    raise _busy() from exc
                raise

    @contextmanager
    def _edit(self) -> Iterator[Session]:
        """A unit of work: committed when the block ends, rolled back on error."""
        if self.read_only:
            raise WorkspaceReadOnly(
                f"{self.name} is open read-only, so changes cannot be saved.",
                "Save a copy (File \u2192 Save a copy as) to work on, or ask for write access.")
        if self._joined is not None:  # inside update_many: the outer unit of work commits
            yield self._joined
            return
        with self._sessions() as session:
            try:
                dialect.take_lock(session, write=True)
                yield session
                session.commit()
            except StaleDataError as exc:
                session.rollback()
                raise ConflictError(
                    "Someone else saved a change to this record at the same moment.",
                    "Your change was not saved. Reopen the record to see theirs, then try again.",
                ) from exc
            except OperationalError as exc:
                session.rollback()
                if dialect.is_busy(exc):
                    raise _busy() from exc
                if "readonly" in str(exc.orig):
                    raise WorkspaceUnavailable(
                        "The workspace could not be written: it is busy or read-only.",
                        "Your last change was not saved. Try again in a moment.",
                    ) from None
                raise plain_error(exc) from None
            except DBAPIError as exc:
                # The driver's message quotes the statement and its values: never pass it on.
                session.rollback()
                raise plain_error(exc) from None
            except BaseException:
                session.rollback()
                raise

    @property
    def engine(self) -> Engine:
        return self._engine

    # -- references and the change log -----------------------------------------

    def _next_ref(self, s: Session, prefix: str) -> str:
        find = select(e.ReferenceCounter).where(e.ReferenceCounter.prefix == prefix)
        counter = s.execute(find.with_for_update()).scalar_one_or_none()
        if counter is None:
            # Two writers may make the first counter of a prefix at once (PostgreSQL): the
            # second waits for the first, is refused, and then counts on from its number.
            try:
                with s.begin_nested():
                    s.add(e.ReferenceCounter(prefix=prefix, last_number=0))
            except IntegrityError:
                pass
            counter = s.execute(find.with_for_update()).scalar_one()
        counter.last_number += 1
        return f"{prefix}-{counter.last_number:03d}"

    def _log(
        self, s: Session, kind: RecordKind, ref: str, field_name: str, old: Any, new: Any
    ) -> None:
        s.add(
            e.ChangeLogEntry(
                at=now(),
                who=self.who,
                record_type=kind.singular,
                record_ref=ref,
                field=field_name,
                old_value=_as_text(old),
                new_value=_as_text(new),
            )
        )

    def _resolve_links(self, s: Session, spec_target: str, ids: Iterable[int]) -> list[Any]:
        target: Any = KINDS[spec_target].entity
        ids = list(ids)
        found: dict[int, Any] = {
            r.id: r for r in s.scalars(select(target).where(target.id.in_(ids)))
        }
        missing = [i for i in ids if i not in found]
        if missing:
            raise ConflictError(
                f"A linked {KINDS[spec_target].singular} no longer exists.",
                "Someone may have deleted it. Refresh and choose again.",
            )
        return [found[i] for i in ids]

    # -- generic edits -------------------------------------------------------------

    def _insert(self, s: Session, entity: type[T], values: dict[str, Any]) -> T:
        kind = kind_of(entity)
        links = {f.name: values.pop(f.name) for f in kind.link_fields if f.name in values}
        values = clean(kind, values, partial=False)
        stamp = now()
        record = entity(**values)
        record.ref = self._next_ref(s, kind.prefix)
        record.created_at = record.updated_at = stamp
        for name, ids in links.items():
            setattr(record, name, self._resolve_links(s, kind.field(name).target, ids))
        s.add(record)
        s.flush()
        self._log(s, kind, record.ref, "created", None, kind.describe(record)[:200])
        return record

    def add(self, entity: type[T], **values: Any) -> T:
        """Create a record; links are given as lists of ids (``themes=[3, 5]``).

        Returns:
            The new record, with its reference issued by the store.
        """
        with self._edit() as s:
            record = self._insert(s, entity, dict(values))
        return self.get(entity, record.id)

    def get(self, entity: type[T], record_id: int) -> T:
        """A record by id.

        Raises:
            ConflictError: it has been deleted.
        """
        with self._read() as s:
            record = s.get(entity, record_id)
            if record is None:
                kind = kind_of(entity)
                raise ConflictError(
                    f"This {kind.singular} has been deleted, perhaps by someone else.",
                    "Refresh the list.",
                )
            return record

    def by_ref(self, entity: type[T], ref: str) -> T | None:
        with self._read() as s:
            return s.scalars(select(entity).where(entity.ref == ref)).one_or_none()

    def update(self, entity: type[T], record_id: int, expected_version: int, **changes: Any) -> T:
        """Change fields of a record, logging each change.

        Args:
            entity: The record's class.
            record_id: Its id.
            expected_version: The version the user's copy was read at.
            **changes: New values; links as lists of ids.

        Raises:
            ConflictError: the record changed or was deleted since that version;
                nothing is written.
            ValidationError: a value is not acceptable; nothing is written.
        """
        kind = kind_of(entity)
        with self._edit() as s:
            record = s.get(entity, record_id)
            if record is None:
                raise ConflictError(
                    f"This {kind.singular} has been deleted, perhaps by someone else.",
                    "Your change was not saved.",
                )
            if record.version != expected_version:
                last = s.scalars(
                    select(e.ChangeLogEntry)
                    .where(e.ChangeLogEntry.record_ref == record.ref)
                    .order_by(e.ChangeLogEntry.id.desc())
                    .limit(1)
                ).first()
                by = f" by {last.who} at {last.at:%H:%M on %d %b}" if last else ""
                raise ConflictError(
                    f"{kind.describe(record)[:60]} was changed{by} since you opened it.",
                    "Your change was not saved. Reopen the record to see the latest version, "
                    "then make your change again.",
                )
            links = {f.name: changes.pop(f.name) for f in kind.link_fields if f.name in changes}
            cleaned = clean(kind, changes, partial=True)
            merged = {f.name: getattr(record, f.name) for f in kind.fields
                      if f.type is not FieldType.LINKS}
            merged.update(cleaned)
            check_consistency(kind, merged)
            changed = False
            for name, value in cleaned.items():
                old = getattr(record, name)
                if old != value:
                    self._log(s, kind, record.ref, kind.field(name).label if name in
                              {f.name for f in kind.fields} else name, old, value)
                    setattr(record, name, value)
                    changed = True
            for name, ids in links.items():
                old_items = list(getattr(record, name))
                new_items = self._resolve_links(s, kind.field(name).target, ids)
                if [x.id for x in old_items] != [x.id for x in new_items]:
                    self._log(s, kind, record.ref, kind.field(name).label, old_items, new_items)
                    setattr(record, name, new_items)
                    changed = True
            if changed:
                _touch(record)
        return self.get(entity, record_id)

    def update_many(self, entity: type[T], edits: list[tuple[int, int, dict[str, Any]]]
                    ) -> list[T]:
        """Change several records in one transaction: all are saved, or none.

        Each edit is checked and logged as :meth:`update` does; a bulk change of 500
        records is one commit instead of 500.

        Args:
            entity: The records' class.
            edits: ``(record id, version read, changes)`` for each record.

        Raises:
            ConflictError: one of them changed or was deleted since; nothing is written.
            ValidationError: a value is not acceptable; nothing is written.
        """
        ids = [record_id for record_id, _, _ in edits]
        with self.transaction() as s:
            # One read for all; held, because the session only keeps records weakly.
            loaded = list(s.scalars(select(entity).where(entity.id.in_(ids))))
            saved = [self.update(entity, record_id, version, **changes)
                     for record_id, version, changes in edits]
            del loaded
            return saved

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """Every read and edit made inside the block as one unit of work, committed at its end.

        A refused edit inside (a conflict, a bad value) rolls back all of them unless the
        caller catches it before the block ends.
        """
        if self._joined is not None:
            yield self._joined
            return
        with self._edit() as s:
            self._joined = s
            try:
                yield s
            finally:
                self._joined = None

    def delete(self, entity: type[Any], record_id: int, expected_version: int) -> DeletedRecord:
        """Delete a record; returns what :meth:`restore` needs to undo it.

        Its reference is never issued again.
        """
        kind = kind_of(entity)
        with self._edit() as s:
            record = s.get(entity, record_id)
            if record is None:
                raise ConflictError(f"This {kind.singular} was already deleted.", "")
            if record.version != expected_version:
                raise ConflictError(
                    f"{kind.describe(record)[:60]} was changed by someone else since you opened it.",
                    "It was not deleted. Refresh and look at it again first.",
                )
            captured = _capture(s, entity.__table__, record_id)
            self._log(s, kind, record.ref, "deleted", kind.describe(record)[:200], None)
            s.delete(record)
        return DeletedRecord(kind.name, record_id, captured)

    def restore(self, deleted: DeletedRecord) -> Any:
        """Put a deleted record back exactly: same id and reference, its children and links."""
        kind = KINDS[deleted.kind]
        with self._edit() as s:
            _replay(s, deleted.rows)
            record = s.get(kind.entity, deleted.record_id)
            assert record is not None
            self._log(s, kind, record.ref, "restored", None, kind.describe(record)[:200])
        return self.get(kind.entity, deleted.record_id)

    # -- lists -----------------------------------------------------------------------

    def _filtered(self, s: Session, entity: type[Any], query: RecordQuery) -> Select[Any]:
        kind = kind_of(entity)
        stmt = select(entity)
        if query.text.strip():
            found = search.condition(s, entity, query.text)
            if found is not None:
                stmt = stmt.where(found)
        for name, value in query.equals.items():
            column = getattr(entity, name)
            stmt = stmt.where(column.is_(None) if value is None else column == value)
        if query.theme_id is not None:
            if hasattr(entity, "themes"):
                stmt = stmt.where(entity.themes.any(e.Theme.id == query.theme_id))
            elif hasattr(entity, "findings"):
                stmt = stmt.where(entity.findings.any(
                    e.Finding.themes.any(e.Theme.id == query.theme_id)))
            else:
                stmt = stmt.where(entity.theme_id == query.theme_id)
        if query.overdue_on is not None:
            stmt = stmt.where(entity.due_date < query.overdue_on)
            if kind.name in FINISHED_STATUSES:
                stmt = stmt.where(entity.status.not_in(FINISHED_STATUSES[kind.name]))
        return stmt

    def page(self, entity: type[T], query: RecordQuery | None = None) -> list[T]:
        """One page of records matching a query, sorted in SQL."""
        query = query or RecordQuery()
        with self._read() as s:
            return list(s.scalars(self._ordered(s, entity, query)))

    def record_ids(self, entity: type[Any], query: RecordQuery) -> list[int]:
        """The ids of every record matching a query, in the list's order (one light query).

        The statement for a question is made once and kept (a list asks the same one again
        after every edit), so a server's driver is handed it as it is.
        """
        key = (entity, query.text, tuple(sorted(query.equals.items())), query.theme_id,
               query.overdue_on, query.order_by, query.descending)
        stmt = self._ids_statements.get(key)
        if stmt is None:
            with self._read() as s:
                stmt = self._ordered(s, entity, replace(query, offset=0, limit=None))
            stmt = self._ids_statements[key] = stmt.with_only_columns(entity.id)
            while len(self._ids_statements) > 64:  # the oldest questions are let go
                self._ids_statements.pop(next(iter(self._ids_statements)), None)
        with self.plain_reading() as connection:
            # A search matching every row brings tens of thousands of ids.
            return [row[0] for row in dialect.driver_rows(connection, stmt)]

    def records(self, entity: type[T], ids: list[int]) -> list[T]:
        """These records in this order, in one read; any deleted since are left out.

        Inside :meth:`transaction`, holding the list keeps them in its unit of work, so
        later reads and edits of the same records there read nothing again.
        """
        with self._read() as s:
            found = {r.id: r for r in s.scalars(select(entity).where(entity.id.in_(ids)))}
        return [found[i] for i in ids if i in found]

    def _ordered(self, s: Session, entity: type[Any], query: RecordQuery) -> Select[Any]:
        stmt = self._filtered(s, entity, query)
        column = getattr(entity, query.order_by)
        if query.order_by == "ref":
            stmt = stmt.order_by(*(c.desc() if query.descending else c for c in by_ref(entity)))
        else:
            ordering = column.desc() if query.descending else column.asc()
            # Nulls last either way, then the reference as a stable tie-break.
            stmt = stmt.order_by(column.is_(None), ordering, *by_ref(entity))
        if query.offset:
            stmt = stmt.offset(query.offset)
        if query.limit is not None:
            stmt = stmt.limit(query.limit)
        return stmt

    def count(self, entity: type[Any], query: RecordQuery | None = None) -> int:
        with self._read() as s:
            stmt = self._filtered(s, entity, query or RecordQuery()).with_only_columns(
                func.count(entity.id))
            return int(s.scalar(stmt) or 0)

    def all(self, entity: type[T]) -> list[T]:
        return self.page(entity)

    def owners(self, entity: type[Any]) -> list[str]:
        """The distinct owners in use, for the owner filter."""
        with self._read() as s:
            rows = s.scalars(select(entity.owner).distinct().where(entity.owner != "")
                             .order_by(entity.owner))
            return list(rows)

    # -- visits and themes ------------------------------------------------------------

    def authority(self) -> e.AuthorityProfile:
        with self._read() as s:
            return s.scalars(select(e.AuthorityProfile)).one()

    def themes(self, *, include_retired: bool = False) -> list[e.Theme]:
        stmt = select(e.Theme).order_by(e.Theme.sort_order, e.Theme.id)
        if not include_retired:
            stmt = stmt.where(e.Theme.retired.is_(False))
        with self._read() as s:
            return list(s.scalars(stmt))

    def add_theme(self, name: str, code: str, judgement: str, **values: Any) -> e.Theme:
        """Add a custom theme at the end of the list."""
        with self._read() as s:
            last = s.scalar(select(func.max(e.Theme.sort_order))) or 0
        return self.add(e.Theme, name=name, code=code, judgement=judgement,
                        sort_order=last + 10, **values)

    def visits(self) -> list[e.Visit]:
        """All visits, inspection first, then by number."""
        with self._read() as s:
            return list(s.scalars(select(e.Visit).order_by(e.Visit.start_date.is_(None),
                                                            e.Visit.start_date, e.Visit.number)))

    def latest_visit(self) -> e.Visit | None:
        """The visit most pages default to: the newest monitoring visit."""
        visits = [v for v in self.visits() if v.visit_type != "ILACS inspection"]
        if not visits:
            return None
        return max(visits, key=lambda v: (v.number, v.id))

    def add_visit(self, *, seed_checklist: bool = True, **values: Any) -> e.Visit:
        """Create a visit and, by default, its readiness checklist from the template."""
        with self._edit() as s:
            visit = self._insert(s, e.Visit, dict(values))
            if seed_checklist:
                self._seed_checklist(s, visit)
        return self.get(e.Visit, visit.id)

    def _seed_checklist(self, s: Session, visit: e.Visit) -> None:
        for entry in catalogue.checklist_template(visit.themes):
            self._insert(s, e.ChecklistItem, {
                "visit_id": visit.id,
                "theme_id": entry.theme.id if entry.theme else None,
                "category": entry.category,
                "item": entry.item,
                # The template's offset is kept: the plan follows the visit when it moves.
                "due_date": due_for(visit.start_date, entry.due_days_before, True),
                "days_before_visit": entry.due_days_before,
                "working_days": True,
                "status": "Not started",
            })

    # -- attachments ----------------------------------------------------------------------

    def attach_file(self, evidence_id: int, path: Path | str) -> e.Attachment:
        """Copy a file into the workspace as an attachment of an evidence item."""
        path = Path(path)
        try:
            self.check_attachment_size(path.name, path.stat().st_size)
            content = path.read_bytes()
        except OSError as exc:
            raise ValidationError(
                f"Cannot read {path.name}: {exc.strerror}.", "Check the file is not open elsewhere."
            ) from exc
        return self.attach_bytes(evidence_id, path.name, content)

    def attach_bytes(self, evidence_id: int, file_name: str, content: bytes) -> e.Attachment:
        """Keep a copy of a file's bytes in the workspace, with its SHA-256.

        Only a safe base name is kept (see ``models.privacy.files``).

        Raises:
            ValidationError: the file is larger than the authority's attachment limit.
        """
        file_name = safe_file_name(file_name)
        check_text("File name", file_name)
        self.check_attachment_size(file_name, len(content))
        digest = hashlib.sha256(content).hexdigest()
        kind = KINDS["evidence"]
        with self._edit() as s:
            evidence = _existing(s, e.EvidenceItem, evidence_id)
            attachment = e.Attachment(evidence_id=evidence_id, file_name=file_name,
                                      sha256=digest, size=len(content), added_at=now())
            s.add(attachment)
            s.flush()
            s.add(e.AttachmentContent(attachment_id=attachment.id, content=content))
            _touch(evidence)
            self._log(s, kind, evidence.ref, "Attachment", None, f"{file_name} (SHA-256 {digest})")
        return attachment

    def check_attachment_size(self, file_name: str, size: int) -> None:
        """Refuse a file larger than the authority profile's attachment limit."""
        limit_mb = self.authority().attachment_limit_mb or 100
        if size > limit_mb * 1024 * 1024:
            raise ValidationError(
                f"{safe_file_name(file_name)} is {size / 1024 / 1024:,.0f} MB; the workspace "
                f"keeps copies of files up to {limit_mb:,} MB.",
                "Add a link to where the file is kept instead, or ask whoever manages the "
                "authority profile to raise the limit.",
            )

    def attach_link(self, evidence_id: int, link: str) -> e.Attachment:
        kind = KINDS["evidence"]
        check_text("Link", link)
        with self._edit() as s:
            evidence = _existing(s, e.EvidenceItem, evidence_id)
            attachment = e.Attachment(evidence_id=evidence_id, link=link.strip(), added_at=now())
            s.add(attachment)
            _touch(evidence)
            self._log(s, kind, evidence.ref, "Attachment", None, link)
        return attachment

    def attachment_content(self, attachment_id: int) -> bytes:
        with self._read() as s:
            content = s.get(e.AttachmentContent, attachment_id)
            if content is None:
                raise ConflictError("That attachment is a link or has been removed.", "")
            return content.content

    def remove_attachment(self, attachment_id: int) -> None:
        kind = KINDS["evidence"]
        with self._edit() as s:
            attachment = s.get(e.Attachment, attachment_id)
            if attachment is None:
                return
            self._log(s, kind, attachment.evidence.ref, "Attachment",
                      attachment.file_name or attachment.link, None)
            _touch(attachment.evidence)
            s.delete(attachment)

    # -- case actions -----------------------------------------------------------------------

    def add_case_action(self, case_sample_id: int, description: str,
                        due_date: dt.date | None) -> e.CaseAction:
        kind = KINDS["case_sample"]
        check_text("Case action", description)
        with self._edit() as s:
            sample = _existing(s, e.CaseSample, case_sample_id)
            action = e.CaseAction(case_sample_id=case_sample_id, description=description,
                                  due_date=due_date)
            s.add(action)
            _touch(sample)
            self._log(s, kind, sample.ref, "Case action", None,
                      f"{description} (due {_as_text(due_date) or 'no date'})")
        return action

    def remove_case_action(self, case_action_id: int) -> None:
        kind = KINDS["case_sample"]
        with self._edit() as s:
            action = s.get(e.CaseAction, case_action_id)
            if action is None:
                return
            self._log(s, kind, action.case_sample.ref, "Case action", action.description, None)
            _touch(action.case_sample)
            s.delete(action)

    # -- change log and exports ----------------------------------------------------------------

    def change_log(self, record_ref: str | None = None, *, offset: int = 0,
                   limit: int | None = 500) -> list[e.ChangeLogEntry]:
        stmt = select(e.ChangeLogEntry).order_by(e.ChangeLogEntry.id.desc()).offset(offset)
        if record_ref:
            stmt = stmt.where(e.ChangeLogEntry.record_ref == record_ref)
        if limit is not None:
            stmt = stmt.limit(limit)
        with self._read() as s:
            return list(s.scalars(stmt))

    def record_export(self, kind: str, path: Path, options: dict[str, Any]) -> e.ExportRecord:
        """Note that a file left the workspace: who, when, file name, SHA-256, options."""
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        with self._edit() as s:
            record = e.ExportRecord(at=now(), who=self.who, kind=kind, file_name=path.name,
                                    sha256=digest, options=json.dumps(
                                        {**options, SAVED_AS: str(path.resolve())}, default=str))
            s.add(record)
        return record

    def exports(self) -> list[e.ExportRecord]:
        with self._read() as s:
            return list(s.scalars(select(e.ExportRecord).order_by(e.ExportRecord.id.desc())))

    # -- everything at once --------------------------------------------------------------------

    def contents(self, visit_id: int) -> WorkspaceContents:
        """Everything readiness and the exports need for one visit, read as of one moment."""
        with self._read(one_moment=True) as s:
            visit = s.get(e.Visit, visit_id)
            if visit is None:
                raise ConflictError("This visit has been deleted.", "Choose another visit.")
            return WorkspaceContents(
                authority=s.scalars(select(e.AuthorityProfile)).one(),
                visit=visit,
                visits=list(s.scalars(select(e.Visit).order_by(e.Visit.start_date))),
                themes=list(s.scalars(select(e.Theme).order_by(e.Theme.sort_order))),
                evidence=list(s.scalars(select(e.EvidenceItem).order_by(*by_ref(e.EvidenceItem)))),
                case_samples=list(s.scalars(
                    select(e.CaseSample).where(e.CaseSample.visit_id == visit_id)
                    .order_by(*by_ref(e.CaseSample)))),
                findings=list(s.scalars(select(e.Finding).order_by(*by_ref(e.Finding)))),
                actions=list(s.scalars(select(e.Action).order_by(*by_ref(e.Action)))),
                checklist=list(s.scalars(
                    select(e.ChecklistItem).where(e.ChecklistItem.visit_id == visit_id)
                    .order_by(*by_ref(e.ChecklistItem)))),
                indicators=list(s.scalars(
                    select(e.IndicatorSnapshot).order_by(*by_ref(e.IndicatorSnapshot)))),
            )

    # -- for feature modules (Annex A, indicators, sampling, the evidence-log import) -----------

    @contextmanager
    def plain_reading(self) -> Iterator[Connection]:
        """A read of plain statements, for a list's ids and rows: on a server, a connection
        of the read engine itself, without the cost of a session around it (the statements
        run in autocommit, each seeing the data as of its own start, and never wait for a
        file's lock); on SQLite a read's own connection, in its transaction."""
        if self._reader is None or self._joined is not None:
            with self._read() as s:
                yield s.connection()
            return
        with self._reader.connect() as connection:
            yield connection

    def reading(self, *, one_moment: bool = False) -> AbstractContextManager[Session]:
        """A session for a feature module's own reads (``one_moment``: its statements all
        see the data as of the first, where their results must agree)."""
        return self._read(one_moment=one_moment)

    def insert_in(self, s: Session, entity: type[T], values: dict[str, Any]) -> T:
        """Create a record inside ``transaction()``: validated, referenced and logged as by add."""
        return self._insert(s, entity, dict(values))

    def capture_in(self, s: Session, entity: type[Any], record_id: int) -> CapturedRows:
        """What deleting a record inside ``transaction()`` removes, to put back later."""
        return _capture(s, entity.__table__, record_id)

    def replay_in(self, s: Session, rows: CapturedRows) -> None:
        """Put captured rows back inside ``transaction()``."""
        _replay(s, rows)


def by_ref(entity: Any) -> tuple[Any, ...]:
    """SQL order of references by number: E-99, E-100, E-1000 (not E-100, E-1000, E-101).

    A kind's references share one prefix and are zero-padded to at least three digits,
    so a shorter reference is always a smaller number.
    """
    return (func.length(entity.ref), entity.ref)


def ref_order(ref: str) -> tuple[int, str]:
    """:func:`by_ref`'s order in Python: a sort key for references of one kind."""
    return (len(ref), ref)


def _busy() -> WorkspaceBusy:
    return WorkspaceBusy(
        "The workspace stayed busy in another program for too long, so your last step "
        "was not done.",
        "Nothing was lost. Try again in a moment; if it keeps happening, close the workspace "
        "in the other program (or on the other computer).")


def _remove_stale_builds(path: Path) -> None:
    """Delete hidden half-made copies of ``path`` left by a crash over an hour ago."""
    cutoff = dt.datetime.now().timestamp() - 3600
    for stale in path.parent.glob(f".{glob_escape(path.name)}.*.creating*"):
        with contextlib.suppress(OSError):
            if stale.stat().st_mtime < cutoff:
                stale.unlink()


def _publish(building: Path, path: Path) -> None:
    """Give a finished workspace its name, never replacing a file that appeared meanwhile."""
    try:
        os.link(building, path)
    except FileExistsError as exc:
        raise WorkspaceUnavailable(f"{path.name} already exists.",
                                   "Choose another name, or open it instead.") from exc
    except OSError:  # a file system without hard links
        if path.exists():
            raise WorkspaceUnavailable(f"{path.name} already exists.",
                                       "Choose another name, or open it instead.") from None
        building.replace(path)


#: The biggest file kept inside a workspace; bigger ones are kept as a link to where they are.
def _touch(record: Any) -> None:
    """Mark a record changed so its version moves, even when only its links or parts changed.

    The version counter moves with every UPDATE of the record's row; a change to links or
    attachments alone would otherwise write no row (and ``updated_at`` has one-second grain).
    """
    record.updated_at = now()
    flag_modified(record, "updated_at")


def _existing(s: Session, entity: type[T], record_id: int) -> T:
    """The record a part is being added to; a clear conflict if someone deleted it."""
    record = s.get(entity, record_id)
    if record is None:
        raise ConflictError(f"This {kind_of(entity).singular} has been deleted, perhaps by "
                            "someone else.", "Refresh and look again.")
    return record


def _dependents(table: Table) -> list[tuple[Table, Column[Any], str | None]]:
    """Every (table, column, on-delete rule) whose foreign key points at ``table``."""
    found = []
    for other in Base.metadata.sorted_tables:
        for fk in other.foreign_keys:
            if fk.column.table is table and fk.parent.table is other:
                found.append((other, fk.parent, fk.ondelete))
    return found


def _capture(s: Session, table: Table, row_id: int) -> CapturedRows:
    """Read a row and everything its delete would remove or unlink, following foreign keys."""
    inserts: list[tuple[str, dict[str, Any]]] = []
    relinks: list[tuple[str, str, int, list[int]]] = []

    def visit(tbl: Table, where: Any) -> None:
        rows = [dict(r._mapping) for r in s.execute(select(tbl).where(where))]
        inserts.extend((tbl.name, row) for row in rows)
        primary = list(tbl.primary_key.columns)
        if len(primary) != 1:
            return  # a link row: nothing hangs off it
        key = primary[0]
        ids = [row[key.name] for row in rows]
        if not ids:
            return
        for other, column, rule in _dependents(tbl):
            if rule == "SET NULL":
                for value in ids:
                    other_key = list(other.primary_key.columns)[0]
                    refs = list(s.scalars(select(other_key).where(column == value)))
                    if refs:
                        relinks.append((other.name, column.name, value, refs))
            else:
                visit(other, column.in_(ids))

    visit(table, list(table.primary_key.columns)[0] == row_id)
    return CapturedRows(inserts, relinks)


def _replay(s: Session, rows: CapturedRows) -> None:
    """Put captured rows back; links to records deleted since are left out."""
    tables = Base.metadata.tables
    written: dict[str, list[int]] = {}
    for name, row in rows.inserts:
        table = tables[name]
        if _targets_exist(s, table, row):
            s.execute(insert(table).values(**row))
            written.setdefault(name, []).extend([row["id"]] if "id" in row else [])
    for name, ids in written.items():  # written without the ORM: its stored warnings too
        _text_warnings.refresh(s.connection(), name, ids)
    for name, column, value, ids in rows.relinks:
        table = tables[name]
        key = list(table.primary_key.columns)[0]
        s.execute(update(table).where(key.in_(ids)).values({column: value}))
    s.flush()


def _targets_exist(s: Session, table: Table, row: dict[str, Any]) -> bool:
    for fk in table.foreign_keys:
        value = row.get(fk.parent.name)
        if value is not None and s.scalar(
                select(func.count()).select_from(fk.column.table).where(fk.column == value)) == 0:
            return False
    return True
