"""Table models over the store: rows come a page at a time, sorted and filtered in SQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QFont

from models import dates
from models.readiness import is_overdue as overdue
from models.records import FieldSpec, FieldType, RecordKind
from models.replan import offset_words
from models.store import RecordQuery, Workspace
from models.vocabulary import FINISHED_STATUSES

from .palette import CHIP_COLOURS, text_colour

Index = QModelIndex | QPersistentModelIndex

#: Fields shown when a user has not chosen columns yet.
DEFAULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "visit": ("ref", "number", "visit_type", "status", "start_date", "end_date", "lead_inspector",
              "themes"),
    "evidence": ("ref", "title", "themes", "evidence_type", "as_at", "owner", "direction",
                 "status", "review_date"),
    "case_sample": ("ref", "sample_ref", "cohort", "age_band", "themes", "how_chosen",
                    "audit_date", "overall_grade", "auditor", "escalated"),
    "finding": ("ref", "text", "source_visit_id", "kind", "themes", "latest_view"),
    "action": ("ref", "description", "owner", "due_date", "status", "rag", "findings"),
    "checklist_item": ("ref", "category", "item", "theme_id", "owner", "due_date", "status"),
    "indicator": ("ref", "measure", "theme_id", "value", "unit", "target", "england", "as_at"),
    "theme": ("ref", "code", "name", "judgement", "owner", "rag_override"),
}

CHIP_FIELDS = {"rag", "rag_override", "overall_grade", *(f"grade_{a}" for a in (
    "childs_voice", "assessment", "planning", "management_oversight", "timeliness",
    "multi_agency", "impact", "recording"))}
CHIP_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class ListColumn:
    """A column of a record list: a field, or the reference."""

    name: str
    header: str
    spec: FieldSpec | None

    @property
    def sortable(self) -> bool:
        return self.spec is None or self.spec.type not in (FieldType.LINKS,)


def columns_for(kind: RecordKind) -> list[ListColumn]:
    """Every column a list of this kind can show: the reference, then each field."""
    columns = [ListColumn("ref", "Ref", None)]
    columns += [ListColumn(f.name, f.label, f) for f in kind.fields]
    return columns


def display(spec: FieldSpec | None, record: Any, name: str) -> str:
    """How a field's value reads in a list."""
    if spec is None:
        return str(getattr(record, name))
    value = getattr(record, name)
    if value is None:
        return ""
    if spec.type is FieldType.DATE:
        return dates.show(value)
    if spec.type is FieldType.FLAG:
        return "Yes" if value else "No"
    if spec.type is FieldType.LINKS:
        return ", ".join(getattr(x, "code", None) or x.ref for x in value)
    if spec.type is FieldType.LINK:
        target = getattr(record, name.removesuffix("_id"), None)
        return getattr(target, "title", None) or getattr(target, "name", "") if target else ""
    if spec.type is FieldType.NUMBER:
        return f"{value:g}"
    text = str(value)
    return text if len(text) <= 160 else text[:159] + "\u2026"


def is_overdue(kind: RecordKind, record: Any, name: str, today: dt.date) -> bool:
    """A due date passed on an unfinished record, or a review date passed."""
    if name not in ("due_date", "review_date"):
        return False
    finished = getattr(record, "status", "") in FINISHED_STATUSES.get(kind.name, frozenset())
    return overdue(getattr(record, name), finished, today)


class RecordTableModel(QAbstractTableModel):
    """Records of one kind, fetched a page at a time; sort and filter run in the store.

    A refresh reads the ids of every matching record in the list's order (one light query);
    scrolling then fetches the next page of records by id, so reaching the end costs about
    one query for all rows, not one re-sorted OFFSET query per page.
    """

    PAGE = 200

    def __init__(self, workspace: Workspace, kind: RecordKind, *, today: dt.date | None = None,
                 parent: Any = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.kind = kind
        self.columns = columns_for(kind)
        self.query = RecordQuery(limit=self.PAGE)
        self.today = today or dt.date.today()
        self._rows: list[Any] = []
        #: Every matching record's id, in order; ``_rows`` holds the first of them, read.
        self._ids: list[int] = []
        self._total = 0

    # -- loading ------------------------------------------------------------------

    def set_query(self, query: RecordQuery) -> None:
        self.query = replace(query, offset=0, limit=self.PAGE)
        self.refresh()

    def refresh(self) -> None:
        """Re-read the first page (after an edit, a filter or a sort)."""
        self.beginResetModel()
        self._ids = self.workspace.record_ids(self.kind.entity, self.query)
        self._rows = []
        self._read_more()
        self.endResetModel()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        first = len(self._rows)
        more = self._next_page()
        if not more:
            self._total = first
            return
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    def _read_more(self) -> None:
        self._rows.extend(self._next_page())

    def _next_page(self) -> list[Any]:
        """The next page of records by id; ids of records deleted meanwhile are dropped."""
        start = len(self._rows)
        more: list[Any] = []
        while not more and start < len(self._ids):
            wanted = self._ids[start:start + self.PAGE]
            more = self.workspace.records(self.kind.entity, wanted)
            if len(more) < len(wanted):
                found = {r.id for r in more}
                self._ids[start:start + len(wanted)] = [i for i in wanted if i in found]
        self._total = len(self._ids)
        return more

    @property
    def total(self) -> int:
        return self._total

    def record(self, row: int) -> Any:
        return self._rows[row]

    def rows_of(self, record_ids: Iterable[int]) -> list[int]:
        """The rows (in order) holding these records, among the rows read so far."""
        wanted = set(record_ids)
        return [n for n, record in enumerate(self._rows) if record.id in wanted]

    # -- Qt model --------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].header
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            spec = self.columns[section].spec
            return spec.help if spec and spec.help else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        record = self._rows[index.row()]
        column = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            text = display(column.spec, record, column.name)
            if self.kind.name == "checklist_item" and column.name == "due_date":
                text += offset_words(record)
            # Said in words as well as in colour.
            return (f"{text} (overdue)" if is_overdue(self.kind, record, column.name, self.today)
                    else text)
        if role == Qt.ItemDataRole.UserRole:
            value = getattr(record, column.name)
            if isinstance(value, list):
                return [x.id for x in value]
            return value
        if role == CHIP_ROLE and column.name in CHIP_FIELDS:
            return CHIP_COLOURS.get(getattr(record, column.name) or "")
        if role == Qt.ItemDataRole.ToolTipRole and column.spec and column.spec.type in (
                FieldType.LONG_TEXT, FieldType.TEXT):
            text = getattr(record, column.name) or ""
            return text if len(text) > 40 else None
        if role == Qt.ItemDataRole.ForegroundRole and is_overdue(self.kind, record, column.name, self.today):
            return QBrush(text_colour("error"))
        if role == Qt.ItemDataRole.FontRole and is_overdue(self.kind, record, column.name, self.today):
            font = QFont()
            font.setBold(True)
            return font
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        col = self.columns[column]
        if not col.sortable:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (col.name, descending) == (self.query.order_by, self.query.descending):
            return  # already in that order (Qt asks again when sorting is switched on)
        self.query = replace(self.query, order_by=col.name, descending=descending)
        self.refresh()
