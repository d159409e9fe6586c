"""The checklist editor's plan line: the due date and the offset from the visit kept in step
as the user types ("5 working days before the visit"; a date typed by hand is fixed)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QWidget

from models import dates
from models import entities as e
from models.checklist_plan import count_working_days, due_for, offset_words
from models.store import Workspace

from .date_field import DateField
from .forms import RecordForm


class PlanLine(QLabel):
    """Says an item's place in the plan, and keeps Due and "Days before the visit" in step:
    typing the days sets the due date from the visit; typing a due date makes it fixed."""

    def __init__(self, workspace: Workspace, form: RecordForm,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("planLine")
        self.setWordWrap(True)
        self.workspace = workspace
        self.form = form
        self._busy = False
        self.due = form.widgets["due_date"]
        self.days = form.widgets["days_before_visit"]
        self.working = form.widgets["working_days"]
        assert isinstance(self.due, DateField) and isinstance(self.days, QLineEdit)
        assert isinstance(self.working, QCheckBox)
        self.days.setPlaceholderText("empty: a fixed date")
        self.days.textEdited.connect(self._on_offset_edited)
        self.working.toggled.connect(self._on_offset_edited)
        self.due.textChanged.connect(self._on_due_changed)
        visit = form.widgets["visit_id"]
        assert isinstance(visit, QComboBox)
        visit.currentIndexChanged.connect(self._on_offset_edited)
        self._show()

    def _start(self) -> Any:
        visit_id = self.form.raw_value("visit_id")
        if not visit_id:
            return None
        return self.workspace.get(e.Visit, visit_id).start_date

    def _offset(self) -> int | None:
        text = self.days.text().strip()
        try:
            return int(text) if text else None
        except ValueError:
            return None

    def _on_offset_edited(self, *_args: Any) -> None:
        due = due_for(self._start(), self._offset(), self.working.isChecked())
        if due is not None:
            self._busy = True
            try:
                self.due.set_date(due)
            finally:
                self._busy = False
        self._show()

    def _on_due_changed(self, _text: str) -> None:
        if self._busy:
            return
        typed = self.form.raw_value("due_date")
        offset = self._offset()
        if offset is not None and typed != due_for(self._start(), offset,
                                                   self.working.isChecked()):
            self.days.setText("")  # typed by hand: a fixed date, left alone by re-planning
        self._show()

    def _show(self) -> None:
        offset, start = self._offset(), self._start()
        working = self.working.isChecked()
        if offset is None:
            due = self.form.raw_value("due_date")
            if due is not None and start is not None and not isinstance(due, str):
                days = count_working_days(due, start)
                self.setText(f"Fixed date ({abs(days)} working days "
                             f"{'before' if days >= 0 else 'after'} the visit today): it stays "
                             "where it is when the visit moves. Type days before the visit to "
                             "make it follow the visit.")
            else:
                self.setText("Fixed date: it stays where it is when the visit moves.")
            return
        due = due_for(start, offset, working)
        self.setText(f"Due {offset_words(offset, working)}"
                     + (f" ({dates.show(due)})" if due else "")
                     + ": it moves with the visit.")
