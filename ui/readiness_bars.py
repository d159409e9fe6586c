"""The dashboard's readiness chart, drawn with QPainter in the palette's colours (no matplotlib)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QFontMetricsF, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from models.briefing import ReadinessChart

from .palette import chip_colours, text_colour

#: The scale runs past 100% so that the score and RAG word fit after a full bar.
_SCALE = 125.0
#: A pattern over the Red and Amber fills, so the bars differ without colour too (as in print).
_HATCH = {"Red": Qt.BrushStyle.BDiagPattern, "Amber": Qt.BrushStyle.Dense7Pattern,
          "Green": Qt.BrushStyle.NoBrush}
_LINES = (("Amber", Qt.PenStyle.DashLine), ("Green", Qt.PenStyle.DotLine))


class ReadinessBars(QWidget):
    """One bar of readiness per theme, with its score and RAG word beside it, and the Amber
    and Green thresholds as lines named in a legend; the same chart in words is the tooltip
    and the accessible description."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readinessChart")
        self.setAccessibleName("Readiness by theme chart")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(260)
        self.chart: ReadinessChart | None = None

    def set_chart(self, chart: ReadinessChart | None) -> None:
        """Show ``chart`` (None: nothing, as when there is no visit)."""
        self.chart = chart
        summary = self.summary()
        self.setToolTip(summary)
        self.setAccessibleDescription(summary)
        self.update()

    def summary(self) -> str:
        """The chart in words: each theme's score and RAG, and the thresholds."""
        chart = self.chart
        if chart is None:
            return ""
        bars = "; ".join(f"{b.label} {b.score:.0%} {b.rag.value}" for b in chart.bars)
        return (f"{chart.title}: {bars or 'no themes chosen'}. Amber from "
                f"{chart.amber_from:.0%}, Green from {chart.green_from:.0%}.")

    def sizeHint(self) -> QSize:
        return QSize(600, 320)

    def paintEvent(self, _event: QPaintEvent) -> None:
        chart = self.chart
        if chart is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        ink = palette.color(palette.ColorRole.WindowText)
        muted = text_colour("muted", palette)
        font = painter.font()
        metrics = QFontMetricsF(font)
        line = metrics.height()
        whole = QRectF(self.rect()).adjusted(6, 4, -6, -4)
        if whole.width() < 60 or whole.height() < 4 * line:
            return  # squeezed to a strip: nothing fits, and the words are in the tooltip

        title_font = painter.font()
        title_font.setBold(True)
        title_font.setPointSizeF(font.pointSizeF() * 1.15)
        painter.setFont(title_font)
        title_box = painter.boundingRect(whole, Qt.AlignmentFlag.AlignHCenter
                                         | Qt.TextFlag.TextWordWrap, chart.title)
        painter.setPen(ink)
        painter.drawText(whole, Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap,
                         chart.title)
        painter.setFont(font)

        # Below the title: the bars, then the scale, its caption and the legend.
        labels_width = min(max(whole.width() * 0.3, 90.0), 240.0)
        plot = QRectF(whole.left() + labels_width + 8, title_box.bottom() + line * 0.6,
                      whole.width() - labels_width - 8, 0)
        plot.setBottom(whole.bottom() - 3.8 * line)

        def x(score: float) -> float:
            return plot.left() + score * 100 / _SCALE * plot.width()

        # The scale: ticks every 20% and the caption under them.
        painter.setPen(QPen(muted, 1))
        painter.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.left(), plot.top()))
        painter.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(x(1.0), plot.bottom()))
        painter.setPen(ink)
        for tick in range(0, 101, 20):
            at = x(tick / 100)
            painter.drawLine(QPointF(at, plot.bottom()), QPointF(at, plot.bottom() + 3))
            painter.drawText(QRectF(at - 20, plot.bottom() + 3, 40, line),
                             Qt.AlignmentFlag.AlignHCenter, str(tick))
        painter.drawText(QRectF(plot.left(), plot.bottom() + line + 6, x(1.0) - plot.left(),
                                line), Qt.AlignmentFlag.AlignHCenter, "Readiness score (%)")

        scores: list[tuple[QRectF, str]] = []  # drawn last, over the threshold lines
        if chart.bars:
            slot = plot.height() / len(chart.bars)
            height = min(slot * 0.6, 3 * line)
            for n, bar in enumerate(chart.bars):  # the first theme at the top, as listed
                middle = plot.top() + slot * (n + 0.5)
                text, fill, border = chip_colours(bar.rag.value, palette)
                box = QRectF(plot.left(), middle - height / 2, max(x(bar.score) - plot.left(), 1),
                             height)
                painter.setPen(QPen(border, 1))
                painter.setBrush(fill)
                painter.drawRect(box)
                painter.setBrush(QBrush(border, _HATCH[bar.rag.value]))
                painter.drawRect(box)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.setPen(ink)
                label_box = QRectF(whole.left(), middle - slot / 2, labels_width, slot)
                label = bar.label
                if metrics.horizontalAdvance(label) > labels_width * 2 - line:
                    label = metrics.elidedText(label, Qt.TextElideMode.ElideRight,
                                               labels_width * 2 - line)
                painter.drawText(label_box, Qt.AlignmentFlag.AlignRight
                                 | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap, label)
                words = f"{bar.score:.0%}  {bar.rag.value}"
                scores.append((QRectF(box.right() + 6, middle - line / 2,
                                      metrics.horizontalAdvance(words) + 4, line), words))
        else:
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, "No themes chosen")

        # The thresholds, over the bars, and the legend that names them.
        legend_y = plot.bottom() + 2.6 * line
        legend_x = plot.left()
        for (name, style), threshold in zip(_LINES, (chart.amber_from, chart.green_from),
                                            strict=True):
            pen = QPen(ink, 1.2, style)
            painter.setPen(pen)
            painter.drawLine(QPointF(x(threshold), plot.top()),
                             QPointF(x(threshold), plot.bottom()))
            painter.drawLine(QPointF(legend_x, legend_y + line / 2),
                             QPointF(legend_x + 24, legend_y + line / 2))
            words = f"{name} from {threshold:.0%}"
            painter.setPen(ink)
            painter.drawText(QPointF(legend_x + 30, legend_y + metrics.ascent()), words)
            legend_x += 30 + metrics.horizontalAdvance(words) + 24
        # Each score and RAG word on the window's colour, so a threshold line never crosses it.
        background = palette.color(palette.ColorRole.Window)
        painter.setPen(ink)
        for place, words in scores:
            painter.fillRect(place.adjusted(-2, 0, 0, 0), background)
            painter.drawText(place, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             words)
        painter.end()
