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
    False: {"error": "#B00020", "warning": "#8A4B00", "good": "#2E7D32", "muted": "#6B6B6B"},
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


def chip_style(value: str) -> str:
    """A style sheet for a QLabel shown as a chip (dashboard tiles)."""
    colour = CHIP_COLOURS.get(value, CHIP_NEUTRAL)
    return (f"QLabel {{ background: {colour}; border: 1px solid {CHIP_BORDER}; "
            f"border-radius: 8px; padding: 2px 10px; color: {CHIP_TEXT}; font-weight: bold; }}")
