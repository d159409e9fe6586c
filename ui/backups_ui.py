"""Automatic backups in the app: one on open and every 30 minutes of editing; restoring one."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models import backups
from models.errors import AppError
from models.store import Workspace

from .keyboard import tab_leaves

log = logging.getLogger("visitready")


def kept_backups() -> int:
    """How many backups to keep per workspace (Preferences)."""
    return max(1, QSettings().value("backup/keep", backups.DEFAULT_KEEP, int))


def folder_for(workspace: Path, data_dir: Path) -> Path:
    return backups.folder_for(workspace, data_dir)


class BackupKeeper(QObject):
    """Backs the open workspace file up on open and after every 30 minutes of editing.

    The copy runs on the thread pool through its own SQLite connection, so the
    window never waits for it.

    Signals:
        backed_up(object): a :class:`models.backups.Backup` was made.
    """

    backed_up = Signal(object)

    def __init__(self, workspace: Workspace, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = Path(workspace.location)
        self.url = workspace.url  # an encrypted workspace's copy needs its key
        self.data_dir = data_dir
        self.schedule = backups.BackupSchedule(last=dt.datetime.now())
        self.timer = QTimer(self)
        self.timer.setInterval(60_000)
        self.timer.timeout.connect(self._on_timer_timeout)
        self.timer.start()
        self.back_up_now()

    def note_edit(self) -> None:
        self.schedule.note_edit()

    def _on_timer_timeout(self) -> None:
        now = dt.datetime.now()
        if self.schedule.due(now):
            self.schedule.done(now)
            self.back_up_now()

    def back_up_now(self) -> None:
        path, data_dir, keep, url = self.path, self.data_dir, kept_backups(), self.url

        def work() -> None:
            try:
                backups.make_backup(path, folder_for(path, data_dir), keep=keep, url=url)
            except (AppError, OSError):
                log.warning("Automatic backup of %s failed", path, exc_info=True)

        QThreadPool.globalInstance().start(work)

    def stop(self) -> None:
        self.timer.stop()


def _size(n: int) -> str:
    return f"{n / 1024:,.0f} KB" if n < 1024 ** 2 else f"{n / 1024 ** 2:,.1f} MB"


class RestoreDialog(QDialog):
    """The backups of one workspace, newest first, with their dates and sizes."""

    def __init__(self, workspace: Path, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("restoreDialog")
        self.setWindowTitle("Restore from backup")
        self.workspace = workspace
        self.folder = folder_for(workspace, data_dir)
        self.backups = backups.list_backups(workspace, self.folder)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(
            f"<p>Backups of <b>{workspace.name}</b>, kept in {self.folder}.</p>"
            "<p>Restoring replaces the workspace with the backup you choose. The current "
            "file is kept as a backup too, so nothing is lost.</p>"))
        self.table = QTableWidget(len(self.backups), 3)
        tab_leaves(self.table)
        self.table.setObjectName("backupTable")
        self.table.setAccessibleName("Backups")
        self.table.setHorizontalHeaderLabels(["Made", "Size", "Note"])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, backup in enumerate(self.backups):
            for col, text in enumerate((f"{backup.made:%d %b %Y %H:%M:%S}", _size(backup.size),
                                        "kept before a restore" if backup.before_restore
                                        else "")):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.resizeColumnsToContents()
        if self.backups:
            self.table.selectRow(0)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Restore\u2026")
        buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.backups))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, 380)

    def chosen(self) -> backups.Backup | None:
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None


def confirm_restore(parent: QWidget | None, workspace: Path, backup: backups.Backup) -> bool:
    """Ask before anything is replaced."""
    answer = QMessageBox.question(
        parent, "Restore from backup",
        f"Replace {workspace.name} with the backup made {backup.made:%d %b %Y at %H:%M}?\n\n"
        "The current file is kept as a backup, so you can go back to it.")
    return answer == QMessageBox.StandardButton.Yes


def restore_chosen(workspace: Path, backup: backups.Backup, data_dir: Path) -> None:
    """Put the backup in place (the workspace must be closed)."""
    backups.restore(workspace, backup, folder_for(workspace, data_dir), keep=kept_backups())


def latest_backup(workspace: Path, data_dir: Path) -> backups.Backup | None:
    try:
        found = backups.list_backups(workspace, folder_for(workspace, data_dir))
    except OSError:
        return None
    return next((b for b in found if not b.before_restore), found[0] if found else None)


class PreferencesDialog(QDialog):
    """What the user can set for the whole app: for now, how many backups are kept."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle("Preferences")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.keep = QSpinBox()
        self.keep.setObjectName("backupsKept")
        self.keep.setAccessibleName("Backups kept per workspace")
        self.keep.setRange(1, 200)
        self.keep.setValue(kept_backups())
        form.addRow("Backups kept per workspace", self.keep)
        form.addRow(QLabel("A backup is made when a workspace is opened and after every 30 "
                           "minutes of editing, in a folder beside it."))
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def accept(self) -> None:
        QSettings().setValue("backup/keep", self.keep.value())
        super().accept()
