"""Compare an edited evidence log with the workspace, three ways, and classify every row.

The three sides of each field: the value exported (the base), the value in the
file, and the value in the workspace now. The base comes from the workspace
itself: a record whose version is still the one exported has not changed, so its
values are the base; for a record changed since, the change history holds the
value each field had before its first change after the export (the log names
the newest history entry at export time). Nothing is written here.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy import inspect as sa_inspect

from exporters.excel import LOG_SHEETS, imported_fields
from models import entities as e
from models.errors import ValidationError
from models.log_format import (
    NO_VISIT,
    canonical,
    link_label,
    row_hash,
    same,
    token,
    workspace_id,
)
from models.personal_data import scan
from models.records import KINDS, FieldSpec, FieldType, RecordKind, check_consistency, clean
from models.store import Workspace

from .evidence_log import (
    FileRow,
    ImportCancelled,
    IsCancelled,
    LogFromAnotherWorkspace,
    Lookups,
    ParsedLog,
    Problem,
    Progress,
    SheetData,
    cell_name,
    read_log,
    squash,
)


class RowClass(StrEnum):
    """What happened to a row between the export and now."""

    UNCHANGED = "Unchanged"
    FILE_CHANGE = "Changed in the file"
    WORKSPACE_CHANGE = "Changed in the workspace since export"
    CONFLICT = "Changed in both (conflict)"
    NEW = "New"
    UNKNOWN = "Unknown reference"
    DUPLICATE = "Duplicated reference"
    DELETED = "Deleted in the workspace since export"
    MISSING = "Missing from the file"
    INVALID = "Has problems"


#: Classes whose rows can change the workspace.
WRITING = (RowClass.FILE_CHANGE, RowClass.CONFLICT, RowClass.NEW)


class Choice(StrEnum):
    """How a conflicting field is resolved."""

    FILE = "Use the file's value"
    WORKSPACE = "Keep the workspace's value"


class ConflictPolicy(StrEnum):
    """All-at-once handling of conflicts (the command line's --on-conflict)."""

    STOP = "stop"
    SKIP = "skip"
    FILE_WINS = "file-wins"
    WORKSPACE_WINS = "workspace-wins"


@dataclass
class FieldChange:
    """One field of one row: exported, file and workspace values.

    Attributes:
        name: Field name.
        label: Column heading.
        exported: The exported value (display text).
        file: The file's value, in the form the store takes.
        workspace: The workspace's value now.
        conflict: Both sides changed it, differently.
        choice: For a conflict, what the user chose (None until chosen).
    """

    name: str
    label: str
    exported: Any
    file: Any
    workspace: Any
    conflict: bool = False
    choice: Choice | None = None

    @property
    def applies(self) -> bool:
        """Whether the file's value is written."""
        return not self.conflict or self.choice is Choice.FILE


@dataclass
class RowOutcome:
    """One row's class and, where it matters, its field changes.

    Attributes:
        sheet: Sheet name.
        kind: Record kind name.
        row: Spreadsheet row (0 for a record missing from the file).
        ref: Reference ("" for a new row).
        cls: Its class.
        record_id: The workspace record (None for new, unknown, deleted).
        version: The workspace record's version when previewed (writes check it).
        changes: Field changes (file changes and conflicts; every value for a new row).
        skipped: The user chose to leave this row out.
    """

    sheet: str
    kind: str
    row: int
    ref: str
    cls: RowClass
    record_id: int | None = None
    version: int | None = None
    changes: list[FieldChange] = field(default_factory=list)
    skipped: bool = False

    @property
    def conflicts(self) -> list[FieldChange]:
        return [c for c in self.changes if c.conflict]

    @property
    def writes(self) -> bool:
        """Whether applying writes anything for this row."""
        if self.skipped or self.cls not in WRITING:
            return False
        return self.cls is RowClass.NEW or any(c.applies for c in self.changes)


@dataclass
class Preview:
    """Every row of the log, classified, with the problems found. Nothing written yet."""

    path: Path
    sha256: str
    log: ParsedLog
    other_workspace: bool
    rows: list[RowOutcome]
    problems: list[Problem]
    workspace_name: str
    #: The workspace's names and references, to turn codes back into records on apply.
    context: Any = None

    @property
    def file_name(self) -> str:
        return self.path.name

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "Error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != "Error"]

    def counts(self) -> dict[str, Counter[RowClass]]:
        """Rows per class, per sheet."""
        result: dict[str, Counter[RowClass]] = {s.title: Counter() for s in self.log.sheets}
        for outcome in self.rows:
            result[outcome.sheet][outcome.cls] += 1
        return result

    def totals(self) -> Counter[RowClass]:
        return Counter(o.cls for o in self.rows)

    @property
    def conflicts(self) -> list[tuple[RowOutcome, FieldChange]]:
        return [(o, c) for o in self.rows if o.cls is RowClass.CONFLICT for c in o.conflicts]

    @property
    def unresolved(self) -> int:
        """Conflicting fields with no choice yet (in rows not left out)."""
        return sum(1 for o, c in self.conflicts if c.choice is None and not o.skipped)

    def to_write(self) -> list[RowOutcome]:
        return [o for o in self.rows if o.writes]

    def resolve_all(self, policy: ConflictPolicy) -> None:
        """Resolve every conflict the same way.

        ``SKIP`` leaves conflicting rows out entirely; ``STOP`` changes nothing
        (applying then refuses while a conflict is unresolved).
        """
        for outcome in self.rows:
            if outcome.cls is not RowClass.CONFLICT:
                continue
            outcome.skipped = policy is ConflictPolicy.SKIP
            for change in outcome.conflicts:
                if policy is ConflictPolicy.FILE_WINS:
                    change.choice = Choice.FILE
                elif policy in (ConflictPolicy.WORKSPACE_WINS, ConflictPolicy.SKIP):
                    change.choice = Choice.WORKSPACE


# -- the workspace side ------------------------------------------------------------------------

@dataclass
class _Known:
    id: int
    ref: str
    version: int
    created_at: dt.datetime
    values: dict[str, Any]
    in_scope: bool = True


@dataclass
class _Context:
    """The workspace as the comparison reads it: records, names and references."""

    lookups: Lookups
    records: dict[str, dict[str, _Known]]
    refs: dict[str, set[str]]
    link_tokens: dict[str, dict[int, str]]
    ref_tokens: dict[str, dict[str, str]]
    labels: dict[str, dict[int, str]]
    ids: dict[str, dict[str, int]]
    label_ids: dict[str, dict[str, int | None]]


def _secondary(kind: RecordKind, name: str) -> tuple[Table, str, str]:
    prop = sa_inspect(kind.entity).relationships[name]
    table = prop.secondary
    assert isinstance(table, Table)
    own = kind.entity.__table__.name  # type: ignore[attr-defined]
    local = next(c.name for c in table.c if next(iter(c.foreign_keys)).column.table.name == own)
    remote = next(c.name for c in table.c if c.name != local)
    return table, local, remote


def _load(workspace: Workspace, visit_id: int, personal_left_out: bool,
          kinds: list[tuple[RecordKind, tuple[str, ...]]]) -> _Context:
    with workspace.reading() as s:
        themes = list(s.scalars(select(e.Theme)))
        visits = list(s.scalars(select(e.Visit)))
        lookups = Lookups(
            theme_codes={squash(t.code): t.code for t in themes},
            theme_names={squash(t.name): t.name for t in themes},
            visit_titles={squash(v.title): v.title for v in visits},
        )
        link_tokens: dict[str, dict[int, str]] = {"theme": {t.id: token(t) for t in themes}}
        ref_tokens: dict[str, dict[str, str]] = {"theme": {t.ref: token(t) for t in themes}}
        labels = {"theme": {t.id: link_label(t) for t in themes},
                  "visit": {v.id: link_label(v) for v in visits}}
        label_ids: dict[str, dict[str, int | None]] = {
            "theme": {t.name: t.id for t in themes},
            "visit": {v.title: v.id for v in visits},
        }
        ids: dict[str, dict[str, int]] = {"theme": {t.code: t.id for t in themes}}
        refs: dict[str, set[str]] = {}
        for target in ("evidence", "finding"):
            table = KINDS[target].entity.__table__  # type: ignore[attr-defined]
            pairs = list(s.execute(select(table.c.id, table.c.ref)))
            link_tokens[target] = {i: r for i, r in pairs}
            ref_tokens[target] = {r: r for _i, r in pairs}
            ids[target] = {r: i for i, r in pairs}
        records: dict[str, dict[str, _Known]] = {}
        for kind, fields in kinds:
            table = kind.entity.__table__  # type: ignore[attr-defined]
            links: dict[str, dict[int, list[str]]] = {}
            for name in fields:
                spec = kind.field(name)
                if spec.type is FieldType.LINKS:
                    link_table, local, remote = _secondary(kind, name)
                    found: dict[int, list[str]] = defaultdict(list)
                    tokens = link_tokens[spec.target]
                    for own_id, other_id in s.execute(
                            select(link_table.c[local], link_table.c[remote])):
                        found[own_id].append(tokens[other_id])
                    links[name] = found
            known: dict[str, _Known] = {}
            for row in s.execute(select(table)).mappings():
                values: dict[str, Any] = {}
                for name in fields:
                    spec = kind.field(name)
                    if spec.type is FieldType.LINKS:
                        values[name] = links[name].get(row["id"], [])
                    elif spec.type is FieldType.LINK:
                        target_id = row[name]
                        if target_id is None:
                            values[name] = NO_VISIT if name == "source_visit_id" else ""
                        else:
                            values[name] = labels[spec.target].get(target_id, "")
                    else:
                        values[name] = row[name]
                in_scope = True
                if kind.name in ("case_sample", "checklist_item"):
                    in_scope = row["visit_id"] == visit_id
                elif kind.name == "evidence" and personal_left_out:
                    in_scope = not row["contains_personal_data"]
                known[row["ref"]] = _Known(row["id"], row["ref"], row["version"],
                                           row["created_at"], values, in_scope)
            records[kind.name] = known
            refs[kind.name] = set(known)
    return _Context(lookups, records, refs, link_tokens, ref_tokens, labels, ids, label_ids)


def _from_history(kind: RecordKind, name: str, text: str | None, ctx: _Context) -> Any:
    """A change-history value (text) in the form the comparison uses."""
    spec = kind.field(name)
    if spec.type is FieldType.LINKS:
        tokens = ctx.ref_tokens[spec.target]
        return [tokens.get(r.strip(), r.strip()) for r in (text or "").split(";") if r.strip()]
    if spec.type is FieldType.LINK:
        if not text:
            return NO_VISIT if name == "source_visit_id" else ""
        try:
            return ctx.labels[spec.target].get(int(text), text)
        except ValueError:
            return text
    if text is None:
        return None
    if spec.type is FieldType.FLAG:
        return text == "yes"
    if spec.type is FieldType.DATE:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text
    if spec.type is FieldType.NUMBER:
        try:
            return float(text)
        except ValueError:
            return text
    return text


def _bases(workspace: Workspace, since: int, wanted: dict[str, set[str]],
           ctx: _Context) -> dict[tuple[str, str], dict[str, Any]]:
    """For records changed since the export: each changed field's value at export time.

    The first history entry after the export for a field holds, as its old
    value, what the field was when exported.
    """
    found: dict[tuple[str, str], dict[str, Any]] = {}
    refs = {ref: name for name, all_refs in wanted.items() for ref in all_refs}
    if not refs:
        return found
    label_of = {(k, KINDS[k].singular): {f.label: f.name for f in KINDS[k].fields}
                for k in wanted}
    with workspace.reading() as s:
        stmt = (select(e.ChangeLogEntry.record_ref, e.ChangeLogEntry.record_type,
                       e.ChangeLogEntry.field, e.ChangeLogEntry.old_value)
                .where(e.ChangeLogEntry.id > since).order_by(e.ChangeLogEntry.id))
        for ref, record_type, label, old in s.execute(stmt):
            kind_name = refs.get(ref)
            if kind_name is None or KINDS[kind_name].singular != record_type:
                continue
            name = label_of[(kind_name, record_type)].get(label)
            if name is None:
                continue
            base = found.setdefault((kind_name, ref), {})
            if name not in base:
                base[name] = _from_history(KINDS[kind_name], name, old, ctx)
    return found


# -- the comparison ----------------------------------------------------------------------------

@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a big log becomes many small objects.

    Each collection walks every object made so far, so it grows with the log:
    measured at 10,000 rows it was a fifth of the preview. Reference counting
    still frees everything; the collector runs again afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def preview_log(workspace: Workspace, path: Path | str, *, allow_other_workspace: bool = False,
                progress: Progress | None = None,
                is_cancelled: IsCancelled | None = None) -> Preview:
    """Read an edited evidence log and classify every row against the workspace.

    Raises:
        ImportFileError: the file cannot be imported (see :func:`read_log`).
        LogFromAnotherWorkspace: it was exported from another workspace and
            ``allow_other_workspace`` is not set.
    """
    with _collector_paused():
        return _preview(workspace, path, allow_other_workspace, progress, is_cancelled)


def _preview(workspace: Workspace, path: Path | str, allow_other_workspace: bool,
             progress: Progress | None, is_cancelled: IsCancelled | None) -> Preview:
    kinds = [(kind, imported_fields(columns)) for _t, kind, columns in LOG_SHEETS]
    # The identity sheet is read first, so a wrong file is refused before the long read.
    first = _load(workspace, 0, False, [])
    log = read_log(path, first.lookups, progress=progress, is_cancelled=is_cancelled)
    ours = workspace_id(workspace)
    other = log.identity.workspace_id != ours
    if other and not allow_other_workspace:
        raise LogFromAnotherWorkspace(
            f"{log.file_name} was exported from another workspace, "
            f"\u201c{log.identity.workspace_name}\u201d (exported "
            f"{log.identity.exported_at:%d %b %Y %H:%M} by {log.identity.exported_by}), "
            f"not from \u201c{workspace.name}\u201d.",
            "Open that workspace and import it there. Import it here only if you are sure: "
            "every difference will then be shown as a conflict for you to decide.",
            log.identity)
    ctx = _load(workspace, log.identity.visit_id, log.identity.personal_data_left_out, kinds)
    problems = list(log.problems)
    rows: list[RowOutcome] = []
    changed_refs: dict[str, set[str]] = defaultdict(set)
    for sheet in log.sheets:
        known = ctx.records[sheet.kind.name]
        for file_row in sheet.rows:
            record = known.get(file_row.ref)
            if (record is not None and file_row.version is not None
                    and record.version != file_row.version):
                changed_refs[sheet.kind.name].add(file_row.ref)
    bases = {} if other else _bases(workspace, log.identity.last_change, changed_refs, ctx)
    deleted = set() if other else _deleted_since(workspace, log.identity.last_change)
    for sheet in log.sheets:
        _classify_sheet(sheet, ctx, bases, deleted, other, log, rows, problems)
        if is_cancelled is not None and is_cancelled():
            raise ImportCancelled
    return Preview(Path(path), log.sha256, log, other, rows, problems, workspace.name, ctx)


def _display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _deleted_since(workspace: Workspace, since: int) -> set[tuple[str, str]]:
    """(record type, reference) of every record deleted since the export."""
    with workspace.reading() as s:
        rows = s.execute(select(e.ChangeLogEntry.record_type, e.ChangeLogEntry.record_ref)
                         .where(e.ChangeLogEntry.id > since, e.ChangeLogEntry.field == "deleted"))
        return {(kind, ref) for kind, ref in rows}


def _classify_sheet(sheet: SheetData, ctx: _Context,
                    bases: dict[tuple[str, str], dict[str, Any]],
                    deleted: set[tuple[str, str]], other: bool, log: ParsedLog,
                    rows: list[RowOutcome], problems: list[Problem]) -> None:
    kind = sheet.kind
    known = ctx.records[kind.name]
    seen = Counter(r.ref for r in sheet.rows if r.ref)
    present = set()

    def add_problem(row: int, column: str, value: str, expected: str,
                    severity: str = "Error") -> None:
        problems.append(Problem(sheet.title, row, column, value, expected, severity))

    full = sheet.present == sheet.fields
    for file_row in sheet.rows:
        ref = file_row.ref
        if ref:
            present.add(ref)
        _check_link_refs(sheet, file_row, ctx, add_problem)
        if ref and seen[ref] > 1:
            add_problem(file_row.row, "Ref", ref, f"a reference used once: {ref} is on "
                                                  f"{seen[ref]} rows of this sheet")
            rows.append(RowOutcome(sheet.title, kind.name, file_row.row, ref, RowClass.DUPLICATE))
            continue
        if file_row.problems:
            rows.append(RowOutcome(sheet.title, kind.name, file_row.row, ref, RowClass.INVALID,
                                   known[ref].id if ref in known else None))
            continue
        if not ref:
            rows.append(_new_row(sheet, file_row, log, ctx, add_problem))
            continue
        record = known.get(ref)
        if record is None:
            if (kind.singular, ref) in deleted:
                rows.append(RowOutcome(sheet.title, kind.name, file_row.row, ref,
                                       RowClass.DELETED))
            else:
                add_problem(file_row.row, "Ref", ref,
                            f"the reference of a {kind.singular} in this workspace ({kind.prefix}-"
                            "\u2026), or an empty Ref for a new row")
                rows.append(RowOutcome(sheet.title, kind.name, file_row.row, ref,
                                       RowClass.UNKNOWN))
            continue
        rows.append(_existing_row(sheet, file_row, record, bases.get((kind.name, ref)), other,
                                  full, add_problem))
    for ref, record in known.items():
        if ref not in present and record.in_scope and record.created_at <= log.identity.exported_at:
            rows.append(RowOutcome(sheet.title, kind.name, 0, ref, RowClass.MISSING, record.id,
                                   record.version))


def _check_link_refs(sheet: SheetData, file_row: FileRow, ctx: _Context,
                     add_problem: Callable[..., None]) -> None:
    """References in link columns must name records of the right kind."""
    for spec in _reference_links(sheet.kind):
        name = spec.name
        value = file_row.values.get(name)
        if value:
            unknown = [r for r in value if r not in ctx.ids[spec.target]]
            if unknown:
                target = KINDS[spec.target]
                add_problem(file_row.row, cell_name(sheet, name), file_row.raw.get(name, ""),
                            f"references of {target.plural} in this workspace, separated by "
                            f"commas or semicolons; not found: {', '.join(unknown)}")
                del file_row.values[name]
                file_row.problems += 1


def _reference_links(kind: RecordKind) -> tuple[FieldSpec, ...]:
    """Link fields that name other records by reference (themes go by code)."""
    return _REFERENCE_LINKS[kind.name]


def _specs(kind: RecordKind) -> dict[str, FieldSpec]:
    return _SPECS[kind.name]


_REFERENCE_LINKS = {k.name: tuple(f for f in k.fields
                                  if f.type is FieldType.LINKS and f.target != "theme")
                    for k in KINDS.values()}
_SPECS = {k.name: {f.name: f for f in k.fields} for k in KINDS.values()}


def _same(a: Any, b: Any) -> bool:
    """Equal values are the same (the usual case, and quick); otherwise compare by form."""
    return a == b or same(a, b)


def _warn_personal_data(sheet: SheetData, file_row: FileRow, names: list[str],
                        add_problem: Callable[..., None]) -> None:
    """The same personal-data warnings as typing the text into the record's form."""
    specs = _specs(sheet.kind)
    for name in names:
        spec = specs[name]
        value = file_row.values.get(name)
        if spec.scan and isinstance(value, str):
            found = scan(value)
            if found:
                add_problem(file_row.row, cell_name(sheet, name), value,
                            "; ".join(w.message for w in found)
                            + ". Remove personal data: use a pseudonymised reference.",
                            "Warning")


def _validate(kind: RecordKind, values: dict[str, Any], sheet: SheetData, row: int,
              add_problem: Callable[..., None], *, new: bool,
              rest: dict[str, Any] | None = None) -> bool:
    """The store's own rules over the values the row would leave the record with.

    For an existing record only the changed ``values`` are checked one by one (the
    ``rest`` are already in the store); the rules across fields see all of them.
    """
    plain: dict[str, Any] = {}
    specs = _specs(kind)
    for name, value in values.items():
        spec = specs[name]
        if spec.type is FieldType.LINKS:
            continue
        if spec.type is FieldType.LINK:
            # Names were checked when read; the rules only ask whether there is one.
            value = None if value in ("", NO_VISIT) else 0
        plain[name] = value
    try:
        cleaned = clean(kind, plain, partial=not new)
        if not new:
            merged = {k: v for k, v in (rest or {}).items()
                      if specs[k].type not in (FieldType.LINKS, FieldType.LINK)}
            merged.update(cleaned)
            check_consistency(kind, merged)
    except ValidationError as error:
        add_problem(row, "(row)", "", f"{error.message} {error.hint}".strip())
        return False
    return True


def _new_row(sheet: SheetData, file_row: FileRow, log: ParsedLog, ctx: _Context,
             add_problem: Callable[..., None]) -> RowOutcome:
    kind = sheet.kind
    outcome = RowOutcome(sheet.title, kind.name, file_row.row, "", RowClass.NEW)
    values = dict(file_row.values)
    visit = {"visit_id": log.identity.visit_title} if "visit_id" in {
        f.name for f in kind.fields} else {}
    if not _validate(kind, {**values, **visit}, sheet, file_row.row, add_problem, new=True):
        outcome.cls = RowClass.INVALID
        return outcome
    if kind.name in ("case_sample", "checklist_item") and \
            log.identity.visit_id not in ctx.labels["visit"]:
        add_problem(file_row.row, "Ref", "", f"the visit this log was exported for "
                                             f"({log.identity.visit_title}); it has been deleted")
        outcome.cls = RowClass.INVALID
        return outcome
    _warn_personal_data(sheet, file_row, list(values), add_problem)
    outcome.changes = [FieldChange(n, cell_name(sheet, n), "", v, "") for n, v in values.items()
                       if canonical(v) != ""]
    return outcome


def _existing_row(sheet: SheetData, file_row: FileRow, record: _Known,
                  base: dict[str, Any] | None, other: bool, full: bool,
                  add_problem: Callable[..., None]) -> RowOutcome:
    kind = sheet.kind
    outcome = RowOutcome(sheet.title, kind.name, file_row.row, record.ref, RowClass.UNCHANGED,
                         record.id, record.version)
    workspace_changed = other or file_row.version != record.version
    # The base hash tells quickly that the file left a row alone; it matters when the
    # workspace moved on (otherwise the workspace's values are the base, compared below).
    if workspace_changed and full and not other and file_row.base_hash:
        same_as_exported = row_hash((n, file_row.values.get(n)) for n in sheet.fields) \
            == file_row.base_hash
        if same_as_exported:
            if workspace_changed:
                outcome.cls = RowClass.WORKSPACE_CHANGE
            return outcome
    exported = dict(record.values)
    if base and not other:
        exported.update(base)
    file_only: list[FieldChange] = []
    conflicts: list[FieldChange] = []
    ws_changed_any = False
    for name in sheet.present:
        if name not in file_row.values:
            continue
        f, w = file_row.values[name], record.values[name]
        if other:
            if not _same(f, w):
                conflicts.append(FieldChange(name, cell_name(sheet, name), "(not known)", f, w,
                                             conflict=True))
            continue
        b = exported[name]
        file_changed = not _same(f, b)
        if not file_changed and not base:
            continue  # the usual case: the field is as exported and the record unchanged
        ws_changed = not _same(w, b)
        ws_changed_any |= ws_changed
        if file_changed and not _same(f, w):
            change = FieldChange(name, cell_name(sheet, name), _display(exported[name]), f, w,
                                 conflict=ws_changed)
            (conflicts if ws_changed else file_only).append(change)
    outcome.changes = file_only + conflicts
    if conflicts:
        outcome.cls = RowClass.CONFLICT
    elif file_only:
        outcome.cls = RowClass.FILE_CHANGE
    elif workspace_changed and (ws_changed_any or not base):
        outcome.cls = RowClass.WORKSPACE_CHANGE
    if outcome.changes:
        changed = {c.name: c.file for c in outcome.changes}
        if not _validate(kind, changed, sheet, file_row.row, add_problem, new=False,
                         rest=record.values):
            outcome.cls = RowClass.INVALID
            outcome.changes = []
            return outcome
        _warn_personal_data(sheet, file_row, [c.name for c in outcome.changes], add_problem)
    return outcome
