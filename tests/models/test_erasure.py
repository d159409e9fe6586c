"""Erasure that erases: nothing erased is left anywhere in the workspace file's bytes."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from models import entities as e
from models.privacy.erasure import ERASED, ERASURE_FIELD, erase, purge_deleted
from models.store import Workspace
from tests.models.conftest import raw_connect

NHS = "943 476 5919"
NAME = "Jolene Bloggsworth"


def _forms(text: str) -> list[bytes]:
    return [text.encode("utf-8"), text.encode("utf-16-le"), text.replace(" ", "").encode()]


def _leftovers(path: Path, *texts: str) -> list[str]:
    """The texts whose bytes are anywhere in the file (and its journal, if any)."""
    data = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
    return [t for t in texts if any(form in data for form in _forms(t))]


def _in_data(path: Path, *texts: str) -> list[str]:
    """The texts found anywhere in the workspace's decrypted data (every row of every table)."""
    connection = raw_connect(path)
    try:
        tables = [r[0] for r in connection.execute(
            "SELECT name FROM sqlite_master WHERE type='table'")]
        data = b"".join(
            value if isinstance(value, bytes) else str(value).encode("utf-8")
            for table in tables for row in connection.execute(f'SELECT * FROM "{table}"')
            for value in row)
    finally:
        connection.close()
    return [t for t in texts if any(form in data for form in _forms(t))]


def _evidence_with_history(ws: Workspace) -> e.EvidenceItem:
    item = ws.add(e.EvidenceItem, title="Front door audit", evidence_type="Other",
                  direction="Mixed", status="Draft",
                  summary=f"Child {NAME} (NHS {NHS}) seen twice.")
    ws.attach_bytes(item.id, f"{NAME} notes.txt",
                    f"Visit notes for {NAME}, NHS {NHS}.\n".encode() * 2000)
    item = ws.get(e.EvidenceItem, item.id)
    # The identifier is edited out, but the change history keeps the old value.
    return ws.update(e.EvidenceItem, item.id, item.version, summary="Child seen twice.")


def test_finding_2_editing_out_is_not_enough_but_erasure_is(workspace: Workspace) -> None:
    path = Path(workspace.location)
    item = _evidence_with_history(workspace)
    if workspace.is_encrypted:  # the file's bytes never show them; the decrypted data does
        assert _leftovers(path, NHS, NAME) == []
        assert _in_data(path, NHS, NAME) == [NHS, NAME]
    else:  # the history and the attachment keep them
        assert _leftovers(path, NHS, NAME) == [NHS, NAME]

    report = erase(workspace, "evidence", item.id)  # what the scanner finds
    assert report.pieces == 1 and report.kinds == ("NHS number",)
    assert NHS not in report.summary
    selected = erase(workspace, "evidence", item.id, [NAME])  # text the user selected
    assert "the change history" in selected.places and "attachment names" in selected.places
    workspace.close()
    assert _leftovers(path, NHS, NAME) == []
    assert _in_data(path, NHS, NAME) == []

    with Workspace.open(path) as again:
        [attachment] = again.get(e.EvidenceItem, item.id).attachments
        assert attachment.file_name == f"{ERASED} notes.txt"
        assert NAME.encode() not in again.attachment_content(attachment.id)
        erasures = [c for c in again.change_log(item.ref) if c.field == ERASURE_FIELD]
        assert len(erasures) == 2 and all(c.who == "tester" for c in erasures)
        assert "NHS number" in (erasures[-1].new_value or "")


def test_erasure_reaches_the_export_register(workspace: Workspace, tmp_path: Path) -> None:
    item = workspace.add(e.EvidenceItem, title="Audit", evidence_type="Other", direction="Mixed",
                         status="Draft", summary=f"About {NAME}")
    exported = tmp_path / f"pack for {NAME}.docx"
    exported.write_bytes(b"x")
    workspace.record_export("Briefing pack", exported, {"personal_data_reason": f"{NAME} asked"})
    erase(workspace, "evidence", item.id, [NAME])
    [record] = workspace.exports()
    assert NAME not in record.file_name and NAME not in record.options


def test_a_deleted_record_is_purged_once_it_cannot_be_undone(workspace: Workspace) -> None:
    path = Path(workspace.location)
    sample = workspace.add(e.CaseSample, sample_ref="MV4-FD-07", cohort="Child in care",
                           selected_by="Authority", audit_type="Full",
                           strengths=f"{NAME} said she felt listened to")
    workspace.add_case_action(sample.id, f"Ask {NAME}'s school", dt.date(2026, 12, 1))
    sample = workspace.get(e.CaseSample, sample.id)
    deleted = workspace.delete(e.CaseSample, sample.id, sample.version)
    workspace.restore(deleted)  # undo still works while the workspace is open
    sample = workspace.get(e.CaseSample, sample.id)
    workspace.delete(e.CaseSample, sample.id, sample.version)
    assert purge_deleted(workspace) == 1
    assert purge_deleted(workspace) == 0  # once is enough
    workspace.close()
    assert _leftovers(path, NAME) == [] and _in_data(path, NAME) == []


def test_selected_text_must_be_long_enough(workspace: Workspace) -> None:
    from models.errors import ValidationError

    item = workspace.add(e.EvidenceItem, title="Audit", evidence_type="Other", direction="Mixed",
                         status="Draft")
    with pytest.raises(ValidationError):
        erase(workspace, "evidence", item.id, ["Jo"])


@pytest.mark.postgresql
@pytest.mark.skipif(not os.environ.get("VISITREADY_TEST_POSTGRES") and not os.environ.get("CI"),
                    reason="set VISITREADY_TEST_POSTGRES to run on PostgreSQL (CI does)")
def test_on_postgresql_no_row_keeps_erased_text(url: str) -> None:  # noqa: F811
    from sqlalchemy import create_engine, text

    with Workspace.connect(url, who="qa") as ws:
        item = _evidence_with_history(ws)
        sample = ws.add(e.CaseSample, sample_ref="MV4-FD-07", cohort="Child in care",
                        selected_by="Authority", audit_type="Full",
                        strengths=f"{NAME} felt listened to")
        erase(ws, "evidence", item.id)
        erase(ws, "evidence", item.id, [NAME])
        ws.delete(e.CaseSample, sample.id, sample.version)
        assert purge_deleted(ws) == 1
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(text(
            "select count(*) from change_log where old_value like :a or new_value like :a "
            "or old_value like :b or new_value like :b"),
            {"a": f"%{NAME}%", "b": f"%{NHS}%"}).scalar()
        evidence = connection.execute(text("select count(*) from evidence where summary like :a "
                                           "or title like :a"), {"a": f"%{NAME}%"}).scalar()
        blobs = connection.execute(text("select content from attachment_content")).all()
        samples = connection.execute(text("select count(*) from case_sample")).scalar()
    engine.dispose()
    assert rows == 0 and evidence == 0 and samples == 0
    assert all(NAME.encode() not in bytes(b[0]) for b in blobs)
