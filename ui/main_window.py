"""The main window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel, QMainWindow

from models.readiness import assess
from models.store import Workspace


class MainWindow(QMainWindow):
    """The VisitReady window over one open workspace."""

    def __init__(self, *, data_dir: Path, log_path: Path, version: str) -> None:
        super().__init__()
        self.data_dir = data_dir
        self.log_path = log_path
        self.version = version
        self.workspace: Workspace | None = None
        self._summary = QLabel()
        self.setCentralWidget(self._summary)
        self.resize(1280, 800)

    def set_workspace(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.setWindowTitle(f"{workspace.name} \u2014 VisitReady")
        visit = workspace.latest_visit()
        if visit is not None:
            result = assess(workspace.contents(visit.id))
            self._summary.setText(f"{visit.title}: {result.rag.value} ({result.score:.0%})")
