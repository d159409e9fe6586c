"""Saying what moved when a visit's dates or focus themes changed its checklist."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def tell_what_moved(parent: QWidget | None, visit_title: str, lines: list[str]) -> None:
    """List the checklist items that moved with the visit, and what was added; undo is one step."""
    shown = lines[:25] + ([f"\u2026 and {len(lines) - 25} more"] if len(lines) > 25 else [])
    QMessageBox.information(
        parent, "The checklist followed the visit",
        f"{visit_title}: the checklist was re-planned; each item keeps its days before the "
        "visit (dates fixed by hand stay where they are).\n\n" + "\n".join(shown)
        + "\n\nEdit \u2192 Undo puts the visit and its checklist back as they were.")
