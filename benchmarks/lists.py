"""Lists at the speed of the data: scrolling the Evidence list to its end, and a search keystroke.

Run by hand: ``python benchmarks/lists.py [SIZES...] [--url postgresql+psycopg://…]``
(default sizes 1000 5000 20000 50000). Each figure is the best of three runs, taken in
turn with its baseline in the same run:

- *scroll to end*: the Evidence page on screen at the top of its list (made, shown and
  painted before the clock starts), read afresh (every id again, no record kept) and
  scrolled to the bottom until its last row is painted; baseline: one Core query for every
  row of the table in the same order (tuples) -- the goal's figure. The same figure is
  compared with one ORM query loading every record with its links (what the list read
  before, page by page), and with the bare library doing the same work: that Core query
  handed to a bare ``QTableView`` of the same size, with a plain table model of tuples,
  scrolled to its end and painted. A last row repeats the older measure (read afresh and
  painted at the top, then scrolled: two screens painted) against the bare view doing
  the same.
- *search keystroke*: the list page's search after the typing pause (the store's
  full-text query, every matching id in order, the count shown) with the records of the
  first screenful read ("rows ready"), and then also painted ("painted", the events
  processed); baseline: the bare full-text query alone (FTS5 ``MATCH`` on SQLite, the same
  ``@@`` condition on PostgreSQL). The goal is 50 ms at 20,000 items.

The last rows give each operation's growth: the exponent k in time ∝ items^k between the
smallest and the largest size (1 is linear). Record results in benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from goals import best_in_turn  # noqa: E402
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QTableView  # noqa: E402
from sqlalchemy import create_engine, insert, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from models import entities as e  # noqa: E402
from models import search  # noqa: E402
from models.records import KINDS  # noqa: E402
from models.store import Workspace, by_ref  # noqa: E402

QUERY = "safeguarding pa"  # the second word half typed
FIRST_KEY = "m"  # one letter: every summary has "measures" and "month"
SCROLL_GOAL = 2.0
SEARCH_GOAL = 0.050

_TOPICS = ["Safeguarding", "Front door", "Care leavers", "Pathway", "Exploitation", "Neglect",
           "Missing children", "Strategy", "Assessment", "Supervision", "Audit", "Partnership"]
_THINGS = ["pack", "audit", "minutes", "scorecard", "plan", "report", "survey", "review",
           "dashboard", "policy", "notes"]


def _fill(ws: Workspace, rows: int) -> None:
    """Bulk-insert evidence (a real workspace would import it); the index follows by itself."""
    themes = [t.id for t in ws.themes()]
    now = dt.datetime(2026, 11, 22, 9, 0)
    with ws.engine.begin() as connection:
        connection.execute(insert(e.EvidenceItem), [
            {"ref": f"E-{n:03d}", "version": 1, "created_at": now, "updated_at": now,
             "title": f"{_TOPICS[n % 12]} {_THINGS[n % 11]} {n}",
             "evidence_type": "Performance data", "source": "Performance team",
             "as_at": dt.date(2026, 10, 31), "period": "", "owner": f"Owner {n % 37}",
             "location": "", "summary": f"{_TOPICS[(n * 7) % 12]} measures for the "
                                        f"{_THINGS[(n * 5) % 11]}, month {n % 12 + 1}",
             "direction": "Mixed", "status": ("Draft", "Verified", "Approved")[n % 3],
             "include_in_pack": True, "contains_personal_data": False, "review_date": None}
            for n in range(1, rows + 1)])
        ids = list(connection.scalars(select(e.EvidenceItem.id)))
        connection.execute(insert(e.evidence_theme), [
            {"evidence_id": i, "theme_id": themes[i % len(themes)]} for i in ids])
        connection.execute(insert(e.ReferenceCounter), [{"prefix": "E", "last_number": rows}])


@contextmanager
def _workspace(rows: int, url: str | None) -> Iterator[Workspace]:
    """A workspace of ``rows`` evidence items: a temporary file, or a new server database."""
    if url is None:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "lists.visitready"
            Workspace.create(path).close()
            with Workspace.open(path) as ws:
                _fill(ws, rows)
            with Workspace.open(path) as ws:
                yield ws
        return
    name = f"visitready_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        address = make_url(url).set(database=name).render_as_string(hide_password=False)
        with Workspace.connect(address) as ws:
            _fill(ws, rows)
            with ws.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
                c.execute(text("VACUUM ANALYZE"))
            yield ws
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def _after(setup: Callable[[], object], work: Callable[[], object]) -> Callable[[], float]:
    """One timing of ``work``, with ``setup`` done first off the clock."""
    def timed() -> float:
        setup()
        start = time.perf_counter()
        work()
        return time.perf_counter() - start
    return timed


def _alternating_timed(ours: Callable[[], float], bare: Callable[[], float],
                       runs: int = 3) -> tuple[float, float]:
    """Best of ``runs`` timings each, taken in turn (for work that needs an untimed setup)."""
    mine, theirs = [], []
    for _ in range(runs):
        mine.append(ours())
        theirs.append(bare())
    return min(mine), min(theirs)


class _BareRows(QAbstractTableModel):
    """The bare library's table model: tuples, their words and nothing else."""

    def __init__(self, columns: int) -> None:
        super().__init__()
        self.rows: list[tuple[str, ...]] = []
        self.columns = columns

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.columns

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            return self.rows[index.row()][index.column()]
        return None

    def show(self, rows: list[tuple[str, ...]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()


def measure(ws: Workspace, rows: int) -> list[tuple[str, int, float, float, str, str]]:
    """The rows of the table for one workspace."""
    from ui.context import Session as UiSession
    from ui.list_page import RecordListPage

    kind = KINDS["evidence"]
    entity = e.EvidenceItem

    page = RecordListPage(UiSession(ws), kind)
    page.resize(1200, 800)
    page.show()
    QApplication.processEvents()

    def at_top() -> None:
        """Where a user starts: the list on screen at its first row, painted."""
        page.table.scrollToTop()
        QApplication.processEvents()

    def scroll(paint_top: bool = False) -> None:
        """The Evidence page read afresh and scrolled down until its last row is painted."""
        page.model.refresh()
        if paint_top:  # the older measure: the top painted again first
            QApplication.processEvents()
        while page.model.canFetchMore():
            page.table.scrollToBottom()
            QApplication.processEvents()
        page.table.scrollToBottom()
        QApplication.processEvents()
        last = page.model.rowCount() - 1
        assert last + 1 == rows and page.model.data(page.model.index(last, 0)) == f"E-{rows:03d}"
        assert page.table.rowAt(page.table.viewport().height() - 2) == last

    # The bare library doing the same: the columns the page shows that are columns of the
    # table, in a bare view of the same size, on screen at its top before the clock starts.
    table_columns = entity.__table__.c
    shown_names = [c.name for n, c in enumerate(page.model.columns)
                   if not page.table.isColumnHidden(n) and c.name in table_columns]
    bare_model = _BareRows(len(shown_names))
    bare_view = QTableView()
    bare_view.setModel(bare_model)
    bare_view.verticalHeader().setDefaultSectionSize(26)
    bare_view.verticalHeader().hide()
    bare_view.setAlternatingRowColors(True)
    bare_view.resize(page.table.size())
    bare_view.show()

    def bare_at_top() -> None:
        bare_view.scrollToTop()
        QApplication.processEvents()

    def bare_scroll(paint_top: bool = False) -> None:
        with ws.engine.connect() as connection:
            found = connection.execute(select(*(table_columns[n] for n in shown_names))
                                       .order_by(*by_ref(entity.__table__.c))).all()
        bare_model.show([tuple("" if v is None else str(v) for v in row) for row in found])
        if paint_top:
            QApplication.processEvents()
        bare_view.scrollToBottom()
        QApplication.processEvents()
        assert bare_view.rowAt(bare_view.viewport().height() - 2) == rows - 1

    def one_orm_query() -> None:
        with Session(ws.engine) as s:
            found = s.scalars(select(entity).order_by(*by_ref(entity))).all()
        assert len(found) == rows

    def one_core_query() -> None:
        table = entity.__table__
        with ws.engine.connect() as connection:
            found = connection.execute(select(table).order_by(
                *by_ref(table.c))).all()
        assert len(found) == rows

    def keystroke(query: str = QUERY, paint: bool = True) -> None:
        page.search.setText(query)
        page._on_search_return_pressed()  # what the pause (or Enter) then runs
        if paint:
            QApplication.processEvents()  # the first rows of the result painted
        else:  # the rows on screen read, ready to paint
            for row in range(min(30, page.model.rowCount())):
                page.model.record(row)
        assert page.model.total > 0

    def bare_search(query: str = QUERY) -> None:
        with Session(ws.engine) as s:
            condition = search.condition(s, entity, query)
            assert condition is not None
            s.execute(select(entity.id).where(condition)).all()

    scroll_ours, scroll_orm = _alternating_timed(_after(at_top, scroll),
                                                 _after(lambda: None, one_orm_query))
    _, scroll_core = best_in_turn(lambda: None, one_core_query, runs=3)
    scroll_ours2, scroll_bare = _alternating_timed(_after(at_top, scroll),
                                                   _after(bare_at_top, bare_scroll))
    scroll_ours = min(scroll_ours, scroll_ours2)
    twice_ours, twice_bare = _alternating_timed(_after(at_top, lambda: scroll(True)),
                                                _after(bare_at_top, lambda: bare_scroll(True)))
    bare_view.close()
    bare_view.deleteLater()
    ready_ours, ready_bare = best_in_turn(lambda: keystroke(paint=False), bare_search, runs=3)
    search_ours, search_bare = best_in_turn(keystroke, bare_search, runs=3)
    first_ours, first_bare = best_in_turn(lambda: keystroke(FIRST_KEY),
                                          lambda: bare_search(FIRST_KEY), runs=3)
    page._debounce.stop()
    page.close()
    page.deleteLater()
    search_goal = f"<= {SEARCH_GOAL * 1000:g} ms" if rows <= 20_000 else "(linear)"
    return [
        ("scroll to end (vs one Core query)", rows, scroll_ours, scroll_core,
         f"<= {SCROLL_GOAL:g}x", _yes(scroll_ours / scroll_core <= SCROLL_GOAL)),
        ("scroll to end (vs one ORM query)", rows, scroll_ours, scroll_orm,
         f"<= {SCROLL_GOAL:g}x", _yes(scroll_ours / scroll_orm <= SCROLL_GOAL)),
        ("scroll to end (vs that Core query in a bare view, scrolled and painted)", rows,
         scroll_ours, scroll_bare, f"<= {SCROLL_GOAL:g}x",
         _yes(scroll_ours / scroll_bare <= SCROLL_GOAL)),
        ("read afresh, top painted, then scrolled to end (vs the bare view the same)", rows,
         twice_ours, twice_bare, "(no goal)", "-"),
        (f"search keystroke '{QUERY}', rows ready", rows, ready_ours, ready_bare, search_goal,
         _yes(ready_ours <= SEARCH_GOAL) if rows <= 20_000 else "see growth"),
        (f"search keystroke '{QUERY}', painted", rows, search_ours, search_bare, search_goal,
         _yes(search_ours <= SEARCH_GOAL) if rows <= 20_000 else "see growth"),
        (f"search keystroke '{FIRST_KEY}' (every row matches), painted", rows, first_ours,
         first_bare, search_goal, _yes(first_ours <= SEARCH_GOAL) if rows <= 20_000 else "see growth"),
    ]


def _yes(met: bool) -> str:
    return "yes" if met else "NO"


def run(sizes: list[int], url: str | None = None) -> list[tuple[str, int, float]]:
    """Print "operation | items | VisitReady | baseline | ratio | goal | met" for each size.

    Args:
        sizes: Numbers of evidence items, e.g. ``[1000, 5000, 20000, 50000]``.
        url: A PostgreSQL server (``postgresql+psycopg://…``) to run on instead of SQLite
            workspace files (run_all calls this once for each); a new database is made
            there for each size and dropped afterwards.
    """
    QApplication.instance() or QApplication([])
    engines = [("PostgreSQL", url)] if url else [("SQLite", None)]
    timings: list[tuple[str, int, float]] = []  # for run_all's growth check
    for engine_name, address in engines:
        print(f"\n{engine_name}: lists (best of 3)\n")
        print("operation | items | VisitReady | baseline | ratio | goal | met")
        print("---|---|---|---|---|---|---")
        table: list[tuple[str, int, float, float, str, str]] = []
        for rows in sizes:
            with _workspace(rows, address) as ws:
                for line in measure(ws, rows):
                    name, n, ours, bare, goal, met = line
                    table.append(line)
                    timings.append((f"{engine_name}: {name}", n, ours))
                    print(f"{name} | {n:,} | {ours * 1000:.1f} ms | {bare * 1000:.1f} ms | "
                          f"{ours / bare:.2f}x | {goal} | {met}")
        if len(sizes) > 1:
            small, large = min(sizes), max(sizes)
            for name in dict.fromkeys(line[0] for line in table):
                first = next(t for t in table if t[0] == name and t[1] == small)
                last = next(t for t in table if t[0] == name and t[1] == large)
                k = math.log(last[2] / first[2]) / math.log(large / small)
                base = math.log(last[3] / first[3]) / math.log(large / small)
                print(f"growth of {name} | {small:,}-{large:,} | k = {k:.2f} | "
                      f"k = {base:.2f} | | <= 1.1 | {'yes' if k <= 1.1 else 'NO'}")
    return timings


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 5000, 20000, 50000])
    parser.add_argument("--url", help="also run on this PostgreSQL server")
    arguments = parser.parse_args()
    run(arguments.sizes)
    if arguments.url:
        run(arguments.sizes, arguments.url)
