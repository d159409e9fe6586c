"""An imported evidence log's changes are found by search at once, and undoing them is too."""

from __future__ import annotations

from pathlib import Path

from importers.log_apply import apply_preview, redo_import, undo_import
from importers.log_compare import preview_log
from models import entities as e
from models.store import RecordQuery, Workspace
from tests.importers.conftest import edit_log


def _found(ws: Workspace, text: str) -> list[str]:
    return [r.ref for r in ws.page(e.EvidenceItem, RecordQuery(text=text))]


def test_search_follows_an_import_its_undo_and_redo(demo: Workspace, log: Path,
                                                    tmp_path: Path) -> None:
    assert _found(demo, "zanzibar") == []
    edited = edit_log(log, tmp_path / "edited.xlsx",
                      {("Evidence", "E-001", "Title"): "Zanzibar quarterly briefing"})
    applied = apply_preview(demo, preview_log(demo, edited))
    assert _found(demo, "zanzib quarter") == ["E-001"]
    undo_import(demo, applied)
    assert _found(demo, "zanzibar") == []
    redo_import(demo, applied)
    assert _found(demo, "zanzibar") == ["E-001"]
