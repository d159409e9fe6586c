"""Every picture and page the README and docs link to is there, and every screenshot is linked
or numbered in one set (no stale files left beside the current ones)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def test_every_local_link_in_the_readme_and_docs_resolves() -> None:
    missing = []
    for doc in DOCS:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", doc.read_text("utf-8")):
            if "://" in target or target.startswith("mailto:"):
                continue
            if not (doc.parent / target).exists():
                missing.append(f"{doc.relative_to(ROOT)} -> {target}")
    assert not missing


def test_screenshots_are_one_numbered_set() -> None:
    names = sorted(p.name for p in (ROOT / "docs" / "screenshots").glob("*.png"))
    numbers = [int(re.match(r"(\d\d)-", n).group(1)) for n in names if re.match(r"\d\d-", n)]
    assert len(numbers) == len(names), "every screenshot is numbered"
    assert sorted(numbers) == list(range(len(names))), "one of each number, none missing"
