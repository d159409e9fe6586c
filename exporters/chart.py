"""The charts: readiness (dashboard), and the pack's indicator sparklines and visit timeline."""

from __future__ import annotations

import datetime as dt
import io
import textwrap
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.image import imsave
from matplotlib.lines import Line2D

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


@dataclass
class _Sparkline:
    """A sparkline's figure and its three lines, made once and given new data each time:
    making a figure, its axes and its lines (``plot``, ``axhline``) was two thirds of a
    sparkline's time, far more than drawing it."""

    figure: Figure
    trend: Line2D
    target: Line2D
    last: Line2D


#: One sparkline figure per size. The lock keeps two exports from drawing on it at once.
_SPARK_FIGURES: dict[tuple[float, float, int], _Sparkline] = {}
_SPARK_LOCK = threading.Lock()


def _new_sparkline(width_in: float, height_in: float, dpi: int) -> _Sparkline:
    figure = Figure(figsize=(width_in, height_in), dpi=dpi)
    FigureCanvasAgg(figure)
    # What savefig(transparent=True) sets for the length of each save, set for good.
    figure.patch.set_facecolor("none")
    figure.patch.set_edgecolor("none")
    axes = figure.add_axes((0.04, 0.12, 0.92, 0.76))
    axes.axis("off")
    axes.patch.set_facecolor("none")
    axes.patch.set_edgecolor("none")
    # Drawn in this order, as ``plot``, ``axhline`` and ``plot`` add them.
    (trend,) = axes.plot([], [], color=hex_colour(INK), linewidth=1.0)
    target = axes.axhline(0.0, color=hex_colour(TARGET), linestyle="--", linewidth=0.8)
    (last,) = axes.plot([], [], markersize=3.5)
    return _Sparkline(figure, trend, target, last)


def sparkline_png(points: Sequence[float], target: float | None, *, lower_is_better: bool,
                  width_in: float = 1.1, height_in: float = 0.32, dpi: int = 200) -> bytes:
    """A sparkline of a measure from its baseline to now, with its target as a dashed line.

    The last point is drawn larger and coloured by whether it meets the target
    (green) or not (red), with a shape that differs too, for black-and-white print.
    """
    with _SPARK_LOCK:
        size = (width_in, height_in, dpi)
        if size not in _SPARK_FIGURES:
            _SPARK_FIGURES[size] = _new_sparkline(width_in, height_in, dpi)
        spark = _SPARK_FIGURES[size]
        xs = list(range(len(points)))
        values = list(points)
        spark.trend.set_data(xs, values)
        spark.target.set_visible(target is not None)
        if target is not None:
            spark.target.set_ydata([target, target])
        spark.last.set_visible(bool(values))
        if values:
            met = target is None or (values[-1] <= target if lower_is_better
                                     else values[-1] >= target)
            spark.last.set_data([xs[-1]], [values[-1]])
            spark.last.set_marker("o" if met else "v")
            spark.last.set_color(hex_colour(MET if met else MISSED))
        low = min(values + ([target] if target is not None else [])) if values else 0.0
        high = max(values + ([target] if target is not None else [])) if values else 1.0
        pad = (high - low) * 0.15 or 1.0
        ax = spark.trend.axes
        ax.set_ylim(low - pad, high + pad)
        ax.set_xlim(-0.3, max(len(values) - 1, 1) + 0.3)
        return figure_png(spark.figure)


def figure_png(figure: Figure) -> bytes:
    """The figure as PNG bytes, as ``savefig(format="png")`` writes them (the same drawing and
    the same encoder), without savefig's per-call set-up: it re-reads the settings, swaps
    colours and the renderer in and out and walks every artist for layout."""
    canvas = figure.canvas
    assert isinstance(canvas, FigureCanvasAgg)
    canvas.draw()
    buffer = io.BytesIO()
    imsave(buffer, canvas.buffer_rgba(), format="png", origin="upper", dpi=figure.dpi)
    return buffer.getvalue()


#: One timeline figure per width, cleared and drawn on again: making its axes was most of
#: the time of a pack's one timeline. The lock keeps two exports from drawing on it at once.
_TIMELINE_FIGURES: dict[tuple[float, int], Figure] = {}
_TIMELINE_LOCK = threading.Lock()


def timeline_png(events: Sequence[tuple[dt.date, str]], *, width_in: float = 6.3,
                 dpi: int = 200) -> bytes:
    """The inspection and each visit on one dated line, labels alternating above and below."""
    with _TIMELINE_LOCK:
        if (width_in, dpi) not in _TIMELINE_FIGURES:
            figure = Figure(figsize=(width_in, 1.9), dpi=dpi)
            FigureCanvasAgg(figure)
            figure.add_axes((0.03, 0.05, 0.94, 0.9)).axis("off")
            _TIMELINE_FIGURES[width_in, dpi] = figure
        figure = _TIMELINE_FIGURES[width_in, dpi]
        ax = figure.axes[0]
        for artist in [*ax.lines, *ax.collections, *ax.texts]:  # the last timeline's
            artist.remove()
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
        return figure_png(figure)
