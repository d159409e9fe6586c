"""Around an export: the right extension, asking before overwriting, opening the result."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from models import entities as e
from models.store import SAVED_AS

Index = QModelIndex | QPersistentModelIndex


def with_extension(name: str, suffix: str) -> str:
    """A file name typed without its extension gets it (Windows opens files by extension)."""
    name = name.strip()
    if name and not name.lower().endswith(suffix.lower()):
        name += suffix
    return name


def confirm_overwrite(parent: QWidget | None, paths: list[Path]) -> bool:
    """Ask before replacing files that are already there; True to go ahead."""
    there = [p for p in paths if p.exists()]
    if not there:
        return True
    names = "\n".join(f"\u2022 {p.name}" for p in there)
    answer = QMessageBox.question(
        parent, "Replace existing files?",
        f"These files are already in {there[0].parent}:\n{names}\n\nReplace them?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def ask_after_export(parent: QWidget | None, written: list[tuple[str, Path]]) -> str:
    """Say what was written; "open", "folder" or "close" for the button the user pressed."""
    box = QMessageBox(parent)
    box.setObjectName("exportedBox")
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle("Exported")
    box.setText("Written:\n" + "\n".join(f"\u2022 {kind}: {path.name}" for kind, path in written)
                + f"\n\nin {written[0][1].parent}")
    open_button = box.addButton("Open", QMessageBox.ButtonRole.AcceptRole)
    folder_button = box.addButton("Show in folder", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.exec()
    clicked = box.clickedButton()
    return "open" if clicked is open_button else "folder" if clicked is folder_button else "close"


def after_export(parent: QWidget | None, written: list[tuple[str, Path]]) -> None:
    """Offer to open the first file written, or its folder."""
    if not written:
        return
    choice = ask_after_export(parent, written)
    if choice == "open":
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(written[0][1])))
    elif choice == "folder":
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(written[0][1].parent)))


def saved_path(options: str) -> Path | None:
    """Where an export was saved, from its recorded options."""
    try:
        data = json.loads(options or "{}")
    except ValueError:
        return None
    saved = data.get(SAVED_AS) if isinstance(data, dict) else None
    return Path(saved) if saved else None


def open_document(parent: QWidget | None, path: Path, *, folder: bool = False) -> None:
    """Open a written document (or the folder it is in); say so if it is no longer there."""
    if not path.exists():
        QMessageBox.information(parent, "Not found",
                                f"{path.name} is no longer in {path.parent}: it has been moved "
                                "or deleted. Export it again, or look for it where it was moved.")
        return
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent if folder else path)))


def describe_options(options: str, visit_titles: dict[int, str]) -> str:
    """An export's stored options in words: the visit, themes, marking, what was left out."""
    try:
        data: dict[str, Any] = json.loads(options or "{}")
    except ValueError:
        return options
    parts = []
    if data.get("visit_id") in visit_titles:
        parts.append(visit_titles[data["visit_id"]])
    if data.get("theme_codes"):
        parts.append("themes " + ", ".join(data["theme_codes"]))
    if data.get("marking"):
        parts.append(f"marked {data['marking']}")
    if data.get("exclude_personal_data"):
        parts.append("personal data left out")
    if data.get("include_case_detail"):
        parts.append("each case sample listed")
    if data.get("template"):
        parts.append(f"template {Path(data['template']).name}")
    return "; ".join(parts)


class ExportsModel(QAbstractTableModel):
    """Every export recorded in the workspace, newest first, as a list of documents."""

    HEADERS = ("When", "Document", "File", "Exported by", "Options", "SHA-256")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, ...]] = []
        self._saved: list[Path | None] = []

    def set_exports(self, records: list[e.ExportRecord], visit_titles: dict[int, str]) -> None:
        self.beginResetModel()
        newest_first = sorted(records, key=lambda r: r.at, reverse=True)
        self._rows = [(f"{r.at:%d/%m/%Y %H:%M}", r.kind, r.file_name, r.who,
                       describe_options(r.options, visit_titles), r.sha256)
                      for r in newest_first]
        self._saved = [saved_path(r.options) for r in newest_first]
        self.endResetModel()

    def saved_at(self, row: int) -> Path | None:
        """Where the document in ``row`` was saved (None for exports recorded before
        VisitReady kept it)."""
        return self._saved[row] if 0 <= row < len(self._saved) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._rows[index.row()][index.column()]
        return None
