"""Readiness refreshes read through one set of connections of the session's own."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, event

from models.store import Workspace
from tests.conftest import TODAY
from ui.context import Session


@pytest.fixture
def connections_made() -> Iterator[list[Any]]:
    made: list[Any] = []

    def count(dbapi_connection: Any, _record: Any) -> None:
        made.append(dbapi_connection)

    event.listen(Engine, "connect", count)
    yield made
    event.remove(Engine, "connect", count)


def test_refreshes_reuse_the_readers_connection_until_the_session_closes(
        demo: Workspace, connections_made: list[Any]) -> None:
    """A new connection to a shared server costs as much as readiness itself: each edit
    refreshes the dashboard, so the connection is made once and kept."""
    session = Session(demo, today=TODAY)
    visit_id = session.visit_id
    first = session.readiness_work(visit_id)()
    for _ in range(4):
        again = session.readiness_work(visit_id)()
    assert len(connections_made) == 1
    assert again.score == first.score and again.gaps == first.gaps
    session.close()
    session.readiness_work(visit_id)()  # a session that goes on after closing opens anew
    assert len(connections_made) == 2
    session.close()
