"""Everything the window needs once a workspace opens, imported after its first paint.

The window paints from PySide6 and a few small modules; this module brings in the rest:
the store (and with it SQLAlchemy and alembic), the pages, the editors and the dialogs.
The window and the app reach these names through ``ui.after_paint.parts``; the app loads
them right after the first paint (``ui.app.show_then_open``), and any other first use loads
them then.
"""

from __future__ import annotations

from models.demo import build_demo
from models.first_run import is_demo
from models.privacy.keys import PassphraseNeeded
from models.records import KINDS
from models.store import Workspace

from .add_here import add_here
from .backups_ui import (
    BackupKeeper,
    PreferencesDialog,
    RestoreDialog,
    confirm_restore,
    latest_backup,
    restore_chosen,
)
from .context import Session
from .dashboard import DashboardPage
from .editor import open_editor
from .export_dialog import ExportDialog, ExportsPage
from .history_page import HistoryPage
from .indicators_page import IndicatorsPage
from .list_page import RecordListPage
from .new_workspace_dialog import NewWorkspaceDialog
from .privacy_ui import (
    RetentionPage,
    close_workspace,
    configure_opened_copies,
    encrypt_open_workspace,
    open_encrypted,
    purge_left_behind,
)
from .review_page import ReviewPage
from .shared_workspace_dialog import SharedWorkspaceDialog
from .themes_page import ThemesPage

__all__ = [
    "KINDS", "BackupKeeper", "DashboardPage", "ExportDialog", "ExportsPage", "HistoryPage",
    "IndicatorsPage", "NewWorkspaceDialog", "PassphraseNeeded", "PreferencesDialog",
    "RecordListPage", "RestoreDialog", "RetentionPage", "ReviewPage", "Session",
    "SharedWorkspaceDialog", "ThemesPage", "Workspace", "add_here", "build_demo",
    "close_workspace", "configure_opened_copies", "confirm_restore", "encrypt_open_workspace",
    "is_demo", "latest_backup", "open_editor", "open_encrypted", "purge_left_behind",
    "restore_chosen",
]
