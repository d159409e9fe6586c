"""Draw a case sample for the chosen visit from an Annex A return; see the balance; draw more."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from importers.annex_a import child_key
from importers.annex_a_cells import read_id
from importers.annex_a_spec import LIST_NAMES
from models import annex, sampling
from models import entities as e
from models import vocabulary as v
from models.errors import AppError, ValidationError
from models.sampling import BalanceRow, DrawParameters, DrawSummary
from models.store import Workspace

from . import app_errors
from .context import Session
from .plain_table import PlainTableModel, plain_view
from .tasks import Task

#: Lists that suit each focus theme (the frame's default for a visit on those themes).
LISTS_OF_THEME = {"FD": (3,), "AS": (4, 5), "CP": (6, 7), "EFH": (8,), "MIS": (8,), "DC": (6,),
                  "EH": (2,), "CIC": (8,), "CL": (9,), "PLO": (7,)}


class SamplingDialog(QDialog):
    """The draw: frame, strata, size, exclusions, forced inclusions and seed; then the result."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("samplingDialog")
        self.setWindowTitle("Draw a case sample")
        self.resize(1180, 720)
        self.draw: DrawSummary | None = None
        self.task: Task | None = None
        visit = session.visit()
        layout = QHBoxLayout(self)
        splitter = QSplitter()
        layout.addWidget(splitter)

        form_widget = QWidget()
        outer = QVBoxLayout(form_widget)
        form = QFormLayout()
        outer.addLayout(form)
        outer.addStretch()
        self.visit_label = QLabel(visit.title if visit else "No visit chosen")
        form.addRow("Visit:", self.visit_label)
        self.returns = QComboBox()
        self.returns.setObjectName("drawReturn")
        self.returns.setAccessibleName("Annex A return")
        for r in reversed(annex.returns(session.workspace)):
            self.returns.addItem(r.label, r.id)
        form.addRow("Return:", self.returns)
        focus = {t.code for t in visit.themes} if visit else set()
        wanted = {n for code in focus for n in LISTS_OF_THEME.get(code, ())} or {8, 9}
        lists_box = QWidget()
        grid = QGridLayout(lists_box)
        grid.setContentsMargins(0, 0, 0, 0)
        self.lists: dict[int, QCheckBox] = {}
        for n in range(1, 11):
            box = QCheckBox(f"{n} {LIST_NAMES[n]}")
            box.setChecked(n in wanted)
            box.setAccessibleName(f"List {n} in the frame")
            grid.addWidget(box, (n - 1) // 2, (n - 1) % 2)
            self.lists[n] = box
        form.addRow("Frame:", lists_box)
        self.open_only = QCheckBox("Open cases only (in care, on a plan, open CIN)")
        self.open_only.setChecked(True)
        form.addRow("", self.open_only)
        bands_box = QWidget()
        bands_grid = QGridLayout(bands_box)
        bands_grid.setContentsMargins(0, 0, 0, 0)
        self.age_bands: dict[str, QCheckBox] = {}
        for n, band in enumerate(v.values(v.AgeBand)):
            box = QCheckBox(band)
            box.setAccessibleName(f"Only age band {band}")
            bands_grid.addWidget(box, n // 4, n % 4)
            self.age_bands[band] = box
        form.addRow("Only ages (none ticked: all):", bands_box)
        strata_box = QWidget()
        strata_grid = QGridLayout(strata_box)
        strata_grid.setContentsMargins(0, 0, 0, 0)
        self.strata: dict[str, QCheckBox] = {}
        for n, (key, label) in enumerate(sampling.STRATUM_VARIABLES.items()):
            box = QCheckBox(label)
            box.setChecked(key in ("list", "age_band"))
            box.setAccessibleName(f"Stratify by {label.lower()}")
            strata_grid.addWidget(box, n // 3, n % 3)
            self.strata[key] = box
        form.addRow("Strata:", strata_box)
        size_row = QHBoxLayout()
        self.size_mode = QComboBox()
        self.size_mode.setAccessibleName("Size mode")
        self.size_mode.addItem("in all, shared proportionally (at least 1 per stratum)",
                               sampling.PROPORTIONAL)
        self.size_mode.addItem("per stratum", sampling.FIXED)
        self.size = QSpinBox(minimum=1, maximum=500, value=12)
        self.size.setAccessibleName("Sample size")
        size_row.addWidget(self.size)
        size_row.addWidget(self.size_mode, 1)
        form.addRow("Size:", size_row)
        self.exclude_months = QSpinBox(minimum=0, maximum=60, value=12, suffix=" months")
        self.exclude_months.setAccessibleName("Leave out cases audited in the last")
        form.addRow("Leave out cases audited in the last:", self.exclude_months)
        self.forced = QPlainTextEdit()
        self.forced.setObjectName("forcedIds")
        self.forced.setAccessibleName("Cases to include")
        self.forced.setPlaceholderText("Child IDs to include on purpose, one a line (they are "
                                       "matched by keyed hash and never stored)")
        self.forced.setMaximumHeight(70)
        form.addRow("Include:", self.forced)
        number = visit.number if visit else 0
        self.seed = QLineEdit(f"MV{number} sample {session.today:%Y-%m-%d}")
        self.seed.setObjectName("seed")
        self.seed.setAccessibleName("Seed")
        form.addRow("Seed:", self.seed)
        self.draw_button = QPushButton("Draw")
        self.draw_button.setObjectName("drawSample")
        self.draw_button.clicked.connect(self.make_draw)
        self.draw_button.setEnabled(visit is not None and self.returns.count() > 0)
        form.addRow("", self.draw_button)
        splitter.addWidget(form_widget)

        result = QWidget()
        right = QVBoxLayout(result)
        self.sentence = QLabel("Choose the frame and press Draw.")
        self.sentence.setObjectName("drawSentence")
        self.sentence.setWordWrap(True)
        right.addWidget(self.sentence)
        tabs = QTabWidget()
        self.cases = PlainTableModel(["Sample", "Child", "Stratum", "Rank", "How chosen"], [], self)
        self.balance = PlainTableModel(["Stratum variable", "Value", "Frame", "Frame %",
                                        "Council", "Council %", "Inspectors", "Inspectors %"],
                                       [], self)
        self.views = [plain_view(self.cases, "Cases drawn", stretch=2),
                      plain_view(self.balance, "Balance", stretch=1)]
        tabs.addTab(self.views[0], "Cases")
        tabs.addTab(self.views[1], "Balance by stratum")
        self.tabs = tabs
        right.addWidget(tabs, 1)
        more = QHBoxLayout()
        self.more_button = QPushButton("Draw more (one per stratum)")
        self.more_button.setObjectName("drawMore")
        self.more_button.clicked.connect(self.draw_more)
        self.inspector_button = QPushButton("Add inspectors' choice\u2026")
        self.inspector_button.setObjectName("addInspectorChoice")
        self.inspector_button.clicked.connect(self.ask_inspector_choice)
        for button in (self.more_button, self.inspector_button):
            button.setEnabled(False)
            more.addWidget(button)
        more.addStretch()
        right.addLayout(more)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        right.addWidget(buttons)
        splitter.addWidget(result)
        splitter.setSizes([430, 750])

        earlier = sampling.draws_for_visit(session.workspace, visit.id) if visit else []
        if earlier:
            self.show_draw(earlier[-1])

    def parameters(self) -> DrawParameters:
        """The draw the form describes (IDs to include are turned into keys here)."""
        secret = annex.child_key_secret(self.session.workspace)
        forced = []
        for line in self.forced.toPlainText().splitlines():
            raw = read_id(line)
            if raw:
                forced.append((child_key(secret, raw), v.HowChosen.LA_PURPOSIVE.value))
        return DrawParameters(
            lists=tuple(n for n, box in self.lists.items() if box.isChecked()),
            strata=tuple(k for k, box in self.strata.items() if box.isChecked()),
            size_mode=self.size_mode.currentData(), size=self.size.value(),
            open_only=self.open_only.isChecked(),
            age_bands=tuple(b for b, box in self.age_bands.items() if box.isChecked()),
            exclude_audited_months=self.exclude_months.value(), forced=tuple(forced),
            seed=self.seed.text().strip())

    def make_draw(self) -> None:
        """Draw on the thread pool (it reads the whole return); the result fills in when done."""
        visit = self.session.visit()
        if visit is None or self.returns.currentData() is None:
            return
        try:
            params = self.parameters()
        except AppError as error:
            app_errors.show_app_error(self, error)
            return
        visit_id, return_id, today = visit.id, self.returns.currentData(), self.session.today
        self._run("Drawing the case sample", lambda ws: sampling.make_draw(
            ws, visit_id, return_id, params, today))

    def draw_more(self) -> None:
        if self.draw is None:
            return
        draw_id, today = self.draw.id, self.session.today
        self._run("Drawing more cases", lambda ws: sampling.draw_more(ws, draw_id, today))

    def _run(self, title: str, step: Callable[[Workspace], DrawSummary]) -> None:
        workspace = self.session.workspace.another_connection()

        def work(**_callbacks: Any) -> DrawSummary:
            try:
                return step(workspace)
            finally:
                workspace.close()

        self.draw_button.setEnabled(False)
        self.more_button.setEnabled(False)
        self.task = Task(title, work, self)
        self.task.finished.connect(self._on_task_finished)
        self.task.failed.connect(self._on_task_failed)
        self.task.start()

    def _on_task_finished(self, summary: DrawSummary) -> None:
        self.draw_button.setEnabled(True)
        self.session.changed("case_sample")
        self.show_draw(summary)

    def _on_task_failed(self, error: Any) -> None:
        self.draw_button.setEnabled(True)
        self.more_button.setEnabled(self.draw is not None and self.draw.return_id is not None)
        app_errors.show_app_error(self, error)

    def ask_inspector_choice(self) -> None:
        text, ok = QInputDialog.getText(self, "Inspectors' choice",
                                        "The child's ID in the case system (it is matched by "
                                        "keyed hash and not stored):")
        if ok and text.strip():
            self.add_inspector_choice(text)

    def add_inspector_choice(self, raw: str) -> None:
        if self.draw is None:
            return
        try:
            raw_id = read_id(raw)
            if not raw_id:
                raise ValidationError("Give the child's ID.")
            key = child_key(annex.child_key_secret(self.session.workspace), raw_id)
            summary = sampling.add_chosen(self.session.workspace, self.draw.id, key,
                                          v.HowChosen.INSPECTOR_SELECTED.value, self.session.today)
        except AppError as error:
            app_errors.show_app_error(self, error)
            return
        self.session.changed("case_sample")
        self.show_draw(summary)

    def show_draw(self, summary: DrawSummary) -> None:
        self.draw = summary
        self.sentence.setText(summary.sentence)
        refs = {}
        for case in summary.cases:
            if case[4] is not None:
                try:
                    refs[case[4]] = self.session.workspace.get(e.CaseSample, case[4]).sample_ref
                except AppError:
                    refs[case[4]] = "(deleted)"
        self.cases.set_rows([(refs.get(c[4], ""), annex.pseudonym(c[0]), c[1],
                              c[3] if c[3] is not None else "", c[2]) for c in summary.cases])
        self.balance.set_rows(balance_rows(sampling.draw_balance(self.session.workspace, summary,
                                                                 self.session.today)))
        for view in self.views:
            view.resizeColumnsToContents()
        self.more_button.setEnabled(summary.return_id is not None)
        self.inspector_button.setEnabled(summary.return_id is not None)


def balance_rows(rows: list[BalanceRow]) -> list[tuple[Any, ...]]:
    share = BalanceRow.share
    return [(r.variable, r.value, r.frame, share(r.frame, r.frame_total), r.council,
             share(r.council, r.council_total), r.inspectors,
             share(r.inspectors, r.inspectors_total)) for r in rows]
