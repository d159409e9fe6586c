"""Every colour the app draws, chosen for the palette in use (light or dark), in one place.

Colour never carries meaning alone: RAG and grades are chips that carry their word,
overdue dates say "overdue", errors are sentences.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette

#: Chip backgrounds for RAG and grade values; the chip draws its word in CHIP_TEXT.
CHIP_COLOURS = {
    "Red": "#F4CCCC", "Amber": "#FCE8B2", "Green": "#D9EAD3",
    "Outstanding": "#B7D7F0", "Good": "#D9EAD3", "Requires improvement to be good": "#FCE8B2",
    "Inadequate": "#F4CCCC",
}
CHIP_TEXT = "#111111"
CHIP_BORDER = "#555555"
CHIP_NEUTRAL = "#EEEEEE"

#: Text colours with a meaning, for light and for dark palettes.
_TEXT = {
    False: {"error": "#B00020", "warning": "#8A4B00", "good": "#276B2B", "muted": "#6B6B6B"},
    True: {"error": "#FF8A80", "warning": "#FFCC80", "good": "#A5D6A7", "muted": "#A8A8A8"},
}


def _palette(palette: QPalette | None) -> QPalette:
    return palette if palette is not None else QGuiApplication.palette()


def is_dark(palette: QPalette | None = None) -> bool:
    """True when the window background is dark (text then needs light colours)."""
    return _palette(palette).color(QPalette.ColorRole.Base).lightnessF() < 0.5


def text_colour(meaning: str, palette: QPalette | None = None) -> QColor:
    """The colour for text that means "error", "warning", "good" or "muted"."""
    return QColor(_TEXT[is_dark(palette)][meaning])


def css_colour(meaning: str, palette: QPalette | None = None) -> str:
    """The same colour for a style sheet."""
    return str(text_colour(meaning, palette).name())


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio between two colours (4.5 or more reads as body text)."""
    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
        return (0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF())
                + 0.0722 * channel(c.blueF()))
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def chip_style(value: str, palette: QPalette | None = None) -> str:
    """A style sheet for a QLabel shown as a chip (dashboard tiles), for the palette in use."""
    text, background, border = chip_colours(value, palette)
    return (f"QLabel {{ background: {background.name()}; border: 1px solid {border.name()}; "
            f"border-radius: 8px; padding: 2px 10px; color: {text.name()}; "
            "font-weight: bold; }")


#: Chip backgrounds on a dark palette: deep fills that carry light text, so a chip neither
#: glares on a dark window nor loses its word.
_DARK_CHIPS = {
    "Red": "#7A2323", "Amber": "#6B4A00", "Green": "#1F5A2C",
    "Outstanding": "#1C4A70", "Good": "#1F5A2C", "Requires improvement to be good": "#6B4A00",
    "Inadequate": "#7A2323",
}
_DARK_CHIP_TEXT = "#F5F5F5"
_DARK_CHIP_BORDER = "#A8A8A8"
_DARK_CHIP_NEUTRAL = "#3A3B3F"


def chip_colours(value: str, palette: QPalette | None = None) -> tuple[QColor, QColor, QColor]:
    """Text, background and border of the chip for a RAG or grade value (its word is always
    drawn on it): light chips with dark text on a light palette, deep ones on a dark one."""
    if is_dark(palette):
        return (QColor(_DARK_CHIP_TEXT), QColor(_DARK_CHIPS.get(value, _DARK_CHIP_NEUTRAL)),
                QColor(_DARK_CHIP_BORDER))
    return QColor(CHIP_TEXT), QColor(CHIP_COLOURS.get(value, CHIP_NEUTRAL)), QColor(CHIP_BORDER)


#: Backgrounds with a meaning (a row in conflict or in error, rows a figure counts, a
#: notice strip), for light and for dark palettes; text on them is the palette's own.
_FILLS = {
    False: {"conflict": "#FCE8B2", "error": "#F4CCCC", "marked": "#FCE8B2",
            "notice": "#FFF4CE", "notice border": "#C8A800"},
    True: {"conflict": "#5A4300", "error": "#5E2020", "marked": "#4A3D00",
           "notice": "#3D3300", "notice border": "#A08600"},
}


def fill(meaning: str, palette: QPalette | None = None) -> QColor:
    """The background for "conflict", "error", "marked" rows or a "notice" strip."""
    return QColor(_FILLS[is_dark(palette)][meaning])


def notice_style(name: str, palette: QPalette | None = None) -> str:
    """A style sheet for a notice strip (read-only workspace, records due for erasure)."""
    dark = is_dark(palette)
    text = _palette(palette).color(QPalette.ColorRole.WindowText).name()
    return (f"QLabel#{name} {{ background: {fill('notice', palette).name()}; color: {text}; "
            f"padding: 6px 10px; border-bottom: 1px solid "
            f"{_FILLS[dark]['notice border']}; }}")


def muted_style(palette: QPalette | None = None) -> str:
    """A style sheet for secondary text (captions, hints) that still reads as text."""
    return f"color: {css_colour('muted', palette)};"


def indicator_style(palette: QPalette | None = None) -> str:
    """On a dark palette, tick boxes drawn with a clear edge, filled when ticked (Fusion draws
    their edge darker than the window, so on a dark window they all but vanish); nothing on a
    light one."""
    if not is_dark(palette):
        return ""
    p = _palette(palette)
    edge = "#B8BCC2"
    base = p.color(QPalette.ColorRole.Base).name()
    tick = p.color(QPalette.ColorRole.Highlight).name()
    return (
        "QCheckBox::indicator, QAbstractItemView::indicator, QGroupBox::indicator "
        f"{{ width: 13px; height: 13px; border: 1px solid {edge}; border-radius: 2px; "
        f"background: {base}; }}\n"
        "QCheckBox::indicator:checked, QAbstractItemView::indicator:checked, "
        "QGroupBox::indicator:checked "
        f"{{ background: {tick}; border: 1px solid {edge}; }}\n"
        "QCheckBox::indicator:disabled, QAbstractItemView::indicator:disabled "
        f"{{ border-color: {css_colour('muted', palette)}; }}\n")


def apply_palette_style(app: QGuiApplication) -> None:
    """Give the application the style sheet its palette needs (call after a palette change)."""
    from PySide6.QtWidgets import QApplication

    if isinstance(app, QApplication):
        app.setStyleSheet(indicator_style(app.palette()))
