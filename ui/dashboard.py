"""Readiness at a glance for the chosen visit, and the list of what is missing."""

from __future__ import annotations

import html

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from models.approvals import latest_sign_off, sign_off_line
from models.briefing import ReadinessChart, on_site_dates, readiness_chart
from models.readiness import VisitReadiness
from models.review import visit_reason

from .context import Session
from .delegates import chip_style
from .gap_model import GapListModel
from .keyboard import tab_leaves
from .palette import css_colour, muted_style, notice_style
from .privacy_ui import retention_notice
from .readiness_bars import ReadinessBars
from .refresh import RefreshWhenShown
from .tasks import run_in_background


class _Tile(QFrame):
    """A small box with a caption and a big value."""

    def __init__(self, caption: str) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("tile")
        layout = QVBoxLayout(self)
        title = QLabel(caption)
        title.setStyleSheet(muted_style())
        layout.addWidget(title)
        self.value = QLabel()
        self.value.setObjectName("tileValue")
        self.value.setTextFormat(Qt.TextFormat.RichText)
        self.value.setWordWrap(True)
        self.value.setAccessibleName(caption)
        layout.addWidget(self.value)
        self.extra = QWidget()
        self.extra_layout = QVBoxLayout(self.extra)
        self.extra_layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.extra)
        layout.addStretch()


class DashboardPage(RefreshWhenShown, QWidget):
    """Overall readiness, days to go, checklist, grades, overdue actions, chart and gaps.

    Readiness reads the whole visit, so it is worked out on the thread pool; the
    page says so meanwhile and fills in when the answer comes back.

    Signals:
        refreshed(): the page shows readiness as of the latest change.
    """

    refreshed = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("page_dashboard")
        self.readiness: VisitReadiness | None = None
        self._chart: ReadinessChart | None = None  # what the chart shows now
        layout = QVBoxLayout(self)
        self._token = 0
        top = QHBoxLayout()
        self.heading = QLabel()
        self.heading.setObjectName("dashboardHeading")
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        top.addWidget(self.heading, 1)
        self.busy = QLabel()
        self.busy.setObjectName("dashboardBusy")
        self.busy.setStyleSheet(muted_style())
        top.addWidget(self.busy)
        layout.addLayout(top)
        self.retention = QLabel()
        self.retention.setObjectName("retentionNotice")
        self.retention.setStyleSheet(notice_style("retentionNotice"))
        self.retention.hide()
        layout.addWidget(self.retention)

        tiles = QGridLayout()
        self.overall = _Tile("Overall readiness")
        self.overall_chip = QLabel()
        self.overall_chip.setObjectName("overallChip")
        self.overall.extra_layout.addWidget(self.overall_chip, 0, Qt.AlignmentFlag.AlignLeft)
        self.days = _Tile("Days to the visit")
        self.checklist = _Tile("Checklist")
        self.checklist_bar = QProgressBar()
        self.checklist_bar.setAccessibleName("Checklist progress")
        self.checklist.extra_layout.addWidget(self.checklist_bar)
        self.grades = _Tile("Case-sample grades (this visit)")
        self.actions = _Tile("Improvement-plan actions")
        for n, tile in enumerate((self.overall, self.days, self.checklist, self.grades,
                                  self.actions)):
            tiles.addWidget(tile, 0, n)
        layout.addLayout(tiles)

        body = QHBoxLayout()
        # Drawn with QPainter: matplotlib (and numpy with it) stays out of the open window,
        # loaded only by an export or the Indicators trend that needs it.
        self.chart_view = ReadinessBars()
        body.addWidget(self.chart_view, 3)
        right = QVBoxLayout()
        right.addWidget(QLabel("<b>What is missing</b> (double-click to open)"))
        self.gap_model = GapListModel()
        self.gaps = QTreeView()
        tab_leaves(self.gaps)
        self.gaps.setObjectName("gapList")
        self.gaps.setAccessibleName("What is missing")
        self.gaps.setModel(self.gap_model)
        self.gaps.setRootIsDecorated(False)
        # One line per gap (the full sentence is the tooltip): rows of one height let the
        # view lay out thousands of gaps without measuring each.
        self.gaps.setUniformRowHeights(True)
        self.gaps.setColumnWidth(0, 250)
        header = self.gaps.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        # A fixed width, not "resize to contents", which would read every row to measure it.
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(2, 80)
        self.gaps.activated.connect(self._on_gaps_activated)
        right.addWidget(self.gaps)
        body.addLayout(right, 4)
        layout.addLayout(body, 1)

        session.records_changed.connect(lambda _kind: self.refresh_soon())
        session.visit_changed.connect(lambda _visit: self.refresh_soon())
        self.refresh()

    def refresh(self) -> None:
        """Start working out readiness again; the answer arrives in :meth:`show_readiness`."""
        visit = self.session.visit()
        if visit is None:
            self.readiness = None
            self.heading.setText("<h2>No visit yet</h2><p>Add a visit on the Visits page.</p>")
            self._chart = None
            self.chart_view.set_chart(None)
            self.gap_model.set_gaps(())
            self.refreshed.emit()
            return
        self.busy.setText("Working out readiness\u2026")
        self._token = run_in_background(self.session.readiness_work(visit.id),
                                        self._on_readiness_report)

    def _on_readiness_report(self, token: int, what: str, payload: object) -> None:
        if token != self._token or what == "progress":
            return  # an older answer, overtaken by a newer edit
        if what == "failed":
            self.busy.clear()
            self.session.report(payload)
        elif what == "finished":
            assert isinstance(payload, VisitReadiness)
            self.show_readiness(payload)

    def show_readiness(self, r: VisitReadiness) -> None:
        """Draw readiness: tiles, chart and the list of what is missing."""
        self.readiness = r
        self.busy.clear()
        visit = r.visit
        focus = ", ".join(t.name for t in visit.themes) or "no focus themes yet"
        self.heading.setText(f"<h2>{visit.title} \u2014 readiness</h2>"
                             f"<p>On site {on_site_dates(visit)}. Focus: {focus}.<br>"
                             f"<b>Why:</b> {html.escape(visit_reason(r))} Each theme's reason "
                             "is on the Readiness review page.<br>"
                             f"{html.escape(sign_off_line(latest_sign_off(self.session.workspace, visit.id)))}"
                             "</p>")
        self.overall.value.setText(f"<span style='font-size:20pt'>{r.score:.0%}</span>")
        self.overall_chip.setText(r.rag.value)
        self.overall_chip.setStyleSheet(chip_style(r.rag.value))
        self.overall_chip.setToolTip(visit_reason(r))
        days = r.days_to_visit
        self.days.value.setText("<span style='font-size:20pt'>\u2014</span>" if days is None else
                                f"<span style='font-size:20pt'>{days}</span>"
                                + (" days to go" if days >= 0 else " days since"))
        self.checklist.value.setText(f"<span style='font-size:20pt'>{r.checklist_done}</span>"
                                     f" of {r.checklist_applicable} done")
        self.checklist_bar.setMaximum(max(r.checklist_applicable, 1))
        self.checklist_bar.setValue(r.checklist_done)
        audited = sum(r.grades.values())
        self.grades.value.setText(
            f"{audited} audited<br>" + "<br>".join(f"{count} \u00d7 {grade}"
                                                  for grade, count in r.grades.items()))
        overdue_colour = css_colour("error" if r.actions_overdue else "good")
        self.actions.value.setText(
            f"<span style='font-size:20pt; color:{overdue_colour}'>{r.actions_overdue}</span>"
            " overdue")
        chart = readiness_chart(r, list(r.focus))
        if chart != self._chart:  # most edits leave the scores as they were: no redraw
            self._chart = chart
            self.chart_view.set_chart(chart)
        self.gap_model.set_gaps(r.gaps)
        notice = retention_notice(self.session, self.session.today)
        self.retention.setText(notice)
        self.retention.setVisible(bool(notice))
        self.refreshed.emit()

    def _on_gaps_activated(self, index: QModelIndex) -> None:
        gap = self.gap_model.gap(index.row())
        self.session.open_record_requested.emit(gap.record_kind, gap.record_id)
