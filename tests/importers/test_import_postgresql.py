"""The evidence-log import on a shared PostgreSQL workspace: preview, apply in one transaction, undo."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from importers.log_apply import apply_preview, undo_import
from importers.log_compare import ConflictPolicy, RowClass, preview_log
from models import entities as e
from models.errors import ConflictError
from models.store import Workspace
from tests.conftest import SERVER
from tests.importers.conftest import append_row, edit_log, export_log

pytestmark = [
    pytest.mark.postgresql,
    pytest.mark.skipif(not SERVER and not os.environ.get("CI"),
                       reason="set VISITREADY_TEST_POSTGRES to run on PostgreSQL (CI does)"),
]


@pytest.fixture
def shared(url: str) -> Iterator[Workspace]:
    ws = Workspace.connect(url, who="qa")
    yield ws
    ws.close()


def test_import_on_a_shared_workspace(shared: Workspace, tmp_path: Path) -> None:
    themes = shared.themes()
    shared.add_visit(number=1, visit_type="Monitoring visit", status="Planned",
                     start_date=dt.date(2026, 12, 8), themes=[themes[0].id])
    items = [shared.add(e.EvidenceItem, title=f"Audit {n}", evidence_type="Audit summary",
                        direction="Mixed", status="Draft", themes=[themes[0].id])
             for n in range(1, 4)]
    log = export_log(shared, tmp_path / "log.xlsx")
    shared.update(e.EvidenceItem, items[2].id, items[2].version, owner="Workspace")
    step = edit_log(log, tmp_path / "a.xlsx", {
        ("Evidence", items[0].ref, "Status"): "Verified",
        ("Evidence", items[1].ref, "Themes"): f"{themes[0].code}, {themes[1].code}",
        ("Evidence", items[2].ref, "Owner"): "File"})
    edited = append_row(step, tmp_path / "b.xlsx", "Evidence", {
        "Title": "New audit", "Type": "Other", "Direction": "Strength", "Status": "Draft"})
    preview = preview_log(shared, edited)
    classes = {o.ref: o.cls for o in preview.rows if o.ref}
    assert classes[items[0].ref] is classes[items[1].ref] is RowClass.FILE_CHANGE
    assert classes[items[2].ref] is RowClass.CONFLICT
    preview.resolve_all(ConflictPolicy.FILE_WINS)
    applied = apply_preview(shared, preview)
    assert shared.get(e.EvidenceItem, items[0].id).status == "Verified"
    assert shared.get(e.EvidenceItem, items[0].id).verified_by == shared.who
    assert [t.code for t in shared.get(e.EvidenceItem, items[1].id).themes] == [
        themes[0].code, themes[1].code]
    assert shared.get(e.EvidenceItem, items[2].id).owner == "File"
    assert shared.count(e.EvidenceItem) == 4
    undo_import(shared, applied)
    assert shared.get(e.EvidenceItem, items[0].id).status == "Draft"
    assert shared.count(e.EvidenceItem) == 3
    # A stale preview is refused as a whole on the server too.
    again = preview_log(shared, step)
    item = shared.get(e.EvidenceItem, items[1].id)
    shared.update(e.EvidenceItem, item.id, item.version, period="Later")
    again.resolve_all(ConflictPolicy.FILE_WINS)
    with pytest.raises(ConflictError):
        apply_preview(shared, again)
    assert shared.get(e.EvidenceItem, items[0].id).status == "Draft"
