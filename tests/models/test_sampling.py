"""Case sampling: a known draw pinned, the same sample whatever the row order or the program that saved the file."""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from importers.annex_a import import_return, read_return
from models import annex, sampling
from models import entities as e
from models.annex import ChildRow
from models.errors import ConflictError, ValidationError
from models.sampling import DrawParameters, allocate, build_frame, draw, rank_key
from models.store import Workspace
from tests.importers.annex_files import care_rows, workbook

AS_AT = dt.date(2026, 11, 1)
TODAY = dt.date(2026, 11, 22)
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _pinned_rows() -> list[ChildRow]:
    return [ChildRow(n + 1, 8 if n < 12 else 9, n + 2, f"key{n:02d}", ["10-15", "16-17"][n % 2],
                     "Female", "WBRI", "No", "T", True, {}) for n in range(20)]


def test_a_known_draw_is_pinned() -> None:
    """If this changes, a sample drawn last year could not be drawn again: do not 'fix' it."""
    params = DrawParameters(lists=(8, 9), strata=("list", "age_band"), size=6, seed="pinned seed")
    frame = build_frame(_pinned_rows(), params, AS_AT)
    assert frame.hash == "0f0bf570ab5f0f9d1401dbc42a568517ed39f3f1bb81f568441f552d61863851"
    assert rank_key("s", "h", "List 8 / 10-15", "key00") == \
        "593523c54a125dfd00012639ce71a3abb8748eda72da7203e2d345477c8b614f"
    picks = draw(frame, params)
    assert [(p.member.child_key, p.member.stratum, p.rank) for p in picks] == [
        ("key06", "List 8 / 10-15", 1), ("key00", "List 8 / 10-15", 2),
        ("key07", "List 8 / 16-17", 1), ("key09", "List 8 / 16-17", 2),
        ("key18", "List 9 / 10-15", 1), ("key15", "List 9 / 16-17", 1)]
    more = draw(frame, params, already=[p.member.child_key for p in picks], extra_per_stratum=1)
    assert [(p.member.child_key, p.rank) for p in more] == [
        ("key02", 3), ("key11", 3), ("key12", 2), ("key13", 2)]


def test_the_draw_does_not_depend_on_row_order() -> None:
    params = DrawParameters(lists=(8, 9), strata=("list", "age_band"), size=6, seed="any")
    rows = _pinned_rows()
    shuffled = rows[:]
    random.Random(7).shuffle(shuffled)
    first = draw(build_frame(rows, params, AS_AT), params)
    second = draw(build_frame(shuffled, params, AS_AT), params)
    assert [p.member.child_key for p in first] == [p.member.child_key for p in second]


def test_allocation_is_proportional_with_one_per_stratum_or_fixed() -> None:
    # 6 over 10/5/1: quotas 3.75, 1.875, 0.375 -> 3, 1, 1 (at least one); the spare one goes
    # to the largest remainder (0.875).
    assert allocate({"a": 10, "b": 5, "c": 1, "d": 0}, "proportional", 6) == {
        "a": 3, "b": 2, "c": 1, "d": 0}
    assert allocate({"a": 10, "b": 1}, "fixed", 3) == {"a": 3, "b": 1}
    # More strata than cases: one from each, even if that is more than asked.
    assert allocate({"a": 1, "b": 1, "c": 1}, "proportional", 2) == {"a": 1, "b": 1, "c": 1}


def _import(workspace: Workspace, path: Path) -> int:
    return import_return(workspace, read_return(workspace, [path], AS_AT)).id


@pytest.fixture
def care_file(tmp_path: Path) -> Path:
    list8, list9 = care_rows(60)
    return workbook(tmp_path / "care.xlsx", {"List 8": list8, "List 9": list9})


@pytest.fixture
def visit(workspace: Workspace) -> e.Visit:
    themes = {t.code: t.id for t in workspace.themes()}
    return workspace.add_visit(number=5, visit_type="Monitoring visit", status="Planned",
                               themes=[themes["CIC"], themes["CL"]])


PARAMS = DrawParameters(lists=(8, 9), strata=("list", "team", "age_band"), size=10,
                        seed="MV5 council sample")


def _drawn(workspace: Workspace, visit: e.Visit, return_id: int) -> list[str]:
    summary = sampling.make_draw(workspace, visit.id, return_id, PARAMS, TODAY)
    return [c[0] for c in summary.cases]


def test_same_sample_after_the_rows_are_shuffled(workspace: Workspace, visit: e.Visit,
                                                 care_file: Path, tmp_path: Path) -> None:
    list8, list9 = care_rows(60)
    body8, body9 = list8[1:], list9[1:]
    random.Random(3).shuffle(body8)
    random.Random(4).shuffle(body9)
    shuffled = workbook(tmp_path / "shuffled.xlsx", {"B": [list9[0], *body9],
                                                     "A": [list8[0], *body8]})
    first = _drawn(workspace, visit, _import(workspace, care_file))
    second = _drawn(workspace, visit, _import(workspace, shuffled))
    assert len(first) >= 10 and first == second


@pytest.mark.libreoffice
@pytest.mark.skipif(SOFFICE is None and not os.environ.get("CI"),
                    reason="LibreOffice is not installed (CI installs it)")
def test_same_sample_after_libreoffice_saves_the_file_again(
        workspace: Workspace, visit: e.Visit, care_file: Path, tmp_path: Path) -> None:
    assert SOFFICE is not None, "CI must install LibreOffice (see .ci/run)"
    out = tmp_path / "resaved"
    subprocess.run([SOFFICE, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
                    "--headless", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir",
                    str(out), str(care_file)], check=True, capture_output=True, timeout=240)
    resaved = out / care_file.name
    assert resaved.read_bytes() != care_file.read_bytes()
    first = _drawn(workspace, visit, _import(workspace, care_file))
    second = _drawn(workspace, visit, _import(workspace, resaved))
    assert first == second


def test_a_draw_makes_tagged_case_samples_and_stores_how(workspace: Workspace, visit: e.Visit,
                                                         care_file: Path) -> None:
    return_id = _import(workspace, care_file)
    summary = sampling.make_draw(workspace, visit.id, return_id, PARAMS, TODAY)
    assert summary.seed == PARAMS.seed and summary.algorithm_version == 1
    assert summary.parameters.strata == PARAMS.strata and len(summary.frame_hash) == 64
    samples = workspace.all(e.CaseSample)
    assert len(samples) == len(summary.cases) >= 10
    for sample in samples:
        assert sample.how_chosen == "LA random" and sample.selected_by == "Authority"
        assert sample.visit_id == visit.id and sample.local_case_id.startswith("C-")
        assert [t.code for t in sample.themes] in (["CIC"], ["CL"])
        assert sample.sample_ref.startswith(("MV5-CIC-", "MV5-CL-"))
    assert len({s.sample_ref for s in samples}) == len(samples)
    assert "HMAC-SHA256" in summary.sentence and PARAMS.seed in summary.sentence


def test_draw_more_takes_the_next_ranks(workspace: Workspace, visit: e.Visit,
                                        care_file: Path) -> None:
    return_id = _import(workspace, care_file)
    summary = sampling.make_draw(workspace, visit.id, return_id, PARAMS, TODAY)
    before = {c[0] for c in summary.cases}
    # The draw's cases get audited: draw more still rebuilds the same frame.
    for sample in workspace.all(e.CaseSample):
        workspace.update(e.CaseSample, sample.id, sample.version, audit_date=TODAY)
    more = sampling.draw_more(workspace, summary.id, TODAY, extra_per_stratum=1)
    added = [c for c in more.cases if c[0] not in before]
    assert added and all(c[2] == "LA random" for c in added)
    strata = {c[1] for c in added}
    assert len(added) == len(strata)  # one more from each stratum that had any left
    for _key, stratum, _how, rank, _id in added:
        taken_before = [c for c in summary.cases if c[1] == stratum]
        assert rank == len(taken_before) + 1


def test_recently_audited_children_are_left_out_and_forced_ones_kept(
        workspace: Workspace, visit: e.Visit, care_file: Path) -> None:
    return_id = _import(workspace, care_file)
    first = sampling.make_draw(workspace, visit.id, return_id, PARAMS, TODAY)
    for sample in workspace.all(e.CaseSample):
        workspace.update(e.CaseSample, sample.id, sample.version,
                         audit_date=TODAY - dt.timedelta(days=30))
    audited = {c[0] for c in first.cases}
    keep = sorted(audited)[0]
    params = DrawParameters(**{**PARAMS.__dict__, "forced": ((keep, "LA purposive"),)})
    second = sampling.make_draw(workspace, visit.id, return_id, params, TODAY)
    chosen = {c[0]: c[2] for c in second.cases}
    assert chosen[keep] == "LA purposive"
    assert not (set(chosen) - {keep}) & audited
    assert second.frame_size == first.frame_size - len(audited) + 1


def test_inspectors_choices_appear_in_the_balance_table(workspace: Workspace, visit: e.Visit,
                                                        care_file: Path) -> None:
    return_id = _import(workspace, care_file)
    summary = sampling.make_draw(workspace, visit.id, return_id, PARAMS, TODAY)
    chosen = {c[0] for c in summary.cases}
    rows = annex.rows(workspace, return_id, [9])
    pick = next(r for r in rows if r.child_key not in chosen)
    summary = sampling.add_chosen(workspace, summary.id, pick.child_key, "Inspector selected",
                                  TODAY)
    sample = workspace.get(e.CaseSample, summary.cases[-1][4])
    assert sample.selected_by == "Inspector" and sample.how_chosen == "Inspector selected"
    table = sampling.draw_balance(workspace, summary, TODAY)
    by_list = {r.value: r for r in table if r.variable == "List"}
    assert by_list["List 9"].inspectors == 1 and by_list["List 8"].inspectors == 0
    assert sum(r.frame for r in by_list.values()) == summary.frame_size
    assert sum(r.council for r in by_list.values()) == len(summary.cases) - 1
    with pytest.raises(ValidationError):
        sampling.add_chosen(workspace, summary.id, pick.child_key, "Inspector selected", TODAY)


def test_a_draw_needs_a_seed_and_a_frame(workspace: Workspace, visit: e.Visit,
                                         care_file: Path) -> None:
    return_id = _import(workspace, care_file)
    with pytest.raises(ValidationError, match="seed"):
        sampling.make_draw(workspace, visit.id, return_id,
                           DrawParameters(lists=(8,), seed=" "), TODAY)
    with pytest.raises(ValidationError, match="No child"):
        sampling.make_draw(workspace, visit.id, return_id,
                           DrawParameters(lists=(3,), seed="x"), TODAY)
    assert workspace.all(e.CaseSample) == []


def test_draw_more_refuses_when_the_return_is_gone(workspace: Workspace, visit: e.Visit,
                                                   care_file: Path) -> None:
    return_id = _import(workspace, care_file)
    summary = sampling.make_draw(workspace, visit.id, return_id, PARAMS, TODAY)
    annex.delete_return(workspace, return_id)
    kept = sampling.get_draw(workspace, summary.id)
    assert kept.frame_hash == summary.frame_hash and kept.return_id is None
    with pytest.raises(ConflictError, match="removed"):
        sampling.draw_more(workspace, summary.id, TODAY)


def test_a_case_to_include_that_is_not_in_the_frame_stops_the_draw(
        workspace: Workspace, visit: e.Visit, care_file: Path) -> None:
    return_id = _import(workspace, care_file)
    params = DrawParameters(**{**PARAMS.__dict__, "forced": (("no such key", "LA purposive"),)})
    with pytest.raises(ValidationError, match="1 of the cases to include is not in the frame"):
        sampling.make_draw(workspace, visit.id, return_id, params, TODAY)
    assert workspace.all(e.CaseSample) == []


def test_the_frame_can_be_limited_to_age_bands() -> None:
    params = DrawParameters(lists=(8, 9), strata=("list",), size=4, seed="s",
                            age_bands=("16-17",))
    frame = build_frame(_pinned_rows(), params, AS_AT)
    assert len(frame.members) == 10 and {m.row.age_band for m in frame.members.values()} == {
        "16-17"}
    again = DrawParameters.from_json(params.as_json())
    assert again == params
