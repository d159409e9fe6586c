"""Imported Annex A returns in the workspace: the child-key secret, returns side by side, their rows."""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import delete, func, insert, select
from sqlalchemy.exc import IntegrityError

from . import annex_entities as ae
from . import entities as e
from .errors import ConflictError, ImportFileError
from .store import Workspace, now

SECRET_KEY = "annex_a_child_key_secret"
RETENTION_KEY = "annex_a_retention_months"
#: How long a return is kept by default: two years of returns give a trend across the cycle
#: of monitoring visits; the council sets its own period.
DEFAULT_RETENTION_MONTHS = 24


class RowToStore(Protocol):
    """A minimised list row, as the importer hands it over."""

    list_no: int
    row_no: int
    child_key: str
    age_band: str
    gender: str
    ethnicity: str
    disability: str
    team: str
    allocated: bool | None
    data: dict[str, Any]


@dataclass(frozen=True)
class ReturnSummary:
    """One imported return, as lists and messages show it."""

    id: int
    as_at: dt.date
    file_names: str
    sha256: str
    imported_at: dt.datetime
    imported_by: str
    lists: str
    row_count: int
    left_out: int

    @property
    def label(self) -> str:
        return f"Return as at {self.as_at:%d %b %Y}"


@dataclass(frozen=True)
class ChildRow:
    """A stored list row: pseudonymised, with its kept values."""

    id: int
    list_no: int
    row_no: int
    child_key: str
    age_band: str
    gender: str
    ethnicity: str
    disability: str
    team: str
    allocated: bool | None
    data: dict[str, Any]

    @property
    def pseudonym(self) -> str:
        """How a child is shown: the start of its keyed hash (never the ID)."""
        return pseudonym(self.child_key)

    def date(self, name: str) -> dt.date | None:
        value = self.data.get(name)
        return dt.date.fromisoformat(value) if isinstance(value, str) else None

    def number(self, name: str) -> int | None:
        value = self.data.get(name)
        return value if isinstance(value, int) else None

    def code(self, name: str) -> str:
        value = self.data.get(name)
        return value if isinstance(value, str) else ""


def pseudonym(key: str) -> str:
    return f"C-{key[:10].upper()}"


def child_key_secret(workspace: Workspace) -> bytes:
    """The workspace's secret for keyed child IDs, made on first use and never shown."""
    with workspace.reading() as s:
        found = s.get(e.WorkspaceInfo, SECRET_KEY)
        if found is not None:
            return bytes.fromhex(found.value)
    try:
        with workspace.transaction() as s:
            s.add(e.WorkspaceInfo(key=SECRET_KEY, value=secrets.token_hex(32)))
    except (IntegrityError, ConflictError):
        pass  # another writer made it first; use theirs
    with workspace.reading() as s:
        made = s.get(e.WorkspaceInfo, SECRET_KEY)
        assert made is not None
        return bytes.fromhex(made.value)


def _summary(r: ae.AnnexReturn) -> ReturnSummary:
    return ReturnSummary(r.id, r.as_at, r.file_names, r.sha256, r.imported_at, r.imported_by,
                         r.lists, r.row_count, r.left_out)


def return_by_hash(workspace: Workspace, sha256: str) -> ReturnSummary | None:
    with workspace.reading() as s:
        found = s.scalars(select(ae.AnnexReturn).where(ae.AnnexReturn.sha256 == sha256)).first()
        return _summary(found) if found else None


def returns(workspace: Workspace) -> list[ReturnSummary]:
    """Every imported return, oldest as-at date first."""
    with workspace.reading() as s:
        return [_summary(r) for r in s.scalars(
            select(ae.AnnexReturn).order_by(ae.AnnexReturn.as_at, ae.AnnexReturn.id))]


def get_return(workspace: Workspace, return_id: int) -> ReturnSummary:
    with workspace.reading() as s:
        found = s.get(ae.AnnexReturn, return_id)
        if found is None:
            raise ConflictError("That Annex A return has been deleted.", "Choose another return.")
        return _summary(found)


def save_return(workspace: Workspace, as_at: dt.date, file_names: Sequence[str], sha256: str,
                rows: Sequence[RowToStore], *, left_out: int, importer_version: int) -> ReturnSummary:
    """Store a return and its minimised rows in one transaction.

    Raises:
        ImportFileError: the same file (by SHA-256) is already in the workspace.
    """
    existing = return_by_hash(workspace, sha256)
    if existing is not None:
        raise ImportFileError(
            f"This file was already imported on {existing.imported_at:%d %b %Y} "
            f"({existing.label.lower()}).", "Nothing was added. Import a newer return instead.")
    listed = ",".join(str(n) for n in sorted({r.list_no for r in rows}))
    try:
        with workspace.transaction() as s:
            record = ae.AnnexReturn(as_at=as_at, file_names=", ".join(file_names), sha256=sha256,
                                    imported_at=now(), imported_by=workspace.who, lists=listed,
                                    row_count=len(rows), left_out=left_out,
                                    importer_version=importer_version)
            s.add(record)
            s.flush()
            table: Any = ae.AnnexRow.__table__
            batch = [{"return_id": record.id, "list_no": r.list_no, "row_no": r.row_no,
                      "child_key": r.child_key, "age_band": r.age_band, "gender": r.gender,
                      "ethnicity": r.ethnicity, "disability": r.disability, "team": r.team,
                      "allocated": r.allocated,
                      "data": json.dumps(r.data, separators=(",", ":"), sort_keys=True)}
                     for r in rows]
            for start in range(0, len(batch), 5000):
                s.execute(insert(table), batch[start:start + 5000])
            summary = _summary(record)
    except IntegrityError as exc:
        raise ImportFileError("This file was imported by someone else a moment ago.",
                              "Nothing was added.") from exc
    return summary


def rows(workspace: Workspace, return_id: int, list_nos: Iterable[int] | None = None,
         ids: Iterable[int] | None = None) -> list[ChildRow]:
    """The stored rows of a return (some lists, or some row ids), in list and row order."""
    table: Any = ae.AnnexRow.__table__
    stmt = select(table.c.id, table.c.list_no, table.c.row_no, table.c.child_key,
                  table.c.age_band, table.c.gender, table.c.ethnicity, table.c.disability,
                  table.c.team, table.c.allocated, table.c.data).where(
        table.c.return_id == return_id)
    if list_nos is not None:
        stmt = stmt.where(table.c.list_no.in_(list(list_nos)))
    if ids is not None:
        stmt = stmt.where(table.c.id.in_(list(ids)))
    stmt = stmt.order_by(table.c.list_no, table.c.row_no)
    loads = json.loads
    with workspace.reading() as s:
        return [ChildRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], loads(r[10]))
                for r in s.execute(stmt)]


def row_counts(workspace: Workspace, return_id: int) -> dict[int, int]:
    """Rows per list number."""
    table: Any = ae.AnnexRow.__table__
    with workspace.reading() as s:
        return {n: c for n, c in s.execute(
            select(table.c.list_no, func.count()).where(table.c.return_id == return_id)
            .group_by(table.c.list_no))}


def delete_return(workspace: Workspace, return_id: int) -> None:
    """Remove a return with its rows and indicator values (retention, or a wrong import).

    Draws made from it keep their seed, parameters and frame hash.
    """
    with workspace.transaction() as s:
        s.execute(delete(ae.AnnexRow).where(ae.AnnexRow.return_id == return_id))
        s.execute(delete(ae.AnnexReturn).where(ae.AnnexReturn.id == return_id))


def retention_months(workspace: Workspace) -> int:
    """How many months after its as-at date a return is kept (a workspace setting)."""
    with workspace.reading() as s:
        found = s.get(e.WorkspaceInfo, RETENTION_KEY)
        return int(found.value) if found is not None else DEFAULT_RETENTION_MONTHS


def set_retention_months(workspace: Workspace, months: int) -> None:
    """Set the retention period.

    Raises:
        ValidationError: fewer than 1 month.
    """
    from .errors import ValidationError

    if months < 1:
        raise ValidationError("Keep returns for at least one month.")
    with workspace.transaction() as s:
        found = s.get(e.WorkspaceInfo, RETENTION_KEY)
        if found is None:
            s.add(e.WorkspaceInfo(key=RETENTION_KEY, value=str(months)))
        else:
            found.value = str(months)


def returns_past_retention(workspace: Workspace, today: dt.date,
                           months: int | None = None) -> list[ReturnSummary]:
    """Returns whose as-at date is more than the retention period before ``today``."""
    months = retention_months(workspace) if months is None else months
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    cutoff = dt.date(year, month + 1, min(today.day, 28))
    return [r for r in returns(workspace) if r.as_at < cutoff]


def apply_retention(workspace: Workspace, today: dt.date) -> list[ReturnSummary]:
    """Delete every return past the retention period; returns what was deleted."""
    past = returns_past_retention(workspace, today)
    for summary in past:
        delete_return(workspace, summary.id)
    return past
