"""Table models over the store: rows come a page at a time, sorted and filtered in SQL."""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
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
    """Records of one kind, sorted and filtered in the store, read only where they are shown.

    A refresh reads the ids of every matching record in the list's order (one light query).
    The view is offered the first page of rows, and the rest when it scrolls past them
    (``canFetchMore``/``fetchMore``, which read nothing); a row's record is read with the
    rest of its page of ids when the view first asks for it, and the last
    :data:`KEPT_PAGES` pages read are kept. So scrolling to the end reads the ids and the
    pages shown on the way, never every record, and never an OFFSET query that sorts again
    for each page.
    """

    #: Rows offered to the view before it scrolls.
    PAGE = 200
    #: Records read together: about a screenful, so a search or a jump reads little.
    READ = 50
    #: Pages of records kept in memory (the least recently used is dropped first).
    KEPT_PAGES = 40

    def __init__(self, workspace: Workspace, kind: RecordKind, *, today: dt.date | None = None,
                 parent: Any = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.kind = kind
        self.columns = columns_for(kind)
        self.query = RecordQuery(limit=self.PAGE)
        self.today = today or dt.date.today()
        #: Every matching record's id, in the list's order.
        self._ids: list[int] = []
        #: Rows offered to the view so far.
        self._shown = 0
        #: Page number to its records (None where a record was deleted since the ids were read).
        self._pages: OrderedDict[int, list[Any]] = OrderedDict()
        self._row_of: dict[int, int] | None = None

    # -- loading ------------------------------------------------------------------

    def set_query(self, query: RecordQuery, *, read: bool = True) -> None:
        """Show what matches ``query`` (read now, or at the next :meth:`refresh`)."""
        self.query = replace(query, offset=0, limit=self.PAGE)
        if read:
            self.refresh()

    def refresh(self) -> None:
        """Re-read the ids (after an edit, a filter or a sort); records are read when shown."""
        self.beginResetModel()
        self._ids = self.workspace.record_ids(self.kind.entity, self.query)
        self._shown = min(self.PAGE, len(self._ids))
        self._pages.clear()
        self._row_of = None
        self.endResetModel()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._shown < len(self._ids)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._shown >= len(self._ids):
            return
        # The rest at once: rows cost nothing until painted, and a view offered them a page
        # at a time would paint (so read) the last rows of every page on the way down.
        self.beginInsertRows(QModelIndex(), self._shown, len(self._ids) - 1)
        self._shown = len(self._ids)
        self.endInsertRows()

    def _page(self, number: int) -> list[Any]:
        page = self._pages.get(number)
        if page is not None:
            self._pages.move_to_end(number)
            return page
        wanted = self._ids[number * self.READ:(number + 1) * self.READ]
        found = {r.id: r for r in self.workspace.records(self.kind.entity, wanted)}
        page = [found.get(i) for i in wanted]
        self._pages[number] = page
        while len(self._pages) > self.KEPT_PAGES:
            self._pages.popitem(last=False)
        return page

    @property
    def total(self) -> int:
        return len(self._ids)

    def record(self, row: int) -> Any:
        """The record shown in a row (None if it was deleted since the list was read)."""
        return self._page(row // self.READ)[row % self.READ]

    def rows_of(self, record_ids: Iterable[int]) -> list[int]:
        """The rows (in order) holding these records, among the rows offered so far."""
        if self._row_of is None:
            self._row_of = {record_id: n for n, record_id in enumerate(self._ids)}
        rows = (self._row_of.get(i) for i in record_ids)
        return sorted(n for n in rows if n is not None and n < self._shown)

    # -- Qt model --------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._shown

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
        if not index.isValid() or index.row() >= self._shown:
            return None
        record = self.record(index.row())
        if record is None:
            return None
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
