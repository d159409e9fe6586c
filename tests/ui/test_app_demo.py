"""The demo workspace the app opens first carries two Annex A returns to show the indicators."""

from __future__ import annotations

from pathlib import Path

from models import annex, indicators


def test_the_demo_opened_by_the_app_has_two_returns(tmp_path: Path) -> None:
    from ui.app import demo_workspace

    with demo_workspace(tmp_path) as workspace:
        returns = annex.returns(workspace)
        assert len(returns) == 2 and returns[0].as_at < returns[1].as_at
        assert len(indicators.trend(workspace, "CIC_HEALTH")) == 2
    with demo_workspace(tmp_path) as again:  # opened, not built again
        assert [r.sha256 for r in annex.returns(again)] == [r.sha256 for r in returns]
