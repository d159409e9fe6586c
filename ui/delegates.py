"""Drawing of RAG and grade values as a coloured chip that always carries its word."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, Qt
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from .palette import chip_colours, chip_style
from .table_model import CHIP_ROLE

__all__ = ["ChipDelegate", "chip_style"]


class ChipDelegate(QStyledItemDelegate):
    """Paints cells whose model marks them (CHIP_ROLE) as a rounded chip with the text, in the
    chip colours of the palette in use."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        colour = index.data(CHIP_ROLE)
        if not colour:
            super().paint(painter, option, index)
            return
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        painter.save()
        if option.state & QStyle.StateFlag.State_Selected:  # type: ignore[operator]
            painter.fillRect(option.rect, option.palette.highlight())
        rect = QRectF(option.rect).adjusted(3, 3, -3, -3)
        width = min(rect.width(), option.fontMetrics.horizontalAdvance(text) + 16)
        chip = QRectF(rect.left(), rect.top(), width, rect.height())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text_colour, background, border = chip_colours(text, option.palette)
        painter.setPen(QPen(border, 0.8))
        painter.setBrush(background)
        painter.drawRoundedRect(chip, 6, 6)
        painter.setPen(text_colour)  # the chip's own text colour, readable on its fill
        painter.drawText(chip.adjusted(8, 0, -4, 0), Qt.AlignmentFlag.AlignVCenter, text)
        painter.restore()
