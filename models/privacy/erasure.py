"""Erasure that erases: personal data taken out of a record and every copy the workspace keeps.

A record's text is copied into the change history (old and new values), attachment
names and contents and the export register. Erasing replaces every copy with
:data:`ERASED`, leaves one history row saying what was erased, by whom and when
(never the text), and rebuilds the database so nothing survives in free space
(``secure_delete`` zeroes freed pages; VACUUM drops them).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from .. import dialect, search
from .. import entities as e
from ..errors import ConflictError, ValidationError
from ..personal_data import PublicContacts, scan
from ..records import KINDS, FieldType
from ..vocabulary import counted
from .export_rule import record_texts

#: What erased text is replaced with, everywhere.
ERASED = "[erased]"
#: The history row an erasure leaves.
ERASURE_FIELD = "Personal data erased"
_TEXT_TYPES = (FieldType.TEXT, FieldType.LONG_TEXT)


@dataclass(frozen=True)
class ErasureReport:
    """What an erasure did, in words that never include the erased text.

    Attributes:
        record_ref: The record it was asked for.
        pieces: How many distinct pieces of text were erased.
        kinds: What they looked like ("NHS number", or "selected text").
        places: Where copies were found and erased ("the record", "the change history" …).
    """

    record_ref: str
    pieces: int
    kinds: tuple[str, ...]
    places: tuple[str, ...]

    @property
    def summary(self) -> str:
        if not self.pieces:
            return f"Nothing that looks like personal data was found in {self.record_ref}."
        where = ", ".join(self.places) or "nowhere"
        return (f"{counted(self.pieces, 'piece')} of personal data ({', '.join(self.kinds)}) erased "
                f"from {where}.")


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def _public(s: Session) -> PublicContacts:
    return PublicContacts.from_text(s.scalars(select(e.AuthorityProfile.public_contacts)).first())


def found_in_record(workspace: Any, kind_name: str, record_id: int) -> dict[str, str]:
    """The identifiers the scanner finds in a record, its parts and its change history.

    Returns:
        matched text -> kind of identifier. Shown only inside the workspace (the
        erase dialog), never written anywhere else.
    """
    kind = KINDS[kind_name]
    with workspace.transaction() as s:
        record = s.get(kind.entity, record_id)
        if record is None:
            raise ConflictError(f"This {kind.singular} has been deleted.", "Refresh the list.")
        public = _public(s)
        texts = [text for _label, text in record_texts(record)]
        texts += [getattr(record, f.name) or "" for f in kind.fields
                  if f.type in _TEXT_TYPES and not f.scanned]
        history = s.execute(select(e.ChangeLogEntry.old_value, e.ChangeLogEntry.new_value)
                            .where(e.ChangeLogEntry.record_ref == record.ref)).all()
        texts += [value for row in history for value in row if value]
    found: dict[str, str] = {}
    for text in texts:
        for warning in scan(text, public):
            found.setdefault(warning.text, warning.kind.value)
    return found


def erase(workspace: Any, kind_name: str, record_id: int,
          texts: Iterable[str] | None = None) -> ErasureReport:
    """Erase personal data from a record and from every copy the workspace keeps.

    Args:
        workspace: The open workspace.
        kind_name: The record's kind (``"evidence"``, ``"case_sample"`` …).
        record_id: Its id.
        texts: The exact text to erase (a selection); by default everything the
            scanner finds in the record, its parts and its history.

    Raises:
        ConflictError: the record has been deleted.
        ValidationError: a piece of text to erase is too short to be told apart.
    """
    kind = KINDS[kind_name]
    if texts is None:
        found = found_in_record(workspace, kind_name, record_id)
        chosen = sorted(found, key=len, reverse=True)
        kinds = tuple(dict.fromkeys(found[t] for t in chosen))
    else:
        chosen = sorted({t.strip() for t in texts if t.strip()}, key=len, reverse=True)
        if any(len(t) < 3 for t in chosen):
            raise ValidationError("Select at least three characters to erase.",
                                  "Erasing a shorter text would change unrelated words.")
        kinds = ("selected text",) if chosen else ()
    places: set[str] = set()
    with workspace.transaction() as s:
        record = s.get(kind.entity, record_id)
        if record is None:
            raise ConflictError(f"This {kind.singular} has been deleted.", "Refresh the list.")
        ref = record.ref
        for text in chosen:
            places |= _erase_everywhere(s, kind, record, text)
        if chosen:
            if hasattr(record, "updated_at"):
                record.updated_at = _now()
            s.add(e.ChangeLogEntry(
                at=_now(), who=workspace.who, record_type=kind.singular, record_ref=ref,
                field=ERASURE_FIELD,
                new_value=f"{counted(len(chosen), 'piece')} of text ({', '.join(kinds)}) erased from "
                          f"{', '.join(sorted(places)) or 'nowhere'}"))
            search.forget_removed_text(s)
    if chosen:
        dialect.reclaim(workspace.engine)
        search.rebuild_after_erasure(workspace.engine, [kind.entity])
    return ErasureReport(ref, len(chosen), kinds, tuple(sorted(places)))


def _replace(value: str | None, text: str, limit: int | None = None) -> str | None:
    if value is None or text not in value:
        return value
    result = value.replace(text, ERASED)
    return result[:limit] if limit else result


def _erase_everywhere(s: Session, kind: Any, record: Any, text: str) -> set[str]:
    places: set[str] = set()
    for spec in kind.fields:
        if spec.type in _TEXT_TYPES:
            value = getattr(record, spec.name)
            if isinstance(value, str) and text in value:
                setattr(record, spec.name, _replace(value, text, spec.max_length(kind.entity)))
                places.add("the record")
    for action in getattr(record, "case_actions", []) if kind.name == "case_sample" else []:
        if text in (action.description or ""):
            action.description = _replace(action.description, text)
            places.add("its case actions")
    for column in (e.ChangeLogEntry.old_value, e.ChangeLogEntry.new_value):
        changed = s.execute(
            update(e.ChangeLogEntry).where(column.contains(text, autoescape=True))
            .values({column: func.replace(column, text, ERASED)})
            .execution_options(synchronize_session=False))
        if changed.rowcount:  # type: ignore[attr-defined]
            places.add("the change history")
    changed = s.execute(
        update(e.ExportRecord).where(e.ExportRecord.options.contains(text, autoescape=True)
                                     | e.ExportRecord.file_name.contains(text, autoescape=True))
        .values(options=func.replace(e.ExportRecord.options, text, ERASED),
                file_name=func.replace(e.ExportRecord.file_name, text, ERASED))
        .execution_options(synchronize_session=False))
    if changed.rowcount:  # type: ignore[attr-defined]
        places.add("the export register")
    places |= _erase_from_attachments(s, text)
    return places


def _erase_from_attachments(s: Session, text: str) -> set[str]:
    """Attachment names and links anywhere; contents where the text is stored as written
    (plain text, CSV, HTML, RTF; UTF-8 or UTF-16). A compressed file (Word, PDF) cannot
    be searched: such an attachment is replaced only when the record is deleted."""
    places: set[str] = set()
    for attachment in s.scalars(select(e.Attachment).where(
            e.Attachment.file_name.contains(text, autoescape=True)
            | e.Attachment.link.contains(text, autoescape=True))):
        attachment.file_name = _replace(attachment.file_name, text, 255) or ""
        attachment.link = _replace(attachment.link, text) or ""
        places.add("attachment names")
    needles = [(text.encode(enc), ERASED.encode(enc)) for enc in ("utf-8", "utf-16-le")]
    ids = list(s.scalars(select(e.AttachmentContent.attachment_id)))
    for attachment_id in ids:
        content = s.get(e.AttachmentContent, attachment_id)
        if content is None:
            continue
        data = content.content
        if not any(needle in data for needle, _ in needles):
            s.expunge(content)
            continue
        for needle, replacement in needles:
            data = data.replace(needle, replacement)
        content.content = data
        owner = s.get(e.Attachment, attachment_id)
        if owner is not None:
            owner.sha256 = hashlib.sha256(data).hexdigest()
            owner.size = len(data)
        places.add("attachment contents")
    return places


def purge_deleted(workspace: Any) -> int:
    """Erase the text of records whose delete can no longer be undone.

    Called when a workspace closes (and when one opens, after a stop that skipped
    the close): every record whose last history row is its delete has the old and
    new values of all its history rows erased, and one row saying so is added.

    Returns:
        How many deleted records were purged.
    """
    with workspace.transaction() as s:
        last = (select(e.ChangeLogEntry.record_ref, func.max(e.ChangeLogEntry.id).label("last"))
                .group_by(e.ChangeLogEntry.record_ref).subquery())
        rows = s.execute(select(e.ChangeLogEntry.record_ref, e.ChangeLogEntry.record_type)
                         .join(last, e.ChangeLogEntry.id == last.c.last)
                         .where(e.ChangeLogEntry.field == "deleted")).all()
        for ref, record_type in rows:
            s.execute(update(e.ChangeLogEntry).where(e.ChangeLogEntry.record_ref == ref)
                      .values(old_value=None, new_value=None)
                      .execution_options(synchronize_session=False))
            s.add(e.ChangeLogEntry(
                at=_now(), who=workspace.who, record_type=record_type, record_ref=ref,
                field=ERASURE_FIELD,
                new_value="The deleted record's text was erased from the change history"))
        if rows:
            search.forget_removed_text(s)
    if rows:
        dialect.reclaim(workspace.engine)
        search.rebuild_after_erasure(workspace.engine)
    return len(rows)


__all__ = ["ERASED", "ERASURE_FIELD", "ErasureReport", "erase", "found_in_record",
           "purge_deleted"]
