"""The Excel evidence log (openpyxl, write-only so big logs stream to disk)."""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.series import DataPoint
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.worksheet.table import Table, TableStyleInfo

from models import entities as e
from models.briefing import BriefingContent
from models.help_pages import plain_lines
from models.log_format import IDENTITY_SHEET, LogIdentity, record_hasher
from models.records import KINDS, RecordKind
from models.vocabulary import AuditArea, Rag

from .annex_excel import add_annex_indicators
from .common import IsCancelled, Progress, Steps, safe_output
from .log_rows import DataRows, new_row_sheet
from .print_colours import BANNER_TEXT, GRADE_LIGHT, INK, RAG_COLOURS, RAG_LIGHT
from .safe_text import GatedWorkbook, excel_value, for_excel_header

DATE_FORMAT = "dd/mm/yyyy"
HEADER_ROW = 2
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
BOLD = Font(bold=True)
BANNER = Font(bold=True, color=BANNER_TEXT)
#: Cells the user may edit on a protected data sheet (everything but the identity columns).
UNLOCKED = Protection(locked=False)
TEXT_FORMAT = "@"


@dataclass(frozen=True)
class Column:
    """One column of a data sheet.

    Attributes:
        header: Column heading (the field's label where there is one).
        value: Reads the cell value from a record.
        width: Width in characters.
        wrap: Wrap long text.
        choices: Name of the Lists sheet list that validates it.
        fill: Colours the cell by its value ("rag" or "grade").
        meaning: What the column means, for the About sheet.
        hidden: Hidden from view (the version column).
        field: The record field it shows, when the column comes back on import.
        identity: Ties the row to its record (reference, version, base hash): written as
            text and locked against accidental edits while every other column stays editable.
    """

    header: str
    value: Callable[[Any], Any]
    width: float = 14
    wrap: bool = False
    choices: str = ""
    fill: str = ""
    meaning: str = ""
    hidden: bool = False
    field: str = ""
    identity: bool = False


def _field(kind: RecordKind, name: str, width: float = 14, *, wrap: bool = False,
           choices: str = "", fill: str = "", meaning: str = "") -> Column:
    """A column for a record field: heading and meaning come from the field spec."""
    spec = kind.field(name)
    return Column(spec.label, lambda r: getattr(r, name), width, wrap, choices, fill,
                  meaning or spec.help, field=name)


def _codes(records: Iterable[Any]) -> str:
    return ", ".join(getattr(r, "code", None) or r.ref for r in records)


def _yes(flag: bool) -> str:
    return "Yes" if flag else "No"


def _ref(kind: RecordKind) -> Column:
    return Column("Ref", lambda r: r.ref, 9,
                  meaning=f"Stable reference of the {kind.singular}; never reused. Keep it when "
                          "editing; leave it empty on a new row.", identity=True)


VERSION = Column("Version", lambda r: str(r.version), 8, hidden=True,
                 meaning="Hidden. The record's version when exported, so an edited log can be "
                         "brought back without overwriting newer changes.", identity=True)
BASE_HASH = Column("Base hash", lambda r: "", 12, hidden=True,
                   meaning="Hidden. A fingerprint of the row as exported, so VisitReady can tell "
                           "which rows were edited in the file.", identity=True)

EV, CS, FI, AC, CH, IN = (KINDS[k] for k in ("evidence", "case_sample", "finding", "action",
                                             "checklist_item", "indicator"))

EVIDENCE_COLUMNS = (
    _ref(EV),
    _field(EV, "title", 40, wrap=True),
    Column("Themes", lambda r: _codes(r.themes), 12, meaning="Theme codes, comma separated",
           field="themes"),
    _field(EV, "evidence_type", 20, choices="Evidence type"),
    _field(EV, "source", 22, wrap=True),
    _field(EV, "as_at", 12),
    _field(EV, "period", 14),
    _field(EV, "owner", 24, wrap=True),
    _field(EV, "location", 30, wrap=True),
    Column("Attachments", lambda r: "; ".join(
        f"{a.file_name} (SHA-256 {a.sha256})" if a.sha256 else a.link for a in r.attachments), 30,
        wrap=True, meaning="Files kept in the workspace (with SHA-256) or links; not read back "
                           "on import (attach files in VisitReady)"),
    _field(EV, "summary", 50, wrap=True),
    _field(EV, "direction", 16, choices="Direction"),
    _field(EV, "status", 12, choices="Evidence status"),
    Column("Include in pack", lambda r: _yes(r.include_in_pack), 10, choices="Yes/No",
           field="include_in_pack"),
    Column("Contains personal data", lambda r: _yes(r.contains_personal_data), 12,
           choices="Yes/No", field="contains_personal_data"),
    _field(EV, "review_date", 12),
    VERSION,
    BASE_HASH,
)

CASE_COLUMNS = (
    _ref(CS),
    _field(CS, "sample_ref", 14),
    _field(CS, "cohort", 16, choices="Cohort"),
    _field(CS, "age_band", 9, choices="Age band"),
    _field(CS, "team", 20, wrap=True),
    _field(CS, "worker_role", 16),
    Column("Themes", lambda r: _codes(r.themes), 12, meaning="Theme codes, comma separated",
           field="themes"),
    _field(CS, "selected_by", 11, choices="Selected by"),
    _field(CS, "audit_type", 11, choices="Audit type"),
    _field(CS, "audit_date", 12),
    _field(CS, "auditor", 20, wrap=True),
    _field(CS, "overall_grade", 16, choices="Grade", fill="grade"),
    *(_field(CS, name, 14, choices="Grade", fill="grade")
      for name, _area in zip(e.AREA_GRADE_FIELDS, AuditArea, strict=True)),
    _field(CS, "strengths", 36, wrap=True),
    _field(CS, "areas_to_develop", 36, wrap=True),
    Column("Case actions", lambda r: "; ".join(
        f"{a.description} (due {a.due_date:%d/%m/%Y})" if a.due_date else a.description
        for a in r.case_actions), 30, wrap=True,
        meaning="Actions set by the audit; not read back on import (add them in VisitReady)"),
    Column("Escalated", lambda r: _yes(r.escalated), 10, choices="Yes/No", field="escalated"),
    Column("Seen by inspectors", lambda r: _yes(r.seen_by_inspectors), 10, choices="Yes/No",
           field="seen_by_inspectors"),
    Column("Referred back", lambda r: _yes(r.referred_back_by_inspectors), 10, choices="Yes/No",
           field="referred_back_by_inspectors"),
    VERSION,
    BASE_HASH,
)

CHECKLIST_COLUMNS = (
    _ref(CH),
    _field(CH, "category", 16, choices="Checklist category"),
    Column("Theme", lambda r: r.theme.name if r.theme else "", 22, wrap=True, field="theme_id",
           meaning="Theme name (or empty)"),
    _field(CH, "item", 50, wrap=True),
    _field(CH, "owner", 24, wrap=True),
    _field(CH, "due_date", 12),
    _field(CH, "status", 14, choices="Checklist status"),
    _field(CH, "notes", 30, wrap=True),
    Column("Evidence", lambda r: _codes(r.evidence), 14,
           meaning="Evidence references, separated by commas or semicolons", field="evidence"),
    VERSION,
    BASE_HASH,
)

FINDING_COLUMNS = (
    _ref(FI),
    _field(FI, "text", 60, wrap=True),
    Column("From", lambda r: r.source_visit.title if r.source_visit else "Inspection", 18,
           field="source_visit_id", meaning="The visit the finding came from, by title"),
    _field(FI, "kind", 20, choices="Finding kind"),
    _field(FI, "judgement", 30, wrap=True),
    Column("Themes", lambda r: _codes(r.themes), 12, field="themes",
           meaning="Theme codes, comma separated"),
    _field(FI, "latest_view", 18, choices="Latest view"),
    VERSION,
    BASE_HASH,
)

ACTION_COLUMNS = (
    _ref(AC),
    _field(AC, "description", 44, wrap=True),
    Column("Answers findings", lambda r: _codes(r.findings), 12, field="findings",
           meaning="Finding references, separated by commas or semicolons"),
    _field(AC, "owner", 24, wrap=True),
    _field(AC, "start_date", 12),
    _field(AC, "due_date", 12),
    _field(AC, "status", 13, choices="Action status"),
    _field(AC, "rag", 9, choices="RAG", fill="rag"),
    _field(AC, "progress", 40, wrap=True),
    _field(AC, "indicator", 26, wrap=True),
    _field(AC, "baseline", 10),
    _field(AC, "target", 10),
    _field(AC, "current_value", 10),
    _field(AC, "impact_evidence", 30, wrap=True),
    Column("Evidence", lambda r: _codes(r.evidence), 12, field="evidence",
           meaning="Evidence references, separated by commas or semicolons"),
    _field(AC, "governance_forum", 18),
    _field(AC, "last_reviewed", 12),
    _field(AC, "closure_criteria", 30, wrap=True),
    VERSION,
    BASE_HASH,
)

INDICATOR_COLUMNS = (
    _ref(IN),
    Column("Theme", lambda r: r.theme.name if r.theme else "", 24, wrap=True, field="theme_id",
           meaning="Theme name (or empty)"),
    _field(IN, "measure", 40, wrap=True),
    _field(IN, "value", 9),
    _field(IN, "unit", 7),
    _field(IN, "target", 9),
    _field(IN, "england", 9),
    _field(IN, "statistical_neighbours", 12),
    _field(IN, "as_at", 12),
    _field(IN, "direction_of_good", 16, choices="Direction of good"),
    Column("On target", lambda r: {True: "Yes", False: "No", None: ""}[r.on_target], 9,
           meaning="Worked out from value and target; not read back on import"),
    VERSION,
    BASE_HASH,
)


#: The data sheets that come back on import: title, record kind, columns.
LOG_SHEETS: tuple[tuple[str, RecordKind, tuple[Column, ...]], ...] = (
    ("Evidence", EV, EVIDENCE_COLUMNS),
    ("Case samples", CS, CASE_COLUMNS),
    ("Checklist", CH, CHECKLIST_COLUMNS),
    ("Findings", FI, FINDING_COLUMNS),
    ("Actions", AC, ACTION_COLUMNS),
    ("Indicators", IN, INDICATOR_COLUMNS),
)
_KIND_OF_SHEET = {title: kind for title, kind, _columns in LOG_SHEETS}


def imported_fields(columns: Sequence[Column]) -> tuple[str, ...]:
    """The record fields a sheet's columns carry back on import, in column order."""
    return tuple(c.field for c in columns if c.field)


def write_evidence_log(content: BriefingContent, path: Path, *, progress: Progress | None = None,
                       is_cancelled: IsCancelled | None = None) -> Path:
    """Write the evidence log workbook for ``content`` to ``path`` (.xlsx).

    Raises:
        OutputFileError: the file cannot be written.
        ExportCancelled: the user cancelled; no file is left behind.
    """
    sheets: list[tuple[str, Sequence[Column], Sequence[Any]]] = [
        ("Evidence", EVIDENCE_COLUMNS, content.evidence),
        ("Case samples", CASE_COLUMNS, content.case_samples),
        ("Checklist", CHECKLIST_COLUMNS, content.checklist),
        ("Findings", FINDING_COLUMNS, [f.finding for f in content.findings]),
        ("Actions", ACTION_COLUMNS, content.actions),
        ("Indicators", INDICATOR_COLUMNS, content.indicators),
    ]
    total_rows = sum(len(rows) for _, _, rows in sheets)
    steps = Steps(total_rows + 4, progress, is_cancelled)
    # Every value appended to its sheets goes through the text gate (exporters/safe_text.py).
    book = GatedWorkbook()
    try:
        lists = _ListsSheet(content)
        _summary_sheet(book, content)
        steps.step("Summary")
        for title, columns, rows in sheets:
            _data_sheet(book, content, title, columns, rows, lists, steps)
            if title == "Indicators":
                if not rows:
                    book.worksheets[-1].append([])  # the empty table still covers one row
                add_annex_indicators(book.worksheets[-1], content, HEADER_ROW + max(len(rows), 1),
                                     _cell, BOLD, WRAP)
        lists.write(book)
        steps.step("Lists")
        _about_sheet(book, content, sheets)
        steps.step("About")
        if content.identity is not None:
            _identity_sheet(book, content, content.identity)
    except BaseException:
        _discard(book)
        raise
    with safe_output(Path(path)) as part:
        book.save(str(part))
    steps.step("Saved")
    return Path(path)


def _discard(book: Workbook) -> None:
    """Close the half-written sheets of a cancelled or failed export and delete their temp files.

    Write-only sheets stream to temporary files until the workbook is saved; left
    open, they are torn down in no particular order by the garbage collector.
    """
    for ws in book.worksheets:
        if not ws.closed:
            ws.close()
        if ws._writer is not None:
            ws._writer.cleanup()


class _ListsSheet:
    """The allowed values, one column per list; validations point here."""

    def __init__(self, content: BriefingContent) -> None:
        self.content = content
        self.names = list(content.lists)
        self.values = content.lists

    def formula(self, name: str) -> str:
        col = get_column_letter(self.names.index(name) + 1)
        return f"{quote_sheetname('Lists')}!${col}$2:${col}${len(self.values[name]) + 1}"

    def write(self, book: Workbook) -> None:
        ws = book.create_sheet("Lists")
        _page_marking(ws, self.content)
        for n, name in enumerate(self.names, 1):
            ws.column_dimensions[get_column_letter(n)].width = max(14, min(34, len(name) + 6))
        ws.freeze_panes = "A2"
        ws.append([_cell(ws, name, font=BOLD) for name in self.names])
        depth = max(len(v) for v in self.values.values())
        for i in range(depth):
            ws.append([self.values[name][i] if i < len(self.values[name]) else None
                       for name in self.names])


def _cell(ws: Any, value: Any, *, font: Font | None = None, fill: str | None = None,
          alignment: Alignment | None = None, number_format: str | None = None,
          ref: str = "", protection: Protection | None = None) -> WriteOnlyCell:
    # Through the text gate first: openpyxl refuses some characters outright.
    value = excel_value(ws, value, ref=ref)
    cell = value if isinstance(value, Cell) else WriteOnlyCell(ws, value=value)
    if font:
        cell.font = font
    if fill:
        cell.fill = PatternFill(fill_type="solid", fgColor=fill)
    if alignment:
        cell.alignment = alignment
    if protection:
        cell.protection = protection
    if number_format:
        cell.number_format = number_format
    elif isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT
    return cell


def _banner(ws: Any, content: BriefingContent, title: str) -> None:
    ws.append([_cell(ws, f"{content.marking} \u2014 {title} \u2014 "
                         f"{content.authority.name} \u2014 {content.visit.title}", font=BANNER)])


def _page_marking(ws: Any, content: BriefingContent) -> None:
    """Marking in the printed header and footer; landscape, fitted to the page width."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    for part in (ws.oddHeader.center, ws.oddFooter.center):
        part.text = for_excel_header(content.marking)
        part.font = "Arial,Bold"
        part.size = 9
    ws.oddFooter.right.text = "Page &P of &N"


def _row_height(texts: Sequence[tuple[Any, float]]) -> float:
    """Points needed to show wrapped text: about one character per unit of column width."""
    lines = 1
    for text, width in texts:
        if isinstance(text, str) and text:
            per_line = max(1, int(width * 1.05))
            lines = max(lines, sum(-(-max(len(part), 1) // per_line)
                                   for part in text.splitlines() or [""]))
    return min(409.0, 15.0 * lines + 2)


def _fill_for(column: Column, value: Any) -> str | None:
    if not value:
        return None
    if column.fill == "rag":
        return RAG_LIGHT.get(Rag(value)) if value in Rag._value2member_map_ else None
    if column.fill == "grade":
        return GRADE_LIGHT.get(value)
    return None


def _data_sheet(book: Workbook, content: BriefingContent, title: str, columns: Sequence[Column],
                rows: Sequence[Any], lists: _ListsSheet, steps: Steps) -> None:
    ws = new_row_sheet(book, title)
    _page_marking(ws, content)
    kind = _KIND_OF_SHEET.get(title)
    base_hash = record_hasher(kind, imported_fields(columns)) if kind is not None else None
    for n, column in enumerate(columns, 1):
        dimension = ws.column_dimensions[get_column_letter(n)]
        dimension.width = column.width
        dimension.hidden = column.hidden
        if column.identity:
            dimension.number_format = TEXT_FORMAT
        else:
            # New rows typed below the table stay editable on the protected sheet.
            dimension.protection = UNLOCKED
    if kind is not None:
        _protect(ws)
    ws.freeze_panes = f"B{HEADER_ROW + 1}"
    _banner(ws, content, title)
    ws.row_dimensions[HEADER_ROW] = RowDimension(ws, index=HEADER_ROW, ht=32)
    ws.append([_cell(ws, c.header, font=BOLD, alignment=WRAP) for c in columns])
    styles = [WRAP if c.wrap else TOP for c in columns]
    wrapped = [(i, c.width) for i, c in enumerate(columns) if c.wrap]

    def cell_for(i: int, value: Any, fill: str | None, ref: str) -> Cell:
        return _cell(ws, value, alignment=styles[i], fill=fill, ref=ref,
                     number_format=TEXT_FORMAT if columns[i].identity else None,
                     protection=None if columns[i].identity else UNLOCKED)

    # Each look is styled once through _cell; rows are then written as XML (exporters/log_rows).
    data_rows = DataRows(ws, cell_for)
    fills = [c.fill for c in columns]
    no_fills = [None] * len(columns)
    hashed = base_hash is not None and columns[-1] is BASE_HASH
    for n, record in enumerate(rows, 1):
        values = [c.value(record) for c in columns]
        if hashed:
            values[-1] = base_hash(record)  # type: ignore[misc]
        # Neither openpyxl nor every spreadsheet sizes wrapped rows on open: set the height.
        data_rows.append(values, [_fill_for(columns[i], v) if f else None
                                  for i, (v, f) in enumerate(zip(values, fills, strict=True))]
                         if any(fills) else no_fills, record.ref,
                         _row_height([(values[i], w) for i, w in wrapped]))
        if n % 500 == 0:
            steps.step(f"{title}: {n:,} rows", 500)
    steps.step(f"{title}: done", len(rows) % 500)
    last_row = HEADER_ROW + max(len(rows), 1)
    ref = f"A{HEADER_ROW}:{get_column_letter(len(columns))}{last_row}"
    table = Table(displayName=title.replace(" ", ""), ref=ref)
    table._initialise_columns()
    for table_column, column in zip(table.tableColumns, columns, strict=True):
        table_column.name = column.header
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    _add_table(ws, table)
    for n, column in enumerate(columns, 1):
        if column.choices:
            letter = get_column_letter(n)
            validation = DataValidation(type="list", formula1=lists.formula(column.choices),
                                        allow_blank=True, showErrorMessage=True,
                                        errorTitle="Not in the list",
                                        error=f"Choose a value from the list ({column.choices}).")
            validation.add(f"{letter}{HEADER_ROW + 1}:{letter}{max(last_row, HEADER_ROW + 1000)}")
            ws.data_validations.append(validation)


def _protect(ws: Any) -> None:
    """Lock the identity columns and headings against accidental edits, without a password.

    Sorting, filtering, resizing and editing every other cell stay allowed.
    """
    protection = ws.protection
    protection.sheet = True
    for allowed in ("sort", "autoFilter", "formatCells", "formatColumns", "formatRows",
                    "insertRows", "insertHyperlinks", "selectLockedCells",
                    "selectUnlockedCells"):
        setattr(protection, allowed, False)


def _identity_sheet(book: Workbook, content: BriefingContent, identity: LogIdentity) -> None:
    """The hidden sheet that says which workspace and export the log came from."""
    ws = book.create_sheet(IDENTITY_SHEET)
    _page_marking(ws, content)
    ws.sheet_state = "hidden"
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 40
    _protect(ws)
    for label, value in identity.facts():
        ws.append([_cell(ws, label, font=BOLD), _cell(ws, value, number_format=TEXT_FORMAT)])


def _add_table(ws: Any, table: Table) -> None:
    # openpyxl warns on every write-only table that its columns must be set by hand;
    # they have been (named after the header cells), so the warning says nothing here.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "In write-only mode you must add table columns")
        ws.add_table(table)


def _summary_sheet(book: Workbook, content: BriefingContent) -> None:
    ws = book.create_sheet("Summary")
    _page_marking(ws, content)
    for letter, width in zip("ABCDEFGH", (42, 10, 10, 12, 12, 12, 12, 12), strict=True):
        ws.column_dimensions[letter].width = width
    r = content.readiness
    _banner(ws, content, "Readiness summary")
    ws.row_dimensions[HEADER_ROW] = RowDimension(ws, index=HEADER_ROW, ht=32)
    ws.append([_cell(ws, "Theme", font=BOLD), _cell(ws, "Score", font=BOLD),
               _cell(ws, "RAG", font=BOLD), _cell(ws, "Approved evidence", font=BOLD, alignment=WRAP),
               _cell(ws, "Audited cases", font=BOLD, alignment=WRAP),
               _cell(ws, "Checklist done", font=BOLD, alignment=WRAP),
               _cell(ws, "Checklist items", font=BOLD, alignment=WRAP),
               _cell(ws, "Overdue actions", font=BOLD, alignment=WRAP)])
    for s in content.sections:
        t = s.readiness
        ws.append([s.theme.name, _cell(ws, round(t.score, 3), number_format="0%"),
                   _cell(ws, t.rag.value, fill=RAG_LIGHT[t.rag]), t.approved_evidence,
                   t.case_samples_audited, t.checklist_done, t.checklist_applicable,
                   t.actions_overdue])
    count = len(content.sections)
    last = HEADER_ROW + max(count, 1)
    table = Table(displayName="Readiness", ref=f"A{HEADER_ROW}:H{last}")
    table._initialise_columns()
    for table_column, name in zip(table.tableColumns, ("Theme", "Score", "RAG", "Approved evidence",
                                                       "Audited cases", "Checklist done",
                                                       "Checklist items", "Overdue actions"),
                                  strict=True):
        table_column.name = name
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    _add_table(ws, table)
    ws.append([])
    ws.append([_cell(ws, "Overall", font=BOLD), _cell(ws, round(r.score, 3), number_format="0%"),
               _cell(ws, r.rag.value, fill=RAG_LIGHT[r.rag], font=BOLD)])
    ws.append([_cell(ws, "Days to the visit"), r.days_to_visit])
    ws.append([_cell(ws, "Gaps listed in the readiness review"), len(content.gaps)])
    ws.append([])
    ws.append([_cell(ws, "RAG legend", font=BOLD)])
    for rag, meaning in ((Rag.GREEN, "Green: ready (80% or more, nothing holding it back)"),
                         (Rag.AMBER, "Amber: partly ready (50-79%, or held back)"),
                         (Rag.RED, "Red: not ready (under 50%, or no approved evidence or "
                                   "no audited case)")):
        ws.append([_cell(ws, meaning), None, _cell(ws, rag.value, fill=RAG_LIGHT[rag])])
    ws.append([_cell(ws, "The word is always shown with its colour, so the sheet reads in "
                         "black and white. The formula is on the About sheet.")])
    if count:
        chart = BarChart()
        chart.type = "bar"
        chart.title = content.chart.title
        chart.y_axis.title = "Readiness score"
        chart.y_axis.number_format = "0%"
        chart.y_axis.scaling.min = 0
        chart.y_axis.scaling.max = 1
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        chart.legend = None
        data = Reference(ws, min_col=2, min_row=HEADER_ROW, max_row=last)
        labels = Reference(ws, min_col=1, min_row=HEADER_ROW + 1, max_row=last)
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(labels)
        series = chart.series[0]
        for i, s in enumerate(content.sections):
            point = DataPoint(idx=i)
            point.graphicalProperties.solidFill = RAG_COLOURS[s.readiness.rag]
            point.graphicalProperties.line.solidFill = INK
            series.dPt.append(point)
        series.dLbls = DataLabelList()
        series.dLbls.showVal = True
        series.dLbls.showSerName = False
        series.dLbls.showCatName = False
        series.dLbls.showLegendKey = False
        chart.height = 3 + 1.4 * count
        chart.width = 18
        ws.add_chart(chart, f"J{HEADER_ROW}")


def _about_sheet(book: Workbook, content: BriefingContent,
                 sheets: list[tuple[str, Sequence[Column], Sequence[Any]]]) -> None:
    ws = book.create_sheet("About")
    _page_marking(ws, content)
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 30
    ws.column_dimensions["C"].width = 80
    o = content.options
    _banner(ws, content, "About this evidence log")
    facts = [
        ("Protective marking", content.marking),
        ("Authority", content.authority.name),
        ("Visit", f"{content.visit.title} ({content.on_site})"),
        ("Workspace", content.workspace_name),
        ("Produced", content.produced_at),
        ("Produced by", content.produced_by),
        ("Themes", ", ".join(s.theme.name for s in content.sections)),
        ("Personal data", f"Items flagged as containing personal data left out "
                          f"({content.excluded_personal_data})" if o.exclude_personal_data
         else "Items flagged as containing personal data included"),
        ("Editing", "Keep the Ref column and the hidden Version and Base hash columns: they "
                    "tie each row to its record and to the version exported. Add a new record "
                    "on a new row with an empty Ref. Bring the edited log back with File \u2192 "
                    "Import evidence log; rows you delete here are never deleted there. "
                    "To sort, unprotect the sheet first (no password): rows are matched by "
                    "Ref, not by position."),
    ]
    for label, value in facts:
        ws.append([_cell(ws, label, font=BOLD), _cell(ws, value, number_format="dd/mm/yyyy hh:mm"
                                                      if isinstance(value, dt.datetime) else None)])
    ws.append([])
    ws.append([_cell(ws, "Sheet", font=BOLD), _cell(ws, "Column", font=BOLD),
               _cell(ws, "What it means", font=BOLD)])
    for title, columns, _rows in sheets:
        for column in columns:
            meaning = column.meaning or (f"Drop-down from the Lists sheet ({column.choices})"
                                         if column.choices else "")
            ws.append([title, column.header, _cell(ws, meaning, alignment=WRAP)])
    # The formula itself, not a pointer to a file the reader will not have.
    ws.append([])
    for line in plain_lines("How readiness is worked out"):
        ws.append([_cell(ws, line, alignment=WRAP)] if line else [])
