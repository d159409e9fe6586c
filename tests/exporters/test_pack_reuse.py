"""A pack exported again after the figures change shows the new figures, never the last pack's."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import subprocess
import sys
from pathlib import Path

from docx import Document
from matplotlib.figure import Figure

from exporters.chart import sparkline_png, timeline_png
from exporters.print_colours import INK, MET, MISSED, TARGET, TIMELINE, hex_colour
from exporters.word import write_briefing_pack
from models.briefing import BriefingContent, IndicatorTrend

MEASURE = "Agency social workers"


def _with_trend(content: BriefingContent, change: IndicatorTrend) -> BriefingContent:
    """``content`` with the trend of the same measure replaced by ``change``, wherever it shows."""
    def swap(trends: tuple[IndicatorTrend, ...]) -> tuple[IndicatorTrend, ...]:
        return tuple(change if t.measure == change.measure else t for t in trends)
    return dataclasses.replace(
        content,
        sections=tuple(dataclasses.replace(s, trends=swap(s.trends)) for s in content.sections),
        topics=tuple(dataclasses.replace(t, trends=swap(t.trends)) for t in content.topics))


def _trend(content: BriefingContent) -> IndicatorTrend:
    return next(t for group in (*content.sections, *content.topics) for t in group.trends
                if t.measure == MEASURE)


def _row(path: Path) -> tuple[list[str], bytes]:
    """The measure's row in the pack at ``path``: its cells' text and its sparkline's PNG."""
    doc = Document(str(path))
    row = next(r for t in doc.tables
               if [c.text for c in t.rows[0].cells][:3] == ["Measure", "Trend", "Baseline"]
               for r in t.rows[1:] if r.cells[0].text == MEASURE)
    (embed,) = row.cells[1]._tc.xpath(".//a:blip/@r:embed")
    return [c.text for c in row.cells], doc.part.related_parts[embed].blob


def test_a_pack_after_the_figures_change_draws_the_new_trend(content: BriefingContent,
                                                             tmp_path: Path) -> None:
    before = _trend(content)
    first_text, first_png = _row(write_briefing_pack(content, tmp_path / "first.docx"))
    assert first_png == sparkline_png([p[1] for p in before.points], before.target,
                                      lower_is_better=before.lower_is_better)

    # A new return: the latest value moves, and the target with it.
    later = dataclasses.replace(before, points=(*before.points[:-1], (before.points[-1][0], 19.0)),
                                target=18.0)
    second_text, second_png = _row(write_briefing_pack(_with_trend(content, later),
                                                       tmp_path / "second.docx"))
    assert second_text[3:5] == ["19%", "18%"]
    assert second_png != first_png
    assert second_png == sparkline_png([p[1] for p in later.points], later.target,
                                       lower_is_better=later.lower_is_better)

    # The first figures again give the first picture again.
    assert _row(write_briefing_pack(content, tmp_path / "third.docx")) == (first_text, first_png)


def test_a_sparkline_drawn_after_others_is_the_one_a_fresh_program_draws() -> None:
    """Sparklines share one figure: nothing of the last one may show in the next."""
    shown = ([38.0, 31.0, 24.0], 15.0, True)
    script = ("import sys; from exporters.chart import sparkline_png; "
              f"sys.stdout.buffer.write(sparkline_png({shown[0]!r}, {shown[1]!r}, "
              f"lower_is_better={shown[2]!r}))")
    fresh = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True,
                           cwd=Path(__file__).resolve().parents[2]).stdout
    for points, target, lower in (([1.0, 90.0, 2.0, 80.0, 3.0], None, False), ([], 50.0, False),
                                  ([70.0], 95.0, False), (list(range(12)), -5.0, True)):
        assert sparkline_png(points, target, lower_is_better=lower) != fresh
    assert sparkline_png(shown[0], shown[1], lower_is_better=shown[2]) == fresh


def test_every_picture_in_the_pack_has_an_id_of_its_own(content: BriefingContent,
                                                        tmp_path: Path) -> None:
    """Word reports a document whose drawings share an id as needing repair."""
    doc = Document(str(write_briefing_pack(content, tmp_path / "pack.docx")))
    ids = doc.element.body.xpath(".//wp:docPr/@id")
    sparklines = sum(len(group.trends) for group in (*content.sections, *content.topics))
    assert len(ids) >= sparklines + 1  # every sparkline and the visit timeline
    assert len(set(ids)) == len(ids)


def test_a_timeline_drawn_after_others_is_the_one_a_fresh_program_draws() -> None:
    """Timelines share one figure: no dot or label of the last one may show in the next."""
    script = ("import sys, datetime as dt; from exporters.chart import timeline_png; "
              "sys.stdout.buffer.write(timeline_png([(dt.date(2023, 3, 1), 'Inspection'), "
              "(dt.date(2024, 6, 1), 'Visit 1')]))")
    fresh = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True,
                           cwd=Path(__file__).resolve().parents[2]).stdout
    shown = [(dt.date(2023, 3, 1), "Inspection"), (dt.date(2024, 6, 1), "Visit 1")]
    for events in ([(dt.date(2020, 1, 1), f"Visit {n}") for n in range(1, 7)],
                   [], [(dt.date(2025, 1, 1), "Visit 9")], [*shown, (dt.date(2025, 2, 1), "V2")]):
        assert timeline_png(events) != fresh
    assert timeline_png(shown) == fresh


def test_sparklines_and_timelines_are_the_pictures_matplotlib_saves() -> None:
    """The charts are drawn on figures kept from one chart to the next and written without
    savefig; the picture must be the one a new figure saved by savefig gives, byte for byte."""
    def saved(figure: Figure, **options: object) -> bytes:
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=200, **options)
        return buffer.getvalue()

    for points, target, lower in (([38.0, 31.0, 24.0], 15.0, True), ([60.0, 72.5], 70.0, False),
                                  ([5.0], None, False), ([], 40.0, True)):
        figure = Figure(figsize=(1.1, 0.32), dpi=200)
        ax = figure.add_axes((0.04, 0.12, 0.92, 0.76))
        ax.axis("off")
        ax.plot(range(len(points)), points, color=hex_colour(INK), linewidth=1.0)
        if target is not None:
            ax.axhline(target, color=hex_colour(TARGET), linestyle="--", linewidth=0.8)
        if points:
            met = target is None or (points[-1] <= target if lower else points[-1] >= target)
            ax.plot(len(points) - 1, points[-1], marker="o" if met else "v", markersize=3.5,
                    color=hex_colour(MET if met else MISSED))
        both = [*points, *([target] if target is not None else [])] if points else [0.0, 1.0]
        pad = (max(both) - min(both)) * 0.15 or 1.0
        ax.set_ylim(min(both) - pad, max(both) + pad)
        ax.set_xlim(-0.3, max(len(points) - 1, 1) + 0.3)
        assert sparkline_png(points, target, lower_is_better=lower) == saved(
            figure, transparent=True), points

    events = [(dt.date(2023, 3, 1), "Inspection"), (dt.date(2024, 6, 1), "Visit 1"),
              (dt.date(2025, 2, 1), "Visit 2")]
    figure = Figure(figsize=(6.3, 1.9), dpi=200)
    ax = figure.add_axes((0.03, 0.05, 0.94, 0.9))
    span = (events[-1][0] - events[0][0]).days
    ax.hlines(0, -0.04 * span, 1.04 * span, color=hex_colour(TIMELINE), linewidth=2)
    for n, (when, label) in enumerate(events):
        x, up = (when - events[0][0]).days, 1 if n % 2 == 0 else -1
        ax.plot(x, 0, marker="o", markersize=7, color=hex_colour(TIMELINE))
        ax.vlines(x, 0, 0.45 * up, color=hex_colour(TARGET), linewidth=0.8)
        ax.text(x, 0.52 * up, f"{label}\n{when:%b %Y}", ha="center",
                va="bottom" if up > 0 else "top", fontsize=8)
    ax.set_xlim(-0.12 * span, 1.12 * span)
    ax.set_ylim(-1.35, 1.35)
    ax.axis("off")
    assert timeline_png(events) == saved(figure)


def test_annex_trends_are_the_pictures_savefig_gives_and_follow_their_figures() -> None:
    """An Annex A trend is drawn in one pass (savefig lays it out and draws it twice) and kept
    for the same figures; new values give a new picture, the one savefig would give."""
    from exporters.annex_word import _png
    from exporters.indicator_chart import draw_indicator_trend, trend_png

    def saved(title: str, points: tuple[tuple[dt.date, float | None], ...], unit: str) -> bytes:
        figure = Figure(figsize=(3.3, 1.8), dpi=150)
        draw_indicator_trend(figure, title, points, unit)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=150)
        return buffer.getvalue()

    title = "Children in care with 3 or more placements in 12 months"
    before = ((dt.date(2026, 5, 14), 32.8), (dt.date(2026, 11, 10), 23.6))
    after = ((dt.date(2026, 5, 14), 32.8), (dt.date(2026, 11, 10), 41.0))
    first = _png(title, before, "%").getvalue()
    assert first == saved(title, before, "%")
    assert _png(title, after, "%").getvalue() == saved(title, after, "%") != first
    assert _png(title, before, "%").getvalue() == first
    days = ((dt.date(2026, 5, 14), 313.4), (dt.date(2026, 8, 1), None), (dt.date(2026, 11, 10), 367.9))
    assert trend_png("Average days", days, "days", width_in=3.3, height_in=1.8,
                     dpi=150) == saved("Average days", days, "days")
