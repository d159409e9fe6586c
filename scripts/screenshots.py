"""Save a PNG of every page of the app on the demo workspace, and of the exported documents.

Run by hand after changing what users see:
    python scripts/screenshots.py            (app pages -> docs/screenshots/)
    python scripts/screenshots.py --documents (also pack and log pages -> docs/samples/;
                                               needs LibreOffice and pdftoppm)
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TODAY = dt.date(2026, 11, 22)
SHOTS = ROOT / "docs" / "screenshots"
SAMPLES = ROOT / "docs" / "samples"


def app_pages(folder: Path) -> None:
    from PySide6.QtCore import QCoreApplication, QSettings
    from PySide6.QtWidgets import QApplication

    from models.demo import build_demo
    from ui.main_window import PAGES, MainWindow

    app = QApplication.instance() or QApplication([])
    QCoreApplication.setOrganizationName("VisitReadyScreenshots")
    QSettings().clear()
    workspace = build_demo(folder / "demo.visitready", today=TODAY)
    window = MainWindow(data_dir=folder, log_path=folder / "visitready.log", version="demo",
                        today=TODAY)
    window.resize(1440, 900)
    window.set_workspace(workspace)
    window.show()
    import time

    dashboard = window.pages["Dashboard"]
    while dashboard.readiness is None:  # worked out in the background
        app.processEvents()
        time.sleep(0.02)
    SHOTS.mkdir(parents=True, exist_ok=True)
    for n, name in enumerate(PAGES):
        page = window.show_page(name)
        app.processEvents()
        if name == "Readiness review":
            while getattr(page, "review", None) is None:  # also worked out in the background
                app.processEvents()
                time.sleep(0.02)
            app.processEvents()
        target = SHOTS / f"{n:02d}-{name.lower().replace(' ', '-')}.png"
        window.grab().save(str(target))
        print(target.relative_to(ROOT))
    from models import entities as e
    from models.records import KINDS
    from ui.editor import RecordEditor

    editor = RecordEditor(window.session, KINDS["evidence"],
                          workspace.by_ref(e.EvidenceItem, "E-024"), parent=window)
    editor.show()
    app.processEvents()
    editor.grab().save(str(SHOTS / "evidence-editor.png"))
    print("docs/screenshots/evidence-editor.png")
    editor.close()
    new_editor = RecordEditor(window.session, KINDS["action"], parent=window)
    new_editor.show()
    app.processEvents()
    new_editor.grab().save(str(SHOTS / "new-action-editor.png"))
    print("docs/screenshots/new-action-editor.png")
    new_editor.close()

    from ui.new_workspace_dialog import NewWorkspaceDialog

    dialog = NewWorkspaceDialog(window)
    dialog.authority.setText("Northshire County Council")
    dialog._on_authority_edited(dialog.authority.text())
    dialog.visit_number.setValue(2)
    dialog.visit_start.setText("09/03/2027")
    dialog.show()
    app.processEvents()
    dialog.grab().save(str(SHOTS / "new-workspace-dialog.png"))
    print("docs/screenshots/new-workspace-dialog.png")
    dialog.close()
    window.close()
    dark_palette(folder, workspace)


def dark_palette(folder: Path, workspace: object) -> None:
    """The readiness review and an editor on a dark palette (Fusion style)."""
    import time

    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QApplication

    from models.records import KINDS
    from ui.editor import RecordEditor
    from ui.main_window import MainWindow

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setStyle("Fusion")
    palette = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, "#202124"),
                         (QPalette.ColorRole.Base, "#1B1B1D"),
                         (QPalette.ColorRole.AlternateBase, "#2A2A2E"),
                         (QPalette.ColorRole.WindowText, "#E8EAED"),
                         (QPalette.ColorRole.Text, "#E8EAED"),
                         (QPalette.ColorRole.Button, "#303134"),
                         (QPalette.ColorRole.ButtonText, "#E8EAED"),
                         (QPalette.ColorRole.ToolTipBase, "#303134"),
                         (QPalette.ColorRole.ToolTipText, "#E8EAED"),
                         (QPalette.ColorRole.Highlight, "#8AB4F8"),
                         (QPalette.ColorRole.HighlightedText, "#202124"),
                         (QPalette.ColorRole.Light, "#5F6368"),
                         (QPalette.ColorRole.Midlight, "#4A4D51"),
                         (QPalette.ColorRole.Mid, "#80868B"),
                         (QPalette.ColorRole.Dark, "#9AA0A6"),
                         (QPalette.ColorRole.PlaceholderText, "#9AA0A6")):
        palette.setColor(role, QColor(colour))
    app.setPalette(palette)
    from models.store import Workspace

    window = MainWindow(data_dir=folder, log_path=folder / "visitready.log", version="demo",
                        today=TODAY)
    window.resize(1440, 900)
    window.set_workspace(Workspace.open(folder / "demo.visitready"))
    window.show()
    page = window.show_page("Readiness review")
    while getattr(page, "review", None) is None:
        app.processEvents()
        time.sleep(0.02)
    app.processEvents()
    window.grab().save(str(SHOTS / "dark-readiness-review.png"))
    print("docs/screenshots/dark-readiness-review.png")
    editor = RecordEditor(window.session, KINDS["action"], parent=window)
    editor.show()
    editor.save()  # an empty form: shows what is missing, in the error colour
    app.processEvents()
    editor.grab().save(str(SHOTS / "dark-editor.png"))
    print("docs/screenshots/dark-editor.png")
    editor.close()
    window.close()


def documents(folder: Path) -> None:
    from exporters.excel import write_evidence_log
    from exporters.word import write_briefing_pack
    from models.briefing import ExportOptions, build_briefing
    from models.store import Workspace

    soffice = shutil.which("soffice")
    if soffice is None or shutil.which("pdftoppm") is None:
        sys.exit("LibreOffice (soffice) and pdftoppm are needed for --documents")
    with Workspace.open(folder / "demo.visitready") as workspace:
        visit = workspace.latest_visit()
        assert visit is not None
        content = build_briefing(workspace, ExportOptions(visit_id=visit.id), TODAY)
        pack = write_briefing_pack(content, folder / "briefing-pack.docx")
        log = write_evidence_log(content, folder / "evidence-log.xlsx")
    SAMPLES.mkdir(parents=True, exist_ok=True)
    for document, pages in ((pack, "1-4"), (log, "1-1")):
        subprocess.run([soffice, f"-env:UserInstallation={(folder / 'lo').as_uri()}",
                        "--headless", "--convert-to", "pdf", "--outdir", str(folder),
                        str(document)], check=True, capture_output=True)
        first, last = pages.split("-")
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", first, "-l", last,
                        str(folder / f"{document.stem}.pdf"), str(SAMPLES / document.stem)],
                       check=True)
    for png in sorted(SAMPLES.glob("*.png")):
        print(png.relative_to(ROOT))


def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        app_pages(folder)
        if "--documents" in sys.argv:
            documents(folder)


if __name__ == "__main__":
    main()
