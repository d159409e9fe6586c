"""Importing Annex A: the shared sample, messy variants, bad files, and what is never kept."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from importers.annex_a import age_band, import_return, read_return
from importers.annex_a_spec import Treatment, match_header
from models import annex, indicators
from models.errors import ImportFileError
from models.store import Workspace

from .annex_files import COMMON, LIST3, LIST8, SAMPLE, care_rows, workbook

AS_AT = dt.date(2021, 3, 31)


def test_the_shared_sample_is_read_whole(workspace: Workspace) -> None:
    preview = read_return(workspace, [SAMPLE], AS_AT)
    assert preview.lists == list(range(1, 12))
    assert preview.problems == [] and preview.rows_with_problems == 0
    assert preview.total_rows == 59
    list9 = next(s for s in preview.sheets if s.list_number == 9)
    # The sample's List 9 lacks four columns: reported, not a reason to refuse the list.
    assert "Latest Pathway Plan Review Date" in list9.missing_columns
    summary = import_return(workspace, preview)
    assert annex.row_counts(workspace, summary.id) == {1: 5, 2: 5, 3: 6, 4: 5, 5: 5, 6: 5, 7: 7,
                                                       8: 5, 9: 6, 10: 5, 11: 5}


def test_formulas_are_read_by_their_cached_values(workspace: Workspace) -> None:
    summary = import_return(workspace, read_return(workspace, [SAMPLE], AS_AT))
    list10 = annex.rows(workspace, summary.id, [10])
    # List 10 row 2: entered care 06/08/2009, then each date is "=previous+5" in the file.
    first = list10[0]
    assert first.date("entered_care") == dt.date(2009, 8, 6)
    assert first.date("placed") == dt.date(2009, 8, 26)


def test_headings_drift_is_tolerated() -> None:
    assert match_header("  child unique ID ") == "Child Unique ID"
    assert match_header("Age") == "Age of Child (Years)"
    assert match_header("Date of Adoption Order ") == "Date of Adoption Order"
    assert match_header("Eligibity Category") == "Eligibility Category"
    assert match_header("Suitability of Accomodation") == "Suitability of Accommodation"
    assert match_header("Number of Episodes the Child has been \u2018Missing\u2019 from their "
                        "Placement in the last 12 months") is not None
    assert match_header("Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months "
                        "(Y/N))") is not None
    assert match_header("Date\u00a0of\u00a0referral") == "Date of referral"
    # liia's ".*age.*" would take "Date Stage 1 started" for the age; we do not.
    assert match_header("Date Stage 1 started") == "Date Stage 1 started"
    assert match_header("Favourite colour") is None


def _messy(path: Path) -> Path:
    """A workbook with the problems real extracts have, each in a known cell."""
    referrals = [
        ["List 3: Referrals, 01/10/2020 to 31/03/2021"],  # a title row above the headings
        [h.upper() if i == 2 else h for i, h in enumerate(LIST3)],
        # row 3: clean, ID as a number, Excel date, coded values
        [10001, "a) Male", "a) WBRI", dt.datetime(2015, 6, 1), 5.8, dt.datetime(2021, 1, 4),
         "q) 6: Police", "b) No", 1, "Locality\u00a0North", "Ann\u00a0Example"],
        # row 4: text dates (UK and ISO), ID with leading zeros as text, bare codes, #N/A worker
        ["000123", "Female", "t) NOBT", "02/03/2019", "", "2021-02-01", "Police", "No", "3",
         "Locality South", "#N/A"],
        # row 5: a date that does not exist and a count that is not a number
        [10003, "a) Male", "a) WBRI", "31/02/2012", None, dt.datetime(2021, 2, 2), "q) 6: Police",
         "a) Yes", "two", "Locality North", "Bob Example"],
        # row 6: no ID at all, and "-" for blanks
        [None, "b) Female", "a) WBRI", "-", "-", dt.datetime(2021, 2, 3), "-", "b) No", 0, "-",
         "-"],
        # row 7: a gender that is not on the code list
        [10005, "Robot", "a) WBRI", dt.datetime(2016, 1, 1), None, dt.datetime(2021, 2, 4),
         "q) 6: Police", "b) No", 0, "Locality North", "Cy Example"],
        # row 8: the same child as row 3, its ID read back as a float (as some readers do)
        [10001.0, "a) Male", "a) WBRI", dt.datetime(2015, 6, 1), None, dt.datetime(2021, 3, 1),
         "q) 6: Police", "b) No", 2, "Locality North", "unallocated"],
    ]
    other = [["Budget line", "Amount"], ["Agency staff", 12000]]
    return workbook(path, {"Sheet A": referrals, "Finance": other})


def test_every_problem_is_listed_and_the_rest_can_be_imported(workspace: Workspace,
                                                              tmp_path: Path) -> None:
    preview = read_return(workspace, [_messy(tmp_path / "messy.xlsx")], AS_AT)
    found = {(p.list_title, p.row, p.column, p.value, p.message) for p in preview.problems}
    assert found == {
        ("List 3: Referrals", 5, "Date of Birth", "31/02/2012", "is not a real date"),
        ("List 3: Referrals", 5, "Number of Referrals in Last 12 Months", "two",
         "is not a number"),
        ("List 3: Referrals", 6, "Child Unique ID", "",
         "is blank, so the row cannot be counted or sampled"),
        ("List 3: Referrals", 7, "Gender", "Robot", "is not one of the expected codes"),
    }
    assert preview.rows_with_problems == 3 and len(preview.rows) == 3
    finance = next(s for s in preview.sheets if s.source == "Finance")
    assert finance.list_number is None and "not recognised" in finance.status
    summary = import_return(workspace, preview)
    rows = annex.rows(workspace, summary.id)
    assert [r.row_no for r in rows] == [3, 4, 8]
    first, text_dates, again = rows
    assert first.child_key == again.child_key  # 10001 and 10001.0 are one child
    assert text_dates.child_key != annex.rows(workspace, summary.id)[0].child_key
    assert text_dates.date("referral_date") == dt.date(2021, 2, 1)
    assert text_dates.gender == "Female" and text_dates.ethnicity == "NOBT"
    assert text_dates.code("source") == "6"  # "Police" alone names code 6
    assert first.team == "Locality North" and first.allocated is True
    assert text_dates.allocated is False and again.allocated is False
    assert first.age_band == "5-9" and text_dates.age_band == "1-4"
    assert summary.left_out == 3


def test_leading_zeros_make_a_different_child(workspace: Workspace, tmp_path: Path) -> None:
    rows = [LIST3,
            ["0123", "a) Male", "a) WBRI", None, 4, "01/02/2021", "q) 6: Police", "b) No", 1,
             "T", "W"],
            [123, "a) Male", "a) WBRI", None, 4, "01/02/2021", "q) 6: Police", "b) No", 1, "T",
             "W"]]
    preview = read_return(workspace, [workbook(tmp_path / "ids.xlsx", {"x": rows})], AS_AT)
    assert preview.rows[0].child_key != preview.rows[1].child_key
    assert preview.rows[0].age_band == "1-4"  # no date of birth: the Age column gives the band


def test_one_csv_per_list_is_recognised_by_its_headings(workspace: Workspace,
                                                        tmp_path: Path) -> None:
    list8, list9 = care_rows(6)
    paths = []
    for name, rows in (("export_a.csv", list8), ("export_b.csv", list9)):
        path = tmp_path / name
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            for row in rows:
                writer.writerow([f"{v:%d/%m/%Y}" if isinstance(v, dt.datetime) else v
                                 for v in row])
        paths.append(path)
    preview = read_return(workspace, paths, dt.date(2026, 11, 1))
    assert preview.lists == [8, 9]
    assert preview.problems == []
    summary = import_return(workspace, preview)
    assert annex.row_counts(workspace, summary.id) == {8: 6, 9: 6}


def test_the_preview_says_what_is_kept_transformed_and_dropped(workspace: Workspace,
                                                                tmp_path: Path) -> None:
    list8, _ = care_rows(2)
    preview = read_return(workspace, [workbook(tmp_path / "l8.xlsx", {"L8": list8})], AS_AT)
    treatment = {c.standard_heading: c.treatment for c in preview.columns}
    assert treatment["Child Unique ID"] is Treatment.TRANSFORMED
    assert treatment["Date of Birth"] is Treatment.TRANSFORMED
    assert treatment["Allocated Worker"] is Treatment.TRANSFORMED
    assert treatment["Placement postcode"] is Treatment.DROPPED
    assert treatment["Allocated Team"] is Treatment.KEPT
    assert treatment["Date of Last Dental Check"] is Treatment.KEPT
    assert all(c.why for c in preview.columns)


@pytest.mark.parametrize(("content", "message"), [
    (b"Child Unique ID,Gender\nthis is not a workbook", "not a spreadsheet"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "password-protected"),
])
def test_a_file_that_cannot_be_read_says_why_and_changes_nothing(
        workspace: Workspace, tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "annex.xlsx"
    path.write_bytes(content)
    before = Path(workspace.location).read_bytes()
    with pytest.raises(ImportFileError, match=message):
        read_return(workspace, [path], AS_AT)
    assert annex.returns(workspace) == []
    assert Path(workspace.location).read_bytes() == before


def test_a_workbook_with_no_list_is_refused(workspace: Workspace, tmp_path: Path) -> None:
    path = workbook(tmp_path / "budget.xlsx", {"Budget": [["Line", "Amount"], ["Staff", 1]]})
    before = Path(workspace.location).read_bytes()
    with pytest.raises(ImportFileError, match="No Annex A list was recognised"):
        read_return(workspace, [path], AS_AT)
    assert Path(workspace.location).read_bytes() == before


def test_the_send_annex_a_is_recognised_and_refused(workspace: Workspace, tmp_path: Path) -> None:
    send = [["Child Unique ID", "Gender", "Date of Birth", "EHC plan start date",
             "SEN support", "Primary SEN need"],
            [1, "a) Male", dt.datetime(2015, 1, 1), dt.datetime(2022, 1, 1), "Yes", "ASD"]]
    path = workbook(tmp_path / "annex_a.xlsx", {"Annex A": send})
    with pytest.raises(ImportFileError, match="SEND"):
        read_return(workspace, [path], AS_AT)


def test_the_same_file_twice_is_recognised(workspace: Workspace) -> None:
    import_return(workspace, read_return(workspace, [SAMPLE], AS_AT))
    again = read_return(workspace, [SAMPLE], dt.date(2021, 6, 30))
    assert again.already_imported is not None
    with pytest.raises(ImportFileError, match="already imported"):
        import_return(workspace, again)
    assert len(annex.returns(workspace)) == 1


def test_returns_sit_side_by_side_with_one_key_per_child(workspace: Workspace,
                                                         tmp_path: Path) -> None:
    list8, list9 = care_rows(8)
    first = workbook(tmp_path / "march.xlsx", {"8": list8, "9": list9})
    later = workbook(tmp_path / "june.xlsx", {"8": list8[:5], "9": list9})
    one = import_return(workspace, read_return(workspace, [first], dt.date(2026, 3, 31)))
    two = import_return(workspace, read_return(workspace, [later], dt.date(2026, 6, 30)))
    assert [r.as_at for r in annex.returns(workspace)] == [dt.date(2026, 3, 31),
                                                          dt.date(2026, 6, 30)]
    keys_one = {r.child_key for r in annex.rows(workspace, one.id, [8])}
    keys_two = {r.child_key for r in annex.rows(workspace, two.id, [8])}
    assert keys_two < keys_one  # the same children, recognised across returns
    points = indicators.trend(workspace, "CIC_DENTAL")
    assert [d for d, _v in points] == [dt.date(2026, 3, 31), dt.date(2026, 6, 30)]


def test_age_band_is_worked_out_at_the_as_at_date() -> None:
    assert age_band(dt.date(2010, 4, 1), dt.date(2026, 3, 31)) == "10-15"
    assert age_band(dt.date(2010, 4, 1), dt.date(2026, 4, 1)) == "16-17"
    assert age_band(dt.date(2026, 1, 1), dt.date(2026, 3, 31)) == "Under 1"


def _raw_values(path: Path) -> dict[str, set[str]]:
    """Raw IDs, names, dates of birth and postcodes as they stand in the file."""
    found: dict[str, set[str]] = {"id": set(), "name": set(), "dob": set(), "postcode": set(),
                                  "other dates": set()}
    book = load_workbook(path, data_only=True)
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        headings = [str(h or "").strip() for h in rows[0]]
        for row in rows[1:]:
            for heading, value in zip(headings, row, strict=False):
                if value is None:
                    continue
                if heading in ("Child Unique ID", "Individual adopter identifier"):
                    found["id"].add(str(value))
                elif heading in ("Allocated Worker", "Allocated Personal Advisor") \
                        and value != "#N/A":
                    found["name"].update({str(value), str(value).replace("\xa0", " ")})
                elif heading == "Date of Birth" and isinstance(value, dt.datetime):
                    found["dob"].add(value.date().isoformat())
                elif heading == "Placement postcode":
                    found["postcode"].add(str(value))
                elif isinstance(value, dt.datetime):
                    found["other dates"].add(value.date().isoformat())
    return found


def test_no_raw_id_name_birth_date_or_postcode_reaches_the_workspace(tmp_path: Path) -> None:
    list8, list9 = care_rows(30, start=4_000_000)
    messy = workbook(tmp_path / "care.xlsx", {"CLA": list8, "Leavers": list9})
    path = tmp_path / "private.visitready"
    with Workspace.create(path, who="tester") as workspace:
        for source, as_at in ((SAMPLE, AS_AT), (messy, dt.date(2026, 11, 1))):
            import_return(workspace, read_return(workspace, [source], as_at))
    stored = path.read_bytes()
    for source in (SAMPLE, messy):
        raw = _raw_values(source)
        assert raw["id"] and raw["name"] and raw["dob"]
        for kind in ("id", "name", "postcode"):
            leaked = [v for v in raw[kind] if v.encode() in stored]
            assert leaked == [], f"{kind} found in the workspace: {leaked}"
        # A birth date that is also another kept date (a plan's start, say) may be there as that.
        births = raw["dob"] - raw["other dates"]
        assert births
        assert [d for d in births if d.encode() in stored] == []
        for day in births:
            d = dt.date.fromisoformat(day)
            assert f"{d:%d/%m/%Y}".encode() not in stored


def test_only_kept_columns_are_stored(workspace: Workspace) -> None:
    summary = import_return(workspace, read_return(workspace, [SAMPLE], AS_AT))
    stored = set()
    for row in annex.rows(workspace, summary.id):
        stored |= set(row.data)
    assert not stored & {"postcode", "provider", "worker", "dob", "age", "child_id"}
    assert "placement_start" in stored and "last_dental" in stored


def test_headings_match_case_insensitively_with_extra_columns(workspace: Workspace,
                                                              tmp_path: Path) -> None:
    rows = [[h.lower() for h in COMMON] + ["date of contact", "contact source", "Notes"],
            [5, "a) Male", "a) WBRI", dt.datetime(2012, 1, 1), 9, dt.datetime(2021, 1, 1),
             "q) 6: Police", "free text about the family"]]
    preview = read_return(workspace, [workbook(tmp_path / "l1.xlsx", {"x": rows})], AS_AT)
    sheet = preview.sheets[0]
    assert sheet.list_number == 1 and sheet.unknown_columns == ("Notes",)
    assert [c.treatment for c in preview.columns if c.heading == "Notes"] == [Treatment.DROPPED]
    assert "free text" not in str(preview.rows[0].data)


def test_a_list8_sheet_uses_the_care_columns(workspace: Workspace, tmp_path: Path) -> None:
    list8, _ = care_rows(3)
    assert list8[0] == LIST8
    preview = read_return(workspace, [workbook(tmp_path / "l8.xlsx", {"x": list8})], AS_AT)
    row = preview.rows[0]
    assert row.data["placements_12m"] == 0 and row.data["rhi_offered"] == "Yes"
    assert row.team == "CiC Team 1" and row.allocated is True


def test_a_sheet_whose_headings_repeat_a_column_is_reported(workspace: Workspace,
                                                            tmp_path: Path) -> None:
    rows = [[*LIST3, "DOB"], [1, "a) Male", "a) WBRI", None, 4, "01/02/2021", "q) 6: Police",
                              "b) No", 1, "T", "W", "01/01/2017"]]
    path = workbook(tmp_path / "twice.xlsx", {"Referrals": rows, "Other": [["a", "b"], [1, 2]]})
    with pytest.raises(ImportFileError, match="No Annex A list"):
        read_return(workspace, [path], AS_AT)
    both = workbook(tmp_path / "both.xlsx", {"Referrals": rows, "Good": [LIST3, rows[1][:11]]})
    preview = read_return(workspace, [both], AS_AT)
    bad = next(s for s in preview.sheets if s.source == "Referrals")
    assert "same column (Date of Birth)" in bad.status


def test_returns_past_the_retention_period_are_found_and_deleted(workspace: Workspace,
                                                                tmp_path: Path) -> None:
    list8, _ = care_rows(3)
    old = workbook(tmp_path / "old.xlsx", {"x": list8})
    new = workbook(tmp_path / "new.xlsx", {"x": list8[:3]})
    import_return(workspace, read_return(workspace, [old], dt.date(2024, 3, 31)))
    kept = import_return(workspace, read_return(workspace, [new], dt.date(2026, 3, 31)))
    today = dt.date(2026, 4, 30)
    assert annex.retention_months(workspace) == 24
    assert [r.as_at for r in annex.returns_past_retention(workspace, today)] == [
        dt.date(2024, 3, 31)]
    annex.set_retention_months(workspace, 30)
    assert annex.returns_past_retention(workspace, today) == []
    annex.set_retention_months(workspace, 12)
    deleted = annex.apply_retention(workspace, today)
    assert [r.as_at for r in deleted] == [dt.date(2024, 3, 31)]
    assert [r.id for r in annex.returns(workspace)] == [kept.id]
    assert indicators.stored_values(workspace) == indicators.stored_values(workspace, kept.id)
