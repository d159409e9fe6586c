"""Drawing case samples from an Annex A return: a frame, strata, sizes, and a ranking anyone can repeat.

Within a stratum every child is ranked by HMAC-SHA256(seed, frame hash | stratum | child key)
and the top n are taken; "draw more" takes the next ranks. Nothing depends on a library's random
number generator, the order of rows in the file, or the machine, so the same seed and parameters
give the same sample wherever and whenever they are used (the algorithm version is stored with
each draw, and changes only if this rule ever changes).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import annex
from . import annex_entities as ae
from . import entities as e
from . import vocabulary as v
from .annex import ChildRow
from .errors import ConflictError, ValidationError
from .store import Workspace, now

ALGORITHM_VERSION = 1

#: What a stratum can be made of, with how each is named on screen.
STRATUM_VARIABLES = {
    "list": "List",
    "team": "Team",
    "age_band": "Age band",
    "gender": "Gender",
    "ethnicity_group": "Ethnicity group",
    "disability": "Disability",
}

ETHNIC_GROUPS = {
    **dict.fromkeys(("WBRI", "WIRI", "WIRT", "WOTH", "WROM"), "White"),
    **dict.fromkeys(("MWBC", "MWBA", "MWAS", "MOTH"), "Mixed"),
    **dict.fromkeys(("AIND", "APKN", "ABAN", "AOTH"), "Asian"),
    **dict.fromkeys(("BCRB", "BAFR", "BOTH"), "Black"),
    **dict.fromkeys(("CHNE", "OOTH"), "Other"),
    **dict.fromkeys(("REFU", "NOBT"), "Not known"),
}

COHORT_OF_LIST = {
    1: v.Cohort.CIN, 2: v.Cohort.EARLY_HELP, 3: v.Cohort.CIN, 4: v.Cohort.CIN,
    5: v.Cohort.CP, 6: v.Cohort.CIN, 7: v.Cohort.CP, 8: v.Cohort.CHILD_IN_CARE,
    9: v.Cohort.CARE_LEAVER, 10: v.Cohort.CHILD_IN_CARE,
}
THEMES_OF_LIST = {1: ("FD",), 2: ("EH",), 3: ("FD",), 4: ("AS",), 5: ("AS", "CP"), 6: ("CP",),
                  7: ("CP",), 8: ("CIC",), 9: ("CL",), 10: ("CIC",)}

PROPORTIONAL = "proportional"
FIXED = "fixed"


@dataclass(frozen=True)
class DrawParameters:
    """What the user chose for a draw.

    Attributes:
        lists: The lists that make the frame, in order of preference (a child on two of them
            is counted once, under the first).
        open_only: Only children open at the as-at date (in care, on a plan, open CIN).
        age_bands: Only children in these age bands (all when empty), e.g. 16-17 and 18-21
            for a visit on older children and care leavers.
        strata: Stratum variables (keys of STRATUM_VARIABLES).
        size_mode: ``proportional`` (``size`` in all, at least one per non-empty stratum) or
            ``fixed`` (``size`` per stratum).
        size: The number wanted.
        exclude_audited_months: Leave out children whose case was audited this recently.
        excluded: Child keys left out by hand.
        forced: (child key, how chosen) included whatever the ranking says.
        seed: Any text; the same seed gives the same sample.
    """

    lists: tuple[int, ...]
    strata: tuple[str, ...] = ("list", "age_band")
    size_mode: str = PROPORTIONAL
    size: int = 12
    open_only: bool = True
    age_bands: tuple[str, ...] = ()
    exclude_audited_months: int = 12
    excluded: tuple[str, ...] = ()
    forced: tuple[tuple[str, str], ...] = ()
    seed: str = ""

    def check(self) -> None:
        if not self.lists:
            raise ValidationError("Choose at least one list for the frame.")
        if any(s not in STRATUM_VARIABLES for s in self.strata):
            raise ValidationError("Unknown stratum variable.")
        if self.size_mode not in (PROPORTIONAL, FIXED) or self.size < 1:
            raise ValidationError("The sample size must be at least 1.")
        if not self.seed.strip():
            raise ValidationError("Give a seed (any words or number) so the draw can be repeated.")

    def as_json(self) -> str:
        data = asdict(self)
        data["forced"] = [list(f) for f in self.forced]
        return json.dumps(data, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> DrawParameters:
        data = json.loads(text)
        data["lists"] = tuple(data["lists"])
        data["strata"] = tuple(data["strata"])
        data["excluded"] = tuple(data["excluded"])
        data["age_bands"] = tuple(data.get("age_bands", ()))
        data["forced"] = tuple((k, h) for k, h in data["forced"])
        return cls(**data)


@dataclass(slots=True)
class FrameMember:
    """A child in the frame, with the row it was taken from and its stratum."""

    row: ChildRow
    stratum: str

    @property
    def child_key(self) -> str:
        return self.row.child_key


@dataclass
class Frame:
    """The children a draw chooses from, grouped by stratum, and the frame's hash."""

    members: dict[str, FrameMember]
    hash: str
    excluded: int = 0

    def by_stratum(self) -> dict[str, list[FrameMember]]:
        groups: dict[str, list[FrameMember]] = defaultdict(list)
        for member in self.members.values():
            groups[member.stratum].append(member)
        return dict(sorted(groups.items()))


def stratum_value(row: ChildRow, variable: str) -> str:
    if variable == "list":
        return f"List {row.list_no}"
    if variable == "ethnicity_group":
        return ETHNIC_GROUPS.get(row.ethnicity, "Not known")
    value = getattr(row, variable)
    return str(value) if value else "Not recorded"


def stratum_of(row: ChildRow, strata: Sequence[str]) -> str:
    return " / ".join(stratum_value(row, s) for s in strata) or "All"


def _stratum_namer(strata: Sequence[str]) -> Callable[[ChildRow], str]:
    """stratum_of for many rows: the name is built once per distinct combination of values."""
    raw = [s for s in strata if s in ("team", "age_band", "gender", "disability")]
    names: dict[tuple[Any, ...], str] = {}

    def name(row: ChildRow) -> str:
        key = (row.list_no, row.ethnicity, *(getattr(row, s) for s in raw))
        found = names.get(key)
        if found is None:
            found = names[key] = stratum_of(row, strata)
        return found

    return name


def _is_open(row: ChildRow, as_at: dt.date) -> bool:
    ends = {6: "cin_end", 7: "cp_end", 8: "cla_end", 4: "assessment_end", 2: "eh_end"}
    name = ends.get(row.list_no)
    if name is None:
        return True
    end = row.date(name)
    if row.list_no == 6 and row.code("case_status").lower() == "closed episode":
        return False
    return end is None or end > as_at


def build_frame(rows: Iterable[ChildRow], params: DrawParameters, as_at: dt.date,
                excluded_keys: Iterable[str] = ()) -> Frame:
    """The frame: one member per child on the chosen lists, minus exclusions."""
    order = {n: i for i, n in enumerate(params.lists)}
    out = set(excluded_keys) | set(params.excluded)
    forced = {k for k, _h in params.forced}
    chosen: dict[str, ChildRow] = {}
    for row in rows:
        if row.list_no not in order or (params.open_only and not _is_open(row, as_at)):
            continue
        if params.age_bands and row.age_band not in params.age_bands:
            continue
        current = chosen.get(row.child_key)
        if current is None or (order[row.list_no], row.row_no) < (order[current.list_no],
                                                                   current.row_no):
            chosen[row.child_key] = row
    members = {}
    excluded = 0
    namer = _stratum_namer(params.strata)
    for key, row in chosen.items():
        if key in out and key not in forced:
            excluded += 1
            continue
        members[key] = FrameMember(row, namer(row))
    lines = sorted(f"{m.child_key}|{m.stratum}" for m in members.values())
    digest = hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()
    return Frame(members, digest, excluded)


def rank_key(seed: str, frame_hash: str, stratum: str, child_key: str) -> str:
    """The ranking of a child within its stratum: lowest first."""
    message = f"{frame_hash}|{stratum}|{child_key}".encode()
    return hmac.new(seed.encode("utf-8"), message, hashlib.sha256).hexdigest()


def ranked(frame: Frame, seed: str) -> dict[str, list[FrameMember]]:
    """Each stratum's members in rank order (the order of :func:`rank_key`)."""
    # The same HMAC as rank_key, fed in parts from a keyed copy: about twice as fast, and
    # raw digests sort exactly as their hex forms do.
    keyed = hmac.new(seed.encode("utf-8"), digestmod=hashlib.sha256)
    result = {}
    for stratum, members in frame.by_stratum().items():
        prefix = keyed.copy()
        prefix.update(f"{frame.hash}|{stratum}|".encode())

        def score(member: FrameMember, prefix: hmac.HMAC = prefix) -> bytes:
            h = prefix.copy()
            h.update(member.child_key.encode())
            return h.digest()

        result[stratum] = sorted(members, key=score)
    return result


def allocate(sizes: dict[str, int], mode: str, size: int) -> dict[str, int]:
    """How many to take from each stratum.

    Proportional: ``size`` shared by stratum size (largest remainders, ties by stratum name),
    at least one from every non-empty stratum, never more than a stratum has. Fixed: ``size``
    from each stratum (or all it has).
    """
    if mode == FIXED:
        return {s: min(size, n) for s, n in sizes.items()}
    total = sum(sizes.values())
    if total == 0:
        return {}
    quotas = {s: size * n / total for s, n in sizes.items()}
    take = {s: min(n, max(1, math.floor(quotas[s]))) for s, n in sizes.items()}
    spare = size - sum(take.values())
    order = sorted(sizes, key=lambda s: (-(quotas[s] - math.floor(quotas[s])), s))
    while spare > 0:
        grown = False
        for s in order:
            if spare > 0 and take[s] < sizes[s]:
                take[s] += 1
                spare -= 1
                grown = True
        if not grown:
            break
    return take


@dataclass(frozen=True)
class Pick:
    """A child chosen by a draw."""

    member: FrameMember
    rank: int | None
    how_chosen: str


def draw(frame: Frame, params: DrawParameters, *, already: Iterable[str] = (),
         extra_per_stratum: int = 0, only_stratum: str | None = None) -> list[Pick]:
    """Choose children from the frame.

    With ``extra_per_stratum`` (draw more), take that many more from each stratum (or from
    ``only_stratum``), continuing down the ranking past those ``already`` chosen.
    """
    taken = set(already)
    forced = dict(params.forced)
    picks: list[Pick] = []
    if not extra_per_stratum:
        for key, how in params.forced:
            member = frame.members.get(key)
            if member is not None and key not in taken:
                picks.append(Pick(member, None, how))
                taken.add(key)
    order = ranked(frame, params.seed)
    if extra_per_stratum:
        wanted = {s: extra_per_stratum for s in order if only_stratum in (None, s)}
    else:
        wanted = allocate({s: len(m) for s, m in order.items()}, params.size_mode, params.size)
    for stratum, members in order.items():
        need = wanted.get(stratum, 0)
        for rank, member in enumerate(members, start=1):
            if need <= 0:
                break
            if member.child_key in taken or member.child_key in forced:
                continue
            picks.append(Pick(member, rank, v.HowChosen.LA_RANDOM))
            taken.add(member.child_key)
            need -= 1
    return picks


# -- balance ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BalanceRow:
    """One value of one stratum variable: how the frame, the council's and the inspectors' cases compare."""

    variable: str
    value: str
    frame: int
    council: int
    inspectors: int
    frame_total: int
    council_total: int
    inspectors_total: int

    @staticmethod
    def share(n: int, total: int) -> str:
        return f"{100 * n / total:.0f}%" if total else "\u2013"


def balance(frame: Frame, chosen: Iterable[tuple[str, str]], strata: Sequence[str],
            lookup: Frame | None = None) -> list[BalanceRow]:
    """Frame against sample, per value of each stratum variable.

    Args:
        frame: The draw's frame.
        chosen: (child key, how chosen) of every case in the sample.
        strata: The variables to compare on.
        lookup: Where to find chosen children left out of the frame (inspectors may pick
            a case the council's exclusions left out); the frame itself by default.
    """
    known = (lookup or frame).members
    council_keys = [k for k, how in chosen if how.startswith("LA")]
    inspector_keys = [k for k, how in chosen if how.startswith("Inspector")]
    rows: list[BalanceRow] = []
    for variable in strata:
        in_frame = Counter(stratum_value(m.row, variable) for m in frame.members.values())
        council = Counter(stratum_value(known[k].row, variable)
                          for k in council_keys if k in known)
        inspectors = Counter(stratum_value(known[k].row, variable)
                             for k in inspector_keys if k in known)
        for value in sorted(set(in_frame) | set(council) | set(inspectors), key=_value_order):
            rows.append(BalanceRow(STRATUM_VARIABLES[variable], value, in_frame[value],
                                   council[value], inspectors[value], sum(in_frame.values()),
                                   sum(council.values()), sum(inspectors.values())))
    return rows


_AGE_ORDER = {band: n for n, band in enumerate(["Unborn", *v.values(v.AgeBand), "26+"])}


def _value_order(value: str) -> tuple[int, int, str]:
    """Age bands youngest first, lists by number, anything else alphabetically."""
    if value in _AGE_ORDER:
        return (0, _AGE_ORDER[value], "")
    if value.startswith("List ") and value[5:].isdigit():
        return (1, int(value[5:]), "")
    return (2, 0, value)


# -- draws in the workspace ------------------------------------------------------------------------


@dataclass(frozen=True)
class DrawSummary:
    """A stored draw and the sentence that says how it was made."""

    id: int
    visit_id: int
    return_id: int | None
    as_at: dt.date | None
    seed: str
    parameters: DrawParameters
    algorithm_version: int
    frame_hash: str
    frame_size: int
    created_at: dt.datetime
    created_by: str
    cases: tuple[tuple[str, str, str, int | None, int | None], ...] = field(default=())

    @property
    def sentence(self) -> str:
        """How the sample was drawn, for the pack's appendix."""
        p = self.parameters
        lists = ", ".join(f"List {n}" for n in p.lists)
        strata = ", ".join(STRATUM_VARIABLES[s].lower() for s in p.strata) or "no strata"
        size = (f"{p.size} cases shared proportionally with at least one per stratum"
                if p.size_mode == PROPORTIONAL else f"{p.size} cases per stratum")
        when = f"the Annex A return as at {self.as_at:%d %B %Y}" if self.as_at else \
            "an Annex A return since removed"
        random = sum(1 for c in self.cases if c[2] == v.HowChosen.LA_RANDOM)
        others = len(self.cases) - random
        return (f"The council drew {random} cases at random from {self.frame_size} children on "
                f"{lists} of {when}"
                f"{' (open cases only)' if p.open_only else ''}"
                f"{' aged ' + ', '.join(p.age_bands) if p.age_bands else ''}, "
                f"stratified by {strata}, "
                f"{size}; cases audited in the last {p.exclude_audited_months} months were left "
                f"out. Within each stratum children were ranked by HMAC-SHA256 of the seed "
                f"\u201c{p.seed}\u201d, the frame's hash ({self.frame_hash[:12]}\u2026) and the "
                f"child's keyed ID (algorithm version {self.algorithm_version}), so drawing again "
                f"from the same return with the same seed gives the same cases. "
                + (f"{others} further case{'s were' if others != 1 else ' was'} added by choice "
                   "(council purposive or inspectors' selection)." if others else
                   "No case was added by choice."))


def _audited_recently(workspace: Workspace, today: dt.date, months: int) -> set[str]:
    if months <= 0:
        return set()
    from .indicators import months_before

    cutoff = months_before(today, months)
    with workspace.reading() as s:
        found = s.execute(
            select(ae.SampleDrawCase.child_key)
            .join(e.CaseSample, e.CaseSample.id == ae.SampleDrawCase.case_sample_id)
            .where(e.CaseSample.audit_date >= cutoff))
        return {row[0] for row in found}


def _rows_and_date(workspace: Workspace, return_id: int,
                   params: DrawParameters) -> tuple[list[ChildRow], dt.date]:
    summary = annex.get_return(workspace, return_id)
    return annex.rows(workspace, return_id, params.lists), summary.as_at


def _last_number(s: Session, visit: e.Visit, code: str) -> int:
    """The highest number used in this visit's sample references for a theme (MV4-CIC-07)."""
    prefix = f"MV{visit.number}-{code}-"
    refs = s.scalars(select(e.CaseSample.sample_ref)
                     .where(e.CaseSample.sample_ref.like(prefix + "%")))
    numbers = [int(r[len(prefix):]) for r in refs if r[len(prefix):].isdigit()]
    return max(numbers, default=0)


def _store_picks(workspace: Workspace, s: Session, draw_id: int, visit: e.Visit,
                 picks: Sequence[Pick]) -> None:
    themes = {t.code: t.id for t in s.scalars(select(e.Theme))}
    focus = {t.code for t in visit.themes}
    counters: dict[str, int] = {}
    for pick in picks:
        row = pick.member.row
        codes = [c for c in THEMES_OF_LIST.get(row.list_no, ()) if c in themes]
        linked = [c for c in codes if c in focus] or codes
        code = linked[0] if linked else "CS"
        if code not in counters:
            counters[code] = _last_number(s, visit, code)
        counters[code] += 1
        inspector = pick.how_chosen.startswith("Inspector")
        sample = workspace.insert_in(s, e.CaseSample, {
            "sample_ref": f"MV{visit.number}-{code}-{counters[code]:02d}",
            "local_case_id": row.pseudonym,
            "visit_id": visit.id,
            "cohort": COHORT_OF_LIST.get(row.list_no, v.Cohort.CIN).value,
            "age_band": row.age_band if row.age_band in v.values(v.AgeBand) else None,
            "team": row.team,
            "selected_by": (v.SelectedBy.INSPECTOR if inspector else v.SelectedBy.AUTHORITY).value,
            "how_chosen": pick.how_chosen,
            "audit_type": v.AuditType.FULL.value,
            "themes": [themes[c] for c in linked],
        })
        s.add(ae.SampleDrawCase(draw_id=draw_id, case_sample_id=sample.id,
                                child_key=row.child_key, stratum=pick.member.stratum,
                                rank=pick.rank, how_chosen=pick.how_chosen))
        s.flush()


def make_draw(workspace: Workspace, visit_id: int, return_id: int, params: DrawParameters,
              today: dt.date) -> DrawSummary:
    """Draw a sample for a visit and create its case samples, all in one transaction."""
    params.check()
    rows, as_at = _rows_and_date(workspace, return_id, params)
    # Recent audits are resolved into the stored exclusions, so the frame can be rebuilt
    # exactly from the return and the parameters alone (for "draw more", years later).
    audited = _audited_recently(workspace, today, params.exclude_audited_months)
    params = replace(params, excluded=tuple(sorted(set(params.excluded) | audited)))
    frame = build_frame(rows, params, as_at)
    if not frame.members:
        raise ValidationError("No child in the return fits the frame.",
                              "Choose other lists, or include closed cases.")
    missing = [k for k, _how in params.forced if k not in frame.members]
    if missing:
        raise ValidationError(
            f"{len(missing)} of the cases to include {'is' if len(missing) == 1 else 'are'} "
            "not in the frame.",
            "Check the IDs, and that the children are on the chosen lists (and open, if only "
            "open cases are drawn). Nothing was drawn.")
    picks = draw(frame, params)
    with workspace.transaction() as s:
        visit = s.get(e.Visit, visit_id)
        if visit is None:
            raise ConflictError("This visit has been deleted.", "Choose another visit.")
        record = ae.SampleDraw(visit_id=visit_id, return_id=return_id, seed=params.seed,
                               parameters=params.as_json(), algorithm_version=ALGORITHM_VERSION,
                               frame_hash=frame.hash, frame_size=len(frame.members),
                               created_at=now(), created_by=workspace.who)
        s.add(record)
        s.flush()
        _store_picks(workspace, s, record.id, visit, picks)
        draw_id = record.id
    return get_draw(workspace, draw_id)


def draw_more(workspace: Workspace, draw_id: int, today: dt.date, extra_per_stratum: int = 1,
              only_stratum: str | None = None) -> DrawSummary:
    """Take the next ranks of a stored draw's strata (same seed, same frame).

    Raises:
        ConflictError: the return behind the draw is gone or no longer gives the same frame.
    """
    summary = get_draw(workspace, draw_id)
    if summary.return_id is None:
        raise ConflictError("The return this sample was drawn from has been removed.",
                            "Make a new draw from a current return.")
    rows, as_at = _rows_and_date(workspace, summary.return_id, summary.parameters)
    frame = _same_frame(build_frame(rows, summary.parameters, as_at), summary)
    already = [c[0] for c in summary.cases]
    picks = draw(frame, summary.parameters, already=already,
                 extra_per_stratum=extra_per_stratum, only_stratum=only_stratum)
    with workspace.transaction() as s:
        visit = s.get(e.Visit, summary.visit_id)
        assert visit is not None
        _store_picks(workspace, s, draw_id, visit, picks)
    return get_draw(workspace, draw_id)


def _same_frame(frame: Frame, summary: DrawSummary) -> Frame:
    if frame.hash == summary.frame_hash:
        return frame
    raise ConflictError("The frame has changed since this sample was drawn.",
                        "Make a new draw, or add cases by hand.")


def add_chosen(workspace: Workspace, draw_id: int, child_key: str, how_chosen: str,
               today: dt.date) -> DrawSummary:
    """Add a child the council or the inspectors chose (purposive or inspector-selected)."""
    if how_chosen not in v.values(v.HowChosen) or how_chosen == v.HowChosen.LA_RANDOM:
        raise ValidationError("Say how the case was chosen (purposive or by inspectors).")
    summary = get_draw(workspace, draw_id)
    if any(c[0] == child_key for c in summary.cases):
        raise ValidationError("That child is already in this sample.")
    if summary.return_id is None:
        raise ConflictError("The return this sample was drawn from has been removed.", "")
    rows, as_at = _rows_and_date(workspace, summary.return_id, summary.parameters)
    frame = build_frame(rows, replace(summary.parameters, excluded=(), forced=()), as_at)
    member = frame.members.get(child_key)
    if member is None:
        raise ValidationError("That child is not in this sample's frame.",
                              "Check the ID, and that the child is on the chosen lists.")
    with workspace.transaction() as s:
        visit = s.get(e.Visit, summary.visit_id)
        assert visit is not None
        _store_picks(workspace, s, draw_id, visit, [Pick(member, None, how_chosen)])
    return get_draw(workspace, draw_id)


def get_draw(workspace: Workspace, draw_id: int) -> DrawSummary:
    with workspace.reading() as s:
        record = s.get(ae.SampleDraw, draw_id)
        if record is None:
            raise ConflictError("That draw has been deleted.", "")
        as_at = None
        if record.return_id is not None:
            found = s.get(ae.AnnexReturn, record.return_id)
            as_at = found.as_at if found else None
        cases = tuple((c.child_key, c.stratum, c.how_chosen, c.rank, c.case_sample_id)
                      for c in s.scalars(select(ae.SampleDrawCase)
                                         .where(ae.SampleDrawCase.draw_id == draw_id)
                                         .order_by(ae.SampleDrawCase.id)))
        return DrawSummary(record.id, record.visit_id, record.return_id, as_at, record.seed,
                           DrawParameters.from_json(record.parameters), record.algorithm_version,
                           record.frame_hash, record.frame_size, record.created_at,
                           record.created_by, cases)


def draws_for_visit(workspace: Workspace, visit_id: int) -> list[DrawSummary]:
    with workspace.reading() as s:
        ids = list(s.scalars(select(ae.SampleDraw.id).where(ae.SampleDraw.visit_id == visit_id)
                             .order_by(ae.SampleDraw.id)))
    return [get_draw(workspace, i) for i in ids]


def draw_balance(workspace: Workspace, summary: DrawSummary, today: dt.date) -> list[BalanceRow]:
    """The balance table of a stored draw (empty if its return has been removed)."""
    if summary.return_id is None:
        return []
    rows, as_at = _rows_and_date(workspace, summary.return_id, summary.parameters)
    params = summary.parameters
    chosen = [(c[0], c[2]) for c in summary.cases]
    drawn_from = build_frame(rows, params, as_at)
    everyone = build_frame(rows, replace(params, excluded=(), forced=()), as_at)
    return balance(drawn_from, chosen, params.strata, lookup=everyone)
