"""Every colour the exports print (Word, Excel, charts), in one place.

Print colours are fixed (paper is white); RAG and grades are always printed with their
word beside the colour, so a black-and-white copy still reads.
"""

from __future__ import annotations

from models import vocabulary as v

#: Strong RAG colours, for chart bars and Excel chart points.
RAG_COLOURS = {v.Rag.RED: "C0392B", v.Rag.AMBER: "E6A700", v.Rag.GREEN: "2E8540"}
#: Light RAG fills behind a RAG word in a table cell.
RAG_LIGHT = {v.Rag.RED: "F4CCCC", v.Rag.AMBER: "FCE8B2", v.Rag.GREEN: "D9EAD3"}
#: Light fills behind an audit grade's word.
GRADE_LIGHT = {
    "Outstanding": "B7D7F0",
    "Good": "D9EAD3",
    "Requires improvement to be good": "FCE8B2",
    "Inadequate": "F4CCCC",
}
#: Word table fills: headings, a missing owner or date, evidence not yet approved.
HEADING_FILL = "DCE6EC"
MISSING_FILL = "F4CCCC"
DRAFT_FILL = "FCE8B2"
#: The readiness review's severity cells (each read as a word as well).
SEVERITY_FILL = {"High": RAG_LIGHT[v.Rag.RED], "Medium": RAG_LIGHT[v.Rag.AMBER], "Low": "FFFFFF"}
#: Word table borders.
BORDER = "999999"
#: Excel's banner (the authority and visit over the first sheet).
BANNER_TEXT = "C00000"
#: Chart inks: outlines and lines, thresholds and targets, the timeline, indicator trends.
INK = "333333"
THRESHOLD = "555555"
TARGET = "777777"
MET = RAG_COLOURS[v.Rag.GREEN]
MISSED = RAG_COLOURS[v.Rag.RED]
TIMELINE = "0B4F6C"
TREND = "1F4E79"


def hex_colour(value: str) -> str:
    """A print colour as matplotlib wants it ("#333333")."""
    return "#" + value
