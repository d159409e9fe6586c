"""Search as a user types it: the full-text index follows every write and finds what Python would."""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import update

from models import entities as e
from models import migrations, search
from models.privacy.erasure import erase, purge_deleted
from models.records import KINDS
from models.store import RecordQuery, Workspace
from tests.conftest import SERVER
from tests.models.conftest import raw_connect

EVIDENCE = KINDS["evidence"]


def _add(ws: Workspace, title: str, **values: Any) -> e.EvidenceItem:
    return ws.add(e.EvidenceItem, title=title, evidence_type="Other", direction="Mixed",
                  status="Draft", **values)


def _found(ws: Workspace, text: str) -> list[str]:
    return [r.title for r in ws.page(e.EvidenceItem, RecordQuery(text=text))]


def _expected(ws: Workspace, text: str) -> list[str]:
    """The plain Python filter over the same rows, in the list's order."""
    return [r.title for r in ws.page(e.EvidenceItem)
            if search.matches(text, [getattr(r, f) for f in EVIDENCE.search])]


def test_as_you_type_any_case_every_word_and_references(workspace: Workspace) -> None:
    _add(workspace, "Safeguarding partnership minutes", owner="Lena Okafor")
    _add(workspace, "Front door audit", summary="Strategy meetings held within 24 hours")
    _add(workspace, "Partnership survey")
    assert _found(workspace, "safeg") == ["Safeguarding partnership minutes"]
    assert _found(workspace, "SAFEGUARDING") == ["Safeguarding partnership minutes"]
    assert _found(workspace, "partner") == ["Safeguarding partnership minutes",
                                            "Partnership survey"]
    assert _found(workspace, "partner minu") == ["Safeguarding partnership minutes"]
    assert _found(workspace, "partner zebra") == []
    assert _found(workspace, "okaf") == ["Safeguarding partnership minutes"]
    assert _found(workspace, "24 hours") == ["Front door audit"]
    assert _found(workspace, "E-002") == ["Front door audit"]
    assert len(_found(workspace, "e-00")) == 3
    assert workspace.count(e.EvidenceItem, RecordQuery(text="partner")) == 2


@pytest.mark.parametrize("hostile", ['"', "*", "NEAR", "-", "NOT", "AND OR", 'a"b', "(", ")",
                                     "^", ":", "title:x", "{ref}", "'", "\\", "NEAR(a b)",
                                     "x" * 40_000, "word " * 8_000, '"' * 40_000, "-safe"])
def test_no_text_makes_a_search_fail(workspace: Workspace, hostile: str) -> None:
    _add(workspace, "Safeguarding partnership minutes")
    _add(workspace, "x" * 70)
    assert _found(workspace, hostile) == _expected(workspace, hostile)


def test_the_index_follows_edit_delete_undo_and_bulk_writes(workspace: Workspace) -> None:
    item = _add(workspace, "Neglect strategy")
    item = workspace.update(e.EvidenceItem, item.id, item.version, title="Exploitation strategy")
    assert _found(workspace, "neglect") == []
    assert _found(workspace, "exploit") == ["Exploitation strategy"]
    deleted = workspace.delete(e.EvidenceItem, item.id, item.version)
    assert _found(workspace, "exploit") == []
    workspace.restore(deleted)  # undo
    assert _found(workspace, "exploit") == ["Exploitation strategy"]
    # Imports and bulk changes write with plain UPDATEs inside a transaction.
    with workspace.transaction() as s:
        s.execute(update(e.EvidenceItem).where(e.EvidenceItem.id == item.id)
                  .values(title="Missing children protocol", version=e.EvidenceItem.version + 1))
    assert _found(workspace, "exploit") == []
    assert _found(workspace, "missing chil") == ["Missing children protocol"]


def test_erased_text_leaves_the_index_and_the_file(workspace: Workspace) -> None:
    path = Path(workspace.location)
    item = _add(workspace, "Front door audit", summary="Child Jolene Bloggsworth seen twice.")
    sample = workspace.add(e.CaseSample, sample_ref="MV4-FD-07", cohort="Child in care",
                           selected_by="Authority", audit_type="Full",
                           strengths="Quentessa Farthingale said she felt listened to")
    assert _found(workspace, "bloggsworth") == ["Front door audit"]
    erase(workspace, "evidence", item.id, ["Jolene Bloggsworth"])
    assert _found(workspace, "bloggsworth") == []
    sample = workspace.get(e.CaseSample, sample.id)
    workspace.delete(e.CaseSample, sample.id, sample.version)
    purge_deleted(workspace)
    workspace.close()
    tokens = ["bloggsworth", "jolene", "farthingale", "quentessa"]
    if not path.read_bytes().startswith(b"SQLite format 3"):
        data = b""  # encrypted: the file shows nothing; look at the decrypted rows instead
    else:
        data = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
    connection = raw_connect(path)
    try:
        for (table,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'"):
            for row in connection.execute(f'SELECT * FROM "{table}"'):
                data += b"".join(v if isinstance(v, bytes) else str(v).encode() for v in row)
    finally:
        connection.close()
    assert [t for t in tokens if t.encode() in data] == []


def test_a_workspace_made_before_the_index_gets_it_filled(tmp_path: Path) -> None:
    path = tmp_path / "older.visitready"
    with Workspace.create(path) as ws:
        _add(ws, "Care leavers pathway plans")
        engine = ws.engine
        from alembic import command

        config = migrations._config()
        with engine.connect() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0009b")
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT count(*) FROM sqlite_master "
                                  "WHERE name = 'evidence_search'").fetchone() == (0,)
    with Workspace.open(path) as ws:
        assert _found(ws, "pathw") == ["Care leavers pathway plans"]


def test_without_the_index_search_still_works_and_says_so(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "plain.visitready"
    with Workspace.create(path) as ws:
        _add(ws, "Care leavers pathway plans")
    with sqlite3.connect(path) as connection:
        for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type='trigger' "
                                          "AND name LIKE '%_search_%'").fetchall():
            connection.execute(f"DROP TRIGGER {name}")
        for table in ("theme", "visit", "evidence", "case_sample", "finding", "action",
                      "checklist_item", "indicator"):
            connection.execute(f"DROP TABLE {table}_search")
    with caplog.at_level(logging.WARNING, logger="models.search"), Workspace.open(path) as ws:
        assert _found(ws, "pathw") == ["Care leavers pathway plans"]
        assert _found(ws, '"') == ["Care leavers pathway plans"]
        _add(ws, "Pathway audit")
        assert _found(ws, "pathway") == ["Care leavers pathway plans", "Pathway audit"]
    assert "no full-text index" in caplog.text


def test_the_index_covers_each_kinds_searchable_fields() -> None:
    import importlib

    revision = importlib.import_module("models.migrations.versions.0014_search_index")
    assert {k.entity.__table__.name: k.search
                                 for k in KINDS.values() if k.search} == revision.SEARCHED
    assert revision.PG_EXPRESSION == search.PG_EXPRESSION


# -- the same answer as Python, on random data ------------------------------------------------

_WORDS = ["safeguarding", "safe", "Safer", "plan", "planning", "PLO", "e", "E-014", "14",
          "014", "child's", "voice", "near", "NEAR", "and", "OR", "not", "x1", "ab-cd",
          "\u00e9t\u00e9"]
_text = st.lists(st.one_of(st.sampled_from(_WORDS),
                           st.text(alphabet="abcEFG019 -'\".,*:()_", max_size=8)),
                 max_size=6).map(" ".join)
_query = st.lists(st.one_of(st.sampled_from(_WORDS).map(lambda w: w[:max(1, len(w) - 2)]),
                            st.sampled_from(_WORDS),
                            st.text(alphabet="abcEFG019 -'\"*:()_", max_size=5)),
                  min_size=0, max_size=3).map(" ".join)


def check_same_as_python(ws: Workspace, rows: list[dict[str, str]], query: str) -> None:
    for row in rows:
        _add(ws, **row)
    assert _found(ws, query) == _expected(ws, query)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.fixed_dictionaries({"title": _text.filter(str.strip), "summary": _text,
                                            "owner": _text}), max_size=4),
       query=_query)
def test_search_finds_what_a_python_filter_finds(workspace: Workspace,
                                                 rows: list[dict[str, str]], query: str) -> None:
    check_same_as_python(workspace, rows, query)


# -- PostgreSQL --------------------------------------------------------------------------------

_on_postgresql = [pytest.mark.postgresql,
                  pytest.mark.skipif(not SERVER and not os.environ.get("CI"),
                                     reason="set VISITREADY_TEST_POSTGRES to run on PostgreSQL")]


@pytest.fixture
def shared(url: str) -> Iterator[Workspace]:
    with Workspace.connect(url, who="qa") as ws:
        yield ws


@_on_postgresql[0]
@_on_postgresql[1]
def test_on_postgresql_search_reads_as_on_sqlite_and_follows_every_write(
        shared: Workspace) -> None:
    test_as_you_type_any_case_every_word_and_references(shared)
    test_the_index_follows_edit_delete_undo_and_bulk_writes(shared)
    for hostile in ('"', "*", "NEAR", "-", "!", "&", "|", ":*", "<->", "a:b", "x" * 40_000,
                    "'", "\\", "word " * 8_000):
        assert _found(shared, hostile) == _expected(shared, hostile)


@_on_postgresql[0]
@_on_postgresql[1]
def test_on_postgresql_the_search_uses_the_index(shared: Workspace) -> None:
    from sqlalchemy import text

    with shared.transaction() as s:
        s.execute(text("SET LOCAL enable_seqscan = off"))
        condition = search.condition(s, e.EvidenceItem, "safeg E-01")
        assert condition is not None
        from sqlalchemy import select

        plan = "\n".join(r[0] for r in s.execute(
            text("EXPLAIN " + str(select(e.EvidenceItem.id).where(condition).compile(
                s.get_bind(), compile_kwargs={"literal_binds": True})))))
    assert "ix_evidence_title_search" in plan and "ix_evidence_ref_search" in plan, plan


@_on_postgresql[0]
@_on_postgresql[1]
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.fixed_dictionaries({"title": _text.filter(str.strip), "summary": _text,
                                            "owner": _text}), max_size=4),
       query=_query)
def test_on_postgresql_search_finds_what_a_python_filter_finds(
        shared: Workspace, rows: list[dict[str, str]], query: str) -> None:
    check_same_as_python(shared, rows, query)


@_on_postgresql[0]
@_on_postgresql[1]
def test_on_postgresql_erased_words_leave_the_index_files(shared: Workspace) -> None:
    from sqlalchemy import text

    item = _add(shared, "Front door audit", summary="Child Jolene Bloggsworth seen twice.")
    with shared.transaction() as s:  # as it would be after a while: the pending list merged
        s.execute(text("SELECT gin_clean_pending_list('ix_evidence_summary_search')"))
    erase(shared, "evidence", item.id, ["Jolene Bloggsworth"])
    assert _found(shared, "bloggsworth") == []
    with shared.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
        c.execute(text("CHECKPOINT"))
        folder = Path(c.execute(text("SHOW data_directory")).scalar_one())
        files = [folder / c.execute(text("SELECT pg_relation_filepath(:i)"), {"i": index})
                 .scalar_one() for index in ("ix_evidence_summary_search",
                                             "ix_evidence_title_search")]
    if not all(f.is_file() for f in files):
        pytest.skip("the server's files are not on this computer")
    assert not any(b"bloggsworth" in f.read_bytes() for f in files)
