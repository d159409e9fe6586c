"""The demo workspace: the size and story the issue asks for, deterministic, fictional."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import inspect as sa_inspect

from models import entities as e
from models.demo import build_demo
from models.store import Workspace
from tests.conftest import TODAY

REAL_NAMES = ("Herefordshire", "Alison Smale", "Tom Antony", "West Mercia", "Get Safe",
              "Darryl Freeman", "BCP", "Bournemouth")


def test_demo_has_the_story_sizes(demo: Workspace) -> None:
    assert 55 <= demo.count(e.EvidenceItem) <= 65
    assert demo.count(e.CaseSample) == 30
    assert demo.count(e.Action) == 25
    assert demo.count(e.IndicatorSnapshot) >= 15
    assert all(i.target is not None for i in demo.all(e.IndicatorSnapshot))
    visits = demo.visits()
    assert [v.title for v in visits] == ["ILACS inspection", "Monitoring visit 1",
                                         "Monitoring visit 2", "Monitoring visit 3",
                                         "Monitoring visit 4"]
    assert demo.authority().grade_overall == "Inadequate"
    latest = demo.latest_visit()
    assert latest is not None and latest.start_date == TODAY + dt.timedelta(days=16)
    texts = " ".join(f.text for f in demo.all(e.Finding))
    for phrase in ("formulaic", "60%", "placement moves", "Supervision"):
        assert phrase in texts


def test_demo_is_deterministic_for_a_given_day(tmp_path: Path) -> None:
    def dump(path: Path) -> list[tuple[object, ...]]:
        with build_demo(path, today=TODAY) as ws:
            rows = []
            for kind in (e.EvidenceItem, e.CaseSample, e.Action, e.ChecklistItem, e.Finding):
                for record in ws.all(kind):
                    cols = sa_inspect(kind).column_attrs
                    rows.append(tuple(getattr(record, c.key) for c in cols
                                      if c.key not in ("created_at", "updated_at",
                                                       "verified_at", "approved_at")))
            return rows

    assert dump(tmp_path / "a.visitready") == dump(tmp_path / "b.visitready")


def test_demo_uses_no_real_names_and_no_personal_data_in_text(demo: Workspace) -> None:
    from models.personal_data import scan

    texts: list[str] = []
    for kind in (e.EvidenceItem, e.CaseSample, e.Action, e.Finding, e.Visit, e.Theme):
        for record in demo.all(kind):
            texts.extend(str(v) for v in vars(record).values() if isinstance(v, str))
    blob = "\n".join(texts)
    for name in REAL_NAMES:
        assert name not in blob
    assert [w.text for t in texts for w in scan(t)] == []
