"""A new workspace in one short dialog: the authority, the marking, the first visit, the file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from models import dates
from models.briefing import DEFAULT_MARKING
from models.errors import AppError
from models.first_run import create_workspace
from models.store import Workspace

from .date_field import DateField
from .places import documents_folder


class NewWorkspaceDialog(QDialog):
    """Ask what a new workspace needs, then create it (``self.workspace`` once accepted)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New workspace")
        self.setObjectName("newWorkspaceDialog")
        self.workspace: Workspace | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("A workspace holds one authority's preparation for its visits. "
                                "Everything can be changed later."))
        form = QFormLayout()
        self.authority = QLineEdit()
        self.authority.setObjectName("authorityName")
        self.authority.setAccessibleName("Authority name")
        self.authority.setPlaceholderText("e.g. Northshire County Council")
        self.authority.setToolTip("Shown on the cover of every briefing pack and evidence log")
        self.authority.textEdited.connect(self._on_authority_edited)
        form.addRow("Authority *", self.authority)
        self.marking = QLineEdit(QSettings().value("export/marking", DEFAULT_MARKING, str))
        self.marking.setObjectName("protectiveMarking")
        self.marking.setAccessibleName("Protective marking")
        self.marking.setToolTip("Printed in the header and footer of every export")
        form.addRow("Protective marking", self.marking)
        self.add_visit = QCheckBox("Add the next monitoring visit now")
        self.add_visit.setObjectName("addFirstVisit")
        self.add_visit.setChecked(True)
        form.addRow("First visit", self.add_visit)
        self.visit_number = QSpinBox()
        self.visit_number.setObjectName("visitNumber")
        self.visit_number.setAccessibleName("Visit number")
        self.visit_number.setRange(1, 30)
        form.addRow("Monitoring visit number", self.visit_number)
        self.visit_start = DateField()
        self.visit_start.setObjectName("visitStart")
        self.visit_start.setAccessibleName("First day on site")
        form.addRow("First day on site (if known)", self.visit_start)
        self.add_visit.toggled.connect(self.visit_number.setEnabled)
        self.add_visit.toggled.connect(self.visit_start.setEnabled)
        self.path = QLineEdit(str(documents_folder() / "workspace.visitready"))
        self.path.setObjectName("workspacePathEdit")
        self.path.setAccessibleName("Save the workspace as")
        browse = QPushButton("Browse\u2026")
        browse.clicked.connect(self._on_browse_clicked)
        row = QHBoxLayout()
        row.addWidget(self.path)
        row.addWidget(browse)
        form.addRow("Save as", row)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setObjectName("newWorkspaceError")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Create")
        self.buttons.accepted.connect(self.create)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.authority.setFocus()
        self.resize(560, 0)

    def _on_authority_edited(self, text: str) -> None:
        """The file is named after the authority until the user names it themselves."""
        current = Path(self.path.text())
        if current.stem == "workspace" or current.stem == getattr(self, "_named", None):
            stem = "-".join(text.lower().split()) or "workspace"
            self._named = stem
            self.path.setText(str(current.with_name(stem + ".visitready")))

    def _on_browse_clicked(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Save the workspace as", self.path.text(),
                                              "VisitReady workspaces (*.visitready)")
        if name:
            self.path.setText(name)

    def create(self) -> None:
        """Create the workspace; on a problem, say it here and keep the dialog open."""
        visit_start = None
        if self.add_visit.isChecked() and self.visit_start.text().strip():
            try:
                visit_start = dates.read(self.visit_start.text())
            except ValueError:
                self.error.setText(f"First day on site: write it as {dates.HINT}, or pick it "
                                   "from the calendar.")
                return
        try:
            self.workspace = create_workspace(
                Path(self.path.text().strip()), self.authority.text(),
                visit_number=self.visit_number.value() if self.add_visit.isChecked() else None,
                visit_start=visit_start)
        except AppError as error:
            self.error.setText(str(error))
            return
        QSettings().setValue("export/marking", self.marking.text().strip() or DEFAULT_MARKING)
        self.accept()
