"""The one gate for text leaving the workspace: every string written to Word or Excel passes here.

It removes characters XML cannot hold, keeps Excel from reading text as a formula,
cuts text too long for an Excel cell with a visible note, and collects warnings
for the export summary. The Excel writer calls it for every cell through
:class:`GatedWorkbook`; the Word writer through :func:`for_word` wherever a run
gets its text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from models.characters import NOT_IN_XML, remove_unwritable

#: Text starting with one of these would be read as a formula by a spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: The most characters an Excel cell holds.
EXCEL_CELL_LIMIT = 32_767
#: The most characters Excel accepts in a page header or footer section.
EXCEL_HEADER_LIMIT = 255
#: A record reference at the start of a data row ("E-014", "CS-002").
REFERENCE = re.compile(r"^[A-Z]{1,3}-\d+$")

_notes: ContextVar[list[str] | None] = ContextVar("export_notes", default=None)


@contextmanager
def collecting() -> Iterator[list[str]]:
    """Collect the warnings of the exports written inside the block (for their summary)."""
    notes: list[str] = []
    token = _notes.set(notes)
    try:
        yield notes
    finally:
        _notes.reset(token)
        # A note naming no record adds nothing when the same problem is named elsewhere.
        unnamed = f"left out of {_where('')}."
        if any(n.endswith(unnamed) for n in notes) and sum("left out of" in n for n in notes) > 1:
            notes[:] = [n for n in notes if not n.endswith(unnamed)]


def _note(message: str) -> None:
    notes = _notes.get()
    if notes is not None and message not in notes:
        notes.append(message)


def _where(ref: str) -> str:
    return ref or "a record"


def clean(text: str, *, ref: str = "") -> str:
    """``text`` without the characters XML cannot hold (noting it when any were found)."""
    if NOT_IN_XML.search(text) is None:
        return text
    _note(f"Invisible control characters were left out of {_where(ref)}.")
    return remove_unwritable(text)


def for_word(value: object, *, ref: str = "") -> str:
    """A value as text that a Word document can hold."""
    return clean("" if value is None else str(value), ref=ref)


def cut_for_excel(text: str, *, ref: str = "") -> str:
    """Text that fits an Excel cell; longer text is cut with a visible note naming the record."""
    if len(text) <= EXCEL_CELL_LIMIT:
        return text
    marker = f"\u2026 [cut: see {ref} in the workspace]" if ref else (
        "\u2026 [cut: see the workspace for the full text]")
    _note(f"Text in {_where(ref)} is longer than an Excel cell holds "
          f"({EXCEL_CELL_LIMIT:,} characters) and was cut in the evidence log; "
          "the full text is in the workspace and the briefing pack.")
    return text[: EXCEL_CELL_LIMIT - len(marker)] + marker


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def for_excel_header(text: str) -> str:
    """Text for an Excel page header or footer: ``&`` starts a code there, so it is doubled."""
    text = remove_unwritable(text).replace("&", "&&")
    return text[:EXCEL_HEADER_LIMIT].rstrip("&") if len(text) > EXCEL_HEADER_LIMIT else text


def excel_value(ws: Any, value: Any, *, ref: str = "") -> Any:
    """A cell value (or cell) made safe: clean text, cut to fit, never a formula."""
    if isinstance(value, Cell):
        current = value.value
        if isinstance(current, str):
            text = _gated(current, ref)
            if text is not current:
                value.value = text
            if text.startswith(FORMULA_STARTS):
                value.data_type = "s"
                value.quotePrefix = True
        return value
    if not isinstance(value, str):
        return value
    text, quoted = excel_text(value, ref=ref)
    if quoted:
        # Stored as text, never as a formula, whatever opens the file.
        cell = WriteOnlyCell(ws, value=text)
        cell.data_type = "s"
        cell.quotePrefix = True
        return cell
    return text


def excel_text(text: str, *, ref: str = "") -> tuple[str, bool]:
    """Text made safe for a cell, and whether it must be stored as text with a quote prefix
    (it would otherwise be read as a formula)."""
    text = _gated(text, ref)
    return text, text.startswith(FORMULA_STARTS)


def _gated(text: str, ref: str) -> str:
    # Most text needs nothing: check that first, as this runs for every cell.
    if len(text) <= EXCEL_CELL_LIMIT and NOT_IN_XML.search(text) is None:
        return text
    return cut_for_excel(clean(text, ref=ref), ref=ref)


def _row_ref(row: Iterable[Any]) -> str:
    for first in row:
        value = first.value if isinstance(first, Cell) else first
        if isinstance(value, str) and REFERENCE.match(value):
            return value
        return ""
    return ""


class GatedSheet(WriteOnlyWorksheet):
    """A write-only sheet whose every appended value goes through the gate."""

    def append(self, row: Any) -> None:
        if not isinstance(row, dict):
            values = list(row)
            ref = _row_ref(values)
            row = [excel_value(self, v, ref=ref) for v in values]
        super().append(row)


class GatedWorkbook(Workbook):
    """A write-only workbook whose sheets are :class:`GatedSheet` s."""

    def __init__(self) -> None:
        super().__init__(write_only=True)

    def create_sheet(self, title: str | None = None, index: int | None = None) -> Any:
        sheet = GatedSheet(parent=self, title=title)
        self._add_sheet(sheet=sheet, index=index)
        return sheet
