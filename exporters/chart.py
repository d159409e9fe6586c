"""Draws the readiness chart; the dashboard and the Word pack both call this one function."""

from __future__ import annotations

import io
import textwrap

from matplotlib.figure import Figure

from models.briefing import RAG_COLOURS, ReadinessChart


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
    colours = ["#" + RAG_COLOURS[b.rag] for b in bars]
    hatches = {"Red": "//", "Amber": "..", "Green": ""}
    drawn = ax.barh(labels, scores, color=colours, edgecolor="#333333", linewidth=0.6, height=0.55)
    for rect, bar in zip(drawn, bars, strict=True):
        rect.set_hatch(hatches[bar.rag.value])
        ax.text(min(rect.get_width() + 1.5, 101), rect.get_y() + rect.get_height() / 2,
                f"{bar.score:.0%}  {bar.rag.value}", va="center", fontsize=9)
    for threshold, name, style in ((chart.amber_from, "Amber", "--"),
                                   (chart.green_from, "Green", ":")):
        ax.axvline(threshold * 100, color="#555555", linestyle=style, linewidth=1.0,
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
