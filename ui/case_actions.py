"""A case audit's follow-up actions: add, change and remove, each with a checked due date."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models import dates
from models import entities as e

from . import commands
from .context import Session
from .date_field import DateField


class CaseActionDialog(QDialog):
    """One action: what is to be done and by when. A date that cannot be read is refused."""

    def __init__(self, description: str = "", due: dt.date | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Action from the audit")
        self.setObjectName("caseActionDialog")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.description = QLineEdit(description)
        self.description.setObjectName("caseActionDescription")
        self.due = DateField(due)
        self.due.setObjectName("caseActionDue")
        form.addRow("Action *", self.description)
        form.addRow("Due date", self.due)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setObjectName("caseActionError")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.check_and_accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.description.setFocus()

    def due_date(self) -> dt.date | None:
        """The due date typed, or None for an empty box.

        Raises:
            ValueError: the box holds something that is not a date.
        """
        text = self.due.text().strip()
        return dates.read(text) if text else None

    def check_and_accept(self) -> None:
        """Close only with an action and a readable date; otherwise say what is wrong."""
        if not self.description.text().strip():
            self.error.setText("Say what the action is.")
            return
        try:
            self.due_date()
        except ValueError:
            self.error.setText(f"Due date: \u201c{self.due.text().strip()}\u201d is not a date. "
                               f"Write it as {dates.HINT}, e.g. {dates.EXAMPLE}, or pick it "
                               "from the calendar.")
            return
        self.accept()


class CaseActionsPanel(QGroupBox):
    """Follow-up actions a case audit set, with due dates."""

    def __init__(self, session: Session, case_sample_id: int) -> None:
        super().__init__("Actions from the audit")
        self.session = session
        self.case_sample_id = case_sample_id
        layout = QVBoxLayout(self)
        self.list = QListWidget()
        self.list.setAccessibleName("Actions from the audit")
        self.list.setMaximumHeight(90)
        self.list.itemActivated.connect(lambda _item: self._on_change_clicked())
        layout.addWidget(self.list)
        buttons = QHBoxLayout()
        for text, slot, name in (("Add action\u2026", self._on_add_clicked, "addCaseAction"),
                                 ("Change\u2026", self._on_change_clicked, "changeCaseAction"),
                                 ("Remove", self._on_remove_clicked, "removeCaseAction")):
            button = QPushButton(text)
            button.setObjectName(name)
            button.setToolTip({
                "addCaseAction": "Add a follow-up action from this audit, with a due date",
                "changeCaseAction": "Change the chosen action's words or due date",
                "removeCaseAction": "Remove the chosen action (Cancel brings it back)",
            }[name])
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch()
        layout.addLayout(buttons)
        #: Made by the panel for each add or change; tests drive it instead of exec().
        self.ask = self._ask
        self.reload()

    def _sample(self) -> e.CaseSample:
        return self.session.workspace.get(e.CaseSample, self.case_sample_id)

    def reload(self) -> None:
        self.list.clear()
        for action in self._sample().case_actions:
            due = f" (due {dates.show(action.due_date)})" if action.due_date else ""
            item = QListWidgetItem(action.description + due)
            item.setData(Qt.ItemDataRole.UserRole, action.id)
            self.list.addItem(item)

    def _ask(self, description: str = "",
             due: dt.date | None = None) -> tuple[str, dt.date | None] | None:
        dialog = CaseActionDialog(description, due, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.description.text().strip(), dialog.due_date()

    def _selected(self) -> e.CaseAction | None:
        item = self.list.currentItem()
        if item is None:
            return None
        wanted = item.data(Qt.ItemDataRole.UserRole)
        return next((a for a in self._sample().case_actions if a.id == wanted), None)

    def _on_add_clicked(self) -> None:
        answer = self.ask()
        if answer is not None:
            commands.add_case_action(self.session, self._sample(), *answer)
            self.reload()

    def _on_change_clicked(self) -> None:
        action = self._selected()
        if action is None:
            return
        answer = self.ask(action.description, action.due_date)
        if answer is not None:
            commands.change_case_action(self.session, self._sample(), action, *answer)
            self.reload()

    def _on_remove_clicked(self) -> None:
        action = self._selected()
        if action is not None:
            commands.remove_case_action(self.session, self._sample(), action)
            self.reload()
