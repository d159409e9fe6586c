"""Save a PNG of every page of the app on the demo workspace, and of the exported documents.

Run by hand after changing what users see:
    python scripts/screenshots.py            (app pages -> docs/screenshots/)
    python scripts/screenshots.py --documents (also every pack page, the readiness review and
                                               the log's first page -> docs/samples/;
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
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TODAY = dt.date(2026, 11, 22)
SHOTS = ROOT / "docs" / "screenshots"
SAMPLES = ROOT / "docs" / "samples"
#: Screenshots beyond the pages (numbered 00-11 in the order of the page list), numbered on.
EXTRAS = ("new-workspace-dialog", "evidence-editor", "new-action-editor",
          "visit-editor-days-on-site", "export-dialog", "import-preview",
          "annex-a-import-lists", "annex-a-import-kept", "annex-a-import-problems",
          "annex-a-rows-behind-a-figure", "annex-a-draw", "annex-a-draw-balance",
          "dark-readiness-review", "dark-editor")
FIRST_EXTRA = 12


def shot(widget: Any, name: str) -> None:
    """Save ``widget`` as the numbered screenshot ``name`` and say where."""
    target = SHOTS / f"{FIRST_EXTRA + EXTRAS.index(name):02d}-{name}.png"
    widget.grab().save(str(target))
    print(target.relative_to(ROOT))


def app_pages(folder: Path) -> None:
    from PySide6.QtCore import QCoreApplication, QSettings
    from PySide6.QtWidgets import QApplication

    from models.demo import build_demo
    from ui.main_window import PAGES, MainWindow

    app = QApplication.instance() or QApplication([])
    QCoreApplication.setOrganizationName("VisitReadyScreenshots")
    QSettings().clear()
    from importers.annex_a_demo import add_demo_returns

    workspace = build_demo(folder / "demo.visitready", today=TODAY)
    add_demo_returns(workspace, TODAY)
    QSettings().setValue("review/me", "Siobhan Trelawney")  # a demo owner, for "My items"
    exported_documents(workspace, folder)
    window = MainWindow(data_dir=folder, log_path=folder / "visitready.log", version="demo",
                        today=TODAY)
    window.resize(1440, 900)
    window.set_workspace(workspace)
    window.path_label.setText("Documents/demo.visitready")  # not this machine's folders
    window.show()
    import time

    dashboard = window.pages["Dashboard"]
    while dashboard.readiness is None:  # worked out in the background
        app.processEvents()
        time.sleep(0.02)
    for _ in range(20):  # and laid out, its chip styled, before the first grab
        app.processEvents()
    SHOTS.mkdir(parents=True, exist_ok=True)
    for old in SHOTS.glob("*.png"):  # one consistent set: nothing stale stays
        old.unlink()
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
    shot(editor, "evidence-editor")
    editor.close()
    new_editor = RecordEditor(window.session, KINDS["action"], parent=window)
    new_editor.show()
    app.processEvents()
    shot(new_editor, "new-action-editor")
    new_editor.close()

    from ui.new_workspace_dialog import NewWorkspaceDialog

    dialog = NewWorkspaceDialog(window)
    dialog.authority.setText("Northshire County Council")
    dialog._on_authority_edited(dialog.authority.text())
    dialog.visit_number.setValue(2)
    dialog.visit_start.setText("09/03/2027")
    dialog.path.setText("Documents/northshire-county-council.visitready")  # not this machine's
    dialog.resize(640, dialog.sizeHint().height())
    dialog.show()
    app.processEvents()
    shot(dialog, "new-workspace-dialog")
    dialog.close()
    pack_dialogs(window)
    annex_a(app, window, folder)
    window.close()
    dark_palette(folder, workspace)



def exported_documents(workspace: Any, folder: Path) -> None:
    """A briefing pack and evidence log written and recorded, so the Exports page lists them."""
    from exporters.excel import write_evidence_log
    from exporters.word import write_briefing_pack
    from models.briefing import ExportOptions, build_briefing
    from models.pack_control import load_control

    visit = workspace.latest_visit()
    options = ExportOptions(visit_id=visit.id, control=load_control(workspace, visit.id))
    content = build_briefing(workspace, options, TODAY)
    out = folder / "Documents"
    out.mkdir()
    record = content.options.as_record()
    workspace.record_export("Briefing pack", write_briefing_pack(
        content, out / "Monitoring visit 4 briefing pack.docx"), record)
    workspace.record_export("Evidence log", write_evidence_log(
        content, out / "Monitoring visit 4 evidence log.xlsx"), record)


def pack_dialogs(window: Any) -> None:
    """The export dialog (document control) and the visit editor's timetable."""
    from PySide6.QtWidgets import QApplication, QScrollArea

    from models.records import KINDS
    from ui.editor import RecordEditor
    from ui.export_dialog import ExportDialog

    app = QApplication.instance()
    assert app is not None
    dialog = ExportDialog(window.session, window)
    dialog.folder.setText("Documents")
    dialog.show()
    app.processEvents()
    shot(dialog, "export-dialog")
    dialog.close()
    visit = window.workspace.latest_visit()
    editor = RecordEditor(window.session, KINDS["visit"], visit, parent=window)
    editor.resize(900, 900)
    editor.show()
    app.processEvents()
    scroll = editor.findChild(QScrollArea)
    scroll.verticalScrollBar().setValue(scroll.verticalScrollBar().maximum())
    app.processEvents()
    shot(editor, "visit-editor-days-on-site")
    editor.close()


def annex_a(app: object, window: object, folder: Path) -> None:
    """The Annex A import preview, the Indicators page and a case-sample draw."""
    import time

    from importers.annex_a_demo import write_synthetic_return
    from ui.annex_import_dialog import AnnexImportDialog
    from ui.sampling_dialog import SamplingDialog

    def settle(until: object = None) -> None:
        for _ in range(500):
            app.processEvents()  # type: ignore[attr-defined]
            if until is None or until():  # type: ignore[operator]
                break
            time.sleep(0.02)

    as_at = TODAY - dt.timedelta(days=3)
    source = write_synthetic_return(folder / "annex-a-return.xlsx", as_at, seed=1)
    dialog = AnnexImportDialog(window.session, window)  # type: ignore[attr-defined]
    dialog.resize(1200, 680)
    dialog.set_files([source])
    dialog.set_as_at(as_at)
    dialog.show()
    dialog.read()
    settle(lambda: dialog.preview is not None)
    for tab, name in ((0, "annex-a-import-lists"), (1, "annex-a-import-kept"),
                      (2, "annex-a-import-problems")):
        dialog.tabs.setCurrentIndex(tab)
        settle()
        shot(dialog, name)
    dialog.close()
    page = window.show_page("Indicators")  # type: ignore[attr-defined]
    page.annex.refresh()
    rows = page.annex.model.rowCount()
    names = [page.annex.model.row_values(n)[0] for n in range(rows)]
    page.annex.table.selectRow(names.index("Return interviews accepted"))
    settle()
    window.grab().save(str(SHOTS / "08-indicators.png"))  # type: ignore[attr-defined]
    print("docs/screenshots/08-indicators.png")
    rows = page.annex.open_rows(names.index("Return interviews accepted"))
    settle()
    shot(rows, "annex-a-rows-behind-a-figure")
    rows.close()
    sampler = SamplingDialog(window.session, window)  # type: ignore[attr-defined]
    sampler.resize(1300, 760)
    sampler.show()
    sampler.size.setValue(12)
    sampler.make_draw()
    settle(lambda: sampler.draw is not None)
    sampler.tabs.setCurrentIndex(0)
    settle()
    shot(sampler, "annex-a-draw")
    sampler.tabs.setCurrentIndex(1)
    settle()
    shot(sampler, "annex-a-draw-balance")
    sampler.close()


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
    shot(dialog, "import-preview")
    dialog.reject()
    window.close()


def dark_palette(folder: Path, workspace: object) -> None:
    """The readiness review and an editor on a dark palette (Fusion style)."""
    import time

    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QApplication

    from models.records import KINDS
    from ui.editor import RecordEditor
    from ui.main_window import MainWindow
    from ui.palette import apply_palette_style

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setStyle("Fusion")
    light = app.palette()
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
    apply_palette_style(app)
    from models.store import Workspace

    window = MainWindow(data_dir=folder, log_path=folder / "visitready.log", version="demo",
                        today=TODAY)
    window.resize(1440, 900)
    window.set_workspace(Workspace.open(folder / "demo.visitready"))
    window.path_label.setText("Documents/demo.visitready")
    window.show()
    page = window.show_page("Readiness review")
    while getattr(page, "review", None) is None:
        app.processEvents()
        time.sleep(0.02)
    app.processEvents()
    shot(window, "dark-readiness-review")
    from models import entities as e

    # An evidence item: tick boxes, links and chips; a required field emptied shows the
    # error colour.
    editor = RecordEditor(window.session, KINDS["evidence"],
                          window.workspace.by_ref(e.EvidenceItem, "E-024"), parent=window)
    editor.resize(760, 900)
    editor.show()
    editor.form.widgets["title"].clear()
    editor.save()
    app.processEvents()
    shot(editor, "dark-editor")
    editor.close()
    window.close()
    app.setPalette(light)  # what follows (the import preview) is on the usual palette
    apply_palette_style(app)


def documents(folder: Path) -> None:
    from exporters.excel import write_evidence_log
    from exporters.review_word import write_readiness_review
    from exporters.word import write_briefing_pack
    from models.briefing import ExportOptions, build_briefing
    from models.pack_control import load_control
    from models.store import Workspace

    soffice = shutil.which("soffice")
    if soffice is None or shutil.which("pdftoppm") is None:
        sys.exit("LibreOffice (soffice) and pdftoppm are needed for --documents")
    with Workspace.open(folder / "demo.visitready") as workspace:
        visit = workspace.latest_visit()
        assert visit is not None
        # The leaders' version with case detail: every section the pack can hold.
        options = ExportOptions(visit_id=visit.id, include_case_detail=True,
                                control=load_control(workspace, visit.id))
        content = build_briefing(workspace, options, TODAY)
        pack = write_briefing_pack(content, folder / "briefing-pack.docx")
        review = write_readiness_review(content, folder / "readiness-review.docx")
        log = write_evidence_log(content, folder / "evidence-log.xlsx")
    SAMPLES.mkdir(parents=True, exist_ok=True)
    for old in SAMPLES.glob("*.png"):
        old.unlink()
    for document, pages in ((pack, None), (review, None), (log, "1")):
        subprocess.run([soffice, f"-env:UserInstallation={(folder / 'lo').as_uri()}",
                        "--headless", "--convert-to", "pdf", "--outdir", str(folder),
                        str(document)], check=True, capture_output=True)
        wanted = ["-f", pages, "-l", pages] if pages else []
        subprocess.run(["pdftoppm", "-png", "-r", "70", *wanted,
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
