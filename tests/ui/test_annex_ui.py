"""Annex A in the window: the import preview, the Indicators page and the sampling dialog."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from models import annex, indicators
from models import entities as e
from tests.importers.annex_files import LIST3, SAMPLE, workbook
from ui.annex_import_dialog import AnnexImportDialog
from ui.indicators_page import IndicatorsPage
from ui.sampling_dialog import SamplingDialog

AS_AT = dt.date(2021, 3, 31)


def _import(window: Any, qtbot: Any, paths: list[Path]) -> AnnexImportDialog:
    dialog = AnnexImportDialog(window.session, window)
    qtbot.addWidget(dialog)
    dialog.set_files(paths)
    dialog.set_as_at(AS_AT)
    dialog.read()
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=30_000)
    return dialog


def test_the_import_preview_shows_lists_columns_and_problems(window: Any, qtbot: Any,
                                                             qtmodeltester: Any,
                                                             tmp_path: Path) -> None:
    rows = [LIST3,
            [1, "a) Male", "a) WBRI", "01/01/2015", None, "01/02/2021", "q) 6: Police", "b) No",
             1, "Team", "W"],
            [2, "a) Male", "a) WBRI", "not a date", None, "01/02/2021", "q) 6: Police", "b) No",
             1, "Team", "W"]]
    dialog = _import(window, qtbot, [workbook(tmp_path / "l3.xlsx", {"Referrals": rows})])
    for model in (dialog.sheets, dialog.columns, dialog.problems):
        qtmodeltester.check(model)
    assert dialog.problems.row_values(0)[:4] == ["List 3: Referrals", 3, "Date of Birth",
                                                 "not a date"]
    kept = {r[2]: r[3] for r in (dialog.columns.row_values(n)
                                 for n in range(dialog.columns.rowCount()))}
    assert kept["Child Unique ID"] == "transformed" and kept["Allocated Worker"] == "transformed"
    assert kept["Allocated Team"] == "kept"
    assert dialog.import_button.text() == "Import the 1 rows without problems"
    with qtbot.waitSignal(dialog.imported, timeout=30_000):
        dialog.import_button.click()
    (only,) = annex.returns(window.session.workspace)
    assert only.row_count == 1 and only.left_out == 1


def test_the_indicators_page_shows_each_figure_its_trend_and_rows(window: Any, qtbot: Any,
                                                                  qtmodeltester: Any) -> None:
    dialog = _import(window, qtbot, [SAMPLE])
    with qtbot.waitSignal(dialog.imported, timeout=30_000):
        dialog.import_button.click()
    page = window.show_page("Indicators")
    assert isinstance(page, IndicatorsPage)
    view = page.annex
    qtbot.waitUntil(lambda: view.model.rowCount() == len(indicators.CATALOGUE))
    qtmodeltester.check(view.model)
    names = [view.model.row_values(n)[0] for n in range(view.model.rowCount())]
    row = names.index("Care leavers in education, employment or training")
    view.table.selectRow(row)
    assert view.model.row_values(row)[2:4] == ["80.0%", "4 of 5"]
    assert "G4, G5, G6" in view.definition.text()
    rows_dialog = view.open_rows(row)
    assert rows_dialog is not None
    qtbot.addWidget(rows_dialog)
    model = rows_dialog.model  # type: ignore[attr-defined]
    assert model.rowCount() == 5
    counted = [model.row_values(n)[6] for n in range(5)]
    assert counted.count("Yes") == 4
    assert all(model.row_values(n)[0].startswith("C-") for n in range(5))


def test_a_draw_from_the_dialog_makes_case_samples_with_a_balance(window: Any, qtbot: Any,
                                                                  qtmodeltester: Any) -> None:
    dialog = _import(window, qtbot, [SAMPLE])
    with qtbot.waitSignal(dialog.imported, timeout=30_000):
        dialog.import_button.click()
    before = len(window.session.workspace.all(e.CaseSample))
    sampler = SamplingDialog(window.session, window)
    qtbot.addWidget(sampler)
    for n, box in sampler.lists.items():
        box.setChecked(n in (8, 9))
    sampler.strata["age_band"].setChecked(False)  # stratified by list only
    sampler.size.setValue(4)
    sampler.seed.setText("test seed")
    sampler.draw_button.click()
    qtbot.waitUntil(lambda: sampler.draw is not None, timeout=30_000)
    assert sampler.draw is not None
    qtmodeltester.check(sampler.cases)
    qtmodeltester.check(sampler.balance)
    drawn = sampler.cases.rowCount()
    assert drawn == 4
    assert len(window.session.workspace.all(e.CaseSample)) == before + 4
    assert "test seed" in sampler.sentence.text()
    sampler.more_button.click()
    # one more from each of the two lists
    qtbot.waitUntil(lambda: sampler.cases.rowCount() == drawn + 2, timeout=30_000)
    # An inspector names a care leaver by the ID in the case system.
    book = load_workbook(SAMPLE, data_only=True)
    drawn_keys = {c[0] for c in sampler.draw.cases}
    secret = annex.child_key_secret(window.session.workspace)
    from importers.annex_a import child_key

    raw = next(str(r[0]) for r in book["List 9"].iter_rows(min_row=2, values_only=True)
               if child_key(secret, str(r[0])) not in drawn_keys)
    sampler.add_inspector_choice(raw)
    assert sampler.cases.row_values(sampler.cases.rowCount() - 1)[4] == "Inspector selected"
    balance = [sampler.balance.row_values(n) for n in range(sampler.balance.rowCount())]
    assert balance[1][:2] == ["List", "List 9"] and balance[1][6] == 1


def test_the_file_menu_imports_and_a_second_import_of_the_same_file_is_refused(
        window: Any, qtbot: Any, monkeypatch: Any) -> None:
    from PySide6.QtGui import QAction

    action = window.findChild(QAction, "importAnnexA")
    assert action is not None and "Import" in action.text()
    first = _import(window, qtbot, [SAMPLE])
    with qtbot.waitSignal(first.imported, timeout=30_000):
        first.import_button.click()
    again = _import(window, qtbot, [SAMPLE])
    assert not again.import_button.isEnabled()
    assert "already imported" in again.summary.text()


def test_thresholds_change_the_figure_and_a_return_can_be_deleted(window: Any, qtbot: Any,
                                                                  monkeypatch: Any) -> None:
    from PySide6.QtWidgets import QMessageBox

    from ui.indicators_page import ThresholdsDialog

    dialog = _import(window, qtbot, [SAMPLE])
    with qtbot.waitSignal(dialog.imported, timeout=30_000):
        dialog.import_button.click()
    view = window.show_page("Indicators").annex
    qtbot.waitUntil(lambda: view.model.rowCount() > 0)
    names = [view.model.row_values(n)[0] for n in range(view.model.rowCount())]
    row = names.index("Re-referrals within 12 months")
    assert view.model.row_values(row)[3] == "2 of 6"  # 2 or more referrals in 12 months
    thresholds = ThresholdsDialog(window.session, view)
    qtbot.addWidget(thresholds)
    thresholds.spins["rereferral_previous"].setValue(1)
    thresholds.save()
    qtbot.waitUntil(lambda: view.model.row_values(row)[3] == "3 of 6")  # counts 0,2,1,0,2,0
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    view.delete_return()
    qtbot.waitUntil(lambda: view.model.rowCount() == 0)
    assert annex.returns(window.session.workspace) == []


def test_the_page_says_when_returns_are_past_retention_and_deletes_them(
        window: Any, qtbot: Any, monkeypatch: Any) -> None:
    from PySide6.QtWidgets import QMessageBox

    dialog = _import(window, qtbot, [SAMPLE])  # as at 31 March 2021: years before TODAY
    with qtbot.waitSignal(dialog.imported, timeout=30_000):
        dialog.import_button.click()
    view = window.show_page("Indicators").annex
    qtbot.waitUntil(lambda: view.retention.isVisible())
    assert "retention period (24 months)" in view.retention.text()
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    view.retention_button.click()
    qtbot.waitUntil(lambda: not view.retention.isVisible())
    assert annex.returns(window.session.workspace) == []


def test_expected_errors_are_shown_in_plain_words(window: Any, qtbot: Any, errors: list[Any],
                                                  tmp_path: Path) -> None:
    text = tmp_path / "notes.xlsx"
    text.write_text("not a workbook")
    dialog = AnnexImportDialog(window.session, window)
    qtbot.addWidget(dialog)
    dialog.set_files([text])
    dialog.read()
    qtbot.waitUntil(lambda: len(errors) == 1, timeout=30_000)
    assert "not a spreadsheet" in errors[0].message and not dialog.import_button.isEnabled()
    good = _import(window, qtbot, [SAMPLE])
    with qtbot.waitSignal(good.imported, timeout=30_000):
        good.import_button.click()
    sampler = SamplingDialog(window.session, window)
    qtbot.addWidget(sampler)
    sampler.seed.setText("")
    sampler.draw_button.click()
    qtbot.waitUntil(lambda: len(errors) == 2, timeout=30_000)
    assert "seed" in errors[1].message and sampler.draw is None
    assert sampler.draw_button.isEnabled()
    sampler.forced.setPlainText("not-a-child-in-the-return")
    sampler.seed.setText("x")
    sampler.draw_button.click()
    qtbot.waitUntil(lambda: len(errors) == 3, timeout=30_000)
    assert "not in the frame" in errors[2].message
