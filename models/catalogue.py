"""The built-in theme catalogue and the readiness checklist template, read from resources/."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from .entities import Theme


@cache
def _load(name: str) -> dict[str, Any]:
    text = resources.files("resources").joinpath(name).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def built_in_themes() -> list[dict[str, str]]:
    """The focus areas every new workspace starts with (code, name, judgement, indicators)."""
    return [dict(theme) for theme in _load("themes.json")["themes"]]


@dataclass(frozen=True)
class ChecklistEntry:
    """One item of a new visit's checklist, before it is stored."""

    category: str
    item: str
    due_days_before: int
    theme: Theme | None


def checklist_template(focus_themes: list[Theme]) -> list[ChecklistEntry]:
    """The checklist for a visit: general items once, per-theme items for each focus theme."""
    entries: list[ChecklistEntry] = []
    for raw in _load("checklist_template.json")["items"]:
        if raw.get("per_theme"):
            for theme in focus_themes:
                entries.append(ChecklistEntry(raw["category"], f"{theme.name}: {raw['item']}",
                                              raw["due_days_before"], theme))
        else:
            entries.append(ChecklistEntry(raw["category"], raw["item"], raw["due_days_before"],
                                          None))
    return entries
