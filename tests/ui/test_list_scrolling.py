"""Long lists: scrolling to the end shows every record once, in order; search keys as users expect."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from models import entities as e
from models.records import KINDS
from models.search import matches
from models.store import Workspace
from tests.conftest import TODAY
from ui import commands
from ui.context import Session
from ui.list_page import RecordListPage
from ui.table_model import RecordTableModel

ROWS = 2 * RecordTableModel.PAGE + 57


def _fill(ws: Workspace) -> None:
    with ws.transaction() as s:
        for n in range(ROWS):
            # Titles repeat and owners are often empty, so ties and nulls need the tie-break.
            ws.insert_in(s, e.EvidenceItem, {
                "title": f"Audit {n % 7}", "evidence_type": "Other", "direction": "Mixed",
                "status": "Draft", "owner": "" if n % 3 else f"Owner {n % 11}",
                "review_date": None if n % 4 else TODAY})


def _scroll_to_end(page: RecordListPage) -> list[str]:
    """Scroll the table down as a user would, until nothing more arrives; the refs shown."""
    ref = next(n for n, c in enumerate(page.model.columns) if c.name == "ref")
    while page.model.canFetchMore():
        page.table.scrollToBottom()
        QApplication.processEvents()
    return [page.model.data(page.model.index(r, ref)) for r in range(page.model.rowCount())]


def _long_list(workspace: Workspace, qtbot: Any) -> tuple[Session, RecordListPage]:
    """A long Evidence list on screen, and its session."""
    _fill(workspace)
    session = Session(workspace, today=TODAY)
    page = RecordListPage(session, KINDS["evidence"])
    qtbot.addWidget(page)
    page.resize(900, 500)
    page.show()
    return session, page


def _number(ref: str) -> int:
    return int(ref.split("-")[1])


def test_scrolling_to_the_end_shows_every_row_once_in_order(workspace: Workspace,
                                                            qtbot: Any) -> None:
    _fill(workspace)
    page = RecordListPage(Session(workspace, today=TODAY), KINDS["evidence"])
    qtbot.addWidget(page)
    page.resize(900, 500)
    page.show()
    refs = _scroll_to_end(page)
    assert len(refs) == ROWS == page.model.total
    assert refs == sorted(refs, key=_number)  # references by number: E-99 before E-100
    everything = {r.ref: r for r in workspace.all(e.EvidenceItem)}
    for name, descending in (("title", True), ("owner", False), ("review_date", True),
                             ("ref", True)):
        column = next(n for n, c in enumerate(page.model.columns) if c.name == name)
        page.model.sort(column, Qt.SortOrder.DescendingOrder if descending
                        else Qt.SortOrder.AscendingOrder)
        refs = _scroll_to_end(page)
        assert sorted(refs) == sorted(everything)

        def key(ref: str, name: str = name, descending: bool = descending) -> Any:
            value = getattr(everything[ref], name) if name != "ref" else _number(ref)
            # Empty values last either way, then the reference by number.
            missing = value is None
            if missing:
                return (True, 0, _number(ref))
            return (False, _Reversed(value) if descending else value, _number(ref))

        expected = sorted(refs, key=key)
        if name == "ref":
            expected = sorted(refs, key=_number, reverse=True)
        assert refs == expected, name


class _Reversed:
    def __init__(self, value: Any) -> None:
        self.value = value

    def __lt__(self, other: _Reversed) -> bool:
        return bool(other.value < self.value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Reversed) and other.value == self.value


def test_records_deleted_while_scrolling_show_blank_until_the_list_is_read_again(
        workspace: Workspace) -> None:
    _fill(workspace)
    model = RecordTableModel(workspace, KINDS["evidence"], today=TODAY)
    model.refresh()
    # Someone else deletes a record the list has not read yet.
    gone = workspace.page(e.EvidenceItem)[RecordTableModel.PAGE + 5]
    workspace.delete(e.EvidenceItem, gone.id, gone.version)
    while model.canFetchMore():
        model.fetchMore()
    ref = next(n for n, c in enumerate(model.columns) if c.name == "ref")
    shown = [model.data(model.index(r, ref)) for r in range(model.rowCount())]
    assert shown[RecordTableModel.PAGE + 5] is None and model.record(RecordTableModel.PAGE + 5) is None
    model.refresh()
    while model.canFetchMore():
        model.fetchMore()
    shown = [model.data(model.index(r, ref)) for r in range(model.rowCount())]
    assert shown == [r.ref for r in workspace.page(e.EvidenceItem)]
    assert gone.ref not in shown and model.total == ROWS - 1


def test_only_the_rows_shown_are_read_and_few_are_kept(workspace: Workspace) -> None:
    _fill(workspace)
    model = RecordTableModel(workspace, KINDS["evidence"], today=TODAY)
    model.refresh()
    while model.canFetchMore():
        model.fetchMore()
    last = model.rowCount() - 1
    assert model.record(last).ref == max((r.ref for r in workspace.all(e.EvidenceItem)),
                                         key=_number)
    assert len(model._pages) == 1  # the end was reached without reading what lies between
    model.KEPT_PAGES = 2
    in_order = [model.record(row).ref for row in range(model.rowCount())]
    assert in_order == [r.ref for r in workspace.page(e.EvidenceItem)]
    assert len(model._pages) == 2


def test_enter_searches_at_once_and_typing_waits_for_a_pause(session: Session,
                                                             qtbot: Any) -> None:
    page = RecordListPage(session, KINDS["evidence"])
    qtbot.addWidget(page)
    page.show()
    everything = page.model.total
    qtbot.keyClicks(page.search, "scorec")
    assert page.model.total == everything  # not yet: one search after the typing stops
    qtbot.waitUntil(lambda: page.model.total == 3)
    page.search.clear()
    qtbot.keyClicks(page.search, "score")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert page.model.total == 3  # at once, without waiting for the pause
    assert not page._debounce.isActive()


def test_a_new_search_shows_its_first_results_even_after_scrolling_down(
        workspace: Workspace, qtbot: Any) -> None:
    _fill(workspace)
    page = RecordListPage(Session(workspace, today=TODAY), KINDS["evidence"])
    qtbot.addWidget(page)
    page.resize(900, 500)
    page.show()
    _scroll_to_end(page)
    assert page.table.rowAt(0) > 0
    qtbot.keyClicks(page.search, "audit 3")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    QApplication.processEvents()
    assert 0 < page.model.total == sum(1 for r in workspace.all(e.EvidenceItem) if matches(
        "audit 3", [getattr(r, f) for f in KINDS["evidence"].search]))
    assert page.table.rowAt(0) == 0  # the first result is on screen


def test_an_edit_at_the_end_of_a_long_list_keeps_the_list_where_it_was(
        workspace: Workspace, qtbot: Any) -> None:
    session, page = _long_list(workspace, qtbot)
    _scroll_to_end(page)
    page.table.scrollToBottom()
    QApplication.processEvents()
    top = page.table.rowAt(0)
    last = page.model.rowCount() - 1
    page.table.selectRow(last - 1)
    record = page.model.record(last - 1)
    commands.edit(session, KINDS["evidence"], record, {"title": "Renamed near the end"})
    QApplication.processEvents()
    assert page.table.rowAt(0) == top  # still looking at the end of the list
    title = next(n for n, c in enumerate(page.model.columns) if c.name == "title")
    assert page.model.data(page.model.index(last - 1, title)) == "Renamed near the end"
    assert [r.id for r in page.selected_records()] == [record.id]
    ref = next(n for n, c in enumerate(page.model.columns) if c.name == "ref")
    assert page.model.data(page.model.index(last, ref)) == f"E-{ROWS:03d}"


def test_an_edit_that_moves_no_row_keeps_the_current_cell(workspace: Workspace,
                                                         qtbot: Any) -> None:
    session, page = _long_list(workspace, qtbot)
    title = next(n for n, c in enumerate(page.model.columns) if c.name == "title")
    page.table.setCurrentIndex(page.model.index(5, title))
    record = page.model.record(5)
    commands.edit(session, KINDS["evidence"], record, {"title": "Audit renamed"})
    QApplication.processEvents()
    page.refresh()  # and a refresh when nothing changed at all
    # The keyboard stays on the cell it was on, showing the change (a reset of the
    # model sent it back to nowhere, so the next arrow key started from the top).
    assert page.table.currentIndex() == page.model.index(5, title)
    assert page.model.data(page.model.index(5, title)) == "Audit renamed"


def test_a_page_scrolled_to_is_read_with_the_links_on_screen_in_one_read(
        workspace: Workspace, qtbot: Any, monkeypatch: Any) -> None:
    _fill(workspace)
    page = RecordListPage(Session(workspace, today=TODAY), KINDS["evidence"])
    qtbot.addWidget(page)
    page.resize(900, 500)
    page.show()
    QApplication.processEvents()
    themes = next(n for n, c in enumerate(page.model.columns) if c.name == "themes")
    assert not page.table.isColumnHidden(themes)
    reads = []
    reading = workspace.plain_reading
    monkeypatch.setattr(workspace, "plain_reading", lambda: reads.append(1) or reading())
    page.table.scrollTo(page.model.index(RecordTableModel.PAGE - 1, 0))
    QApplication.processEvents()
    shown = page.table.rowAt(0)
    assert shown > RecordTableModel.READ
    assert len(reads) == len({shown // RecordTableModel.READ,
                              page.table.rowAt(page.table.viewport().height() - 2)
                              // RecordTableModel.READ})


def test_the_list_draws_its_text_unshaped_in_the_application_font(session: Session,
                                                                  qtbot: Any) -> None:
    """Latin text is drawn without shaping (about a fifth of painting a screen of the list;
    scripts that need shaping still get it), and the list still follows the application's
    font when it changes."""
    from PySide6.QtGui import QFont

    page = RecordListPage(session, KINDS["evidence"])
    qtbot.addWidget(page)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.font()
    try:
        bigger = QFont(before)
        bigger.setPointSizeF(before.pointSizeF() + 3)
        app.setFont(bigger)
        QApplication.processEvents()
        assert page.table.font().pointSizeF() == bigger.pointSizeF()
        assert page.table.font().styleStrategy() & QFont.StyleStrategy.PreferNoShaping
    finally:
        app.setFont(before)
