"""What the briefing pack and the evidence log show of Annex A: the latest figures per theme, and the draws."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from . import annex, indicators, sampling
from . import entities as e
from .errors import AppError
from .sampling import BalanceRow
from .store import Workspace


@dataclass(frozen=True)
class AnnexFigure:
    """One indicator from the latest return, with its previous value and its trend."""

    code: str
    name: str
    unit: str
    value: float | None
    text: str
    fraction: str
    previous: str
    direction: str
    as_at: dt.date
    definition_version: int
    source_sha256: str
    theme_codes: tuple[str, ...]
    lists: str
    plain: str
    trend: tuple[tuple[dt.date, float | None], ...]
    numerator: float | None
    denominator: float | None


@dataclass(frozen=True)
class DrawBrief:
    """A draw for the visit: the sentence saying how, its cases and its balance table."""

    sentence: str
    cases: tuple[tuple[str, str, str, str], ...]
    balance: tuple[BalanceRow, ...]


@dataclass(frozen=True)
class AnnexBriefing:
    """Annex A as the exports show it."""

    return_label: str
    as_at: dt.date
    file_names: str
    sha256: str
    figures: tuple[AnnexFigure, ...]
    draws: tuple[DrawBrief, ...]

    def for_theme(self, code: str) -> tuple[AnnexFigure, ...]:
        return tuple(f for f in self.figures if code in f.theme_codes)


def build_annex_briefing(workspace: Workspace, visit_id: int,
                         today: dt.date) -> AnnexBriefing | None:
    """The latest return's figures and the visit's draws; None when no return was imported."""
    found = annex.returns(workspace)
    draws = sampling.draws_for_visit(workspace, visit_id)
    if not found and not draws:
        return None
    values = indicators.stored_values(workspace)
    latest = found[-1] if found else None
    figures = []
    if latest is not None:
        for value in (v for v in values if v.return_id == latest.id):
            series = [v for v in values if v.indicator.code == value.indicator.code]
            earlier = [v for v in series if v.as_at < value.as_at]
            figures.append(AnnexFigure(
                value.indicator.code, value.indicator.name, value.indicator.unit, value.value,
                value.text, value.fraction, earlier[-1].text if earlier else "",
                value.indicator.direction, value.as_at, value.definition_version,
                value.source_sha256, value.theme_codes,
                ", ".join(f"List {n}" for n in value.indicator.lists), value.indicator.plain,
                tuple((v.as_at, v.value) for v in series), value.numerator, value.denominator))
    briefs = []
    for draw in draws:
        refs: dict[int, str] = {}
        for case in draw.cases:
            if case[4] is not None:
                try:
                    refs[case[4]] = workspace.get(e.CaseSample, case[4]).sample_ref
                except AppError:
                    refs[case[4]] = "(deleted)"
        briefs.append(DrawBrief(
            draw.sentence,
            tuple((refs.get(c[4] or 0, ""), c[1], c[2], "" if c[3] is None else str(c[3]))
                  for c in draw.cases),
            tuple(sampling.draw_balance(workspace, draw, today))))
    return AnnexBriefing(
        latest.label if latest else "", latest.as_at if latest else today,
        latest.file_names if latest else "", latest.sha256 if latest else "",
        tuple(figures), tuple(briefs))
