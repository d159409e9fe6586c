"""The charts: readiness (dashboard), and the pack's indicator sparklines and visit timeline."""

from __future__ import annotations

import datetime as dt
import io
import textwrap
import threading
from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from models.briefing import ReadinessChart

from .print_colours import (
    INK,
    MET,
    MISSED,
    RAG_COLOURS,
    TARGET,
    THRESHOLD,
    TIMELINE,
    hex_colour,
)


def draw_readiness_chart(figure: Figure, chart: ReadinessChart) -> None:
    """Draw horizontal bars of readiness per theme on ``figure``.

    Each bar carries its score and RAG word, so the chart reads in black and
    white; dashed lines mark the amber and green thresholds.
    """
    figure.clear()
    # Constrained layout re-fits labels whenever the figure is resized (the dashboard).
    figure.set_layout_engine("constrained")
    ax = figure.add_subplot(1, 1, 1)
    bars = list(reversed(chart.bars))
    labels = ["\n".join(textwrap.wrap(b.label, 26)) for b in bars]
    scores = [b.score * 100 for b in bars]
    colours = [hex_colour(RAG_COLOURS[b.rag]) for b in bars]
    hatches = {"Red": "//", "Amber": "..", "Green": ""}
    drawn = ax.barh(labels, scores, color=colours, edgecolor=hex_colour(INK), linewidth=0.6, height=0.55)
    for rect, bar in zip(drawn, bars, strict=True):
        rect.set_hatch(hatches[bar.rag.value])
        ax.text(min(rect.get_width() + 1.5, 101), rect.get_y() + rect.get_height() / 2,
                f"{bar.score:.0%}  {bar.rag.value}", va="center", fontsize=9)
    for threshold, name, style in ((chart.amber_from, "Amber", "--"),
                                   (chart.green_from, "Green", ":")):
        ax.axvline(threshold * 100, color=hex_colour(THRESHOLD), linestyle=style, linewidth=1.0,
                   label=f"{name} from {threshold:.0%}")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, fontsize=8, frameon=False)
    ax.set_xlim(0, 125)
    ax.set_xticks([0, 20, 40, 60, 80, 100])
    ax.set_xlabel("Readiness score (%)")
    figure.suptitle("\n".join(textwrap.wrap(chart.title, 48)), fontsize=11)
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(axis="y", labelsize=9)
    if not bars:
        ax.text(50, 0, "No themes chosen", ha="center")


def chart_png(chart: ReadinessChart, *, width_in: float = 6.3, dpi: int = 200) -> bytes:
    """The chart as PNG bytes, sized for a portrait A4 page."""
    height = 1.2 + 0.55 * max(len(chart.bars), 1)
    figure = Figure(figsize=(width_in, height), dpi=dpi)
    draw_readiness_chart(figure, chart)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


#: One figure per sparkline size, drawn on again and again: making a figure and its axes
#: was most of a sparkline's time. The lock keeps two exports from drawing on it at once.
_SPARK_FIGURES: dict[tuple[float, float, int], tuple[Figure, Axes]] = {}
_SPARK_LOCK = threading.Lock()


def sparkline_png(points: Sequence[float], target: float | None, *, lower_is_better: bool,
                  width_in: float = 1.1, height_in: float = 0.32, dpi: int = 200) -> bytes:
    """A sparkline of a measure from its baseline to now, with its target as a dashed line.

    The last point is drawn larger and coloured by whether it meets the target
    (green) or not (red), with a shape that differs too, for black-and-white print.
    """
    with _SPARK_LOCK:
        size = (width_in, height_in, dpi)
        if size not in _SPARK_FIGURES:
            figure = Figure(figsize=(width_in, height_in), dpi=dpi)
            axes = figure.add_axes((0.04, 0.12, 0.92, 0.76))
            axes.axis("off")
            _SPARK_FIGURES[size] = (figure, axes)
        figure, ax = _SPARK_FIGURES[size]
        for line in list(ax.lines):  # the last sparkline's: the axes draw nothing else
            line.remove()
        xs = list(range(len(points)))
        values = list(points)
        ax.plot(xs, values, color=hex_colour(INK), linewidth=1.0)
        if target is not None:
            ax.axhline(target, color=hex_colour(TARGET), linestyle="--", linewidth=0.8)
        if values:
            met = target is None or (values[-1] <= target if lower_is_better
                                     else values[-1] >= target)
            ax.plot(xs[-1], values[-1], marker="o" if met else "v", markersize=3.5,
                    color=hex_colour(MET if met else MISSED))
        low = min(values + ([target] if target is not None else [])) if values else 0.0
        high = max(values + ([target] if target is not None else [])) if values else 1.0
        pad = (high - low) * 0.15 or 1.0
        ax.set_ylim(low - pad, high + pad)
        ax.set_xlim(-0.3, max(len(values) - 1, 1) + 0.3)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=dpi, transparent=True)
        return buffer.getvalue()


def timeline_png(events: Sequence[tuple[dt.date, str]], *, width_in: float = 6.3,
                 dpi: int = 200) -> bytes:
    """The inspection and each visit on one dated line, labels alternating above and below."""
    figure = Figure(figsize=(width_in, 1.9), dpi=dpi)
    ax = figure.add_axes((0.03, 0.05, 0.94, 0.9))
    dated = sorted(events)
    if dated:
        first, last = dated[0][0], dated[-1][0]
        span = max((last - first).days, 1)
        ax.hlines(0, -0.04 * span, 1.04 * span, color=hex_colour(TIMELINE), linewidth=2)
        for n, (when, label) in enumerate(dated):
            x = (when - first).days
            up = 1 if n % 2 == 0 else -1
            ax.plot(x, 0, marker="o", markersize=7, color=hex_colour(TIMELINE))
            ax.vlines(x, 0, 0.45 * up, color=hex_colour(TARGET), linewidth=0.8)
            ax.text(x, 0.52 * up, f"{label}\n{when:%b %Y}", ha="center",
                    va="bottom" if up > 0 else "top", fontsize=8)
        ax.set_xlim(-0.12 * span, 1.12 * span)
    ax.set_ylim(-1.35, 1.35)
    ax.axis("off")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()
