"""Write docs/indicators.md and docs/annex-a-data.md (what Annex A keeps) from the code's own definitions.

Run by hand after changing the indicator catalogue or what the importer keeps:
    python scripts/annex_docs.py
A test checks the documents match the code.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

INDICATORS_INTRO = """\
# Indicators worked out from Annex A

When a return is imported, VisitReady works out every indicator below for the return's
as-at date and stores each as an indicator value: numerator, denominator, value, the
definition's version and the source file's SHA-256, linked to its themes. The Indicators page
shows them with their trend across returns; every figure opens to the pseudonymised rows
behind it (its denominator, with the rows it counts shaded). The briefing pack shows them per
theme and the evidence log on its Indicators sheet.

*Working days* leave out weekends and England's bank holidays (the `holidays` package).
*Open* means: a child protection plan with no end date (or one after the as-at date); a child
in care with no ceased date (or one after it); a child in need case not closed and not marked
"Closed episode". Rows whose cells could not be read are left out at import and listed then.

A definition's version goes up whenever its rule changes, so figures worked out under an
older rule are never compared unknowingly with newer ones.

This page is written from the definitions in `models/indicators.py` by
`scripts/annex_docs.py`; a test checks they agree.
"""

PROTECTION_INTRO = """\
# Annex A and children's data

Annex A lists are child-level data about vulnerable children. VisitReady keeps the least of
it that the indicators and the case sampling need, and nothing that names a child.

## What happens to a child's identity

- **Child ID.** Kept only as a keyed hash: HMAC-SHA256 of the ID with a secret made for the
  workspace the first time a return is imported (kept in the workspace, never shown or
  exported). The same child gets the same key in every list and every return of that
  workspace, so lists and returns can be joined. Without the secret the key cannot be
  turned back into the ID, or checked against a guessed one; the secret lives in the
  workspace, so the workspace file itself must be kept as carefully as the case system's
  data (IDs are short enough to guess once the secret is known). IDs are read as text, with
  leading zeros kept, and `7961370.0` and `7961370` are the same ID. On screen and in the
  exports a child is shown by the start of the key (`C-3A1F9284C6`).
- **Date of birth.** Turned into an age band at the return's as-at date (the same bands as
  case samples). The date itself is never stored. The `Age` column is used for the band only
  when the date of birth is blank.
- **Names, addresses, postcodes, placement provider details.** Dropped. The worker and
  personal adviser columns are kept only as "allocated yes/no"; the team is kept (it is a
  sampling stratum and names no person).
- **Everything else** is kept only when an indicator or a sampling stratum uses it; other
  columns, and columns that are not Annex A columns at all, are dropped.

The import preview says, column by column, what is kept, transformed and dropped, before
anything is written. Problem cells are shown to the user on screen (list, row, column, value)
and never stored.

To find the case behind a key, for example a case drawn for audit, the analyst types or pastes
the ID into VisitReady (forced inclusions, inspectors' choices): it is hashed with the
workspace's secret and matched, and the ID is not stored.

## Returns, retention and removal

Each return is kept side by side with the others by its as-at date, with its file names and
SHA-256 (the same file is never imported twice). A return counts as case-level data for
retention: each workspace has a retention period for returns (24 months after the as-at date
unless the council sets its own, `models/annex.py`), the Indicators page says when returns
are past it and deletes them when asked; any return can also be deleted by hand (*Delete
return…*). Its rows and indicator values go with it. Case-sample draws made from it keep
their seed, parameters and frame hash (no child data), and can no longer draw more.

## Column by column

Written from `importers/annex_a_spec.py` by `scripts/annex_docs.py`; a test checks they agree.

| List | Column | What happens | Why |
|---|---|---|---|
"""


def indicators_md() -> str:
    from models.indicators import CATALOGUE, DEFAULT_THRESHOLDS

    thresholds = {t.key: t for t in DEFAULT_THRESHOLDS}
    lines = [INDICATORS_INTRO, "## Thresholds\n",
             "Each is a setting (Indicators page, *Thresholds…*), labelled statutory or local.\n",
             "| Threshold | Default | Basis | Source |", "|---|---|---|---|"]
    for t in DEFAULT_THRESHOLDS:
        lines.append(f"| {t.label} | {t.value:g} {t.unit} | {t.basis} | {t.source} |")
    lines.append("\n## Definitions\n")
    for i in CATALOGUE:
        lines.append(f"### {i.name} (`{i.code}`, version {i.version})\n")
        lines.append(f"{i.plain}\n")
        lines.append(f"- From: {', '.join(f'List {n}' for n in i.lists)}; columns: "
                     f"{'; '.join(i.columns)}")
        lines.append(f"- Themes: {', '.join(i.themes)}; unit: {i.unit}; {i.direction.lower()}")
        if i.thresholds:
            lines.append("- Thresholds: " + "; ".join(
                f"{thresholds[k].label} ({thresholds[k].basis})" for k in i.thresholds))
        lines.append("")
    return "\n".join(lines)


def protection_md() -> str:
    from importers.annex_a_spec import lists

    lines = [PROTECTION_INTRO.rstrip("\n")]
    for spec in lists().values():
        for column in spec.columns:
            lines.append(f"| {spec.number} | {column.header} | {column.treatment.value} | "
                         f"{column.why} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    (ROOT / "docs" / "indicators.md").write_text(indicators_md(), encoding="utf-8")
    (ROOT / "docs" / "annex-a-data.md").write_text(protection_md(), encoding="utf-8")
    print("docs/indicators.md and docs/annex-a-data.md written")


if __name__ == "__main__":
    main()
