"""The Indicators page: figures worked out from each Annex A return, their trend, and the rows behind them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from models import annex, indicators
from models.errors import AppError
from models.indicators import StoredValue
from models.vocabulary import counted

from . import app_errors
from .context import Session
from .palette import css_colour, muted_style
from .plain_table import PlainTableModel, plain_view
from .refresh import RefreshWhenShown

#: What the Annex A buttons do, by name.
_BUTTON_TIPS = {
    "importAnnexA": "Bring in an Annex A return (the child-level lists Ofsted asks for); "
                    "you see a preview before anything is kept",
    "thresholds": "Set the time limits the indicators count against, e.g. 45 working "
                  "days for an assessment (statutory ones from guidance, local ones your own)",
    "deleteReturn": "Delete the chosen return and everything worked out from it; "
                    "VisitReady asks first",
}


class AnnexIndicatorsView(RefreshWhenShown, QWidget):
    """One return's indicators in a table; the chosen one's trend, definition and rows.

    Signals:
        import_requested(): the user asked to import a return.
    """

    import_requested = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("annexIndicators")
        self.values: list[StoredValue] = []
        self.all_values: list[StoredValue] = []
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("Return:"))
        self.returns = QComboBox()
        self.returns.setObjectName("returnSelector")
        self.returns.setToolTip("Choose which imported Annex A return the figures below are "
                                "worked out from")
        self.returns.setAccessibleName("Annex A return")
        self.returns.setMinimumContentsLength(24)
        self.returns.currentIndexChanged.connect(lambda _i: self._show_return())
        top.addWidget(self.returns)
        self.info = QLabel()
        self.info.setObjectName("returnInfo")
        self.info.setStyleSheet(muted_style())
        top.addWidget(self.info, 1)
        for text, name, slot in (("Import Annex A\u2026", "importAnnexA", self.import_requested.emit),
                                 ("Thresholds\u2026", "thresholds", self.edit_thresholds),
                                 ("Delete return\u2026", "deleteReturn", self.delete_return)):
            button = QPushButton(text)
            button.setObjectName(name)
            button.setToolTip(_BUTTON_TIPS[name])
            button.clicked.connect(slot)
            top.addWidget(button)
        layout.addLayout(top)
        retention = QHBoxLayout()
        self.retention = QLabel()
        self.retention.setObjectName("retentionNotice")
        self.retention.setStyleSheet(f"color: {css_colour('warning')};")
        retention.addWidget(self.retention, 1)
        self.retention_button = QPushButton("Delete them now")
        self.retention_button.setObjectName("applyRetention")
        self.retention_button.setToolTip("Delete the returns kept longer than the retention "
                                         "period now, rather than waiting to be asked")
        self.retention_button.clicked.connect(self.apply_retention)
        retention.addWidget(self.retention_button)
        layout.addLayout(retention)

        splitter = QSplitter()
        self.model = PlainTableModel(["Indicator", "Themes", "Value", "Counted", "Previous",
                                      "Direction of good"], [], self)
        self.table = plain_view(self.model, "Indicators from Annex A", stretch=0)
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._show_indicator(current.row()))
        self.table.doubleClicked.connect(lambda index: self.open_rows(index.row()))
        splitter.addWidget(self.table)
        right = QWidget()
        side = QVBoxLayout(right)
        # The trend's canvas (and matplotlib) is made when the page first draws it, not when
        # the window opens.
        self.figure: Any = None
        self.canvas: Any = None
        self._trend_place = QVBoxLayout()
        self._trend_place.setContentsMargins(0, 0, 0, 0)
        side.addLayout(self._trend_place)
        self.definition = QLabel()
        self.definition.setObjectName("indicatorDefinition")
        self.definition.setWordWrap(True)
        self.definition.setTextFormat(Qt.TextFormat.RichText)
        side.addWidget(self.definition)
        self.rows_button = QPushButton("Open the rows behind this figure\u2026")
        self.rows_button.setObjectName("openRows")
        self.rows_button.setToolTip("List the return's rows that make up the chosen figure, so "
                                    "you can check it before inspectors ask")
        self.rows_button.clicked.connect(lambda: self.open_rows(self.table.currentIndex().row()))
        side.addWidget(self.rows_button)
        side.addStretch()
        splitter.addWidget(right)
        splitter.setSizes([760, 440])
        layout.addWidget(splitter, 1)
        session.records_changed.connect(self._on_session_records_changed)
        self.refresh_soon()  # read when first shown, not when the window opens

    def _on_session_records_changed(self, kind: str) -> None:
        if kind in ("indicator", "theme"):
            self.refresh_soon()

    def refresh(self) -> None:
        """Re-read the returns and their values from the workspace."""
        chosen = self.returns.currentData()
        found = annex.returns(self.session.workspace)
        self.all_values = indicators.stored_values(self.session.workspace)
        self.returns.blockSignals(True)
        self.returns.clear()
        for r in reversed(found):
            self.returns.addItem(r.label, r.id)
        index = self.returns.findData(chosen)
        self.returns.setCurrentIndex(index if index >= 0 else 0)
        self.returns.blockSignals(False)
        past = annex.returns_past_retention(self.session.workspace, self.session.today)
        months = annex.retention_months(self.session.workspace)
        self.retention.setText(
            f"{counted(len(past), 'return')} {'is' if len(past) == 1 else 'are'} older than the "
            "workspace's retention period "
            f"({months} months): " + ", ".join(r.label.lower() for r in past) + "." if past
            else "")
        self.retention.setVisible(bool(past))
        self.retention_button.setVisible(bool(past))
        self._show_return()

    def apply_retention(self) -> None:
        """Delete the returns past the retention period (asks first)."""
        past = annex.returns_past_retention(self.session.workspace, self.session.today)
        if not past:
            return
        answer = QMessageBox.question(
            self, "Delete old returns",
            f"Delete {counted(len(past), 'return')} past the retention period, with their rows and "
            "indicator values?")
        if answer == QMessageBox.StandardButton.Yes:
            annex.apply_retention(self.session.workspace, self.session.today)
            self.session.changed("indicator")

    def _show_return(self) -> None:
        return_id = self.returns.currentData()
        if return_id is None:
            self.values = []
            self.model.set_rows([])
            self.info.setText("No Annex A return imported yet.")
            self.definition.setText("Import a return (File \u2192 Import Annex A\u2026) to work "
                                    "out the indicators.")
            self._draw_trend("", [], "%")
            self.canvas.draw_idle()
            return
        summary = annex.get_return(self.session.workspace, return_id)
        self.info.setText(f"{summary.file_names} \u2014 {summary.row_count} rows "
                          f"({summary.left_out} left out), imported {summary.imported_at:%d %b %Y} "
                          f"by {summary.imported_by}; SHA-256 {summary.sha256[:12]}\u2026")
        self.values = [v for v in self.all_values if v.return_id == return_id]
        rows = []
        for value in self.values:
            earlier = [v for v in self.all_values if v.indicator.code == value.indicator.code
                       and v.as_at < value.as_at]
            previous = earlier[-1].text if earlier else ""
            rows.append((value.indicator.name, ", ".join(value.theme_codes), value.text,
                         value.fraction, previous, value.indicator.direction))
        self.model.set_rows(rows)
        self.table.resizeColumnToContents(2)
        self.table.setColumnWidth(0, 340)
        self.table.resizeColumnToContents(5)
        if self.values:
            self.table.selectRow(0)
            self._show_indicator(0)

    def _draw_trend(self, name: str, points: list[Any], unit: str) -> None:
        from exporters.indicator_chart import draw_indicator_trend

        if self.canvas is None:
            from matplotlib.figure import Figure

            from .chart_canvas import ChartCanvas  # matplotlib: on use

            self.figure = Figure(figsize=(4, 2.6), dpi=100)
            self.canvas = ChartCanvas(self.figure)
            self.canvas.setObjectName("indicatorTrend")
            self.canvas.setAccessibleName("Trend across returns")
            self.canvas.setMinimumHeight(220)
            self._trend_place.addWidget(self.canvas)
        draw_indicator_trend(self.figure, name, points, unit)

    def _show_indicator(self, row: int) -> None:
        if not 0 <= row < len(self.values):
            return
        value = self.values[row]
        indicator = value.indicator
        points = [(v.as_at, v.value) for v in self.all_values
                  if v.indicator.code == indicator.code]
        self._draw_trend(indicator.name, points, indicator.unit)
        self.canvas.draw_idle()
        settings = indicators.thresholds(self.session.workspace)
        used = "; ".join(f"{settings[k].label} {value.parameters.get(k, settings[k].value):g} "
                         f"{settings[k].unit} ({settings[k].basis})"
                         for k in indicator.thresholds)
        self.definition.setText(
            f"<b>{indicator.name}</b> ({indicator.code}, definition version "
            f"{value.definition_version})<br>{indicator.plain}<br><br>"
            f"<b>From:</b> " + ", ".join(f"List {n}" for n in indicator.lists)
            + f" \u2014 {'; '.join(indicator.columns)}"
            + (f"<br><b>Thresholds:</b> {used}" if used else ""))

    def current_value(self) -> StoredValue | None:
        row = self.table.currentIndex().row()
        return self.values[row] if 0 <= row < len(self.values) else None

    def open_rows(self, row: int) -> QDialog | None:
        """Show the pseudonymised rows a figure counts (its denominator, numerator shaded)."""
        if not 0 <= row < len(self.values):
            return None
        dialog = IndicatorRowsDialog(self.session, self.values[row], self)
        dialog.open()
        return dialog

    def edit_thresholds(self) -> None:
        ThresholdsDialog(self.session, self).open()

    def delete_return(self) -> None:
        return_id = self.returns.currentData()
        if return_id is None:
            return
        answer = QMessageBox.question(
            self, "Delete return",
            f"Delete {self.returns.currentText().lower()} with its rows and indicator values? "
            "Draws made from it keep their seed and frame hash but cannot draw more.")
        if answer != QMessageBox.StandardButton.Yes:
            return
        annex.delete_return(self.session.workspace, return_id)
        self.session.changed("indicator")


class IndicatorRowsDialog(QDialog):
    """The rows behind one figure: each child by pseudonym, never by ID or name."""

    def __init__(self, session: Session, value: StoredValue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("indicatorRows")
        self.setWindowTitle(f"Rows behind: {value.indicator.name}")
        self.resize(900, 520)
        rows, counted = indicators.rows_behind(session.workspace, value)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(
            f"<b>{value.indicator.name}</b>: {value.text} ({value.fraction}) as at "
            f"{value.as_at:%d %B %Y}. Shaded rows are counted in the figure; the others are "
            "the rest of the rows it is out of. Children are shown by pseudonym."))
        self.model = PlainTableModel(["Child", "List", "Row in file", "Age band", "Gender", "Team",
                                      "Counted", "Values"], [], self)
        self.model.set_rows(
            [(r.pseudonym, f"List {r.list_no}", r.row_no, r.age_band, r.gender, r.team,
              "Yes" if r.id in counted else "No",
              "; ".join(f"{k}={v}" for k, v in sorted(r.data.items())))
             for r in rows],
            marked={n for n, r in enumerate(rows) if r.id in counted})
        layout.addWidget(plain_view(self.model, "Rows behind the figure", stretch=7))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class ThresholdsDialog(QDialog):
    """Thresholds as settings, each labelled statutory or local; new values apply when recalculated."""

    def __init__(self, session: Session, parent: AnnexIndicatorsView) -> None:
        super().__init__(parent)
        self.session = session
        self.view = parent
        self.setObjectName("thresholdsDialog")
        self.setWindowTitle("Indicator thresholds")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Statutory thresholds come from regulations or guidance; local "
                                "ones are the council's own standard. Changes apply to the "
                                "chosen return when you recalculate."))
        self.spins: dict[str, QDoubleSpinBox] = {}
        self.bases: dict[str, QComboBox] = {}
        grid = QGridLayout()
        for n, t in enumerate(indicators.thresholds(session.workspace).values()):
            grid.addWidget(QLabel(t.label), n, 0)
            spin = QDoubleSpinBox(decimals=1, minimum=0.5, maximum=1000)
            spin.setValue(t.value)
            spin.setAccessibleName(t.label)
            grid.addWidget(spin, n, 1)
            grid.addWidget(QLabel(t.unit), n, 2)
            basis = QComboBox()
            basis.addItems([indicators.STATUTORY, indicators.LOCAL])
            basis.setCurrentText(t.basis)
            basis.setAccessibleName(f"{t.label}: statutory or local")
            grid.addWidget(basis, n, 3)
            self.spins[t.key] = spin
            self.bases[t.key] = basis
        layout.addLayout(grid)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        save = buttons.addButton("Save and recalculate", QDialogButtonBox.ButtonRole.AcceptRole)
        save.setObjectName("saveThresholds")
        save.clicked.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def save(self) -> None:
        workspace = self.session.workspace
        try:
            current = indicators.thresholds(workspace)
            for key, spin in self.spins.items():
                if spin.value() != current[key].value or \
                        self.bases[key].currentText() != current[key].basis:
                    indicators.set_threshold(workspace, key, spin.value(),
                                             self.bases[key].currentText())
            return_id = self.view.returns.currentData()
            if return_id is not None:
                indicators.compute_and_store(workspace, return_id)
        except AppError as error:
            app_errors.show_app_error(self, error)
            return
        self.session.changed("indicator")
        self.accept()


class IndicatorsPage(QTabWidget):
    """Indicators from Annex A returns, and those entered by hand."""

    def __init__(self, session: Session, by_hand: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page_indicators")
        self.annex = AnnexIndicatorsView(session)
        self.addTab(self.annex, "From Annex A")
        self.addTab(by_hand, "Entered by hand")
        self.by_hand = by_hand

