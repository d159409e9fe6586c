"""A log opened and saved again by LibreOffice comes back with no changes; edits come back exactly."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from importers.log_compare import RowClass, preview_log
from models import entities as e
from models.store import Workspace
from tests.importers.conftest import append_row, edit_log

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(SOFFICE is None and not os.environ.get("CI"),
                       reason="LibreOffice is not installed (CI installs it)"),
]


def _resave(workbook: Path, tmp_path: Path) -> Path:
    """Open and save the workbook in LibreOffice Calc, as a user with LibreOffice would."""
    assert SOFFICE is not None, "CI must install LibreOffice (see .ci/run)"
    out = tmp_path / "resaved"
    out.mkdir(exist_ok=True)
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                    "xlsx", "--outdir", str(out), str(workbook)],
                   check=True, capture_output=True, timeout=240)
    saved = out / (workbook.stem + ".xlsx")
    assert saved.exists(), f"LibreOffice could not save {workbook.name}"
    return saved


def test_a_log_resaved_by_libreoffice_has_no_changes_and_no_problems(
        demo: Workspace, log: Path, tmp_path: Path) -> None:
    preview = preview_log(demo, _resave(log, tmp_path))
    assert set(preview.totals()) == {RowClass.UNCHANGED}
    assert preview.problems == [] and preview.to_write() == []


def test_typical_edits_saved_by_libreoffice_come_back_exactly(
        demo: Workspace, log: Path, tmp_path: Path) -> None:
    evidence = demo.by_ref(e.EvidenceItem, "E-002")
    action = demo.by_ref(e.Action, "A-003")
    assert evidence is not None and action is not None
    status = "Draft" if evidence.status != "Draft" else "Approved"
    rag = "Green" if action.rag != "Green" else "Amber"
    step = edit_log(log, tmp_path / "a.xlsx", {
        ("Evidence", "E-002", "Status"): status,
        ("Evidence", "E-004", "Review by"): dt.datetime(2027, 1, 15),
        ("Actions", "A-003", "Progress"): "Second audit done; oversight recorded on 9 of 10.",
        ("Actions", "A-003", "RAG"): rag,
        ("Checklist", "C-001", "Status"): "Blocked",
        ("Indicators", "I-001", "Target"): "=70+5",
    })
    edited = append_row(step, tmp_path / "b.xlsx", "Evidence", {
        "Title": "Staff survey, November", "Type": "Staff survey", "Direction": "Strength",
        "Status": "Draft", "Themes": "LMQ"})
    preview = preview_log(demo, _resave(edited, tmp_path))
    assert preview.errors == []
    changed = {(o.ref, c.name, c.file) for o in preview.rows for c in o.changes
               if o.cls is RowClass.FILE_CHANGE}
    assert changed == {
        ("E-002", "status", status),
        ("E-004", "review_date", dt.date(2027, 1, 15)),
        ("A-003", "progress", "Second audit done; oversight recorded on 9 of 10."),
        ("A-003", "rag", rag),
        ("C-001", "status", "Blocked"),
        ("I-001", "target", 75.0),  # the formula, by the result LibreOffice saved
    }
    [new] = [o for o in preview.rows if o.cls is RowClass.NEW]
    assert {c.name: c.file for c in new.changes}["themes"] == ["LMQ"]
    others = [o for o in preview.rows
              if o.cls not in (RowClass.UNCHANGED, RowClass.FILE_CHANGE, RowClass.NEW)]
    assert others == []
