"""The readiness review page: what is missing, with owners and reasons, for the weekly meeting."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from models import history
from models.approvals import latest_sign_off, sign_off, sign_off_line
from models.errors import AppError
from models.review import Review, document_from_review, review_of_visit, visit_reason
from models.store import current_user

from . import export_files
from .context import Session
from .history_chart import HistoryChart
from .keyboard import tab_leaves
from .places import documents_folder
from .refresh import RefreshWhenShown
from .review_model import GROUPS, ReviewModel
from .tasks import run_in_background


def review_work(session: Session, visit_id: int) -> Callable[..., tuple[Review, list[Any]]]:
    """Work for the thread pool: the visit's review and its readiness per day (today's kept),
    through the worker's own connections."""
    workspace = session.workspace.another_connection()
    today = session.today

    def work(**_callbacks: Any) -> tuple[Review, list[Any]]:
        try:
            review = review_of_visit(workspace, visit_id, today)  # readiness by SQL
            history.remember(workspace, review.readiness)
            return review, history.days(workspace, visit_id, today)
        finally:
            workspace.close()

    return work


class ReviewPage(RefreshWhenShown, QWidget):
    """Gaps with owner, theme, due date and severity; each focus theme's RAG with its reason.

    Signals:
        refreshed(): the review on screen is up to date.
    """

    refreshed = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.review: Review | None = None
        self._token = 0
        self.setObjectName("page_review")
        layout = QVBoxLayout(self)
        self.heading = QLabel("<h2>Readiness review</h2>")
        self.heading.setObjectName("reviewHeading")
        layout.addWidget(self.heading)
        self.reasons = QLabel()
        self.reasons.setObjectName("reviewReasons")
        self.reasons.setWordWrap(True)
        self.reasons.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top = QHBoxLayout()
        top.addWidget(self.reasons, 3)
        self.history = HistoryChart()
        top.addWidget(self.history, 1)
        layout.addLayout(top)

        controls = QHBoxLayout()
        self.search = QLineEdit(placeholderText="Filter\u2026")
        self.search.setObjectName("reviewFilter")
        self.search.setToolTip("Type to show only the gaps whose words, owner or theme contain "
                               "what you type")
        self.search.setAccessibleName("Filter the review")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._apply_view)
        controls.addWidget(self.search, 2)
        controls.addWidget(QLabel("Group by"))
        self.group = QComboBox()
        self.group.setObjectName("reviewGroup")
        self.group.setToolTip("Group the gaps by owner (for chasing) or by theme (for the "
                              "meeting's agenda)")
        self.group.setAccessibleName("Group by")
        self.group.addItems(list(GROUPS))
        self.group.currentTextChanged.connect(self._apply_view)
        controls.addWidget(self.group)
        self.mine = QCheckBox("My items")
        self.mine.setObjectName("reviewMine")
        self.mine.setToolTip("Only what is owned by the name beside it")
        self.mine.toggled.connect(self._apply_view)
        controls.addWidget(self.mine)
        self.me = QLineEdit(QSettings().value("review/me", current_user(), str))
        self.me.setObjectName("reviewMe")
        self.me.setToolTip("Your name as owners are written on records, e.g. \u201cHead of "
                           "Front Door\u201d; \u201cMy items\u201d shows what it owns")
        self.me.setAccessibleName("My name, as owners are written")
        self.me.setMaximumWidth(180)
        self.me.editingFinished.connect(self._on_me_edited)
        controls.addWidget(self.me)
        self.sign_off_button = QPushButton("Sign off readiness\u2026")
        self.sign_off_button.setObjectName("signOffReadiness")
        self.sign_off_button.setToolTip("The director's sign-off of readiness for this visit: "
                                        "who, when and a comment, kept with today's figures")
        self.sign_off_button.clicked.connect(self._on_sign_off_clicked)
        controls.addWidget(self.sign_off_button)
        self.export_button = QPushButton("Export to Word\u2026")
        self.export_button.setObjectName("exportReview")
        self.export_button.setToolTip("Write the review as shown (grouping and filter) to a Word "
                                      "document for the weekly readiness meeting")
        self.export_button.clicked.connect(self._on_export_clicked)
        controls.addWidget(self.export_button)
        layout.addLayout(controls)

        self.model = ReviewModel()
        self.view = QTreeView()
        self.view.setObjectName("reviewList")
        self.view.setAccessibleName("What is missing")
        tab_leaves(self.view)
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        header = self.view.header()
        header.setStretchLastSection(False)
        for column, width in enumerate((90, 90, 140, 200, 520, 80)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.view.activated.connect(self._on_view_activated)
        layout.addWidget(self.view, 1)
        self.status = QLabel()
        self.status.setObjectName("reviewStatus")
        layout.addWidget(self.status)

        session.records_changed.connect(lambda _kind: self.refresh_soon())
        session.visit_changed.connect(lambda _visit: self.refresh_soon())
        self.refresh_soon()

    # -- reading ----------------------------------------------------------------------

    def refresh(self) -> None:
        visit = self.session.visit()
        if visit is None:
            self.review = None
            self.heading.setText("<h2>Readiness review</h2><p>Add a visit first.</p>")
            self.model.set_items(())
            self.refreshed.emit()
            return
        self.status.setText("Working out readiness\u2026")
        self._token = run_in_background(review_work(self.session, visit.id), self._on_report)

    def _on_report(self, token: int, what: str, payload: object) -> None:
        if token != self._token or what == "progress":
            return
        if what == "failed":
            self.status.clear()
            self.session.report(payload)
        elif what == "finished":
            assert isinstance(payload, tuple)
            review, days = payload
            self.history.set_days(days)
            self.show_review(review)

    def show_review(self, review: Review) -> None:
        self.review = review
        r = review.readiness
        days = "" if r.days_to_visit is None else f" \u2014 {r.days_to_visit} days to go"
        self.heading.setText(f"<h2>Readiness review: {r.visit.title}{days}</h2>"
                             f"<p>{html.escape(visit_reason(r))} "
                             f"{len(review.items)} things to do.</p>")
        self.reasons.setText("<br>".join(f"<b>{name}</b> \u2014 {reason}"
                                         for name, reason in review.theme_reasons)
                             + "<br><i>" + html.escape(sign_off_line(latest_sign_off(
                                 self.session.workspace, r.visit.id))) + "</i>")
        self.model.set_items(review.items)
        self._apply_view()
        self.refreshed.emit()

    def _apply_view(self, *_: object) -> None:
        owner = self.me.text().strip() if self.mine.isChecked() else None
        self.model.set_view(group_by=GROUPS[self.group.currentText()],
                            text=self.search.text(), owner=owner)
        self.view.expandAll()
        self.status.setText(f"{len(self.model.shown())} shown")

    def _on_me_edited(self) -> None:
        QSettings().setValue("review/me", self.me.text().strip())
        self._apply_view()

    def _on_view_activated(self, index: QModelIndex) -> None:
        item = self.model.item(index)
        if item is not None:
            self.session.open_record_requested.emit(item.record_kind, item.record_id)

    # -- sign-off -----------------------------------------------------------------------

    def ask_sign_off(self) -> tuple[str, str] | None:
        """Who signs off and their comment (a dialog; tests replace it)."""
        name, ok = QInputDialog.getText(self, "Sign off readiness", "Signed off by:",
                                        text=self.me.text())
        if not ok or not name.strip():
            return None
        comment, ok = QInputDialog.getMultiLineText(self, "Sign off readiness", "Comment:")
        return (name, comment) if ok else None

    def _on_sign_off_clicked(self) -> None:
        if self.review is None:
            return
        answer = self.ask_sign_off()
        if answer is None:
            return
        r = self.review.readiness
        sign_off(self.session.workspace, r.visit.id, answer[0], answer[1], r.score, r.rag.value)
        self.session.changed("visit")

    # -- export -------------------------------------------------------------------------

    def export_to(self, path: Path) -> Path | None:
        """Write the review as shown (filter, grouping, order) to a Word document."""
        if self.review is None:
            return None
        path = path.with_name(export_files.with_extension(path.name, ".docx"))
        marking = QSettings().value("export/marking", "OFFICIAL-SENSITIVE", str)
        grouping = self.group.currentText()
        document = document_from_review(
            self.review, self.model.groups(), authority=self.session.workspace.authority(),
            marking=marking,
            grouped_by="" if GROUPS[grouping] is None else grouping.lower(),
            sign_off=sign_off_line(latest_sign_off(self.session.workspace,
                                                   self.review.readiness.visit.id)))
        try:
            from exporters.review_word import write_readiness_review  # python-docx: on use

            return write_readiness_review(document, path)
        except AppError as error:
            self.session.report(error)
            return None

    def _on_export_clicked(self) -> None:
        if self.review is None:
            return
        suggested = documents_folder() / (
            f"readiness-review-{self.review.readiness.visit.title}".replace(" ", "-").lower()
            + ".docx")
        name, _ = QFileDialog.getSaveFileName(self, "Export the readiness review",
                                              str(suggested), "Word documents (*.docx)",
                                              options=QFileDialog.Option.DontConfirmOverwrite)
        if not name:
            return
        path = Path(name)
        path = path.with_name(export_files.with_extension(path.name, ".docx"))
        if not export_files.confirm_overwrite(self, [path]):
            return
        written = self.export_to(path)
        if written is not None:
            export_files.after_export(self, [("Readiness review", written)])
