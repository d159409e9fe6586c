"""docs/indicators.md and docs/annex-a-data.md say what the code does; the DPIA notes link them."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _script() -> object:
    spec = importlib.util.spec_from_file_location("annex_docs", ROOT / "scripts" / "annex_docs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_indicator_definitions_in_the_docs_match_the_catalogue() -> None:
    from models.indicators import CATALOGUE

    text = (ROOT / "docs" / "indicators.md").read_text(encoding="utf-8")
    assert text == _script().indicators_md()  # type: ignore[attr-defined]
    for indicator in CATALOGUE:
        assert f"`{indicator.code}`" in text and indicator.plain in text


def test_the_data_protection_notes_name_every_column_and_what_happens_to_it() -> None:
    text = (ROOT / "docs" / "annex-a-data.md").read_text(encoding="utf-8")
    assert text == _script().protection_md()  # type: ignore[attr-defined]
    assert "| 8 | Placement postcode | dropped |" in text
    assert "| 1 | Child Unique ID | transformed |" in text


def test_the_dpia_notes_link_the_annex_a_column_table() -> None:
    text = (ROOT / "docs" / "data-protection.md").read_text(encoding="utf-8")
    assert "(annex-a-data.md)" in text and (ROOT / "docs" / "annex-a-data.md").is_file()
