"""Save a PNG of every page of the app on the demo workspace, and of the exported documents.

Run by hand after changing what users see:
    python scripts/screenshots.py            (app pages -> docs/screenshots/)
    python scripts/screenshots.py --documents (also pack and log pages -> docs/samples/;
                                               needs LibreOffice and pdftoppm)
    python scripts/screenshots.py --import-preview (only the evidence-log import preview)
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
        window.show_page(name)
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
    window.close()


def import_preview(folder: Path) -> None:
    """The import preview of a log edited in Excel: a change, a conflict, a new row, a problem."""
    import time

    from PySide6.QtCore import QCoreApplication, QSettings
    from PySide6.QtWidgets import QApplication

    from models import entities as e
    from models.demo import build_demo
    from tests.importers.conftest import append_row, edit_log, export_log
    from ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    QCoreApplication.setOrganizationName("VisitReadyScreenshots")
    QSettings().clear()
    workspace = build_demo(folder / "wyvern-vale.visitready", today=TODAY)
    log = export_log(workspace, folder / "wyvern-vale-evidence-log.xlsx")
    item = workspace.by_ref(e.EvidenceItem, "E-003")
    assert item is not None
    workspace.update(e.EvidenceItem, item.id, item.version, owner="Siobhan Trelawney (QA Lead)")
    edited = edit_log(log, folder / "step.xlsx", {
        ("Evidence", "E-003", "Owner"): "Front door team manager",
        ("Evidence", "E-001", "Status"): "Verified",
        ("Evidence", "E-005", "As at"): "10/31/26",
        ("Actions", "A-003", "Progress"): "Second audit done; oversight recorded on 9 of 10.",
        ("Checklist", "C-002", "Status"): "Blocked",
    })
    edited = append_row(edited, folder / "evidence-log-from-heads-of-service.xlsx", "Evidence", {
        "Title": "Staff survey, November", "Type": "Staff survey", "Direction": "Strength",
        "Status": "Draft", "Themes": "LMQ"})
    window = MainWindow(data_dir=folder, log_path=folder / "visitready.log", version="demo",
                        today=TODAY)
    window.set_workspace(workspace)
    window.show()
    dialog = window.import_log(edited)
    assert dialog is not None
    while dialog.preview is None:  # read in the background
        app.processEvents()
        time.sleep(0.02)
    app.processEvents()
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(SHOTS / "10-import-preview.png"))
    print("docs/screenshots/10-import-preview.png")
    dialog.reject()
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
        if "--import-preview" in sys.argv:
            import_preview(folder)
            return
        app_pages(folder)
        import_preview(folder)
        if "--documents" in sys.argv:
            documents(folder)


if __name__ == "__main__":
    main()
