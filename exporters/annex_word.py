"""The briefing pack's Annex A parts: figures per theme, and how the case sample was drawn.

Kept apart from the pack's own layout so that any version of the pack can call them; each
takes the pack writer (``heading``, ``para``, ``table``) and the briefing content.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from docx.shared import Cm

from models.briefing import BriefingContent
from models.sampling import BalanceRow

from .indicator_chart import trend_png


def annex_indicators_for_theme(pack: Any, content: BriefingContent, theme_code: str) -> None:
    """A table of the theme's figures from the latest Annex A return, and a trend if there are two."""
    annex = content.annex
    if annex is None:
        return
    figures = annex.for_theme(theme_code)
    if not figures:
        return
    pack.heading(f"Figures from Annex A (as at {annex.as_at:%d %B %Y})", 2)
    pack.para("Worked out by VisitReady from the Annex A return; each figure's definition is in "
              "the evidence log's Indicators sheet.")
    pack.table(("Indicator", "Value", "Counted", "Previous return", "Direction of good"),
               [(f.name, f.text, f.fraction, f.previous or "\u2013", f.direction)
                for f in figures],
               (7.4, 2.2, 2.4, 2.4, 2.6))
    trended = [f for f in figures if sum(1 for _d, v in f.trend if v is not None) >= 2]
    if trended:
        # Small multiples, two a row: the headline trend of each figure.
        table = pack.doc.add_table(rows=0, cols=2)
        for start in range(0, len(trended), 2):
            cells = table.add_row().cells
            for cell, figure in zip(cells, trended[start:start + 2], strict=False):
                run = cell.paragraphs[0].add_run()
                run.add_picture(_png(figure.name, figure.trend, figure.unit), width=Cm(8.2))
        pack.doc.add_paragraph()


def _png(title: str, trend: Any, unit: str) -> Any:
    import io

    return io.BytesIO(_trend_png(title, tuple(trend), unit))


# As the pack's sparklines: the same figure's name, values and unit give the same picture
# (the PNG depends on nothing else), so a pack exported again, or another audience's
# version, reuses it; a figure whose values changed is drawn afresh.
@lru_cache(maxsize=256)
def _trend_png(title: str, trend: tuple[tuple[dt.date, float | None], ...], unit: str) -> bytes:
    return trend_png(title, trend, unit, width_in=3.3, height_in=1.8, dpi=150)


def sampling_appendix(pack: Any, content: BriefingContent) -> None:
    """How each of the visit's case samples was drawn, its cases and its balance table."""
    annex = content.annex
    if annex is None or not annex.draws:
        return
    pack.heading("Case sample: how it was drawn and how it balances", 2)
    for number, draw in enumerate(annex.draws, 1):
        if len(annex.draws) > 1:
            pack.para(f"Draw {number}", style="Heading 3")
        pack.para(draw.sentence)
        pack.table(("Sample", "Stratum", "How chosen", "Rank"), draw.cases, (3.0, 7.6, 4.0, 2.4))
        pack.para("Balance: the frame, the council's sample and the inspectors' choices by "
                  "stratum.")
        pack.table(("Stratum variable", "Value", "Frame", "Council", "Inspectors"),
                   [balance_cells(r) for r in draw.balance], (3.4, 4.0, 3.2, 3.2, 3.2))


def balance_cells(row: BalanceRow) -> tuple[str, str, str, str, str]:
    share = BalanceRow.share
    return (row.variable, row.value, f"{row.frame} ({share(row.frame, row.frame_total)})",
            f"{row.council} ({share(row.council, row.council_total)})",
            f"{row.inspectors} ({share(row.inspectors, row.inspectors_total)})")
