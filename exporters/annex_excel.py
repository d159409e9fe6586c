"""The evidence log's Annex A figures: a second table on the Indicators sheet."""

from __future__ import annotations

from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo

from models.briefing import BriefingContent

#: (heading, width) of the Annex A table's columns, lined up under the sheet's own columns
#: (column L is the sheet's hidden version column: the source hash sits there).
ANNEX_COLUMNS = (
    ("Code", 8), ("Themes", 24), ("Annex A figure", 40), ("Value", 9), ("Unit", 7),
    ("Numerator", 9), ("Denominator", 9), ("Previous return", 12), ("As at", 12),
    ("Direction of good", 16), ("Definition version", 9), ("Source file SHA-256", 0),
    ("From lists", 13), ("Definition", 13),
)


def add_annex_indicators(ws: Any, content: BriefingContent, rows_written: int,
                         cell: Any, bold: Any, wrap: Any) -> None:
    """Append the latest return's figures below the sheet's table, as their own Excel table.

    Args:
        ws: The Indicators sheet (write-only), with ``rows_written`` rows so far.
        content: The briefing content.
        rows_written: Rows already on the sheet (banner, heading row, table rows).
        cell: The log's cell maker (text is never written as a formula).
        bold: Heading font.
        wrap: Wrapped alignment.
    """
    annex = content.annex
    if annex is None or not annex.figures:
        return
    ws.append([])
    title_row = rows_written + 2
    ws.append([cell(ws, f"Figures worked out from the Annex A return as at "
                        f"{annex.as_at:%d/%m/%Y} ({annex.file_names})", font=bold)])
    header_row = title_row + 1
    ws.append([cell(ws, name, font=bold, alignment=wrap) for name, _w in ANNEX_COLUMNS])
    for f in annex.figures:
        ws.append([cell(ws, v, alignment=wrap) for v in (
            f.code, ", ".join(f.theme_codes), f.name,
            None if f.value is None else round(f.value, 1), f.unit, f.numerator, f.denominator,
            f.previous, f.as_at, f.direction, f.definition_version, f.source_sha256, f.lists,
            f.plain)])
    last = header_row + len(annex.figures)
    table = Table(displayName="AnnexAFigures",
                  ref=f"A{header_row}:{get_column_letter(len(ANNEX_COLUMNS))}{last}")
    table._initialise_columns()
    for column, (name, _w) in zip(table.tableColumns, ANNEX_COLUMNS, strict=True):
        column.name = name
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    import warnings

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "In write-only mode you must add table columns")
        ws.add_table(table)
