"""The main window: navigation, the visit selector, menus, status bar and the pages."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt, QThreadPool
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from models.errors import AppError
from models.records import KINDS
from models.store import Workspace

from . import replan_notice
from .app_errors import show_app_error
from .context import Session
from .dashboard import DashboardPage
from .editor import open_editor
from .export_dialog import ExportDialog, ExportsPage
from .first_run_ui import DemoBanner, update_workspace_actions
from .help_menu import add_help_actions
from .history_page import HistoryPage
from .keyboard import add_page_actions
from .list_page import RecordListPage
from .new_workspace_dialog import NewWorkspaceDialog
from .places import documents_folder
from .review_page import ReviewPage
from .shared_workspace_dialog import SharedWorkspaceDialog
from .themes_page import ThemesPage

MAX_RECENT = 8
PAGES = ("Dashboard", "Readiness review", "Visits", "Themes", "Evidence", "Case samples", "Findings and actions",
         "Checklist", "Indicators", "Change history", "Exports")
#: Which page shows each record kind (for "open the record this gap points at").
PAGE_OF_KIND = {"visit": "Visits", "theme": "Themes", "evidence": "Evidence",
                "case_sample": "Case samples", "finding": "Findings and actions",
                "action": "Findings and actions", "checklist_item": "Checklist",
                "indicator": "Indicators"}


class MainWindow(QMainWindow):
    """The VisitReady window over one open workspace."""

    def __init__(self, *, data_dir: Path, log_path: Path, version: str,
                 today: date | None = None) -> None:
        super().__init__()
        self.today = today
        self.data_dir = data_dir
        self.log_path = log_path
        self.version = version
        self.workspace: Workspace | None = None
        self.session: Session | None = None
        self.pages: dict[str, QWidget] = {}
        self.list_pages: dict[str, RecordListPage] = {}
        self.setObjectName("mainWindow")
        self.setMinimumSize(900, 600)

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setAccessibleName("Pages")
        self.nav.addItems(list(PAGES))
        self.nav.setMaximumWidth(240)
        self.nav.setStyleSheet("QListWidget#navigation::item { padding: 5px 8px; }")
        self.nav.currentRowChanged.connect(self._on_nav_current_row_changed)
        self.stack = QStackedWidget()
        self.demo_banner = DemoBanner()
        splitter = QSplitter()
        splitter.addWidget(self.nav)
        splitter.addWidget(self.demo_banner.wrap(self.stack))
        splitter.setStretchFactor(1, 1)
        splitter.setCollapsible(0, False)
        splitter.setSizes([200, 1200])
        self.setCentralWidget(splitter)

        toolbar = QToolBar("Visit")
        toolbar.setObjectName("visitToolbar")
        toolbar.setMovable(False)
        toolbar.addWidget(QLabel(" Visit: "))
        self.visit_selector = QComboBox()
        self.visit_selector.setObjectName("visitSelector")
        self.visit_selector.setAccessibleName("Visit")
        self.visit_selector.setMinimumContentsLength(22)
        self.visit_selector.currentIndexChanged.connect(self._on_visit_selector_changed)
        toolbar.addWidget(self.visit_selector)
        self.addToolBar(toolbar)

        self.path_label = QLabel()
        self.path_label.setObjectName("workspacePath")
        self.saved_label = QLabel()
        self.saved_label.setObjectName("savedState")
        self.statusBar().addWidget(self.path_label, 1)
        self.statusBar().addPermanentWidget(self.saved_label)
        self._build_menus()
        geometry = QSettings().value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1360, 860)

    # -- menus --------------------------------------------------------------------------

    def _action(self, menu: Any, text: str, slot: Any, shortcut: Any = None,
                name: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            if isinstance(shortcut, list):
                action.setShortcuts(shortcut)
            else:
                action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        if name:
            action.setObjectName(name)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self._action(file_menu, "&New workspace\u2026", self.new_workspace,
                     QKeySequence.StandardKey.New, "newWorkspace")
        self._action(file_menu, "&Open\u2026", self.open_workspace_dialog,
                     QKeySequence.StandardKey.Open, "openWorkspace")
        self._action(file_menu, "Open &shared workspace\u2026", self.open_shared,
                     name="openShared")
        self.recent_menu = file_menu.addMenu("Open &recent")
        self._action(file_menu, "Save a &copy as\u2026", self.save_copy, "Ctrl+Shift+S",
                     "saveCopy")
        self._action(file_menu, "&Close", self.close_workspace, "Ctrl+W",
                     "closeWorkspace")
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", self.close, "Ctrl+Q", "quit")

        self.edit_menu = bar.addMenu("&Edit")
        self.undo_action = self._action(self.edit_menu, "&Undo", lambda: None,
                                        QKeySequence.StandardKey.Undo, "undo")
        self.redo_action = self._action(self.edit_menu, "&Redo", lambda: None,
                                        [QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")],
                                        "redo")
        self.undo_action.setEnabled(False)
        self.redo_action.setEnabled(False)
        self.edit_menu.addSeparator()
        self._action(self.edit_menu, "&Find", self.focus_search, QKeySequence.StandardKey.Find,
                     "find")
        self._action(self.edit_menu, "&New record", self.add_on_current_page, "Ctrl+Shift+N",
                     "newRecord")
        self.edit_menu.addSeparator()
        self._action(self.edit_menu, "&Authority profile\u2026", self.edit_authority,
                     name="authorityProfile")

        export_menu = bar.addMenu("E&xport")
        self._action(export_menu, "&Briefing pack and evidence log\u2026", self.export,
                     "Ctrl+E", "exportBoth")
        self._action(export_menu, "Export &history", lambda: self.show_page("Exports"))

        self.go_menu = bar.addMenu("&Go")
        add_page_actions(self, self.go_menu, PAGES, self._show_page_if_open)

        help_menu = bar.addMenu("&Help")
        self._action(help_menu, "&About VisitReady", self.about, name="about")
        add_help_actions(self, help_menu)
        self._refresh_recent()

    def _refresh_recent(self) -> None:
        self.recent_menu.clear()
        recent = [p for p in QSettings().value("workspace/recent", [], list) if p]
        for path in recent:
            self.recent_menu.addAction(path, lambda p=path: self.open_path(Path(p)))
        self.recent_menu.setEnabled(bool(recent))

    def _remember(self, workspace: Workspace) -> None:
        if not workspace.is_file:
            return
        settings = QSettings()
        recent = [p for p in settings.value("workspace/recent", [], list) if p != workspace.location]
        settings.setValue("workspace/recent", [workspace.location, *recent][:MAX_RECENT])
        settings.setValue("workspace/last", workspace.location)
        self._refresh_recent()

    # -- the workspace ------------------------------------------------------------------

    def set_workspace(self, workspace: Workspace | None) -> None:
        """Show a workspace (or none), rebuilding every page over it."""
        if self.workspace is not None and self.workspace is not workspace:
            self.workspace.close()
        for page in self.pages.values():
            self.stack.removeWidget(page)
            page.deleteLater()
        self.pages.clear()
        self.list_pages.clear()
        self.workspace = workspace
        if workspace is None:
            self.session = None
            self.setWindowTitle("VisitReady")
            empty = QLabel("<h2>No workspace open</h2><p>Use File \u2192 New workspace or "
                           "File \u2192 Open.</p>")
            empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.pages["empty"] = empty
            self.stack.addWidget(empty)
            self.path_label.clear()
            self.saved_label.clear()
            self.visit_selector.clear()
            update_workspace_actions(self, None)
            return
        self.session = session = Session(workspace, self, today=self.today)
        session.error_raised.connect(lambda error: show_app_error(self, error))
        session.open_record_requested.connect(self.open_record)
        session.visit_replanned.connect(
            lambda title, lines: replan_notice.tell_what_moved(self, title, lines))
        session.records_changed.connect(self._on_session_records_changed)
        self._wire_undo(session)
        self._fill_visits()
        self.pages["Dashboard"] = DashboardPage(session)
        self.pages["Readiness review"] = ReviewPage(session)
        for name, kind in (("Visits", "visit"), ("Evidence", "evidence"),
                           ("Case samples", "case_sample"), ("Checklist", "checklist_item"),
                           ("Indicators", "indicator")):
            page = RecordListPage(session, KINDS[kind], title=name)
            self.pages[name] = page
            self.list_pages[kind] = page
        self.pages["Themes"] = ThemesPage(session)
        findings = RecordListPage(session, KINDS["finding"], title="Findings")
        actions = RecordListPage(session, KINDS["action"], title="Actions")
        self.list_pages["finding"] = findings
        self.list_pages["action"] = actions
        both = QSplitter(Qt.Orientation.Vertical)
        both.setObjectName("page_findings_actions")
        both.addWidget(findings)
        both.addWidget(actions)
        self.pages["Findings and actions"] = both
        self.pages["Change history"] = HistoryPage(session)
        self.pages["Exports"] = ExportsPage(session)
        for name in PAGES:
            self.stack.addWidget(self.pages[name])
        self.setWindowTitle(f"{workspace.name} \u2014 VisitReady")
        self.path_label.setText(workspace.location)
        self.saved_label.setText("All changes saved")
        self._remember(workspace)
        self.nav.setCurrentRow(0)
        self._on_nav_current_row_changed(0)
        update_workspace_actions(self, workspace)

    def _wire_undo(self, session: Session) -> None:
        """Replace Edit's undo and redo with the new session's stack's own actions."""
        undo = session.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        undo.setObjectName("undo")
        redo = session.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        redo.setObjectName("redo")
        self.edit_menu.insertAction(self.undo_action, undo)
        self.edit_menu.insertAction(self.undo_action, redo)
        for old in (self.undo_action, self.redo_action):
            self.edit_menu.removeAction(old)
            old.setObjectName("")
            old.deleteLater()
        self.undo_action, self.redo_action = undo, redo

    def _fill_visits(self) -> None:
        assert self.session is not None
        self.visit_selector.blockSignals(True)
        self.visit_selector.clear()
        for visit in self.session.workspace.visits():
            if visit.visit_type != "ILACS inspection":
                self.visit_selector.addItem(visit.title, visit.id)
        self.visit_selector.setCurrentIndex(max(0, self.visit_selector.findData(
            self.session.visit_id)))
        self.visit_selector.blockSignals(False)
        # The chosen visit may have been deleted: follow what the selector now shows.
        self.session.set_visit(self.visit_selector.currentData() or 0)

    def _on_visit_selector_changed(self, _index: int) -> None:
        if self.session is not None and self.visit_selector.currentData() is not None:
            self.session.set_visit(self.visit_selector.currentData())

    def _on_session_records_changed(self, kind_name: str) -> None:
        self.saved_label.setText(f"All changes saved ({datetime.now():%H:%M})")
        if kind_name == "visit":
            self._fill_visits()

    def _on_nav_current_row_changed(self, row: int) -> None:
        if 0 <= row < len(PAGES) and PAGES[row] in self.pages:
            self.stack.setCurrentWidget(self.pages[PAGES[row]])

    def _show_page_if_open(self, name: str) -> None:
        if name in self.pages:
            self.show_page(name)

    def show_page(self, name: str) -> QWidget:
        self.nav.setCurrentRow(PAGES.index(name))
        return self.pages[name]

    def current_list_page(self) -> RecordListPage | None:
        page = self.stack.currentWidget()
        if isinstance(page, RecordListPage):
            return page
        if isinstance(page, QSplitter):
            for child in (page.widget(0), page.widget(1)):
                if isinstance(child, RecordListPage) and child.table.hasFocus():
                    return child
            first = page.widget(0)
            return first if isinstance(first, RecordListPage) else None
        return None

    def open_record(self, kind_name: str, record_id: int) -> None:
        """Go to the page of a record and open it (from the list of what is missing)."""
        if self.session is None:
            return
        page = self.show_page(PAGE_OF_KIND[kind_name])
        if kind_name == "theme" and isinstance(page, ThemesPage):
            page.reload_list(record_id)
            return
        try:
            record = self.session.workspace.get(KINDS[kind_name].entity, record_id)
        except AppError as error:
            show_app_error(self, error)
            return
        open_editor(self.session, KINDS[kind_name], record, parent=self)

    # -- file actions -----------------------------------------------------------------------

    def open_path(self, path: Path) -> bool:
        try:
            workspace = Workspace.open(path)
        except AppError as error:
            show_app_error(self, error)
            return False
        self.set_workspace(workspace)
        return True

    def open_shared(self) -> None:
        """Open a workspace kept on a PostgreSQL server, shared by several leaders."""
        dialog = SharedWorkspaceDialog(self)
        if dialog.exec() == SharedWorkspaceDialog.DialogCode.Accepted and dialog.workspace:
            self.set_workspace(dialog.workspace)

    def open_workspace_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Open workspace", str(documents_folder()),
                                              "VisitReady workspaces (*.visitready);;All files (*)")
        if name:
            self.open_path(Path(name))

    def new_workspace(self) -> None:
        """Ask for the authority, marking and first visit, then open the new workspace."""
        dialog = NewWorkspaceDialog(self)
        if dialog.exec() == NewWorkspaceDialog.DialogCode.Accepted and dialog.workspace:
            self.set_workspace(dialog.workspace)

    def save_copy(self) -> None:
        if self.workspace is None:
            return
        name, _ = QFileDialog.getSaveFileName(self, "Save a copy as", str(documents_folder()),
                                              "VisitReady workspaces (*.visitready)")
        if name:
            try:
                self.workspace.save_copy(Path(name))
            except AppError as error:
                show_app_error(self, error)
            else:
                self.statusBar().showMessage(f"Copy saved to {name}", 5000)

    def close_workspace(self) -> None:
        self.set_workspace(None)

    def export(self) -> None:
        if self.session is None:
            return
        dialog = ExportDialog(self.session, self)
        dialog.exported.connect(lambda written: self.statusBar().showMessage(
            "Exported " + " and ".join(str(p) for _k, p in written), 8000))
        dialog.open()

    def focus_search(self) -> None:
        page = self.stack.currentWidget()
        if isinstance(page, (RecordListPage, HistoryPage)):
            page.focus_search()
        elif (list_page := self.current_list_page()) is not None:
            list_page.focus_search()

    def add_on_current_page(self) -> None:
        page = self.current_list_page()
        if page is not None:
            page.add_record()
        elif isinstance(self.stack.currentWidget(), ThemesPage):
            self.stack.currentWidget().add_theme()

    def edit_authority(self) -> None:
        """The authority's name and last inspection grades (shown on every export)."""
        if self.session is not None:
            open_editor(self.session, KINDS["authority"], self.session.workspace.authority(),
                        parent=self)

    def about(self) -> None:
        location = self.workspace.location if self.workspace else "none open"
        QMessageBox.about(self, "About VisitReady",
                          f"<h3>VisitReady {self.version}</h3>"
                          "<p>Preparation for Ofsted monitoring visits.</p>"
                          f"<p><b>Workspace:</b> {location}<br>"
                          f"<b>Log file:</b> {self.log_path}<br>"
                          f"<b>Data folder:</b> {self.data_dir}</p>")

    def closeEvent(self, event: QCloseEvent) -> None:
        QSettings().setValue("window/geometry", self.saveGeometry())
        QThreadPool.globalInstance().waitForDone(10_000)
        if self.workspace is not None:
            self.workspace.close()
        super().closeEvent(event)
