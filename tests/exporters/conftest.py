"""Briefing content built from the demo workspace."""

from __future__ import annotations

import pytest

from models.briefing import BriefingContent, ExportOptions, build_briefing
from models.store import Workspace
from tests.conftest import TODAY


@pytest.fixture
def content(demo: Workspace) -> BriefingContent:
    visit = demo.latest_visit()
    assert visit is not None
    return build_briefing(demo, ExportOptions(visit_id=visit.id), TODAY)
