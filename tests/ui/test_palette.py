"""Colours readable on light and dark palettes, and never the only sign of meaning."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from models.records import KINDS
from tests.conftest import TODAY
from tests.ui.conftest import dark_palette
from ui.context import Session
from ui.editor import RecordEditor
from ui.palette import contrast
from ui.table_model import RecordTableModel


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


# -- every colour from ui/palette.py, readable on light and dark --------------------------

CHIP_VALUES = ("Red", "Amber", "Green", "Outstanding", "Good",
               "Requires improvement to be good", "Inadequate", "")


@pytest.mark.parametrize("value", CHIP_VALUES)
def test_every_rag_and_grade_chip_reads_on_the_palette(palette: QPalette, value: str) -> None:
    from ui.palette import chip_colours

    text, background, border = chip_colours(value, palette)
    assert contrast(text, background) >= 4.5
    # the chip stands out from the window it sits on (non-text contrast)
    window = palette.color(QPalette.ColorRole.Base)
    assert max(contrast(background, window), contrast(border, window)) >= 3


@pytest.mark.parametrize("meaning", ["conflict", "error", "marked", "notice"])
def test_every_fill_keeps_the_palettes_text_readable(palette: QPalette, meaning: str) -> None:
    from ui.palette import fill

    assert contrast(palette.color(QPalette.ColorRole.Text), fill(meaning, palette)) >= 4.5
    assert contrast(palette.color(QPalette.ColorRole.WindowText), fill(meaning, palette)) >= 4.5


@pytest.mark.parametrize("meaning", ["error", "warning", "good", "muted"])
def test_every_text_colour_reads_on_the_window(palette: QPalette, meaning: str) -> None:
    from ui.palette import text_colour

    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
        assert contrast(text_colour(meaning, palette), palette.color(role)) >= 4.5


def test_rag_cells_in_a_list_are_drawn_in_the_palettes_chip_colours(
        session: Session, qtbot: Any, palette: QPalette) -> None:
    """A list's RAG column on a dark palette: deep chip, light word (not a light chip that
    glares), and the word is drawn."""
    from ui.list_page import RecordListPage
    from ui.palette import chip_colours, is_dark

    page = RecordListPage(session, KINDS["action"])
    qtbot.addWidget(page)
    page.resize(1400, 500)
    page.show()
    column = next(n for n, c in enumerate(page.model.columns) if c.name == "rag")
    row = next(r for r in range(page.model.rowCount()) if page.model.index(r, column).data())
    value = page.model.index(row, column).data()
    rect = page.table.visualRect(page.model.index(row, column))
    image = page.table.viewport().grab(rect).toImage()
    colours = {image.pixelColor(x, y).rgb() for x in range(image.width())
               for y in range(image.height())}
    _text, background, _border = chip_colours(value, palette)
    assert background.rgb() in colours
    assert is_dark(palette) == is_dark(QApplication.palette())


def test_tick_boxes_are_clear_on_a_dark_palette(qtbot: Any) -> None:
    """The edge of an empty tick box stands out from the window (3:1, as WCAG asks of
    controls), which Fusion alone does not give on a dark palette."""
    from PySide6.QtWidgets import QCheckBox

    from ui.palette import apply_palette_style

    app = QApplication.instance()
    before = QApplication.palette()
    dark = dark_palette()
    QApplication.setPalette(dark)
    apply_palette_style(app)
    try:
        box = QCheckBox()
        qtbot.addWidget(box)
        box.show()
        image = box.grab().toImage()
        window = dark.color(QPalette.ColorRole.Window)
        best = max(contrast(image.pixelColor(x, y), window)
                   for x in range(image.width()) for y in range(image.height()))
        assert best >= 3
    finally:
        QApplication.setPalette(before)
        apply_palette_style(app)
    assert app.styleSheet() == ""  # nothing changes on a light palette


def test_no_colour_is_hard_coded_outside_the_palette_modules() -> None:
    """Screen colours live in ui/palette.py, print colours in exporters/print_colours.py."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    pattern = re.compile(r"""["']#?[0-9A-Fa-f]{6}["']|#[0-9A-Fa-f]{3}\b|QColor\(["']""")
    homes = {root / "ui" / "palette.py", root / "exporters" / "print_colours.py"}
    found = [f"{path.relative_to(root)}:{n}: {line.strip()}"
             for folder in ("ui", "exporters") for path in sorted((root / folder).glob("*.py"))
             if path not in homes
             for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
             if pattern.search(line)]
    assert not found
