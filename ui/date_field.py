"""A date box: type UK style (31/03/2026) or pick from a calendar."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QCalendarWidget, QLineEdit, QStyle, QWidget

from models import dates


class DateField(QLineEdit):
    """A line edit for one date, with a calendar button at its end.

    The text is the date in the app's one format; an empty box is no date.
    """

    def __init__(self, value: dt.date | str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(dates.HINT)
        self.set_date(value)
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView)
        self.calendar_action = self.addAction(icon, QLineEdit.ActionPosition.TrailingPosition)
        self.calendar_action.setToolTip("Pick the date from a calendar")
        self.calendar_action.setObjectName("pickDate")
        self.calendar_action.triggered.connect(self.show_calendar)
        self.calendar: QCalendarWidget | None = None

    def set_date(self, value: dt.date | str | None) -> None:
        self.setText(dates.show(value) if isinstance(value, dt.date) else (value or ""))

    def show_calendar(self) -> QCalendarWidget:
        """Open a calendar under the box; clicking a day fills the box."""
        calendar = QCalendarWidget(self)
        calendar.setWindowFlags(Qt.WindowType.Popup)
        calendar.setObjectName("dateCalendar")
        calendar.setGridVisible(True)
        calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        try:
            current = dates.read(self.text())
            calendar.setSelectedDate(QDate(current.year, current.month, current.day))
        except ValueError:
            pass  # an empty or half-typed box opens on today
        calendar.clicked.connect(self._on_calendar_clicked)
        calendar.move(self.mapToGlobal(self.rect().bottomLeft()))
        calendar.show()
        self.calendar = calendar
        return calendar

    def _on_calendar_clicked(self, day: QDate) -> None:
        self.setText(dates.show(dt.date(day.year(), day.month(), day.day())))
        self.editingFinished.emit()
        if self.calendar is not None:
            self.calendar.close()
            self.calendar.deleteLater()
            self.calendar = None
        self.setFocus()
