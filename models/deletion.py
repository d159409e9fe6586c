"""What else a delete takes with it, in words, for the question asked before deleting."""

from __future__ import annotations

from collections import Counter
from typing import Any

from .records import KINDS
from .store import Workspace, _capture

#: Rows that are parts of a record rather than records of their own.
_PARTS = {"attachment": ("attachment", "attachments"),
          "case_action": ("action from a case audit", "actions from case audits"),
          "readiness_sign_off": ("readiness sign-off", "readiness sign-offs"),
          "readiness_history": ("day of readiness history", "days of readiness history")}


def _words(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def _and(words: list[str]) -> str:
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else words[0]


def what_else_goes(workspace: Workspace, entity: type[Any],
                   record_ids: list[int]) -> tuple[list[str], list[str]]:
    """What deleting these records also deletes, and what stays but loses its link, counted.

    Follows the schema's foreign keys exactly as the delete does (the same capture
    that undo replays), so the question names precisely what will go.
    """
    names = {k.entity.__tablename__: (k.singular, k.plural)  # type: ignore[attr-defined]
             for k in KINDS.values()}
    names.update(_PARTS)
    root = entity.__tablename__
    removed: Counter[str] = Counter()
    unlinked: Counter[str] = Counter()
    links = 0
    with workspace._read() as s:
        for record_id in record_ids:
            captured = _capture(s, entity.__table__, record_id)
            for table, _row in captured.inserts:
                if table == root or table == "attachment_content":
                    continue
                if table in names:
                    removed[table] += 1
                else:
                    links += 1  # a row of a link table: a link to another record
            for table, _column, _value, refs in captured.relinks:
                unlinked[table] += len(refs)
    deleted = [_words(n, *names[t]) for t, n in removed.items()]
    if links:
        deleted.append(_words(links, "link to another record", "links to other records"))
    kept = [_words(n, *names.get(t, (t, t))) for t, n in unlinked.items()]
    return deleted, kept


def delete_question(workspace: Workspace, entity: type[Any], records: list[Any]) -> str:
    """The question asked before deleting: the records, and everything else that goes."""
    refs = ", ".join(r.ref for r in records[:5]) + ("\u2026" if len(records) > 5 else "")
    deleted, kept = what_else_goes(workspace, entity, [r.id for r in records])
    text = f"Delete {refs}?"
    if deleted:
        text += f" This also deletes {_and(deleted)}."
    if kept:
        text += f" {_and(kept)} stay but will no longer point at it."
    return text + " You can undo this with Ctrl+Z."
