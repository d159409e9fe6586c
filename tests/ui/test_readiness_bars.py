"""The dashboard's readiness chart: each theme's bar, score and RAG word, in the palette's colours."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtGui import QColor, QImage, QPalette

from models import vocabulary as v
from models.briefing import ChartBar, ReadinessChart
from ui.palette import chip_colours
from ui.readiness_bars import ReadinessBars

CHART = ReadinessChart(
    title="Readiness by theme \u2014 Monitoring visit 4",
    bars=(ChartBar("Children in care", 0.9, v.Rag.GREEN),
          ChartBar("Care leavers", 0.6, v.Rag.AMBER),
          ChartBar("Front door", 0.3, v.Rag.RED)),
    green_from=0.8, amber_from=0.5)




def _bar_ends(image: QImage, fill: QColor) -> list[int]:
    """The right-most column of ``fill`` on each row it appears in."""
    ends = []
    for y in range(image.height()):
        xs = [x for x in range(image.width()) if image.pixelColor(x, y) == fill]
        if xs:
            ends.append(max(xs))
    return ends


def test_the_chart_says_each_theme_score_and_rag_in_words(qtbot: Any) -> None:
    view = ReadinessBars()
    qtbot.addWidget(view)
    view.set_chart(CHART)
    words = ("Readiness by theme \u2014 Monitoring visit 4: Children in care 90% Green; "
             "Care leavers 60% Amber; Front door 30% Red. Amber from 50%, Green from 80%.")
    assert view.accessibleDescription() == words
    assert view.toolTip() == words
    assert view.accessibleName() == "Readiness by theme chart"
    view.set_chart(None)
    assert view.accessibleDescription() == ""


def test_each_bar_is_drawn_in_its_rag_colour_as_long_as_its_score(qtbot: Any,
                                                                   palette: QPalette) -> None:
    view = ReadinessBars()
    qtbot.addWidget(view)
    view.resize(600, 320)
    view.set_chart(CHART)
    image = view.grab().toImage()
    ends = {}
    for bar in CHART.bars:
        _text, fill, _border = chip_colours(bar.rag.value, view.palette())
        found = _bar_ends(image, fill)
        assert len(found) > 10, bar.rag  # a bar of several rows in the RAG's colour
        ends[bar.rag] = max(found)
    # 90% reaches three times as far from the axis as 30%, 60% twice as far.
    assert ends[v.Rag.GREEN] > ends[v.Rag.AMBER] > ends[v.Rag.RED]
    start = min(x for x in range(image.width())
                if any(image.pixelColor(x, y) == chip_colours("Red", view.palette())[1]
                       for y in range(image.height())))
    assert (ends[v.Rag.GREEN] - start) / (ends[v.Rag.RED] - start) == pytest.approx(3, rel=0.1)


def test_a_visit_without_themes_says_so_and_a_squeezed_chart_still_paints(qtbot: Any) -> None:
    view = ReadinessBars()
    qtbot.addWidget(view)
    view.set_chart(ReadinessChart(title="Readiness by theme \u2014 V", bars=(),
                                  green_from=0.8, amber_from=0.5))
    assert "no themes chosen" in view.accessibleDescription()
    view.resize(40, 12)
    assert not view.grab().isNull()  # drawn (nothing fits; the words are in the tooltip)
