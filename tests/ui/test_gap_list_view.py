"""The dashboard's "what is missing" list writes the messages it shows, not all of them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from models.gap_list import GapList
from models.personal_data import NO_CONTACTS
from models.readiness import Gap, Shorten, action_overdue_gap
from models.store import Workspace
from tests.conftest import TODAY
from ui.context import Session
from ui.dashboard import DashboardPage


def test_a_long_gap_list_writes_only_the_rows_on_screen(demo: Workspace, qtbot: Any) -> None:
    written: list[int] = []

    def make(short: Shorten, *row: Any) -> Gap:
        written.append(row[0])
        return action_overdue_gap(short, *row)

    gaps = GapList([(make, (i, f"A-{i:04d}", TODAY - dt.timedelta(days=1), "Lead", f"Task {i}"))
                    for i in range(1, 2001)], NO_CONTACTS)
    page = DashboardPage(Session(demo, today=TODAY))
    qtbot.addWidget(page)
    page.resize(1280, 800)
    with qtbot.waitSignal(page.refreshed, timeout=30_000):  # the demo's own readiness first
        page.show()
    page.gap_model.set_gaps(gaps)
    page.gaps.scrollToBottom()
    qtbot.wait(50)
    page.repaint()
    assert page.gap_model.rowCount() == 2000
    assert 0 < len(set(written)) < 200  # what the view painted, not the 2,000
    assert max(written) >= 1990  # the rows at the end, scrolled to, are written and shown
    last = page.gap_model.index(1999, 1).data()
    assert last == "A-2000 was due on 21 Nov 2026 (Lead): Task 2000"
