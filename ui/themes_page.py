"""Each theme in one place: owner, self-evaluation, key messages, RAG override and its records."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from models import entities as e
from models.errors import AppError, ValidationError
from models.readiness import VisitReadiness
from models.records import KINDS

from . import commands
from .context import Session
from .editor import open_editor
from .forms import RecordForm
from .list_page import RecordListPage
from .palette import text_colour
from .tasks import run_in_background

THEME_FORM_FIELDS = ["name", "owner", "what_we_know", "how_we_know", "what_we_are_doing",
                     "key_messages", "rag_override", "rag_override_reason"]


class ThemesPage(QWidget):
    """A list of themes beside the chosen theme's form and its related records.

    Signals:
        readiness_shown(): the chosen theme's readiness line is up to date.
    """

    readiness_shown = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("page_theme")
        self.kind = KINDS["theme"]
        layout = QHBoxLayout(self)
        splitter = QSplitter()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(QLabel("<h2>Themes</h2>"))
        self.list = QListWidget()
        self.list.setObjectName("themeList")
        self.list.setAccessibleName("Themes")
        self.list.currentItemChanged.connect(self._on_list_current_item_changed)
        left_layout.addWidget(self.list)
        buttons = QHBoxLayout()
        add = QPushButton("Add theme\u2026")
        add.setObjectName("addTheme")
        add.setToolTip("Add a focus area of your own, with its code and judgement "
                       "(Ctrl+Shift+N)")
        add.clicked.connect(self._on_add_clicked)
        self.retire = QPushButton("Retire")
        self.retire.setObjectName("retireTheme")
        self.retire.setToolTip("Stop offering the chosen theme for new records; it stays on "
                               "old ones and can be brought back")
        self.retire.clicked.connect(self._on_retire_clicked)
        buttons.addWidget(add)
        buttons.addWidget(self.retire)
        left_layout.addLayout(buttons)
        splitter.addWidget(left)

        self.detail = QWidget()
        self.detail_layout = QVBoxLayout(self.detail)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.detail)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([330, 900])
        layout.addWidget(splitter)
        self.form: RecordForm | None = None
        self.theme: e.Theme | None = None
        self.tabs = QTabWidget()
        self._token = 0
        self._saving = False
        session.records_changed.connect(self._on_session_records_changed)
        session.visit_changed.connect(lambda _v: self.reload_list())
        self.reload_list()

    def reload_list(self, select_id: int | None = None) -> None:
        current = select_id or (self.theme.id if self.theme else None)
        self.list.blockSignals(True)
        self.list.clear()
        visit = self.session.visit()
        focus = {t.id for t in visit.themes} if visit else set()
        if current is None and visit is not None and visit.themes:
            current = visit.themes[0].id
        for theme in self.session.workspace.themes(include_retired=True):
            label = ("\u2605 " if theme.id in focus else "   ") + theme.name
            label += "  (retired)" if theme.retired else ""
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, theme.id)
            if theme.retired:
                item.setForeground(text_colour("muted"))
            self.list.addItem(item)
            if theme.id == current:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        else:
            self._show(self.list.currentItem())

    def _on_list_current_item_changed(self, item: QListWidgetItem | None, _previous: object) -> None:
        self.save()  # the theme being left keeps what was typed into it
        self._show(item)

    def _show(self, item: QListWidgetItem | None) -> None:
        while self.detail_layout.count():
            child = self.detail_layout.takeAt(0)
            if child.widget():
                child.widget().deleteLater()
        if item is None:
            return
        self.theme = self.session.workspace.get(e.Theme, item.data(Qt.ItemDataRole.UserRole))
        theme = self.theme
        self.retire.setText("Bring back" if theme.retired else "Retire")
        self.detail_layout.addWidget(QLabel(
            f"<h2>{theme.name} <small>({theme.code})</small></h2>"
            f"<p>{theme.judgement}<br><i>Typical indicators:</i> {theme.typical_indicators}</p>"))
        self.readiness_label = QLabel()
        self.readiness_label.setObjectName("themeReadiness")
        self.readiness_label.setWordWrap(True)
        self.detail_layout.addWidget(self.readiness_label)
        self._ask_readiness()
        self.form = RecordForm(self.session.workspace, self.kind, theme, fields=THEME_FORM_FIELDS)
        self.form.form.setRowWrapPolicy(self.form.form.RowWrapPolicy.WrapAllRows)
        # No Save button to forget: each field saves when the user leaves it.
        for name, widget in self.form.widgets.items():
            widget.setProperty("themeField", name)
            widget.installEventFilter(self)
        self.detail_layout.addWidget(self.form)
        saved_note = QLabel("<i>Every field is saved when you leave it; Ctrl+Z undoes.</i>")
        saved_note.setObjectName("themeSavedNote")
        self.detail_layout.addWidget(saved_note)
        self.tabs = tabs = QTabWidget()
        tabs.setObjectName("themeRecords")
        for kind_name, title in (("evidence", "Evidence"), ("case_sample", "Case samples"),
                                 ("finding", "Findings"), ("action", "Actions"),
                                 ("indicator", "Indicators")):
            page = RecordListPage(self.session, KINDS[kind_name], fixed_theme_id=theme.id,
                                  compact=True)
            page.setProperty("tabTitle", title)
            tabs.addTab(page, title)
        self._update_tab_titles()
        tabs.setMinimumHeight(340)
        self.detail_layout.addWidget(tabs)

    def _ask_readiness(self) -> None:
        """Work out the theme's readiness in the background; the label fills in after."""
        if not self.session.visit_id:
            self.readiness_label.clear()
            return
        self.readiness_label.setText("Working out readiness\u2026")
        self._token = run_in_background(self.session.readiness_work(self.session.visit_id),
                                        self._on_readiness_report)

    def _on_readiness_report(self, token: int, what: str, payload: object) -> None:
        if token != self._token or what == "progress" or self.theme is None:
            return
        if what == "failed":
            self.session.report(payload)
        elif what == "finished":
            assert isinstance(payload, VisitReadiness)
            self.readiness_label.setText(self._readiness_text(payload, self.theme))
            self.readiness_shown.emit()

    @staticmethod
    def _readiness_text(readiness: VisitReadiness, theme: e.Theme) -> str:
        found = next((t for t in readiness.themes if t.theme.id == theme.id), None)
        if found is None:
            return ""
        focus = "a focus theme" if found.in_focus else "not in the focus"
        text = (f"<b>Readiness for {readiness.visit.title}</b> ({focus}): "
                f"<b>{found.rag.value}</b> {found.score:.0%}"
                + (" \u2014 set by hand" if found.overridden else "")
                + f". {found.approved_evidence} approved evidence, "
                  f"{found.case_samples_audited} audited case samples, "
                  f"{found.actions_overdue} overdue actions.")
        if found.reasons:
            text += " Holding it back: " + "; ".join(found.reasons) + "."
        return text

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A field the user leaves is saved at once, as its own undo step."""
        if event.type() == QEvent.Type.FocusOut:
            name = watched.property("themeField")
            if name:
                self.save([name])
        return super().eventFilter(watched, event)

    def hideEvent(self, event: QHideEvent) -> None:
        """Changing page or closing the window keeps what was typed."""
        self.save()
        super().hideEvent(event)

    def save(self, names: list[str] | None = None) -> None:
        """Save the fields that differ from the stored theme, one undo step per field.

        A field whose value the store would refuse stays on screen with its message and
        is not saved; the others are.
        """
        if self.form is None or self.theme is None:
            return
        pending = list(names or self.form.widgets)
        while pending:
            refused: list[str] = []
            for name in pending:
                try:
                    changes = self.form.changes_to(name)
                    if changes:
                        self._saving = True
                        try:
                            self.theme = commands.edit(self.session, self.kind, self.theme,
                                                       changes)
                        finally:
                            self._saving = False
                        self.form.record = self.theme
                except ValidationError:
                    # Said under the form as the user types; no dialog while moving on
                    # (picking an override and then going to type its reason).
                    refused.append(name)
                except AppError as error:
                    self.session.report(error)
                    return
            # A field refused only because of another (an override and its reason) goes
            # through once the other is saved.
            if len(refused) == len(pending) or names is not None:
                break
            pending = refused

    def add_theme(self) -> None:
        """Add a theme (the page's Add button, and Ctrl+Shift+N)."""
        self._on_add_clicked()

    def _on_add_clicked(self) -> None:
        saved = open_editor(self.session, self.kind,
                            defaults={"judgement": "The experiences and progress of children who "
                                                   "need help and protection"}, parent=self)
        if saved is not None:
            self.reload_list(saved.id)

    def _on_retire_clicked(self) -> None:
        if self.theme is None:
            return
        try:
            self.theme = commands.edit(self.session, self.kind, self.theme,
                                       {"retired": not self.theme.retired})
        except AppError as error:
            self.session.report(error)

    def _relabel(self, theme: e.Theme | None) -> None:
        """The list's line for a theme whose name may just have changed."""
        if theme is None:
            return
        for n in range(self.list.count()):
            item = self.list.item(n)
            if item.data(Qt.ItemDataRole.UserRole) == theme.id:
                star = "\u2605 " if item.text().startswith("\u2605") else "   "
                item.setText(star + theme.name + ("  (retired)" if theme.retired else ""))

    def _update_tab_titles(self) -> None:
        """Each tab says how many of its records the theme has."""
        for n in range(self.tabs.count()):
            page = self.tabs.widget(n)
            if isinstance(page, RecordListPage):
                self.tabs.setTabText(n, f"{page.property('tabTitle')} ({page.model.total})")

    def _on_session_records_changed(self, kind_name: str) -> None:
        if kind_name == "theme" and self._saving:
            # Saved from the form on screen: keep the form (and the cursor) where they are.
            self._relabel(self.theme)
            return
        if kind_name in ("theme", "visit"):
            self.reload_list()
            return
        if self.theme is not None:
            # After the tabs' own lists have re-read their rows.
            QTimer.singleShot(0, self._update_tab_titles)
            if self.isVisible():
                self._ask_readiness()
