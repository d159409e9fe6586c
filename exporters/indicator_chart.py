"""Draws an indicator's trend across returns; the Indicators page and the Word pack both call it."""

from __future__ import annotations

import datetime as dt
import textwrap
import threading
from collections.abc import Sequence

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .chart import figure_png
from .print_colours import TREND, hex_colour


def draw_indicator_trend(figure: Figure, title: str, points: Sequence[tuple[dt.date, float | None]],
                         unit: str) -> None:
    """A small line of the indicator's value at each return's as-at date, each point labelled."""
    figure.clear()
    figure.set_layout_engine("constrained")
    ax = figure.add_subplot(1, 1, 1)
    known = [(d, v) for d, v in points if v is not None]
    if known:
        dates = [d for d, _v in known]
        values = [v for _d, v in known]
        ax.plot(dates, values, marker="o", color=hex_colour(TREND), linewidth=1.6)
        for d, v in known:
            label = f"{v:.1f}%" if unit == "%" else f"{v:.1f}"
            ax.annotate(label, (d, v), textcoords="offset points", xytext=(0, 6), ha="center",
                        fontsize=8)
        ax.set_xticks(dates)
        ax.set_xticklabels([f"{d:%d %b %y}" for d in dates], fontsize=8)
        if unit == "%":
            ax.set_ylim(0, 105)
        else:
            ax.set_ylim(0, max(values) * 1.2 or 1)
        pad = max(dt.timedelta(days=30), (dates[-1] - dates[0]) / 6)
        ax.set_xlim(dates[0] - pad, dates[-1] + pad)
    else:
        ax.text(0.5, 0.5, "No value yet", ha="center", va="center", transform=ax.transAxes)
    ax.set_ylabel(unit, fontsize=8)
    ax.tick_params(axis="y", labelsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    width = max(24, int(figure.get_figwidth() * 11))
    ax.set_title("\n".join(textwrap.wrap(title, width)), fontsize=9)


def trend_png(title: str, points: Sequence[tuple[dt.date, float | None]], unit: str, *,
              width_in: float = 3.0, height_in: float = 1.9, dpi: int = 200) -> bytes:
    with _TREND_LOCK:
        size = (width_in, height_in, dpi)
        if size not in _TREND_FIGURES:
            figure = Figure(figsize=(width_in, height_in), dpi=dpi)
            FigureCanvasAgg(figure)
            _TREND_FIGURES[size] = figure
        figure = _TREND_FIGURES[size]
        draw_indicator_trend(figure, title, points, unit)  # clears the last trend first
        # savefig lays a figure with a layout engine out in a first, unseen drawing and then
        # draws it again; one drawing lays it out and paints it, to the same bytes.
        return figure_png(figure)


#: One figure per trend size, drawn on again and again: its renderer keeps the size of every
#: tick label, date and title already measured, and laying a trend out measures them all
#: twice. The lock keeps two exports from drawing on it at once.
_TREND_FIGURES: dict[tuple[float, float, int], Figure] = {}
_TREND_LOCK = threading.Lock()
