"""Open a shared workspace by server, database and user name, with a check that says plainly
what went wrong."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from models.errors import AppError
from models.shared import SharedAddress, check_connection, open_shared
from models.store import Workspace


class SharedWorkspaceDialog(QDialog):
    """Server, port, database, user and password in their own boxes; Check before Open."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Open shared workspace")
        self.setObjectName("sharedWorkspaceDialog")
        self.workspace: Workspace | None = None
        settings = QSettings()
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("A shared workspace lives on your organisation's database "
                                "server. Your IT team can tell you these details."))
        form = QFormLayout()
        self.server = QLineEdit(settings.value("shared/server", "", str))
        self.server.setObjectName("sharedServer")
        self.server.setPlaceholderText("e.g. visitready.council.local")
        self.port = QSpinBox()
        self.port.setObjectName("sharedPort")
        self.port.setRange(1, 65535)
        self.port.setValue(int(settings.value("shared/port", 5432)))
        self.database = QLineEdit(settings.value("shared/database", "visitready", str))
        self.database.setObjectName("sharedDatabase")
        self.user = QLineEdit(settings.value("shared/user", "", str))
        self.user.setObjectName("sharedUser")
        self.password = QLineEdit()
        self.password.setObjectName("sharedPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("if your server asks for one")
        for label, widget in (("Server", self.server), ("Port", self.port),
                              ("Database", self.database), ("Your user name", self.user),
                              ("Password", self.password)):
            widget.setAccessibleName(label)
            form.addRow(label, widget)
        layout.addLayout(form)
        self.result_label = QLabel()
        self.result_label.setObjectName("sharedResult")
        self.result_label.setWordWrap(True)
        layout.addWidget(self.result_label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.check_button = QPushButton("Check connection")
        self.check_button.setObjectName("checkConnection")
        self.buttons.addButton(self.check_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.check_button.clicked.connect(self.check)
        self.buttons.accepted.connect(self.open_it)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        (self.server if not self.server.text() else self.user).setFocus()

    def address(self) -> SharedAddress:
        return SharedAddress(self.server.text(), self.port.value(), self.database.text(),
                             self.user.text(), self.password.text())

    def check(self) -> bool:
        """Try the server and say, in plain words, whether it answered."""
        try:
            check_connection(self.address())
        except AppError as error:
            self.result_label.setText(f"\u2716 {error}")
            return False
        self.result_label.setText("\u2714 The server answered and the login worked.")
        return True

    def open_it(self) -> None:
        try:
            self.workspace = open_shared(self.address())
        except AppError as error:
            self.result_label.setText(f"\u2716 {error}")
            return
        settings = QSettings()
        address = self.address()
        for key, value in (("server", address.server), ("port", address.port),
                           ("database", address.database), ("user", address.user)):
            settings.setValue(f"shared/{key}", value)  # never the password
        self.accept()
