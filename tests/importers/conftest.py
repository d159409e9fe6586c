"""An evidence log exported from the demo workspace, and a way to edit it as a user would."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from exporters.excel import HEADER_ROW, write_evidence_log
from models.briefing import ExportOptions, build_briefing
from models.store import Workspace
from tests.conftest import TODAY


def export_log(workspace: Workspace, path: Path, *, personal_data_reason: str = "") -> Path:
    """Export the latest visit's evidence log, as Export \u2192 Briefing pack and evidence log does.

    Records whose text looks personal are left out, as by default, unless a reason is given.
    """
    visit = workspace.latest_visit()
    assert visit is not None
    options = ExportOptions(visit_id=visit.id, exclude_personal_data=not personal_data_reason,
                            personal_data_reason=personal_data_reason)
    return write_evidence_log(build_briefing(workspace, options, TODAY), path)


@pytest.fixture
def log(demo: Workspace, tmp_path: Path) -> Path:
    return export_log(demo, tmp_path / "evidence-log.xlsx")


def column(sheet: Any, heading: str) -> int:
    """1-based column of a heading on the header row."""
    for cell in sheet[HEADER_ROW]:
        if cell.value == heading:
            return cell.column
    raise AssertionError(f"no column {heading!r} on {sheet.title}")


def row_of(sheet: Any, ref: str) -> int:
    for cells in sheet.iter_rows(min_row=HEADER_ROW + 1):
        if cells[0].value == ref:
            return cells[0].row
    raise AssertionError(f"no row {ref} on {sheet.title}")


def edit_log(source: Path, target: Path, edits: dict[tuple[str, str, str], Any]) -> Path:
    """Change cells (sheet, reference, heading) -> value, as someone editing in Excel would."""
    book = load_workbook(source)
    for (title, ref, heading), value in edits.items():
        sheet = book[title]
        sheet.cell(row_of(sheet, ref), column(sheet, heading)).value = value
    book.save(target)
    return target


def append_row(source: Path, target: Path, title: str, values: dict[str, Any]) -> Path:
    """Type a new row below the last one (Ref left empty)."""
    book = load_workbook(source)
    sheet = book[title]
    row = sheet.max_row + 1
    for heading, value in values.items():
        sheet.cell(row, column(sheet, heading)).value = value
    book.save(target)
    return target
