"""The same store on a shared PostgreSQL server: what several leaders working together rely on.

Runs when VISITREADY_TEST_POSTGRES names a server, e.g.
``postgresql+psycopg://postgres@127.0.0.1:55432/postgres`` (CI starts one); each
test gets a database of its own.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models import entities as e
from models.errors import ConflictError
from models.readiness import assess
from models.store import RecordQuery, Workspace
from tests.conftest import SERVER, own_database
from tests.models.test_readiness_sql import build, check_equal, comparable
from tests.models.test_store import _columns, _full_records
from tests.models.test_text_warnings import check_random_edits

pytestmark = [
    pytest.mark.postgresql,
    pytest.mark.skipif(not SERVER and not os.environ.get("CI"),
                       reason="set VISITREADY_TEST_POSTGRES to run on PostgreSQL (CI does)"),
]




def test_a_new_database_is_set_up_as_a_workspace(url: str) -> None:
    with Workspace.connect(url, who="dcs") as ws:
        assert len(ws.themes()) == 11
        assert ws.name.startswith("visitready_")  # the database's name, not its address
        schema = ws.schema_revision()
    with Workspace.connect(url, who="dcs") as again:
        assert again.schema_revision() == schema
        assert len(again.themes()) == 11


def test_every_record_and_link_round_trips(url: str) -> None:
    with Workspace.connect(url, who="qa") as ws:
        made = _full_records(ws)
    with Workspace.connect(url, who="qa") as again:
        for record in made.values():
            assert _columns(again.get(type(record), record.id)) == _columns(record)  # type: ignore[attr-defined]


def test_two_leaders_cannot_overwrite_each_other(url: str) -> None:
    with Workspace.connect(url, who="head of service") as mine, \
            Workspace.connect(url, who="qa lead") as theirs:
        item = mine.add(e.EvidenceItem, title="Scorecard", evidence_type="Other",
                        direction="Mixed", status="Draft")
        theirs.update(e.EvidenceItem, item.id, item.version, status="Verified")
        with pytest.raises(ConflictError, match="qa lead"):
            mine.update(e.EvidenceItem, item.id, item.version, status="Approved")
        assert mine.get(e.EvidenceItem, item.id).status == "Verified"


def test_references_delete_restore_search_and_readiness(url: str) -> None:
    with Workspace.connect(url) as ws:
        theme = ws.themes()[0]
        visit = ws.add_visit(number=1, visit_type="Monitoring visit", status="Planned",
                             start_date=dt.date(2026, 12, 8), themes=[theme.id])
        first = ws.add(e.EvidenceItem, title="Front door scorecard", evidence_type="Other",
                       direction="Mixed", status="Approved", themes=[theme.id])
        deleted = ws.delete(e.EvidenceItem, first.id, first.version)
        second = ws.add(e.EvidenceItem, title="Second", evidence_type="Other",
                        direction="Mixed", status="Draft")
        assert (first.ref, second.ref) == ("E-001", "E-002")
        back = ws.restore(deleted)
        assert back.ref == "E-001" and [t.id for t in back.themes] == [theme.id]
        found = ws.page(e.EvidenceItem, RecordQuery(text="SCORECARD", order_by="as_at"))
        assert [x.ref for x in found] == ["E-001"]
        result = assess(ws.contents(visit.id), dt.date(2026, 11, 22))
        assert result.focus[0].approved_evidence == 1


def test_a_links_only_change_moves_the_version_on_the_server_too(url: str) -> None:
    with Workspace.connect(url, who="head of service") as mine, \
            Workspace.connect(url, who="qa lead") as theirs:
        themes = mine.themes()
        item = mine.add(e.EvidenceItem, title="Scorecard", evidence_type="Other",
                        direction="Mixed", status="Draft")
        theirs.update(e.EvidenceItem, item.id, item.version, themes=[themes[0].id])
        with pytest.raises(ConflictError):
            mine.update(e.EvidenceItem, item.id, item.version, themes=[themes[1].id])
        theirs.attach_link(item.id, "https://intranet.example/scorecard")
        assert mine.get(e.EvidenceItem, item.id).version == item.version + 2


@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_readiness_by_sql_equals_the_formula_on_the_server(url: str, data: st.DataObject) -> None:
    """``url`` only skips the test without a server; each example gets a database of its own."""
    with own_database() as address, Workspace.connect(address) as ws:  # one per example
        check_equal(ws, build(ws, data))


@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_stored_warnings_equal_a_fresh_scan_on_the_server(url: str, data: st.DataObject) -> None:
    with own_database() as address, Workspace.connect(address) as ws:
        check_random_edits(ws, data)


def test_reads_are_planned_once_and_cannot_write(url: str) -> None:
    """A query the app repeats (every list refresh, every readiness) is planned by the server
    once per connection, not on every read; and a read cannot change anything."""
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    with Workspace.connect(url) as ws:
        for _ in range(8):
            ws.count(e.EvidenceItem)
        with ws.reading() as s:
            prepared = s.execute(text(
                "SELECT statement FROM pg_prepared_statements WHERE NOT from_sql")).scalars().all()
        assert any("evidence" in statement for statement in prepared), prepared
        with pytest.raises(DBAPIError, match="read-only transaction"), ws.reading() as s:
            s.execute(text("DELETE FROM evidence"))


def test_a_list_reads_its_rows_and_links_on_the_server(url: str) -> None:
    """A page of a list is read by its ids (one array of them on the server), in the order
    asked for, with its links, and a record deleted since shows as a gap."""
    from models.list_rows import list_rows
    from models.records import KINDS

    with Workspace.connect(url) as ws:
        themes = ws.themes()
        made = [ws.add(e.EvidenceItem, title=f"Scorecard {n}", evidence_type="Other",
                       direction="Mixed", status="Draft", themes=[themes[n % 2].id])
                for n in range(3)]
        ws.delete(e.EvidenceItem, made[1].id, made[1].version)
        ids = [made[2].id, made[1].id, made[0].id]
        rows = list_rows(ws, KINDS["evidence"], ids, links=("themes",))
        assert [r.title if r else None for r in rows] == ["Scorecard 2", None, "Scorecard 0"]
        assert [[t.id for t in r.themes] for r in rows if r] == [[themes[0].id], [themes[0].id]]
        # Several links come in the order the record's own link keeps, with their codes.
        ws.update(e.EvidenceItem, made[2].id, made[2].version,
                  themes=[themes[3].id, themes[0].id, themes[2].id])
        shown, = list_rows(ws, KINDS["evidence"], [made[2].id])
        record = ws.get(e.EvidenceItem, made[2].id)
        assert [(t.id, t.ref, t.code) for t in shown.themes] == \
            [(t.id, t.ref, t.code) for t in record.themes]
        assert len(shown.themes) == 3


def test_reads_carry_on_when_the_server_dropped_their_connections(url: str) -> None:
    """A server restarted (or an administrator ending sessions) between two reads: the next
    read opens a fresh connection rather than failing with "server closed the connection"."""
    from sqlalchemy import create_engine, text

    with Workspace.connect(url) as ws:
        ws.add(e.EvidenceItem, title="Scorecard", evidence_type="Other",
               direction="Mixed", status="Draft")
        assert ws.count(e.EvidenceItem) == 1  # the read connections are now in the pool
        others = ("FROM pg_stat_activity WHERE datname = current_database() "
                  "AND pid <> pg_backend_pid()")
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as c:
                ended = c.execute(text(f"SELECT count(pg_terminate_backend(pid)) {others}"))
                assert ended.scalar()
                # Ended when each has said goodbye and gone, not when it was told to.
                for _ in range(100):
                    if not c.execute(text(f"SELECT count(*) {others}")).scalar():
                        break
                    time.sleep(0.05)
        finally:
            admin.dispose()
        assert ws.count(e.EvidenceItem) == 1
        assert [r.title for r in ws.page(e.EvidenceItem)] == ["Scorecard"]


def test_reads_keep_the_options_given_in_the_address(url: str) -> None:
    """Options written in the server's address (here a statement timeout) still apply to
    reads, which add their own read-only setting to them."""
    from urllib.parse import quote

    from sqlalchemy import text

    address = f"{url}{'&' if '?' in url else '?'}options={quote('-c statement_timeout=54321')}"
    with Workspace.connect(address) as ws, ws.reading() as s:
        assert s.execute(text("SHOW statement_timeout")).scalar() == "54321ms"
        assert s.execute(text("SHOW default_transaction_read_only")).scalar() == "on"


def test_readiness_reads_the_server_as_of_one_moment(url: str,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Readiness takes several statements; a colleague's edit saved between two of them
    must not give counts from before it and gaps from after it (or the reverse)."""
    from models import readiness_sql

    with Workspace.connect(url, who="performance") as ws, \
            Workspace.connect(url, who="qa lead") as colleague:
        themes = ws.themes()
        visit = ws.add_visit(number=1, visit_type="Monitoring visit", status="Planned",
                             start_date=dt.date(2026, 12, 8), themes=[themes[0].id])
        ws.add(e.EvidenceItem, title="Front door scorecard", evidence_type="Other",
               direction="Mixed", status="Approved", themes=[themes[0].id])
        today = dt.date(2026, 11, 24)
        before = readiness_sql.assess_visit(ws, visit.id, today)
        reads: list[object] = []
        read = readiness_sql.driver_rows

        def colleague_saves_after_the_counts(*args: Any) -> Any:
            rows = read(*args)
            reads.append(args[1])
            if len(reads) == 1:  # between readiness's counts and its gaps
                colleague.add(e.Action, description="Audit the front door",
                              owner="Head of service", due_date=dt.date(2026, 1, 5),
                              status="Not started")
                colleague.add(e.EvidenceItem, title="Audit report",
                              evidence_type="Audit summary", direction="Mixed",
                              status="Approved", themes=[themes[0].id])
            return rows

        monkeypatch.setattr(readiness_sql, "driver_rows", colleague_saves_after_the_counts)
        during = readiness_sql.assess_visit(ws, visit.id, today)
        monkeypatch.undo()
        after = readiness_sql.assess_visit(ws, visit.id, today)
        assert reads == [readiness_sql._COUNTS, readiness_sql._GAPS]  # noqa: SLF001
        seen = [comparable(r) for r in (before, during, after)]
        assert seen[2] != seen[0]  # the colleague's edit does change readiness
        assert seen[1] in (seen[0], seen[2])


def test_an_export_reads_the_visit_as_of_one_moment(url: str) -> None:
    """The pack and the log are written from one read of the visit's records: a colleague's
    evidence item and action saved while it reads are both in it, or neither."""
    from sqlalchemy import event

    with Workspace.connect(url, who="performance") as ws, \
            Workspace.connect(url, who="qa lead") as colleague:
        visit = ws.add_visit(number=1, visit_type="Monitoring visit", status="Planned",
                             start_date=dt.date(2026, 12, 8), themes=[ws.themes()[0].id])
        saved: list[str] = []

        def colleague_saves_after_the_evidence(_connection: object, _cursor: object,
                                               statement: str, *_rest: object) -> None:
            if not saved and statement.startswith("SELECT evidence."):  # read before actions
                saved.append(statement)
                colleague.add(e.EvidenceItem, title="Audit report", evidence_type="Other",
                              direction="Mixed", status="Approved")
                colleague.add(e.Action, description="Audit the front door",
                              owner="Head of service", due_date=dt.date(2027, 1, 5),
                              status="Not started")

        engine = ws._reader or ws.engine  # noqa: SLF001 - the connections reads run on
        event.listen(engine, "after_cursor_execute", colleague_saves_after_the_evidence)
        try:
            contents = ws.contents(visit.id)
        finally:
            event.remove(engine, "after_cursor_execute", colleague_saves_after_the_evidence)
        assert saved
        assert (len(contents.evidence), len(contents.actions)) in ((0, 0), (1, 1))
        again = ws.contents(visit.id)
        assert (len(again.evidence), len(again.actions)) == (1, 1)


def test_reads_straight_from_the_driver_give_what_sqlalchemy_gives(url: str) -> None:
    """A list's pages and ids, handed to the driver as they are on a server, come back
    exactly as SQLAlchemy would give them, for every kind and for filtered questions; a
    statement holding values SQLAlchemy must convert still goes through SQLAlchemy."""
    from sqlalchemy import literal, select

    from models import dialect
    from models.list_rows import _rows_statement
    from models.records import KINDS, FieldType

    with Workspace.connect(url, who="qa") as ws:
        _full_records(ws)
        evidence = ws.add(e.EvidenceItem, title="Audit of plans 100%", evidence_type="Other",
                          direction="Mixed", status="Draft", owner="Head of CP",
                          review_date=dt.date(2026, 1, 31), themes=[ws.themes()[2].id])
        with ws.reading() as s:
            connection = s.connection()
            for kind in KINDS.values():
                links = tuple(f.name for f in kind.fields if f.type is FieldType.LINKS)
                statement = _rows_statement(kind.name, "postgresql", links)
                ids = list(s.scalars(select(kind.entity.id)))  # type: ignore[attr-defined]
                assert ids, kind.name
                by_sqlalchemy = [tuple(r) for r in connection.execute(statement, {"ids": ids})]
                assert dialect.typed_rows(connection, statement, {"ids": ids}) == by_sqlalchemy
            straight = dialect._for_the_driver(  # noqa: SLF001
                _rows_statement("evidence", "postgresql", ("themes",)), connection.dialect)
            assert straight is not None and "ids" in straight.converters
            flagged = select(e.EvidenceItem.id).where(e.EvidenceItem.include_in_pack.is_not(True))
            assert dialect._for_the_driver(  # noqa: SLF001
                select(e.EvidenceItem.id).where(e.EvidenceItem.include_in_pack == literal(True)),
                connection.dialect) is None  # a held boolean: SQLAlchemy converts it
            assert dialect.driver_rows(connection, flagged) == []
        for query in (RecordQuery(), RecordQuery(text="plans 100"),
                      RecordQuery(equals={"status": "Draft", "owner": "Head of CP"}),
                      RecordQuery(theme_id=ws.themes()[2].id, order_by="review_date",
                                  descending=True),
                      RecordQuery(equals={"include_in_pack": True})):
            expected = [r.id for r in ws.page(e.EvidenceItem, query)]
            assert ws.record_ids(e.EvidenceItem, query) == expected, query
            assert ws.record_ids(e.EvidenceItem, query) == expected  # asked again: kept
        overdue = RecordQuery(overdue_on=dt.date(2026, 12, 2))
        assert ws.record_ids(e.Action, overdue) == [r.id for r in ws.page(e.Action, overdue)]
        assert evidence.id in ws.record_ids(e.EvidenceItem, RecordQuery(text="audit"))


def test_a_read_straight_from_the_driver_fails_as_any_read_does(url: str) -> None:
    """An error from the server during such a read is SQLAlchemy's, as from any other read,
    and the connection goes on to the next read."""
    from sqlalchemy import literal_column, select
    from sqlalchemy.exc import DBAPIError

    from models import dialect

    failing = select(literal_column("1 / (2 - 2)").label("x"))
    with Workspace.connect(url) as ws:
        with ws.reading() as s:
            assert dialect._for_the_driver(failing, s.get_bind().dialect) is not None  # noqa: SLF001
            with pytest.raises(DBAPIError, match="division by zero"):
                dialect.driver_rows(s.connection(), failing)
        assert ws.record_ids(e.EvidenceItem, RecordQuery()) == []
