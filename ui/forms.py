"""A form for any record kind, built from its field specs, validated as the user types."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from models import dates
from models.errors import ValidationError
from models.personal_data import PublicContacts, scan
from models.records import KINDS, FieldSpec, FieldType, RecordKind, check_consistency, clean
from models.store import Workspace

from .date_field import DateField
from .palette import css_colour


def parse_date(text: str) -> str | dt.date | None:
    """Text typed in a date box: UK style (31/03/2026) or ISO (2026-03-31).

    Returns the date, ``None`` for an empty box, or the text unchanged for the
    store's validation to refuse with its own message.
    """
    text = text.strip()
    if not text:
        return None
    try:
        return dates.read(text)
    except ValueError:
        return text


class LinksPicker(QWidget):
    """Pick linked records from a list (ticked), with a filter box when the list is long."""

    changed = Signal()

    def __init__(self, options: list[tuple[int, str]], chosen: list[int], label: str) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.filter = QLineEdit(placeholderText="Filter\u2026")
        self.filter.setAccessibleName(f"Filter {label}")
        self.filter.setToolTip(f"Type to shorten the list of {label.lower()} to choose from")
        self.filter.textChanged.connect(self._on_filter_text_changed)
        self.list = QListWidget()
        self.list.setAccessibleName(label)
        self.list.setMaximumHeight(150)
        for record_id, text in options:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, record_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if record_id in chosen
                               else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.itemChanged.connect(lambda _item: self.changed.emit())
        first = next((n for n in range(self.list.count())
                      if self.list.item(n).checkState() == Qt.CheckState.Checked), None)
        if first is not None:
            self.list.scrollToItem(self.list.item(first))
        if len(options) > 12:
            layout.addWidget(self.filter)
        else:
            self.filter.hide()
        layout.addWidget(self.list)

    def _on_filter_text_changed(self, text: str) -> None:
        for n in range(self.list.count()):
            item = self.list.item(n)
            item.setHidden(text.lower() not in item.text().lower())

    def value(self) -> list[int]:
        return [self.list.item(n).data(Qt.ItemDataRole.UserRole) for n in range(self.list.count())
                if self.list.item(n).checkState() == Qt.CheckState.Checked]

    def set_value(self, ids: list[int]) -> None:
        for n in range(self.list.count()):
            item = self.list.item(n)
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in ids
                               else Qt.CheckState.Unchecked)


def link_options(workspace: Workspace, target: str, current: list[int]) -> list[tuple[int, str]]:
    """Records a link field can point at, as (id, text): active themes, all visits, …"""
    kind = KINDS[target]
    if target == "theme":
        records = workspace.themes(include_retired=True)
        records = [t for t in records if not t.retired or t.id in current]
        return [(t.id, f"{t.name} ({t.code})") for t in records]
    if target == "visit":
        return [(v.id, v.title) for v in workspace.visits()]
    records = workspace.all(kind.entity)
    return [(r.id, f"{r.ref} {getattr(r, kind.title_field)}"[:110]) for r in records]


class RecordForm(QWidget):
    """Every field of one record kind, with inline validation and personal-data warnings.

    Signals:
        validity_changed(bool): the form became valid or invalid.
        edited(): any field changed.
    """

    validity_changed = Signal(bool)
    edited = Signal()

    def __init__(self, workspace: Workspace, kind: RecordKind, record: Any = None, *,
                 defaults: dict[str, Any] | None = None, fields: list[str] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.kind = kind
        self.record = record
        self.specs = [kind.field(n) for n in fields] if fields else list(kind.fields)
        self.widgets: dict[str, QWidget] = {}
        self.hints: dict[str, QLabel] = {}
        self._selection = ""
        # The council's own published contacts are never flagged.
        self.public = PublicContacts.from_text(workspace.authority().public_contacts)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # Long labels (the self-evaluation questions) go above their box, not beside it.
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        layout.addLayout(self.form)
        self.error = QLabel()
        self.error.setObjectName("formError")
        self.error.setStyleSheet(f"color: {css_colour('error')}; font-weight: bold;")
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Form error")
        layout.addWidget(self.error)
        #: Errors show once the user has typed or tried to save, never on a fresh form.
        self.touched = False
        initial = dict(defaults or {})
        for spec in self.specs:
            value = getattr(record, spec.name) if record is not None else initial.get(spec.name)
            self._add_field(spec, value)
        self._valid = True
        self.revalidate()

    # -- building ---------------------------------------------------------------------

    def _add_field(self, spec: FieldSpec, value: Any) -> None:
        label = spec.label + (" *" if spec.required else "")
        widget: QWidget
        if spec.type is FieldType.LONG_TEXT:
            edit = QPlainTextEdit(value or "")
            edit.setTabChangesFocus(True)
            edit.setMinimumHeight(60)
            edit.setMaximumHeight(110)
            edit.textChanged.connect(self._on_field_edited)
            widget = edit
        elif spec.type is FieldType.FLAG:
            box = QCheckBox()
            box.setChecked(bool(value))
            box.toggled.connect(self._on_field_edited)
            widget = box
        elif spec.type is FieldType.CHOICE:
            combo = QComboBox()
            combo.addItem("")
            combo.addItems(list(spec.choices))
            combo.setCurrentText(value or "")
            combo.currentTextChanged.connect(self._on_field_edited)
            widget = combo
        elif spec.type is FieldType.LINKS:
            ids = [x.id for x in value] if value and not isinstance(value[0], int) else (value or [])
            picker = LinksPicker(link_options(self.workspace, spec.target, ids), ids, spec.label)
            picker.changed.connect(self._on_field_edited)
            widget = picker
        elif spec.type is FieldType.LINK:
            combo = QComboBox()
            combo.addItem("", None)
            for record_id, text in link_options(self.workspace, spec.target, [value] if value else []):
                combo.addItem(text, record_id)
            combo.setCurrentIndex(max(0, combo.findData(value)))
            combo.currentIndexChanged.connect(self._on_field_edited)
            widget = combo
        else:
            line = DateField(value) if spec.type is FieldType.DATE else QLineEdit()
            if spec.type in (FieldType.NUMBER, FieldType.WHOLE_NUMBER):
                line.setText("" if value is None else f"{value:g}")
            elif spec.type is not FieldType.DATE:
                line.setText(value or "")
            line.textChanged.connect(self._on_field_edited)
            widget = line
        widget.setAccessibleName(spec.label)
        widget.setObjectName(f"field_{spec.name}")
        if spec.help:
            widget.setToolTip(spec.help)
            widget.setWhatsThis(spec.help)
        self.widgets[spec.name] = widget
        if isinstance(widget, (QLineEdit, QPlainTextEdit)):
            widget.selectionChanged.connect(self._on_field_selection_changed)
        if spec.scanned:
            holder = QWidget()
            box_layout = QVBoxLayout(holder)
            box_layout.setContentsMargins(0, 0, 0, 0)
            box_layout.setSpacing(2)
            box_layout.addWidget(widget)
            hint = QLabel()
            hint.setObjectName(f"hint_{spec.name}")
            hint.setWordWrap(True)
            hint.setStyleSheet(f"color: {css_colour('warning')};")
            hint.setAccessibleName(f"{spec.label} personal data warning")
            hint.hide()
            box_layout.addWidget(hint)
            self.hints[spec.name] = hint
            self.form.addRow(label, holder)
            self._update_hint(spec.name)
        else:
            self.form.addRow(label, widget)

    # -- reading -----------------------------------------------------------------------

    def raw_value(self, name: str) -> Any:
        widget = self.widgets[name]
        spec = self.kind.field(name)
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText()
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        if isinstance(widget, LinksPicker):
            return widget.value()
        if isinstance(widget, QComboBox):
            if spec.type is FieldType.LINK:
                return widget.currentData()
            return widget.currentText() or None
        assert isinstance(widget, QLineEdit)
        if spec.type is FieldType.DATE:
            return parse_date(widget.text())
        return widget.text()

    def values(self) -> dict[str, Any]:
        """Every field's value, checked by the same rules the store applies.

        Raises:
            ValidationError: a value the store would refuse.
        """
        raw = {s.name: self.raw_value(s.name) for s in self.specs}
        links = {k: v for k, v in raw.items() if self.kind.field(k).type is FieldType.LINKS}
        plain = {k: v for k, v in raw.items() if k not in links}
        cleaned = clean(self.kind, plain, partial=self.record is not None)
        if self.record is not None:
            merged = {f.name: getattr(self.record, f.name) for f in self.kind.fields
                      if f.type is not FieldType.LINKS}
            merged.update(cleaned)
            check_consistency(self.kind, merged)
        return {**cleaned, **links}

    def changes(self) -> dict[str, Any]:
        """What differs from the record (everything, for a new record)."""
        values = self.values()
        if self.record is None:
            return values
        changed = {}
        for name, value in values.items():
            old = getattr(self.record, name)
            if isinstance(old, list):
                old = [x.id for x in old]
            if old != value and not (old in (None, "") and value in (None, "")):
                changed[name] = value
        return changed

    def changes_to(self, name: str) -> dict[str, Any]:
        """One field's change from the stored record, checked alone ({} if unchanged).

        Lets a page save a field the moment the user leaves it while another field is
        still being fixed.

        Raises:
            ValidationError: a value the store would refuse.
        """
        assert self.record is not None
        spec = self.kind.field(name)
        raw = self.raw_value(name)
        if spec.type is FieldType.LINKS:
            value = raw
            old: Any = [x.id for x in getattr(self.record, name)]
        else:
            value = clean(self.kind, {name: raw}, partial=True).get(name)
            merged = {f.name: getattr(self.record, f.name) for f in self.kind.fields
                      if f.type is not FieldType.LINKS}
            merged[name] = value
            check_consistency(self.kind, merged)
            old = getattr(self.record, name)
        if old == value or (old in (None, "") and value in (None, "")):
            return {}
        return {name: value}

    def is_valid(self) -> bool:
        return self._valid

    # -- live checks ----------------------------------------------------------------------

    def _on_field_selection_changed(self) -> None:
        # A line edit drops its selection when focus moves to a button: keep the last one.
        widget = self.sender()
        if isinstance(widget, QLineEdit):
            text = widget.selectedText()
        elif isinstance(widget, QPlainTextEdit):
            text = widget.textCursor().selectedText().replace("\u2029", "\n")
        else:
            return
        if text.strip():
            self._selection = text

    def selected_text(self) -> str:
        """The text last selected in one of the form's text fields ('' when none)."""
        return self._selection

    def _on_field_edited(self, *_: Any) -> None:
        self.touched = True
        sender = self.sender()
        for name, widget in self.widgets.items():
            if widget is sender and name in self.hints:
                self._update_hint(name)
        self.revalidate()
        self.edited.emit()

    def _update_hint(self, name: str) -> None:
        text = self.raw_value(name) or ""
        warnings = scan(text, self.public) if isinstance(text, str) else []
        hint = self.hints[name]
        if warnings:
            hint.setText("\u26a0 " + "; ".join(w.message for w in warnings)
                         + ". Remove personal data: use a pseudonymised reference.")
            hint.show()
        else:
            hint.clear()
            hint.hide()

    def revalidate(self) -> None:
        try:
            self.values()
        except ValidationError as error:
            self.error.setText(str(error) if self.touched else "")
            valid = False
        else:
            self.error.clear()
            valid = True
        if valid != self._valid:
            self._valid = valid
        self.validity_changed.emit(valid)

    def show_errors(self) -> bool:
        """Say what is wrong even before anything was typed (the user tried to save)."""
        self.touched = True
        self.revalidate()
        return self._valid

    def focus_first_field(self) -> None:
        """Put the cursor in the first field the user fills in."""
        first = next(iter(self.widgets.values()), None)
        if first is not None:
            target = first.list if isinstance(first, LinksPicker) else first
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_value(self, name: str, value: Any) -> None:
        """Set a field as if the user had typed it (used by tests and defaults)."""
        widget = self.widgets[name]
        if isinstance(widget, QPlainTextEdit):
            widget.setPlainText(value)
        elif isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        elif isinstance(widget, LinksPicker):
            widget.set_value(value)
        elif isinstance(widget, QComboBox):
            if self.kind.field(name).type is FieldType.LINK:
                widget.setCurrentIndex(max(0, widget.findData(value)))
            else:
                widget.setCurrentText(value or "")
        elif isinstance(widget, DateField):
            widget.set_date(value)
        elif isinstance(widget, QLineEdit):
            widget.setText(str(value))

