"""Every table model passes Qt's model tester, and sorting and filtering go through the store."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from models import entities as e
from models.records import KINDS
from models.replan import offset_words
from models.store import RecordQuery, Workspace
from tests.conftest import TODAY
from ui.history_page import ChangeLogModel
from ui.table_model import CHIP_ROLE, RecordTableModel, display, is_overdue


@pytest.mark.parametrize("kind_name", sorted(k for k in KINDS if k != "authority"))
def test_record_models_pass_the_model_tester(demo: Workspace, qtmodeltester: Any,
                                             kind_name: str) -> None:
    model = RecordTableModel(demo, KINDS[kind_name], today=TODAY)
    model.refresh()
    assert model.rowCount() > 0
    qtmodeltester.check(model)


def test_change_log_model_passes_the_model_tester(demo: Workspace, qtmodeltester: Any) -> None:
    model = ChangeLogModel(demo)
    model.refresh()
    qtmodeltester.check(model)


def test_rows_arrive_a_page_at_a_time(workspace: Workspace) -> None:
    for n in range(RecordTableModel.PAGE + 20):
        workspace.add(e.Action, description=f"Action {n}", owner="o", due_date=TODAY,
                      status="Not started")
    model = RecordTableModel(workspace, KINDS["action"], today=TODAY)
    model.refresh()
    assert model.rowCount() == RecordTableModel.PAGE
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == RecordTableModel.PAGE + 20
    assert not model.canFetchMore()


def test_sort_is_done_by_the_store(demo: Workspace) -> None:
    model = RecordTableModel(demo, KINDS["evidence"], today=TODAY)
    model.refresh()
    title = next(n for n, c in enumerate(model.columns) if c.name == "title")
    model.sort(title, Qt.SortOrder.DescendingOrder)
    assert model.query.order_by == "title" and model.query.descending
    shown = [model.data(model.index(r, title)) for r in range(5)]
    in_store = [x.title for x in demo.page(e.EvidenceItem, RecordQuery(order_by="title",
                                                                       descending=True, limit=5))]
    assert shown == in_store


def test_rag_and_overdue_are_visible_without_colour(demo: Workspace) -> None:
    model = RecordTableModel(demo, KINDS["action"], today=TODAY)
    model.set_query(RecordQuery(overdue_on=TODAY))
    rag = next(n for n, c in enumerate(model.columns) if c.name == "rag")
    due = next(n for n, c in enumerate(model.columns) if c.name == "due_date")
    assert model.rowCount() == 6
    for row in range(model.rowCount()):
        assert model.data(model.index(row, rag)) in ("Red", "Amber", "Green")
        assert model.data(model.index(row, rag), CHIP_ROLE) is not None
        assert model.data(model.index(row, due), Qt.ItemDataRole.FontRole).bold()


@pytest.mark.parametrize("kind_name", sorted(k for k in KINDS if k != "authority"))
def test_every_cell_reads_as_the_whole_record_would(demo: Workspace, kind_name: str) -> None:
    """Rows are painted from a light read; each cell must say what the record says."""
    kind = KINDS[kind_name]
    model = RecordTableModel(demo, kind, today=TODAY)
    model.refresh()
    while model.canFetchMore():
        model.fetchMore()
    records = demo.page(kind.entity, RecordQuery())
    assert model.rowCount() == len(records) > 0
    for row, record in enumerate(records):
        for n, column in enumerate(model.columns):
            text = display(column.spec, record, column.name)
            if kind_name == "checklist_item" and column.name == "due_date":
                text += offset_words(record)
            if is_overdue(kind, record, column.name, TODAY):
                text += " (overdue)"
            index = model.index(row, n)
            assert model.data(index) == text, (record.ref, column.name)
            value = getattr(record, column.name)
            assert model.data(index, Qt.ItemDataRole.UserRole) == (
                [x.id for x in value] if isinstance(value, list) else value)
        assert model.record(row).id == record.id
