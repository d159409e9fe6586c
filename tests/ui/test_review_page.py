"""The readiness review drives the meeting: owners, reasons, sort, filter, group, my items,
Blocked checklist items as gaps, and a Word copy of what is on screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from docx import Document
from PySide6.QtCore import Qt

from models import entities as e
from models.store import RecordQuery
from ui.review_page import ReviewPage


def _review(window: Any, qtbot: Any) -> ReviewPage:
    page = window.show_page("Readiness review")
    assert isinstance(page, ReviewPage)
    qtbot.waitUntil(lambda: page.review is not None, timeout=30_000)
    return page


def _rows(page: ReviewPage) -> list[list[str]]:
    model = page.model
    return [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def test_each_focus_theme_says_why_it_has_its_rag(window: Any, qtbot: Any) -> None:
    page = _review(window, qtbot)
    reasons = page.reasons.text()
    for theme in page.review.readiness.focus:  # type: ignore[union-attr]
        assert f"{theme.theme.name}</b> \u2014 {theme.rag.value}:" in reasons
    assert "caps this theme at Amber" in reasons or "whatever its score" in reasons


def test_gaps_carry_owner_theme_due_and_severity_and_sort_by_any(window: Any,
                                                                   qtbot: Any) -> None:
    page = _review(window, qtbot)
    rows = _rows(page)
    assert rows and {r[0] for r in rows} <= {"High", "Medium", "Low"}
    overdue = [r for r in rows if r[5].startswith("A-") and "was due" in r[4]]
    assert overdue and all(r[2] and r[1] for r in overdue)  # owner and due date shown
    page.view.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    owners = [r[2].lower() for r in _rows(page)]
    assert owners == sorted(owners)


def test_filter_group_and_my_items(window: Any, qtbot: Any) -> None:
    page = _review(window, qtbot)
    owner = next(r[2] for r in _rows(page) if r[2])
    mine = [r for r in _rows(page) if r[2].lower() == owner.lower()]
    page.me.setText(owner)
    page.mine.setChecked(True)
    assert _rows(page) == mine
    page.mine.setChecked(False)
    page.group.setCurrentText("Owner")
    groups = [page.model.index(r, 0).data() for r in range(page.model.rowCount())]
    assert any(g.startswith(owner) for g in groups)
    assert page.model.rowCount(page.model.index(0, 0)) > 0
    page.group.setCurrentText("Nothing")
    page.search.setText("personal data")
    assert all("personal data" in " ".join(r).lower() for r in _rows(page))


def test_a_blocked_checklist_item_due_before_the_visit_is_a_gap(
        window: Any, qtbot: Any) -> None:
    page = _review(window, qtbot)
    visit = window.session.visit()
    items = window.workspace.page(e.ChecklistItem, RecordQuery(equals={"visit_id": visit.id},
                                                               limit=500))
    item = next(c for c in items if c.due_date and c.due_date < visit.start_date
                and c.due_date >= window.session.today and c.status != "Done")
    from models.records import KINDS
    from ui import commands

    commands.edit(window.session, KINDS["checklist_item"], item, {"status": "Blocked"})
    qtbot.waitUntil(lambda: any(r[5] == item.ref and "blocked" in r[4] for r in _rows(page)),
                    timeout=30_000)


def test_export_to_word_writes_what_is_on_screen(window: Any, qtbot: Any, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    page = _review(window, qtbot)
    page.group.setCurrentText("Theme")
    written = page.export_to(tmp_path / "review")
    assert written == tmp_path / "review.docx"
    doc = Document(str(written))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Readiness review: Monitoring visit 4" in text
    first_group = page.model.index(0, 0).data()
    assert first_group in text
    cells = {c.text for t in doc.tables for row in t.rows for c in row.cells}
    assert {item.record_ref for item in page.model.shown()} <= cells


def test_readiness_history_keeps_one_score_per_day(window: Any, qtbot: Any) -> None:
    page = _review(window, qtbot)
    qtbot.waitUntil(lambda: bool(page.history.days), timeout=30_000)
    days = page.history.days
    assert days[-1][0] == window.session.today
    assert abs(days[-1][1] - page.review.readiness.score) < 1e-9  # type: ignore[union-attr]
    assert len({d for d, _s, _r in days}) == len(days) > 10  # the demo's last weeks
    assert "\u2192" in page.history.summary() and "%" in page.history.toolTip()
    with qtbot.waitSignal(page.refreshed, timeout=30_000):
        page.refresh()
    assert [d for d, _s, _r in page.history.days].count(window.session.today) == 1


def test_the_dashboard_says_why_the_visit_has_its_rag(window: Any, qtbot: Any) -> None:
    dashboard = window.pages["Dashboard"]
    r = dashboard.readiness
    heading = dashboard.heading.text()
    assert f"Why:</b> {r.rag.value}:" in heading
    assert f"{r.score:.0%}" in heading
    assert dashboard.overall_chip.toolTip().startswith(f"{r.rag.value}:")


def test_the_export_button_writes_the_review_grouped_as_chosen(
        window: Any, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton

    import ui.export_files

    page = _review(window, qtbot)
    # Group by owner from the keyboard, as a user would.
    page.group.setFocus()
    page.group.setCurrentText("Nothing")
    qtbot.keyClick(page.group, Qt.Key.Key_Down)
    assert page.group.currentText() == "Owner"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *_a, **_k: (str(tmp_path / "meeting"), ""))
    told: list[Any] = []
    monkeypatch.setattr(ui.export_files, "after_export", lambda _p, files: told.append(files))
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    button = next(b for b in page.findChildren(QPushButton) if "Word" in b.text())
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert told and told[0][0][1] == tmp_path / "meeting.docx"
    doc = Document(str(tmp_path / "meeting.docx"))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "grouped by owner" in text and "Sign-off." in text
    owners = {i.owner for i in page.review.items if i.owner}  # type: ignore[union-attr]
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert owners and all(any(h.startswith(o) for h in headings) for o in owners)
    for reason in page.review.theme_reasons:  # type: ignore[union-attr]
        assert f"{reason[0]}: {reason[1]}" in text
