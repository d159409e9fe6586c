"""The dashboard's "what is missing" list as a table model over readiness gaps."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from models.gap_list import GapList
from models.readiness import Gap

Index = QModelIndex | QPersistentModelIndex

#: Raw gap behind a row (``models.readiness.Gap``).
GAP_ROLE = Qt.ItemDataRole.UserRole


class GapListModel(QAbstractTableModel):
    """Readiness gaps, one per row: kind, what is missing, the record's reference.

    A refresh hands over the whole new list in one go (:meth:`set_gaps`): the view
    is reset once, not fed and cleared item by item, which is both fast with
    thousands of gaps and avoids the per-item calls that the Qt binding has got
    wrong (see docs/design.md).
    """

    HEADERS = ("Kind", "What", "Record")

    def __init__(self) -> None:
        super().__init__()
        self._gaps: Sequence[Gap] = ()

    def set_gaps(self, gaps: Sequence[Gap]) -> None:
        """Show these gaps; nothing happens when the list is the same as before."""
        # Readiness by SQL hands over a GapList, whose messages are written when a row is
        # shown: it is kept as it is, not copied (a copy would write every message).
        new = gaps if isinstance(gaps, GapList) else tuple(gaps)
        if new == self._gaps:
            return
        self.beginResetModel()
        self._gaps = new
        self.endResetModel()

    def gap(self, row: int) -> Gap:
        return self._gaps[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._gaps)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self._gaps):
            return None
        gap = self._gaps[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (gap.kind.value, gap.message, gap.record_ref)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return gap.message
        if role == GAP_ROLE:
            return gap
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.HEADERS)):
            return self.HEADERS[section]
        return None
