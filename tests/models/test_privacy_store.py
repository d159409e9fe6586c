"""The store keeps children's data safe: safe attachment names, size limits, length checks
and database errors that never quote the record."""

from __future__ import annotations

import logging
import os
import traceback
from pathlib import Path

import pytest
from sqlalchemy import text

from models import entities as e
from models.errors import AppError, ValidationError
from models.privacy.files import MAX_NAME_LENGTH, safe_file_name
from models.store import Workspace
from tests.models.conftest import raw_connect
from tests.models.test_store import _back_to_first_schema


def _evidence(ws: Workspace) -> e.EvidenceItem:
    return ws.add(e.EvidenceItem, title="Audit", evidence_type="Other", direction="Mixed",
                  status="Draft")


@pytest.mark.parametrize(("given", "kept"), [
    ("../../x", "x"),
    ("/etc/passwd", "passwd"),
    ("C:\\Users\\me\\evil.exe", "evil.exe"),
    ("C:evil.txt", "evil.txt"),
    ("..", "attachment"),
    ("CON", "_CON"),
    ("nul.txt", "_nul.txt"),
    ("COM1.tar.gz", "_COM1.tar.gz"),
    ("report\x00.pdf", "report_.pdf"),
    ("minutes 2026.docx", "minutes 2026.docx"),
])
def test_finding_3_the_store_keeps_only_a_safe_base_name(workspace: Workspace, given: str,
                                                          kept: str) -> None:
    item = _evidence(workspace)
    attachment = workspace.attach_bytes(item.id, given, b"x")
    assert attachment.file_name == kept
    assert safe_file_name(kept) == kept  # the rule is stable


def test_long_names_are_cut_keeping_the_extension(workspace: Workspace) -> None:
    item = _evidence(workspace)
    name = workspace.attach_bytes(item.id, "a" * 400 + ".pdf", b"x").file_name
    assert len(name) <= MAX_NAME_LENGTH and name.endswith(".pdf")


def test_old_unsafe_names_are_cleaned_by_the_migration(workspace: Workspace) -> None:
    item = _evidence(workspace)
    workspace.attach_bytes(item.id, "fine.txt", b"x")
    path = _back_to_first_schema(workspace)
    with raw_connect(path) as raw:
        raw.execute("update attachment set file_name = '../../../tmp/escape.sh'")
    with Workspace.open(path) as again:
        [attachment] = again.get(e.EvidenceItem, item.id).attachments
        assert attachment.file_name == "escape.sh"
        assert again.authority().retention_months == 12
        assert again.authority().attachment_limit_mb == 100


def test_a_file_over_the_limit_gets_a_clear_message(workspace: Workspace, tmp_path: Path) -> None:
    authority = workspace.authority()
    workspace.update(e.AuthorityProfile, authority.id, authority.version, attachment_limit_mb=1)
    big = tmp_path / "scan.pdf"
    with big.open("wb") as handle:
        handle.truncate(2 * 1024 * 1024)
    item = _evidence(workspace)
    with pytest.raises(ValidationError) as refused:
        workspace.attach_file(item.id, big)
    assert "scan.pdf is 2 MB" in refused.value.message and "1 MB" in refused.value.message
    assert "link" in refused.value.hint
    assert workspace.get(e.EvidenceItem, item.id).attachments == []


def test_finding_5_over_long_text_is_refused_naming_the_field(workspace: Workspace) -> None:
    secret = "Child Jo Bloggs NHS 943 476 5919 "
    with pytest.raises(ValidationError) as refused:
        workspace.add(e.CaseSample, sample_ref=secret * 3, cohort="Child in care",
                      selected_by="Authority", audit_type="Full")
    assert "Sample reference is too long" in str(refused.value)
    assert "943" not in str(refused.value) and "Bloggs" not in str(refused.value)


def test_finding_5_a_database_error_never_quotes_the_record(workspace: Workspace,
                                                           caplog: pytest.LogCaptureFixture) -> None:
    secret = "Jo Bloggs 943 476 5919"
    with pytest.raises(AppError) as refused, workspace.transaction() as s:
        s.execute(text("insert into change_log (at, who, record_type, record_ref, field) "
                       "values (:at, :who, 'x', 'x', NULL)"),
                  {"at": "2026-01-01", "who": secret})
    logging.getLogger("visitready").exception("failed", exc_info=refused.value)
    everything = "".join(traceback.format_exception(refused.value)) + caplog.text
    assert "not saved" in refused.value.message
    assert "Bloggs" not in everything and "943 476" not in everything


def test_sqlite_runs_with_secure_delete_and_memory_temp_store(workspace: Workspace) -> None:
    with workspace.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA temp_store").scalar() == 2


POSTGRES = os.environ.get("VISITREADY_TEST_POSTGRES", "")


@pytest.mark.postgresql
@pytest.mark.skipif(not POSTGRES and not os.environ.get("CI"),
                    reason="set VISITREADY_TEST_POSTGRES to run on PostgreSQL (CI does)")
def test_finding_5_postgresql_refuses_over_long_text_the_same_way(
        caplog: pytest.LogCaptureFixture) -> None:
    import uuid

    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    name = f"visitready_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        url = make_url(POSTGRES).set(database=name).render_as_string(hide_password=False)
        with Workspace.connect(url, who="qa") as ws:
            with pytest.raises(ValidationError) as refused:
                ws.add(e.CaseSample, sample_ref="Jo Bloggs 943 476 5919 " * 3,
                       cohort="Child in care", selected_by="Authority", audit_type="Full")
            assert "Sample reference is too long" in str(refused.value)
            with pytest.raises(AppError) as raw, ws.transaction() as s:
                s.add(e.ChangeLogEntry(at=e.dt.datetime(2026, 1, 1), who="x", record_type="x",
                                       record_ref="Jo Bloggs 943 476 5919", field="f"))
            assert "Bloggs" not in "".join(traceback.format_exception(raw.value))
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()
