"""A small chart of a visit's readiness per day over the last weeks, in the palette's colours."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from models import dates
from models.readiness import AMBER_FROM, GREEN_FROM


class HistoryChart(QWidget):
    """Score per day (0-100%) with the Amber and Green lines; the first and last values in words."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readinessHistory")
        self.setAccessibleName("Readiness per day")
        self.setMinimumSize(300, 150)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.days: list[tuple[dt.date, float, str]] = []

    def set_days(self, days: list[tuple[dt.date, float, str]]) -> None:
        self.days = days
        summary = self.summary()
        self.setToolTip(summary)
        self.setAccessibleDescription(summary)
        self.update()

    def summary(self) -> str:
        """The trend in words (colour is never the only way it is told)."""
        if not self.days:
            return "No readiness history yet: it is kept each day readiness is worked out."
        first, last = self.days[0], self.days[-1]
        if len(self.days) == 1:
            return f"Readiness {last[1]:.0%} {last[2]} on {dates.show(last[0])}."
        return (f"Readiness {first[1]:.0%} {first[2]} on {dates.show(first[0])} \u2192 "
                f"{last[1]:.0%} {last[2]} on {dates.show(last[0])} ({len(self.days)} days).")

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(palette.ColorRole.WindowText)
        muted = palette.color(palette.ColorRole.Mid)
        area = QRectF(self.rect()).adjusted(36, 18, -60, -8)
        painter.setPen(text)
        painter.drawText(QRectF(self.rect()).adjusted(4, 0, 0, 0),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                         "Readiness per day")

        def y(score: float) -> float:
            return area.bottom() - score * area.height()

        for level, style, label in ((AMBER_FROM, Qt.PenStyle.DashLine, "Amber"),
                                    (GREEN_FROM, Qt.PenStyle.DotLine, "Green")):
            painter.setPen(QPen(muted, 1, style))
            painter.drawLine(QPointF(area.left(), y(level)), QPointF(area.right(), y(level)))
            painter.setPen(text)
            painter.drawText(QPointF(4, y(level) + 4), f"{level:.0%}")
            painter.drawText(QPointF(area.right() + 4, y(level) + 4), label)
        if not self.days:
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, "No history yet")
            return
        start = self.days[0][0]
        span = max((self.days[-1][0] - start).days, 1)
        points = QPolygonF([QPointF(area.left() + (day - start).days / span * area.width(),
                                    y(score)) for day, score, _rag in self.days])
        painter.setPen(QPen(palette.color(palette.ColorRole.Highlight), 2))
        painter.drawPolyline(points)
        for point in points:
            painter.drawEllipse(point, 2.5, 2.5)
        painter.setPen(text)
        last = self.days[-1]
        painter.drawText(points[points.size() - 1] + QPointF(-30, -6), f"{last[1]:.0%}")
