"""Colours readable on light and dark palettes, and never the only sign of meaning."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from models.records import KINDS
from tests.conftest import TODAY
from ui.context import Session
from ui.editor import RecordEditor
from ui.palette import contrast
from ui.table_model import RecordTableModel


def _dark() -> QPalette:
    palette = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, "#202124"),
                         (QPalette.ColorRole.Base, "#1B1B1D"),
                         (QPalette.ColorRole.AlternateBase, "#2A2A2E"),
                         (QPalette.ColorRole.WindowText, "#E8EAED"),
                         (QPalette.ColorRole.Text, "#E8EAED"),
                         (QPalette.ColorRole.Button, "#303134"),
                         (QPalette.ColorRole.ButtonText, "#E8EAED"),
                         (QPalette.ColorRole.Highlight, "#8AB4F8"),
                         (QPalette.ColorRole.HighlightedText, "#202124")):
        palette.setColor(role, QColor(colour))
    return palette


@pytest.fixture(params=["light", "dark"])
def palette(request: pytest.FixtureRequest, qapp: Any) -> Iterator[QPalette]:
    before = QApplication.palette()
    chosen = _dark() if request.param == "dark" else QPalette(QColor("#EFEFEF"))
    QApplication.setPalette(chosen)
    yield chosen
    QApplication.setPalette(before)


def _style_colour(style: str) -> QColor:
    value = style.split("color:")[1].split(";")[0].strip()
    return QColor(value)


def test_an_editor_error_reads_on_the_palette(session: Session, qtbot: Any,
                                              palette: QPalette) -> None:
    editor = RecordEditor(session, KINDS["evidence"])
    qtbot.addWidget(editor)
    editor.save()
    assert editor.form.error.text()  # said in words
    colour = _style_colour(editor.form.error.styleSheet())
    assert contrast(colour, palette.color(QPalette.ColorRole.Window)) >= 4.5


def test_overdue_dates_read_on_the_palette_and_say_so(session: Session,
                                                      palette: QPalette) -> None:
    model = RecordTableModel(session.workspace, KINDS["action"], today=TODAY)
    model.refresh()
    column = next(n for n, c in enumerate(model.columns) if c.name == "due_date")
    overdue = [model.index(r, column) for r in range(model.rowCount())
               if model.index(r, column).data(Qt.ItemDataRole.ForegroundRole) is not None]
    assert overdue
    for index in overdue:
        assert "overdue" in index.data()
        brush = index.data(Qt.ItemDataRole.ForegroundRole)
        assert contrast(brush.color(), palette.color(QPalette.ColorRole.Base)) >= 4.5
