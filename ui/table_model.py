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
from models.list_rows import add_links, list_rows
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
CHIP_ROLE = int(Qt.ItemDataRole.UserRole) + 1

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_USER = int(Qt.ItemDataRole.UserRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)


class _Page:
    """What rows read together show, and the words of their cells once worked out."""

    __slots__ = ("records", "texts", "links")

    def __init__(self, records: list[Any]) -> None:
        #: Each row's columns and link names (None where a record was deleted since the
        #: ids were read).
        self.records = records
        #: (row in the page, column) to the cell's words.
        self.texts: dict[tuple[int, int], str] = {}
        #: Link fields read for these rows so far (each when a cell first shows it).
        self.links: set[str] = set()


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
    (``canFetchMore``/``fetchMore``, which read nothing); a refresh keeps the rows offered
    before, so the list stays where it was. What a row shows (its columns and the names of
    its links, :func:`models.list_rows.list_rows`) is read with the rest of its page of
    ids when the view first paints it, and the words of each cell are worked out once;
    whole records are read, a page at a time, only when something asks for them
    (:meth:`record`: a selection, an edit). The last :data:`KEPT_PAGES` pages of each are
    kept. So scrolling to the end reads the ids and the pages shown on the way, never
    every record, and never an OFFSET query that sorts again for each page.
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
        #: Page number to what its rows show (None where a record was deleted since the
        #: ids were read).
        self._rows: OrderedDict[int, _Page] = OrderedDict()
        #: The page read last (most rows Qt asks about in a row are on it).
        self._last = -1
        #: Page number to its whole records, read when something asks for them.
        self._pages: OrderedDict[int, list[Any]] = OrderedDict()
        self._row_of: dict[int, int] | None = None
        #: Link fields a cell has shown: a page read later reads them with its columns.
        self._links_shown: set[str] = set()
        #: Columns that can show "overdue", and columns drawn as a chip.
        self._dated = frozenset(n for n, c in enumerate(self.columns)
                                if c.name in ("due_date", "review_date"))
        self._chips = frozenset(n for n, c in enumerate(self.columns) if c.name in CHIP_FIELDS)
        self._linked = frozenset(n for n, c in enumerate(self.columns) if c.spec is not None
                                 and c.spec.type in (FieldType.LINKS, FieldType.LINK))

    # -- loading ------------------------------------------------------------------

    def set_query(self, query: RecordQuery, *, read: bool = True) -> None:
        """Show what matches ``query`` (read now, or at the next :meth:`refresh`)."""
        self.query = replace(query, offset=0, limit=self.PAGE)
        if read:
            self.refresh()

    def refresh(self) -> None:
        """Re-read the ids (after an edit, a filter or a sort); records are read when shown.

        When the same records come back in the same order (an edit that moved nothing),
        the rows are told their contents changed rather than the model reset: the view
        keeps its current cell and scroll position and lays nothing out again.
        """
        ids = self.workspace.record_ids(self.kind.entity, self.query)
        if ids == self._ids:
            self._forget_rows()
            if self._shown:
                self.dataChanged.emit(self.index(0, 0),
                                      self.index(self._shown - 1, len(self.columns) - 1))
            return
        self.beginResetModel()
        self._ids = ids
        # The rows offered before stay offered (offering reads nothing), so a list read
        # again after an edit stays where the user was, rather than jumping up to the
        # end of the first page.
        self._shown = min(max(self.PAGE, self._shown), len(self._ids))
        self._forget_rows()
        self.endResetModel()

    def _forget_rows(self) -> None:
        """Drop what was read of the rows: they are read again when next shown."""
        self._rows.clear()
        self._last = -1
        self._pages.clear()
        self._row_of = None

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

    def _page(self, number: int) -> _Page:
        """What a page of rows shows: their columns and link names, without whole records."""
        if number == self._last:
            return self._rows[number]
        page = self._rows.get(number)
        if page is not None:
            self._rows.move_to_end(number)
            self._last = number
            return page
        wanted = self._ids[number * self.READ:(number + 1) * self.READ]
        page = _Page(list_rows(self.workspace, self.kind, wanted, links=self._links_shown))
        page.links.update(self._links_shown)
        self._rows[number] = page
        self._last = number
        while len(self._rows) > self.KEPT_PAGES:
            self._rows.popitem(last=False)
        return page

    @property
    def total(self) -> int:
        return len(self._ids)

    def record(self, row: int) -> Any:
        """The whole record shown in a row (None if it was deleted since the list was read).

        Read with the rest of its page of ids the first time something asks (a selection,
        an edit); painting a row never needs it.
        """
        number = row // self.READ
        page = self._pages.get(number)
        if page is None:
            wanted = self._ids[number * self.READ:(number + 1) * self.READ]
            found = {r.id: r for r in self.workspace.records(self.kind.entity, wanted)}
            page = self._pages[number] = [found.get(i) for i in wanted]
            while len(self._pages) > self.KEPT_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        return page[row % self.READ]

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
        # Qt asks for seven or eight roles of every cell it paints; the roles a cell may
        # answer are told apart first, so the others cost no record lookup.
        if role in (_DISPLAY, _ACCESSIBLE):
            row = index.row()
            if row >= self._shown or row < 0:
                return None
            return self._text(row, index.column())
        if role in (_FOREGROUND, _FONT):
            column = index.column()
            if column not in self._dated or not self._late(index.row(), column):
                return None
            return self._error_brush() if role == _FOREGROUND else self._bold()
        if role == CHIP_ROLE:
            column = index.column()
            if column not in self._chips:
                return None
            record = self._shown_record(index.row())
            return None if record is None else CHIP_COLOURS.get(
                getattr(record, self.columns[column].name) or "")
        if role == _USER:
            record = self._shown_record(index.row())
            if record is None:
                return None
            name = self.columns[index.column()].name
            if index.column() in self._linked:
                page = self._page(index.row() // self.READ)
                if name not in page.links:
                    self._read_links(page, name)
            value = getattr(record, name)
            if isinstance(value, list):
                return [x.id for x in value]
            return value
        if role == _TOOLTIP:
            column = self.columns[index.column()]
            if not (column.spec and column.spec.type in (FieldType.LONG_TEXT, FieldType.TEXT)):
                return None
            record = self._shown_record(index.row())
            text = (getattr(record, column.name) or "") if record is not None else ""
            return text if len(text) > 40 else None
        return None

    def _shown_record(self, row: int) -> Any:
        """What a row shows (its columns and link names), or None."""
        if not 0 <= row < self._shown:
            return None
        return self._page(row // self.READ).records[row % self.READ]

    def _text(self, row: int, column: int) -> str | None:
        """A cell's words, worked out once while its page is kept."""
        page = self._page(row // self.READ)
        key = (row % self.READ, column)
        text = page.texts.get(key)
        if text is None:
            name = self.columns[column].name
            if column in self._linked and name not in page.links:
                self._read_links(page, name)
            record = page.records[key[0]]
            if record is None:
                return None
            text = display(self.columns[column].spec, record, name)
            if self.kind.name == "checklist_item" and name == "due_date":
                text += offset_words(record)
            if column in self._dated and self._late(row, column):
                text = f"{text} (overdue)"  # said in words as well as in colour
            page.texts[key] = text
        return text

    def _read_links(self, page: _Page, name: str) -> None:
        """Read one link field for a page's rows: only the links of columns on screen."""
        add_links(self.workspace, self.kind, [r for r in page.records if r is not None],
                  (name,))
        page.links.add(name)
        self._links_shown.add(name)

    def _late(self, row: int, column: int) -> bool:
        record = self._shown_record(row)
        return record is not None and is_overdue(self.kind, record, self.columns[column].name,
                                                 self.today)

    def _error_brush(self) -> QBrush:
        return QBrush(text_colour("error"))

    def _bold(self) -> QFont:
        font = QFont()
        font.setBold(True)
        return font

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        col = self.columns[column]
        if not col.sortable:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (col.name, descending) == (self.query.order_by, self.query.descending):
            return  # already in that order (Qt asks again when sorting is switched on)
        self.query = replace(self.query, order_by=col.name, descending=descending)
        self.refresh()
