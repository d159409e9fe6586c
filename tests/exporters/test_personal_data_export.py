"""Nothing that looks personal leaves the workspace unless the user includes it with a reason."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from exporters.excel import write_evidence_log
from exporters.review_word import write_readiness_review
from exporters.word import write_briefing_pack
from models.briefing import ExportOptions, build_briefing
from models.privacy.export_rule import check_before_export
from models.records import KINDS
from models.store import Workspace
from tests.privacy_salt import TEXT_TYPES, salt_workspace

ROOT = Path(__file__).resolve().parents[2]


def _texts(path: Path) -> str:
    """Every XML part of a .docx or .xlsx, tags removed, as one string."""
    with zipfile.ZipFile(path) as archive:
        parts = [archive.read(n).decode("utf-8", "replace") for n in archive.namelist()
                 if n.endswith((".xml", ".rels"))]
    return "\n".join(re.sub(r"<[^>]+>", " ", part) + "\n" + part for part in parts)


def _export(ws: Workspace, options: ExportOptions, folder: Path) -> str:
    content = build_briefing(ws, options)
    pack = write_briefing_pack(content, folder / "pack.docx")
    review = write_readiness_review(content, folder / "review.docx")  # the gap list is here
    log = write_evidence_log(content, folder / "log.xlsx")
    return _texts(pack) + _texts(review) + _texts(log)


def test_salted_workspace_exports_none_of_its_identifiers(workspace: Workspace,
                                                          tmp_path: Path) -> None:
    visit_id, salted = salt_workspace(workspace)
    options = ExportOptions(visit_id=visit_id, include_case_detail=True)
    text = _export(workspace, options, tmp_path)
    leaked = {number: where for number, where in salted.items() if number in text}
    assert leaked == {}
    # The gap list still says where to look: record, field and kind of identifier.
    assert "possible personal data (NHS number), not shown" in text


def test_no_exported_text_field_escapes_the_scan(workspace: Workspace, tmp_path: Path) -> None:
    visit_id, salted = salt_workspace(workspace)
    options = ExportOptions(visit_id=visit_id, include_case_detail=True,
                            personal_data_reason="Agreed with the DPO for the inspectors")
    text = _export(workspace, options, tmp_path)
    exported = {where for number, where in salted.items() if number in text}
    assert len(exported) > 30  # the check below means something only if most text is exported
    unscanned = {(kind, name) for kind, name in exported
                 if name in {f.name for f in KINDS[kind].fields}
                 and not KINDS[kind].field(name).scanned}
    assert unscanned == set()
    # Parts printed beside fields are scanned too.
    hits = check_before_export(workspace, visit_id)
    labels = {(h.record_kind, h.field_label) for h in hits}
    assert ("case_sample", "Case actions") in labels
    assert ("evidence", "Attachment names") in labels
    every_text_field = {(k.name, f.label) for k in KINDS.values() for f in k.fields
                        if f.type in TEXT_TYPES and f.scanned}
    assert every_text_field <= labels


def test_the_command_refuses_with_the_list_and_status_3(workspace: Workspace,
                                                        tmp_path: Path) -> None:
    _visit_id, salted = salt_workspace(workspace)
    path = Path(workspace.location)
    workspace.close()
    pack = tmp_path / "pack.docx"
    command = [sys.executable, str(ROOT / "main.py"), "export", str(path), "--pack", str(pack)]
    refused = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert refused.returncode == 3, refused.stderr
    assert not pack.exists()
    assert "CS-001 Strengths: possible personal data (NHS number)" in refused.stderr
    assert not any(number in refused.stderr + refused.stdout for number in salted)

    done = subprocess.run([*command, "--include-personal-data", "Requested by the HMI lead"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    with Workspace.open(path) as ws:
        [record] = ws.exports()
    options = json.loads(record.options)
    assert options["personal_data_reason"] == "Requested by the HMI lead"


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_blank_reason_leaves_personal_text_out(workspace: Workspace, tmp_path: Path,
                                                 reason: str) -> None:
    visit_id, salted = salt_workspace(workspace)
    text = _export(workspace, ExportOptions(visit_id=visit_id, personal_data_reason=reason),
                   tmp_path)
    assert not any(number in text for number in salted)
