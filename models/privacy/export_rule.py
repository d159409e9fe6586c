"""The one rule for what may be printed outside the workspace.

Anything an export writes (the briefing pack, the evidence log, their gap lists)
and anything the command line prints goes through here:

- a record's free text is printed only when the scanner finds nothing in it;
- a finding is described by record, field and kind of identifier, never the
  matched text (:class:`PersonalDataHit`);
- before an export, records whose text looks personal are left out unless the
  user includes them with a reason (:func:`leave_out`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..personal_data import (
    NO_CONTACTS,
    PersonalDataKind,
    PublicContacts,
    kinds_in,
    scan,
)
from ..records import KINDS, FieldSpec, RecordKind, kind_of

#: Printed instead of a record's text when that text looks personal.
NOT_SHOWN = "[text not shown: it may hold personal data]"
#: Written in place of a field left out of an export.
LEFT_OUT = "[left out: may hold personal data]"

# Kinds whose records an export can drop; the others (the authority, the visit,
# themes) are always there, with their flagged fields replaced by LEFT_OUT.
_DROPPABLE = ("evidence", "case_sample", "finding", "action", "checklist_item", "indicator")

# Text of a record's parts that the exports print beside its fields.
_PART_LABELS = {"case_sample": "Case actions", "evidence": "Attachment names"}


def scanned_fields(kind: RecordKind) -> tuple[FieldSpec, ...]:
    """The fields of a kind whose text is checked, from the field specs."""
    return _scanned(kind.name)


@cache
def _scanned(kind_name: str) -> tuple[FieldSpec, ...]:
    return tuple(f for f in KINDS[kind_name].fields if f.scanned)


def record_texts(record: Any) -> Iterator[tuple[str, str]]:
    """(field label, text) for every piece of a record's text that an export can print."""
    kind = kind_of(record)
    for spec in scanned_fields(kind):
        value = getattr(record, spec.name, None)
        if isinstance(value, str) and value:
            yield spec.label, value
    if kind.name == "case_sample":
        for action in record.case_actions:
            yield _PART_LABELS["case_sample"], action.description or ""
    elif kind.name == "evidence":
        for attachment in record.attachments:
            yield _PART_LABELS["evidence"], attachment.file_name or attachment.link or ""


@dataclass(frozen=True)
class PersonalDataHit:
    """A field of a record whose text looks like it holds personal data.

    It names the record, the field and the kinds of identifier, and never the text:
    this is what may be printed outside the workspace.
    """

    record_kind: str
    record_id: int
    record_ref: str
    field_label: str
    kinds: tuple[PersonalDataKind, ...]

    @property
    def kinds_text(self) -> str:
        return ", ".join(k.value for k in self.kinds)

    @property
    def message(self) -> str:
        """"A-012 Progress: possible personal data (NHS number), not shown"."""
        return f"{self.record_ref} {self.field_label}: possible personal data ({self.kinds_text}), not shown"


def hits_in_record(record: Any, public: PublicContacts = NO_CONTACTS) -> list[PersonalDataHit]:
    """One hit per field (or part) of the record whose text looks personal."""
    kind = kind_of(record)
    found: dict[str, set[PersonalDataKind]] = {}
    for label, text in record_texts(record):
        warnings = scan(text, public)
        if warnings:
            found.setdefault(label, set()).update(kinds_in(warnings))
    return [PersonalDataHit(kind.name, record.id, record.ref, label,
                            tuple(k for k in PersonalDataKind if k in kinds))
            for label, kinds in found.items()]


def records_of(contents: Any) -> Iterator[Any]:
    """Every record a briefing pack or evidence log can print, from WorkspaceContents."""
    yield contents.authority
    yield contents.visit
    yield from contents.themes
    yield from contents.evidence
    yield from contents.case_samples
    yield from contents.findings
    yield from contents.actions
    yield from contents.checklist
    yield from contents.indicators


def public_contacts(contents: Any) -> PublicContacts:
    return PublicContacts.from_text(getattr(contents.authority, "public_contacts", ""))


def hits_in(contents: Any) -> list[PersonalDataHit]:
    """Every field, of every record an export prints, whose text looks personal."""
    public = public_contacts(contents)
    hits: list[PersonalDataHit] = []
    for record in records_of(contents):
        hits.extend(hits_in_record(record, public))
    return hits


def printable(text: str, public: PublicContacts = NO_CONTACTS) -> str:
    """``text`` when nothing in it looks personal, else :data:`NOT_SHOWN`.

    Used for every quotation of a record's text in messages that leave the
    workspace (the gap list of the pack and the log).
    """
    return NOT_SHOWN if scan(text, public) else text


def leave_out(contents: Any, hits: Iterable[PersonalDataHit]) -> Any:
    """The contents without what the hits point at.

    Records of kinds an export lists (evidence, case samples, findings, actions,
    checklist items, indicators) are dropped; the authority, the visit and themes
    stay, each flagged field replaced by :data:`LEFT_OUT`. The records passed in
    are detached copies read for this export; nothing is written to the workspace.
    """
    dropped: set[tuple[str, int]] = set()
    blank: dict[tuple[str, int], set[str]] = {}
    for hit in hits:
        if hit.record_kind in _DROPPABLE:
            dropped.add((hit.record_kind, hit.record_id))
        else:
            blank.setdefault((hit.record_kind, hit.record_id), set()).add(hit.field_label)
    for record in records_of(contents):
        labels = blank.get((kind_of(record).name, record.id))
        if labels:
            for spec in scanned_fields(kind_of(record)):
                if spec.label in labels:
                    setattr(record, spec.name, LEFT_OUT)

    def keep(records: list[Any]) -> list[Any]:
        return [r for r in records if (kind_of(r).name, r.id) not in dropped]

    return dataclasses.replace(
        contents,
        evidence=keep(contents.evidence),
        case_samples=keep(contents.case_samples),
        findings=keep(contents.findings),
        actions=keep(contents.actions),
        checklist=keep(contents.checklist),
        indicators=keep(contents.indicators),
    )


def describe_hits(hits: Iterable[PersonalDataHit]) -> list[str]:
    """One line per hit, as the command line and the export register print them."""
    return [hit.message for hit in hits]


__all__ = ["LEFT_OUT", "NOT_SHOWN", "PersonalDataHit", "describe_hits", "hits_in",
           "hits_in_record", "leave_out", "printable", "record_texts", "scanned_fields"]


def check_before_export(workspace: Any, visit_id: int) -> list[PersonalDataHit]:
    """The fields an export of this visit would print whose text looks personal."""
    return hits_in(workspace.contents(visit_id))
