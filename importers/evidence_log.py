"""Read an edited evidence log back: check the file, parse each sheet forgivingly, strictly where it matters.

Only ever reads the user's file (openpyxl read-only mode, cached values of
formulas); it is never saved back. What comes out is a :class:`ParsedLog`: the
log's identity and, per sheet, each non-empty row's reference, hidden version
and base hash and its values in the form :mod:`models.log_format` compares.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from exporters.common import ExportCancelled
from exporters.excel import HEADER_ROW, LOG_SHEETS, Column
from models import migrations
from models.errors import ImportFileError
from models.log_format import (
    BASE_HASH_HEADING,
    IDENTITY_SHEET,
    LOG_FORMAT,
    LOG_FORMAT_VERSION,
    NO_VISIT,
    REF_HEADING,
    VERSION_HEADING,
    LogIdentity,
)
from models.records import FieldSpec, FieldType, RecordKind

Progress = Callable[[int, int, str], None]
IsCancelled = Callable[[], bool]

#: More data rows than this in one log is refused (Excel's own limit is about a million).
MAX_ROWS = 200_000
#: Rows between progress reports (and checks for a cancel).
PROGRESS_EVERY = 1000
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_SPLIT = re.compile(r"[,;]")
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}


class LogFromAnotherWorkspace(ImportFileError):
    """The log was exported from a different workspace; import only if the user insists."""

    title = "Evidence log from another workspace"

    def __init__(self, message: str, hint: str, identity: LogIdentity) -> None:
        super().__init__(message, hint)
        self.identity = identity


class ImportCancelled(ExportCancelled):
    """The user cancelled reading the log; nothing was written.

    A kind of :class:`ExportCancelled`, so the one background runner treats both alike.
    """


@dataclass(frozen=True)
class Problem:
    """Something in the file that cannot be taken as it is (or, as a warning, should be checked).

    Attributes:
        sheet: Sheet name.
        row: Row number as the spreadsheet shows it.
        column: Column heading.
        value: The cell's value as text.
        expected: What was expected instead (or, for a warning, what to check).
        severity: "Error" (the row is left out) or "Warning" (imported, but look at it).
    """

    sheet: str
    row: int
    column: str
    value: str
    expected: str
    severity: str = "Error"


@dataclass
class FileRow:
    """One non-empty row of a data sheet.

    Attributes:
        sheet: Sheet name.
        row: Row number as the spreadsheet shows it.
        ref: The Ref cell, as text ("" for a new row).
        version: The hidden version exported (None when missing or unreadable).
        base_hash: The hidden base hash ("" when missing).
        values: Field name to parsed value, for the columns present and readable.
        raw: Field name to the cell's text, for link columns (to quote in messages).
        problems: How many errors the row has (it is left out when any).
    """

    sheet: str
    row: int
    ref: str
    version: int | None
    base_hash: str
    values: dict[str, Any] = field(default_factory=dict)
    raw: dict[str, str] = field(default_factory=dict)
    problems: int = 0


@dataclass
class SheetData:
    """A data sheet as read: its kind, the fields its columns carry, and its rows."""

    title: str
    kind: RecordKind
    fields: tuple[str, ...]
    present: tuple[str, ...]
    rows: list[FileRow]
    ignored_headings: tuple[str, ...] = ()
    #: Field name to its column heading on this sheet.
    headings: dict[str, str] = field(default_factory=dict)


@dataclass
class ParsedLog:
    """Everything read from the file, before any comparison with the workspace."""

    path: Path
    sha256: str
    identity: LogIdentity
    sheets: list[SheetData]
    problems: list[Problem]

    @property
    def file_name(self) -> str:
        return self.path.name


@dataclass(frozen=True)
class Lookups:
    """What parsing needs from the workspace: theme codes and names, visit titles."""

    theme_codes: dict[str, str]
    theme_names: dict[str, str]
    visit_titles: dict[str, str]


def squash(text: str) -> str:
    """Lower case with runs of spaces (non-breaking too) made one: how headings and choices match."""
    return " ".join(str(text).replace("\xa0", " ").split()).casefold()


def as_text(value: Any) -> str:
    """A cell value as a person would read it."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return f"{value:%d/%m/%Y}"
        return f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class _Bad(Exception):
    def __init__(self, expected: str) -> None:
        super().__init__(expected)
        self.expected = expected


def parse_date(value: Any) -> dt.date | None:
    """An Excel date, or text as dd/mm/yyyy or yyyy-mm-dd; anything else is refused, not guessed."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            if m := _ISO_DATE.match(text):
                return dt.date(int(m[1]), int(m[2]), int(m[3]))
            if m := _UK_DATE.match(text):
                return dt.date(int(m[3]), int(m[2]), int(m[1]))
        except ValueError:
            raise _Bad("a real date (check the day and month)") from None
    raise _Bad("a date, as dd/mm/yyyy or yyyy-mm-dd")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.date, dt.datetime)):
        raise _Bad("text (the spreadsheet turned this into a date; type it as text)")
    return str(value).replace("\r\n", "\n").replace("\r", "\n")


@functools.cache
def _choices(choices: tuple[str, ...]) -> dict[str, str]:
    return {squash(c): c for c in choices}


def parse_value(spec: FieldSpec, value: Any, lookups: Lookups) -> Any:
    """One cell's value in the form the store takes (links as codes, references or names).

    Raises:
        _Bad: the value is not acceptable; says what was expected.
    """
    kind = spec.type
    if kind is FieldType.DATE:
        return parse_date(value)
    if kind is FieldType.FLAG:
        if value == "Yes" or value == "No":
            return value == "Yes"
        text = squash(as_text(value))
        if text in _YES:
            return True
        if text in _NO or text == "":
            return False
        raise _Bad("Yes or No")
    if kind is FieldType.CHOICE:
        if value in spec.choices:
            return value
        text = squash(as_text(value))
        if not text:
            return None
        found = _choices(spec.choices).get(text)
        if found is None:
            raise _Bad("one of: " + ", ".join(spec.choices))
        return found
    if kind is FieldType.NUMBER:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, bool):
            raise _Bad("a number")
        if isinstance(value, (int, float)):
            return float(value)
        try:
            return float(str(value).strip().replace(",", ""))
        except ValueError:
            raise _Bad("a number") from None
    if kind is FieldType.LINKS:
        tokens = [t.strip() for t in _SPLIT.split(_text(value)) if t.strip()]
        if spec.target == "theme":
            found = []
            for t in tokens:
                code = lookups.theme_codes.get(squash(t))
                if code is None:
                    raise _Bad("theme codes, separated by commas (" + ", ".join(
                        sorted(lookups.theme_codes.values())) + f"); there is no theme {t}")
                found.append(code)
            return found
        return [t.upper() for t in tokens]
    if kind is FieldType.LINK:
        text = squash(_text(value))
        if not text:
            return NO_VISIT if spec.name == "source_visit_id" else ""
        table = lookups.theme_names if spec.target == "theme" else lookups.visit_titles
        if spec.name == "source_visit_id" and text == squash(NO_VISIT):
            return NO_VISIT
        if text not in table:
            what = "a theme's name" if spec.target == "theme" else "a visit's title"
            raise _Bad(f"{what} as VisitReady shows it (" + ", ".join(table.values()) + ")")
        return table[text]
    return _text(value)


# -- the file ----------------------------------------------------------------------------------

def _check_container(path: Path) -> bytes:
    """The file's bytes, once it is known to be a workbook VisitReady can open.

    Raises:
        ImportFileError: missing, unreadable, not a spreadsheet, password-protected,
            or an old .xls workbook.
    """
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        raise ImportFileError(f"There is no file at {path}.", "Check the name and folder.") from None
    except OSError as exc:
        raise ImportFileError(f"Cannot read {path.name}: {exc.strerror}.",
                              "Close it in Excel (or wherever it is open) and try again.") from exc
    if content.startswith(_OLE_MAGIC):
        if _ENCRYPTED in content:
            raise ImportFileError(
                f"{path.name} is protected with a password, so VisitReady cannot read it.",
                "Open it in Excel, remove the password (File \u2192 Info \u2192 Protect Workbook), "
                "save it and import it again. Nothing was changed.")
        raise ImportFileError(
            f"{path.name} is an old-style Excel workbook (.xls).",
            "Open it in Excel and save it as an Excel Workbook (.xlsx), then import that. "
            "Nothing was changed.")
    if not content.startswith(b"PK") or not zipfile.is_zipfile(path):
        raise ImportFileError(
            f"{path.name} is not an Excel workbook.",
            "Choose the evidence log (.xlsx) that VisitReady exported. Nothing was changed.")
    return content


def _open(path: Path, *, data_only: bool) -> Any:
    try:
        return load_workbook(path, read_only=True, data_only=data_only)
    except Exception as exc:  # openpyxl raises many kinds for a damaged package
        raise ImportFileError(
            f"{path.name} could not be read as an Excel workbook ({type(exc).__name__}).",
            "Open it in Excel, save it again as .xlsx and import that. Nothing was changed.",
        ) from exc


def _sheets_with_formulas(path: Path, book: Any) -> set[str]:
    """Sheets whose XML holds a formula (cheap: a byte search, no parsing)."""
    found = set()
    with zipfile.ZipFile(path) as package:
        for ws in book.worksheets:
            part = getattr(ws, "_worksheet_path", "")
            try:
                xml = package.read(part)
            except KeyError:
                continue
            if b"<f>" in xml or b"<f " in xml or b":f>" in xml or b":f " in xml:
                found.add(ws.title)
    return found


def _identity(path: Path, book: Any) -> LogIdentity:
    if IDENTITY_SHEET not in book.sheetnames:
        raise ImportFileError(
            f"{path.name} is not an evidence log exported by this version of VisitReady "
            f"(its hidden \u201c{IDENTITY_SHEET}\u201d sheet is missing).",
            "Export a new evidence log (Export \u2192 Briefing pack and evidence log), make your "
            "changes in that, and import it. Nothing was changed.")
    facts: dict[str, str] = {}
    for row in book[IDENTITY_SHEET].iter_rows(values_only=True):
        if row and row[0] is not None:
            facts[str(row[0]).strip()] = as_text(row[1] if len(row) > 1 else None).strip()
    if facts.get("Format") != LOG_FORMAT:
        raise ImportFileError(f"{path.name} is not a VisitReady evidence log.",
                              "Choose the log VisitReady exported. Nothing was changed.")
    try:
        version = int(facts.get("Format version", ""))
    except ValueError:
        version = -1
    if version > LOG_FORMAT_VERSION or (
            facts.get("Schema") and facts["Schema"] not in migrations.known_revisions()):
        raise ImportFileError(
            f"{path.name} was exported by a newer VisitReady "
            f"({facts.get('VisitReady version', 'unknown version')}).",
            "Install the latest VisitReady to import it. Nothing was changed.")
    try:
        return LogIdentity.from_facts(facts)
    except (KeyError, ValueError) as exc:
        raise ImportFileError(
            f"The hidden \u201c{IDENTITY_SHEET}\u201d sheet of {path.name} has been changed "
            f"({exc}), so VisitReady cannot tell which export it is.",
            "Export a new evidence log and make your changes in that. Nothing was changed.",
        ) from exc


def _headings(row: tuple[Any, ...]) -> list[str]:
    return [squash(as_text(v)) for v in row]


def _find_header(title: str, rows: list[tuple[Any, ...]]) -> None:
    """Refuse a sheet whose header row is not where the log put it."""
    ref = squash(REF_HEADING)
    if len(rows) >= HEADER_ROW and ref in _headings(rows[HEADER_ROW - 1]):
        return
    for n, row in enumerate(rows, 1):
        if ref in _headings(row):
            raise ImportFileError(
                f"On the \u201c{title}\u201d sheet the header row has moved to row {n}; "
                f"VisitReady expects it on row {HEADER_ROW}.",
                "Delete or move the rows above it so the headings are on row 2 again, "
                "then import. Nothing was changed.")
    raise ImportFileError(
        f"The \u201c{title}\u201d sheet has no heading row with a \u201cRef\u201d column.",
        "Keep the headings as exported (on row 2) and import again. Nothing was changed.")


def read_log(path: Path | str, lookups: Lookups, *, progress: Progress | None = None,
             is_cancelled: IsCancelled | None = None) -> ParsedLog:
    """Open an edited evidence log and read every data sheet.

    Raises:
        ImportFileError: the file cannot be imported at all; nothing was read into the
            workspace. Problems with single cells are returned, not raised.
        ImportCancelled: ``is_cancelled`` said so.
    """
    path = Path(path)
    content = _check_container(path)
    digest = hashlib.sha256(content).hexdigest()
    del content
    book = _open(path, data_only=True)
    try:
        identity = _identity(path, book)
        missing = [title for title, _k, _c in LOG_SHEETS if title not in book.sheetnames]
        if missing:
            raise ImportFileError(
                f"{path.name} has no sheet called " + ", ".join(f"\u201c{m}\u201d" for m in missing)
                + " (its sheets are: " + ", ".join(book.sheetnames) + ").",
                "Give renamed sheets their exported names back, or export a new log. "
                "Nothing was changed.")
        with_formulas = _sheets_with_formulas(path, book)
        formulas = _open(path, data_only=False) if with_formulas else None
        try:
            problems: list[Problem] = []
            sheets: list[SheetData] = []
            total = [0]
            estimate = sum(max((book[t].max_row or 0) - HEADER_ROW, 0) for t, _k, _c in LOG_SHEETS)
            for title, kind, columns in LOG_SHEETS:
                formula_rows = (formulas[title].iter_rows(values_only=True)
                                if formulas is not None and title in with_formulas else None)
                rows = book[title].iter_rows(values_only=True)
                try:
                    sheets.append(_read_sheet(title, kind, columns, rows, formula_rows,
                                              lookups, problems, total, estimate, progress,
                                              is_cancelled))
                finally:
                    # Each row iterator holds the sheet's part open until it is closed.
                    rows.close()
                    if formula_rows is not None:
                        formula_rows.close()
        finally:
            if formulas is not None:
                formulas.close()
    finally:
        book.close()
    return ParsedLog(path=path, sha256=digest, identity=identity, sheets=sheets,
                     problems=problems)


def _read_sheet(title: str, kind: RecordKind, columns: tuple[Column, ...],
                rows: Iterator[tuple[Any, ...]], formula_rows: Iterator[tuple[Any, ...]] | None,
                lookups: Lookups, problems: list[Problem], total: list[int], estimate: int,
                progress: Progress | None, is_cancelled: IsCancelled | None) -> SheetData:
    head: list[tuple[Any, ...]] = []
    for row in rows:
        head.append(row)
        if len(head) == HEADER_ROW:
            break
    if len(head) < HEADER_ROW:
        head.extend(() for _ in range(HEADER_ROW - len(head)))
    header = head[HEADER_ROW - 1]
    if squash(REF_HEADING) not in _headings(header):
        # Look further down for a moved header row (a few rows are enough to say so).
        more = head + [r for _, r in zip(range(30), rows, strict=False)]
        _find_header(title, more)
    by_heading = {squash(c.header): c for c in columns}
    position: dict[str, int] = {}
    ignored = []
    for n, heading in enumerate(_headings(header)):
        if not heading:
            continue
        if heading in by_heading and by_heading[heading].header not in position:
            position[by_heading[heading].header] = n
        else:
            ignored.append(as_text(header[n]))
    for needed in (VERSION_HEADING, BASE_HASH_HEADING):
        if needed not in position:
            raise ImportFileError(
                f"The \u201c{title}\u201d sheet has lost its hidden \u201c{needed}\u201d column, "
                "so VisitReady cannot tell which rows were edited.",
                "Use the log as exported (unhide columns rather than deleting them), or export "
                "a new one. Nothing was changed.")
    fields = tuple(c.field for c in columns if c.field)
    present = tuple(c.field for c in columns if c.field and c.header in position)
    readers = [(c, kind.field(c.field), position[c.header]) for c in columns
               if c.field and c.header in position]
    ref_at = position[REF_HEADING]
    version_at = position[VERSION_HEADING]
    hash_at = position[BASE_HASH_HEADING]
    width = max(position.values()) + 1
    if formula_rows is not None:
        for _ in range(HEADER_ROW):
            next(formula_rows, None)
    out: list[FileRow] = []
    for number, row in enumerate(rows, HEADER_ROW + 1):
        formula_row = next(formula_rows, None) if formula_rows is not None else None
        if not any(v is not None and (not isinstance(v, str) or v.strip()) for v in row):
            continue
        total[0] += 1
        if total[0] > MAX_ROWS:
            raise ImportFileError(
                f"The log has more than {MAX_ROWS:,} rows, more than VisitReady imports at once.",
                "Split the changes over smaller logs. Nothing was changed.")
        if total[0] % PROGRESS_EVERY == 0:
            if is_cancelled is not None and is_cancelled():
                raise ImportCancelled
            if progress is not None:
                progress(total[0], max(estimate, total[0]), f"Reading {title}: {total[0]:,} rows")
        row = tuple(row) + (None,) * (width - len(row))
        file_row = _read_row(title, kind, number, row, formula_row, readers, ref_at, version_at,
                             hash_at, lookups, problems)
        out.append(file_row)
    headings = {c.field: c.header for c in columns if c.field}
    return SheetData(title, kind, fields, present, out, tuple(ignored), headings)


def _read_row(title: str, kind: RecordKind, number: int, row: tuple[Any, ...],
              formula_row: tuple[Any, ...] | None, readers: list[tuple[Column, FieldSpec, int]],
              ref_at: int, version_at: int, hash_at: int, lookups: Lookups,
              problems: list[Problem]) -> FileRow:
    def problem(column: str, value: Any, expected: str) -> None:
        problems.append(Problem(title, number, column, as_text(value), expected))
        result.problems += 1

    ref_cell = row[ref_at]
    result = FileRow(title, number, "", None, as_text(row[hash_at]).strip())
    if isinstance(ref_cell, (dt.date, dt.datetime)):
        problem(REF_HEADING, ref_cell, "the reference as exported (the spreadsheet turned it "
                                       "into a date)")
    else:
        result.ref = as_text(ref_cell).strip().upper()
    version = row[version_at]
    if version is not None and as_text(version).strip():
        try:
            result.version = int(as_text(version).strip())
        except ValueError:
            problem(VERSION_HEADING, version, "the hidden version number as exported")
    if result.ref and result.version is None and result.problems == 0 and result.base_hash:
        problem(VERSION_HEADING, version, "the hidden version number as exported")
    for column, spec, at in readers:
        value = row[at]
        if not result.ref and (value is None or (isinstance(value, str) and not value.strip())):
            continue  # an empty cell on a new row leaves the field at its default
        if formula_row is not None and at < len(formula_row):
            formula = formula_row[at]
            if isinstance(formula, str) and formula.startswith("=") and value is None:
                problem(column.header, formula, "a value: this formula has no saved result "
                                                "(open the file in Excel, save it, and import "
                                                "again, or type the value)")
                continue
        if spec.type is FieldType.LINKS:
            result.raw[spec.name] = as_text(value)
        try:
            result.values[spec.name] = parse_value(spec, value, lookups)
        except _Bad as bad:
            problem(column.header, value, bad.expected)
    return result


def cell_name(sheet: SheetData, field_name: str) -> str:
    """The column heading a field has on a sheet."""
    return sheet.headings.get(field_name, field_name)
