"""Annex A on a shared PostgreSQL workspace: import, indicators, a draw and draw more."""

from __future__ import annotations

import datetime as dt

import pytest

from importers.annex_a import import_return, read_return
from models import annex, indicators, sampling
from models import entities as e
from models.store import Workspace
from tests.conftest import SERVER
from tests.importers.annex_files import SAMPLE

pytestmark = [
    pytest.mark.postgresql,
    pytest.mark.skipif(not SERVER and not __import__("os").environ.get("CI"),
                       reason="set VISITREADY_TEST_POSTGRES to run on PostgreSQL (CI does)"),
]


def test_annex_a_works_the_same_on_postgresql(url: str) -> None:  # noqa: F811
    with Workspace.connect(url, who="analyst") as ws:
        themes = {t.code: t.id for t in ws.themes()}
        visit = ws.add_visit(number=2, visit_type="Monitoring visit", status="Planned",
                             themes=[themes["CIC"], themes["CL"]])
        summary = import_return(ws, read_return(ws, [SAMPLE], dt.date(2021, 3, 31)))
        assert len(indicators.stored_values(ws, summary.id)) == len(indicators.CATALOGUE)
        draw = sampling.make_draw(ws, visit.id, summary.id,
                                  sampling.DrawParameters(lists=(8, 9), strata=("list",), size=4,
                                                          seed="shared"), dt.date(2021, 4, 1))
        more = sampling.draw_more(ws, draw.id, dt.date(2021, 4, 1))
        assert len(more.cases) == len(draw.cases) + 2
    with Workspace.connect(url, who="another leader") as again:
        assert annex.child_key_secret(again)  # the same secret, read back
        (kept,) = annex.returns(again)
        assert kept.sha256 == summary.sha256
        assert len(again.all(e.CaseSample)) == len(more.cases)
        deleted = again.delete(e.Visit, visit.id, again.get(e.Visit, visit.id).version)
        assert sampling.draws_for_visit(again, visit.id) == []
        again.restore(deleted)
        assert [d.frame_hash for d in sampling.draws_for_visit(again, visit.id)] == \
            [draw.frame_hash]
