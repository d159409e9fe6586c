"""The main window: pages, menus, visit selector, export, errors and accessibility."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
)

from models import entities as e
from models.errors import NotAWorkspace, ValidationError, WorkspaceTooNew
from models.store import Workspace
from ui.export_dialog import ExportDialog
from ui.main_window import PAGES
from ui.themes_page import ThemesPage


def _action(window: Any, name: str) -> Any:
    from PySide6.QtGui import QAction

    found = window.findChild(QAction, name)
    assert found is not None, name
    return found


def test_window_shows_every_page_and_the_latest_visit(window: Any) -> None:
    assert window.windowTitle() == "demo \u2014 VisitReady"
    assert window.visit_selector.currentText() == "Monitoring visit 4"
    assert [window.nav.item(n).text() for n in range(window.nav.count())] == list(PAGES)
    for name in PAGES:
        assert window.show_page(name) is window.stack.currentWidget()
    assert window.saved_label.text() == "All changes saved"
    assert window.path_label.text() == window.workspace.location


def test_standard_shortcuts(window: Any) -> None:
    expected = {"newWorkspace": QKeySequence.StandardKey.New,
                "openWorkspace": QKeySequence.StandardKey.Open,
                "find": QKeySequence.StandardKey.Find,
                "undo": QKeySequence.StandardKey.Undo}
    for name, key in expected.items():
        assert QKeySequence(key) in _action(window, name).shortcuts(), name
    redo = [s.toString() for s in _action(window, "redo").shortcuts()]
    assert "Ctrl+Shift+Z" in redo and "Ctrl+Y" in redo
    assert _action(window, "exportBoth").shortcut().toString() == "Ctrl+E"


def test_undo_menu_names_what_the_user_did(window: Any) -> None:
    item = window.workspace.by_ref(e.EvidenceItem, "E-014")
    from models.records import KINDS
    from ui import commands

    commands.edit(window.session, KINDS["evidence"], item, {"status": "Verified"})
    undo = _action(window, "undo")
    assert undo.isEnabled() and undo.text() == "&Undo Change status of E-014"
    undo.trigger()
    assert window.workspace.get(e.EvidenceItem, item.id).status == "Draft"


def test_changing_visit_changes_the_dashboard(window: Any, qtbot: Any) -> None:
    dashboard = window.pages["Dashboard"]
    assert "Monitoring visit 4" in dashboard.heading.text()
    with qtbot.waitSignal(dashboard.refreshed):
        window.visit_selector.setCurrentIndex(window.visit_selector.findText("Monitoring visit 3"))
    assert "Monitoring visit 3" in dashboard.heading.text()


def test_a_gap_opens_the_record_it_points_at(window: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[tuple[str, str]] = []
    import ui.workspace_parts

    monkeypatch.setattr(ui.workspace_parts, "open_editor",
                        lambda _s, kind, record, **_kw: opened.append((kind.name, record.ref)))
    gaps = window.pages["Dashboard"].gaps
    model = gaps.model()
    row = next(n for n in range(model.rowCount()) if model.index(n, 2).data() == "A-004")
    gaps.activated.emit(model.index(row, 1))
    assert opened == [("action", "A-004")]
    assert window.stack.currentWidget() is window.pages["Findings and actions"]


def test_opening_a_newer_workspace_says_so_and_keeps_the_current_one(
        window: Any, errors: list[Any], tmp_path: Path) -> None:
    newer = tmp_path / "newer.visitready"
    Workspace.create(newer).close()
    with sqlite3.connect(newer) as raw:
        raw.execute("update alembic_version set version_num = '0099'")
    current = window.workspace
    assert not window.open_path(newer)
    assert isinstance(errors[-1], WorkspaceTooNew)
    assert window.workspace is current
    (tmp_path / "notes.visitready").write_text("just text")
    assert not window.open_path(tmp_path / "notes.visitready")
    assert isinstance(errors[-1], NotAWorkspace)


def test_new_and_recent_workspaces(window: Any, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.new_workspace_dialog import NewWorkspaceDialog

    target = tmp_path / "wyvern"

    def fill_in(dialog: NewWorkspaceDialog) -> int:
        dialog.authority.setText("Wyvern Vale Council")
        dialog.path.setText(str(target))
        dialog.create()
        return dialog.result()

    monkeypatch.setattr(NewWorkspaceDialog, "exec", fill_in)
    window.new_workspace()
    assert window.workspace.location == str(target) + ".visitready"
    assert window.windowTitle() == "wyvern \u2014 VisitReady"
    recent = QSettings().value("workspace/recent", [], list)
    assert recent[0] == str(target) + ".visitready"
    assert QSettings().value("workspace/last") == recent[0]


def test_theme_override_needs_a_reason(window: Any, errors: list[Any], qtbot: Any) -> None:
    page = window.show_page("Themes")
    assert isinstance(page, ThemesPage)
    assert page.theme is not None and page.theme.code == "CIC"
    qtbot.waitUntil(lambda: "Readiness for Monitoring visit 4" in page.readiness_label.text())
    assert "Amber" in page.readiness_label.text()
    page.form.set_value("rag_override", "Green")
    assert "needs a reason" in page.form.error.text()
    page.save(["rag_override"])  # leaving the field: not saved, the form says why
    assert window.workspace.get(e.Theme, page.theme.id).rag_override is None
    assert "needs a reason" in page.form.error.text()
    page.form.set_value("rag_override_reason", "Inspectors' feedback on MV3")
    page.save()
    assert window.workspace.get(e.Theme, page.theme.id).rag_override == "Green"
    assert not [x for x in errors if isinstance(x, ValidationError)]


def test_export_from_the_menu_writes_both_and_records_them(
        window: Any, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import ui.export_files

    monkeypatch.setattr(ui.export_files, "ask_after_export", lambda *_: "close")
    dialog = ExportDialog(window.session, window)
    qtbot.addWidget(dialog)
    out = tmp_path / "exports"
    out.mkdir()
    dialog.folder.setText(str(out))
    focus = [dialog.themes.item(n).data(256) for n in range(dialog.themes.count())
             if dialog.themes.item(n).checkState().value == 2]
    assert focus == ["CIC", "CL", "LMQ"]
    assert dialog.exclude_personal.isChecked()
    with qtbot.waitSignal(dialog.exported, timeout=60_000) as done:
        dialog.start_export()
    written = [p for _kind, p in done.args[0]]
    assert all(p.exists() and p.parent == out for p in written)
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in written)
    exports = window.pages["Exports"]
    assert exports.model.rowCount() == 2
    assert {exports.model.index(r, 1).data() for r in range(2)} == {"Briefing pack",
                                                                    "Evidence log"}


def test_cancelled_export_leaves_nothing(window: Any, qtbot: Any, tmp_path: Path) -> None:
    dialog = ExportDialog(window.session, window)
    qtbot.addWidget(dialog)
    out = tmp_path / "exports"
    out.mkdir()
    dialog.folder.setText(str(out))
    dialog.start_export()
    assert dialog.task is not None
    with qtbot.waitSignal(dialog.task.cancelled, timeout=60_000):
        dialog.task.cancel()
    assert list(out.iterdir()) == []
    assert window.workspace.exports() == []


def test_every_input_has_an_accessible_name(window: Any) -> None:
    missing = []
    for name in PAGES:
        page = window.show_page(name)
        for widget in page.findChildren(QLineEdit) + page.findChildren(QComboBox) + \
                page.findChildren(QPlainTextEdit) + page.findChildren(QAbstractItemView):
            if widget.parent() is not None and type(widget.parent()).__name__ in (
                    "QComboBox", "QComboBoxPrivateContainer"):
                continue
            if isinstance(widget, QHeaderView) or widget.objectName().startswith("qt_"):
                continue
            if not widget.accessibleName() and widget.isVisibleTo(window):
                missing.append(f"{name}: {type(widget).__name__} {widget.objectName()}")
    assert missing == []


def test_cancel_while_writing_the_log_leaves_no_pack_either(window: Any, tmp_path: Path) -> None:
    from exporters.common import ExportCancelled
    from models.briefing import ExportOptions, build_briefing
    from tests.conftest import TODAY
    from ui.export_dialog import export_both

    content = build_briefing(window.workspace, ExportOptions(visit_id=window.session.visit_id),
                             TODAY)
    out = tmp_path / "exports"
    out.mkdir()
    messages: list[str] = []

    def cancel_once_the_log_starts() -> bool:
        return any(m == "Summary" for m in messages)

    with pytest.raises(ExportCancelled):
        export_both(content, out / "pack.docx", out / "log.xlsx",
                    progress=lambda _d, _t, m: messages.append(m),
                    is_cancelled=cancel_once_the_log_starts)
    assert "Saving" in messages  # the pack was complete before the cancel
    assert list(out.iterdir()) == []


def test_authority_profile_is_editable(window: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import ui.workspace_parts

    seen: list[str] = []
    monkeypatch.setattr(ui.workspace_parts, "open_editor",
                        lambda _s, kind, record, **_kw: seen.append(f"{kind.name} {record.name}"))
    _action(window, "authorityProfile").trigger()
    assert seen == ["authority Wyvern Vale Council"]


def test_dashboard_catches_up_when_shown_again(window: Any, qtbot: Any) -> None:
    from models.records import KINDS
    from ui import commands

    dashboard = window.pages["Dashboard"]
    before = dashboard.readiness.checklist_done
    window.show_page("Checklist")
    item = next(c for c in window.workspace.all(e.ChecklistItem)
                if c.visit_id == window.session.visit_id and c.status == "Not started")
    commands.edit(window.session, KINDS["checklist_item"], item, {"status": "Done"})
    assert dashboard.readiness.checklist_done == before  # not worked out while hidden
    with qtbot.waitSignal(dashboard.refreshed):
        window.show_page("Dashboard")
    assert dashboard.readiness.checklist_done == before + 1
    assert f"{before + 1}</span> of" in dashboard.checklist.value.text()


def test_theme_page_shows_its_records_and_counts_follow_edits(window: Any, qtbot: Any) -> None:
    from models.records import KINDS
    from ui import commands

    page = window.show_page("Themes")
    tabs = page.tabs
    titles = [tabs.tabText(n) for n in range(tabs.count())]
    assert titles[0].startswith("Evidence (") and titles[3].startswith("Actions (")
    evidence_tab = tabs.widget(0)
    before = evidence_tab.model.total
    commands.add(window.session, KINDS["evidence"],
                 {"title": "New CIC audit", "evidence_type": "Audit summary",
                  "direction": "Mixed", "status": "Draft", "themes": [page.theme.id]})
    qtbot.waitUntil(lambda: tabs.tabText(0) == f"Evidence ({before + 1})")


def test_deleting_the_chosen_visit_moves_to_another(window: Any) -> None:
    from models.records import KINDS
    from ui import commands

    visit = window.session.visit()
    assert visit is not None and visit.number == 4
    commands.delete(window.session, KINDS["visit"], [visit])
    assert window.session.visit_id == window.visit_selector.currentData()
    assert window.session.visit() is not None
    window.session.undo_stack.undo()
    assert window.visit_selector.findText("Monitoring visit 4") >= 0


def test_hidden_lists_catch_up_when_shown(window: Any) -> None:
    from models.records import KINDS
    from ui import commands

    evidence_page = window.list_pages["evidence"]
    window.show_page("Evidence")
    before = evidence_page.model.total
    window.show_page("Dashboard")
    commands.add(window.session, KINDS["evidence"],
                 {"title": "Added while the list was hidden", "evidence_type": "Other",
                  "direction": "Mixed", "status": "Draft"})
    assert evidence_page.model.total == before  # not re-read while hidden
    window.show_page("Evidence")
    assert evidence_page.model.total == before + 1


def test_a_squeezed_window_draws_its_charts_without_complaint(window: Any) -> None:
    """A window shrunk to a strip still paints: the charts draw what fits and warn nobody."""
    window.show_page("Dashboard")
    chart = window.pages["Dashboard"].chart_view
    chart.resize(40, 12)
    assert not chart.grab().isNull()
    window.show_page("Indicators")
    trend = window.pages["Indicators"].annex.canvas
    trend.resize(30, 10)
    trend.draw()


def test_list_pages_read_nothing_until_shown_and_then_show_the_chosen_visit(window: Any) -> None:
    """Opening reads only the page on screen; a list read later still follows the visit
    chosen while it was hidden."""
    window.show_page("Dashboard")
    evidence = window.pages["Evidence"]
    checklist = window.pages["Checklist"]
    assert evidence.model.total == 0 and checklist.model.total == 0  # nothing read yet
    items = window.session.workspace.all(e.ChecklistItem)
    chosen = window.session.visit_id
    others = [v.id for v in window.session.workspace.visits() if v.id != chosen]
    assert others
    window.session.set_visit(others[0])  # chosen while the checklist is hidden
    window.show_page("Checklist")
    assert checklist.model.total == len([i for i in items if i.visit_id == others[0]])
    window.show_page("Dashboard")
    window.session.set_visit(chosen)
    window.show_page("Checklist")
    assert checklist.model.total == len([i for i in items if i.visit_id == chosen]) > 0
    window.show_page("Evidence")
    assert evidence.model.total == window.session.workspace.count(e.EvidenceItem)
