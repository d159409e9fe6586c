"""The main window: navigation, the visit selector, menus, status bar and the pages."""

from __future__ import annotations

import html
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, Qt, QThreadPool
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from models.errors import AppError, DamagedWorkspace
from models.vocabulary import counted

from . import replan_notice
from .after_paint import parts
from .app_errors import show_app_error
from .first_run_ui import DemoBanner, update_workspace_actions
from .help_menu import add_help_actions
from .keyboard import add_page_actions, add_page_turn_actions
from .palette import notice_style
from .places import documents_folder

if TYPE_CHECKING:
    from models.store import Workspace

    from .backups_ui import BackupKeeper
    from .context import Session
    from .list_page import RecordListPage

# The window paints from the modules above alone. The store, the pages and the dialogs
# (SQLAlchemy and alembic with them) are `parts`, imported after the first paint.

MAX_RECENT = 8
PAGES = ("Dashboard", "Readiness review", "Visits", "Themes", "Evidence", "Case samples",
         "Findings and actions", "Checklist", "Indicators", "Change history", "Exports",
         "Retention")
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
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.setStyleSheet("QListWidget#navigation::item { padding: 5px 8px; }")
        # Wide enough for every page's name with its padding: never cut, never a scroll bar.
        self.nav.setMinimumWidth(max(self.nav.fontMetrics().horizontalAdvance(name)
                                     for name in PAGES) + 40)
        self.nav.currentRowChanged.connect(self._on_nav_current_row_changed)
        self.stack = QStackedWidget()
        self.demo_banner = DemoBanner()
        splitter = QSplitter()
        splitter.addWidget(self.nav)
        splitter.addWidget(self.demo_banner.wrap(self.stack))
        splitter.setStretchFactor(1, 1)
        splitter.setCollapsible(0, False)
        splitter.setSizes([200, 1200])
        #: Shown above the pages when the workspace is open read-only.
        self.read_only_banner = QLabel()
        self.read_only_banner.setObjectName("readOnlyBanner")
        self.read_only_banner.setWordWrap(True)
        self.read_only_banner.setStyleSheet(notice_style("readOnlyBanner"))
        self.read_only_banner.hide()
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.read_only_banner)
        column.addWidget(splitter, 1)
        self.setCentralWidget(central)
        self.keeper: BackupKeeper | None = None

        toolbar = QToolBar("Visit")
        toolbar.setObjectName("visitToolbar")
        toolbar.setMovable(False)
        toolbar.addWidget(QLabel(" Visit: "))
        self.visit_selector = QComboBox()
        self.visit_selector.setObjectName("visitSelector")
        self.visit_selector.setAccessibleName("Visit")
        self.visit_selector.setToolTip("The visit every page works on: the dashboard, the review, "
                                       "the checklist and the exports follow it")
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
        self.restore_action = self._action(file_menu, "&Restore from backup\u2026",
                                           self.restore_from_backup, name="restoreBackup")
        file_menu.addSeparator()
        self._action(file_menu, "Import &Annex A\u2026", self.import_annex_a,
                     name="importAnnexA")
        self._action(file_menu, "&Import evidence log\u2026", self.import_log, name="importLog")
        file_menu.addSeparator()
        self._action(file_menu, "&Close", self.close_workspace, "Ctrl+W",
                     "closeWorkspace")
        self._action(file_menu, "&Encrypt workspace\u2026",
                     lambda: parts.encrypt_open_workspace(self), name="encryptWorkspace")
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
        self._action(self.edit_menu, "Draw a case &sample from Annex A\u2026", self.draw_sample,
                     name="drawSample")
        self.edit_menu.addSeparator()
        self._action(self.edit_menu, "&Preferences\u2026", self.preferences, name="preferences")

        export_menu = bar.addMenu("E&xport")
        self._action(export_menu, "&Briefing pack and evidence log\u2026", self.export,
                     "Ctrl+E", "exportBoth")
        self._action(export_menu, "Export &history", lambda: self.show_page("Exports"))

        self.go_menu = bar.addMenu("&Go")
        add_page_actions(self, self.go_menu, PAGES, self._show_page_if_open)
        add_page_turn_actions(self, self.go_menu, self.turn_page)

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
        if self.keeper is not None:
            self.keeper.stop()
            self.keeper.deleteLater()
            self.keeper = None
        if self.session is not None:
            # Undo belongs to one workspace: nothing done in this one may be undone in the next.
            self.session.undo_stack.clear()
        # Removing the shown page shows the next one, which would start reading the old
        # workspace: the pages go while the stack is hidden, before the workspace closes.
        self.stack.hide()
        for page in self.pages.values():
            self.stack.removeWidget(page)
            page.deleteLater()
        self.stack.show()
        self.pages.clear()
        self.list_pages.clear()
        if self.workspace is not None and self.workspace is not workspace:
            # Background work (readiness, the review) reads the file through connections of
            # its own: let it finish before the workspace is closed or replaced.
            QThreadPool.globalInstance().waitForDone()
            if self.session is not None:
                self.session.close()
            parts.close_workspace(self.workspace)  # erases what this run's deletes left behind
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
            self._wire_undo(None)
            self.read_only_banner.hide()
            self.restore_action.setEnabled(False)
            update_workspace_actions(self, None)
            return
        parts.purge_left_behind(workspace)
        self.session = session = parts.Session(workspace, self, today=self.today)
        session.error_raised.connect(lambda error: show_app_error(self, error))
        session.open_record_requested.connect(self.open_record)
        session.visit_replanned.connect(
            lambda title, lines: replan_notice.tell_what_moved(self, title, lines))
        session.records_changed.connect(self._on_session_records_changed)
        self._wire_undo(session)
        self._fill_visits()
        self.pages["Dashboard"] = parts.DashboardPage(session)
        self.pages["Readiness review"] = parts.ReviewPage(session)
        for name, kind in (("Visits", "visit"), ("Evidence", "evidence"),
                           ("Case samples", "case_sample"), ("Checklist", "checklist_item"),
                           ("Indicators", "indicator")):
            page = parts.RecordListPage(session, parts.KINDS[kind], title=name)
            self.pages[name] = page
            self.list_pages[kind] = page
        indicators = parts.IndicatorsPage(session, self.pages["Indicators"])
        indicators.annex.import_requested.connect(self.import_annex_a)
        self.pages["Indicators"] = indicators
        self.pages["Themes"] = parts.ThemesPage(session)
        findings = parts.RecordListPage(session, parts.KINDS["finding"], title="Findings")
        actions = parts.RecordListPage(session, parts.KINDS["action"], title="Actions")
        self.list_pages["finding"] = findings
        self.list_pages["action"] = actions
        both = QSplitter(Qt.Orientation.Vertical)
        both.setObjectName("page_findings_actions")
        both.addWidget(findings)
        both.addWidget(actions)
        self.pages["Findings and actions"] = both
        self.pages["Change history"] = parts.HistoryPage(session)
        self.pages["Exports"] = parts.ExportsPage(session)
        self.pages["Retention"] = parts.RetentionPage(session)
        for name in PAGES:
            self.stack.addWidget(self.pages[name])
        self.setWindowTitle(f"{workspace.name} \u2014 VisitReady")
        self.path_label.setText(workspace.location)
        self.saved_label.setText("All changes saved")
        self._remember(workspace)
        self.restore_action.setEnabled(workspace.is_file)
        if workspace.is_file:
            self.keeper = parts.BackupKeeper(workspace, self.data_dir, self)
            session.records_changed.connect(self.keeper.note_edit)
        self._show_read_only(workspace.read_only)
        self.nav.setCurrentRow(0)
        self._on_nav_current_row_changed(0)
        update_workspace_actions(self, workspace)

    #: Buttons and menu items that change the workspace, disabled when it is read-only.
    EDITING = ("addRecord", "deleteRecord", "bulkChange", "addTheme", "retireTheme",
               "saveTheme", "newRecord", "authorityProfile", "importAnnexA", "drawSample",
               "importLog")

    def _show_read_only(self, read_only: bool) -> None:
        self.read_only_banner.setVisible(read_only)
        if read_only:
            self.read_only_banner.setText(
                "<b>Read-only.</b> This workspace file (or its folder) cannot be written, so "
                "you can look and export but not change anything. To work on it, use File "
                "\u2192 Save a copy as, or ask for write access.")
            self.saved_label.setText("Read-only")
        self._enable_editing(not read_only)

    def _enable_editing(self, enabled: bool) -> None:
        """Editing buttons and menu items off when the workspace is read-only; the menu
        items back on when a writable one is opened after it (pages' buttons are new then,
        and enable themselves by their selection)."""
        widgets = self.findChildren(QAction) + ([] if enabled else self.findChildren(QWidget))
        for widget in widgets:
            if widget.objectName() in self.EDITING:
                widget.setEnabled(enabled)

    def _wire_undo(self, session: Session | None) -> None:
        """Replace Edit's undo and redo with the new session's stack's own actions.

        With no session (the workspace closed), they become plain disabled actions.
        """
        if session is None:
            undo, redo = QAction("&Undo", self), QAction("&Redo", self)
            undo.setEnabled(False)
            redo.setEnabled(False)
        else:
            undo = session.undo_stack.createUndoAction(self, "&Undo")
            redo = session.undo_stack.createRedoAction(self, "&Redo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        undo.setObjectName("undo")
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
            if self.workspace is not None and self.workspace.read_only:
                self._enable_editing(False)  # a page may have enabled its own buttons

    def _show_page_if_open(self, name: str) -> None:
        if name in self.pages:
            self.show_page(name)

    def turn_page(self, step: int) -> None:
        """Show the next (1) or previous (-1) page, going round from the last to the first."""
        if self.session is not None:
            self.show_page(PAGES[(self.nav.currentRow() + step) % len(PAGES)])

    def show_page(self, name: str) -> QWidget:
        self.nav.setCurrentRow(PAGES.index(name))
        return self.pages[name]

    def current_list_page(self) -> RecordListPage | None:
        page = self.stack.currentWidget()
        if isinstance(page, QTabWidget):
            page = page.currentWidget()
        if isinstance(page, parts.RecordListPage):
            return page
        if isinstance(page, QSplitter):
            for child in (page.widget(0), page.widget(1)):
                if isinstance(child, parts.RecordListPage) and child.table.hasFocus():
                    return child
            first = page.widget(0)
            return first if isinstance(first, parts.RecordListPage) else None
        return None

    def open_record(self, kind_name: str, record_id: int) -> None:
        """Go to the page of a record and open it (from the list of what is missing)."""
        if self.session is None:
            return
        if kind_name == "authority":
            self.edit_authority()
            return
        page = self.show_page(PAGE_OF_KIND[kind_name])
        if kind_name == "theme" and isinstance(page, parts.ThemesPage):
            page.reload_list(record_id)
            return
        if isinstance(page, parts.IndicatorsPage):
            page.setCurrentWidget(page.by_hand)
        try:
            record = self.session.workspace.get(parts.KINDS[kind_name].entity, record_id)
        except AppError as error:
            show_app_error(self, error)
            return
        parts.open_editor(self.session, parts.KINDS[kind_name], record, parent=self)

    # -- file actions -----------------------------------------------------------------------

    def show_opening(self, name: str) -> None:
        """What the window says while its first workspace opens: the window paints first,
        then the workspace is read (a large or shared one can take a moment)."""
        self.set_workspace(None)
        self.pages["empty"].setText(  # type: ignore[attr-defined]
            f"<h2>Opening {html.escape(name)}\u2026</h2>")

    def open_path(self, path: Path) -> bool:
        try:
            workspace: Workspace | None = parts.Workspace.open(path)
        except DamagedWorkspace as error:
            return self.open_path_after_damage(path, error)
        except parts.PassphraseNeeded:
            workspace = parts.open_encrypted(self, path)
            if workspace is None:
                return False
        except AppError as error:
            show_app_error(self, error)
            return False
        self.set_workspace(workspace)
        return True

    def open_path_after_damage(self, path: Path, error: DamagedWorkspace) -> bool:
        """A damaged workspace: say so, and offer its latest backup if there is one."""
        backup = parts.latest_backup(path, self.data_dir)
        if backup is None:
            show_app_error(self, error)
            return False
        answer = QMessageBox.question(
            self, error.title,
            f"{error.message}\n\nThe latest backup was made {backup.made:%d %b %Y at %H:%M}. "
            "Restore it? The damaged file is kept beside the backups.")
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            parts.restore_chosen(path, backup, self.data_dir)
            workspace = parts.Workspace.open(path)
        except AppError as failed:
            show_app_error(self, failed)
            return False
        self.set_workspace(workspace)
        return True

    def restore_from_backup(self) -> None:
        """File → Restore from backup: choose one, confirm, then it replaces the workspace."""
        if self.workspace is None or not self.workspace.is_file:
            return
        path = Path(self.workspace.location)
        dialog = parts.RestoreDialog(path, self.data_dir, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        backup = dialog.chosen()
        if backup is None or not parts.confirm_restore(self, path, backup):
            return
        QThreadPool.globalInstance().waitForDone(30_000)
        self.set_workspace(None)
        try:
            parts.restore_chosen(path, backup, self.data_dir)
        except AppError as error:
            show_app_error(self, error)
        self.open_path(path)

    def preferences(self) -> None:
        parts.PreferencesDialog(self).exec()

    def open_shared(self) -> None:
        """Open a workspace kept on a PostgreSQL server, shared by several leaders."""
        dialog = parts.SharedWorkspaceDialog(self)
        if dialog.exec() == parts.SharedWorkspaceDialog.DialogCode.Accepted and dialog.workspace:
            self.set_workspace(dialog.workspace)

    def open_workspace_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Open workspace", str(documents_folder()),
                                              "VisitReady workspaces (*.visitready);;All files (*)")
        if name:
            self.open_path(Path(name))

    def new_workspace(self) -> None:
        """Ask for the authority, marking and first visit, then open the new workspace."""
        dialog = parts.NewWorkspaceDialog(self)
        if dialog.exec() == parts.NewWorkspaceDialog.DialogCode.Accepted and dialog.workspace:
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
        dialog = parts.ExportDialog(self.session, self)
        dialog.exported.connect(lambda written: self.statusBar().showMessage(
            "Exported " + " and ".join(str(p) for _k, p in written), 8000))
        dialog.open()

    def import_annex_a(self) -> None:
        """File \u2192 Import Annex A: the preview dialog, then the Indicators page."""
        if self.session is None:
            return
        from .annex_import_dialog import AnnexImportDialog

        dialog = AnnexImportDialog(self.session, self)
        dialog.imported.connect(lambda summary: (
            self.show_page("Indicators"),
            self.statusBar().showMessage(f"Imported {summary.row_count} rows "
                                         f"({summary.label.lower()})", 8000)))
        dialog.open()

    def draw_sample(self) -> None:
        """Draw case samples for the chosen visit from an imported return."""
        if self.session is None:
            return
        from .sampling_dialog import SamplingDialog

        SamplingDialog(self.session, self).open()

    def import_log(self, path: Path | None = None) -> Any:
        """Bring an edited evidence log back in: choose the file, then preview before anything changes."""
        if self.session is None:
            return None
        if path is None:
            name, _ = QFileDialog.getOpenFileName(self, "Import evidence log", str(Path.home()),
                                                  "Excel workbooks (*.xlsx);;All files (*)")
            if not name:
                return None
            path = Path(name)
        from .import_dialog import ImportLogDialog  # openpyxl: when a log is brought in

        dialog = ImportLogDialog(self.session, path, self)
        dialog.imported.connect(lambda applied: self.statusBar().showMessage(
            f"Imported {applied.file_name}: {counted(len(applied.updates), 'record')} changed, "
            f"{len(applied.created)} added. Edit \u2192 Undo takes it back.", 8000))
        dialog.open()
        dialog.start()
        return dialog

    def focus_search(self) -> None:
        page = self.stack.currentWidget()
        if isinstance(page, (parts.RecordListPage, parts.HistoryPage)):
            page.focus_search()
        elif (list_page := self.current_list_page()) is not None:
            list_page.focus_search()

    def add_on_current_page(self) -> None:
        page = self.current_list_page()
        if page is not None:
            page.add_record()
        elif isinstance(self.stack.currentWidget(), parts.ThemesPage):
            self.stack.currentWidget().add_theme()
        elif isinstance(self.stack.currentWidget(), parts.IndicatorsPage):
            # From the Annex A tab too: what can be added here is an indicator by hand.
            indicators = self.stack.currentWidget()
            indicators.setCurrentWidget(indicators.by_hand)
            if isinstance(indicators.by_hand, parts.RecordListPage):
                indicators.by_hand.add_record()
        elif self.session is not None:
            parts.add_here(self, self.session, self.stack.currentWidget())

    def edit_authority(self) -> None:
        """The authority's name and last inspection grades (shown on every export)."""
        if self.session is not None:
            parts.open_editor(self.session, parts.KINDS["authority"],
                              self.session.workspace.authority(), parent=self)

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
        if self.keeper is not None:
            self.keeper.stop()
        QThreadPool.globalInstance().waitForDone(10_000)
        if self.session is not None:
            self.session.close()
        if self.workspace is not None:
            parts.close_workspace(self.workspace)
        super().closeEvent(event)
