"""Files that cannot be imported get one clear message, and nothing changes: not the workspace, not the file."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from pathlib import Path

import msoffcrypto
import pytest
from openpyxl import load_workbook

import importers.evidence_log
from importers.log_compare import preview_log
from models import entities as e
from models.errors import ImportFileError
from models.log_format import IDENTITY_SHEET
from models.store import Workspace


def _not_a_spreadsheet(log: Path, target: Path) -> None:
    target.write_text("Ref,Title\nE-001,Front door scorecard\n")


def _password(log: Path, target: Path) -> None:
    encrypted = io.BytesIO()
    with log.open("rb") as plain:
        office = msoffcrypto.OfficeFile(plain)
        office.encrypt("s3cret", encrypted)
    target.write_bytes(encrypted.getvalue())


def _identity(field: str, value: str) -> Callable[[Path, Path], None]:
    def change(log: Path, target: Path) -> None:
        book = load_workbook(log)
        sheet = book[IDENTITY_SHEET]
        for row in sheet.iter_rows():
            if row[0].value == field:
                row[1].value = value
        book.save(target)
    return change


def _rename(log: Path, target: Path) -> None:
    book = load_workbook(log)
    book["Actions"].title = "Action plan"
    book.save(target)


def _remove(log: Path, target: Path) -> None:
    book = load_workbook(log)
    del book["Checklist"]
    book.save(target)


def _remove_identity(log: Path, target: Path) -> None:
    book = load_workbook(log)
    del book[IDENTITY_SHEET]
    book.save(target)


def _move_header(log: Path, target: Path) -> None:
    book = load_workbook(log)
    book["Findings"].insert_rows(1, 2)
    book.save(target)


def _drop_version(log: Path, target: Path) -> None:
    book = load_workbook(log)
    sheet = book["Evidence"]
    heads = [c.value for c in sheet[2]]
    sheet.delete_cols(heads.index("Version") + 1)
    book.save(target)


@pytest.mark.parametrize("spoil, message", [
    (_not_a_spreadsheet, "is not an Excel workbook"),
    (_password, "protected with a password"),
    (_identity("Format version", "99"), "newer VisitReady"),
    (_identity("Schema", "9999"), "newer VisitReady"),
    (_identity("Export id", None), "has been changed"),  # type: ignore[arg-type]
    (_rename, "no sheet called \u201cActions\u201d"),
    (_remove, "no sheet called \u201cChecklist\u201d"),
    (_remove_identity, "not an evidence log exported by"),
    (_move_header, "header row has moved to row 4"),
    (_drop_version, "lost its hidden \u201cVersion\u201d column"),
], ids=["not-a-spreadsheet", "password", "newer-format", "newer-schema", "identity-edited",
        "sheet-renamed", "sheet-removed", "identity-removed", "header-moved", "version-removed"])
def test_a_bad_file_is_refused_clearly_and_changes_nothing(
        demo: Workspace, log: Path, tmp_path: Path, spoil: Callable[[Path, Path], None],
        message: str) -> None:
    target = tmp_path / "spoilt.xlsx"
    spoil(log, target)
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    history = len(demo.change_log(limit=None))
    with pytest.raises(ImportFileError, match=message) as raised:
        preview_log(demo, target)
    assert "Nothing was changed" in raised.value.hint
    assert len(demo.change_log(limit=None)) == history
    assert hashlib.sha256(target.read_bytes()).hexdigest() == digest


def test_an_old_xls_workbook_is_told_to_be_saved_as_xlsx(demo: Workspace, tmp_path: Path) -> None:
    target = tmp_path / "old.xls"
    target.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(ImportFileError, match=r"old-style Excel workbook \(\.xls\)"):
        preview_log(demo, target)


def test_a_log_with_more_rows_than_the_limit_is_refused(
        demo: Workspace, log: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = demo.count(e.EvidenceItem)
    monkeypatch.setattr(importers.evidence_log, "MAX_ROWS", rows - 5)
    with pytest.raises(ImportFileError, match=f"more than {rows - 5:,} rows"):
        preview_log(demo, log)


def test_a_missing_file_is_a_clear_message(demo: Workspace, tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="There is no file"):
        preview_log(demo, tmp_path / "nowhere.xlsx")
