"""Property: export, then import with no edits, gives only "unchanged" rows, whatever the workspace holds."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from importers.log_compare import RowClass, preview_log
from models import entities as e
from models import vocabulary as v
from models.store import Workspace
from tests.importers.conftest import export_log

# Characters a spreadsheet can hold (XML 1.0 has no place for most control characters).
_CHARS = st.characters(blacklist_categories=("Cs",), blacklist_characters="".join(
    chr(c) for c in range(32) if chr(c) not in "\t\n"))
TEXT = st.text(_CHARS, max_size=40)
LINE = st.text(_CHARS.filter(lambda ch: ch not in "\n"), max_size=30)
TITLE = st.one_of(
    LINE.filter(lambda t: t.strip()),
    st.sampled_from(["=SUM(A1:A3)", "+44 7700 900123", "-5 days", "@risk", "007", "1e5",
                     "31/03/2026", "TRUE", "E-001", "  padded  "]),
)
DATES = st.one_of(st.none(), st.dates(dt.date(1950, 1, 1), dt.date(2090, 12, 31)))
NUMBERS = st.one_of(st.none(), st.floats(-1e9, 1e9, allow_nan=False, allow_infinity=False),
                    st.integers(-10**6, 10**6).map(float))


def _choice(enum: type[Any]) -> st.SearchStrategy[str]:
    return st.sampled_from(v.values(enum))


EVIDENCE = st.fixed_dictionaries({
    "title": TITLE, "evidence_type": _choice(v.EvidenceType), "source": LINE, "as_at": DATES,
    "period": LINE, "owner": LINE, "location": LINE, "summary": TEXT,
    "direction": _choice(v.Direction), "status": _choice(v.EvidenceStatus),
    "include_in_pack": st.booleans(), "review_date": DATES,
})
ACTION = st.fixed_dictionaries({
    "description": TITLE, "owner": TITLE, "due_date": st.dates(dt.date(2030, 1, 1),
                                                                dt.date(2031, 1, 1)),
    "start_date": DATES.filter(lambda d: d is None or d < dt.date(2030, 1, 1)),
    "status": _choice(v.ActionStatus), "rag": st.one_of(st.none(), _choice(v.Rag)),
    "progress": TEXT, "baseline": LINE, "target": TITLE, "current_value": LINE,
})
INDICATOR = st.fixed_dictionaries({
    "measure": TITLE, "value": NUMBERS, "target": NUMBERS, "england": NUMBERS,
    "unit": st.sampled_from(["%", "days", ""]), "as_at": DATES,
    "direction_of_good": _choice(v.DirectionOfGood),
})
FINDING = st.fixed_dictionaries({
    "text": TITLE, "kind": _choice(v.FindingKind), "judgement": _choice(v.Judgement),
    "latest_view": _choice(v.LatestView),
})
SAMPLE = st.fixed_dictionaries({
    "sample_ref": TITLE, "cohort": _choice(v.Cohort), "selected_by": _choice(v.SelectedBy),
    "audit_type": _choice(v.AuditType), "overall_grade": st.one_of(st.none(), _choice(v.Grade)),
    "age_band": st.one_of(st.none(), _choice(v.AgeBand)), "audit_date": DATES,
    "strengths": TEXT, "escalated": st.booleans(),
})


@st.composite
def workspaces(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "evidence": draw(st.lists(EVIDENCE, max_size=5)),
        "actions": draw(st.lists(ACTION, max_size=3)),
        "indicators": draw(st.lists(INDICATOR, max_size=3)),
        "findings": draw(st.lists(FINDING, max_size=3)),
        "samples": draw(st.lists(SAMPLE, max_size=3)),
        "theme_picks": draw(st.lists(st.integers(0, 10), max_size=3)),
        "links": draw(st.booleans()),
    }


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workspaces())
def test_export_then_import_with_no_edits_is_all_unchanged(data: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        ws = Workspace.create(tmp / "p.visitready", who="tester", authority="Property Council")
        try:
            themes = ws.themes()
            picked = [themes[i].id for i in dict.fromkeys(data["theme_picks"])]
            visit = ws.add_visit(number=1, visit_type="Monitoring visit", status="Planned",
                                 start_date=dt.date(2026, 12, 8), themes=picked)
            evidence = [ws.add(e.EvidenceItem, themes=picked, **x) for x in data["evidence"]]
            findings = [ws.add(e.Finding, source_visit_id=visit.id, themes=picked, **x)
                        for x in data["findings"]]
            for x in data["actions"]:
                links = {"findings": [f.id for f in findings], "evidence": [y.id for y in evidence]}
                ws.add(e.Action, **x, **(links if data["links"] else {}))
            for x in data["indicators"]:
                ws.add(e.IndicatorSnapshot, theme_id=picked[0] if picked else None, **x)
            for x in data["samples"]:
                ws.add(e.CaseSample, visit_id=visit.id, themes=picked, **x)
            # Generated text may look personal; such rows are left out by default and would
            # then be "missing from the file" (reported, never deleted): export them all here.
            log = export_log(ws, tmp / "log.xlsx", personal_data_reason="Round-trip test")
            preview = preview_log(ws, log)
            assert preview.problems == []
            assert {o.cls for o in preview.rows} <= {RowClass.UNCHANGED}
            assert preview.to_write() == []
        finally:
            ws.close()
