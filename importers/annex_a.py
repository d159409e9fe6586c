"""Import an Annex A return (an .xlsx with a sheet per list, or a .csv per list), keeping the least child data.

Reading is in two steps so the user can look before anything is written:
:func:`read_return` recognises the lists, reads every cell and lists every problem (nothing is
written); :func:`import_return` stores the rows without problems as a new return and works out
its indicators.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import hmac
import io
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from models import annex
from models.errors import ImportFileError
from models.store import Workspace

from . import annex_a_cells as cells
from .annex_a_spec import SEND_MARKERS, ColumnSpec, ListSpec, Treatment, lists, match_header

IMPORTER_VERSION = 1
#: A heading row is looked for in the first rows (ChAT-style sheets put a title in row 1).
HEADER_SEARCH_ROWS = 6
#: Share of a list's own columns a sheet must have to be taken as that list.
MIN_SHARE = 0.5

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Problem:
    """A cell that could not be read: where it is and what is wrong (shown, never stored)."""

    list_title: str
    row: int
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        return f"{self.list_title}, row {self.row}, {self.column}: \u201c{self.value}\u201d {self.message}"


@dataclass(frozen=True)
class SheetReport:
    """What was made of one sheet or CSV file."""

    source: str
    list_number: int | None
    status: str
    rows: int = 0
    rows_with_problems: int = 0
    missing_columns: tuple[str, ...] = ()
    unknown_columns: tuple[str, ...] = ()


@dataclass(frozen=True)
class ColumnReport:
    """One column of one list in the file, and what VisitReady does with it."""

    list_title: str
    heading: str
    standard_heading: str
    treatment: Treatment
    why: str


@dataclass
class MinimalRow:
    """A list row as stored: keyed child, age band and the kept values only."""

    list_no: int
    row_no: int
    child_key: str
    age_band: str = ""
    gender: str = ""
    ethnicity: str = ""
    disability: str = ""
    team: str = ""
    allocated: bool | None = None
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class ReturnPreview:
    """Everything the import preview shows; nothing of it has been written yet."""

    file_names: tuple[str, ...]
    sha256: str
    as_at: dt.date
    sheets: list[SheetReport]
    columns: list[ColumnReport]
    problems: list[Problem]
    rows: list[MinimalRow]
    rows_with_problems: int
    already_imported: annex.ReturnSummary | None = None

    @property
    def lists(self) -> list[int]:
        return sorted({s.list_number for s in self.sheets if s.list_number is not None})

    @property
    def total_rows(self) -> int:
        return len(self.rows) + self.rows_with_problems

    def summary(self) -> str:
        """A sentence for the preview and the command line."""
        found = ", ".join(str(n) for n in self.lists) or "none"
        return (f"Lists found: {found}. {self.total_rows} rows; {self.rows_with_problems} with "
                f"problems ({len(self.problems)} cells); {len(self.rows)} can be imported.")


# -- reading files ---------------------------------------------------------------------------------


def _sha256_of(paths: Sequence[Path]) -> str:
    """One hash for the return: of the file, or of the sorted hashes of several CSV files."""
    digests = []
    for path in paths:
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        digests.append(digest.hexdigest())
    if len(digests) == 1:
        return digests[0]
    return hashlib.sha256("\n".join(sorted(digests)).encode()).hexdigest()


def _sheets_of(path: Path) -> Iterator[tuple[str, Iterable[Sequence[Any]]]]:
    """(name, rows) for each sheet of a workbook or for a CSV file.

    Raises:
        ImportFileError: the file is missing, not a spreadsheet, or password-protected.
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise ImportFileError(f"Cannot read {path.name}: {exc.strerror}.",
                              "Check the file exists and is not open elsewhere.") from exc
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            f"{path.name} is password-protected or an old-style .xls workbook.",
            "Remove the password (or save it as .xlsx) in Excel, then import it again.")
    if path.suffix.lower() == ".csv":
        yield path.stem, _csv_rows(path)
        return
    if not head.startswith(b"PK") or not zipfile.is_zipfile(path):
        raise ImportFileError(
            f"{path.name} is not a spreadsheet VisitReady can read.",
            "Choose the Annex A workbook (.xlsx) or one .csv file per list.")
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged package
        raise ImportFileError(f"{path.name} could not be opened as a workbook ({type(exc).__name__}).",
                              "Open it in Excel, save it again as .xlsx, and retry.") from exc
    try:
        for sheet in book.worksheets:
            yield sheet.title, sheet.iter_rows(values_only=True)
    finally:
        book.close()


def _csv_rows(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes most bytes
        raise ImportFileError(f"{path.name} is not a text file.", "Save it as CSV UTF-8.")
    if "\x00" in text[:4096]:
        raise ImportFileError(f"{path.name} is not a CSV file.", "Save the list as CSV UTF-8.")
    sample = text[:8192]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return list(csv.reader(io.StringIO(text), dialect))


# -- recognising lists ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Layout:
    spec: ListSpec
    header_row: int
    positions: dict[str, int]
    unknown: tuple[str, ...]
    missing: tuple[str, ...]


def _recognise(rows: list[Sequence[Any]]) -> tuple[_Layout | None, str]:
    """Which list a sheet holds, from its headings; or why it is not taken as one."""
    best: tuple[float, int, ListSpec, int, dict[str, int], list[str]] | None = None
    tie = False
    send = False
    doubled_headings: list[str] = []
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        headings = [cells.clean_text(c) for c in row]
        if sum(1 for h in headings if h) < 2:
            continue
        if any(SEND_MARKERS.search(h.lower()) for h in headings if h):
            send = True
        matched: dict[str, int] = {}
        unknown: list[str] = []
        doubled = False
        for position, heading in enumerate(headings):
            if not heading:
                continue
            standard = match_header(heading)
            if standard is None:
                unknown.append(heading)
            elif standard in matched:
                doubled = True
                doubled_headings.append(standard)
            else:
                matched[standard] = position
        if doubled:
            continue
        for spec in lists().values():
            own = spec.specific
            hits = sum(1 for c in own if c.header in matched)
            share = hits / len(own) if own else 0.0
            key = "Individual adopter identifier" if spec.number == 11 else "Child Unique ID"
            if share < MIN_SHARE or key not in matched:
                continue
            candidate = (share, hits, spec, index, matched, unknown)
            if best is None or (share, hits) > (best[0], best[1]):
                best, tie = candidate, False
            elif (share, hits) == (best[0], best[1]) and spec.number != best[2].number:
                tie = True
    if best is None:
        if send:
            return None, "SEND"
        if doubled_headings:
            return None, "doubled: " + "; ".join(dict.fromkeys(doubled_headings))
        return None, "unrecognised"
    if tie:
        return None, "ambiguous"
    _share, _hits, spec, index, matched, unknown = best
    names = {c.header for c in spec.columns}
    extra = [h for h, _p in matched.items() if h not in names]
    positions = {h: p for h, p in matched.items() if h in names}
    missing = tuple(c.header for c in spec.columns if c.header not in positions)
    return _Layout(spec, index, positions, tuple(unknown + extra), missing), "recognised"


# -- reading rows --------------------------------------------------------------------------------


def age_band(born: dt.date, as_at: dt.date) -> str:
    """The age band (as on case samples) of someone born on ``born``, at ``as_at``."""
    years = as_at.year - born.year - ((as_at.month, as_at.day) < (born.month, born.day))
    return _band_of_years(years)


def _band_of_years(years: float) -> str:
    if years < 0:
        return "Unborn"
    for upper, band in ((1, "Under 1"), (5, "1-4"), (10, "5-9"), (16, "10-15"), (18, "16-17"),
                        (22, "18-21"), (26, "22-25")):
        if years < upper:
            return band
    return "26+"


def child_key(secret: bytes, raw_id: str) -> str:
    """The keyed hash that stands for a child's ID (the same child gets the same key)."""
    return hmac.new(secret, raw_id.encode("utf-8"), hashlib.sha256).hexdigest()


_FIXED = {"gender", "ethnicity", "disability", "team"}


def _readers(spec: ListSpec, positions: dict[str, int]) -> list[tuple[int, ColumnSpec, Callable[[Any], Any]]]:
    plan = []
    for column in spec.columns:
        if column.header not in positions or column.treatment is Treatment.DROPPED:
            continue
        reader: Callable[[Any], Any]
        if column.field == "child_key":
            reader = cells.read_id
        elif column.field == "age_band":
            reader = cells.read_date
        elif column.field == "age":
            reader = cells.read_age
        elif column.field in ("allocated", "pa_allocated"):
            reader = cells.worker_reader
        elif column.field == "team":
            reader = cells.team_reader
        elif column.type == "date":
            reader = cells.read_date
        elif column.type == "numeric":
            reader = cells.read_count
        elif column.type == "category":
            reader = cells.category_reader(column.header)
        else:
            reader = cells.team_reader
        plan.append((positions[column.header], column, reader))
    return plan


def _read_rows(source: str, layout: _Layout, rows: list[Sequence[Any]], as_at: dt.date,
               secret: bytes, problems: list[Problem]) -> tuple[list[MinimalRow], int]:
    spec = layout.spec
    title = spec.title
    plan = _readers(spec, layout.positions)
    kept: list[MinimalRow] = []
    bad_rows = 0
    width = max(layout.positions.values()) + 1
    for offset, row in enumerate(rows[layout.header_row + 1:], start=layout.header_row + 2):
        if not any(not cells.is_blank(v) for v in row):
            continue
        if len(row) < width:
            row = tuple(row) + (None,) * (width - len(row))
        values: dict[str, Any] = {}
        row_problems = 0
        for position, column, reader in plan:
            raw = row[position]
            try:
                values[column.field] = reader(raw)
            except cells.CellProblem as problem:
                row_problems += 1
                problems.append(Problem(title, offset, column.header, cells.clean_text(raw)[:60],
                                        str(problem)))
        raw_id = values.pop("child_key", None)
        if raw_id is None and not row_problems:
            row_problems += 1
            problems.append(Problem(title, offset, "Child Unique ID", "",
                                    "is blank, so the row cannot be counted or sampled"))
        if row_problems:
            bad_rows += 1
            continue
        born = values.pop("age_band", None)
        age = values.pop("age", None)
        band = ""
        if isinstance(born, dt.date):
            band = age_band(born, as_at)
        elif isinstance(age, float):
            band = _band_of_years(int(age))
        record = MinimalRow(spec.number, offset, child_key(secret, str(raw_id)), band)
        for name in _FIXED:
            if name in values:
                setattr(record, name, values.pop(name) or "")
        if "allocated" in values:
            record.allocated = values.pop("allocated")
        record.data = {k: (v.isoformat() if isinstance(v, dt.date) else v)
                       for k, v in values.items() if v is not None}
        kept.append(record)
    return kept, bad_rows


def read_return(workspace: Workspace, paths: Sequence[Path | str], as_at: dt.date, *,
                progress: Progress | None = None,
                is_cancelled: Callable[[], bool] | None = None) -> ReturnPreview:
    """Read an Annex A return and say what would be imported; writes nothing.

    Raises:
        ImportFileError: a file is not a spreadsheet, is password-protected, or no sheet holds
            a recognisable list (a SEND "Annex A" is named as such).
    """
    files = [Path(p) for p in paths]
    if not files:
        raise ImportFileError("No file was chosen.", "Choose the Annex A workbook or CSV files.")
    digest = _sha256_of_checked(files)
    # The workspace's secret is made only once a list is found: a refused file changes nothing.
    secret: bytes | None = None
    sheets: list[SheetReport] = []
    columns: list[ColumnReport] = []
    problems: list[Problem] = []
    kept: list[MinimalRow] = []
    bad = 0
    seen_lists: dict[int, str] = {}
    for number, path in enumerate(files):
        for name, raw_rows in _sheets_of(path):
            if is_cancelled is not None and is_cancelled():
                from exporters.common import ExportCancelled

                raise ExportCancelled
            label = name if len(files) == 1 else f"{path.name}"
            rows = [tuple(r) for r in raw_rows]
            if not any(any(not cells.is_blank(v) for v in r) for r in rows):
                sheets.append(SheetReport(label, None, "empty"))
                continue
            layout, why = _recognise(rows)
            if layout is None:
                status = {"SEND": "refused: this is the SEND Annex A (area SEND inspections), "
                                  "not the children's social care return",
                          "ambiguous": "not imported: its headings fit more than one list",
                          }.get(why, "not recognised: its headings match no Annex A list")
                if why.startswith("doubled: "):
                    status = ("not imported: two of its headings stand for the same column ("
                              + why.removeprefix("doubled: ") + ")")
                sheets.append(SheetReport(label, None, status))
                continue
            spec = layout.spec
            if spec.number in seen_lists:
                sheets.append(SheetReport(label, spec.number,
                                          f"not imported: {spec.title} already read from "
                                          f"{seen_lists[spec.number]}"))
                continue
            seen_lists[spec.number] = label
            if secret is None:
                secret = annex.child_key_secret(workspace)
            file_headings = {layout.positions[c.header]: c for c in spec.columns
                             if c.header in layout.positions}
            header_row = rows[layout.header_row]
            for position, column in sorted(file_headings.items()):
                columns.append(ColumnReport(spec.title, cells.clean_text(header_row[position]),
                                            column.header, column.treatment, column.why))
            for heading in layout.unknown:
                columns.append(ColumnReport(spec.title, heading, "", Treatment.DROPPED,
                                            "not an Annex A column"))
            got, bad_here = _read_rows(label, layout, rows, as_at, secret, problems)
            kept.extend(got)
            bad += bad_here
            sheets.append(SheetReport(label, spec.number, "recognised", len(got) + bad_here,
                                      bad_here, layout.missing, layout.unknown))
            if progress is not None:
                progress(number + 1, len(files), f"Read {spec.title}")
    if not seen_lists:
        if any(s.status.startswith("refused") for s in sheets):
            raise ImportFileError(
                "This is the SEND \u201cAnnex A\u201d used by area SEND inspections, not the "
                "children's social care Annex A.",
                "Import the ILACS Annex A lists (List 1 contacts to List 11 adopters).")
        raise ImportFileError(
            "No Annex A list was recognised in " + ", ".join(p.name for p in files) + ".",
            "Check the sheets have the Annex A column headings in their first rows "
            "(Child Unique ID, Gender, Ethnicity, …).")
    return ReturnPreview(
        file_names=tuple(p.name for p in files), sha256=digest, as_at=as_at, sheets=sheets,
        columns=columns, problems=problems, rows=kept, rows_with_problems=bad,
        already_imported=annex.return_by_hash(workspace, digest))


def _sha256_of_checked(files: Sequence[Path]) -> str:
    for path in files:
        if not path.is_file():
            raise ImportFileError(f"There is no file at {path}.", "Check the name and folder.")
    return _sha256_of(files)


def import_return(workspace: Workspace, preview: ReturnPreview) -> annex.ReturnSummary:
    """Store the rows without problems as a new return and work out its indicators.

    Raises:
        ImportFileError: this file was imported before (same SHA-256); nothing is written.
    """
    from models import indicators

    summary = annex.save_return(workspace, preview.as_at, preview.file_names, preview.sha256,
                                preview.rows, left_out=preview.rows_with_problems,
                                importer_version=IMPORTER_VERSION)
    indicators.compute_and_store(workspace, summary.id)
    return summary
