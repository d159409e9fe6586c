"""The readiness review's list: gaps with owner, theme, due and severity, sorted, filtered
and grouped in the model (a reset per change, never item widgets)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt

from models import dates
from models.review import ReviewItem

Index = QModelIndex | QPersistentModelIndex
ITEM_ROLE = Qt.ItemDataRole.UserRole

COLUMNS: tuple[tuple[str, Callable[[ReviewItem], Any]], ...] = (
    ("Severity", lambda i: i.severity),
    ("Due", lambda i: i.due or dt.date.max),
    ("Owner", lambda i: i.owner.lower()),
    ("Theme", lambda i: i.theme.lower()),
    ("What", lambda i: i.message.lower()),
    ("Record", lambda i: i.record_ref),
)
GROUPS = {"Nothing": None, "Owner": "owner", "Theme": "theme"}


class ReviewModel(QAbstractItemModel):
    """Review items, flat or in groups (by owner or theme), after a filter, in a sort order."""

    def __init__(self) -> None:
        super().__init__()
        self._all: tuple[ReviewItem, ...] = ()
        self._groups: list[tuple[str, list[ReviewItem]]] = []
        self.group_by: str | None = None
        self.text = ""
        self.owner: str | None = None
        self.sort_column = 0
        self.sort_order = Qt.SortOrder.AscendingOrder

    # -- what is shown ------------------------------------------------------------

    def set_items(self, items: Sequence[ReviewItem]) -> None:
        self._all = tuple(items)
        self._rebuild()

    def set_view(self, *, group_by: str | None = None, text: str = "",
                 owner: str | None = None) -> None:
        """Group by "owner", "theme" or nothing; keep lines containing ``text``; one owner."""
        self.group_by, self.text, self.owner = group_by, text.strip().lower(), owner
        self._rebuild()

    def shown(self) -> list[ReviewItem]:
        """The items on screen, in order (what an export of this view writes)."""
        return [item for _name, items in self._groups for item in items]

    def groups(self) -> list[tuple[str, list[ReviewItem]]]:
        return list(self._groups)

    def _keep(self, item: ReviewItem) -> bool:
        if self.owner is not None and item.owner.lower() != self.owner.lower():
            return False
        return not self.text or any(self.text in str(v).lower() for v in (
            item.message, item.owner, item.theme, item.kind, item.record_ref))

    def _rebuild(self) -> None:
        key = COLUMNS[self.sort_column][1]
        items = sorted((i for i in self._all if self._keep(i)), key=key,
                       reverse=self.sort_order == Qt.SortOrder.DescendingOrder)
        self.beginResetModel()
        if self.group_by is None:
            self._groups = [("", items)]
        else:
            grouped: dict[str, list[ReviewItem]] = {}
            for item in items:
                name = getattr(item, self.group_by) or f"No {self.group_by}"
                grouped.setdefault(name, []).append(item)
            self._groups = sorted(grouped.items(), key=lambda g: g[0].lower())
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sort_column, self.sort_order = column, order
        self._rebuild()

    # -- the tree --------------------------------------------------------------------

    def _flat(self) -> bool:
        return self.group_by is None

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if parent.isValid():
            return self.createIndex(row, column, parent.row() + 1)
        return self.createIndex(row, column, 0)

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if self._flat():
            return 0 if parent.isValid() else len(self._groups[0][1]) if self._groups else 0
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == 0:
            return len(self._groups[parent.row()][1])
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][0]
        return None

    def item(self, index: Index) -> ReviewItem | None:
        if not index.isValid():
            return None
        if self._flat():
            return self._groups[0][1][index.row()]
        if index.internalId() == 0:
            return None
        return self._groups[index.internalId() - 1][1][index.row()]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.item(index)
        if item is None:  # a group's heading
            if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
                name, items = self._groups[index.row()]
                return f"{name} ({len(items)})"
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (item.severity_word, dates.show(item.due), item.owner, item.theme,
                    item.message, item.record_ref)[index.column()]
        if role == ITEM_ROLE:
            return item
        return None
