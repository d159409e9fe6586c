"""The evidence log's data rows, written as XML one row at a time without a cell object per value."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from lxml.etree import _Element, fromstring
from openpyxl.cell._writer import _set_attributes
from openpyxl.cell.cell import ERROR_CODES, Cell
from openpyxl.compat.strings import safe_string
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.dimensions import RowDimension

from .safe_text import GatedSheet, excel_text

#: Makes the styled (and gated) cell the sheet would write for a value of record ``ref`` in
#: column ``n`` with its fill: ``cell_for(n, value, fill, ref)``.
CellFor = Callable[[int, Any, "str | None", str], Cell]

_QUOTED = "quoted"


class _Row:
    """One data row, ready to write: the row's attributes and each cell's style, type and text."""

    __slots__ = ("attributes", "cells")

    def __init__(self, attributes: str,
                 cells: list[tuple[str, str, str, str | None, bool]]) -> None:
        self.attributes = attributes
        self.cells = cells

    def element(self, row_index: int) -> _Element:
        """The ``<row>`` element openpyxl would write for the same cells (same tags and order).

        Built as one string and parsed once: a C parse is cheaper than an lxml call per
        element. Empty cells get an empty text so they serialise as ``<c ...></c>``, as
        openpyxl's own writer leaves them.
        """
        index = str(row_index)
        parts = [f'<row r="{index}"{self.attributes}>']
        empty: list[int] = []
        for n, (letter, style, kind, text, inline) in enumerate(self.cells):
            head = f'<c r="{letter}{index}" s="{style}" t="{kind}">'
            if text is None:
                empty.append(n)
                parts.append(f"{head}</c>")
            elif inline:
                space = ' xml:space="preserve"' if text != text.strip() else ""
                parts.append(f"{head}<is><t{space}>{_escape(text)}</t></is></c>")
            else:
                parts.append(f"{head}<v>{_escape(text)}</v></c>")
        parts.append("</row>")
        row = fromstring("".join(parts))
        for n in empty:
            row[n].text = ""
        return row


def _escape(text: str) -> str:
    # A carriage return would be read back as a line feed unless written as a reference.
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\r", "&#13;"))


class _RowWriter(WorksheetWriter):
    """openpyxl's sheet writer, taught to write a prepared :class:`_Row` directly."""

    def write_row(self, xf: Any, row: Any, row_idx: int) -> None:
        if isinstance(row, _Row):
            xf.write(row.element(row_idx))
        else:
            super().write_row(xf, row, row_idx)


class RowSheet(GatedSheet):
    """A gated write-only sheet that also takes prepared data rows (see :class:`DataRows`)."""

    def _get_writer(self) -> None:
        if self._writer is None:
            self._writer = _RowWriter(self)
            self._writer.write_top()

    def _values_to_row(self, values: Any, row_idx: int) -> Any:
        if isinstance(values, _Row):
            return values
        return super()._values_to_row(values, row_idx)

    def append_prepared(self, row: _Row) -> None:
        # What WriteOnlyWorksheet.append does, minus the checks a prepared row has passed.
        self._get_writer()
        if self._rows is None:
            self._rows = self._write_rows()
            next(self._rows)
        self._rows.send(row)


def new_row_sheet(book: Any, title: str) -> RowSheet:
    """Add a :class:`RowSheet` called ``title`` at the end of the write-only ``book``."""
    sheet = RowSheet(parent=book, title=title)
    book._add_sheet(sheet=sheet)
    return sheet


class DataRows:
    """Writes a data sheet's records one row at a time, each value through the text gate.

    Each distinct look (column, fill, kind of value) is styled once through ``cell_for``,
    the function that styles a single cell, so the rows look exactly as if every cell had
    been built on its own; after that a row costs a few lxml calls per cell.
    """

    def __init__(self, ws: RowSheet, cell_for: CellFor) -> None:
        self.ws = ws
        self.cell_for = cell_for
        self._epoch = ws.parent.epoch
        self._styles: dict[tuple[int, str | None, Any], str] = {}
        self._heights: dict[float, str] = {}
        self._letters: list[str] = []

    def append(self, values: Sequence[Any], fills: Sequence[str | None], ref: str,
               height: float) -> None:
        """Write one row of ``values`` (with their fills) for record ``ref``, ``height`` points."""
        letters = self._letters
        while len(letters) < len(values):
            letters.append(get_column_letter(len(letters) + 1))
        attributes = self._heights.get(height)
        if attributes is None:
            attributes = self._heights[height] = "".join(
                f' {name}="{value}"' for name, value in RowDimension(self.ws, ht=height))
        cells: list[tuple[str, str, str, str | None, bool]] = []
        for n, value in enumerate(values):
            fill = fills[n]
            if isinstance(value, str):
                text, quoted = excel_text(value, ref=ref)
                if not quoted and text in ERROR_CODES:
                    cells.append(self._generic(n, value, fill, ref))
                    continue
                kind: Any = _QUOTED if quoted else str
                cells.append((letters[n], self._style(n, value, fill, kind, ref), "inlineStr",
                              text or None, True))
            elif value is None:
                cells.append((letters[n], self._style(n, value, fill, None, ref), "n", None,
                              False))
            elif type(value) in (bool, int, float):
                cells.append((letters[n], self._style(n, value, fill, type(value), ref),
                              "b" if type(value) is bool else "n", safe_string(value), False))
            elif type(value) is dt.date:
                cells.append((letters[n], self._style(n, value, fill, dt.date, ref), "n",
                              safe_string(to_excel(value, self._epoch)), False))
            else:
                cells.append(self._generic(n, value, fill, ref))
        self.ws.append_prepared(_Row(attributes, cells))

    def _style(self, n: int, value: Any, fill: str | None, kind: Any, ref: str) -> str:
        key = (n, fill, kind)
        style = self._styles.get(key)
        if style is None:
            style = self._styles[key] = str(self._cell(n, value, fill, ref).style_id)
        return style

    def _cell(self, n: int, value: Any, fill: str | None, ref: str) -> Cell:
        return self.cell_for(n, value, fill, ref)

    def _generic(self, n: int, value: Any, fill: str | None,
                 ref: str) -> tuple[str, str, str, str | None, bool]:
        """A value of an unusual type (a time, an error code): styled and typed by openpyxl."""
        cell = self._cell(n, value, fill, ref)
        cell.row, cell.column = 1, n + 1
        written, attributes = _set_attributes(cell, True)
        text = None if written is None or written == "" else (
            written if cell.data_type == "s" else safe_string(written))
        return (self._letters[n], attributes["s"], attributes.get("t", "n"), text,
                cell.data_type == "s")
