"""One undoable command per thing a user does. The store write happens before the push.

Qt calls ``redo()`` when a command is pushed; the first call is skipped because
the change is already saved (so a refused write never reaches the stack).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

from models import entities as e
from models.approvals import check_moves, restore_status, status_state
from models.checklist_plan import PLAN_FIELDS, settle
from models.errors import AppError, ConflictError
from models.records import KINDS, FieldType, RecordKind
from models.replan import redo_replan, replan, undo_replan
from models.store import DeletedRecord

from .context import Session

if TYPE_CHECKING:  # the import (and openpyxl under it) loads when a log is brought in
    from importers.log_apply import AppliedImport


def snapshot(kind: RecordKind, record: Any, names: list[str]) -> dict[str, Any]:
    """Field values of a record in the form ``Workspace.update`` takes (links as id lists)."""
    values: dict[str, Any] = {}
    for name in names:
        spec = kind.field(name)
        value = getattr(record, name)
        values[name] = [x.id for x in value] if spec.type is FieldType.LINKS else value
    return values


class _StoreCommand(QUndoCommand):
    def __init__(self, session: Session, kind: RecordKind, text: str) -> None:
        super().__init__(text)
        self.session = session
        self.kind = kind
        self._first = True

    def _guard(self, work: Any) -> None:
        try:
            work()
        except AppError as error:
            self.setObsolete(True)
            self.session.report(error)
        self.session.changed(self.kind.name)


class EditRecord(_StoreCommand):
    """Fields of one record changed from ``before`` to ``after``."""

    def __init__(self, session: Session, kind: RecordKind, record_id: int, ref: str,
                 before: dict[str, Any], after: dict[str, Any], text: str = "") -> None:
        super().__init__(session, kind, text or _edit_text(kind, ref, after))
        self.record_id = record_id
        self.ref = ref
        self.before = before
        self.after = after

    def _apply(self, expected: dict[str, Any], wanted: dict[str, Any]) -> None:
        current = self.session.workspace.get(self.kind.entity, self.record_id)
        now = snapshot(self.kind, current, list(expected))
        if now != expected:
            raise ConflictError(
                f"{self.ref} has been changed since, perhaps by someone else.",
                "It was left as it is; open it to see the latest version.")
        self.session.workspace.update(self.kind.entity, self.record_id, current.version, **wanted)

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._guard(lambda: self._apply(self.before, self.after))

    def undo(self) -> None:
        self._guard(lambda: self._apply(self.after, self.before))


class EditEvidence(EditRecord):
    """An evidence edit that changes its status: undo and redo put back the approvals recorded
    with each status exactly (a step back clears them; its undo restores who and when)."""

    def __init__(self, session: Session, kind: RecordKind, record_id: int, ref: str,
                 before: dict[str, Any], after: dict[str, Any],
                 states: tuple[dict[str, Any], dict[str, Any]], text: str = "") -> None:
        super().__init__(session, kind, record_id, ref, before, after, text)
        self.states = states

    def _apply(self, expected: dict[str, Any], wanted: dict[str, Any]) -> None:
        ws = self.session.workspace
        current = ws.get(self.kind.entity, self.record_id)
        if snapshot(self.kind, current, list(expected)) != expected:
            raise ConflictError(
                f"{self.ref} has been changed since, perhaps by someone else.",
                "It was left as it is; open it to see the latest version.")
        others = {k: v for k, v in wanted.items() if k != "status"}
        if others:
            current = ws.update(self.kind.entity, self.record_id, current.version, **others)
        state = self.states[0] if wanted is self.before else self.states[1]
        restore_status(ws, self.record_id, current.version, state)


def _edit_text(kind: RecordKind, ref: str, after: dict[str, Any]) -> str:
    if len(after) == 1:
        name = next(iter(after))
        return f"Change {kind.field(name).label.lower()} of {ref}"
    return f"Edit {ref}"


class AddRecord(_StoreCommand):
    """A record was created; undo deletes it, redo puts it back with the same reference."""

    def __init__(self, session: Session, kind: RecordKind, record: Any, text: str = "") -> None:
        super().__init__(session, kind, text or f"Add {kind.singular} {record.ref}")
        self.record_id = record.id
        self._deleted: DeletedRecord | None = None

    def undo(self) -> None:
        def work() -> None:
            current = self.session.workspace.get(self.kind.entity, self.record_id)
            self._deleted = self.session.workspace.delete(self.kind.entity, self.record_id,
                                                          current.version)
        self._guard(work)

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        if self._deleted is not None:
            deleted = self._deleted
            self._guard(lambda: self.session.workspace.restore(deleted))


class DeleteRecord(_StoreCommand):
    """A record was deleted; undo restores it exactly."""

    def __init__(self, session: Session, kind: RecordKind, deleted: DeletedRecord,
                 ref: str) -> None:
        super().__init__(session, kind, f"Delete {ref}")
        self.deleted = deleted
        self.record_id = deleted.record_id

    def undo(self) -> None:
        self._guard(lambda: self.session.workspace.restore(self.deleted))

    def redo(self) -> None:
        if self._first:
            self._first = False
            return

        def work() -> None:
            current = self.session.workspace.get(self.kind.entity, self.record_id)
            self.deleted = self.session.workspace.delete(self.kind.entity, self.record_id,
                                                         current.version)
        self._guard(work)


class ReversibleChange(_StoreCommand):
    """A change to a record's parts (an attachment, an audit's action), with its reverse.

    ``apply`` and ``revert`` take a dict they share, where each keeps what the
    other needs (the id of the attachment it made, say).
    """

    def __init__(self, session: Session, kind: RecordKind, text: str,
                 apply: Callable[[dict[str, Any]], None], revert: Callable[[dict[str, Any]], None],
                 state: dict[str, Any]) -> None:
        super().__init__(session, kind, text)
        self.apply = apply
        self.revert = revert
        self.state = state

    def undo(self) -> None:
        self._guard(lambda: self.revert(self.state))

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._guard(lambda: self.apply(self.state))


def change(session: Session, kind: RecordKind, text: str,
           apply: Callable[[dict[str, Any]], None], revert: Callable[[dict[str, Any]], None],
           state: dict[str, Any] | None = None) -> dict[str, Any]:
    """Make a change now and put it, with its reverse, on the undo stack."""
    state = dict(state or {})
    apply(state)
    session.undo_stack.push(ReversibleChange(session, kind, text, apply, revert, state))
    session.changed(kind.name)
    return state


def _add_part(session: Session, kind: RecordKind, text: str, make: Callable[[], Any],
              remove: Callable[[int], None]) -> None:
    """Add a part to a record (an attachment, an audit's action); undo removes it."""

    def apply(state: dict[str, Any]) -> None:
        state["id"] = make().id

    change(session, kind, text, apply, lambda state: remove(state["id"]))


def attach_file(session: Session, evidence: Any, name: str, content: bytes) -> None:
    """Keep a copy of a file with an evidence item."""
    ws = session.workspace
    _add_part(session, KINDS["evidence"], f"Attach {name} to {evidence.ref}",
              lambda: ws.attach_bytes(evidence.id, name, content), ws.remove_attachment)


def attach_link(session: Session, evidence: Any, link: str) -> None:
    ws = session.workspace
    _add_part(session, KINDS["evidence"], f"Add a link to {evidence.ref}",
              lambda: ws.attach_link(evidence.id, link), ws.remove_attachment)


def remove_attachment(session: Session, evidence: Any, attachment: Any) -> None:
    """Remove an attachment (undo puts the same file or link back)."""
    ws = session.workspace
    content = ws.attachment_content(attachment.id) if attachment.is_copy else b""

    def revert(state: dict[str, Any]) -> None:
        made = (ws.attach_bytes(evidence.id, attachment.file_name, content) if attachment.is_copy
                else ws.attach_link(evidence.id, attachment.link))
        state["id"] = made.id

    change(session, KINDS["evidence"],
           f"Remove {attachment.file_name or 'a link'} from {evidence.ref}",
           lambda state: ws.remove_attachment(state["id"]), revert, {"id": attachment.id})


def add_case_action(session: Session, sample: Any, description: str, due: Any) -> None:
    """An action set by a case audit."""
    ws = session.workspace
    _add_part(session, KINDS["case_sample"], f"Add an action to {sample.ref}",
              lambda: ws.add_case_action(sample.id, description, due), ws.remove_case_action)


def edit(session: Session, kind: RecordKind, record: Any, changes: dict[str, Any],
         text: str = "") -> Any:
    """Save changes to a record now, and put the edit on the undo stack.

    Raises:
        AppError: the store refused (conflict, bad value); nothing is saved or pushed.
    """
    updated, command = _save_edit(session, kind, record, changes, text)
    if command is not None and kind.name == "visit":
        _edit_visit_and_follow(session, record, updated, command)
    elif command is not None:
        session.undo_stack.push(command)
        session.changed(kind.name)
    return updated


def _edit_visit_and_follow(session: Session, before: Any, after: Any,
                           command: QUndoCommand) -> None:
    """A visit's edit and the re-plan of its checklist it causes, as one undo step."""
    ws = session.workspace
    stack = session.undo_stack
    stack.beginMacro(command.text())
    try:
        stack.push(command)

        def apply(state: dict[str, Any]) -> None:
            if "done" in state:
                redo_replan(ws, state["done"])
            else:
                state["done"] = replan(ws, before, after)

        state = change(session, KINDS["checklist_item"],
                       f"Re-plan the checklist of {after.ref}", apply,
                       lambda state: undo_replan(ws, state["done"]))
    finally:
        stack.endMacro()
    session.changed("visit")
    if state["done"]:
        session.visit_replanned.emit(after.title, state["done"].describe())


def _save_edit(session: Session, kind: RecordKind, record: Any, changes: dict[str, Any],
               text: str = "") -> tuple[Any, EditRecord | None]:
    """Write the changes that differ from the record; the command that undoes them, if any."""
    before = snapshot(kind, record, list(changes))
    after = {k: v for k, v in changes.items() if before[k] != v}
    if kind.name == "checklist_item" and after:
        # A due date typed by hand becomes fixed; days before the visit set the due date.
        after = settle({n: getattr(record, n) for n in PLAN_FIELDS}, after,
                       record.visit.start_date if record.visit is not None else None)
        before = snapshot(kind, record, list(after))
        after = {k: v for k, v in after.items() if before[k] != v}
    if not after:
        return record, None
    before = {k: before[k] for k in after}
    updated = session.workspace.update(kind.entity, record.id, record.version, **after)
    if kind.name == "evidence" and "status" in after:
        return updated, EditEvidence(session, kind, record.id, record.ref, before, after,
                                     (status_state(record), status_state(updated)), text)
    return updated, EditRecord(session, kind, record.id, record.ref, before, after, text)


def add(session: Session, kind: RecordKind, values: dict[str, Any]) -> Any:
    """Create a record now and put the creation on the undo stack."""
    if kind.name == "visit":
        record = session.workspace.add_visit(**values)
    elif kind.name == "theme":
        record = session.workspace.add_theme(**values)
    else:
        if kind.name == "checklist_item" and values.get("visit_id"):
            visit = session.workspace.get(e.Visit, values["visit_id"])
            values = settle({}, values, visit.start_date)
        record = session.workspace.add(kind.entity, **values)
    session.undo_stack.push(AddRecord(session, kind, record))
    session.changed(kind.name)
    return record


def delete(session: Session, kind: RecordKind, records: list[Any]) -> None:
    """Delete records now (one undo step for all of them)."""
    if not records:
        return
    session.undo_stack.beginMacro(
        f"Delete {records[0].ref}" if len(records) == 1 else f"Delete {len(records)} {kind.plural}")
    try:
        for record in records:
            deleted = session.workspace.delete(kind.entity, record.id, record.version)
            session.undo_stack.push(DeleteRecord(session, kind, deleted, record.ref))
    finally:
        session.undo_stack.endMacro()
        session.changed(kind.name)


class BulkEdit(QUndoCommand):
    """The same change to several records: one undo step, one refresh of each page.

    The edits are kept as a plain list rather than as Qt child commands, so that
    only Python owns them.
    """

    def __init__(self, session: Session, text: str) -> None:
        super().__init__(text)
        self.session = session
        self.edits: list[EditRecord] = []
        self._first = True

    def undo(self) -> None:
        with self.session.batch(), self.session.workspace.transaction():
            held = self._read_all()  # noqa: F841  (kept in the transaction while it runs)
            for edit_ in reversed(self.edits):
                edit_.undo()

    def redo(self) -> None:
        if self._first:  # saved already, before the push
            self._first = False
            return
        with self.session.batch(), self.session.workspace.transaction():
            held = self._read_all()  # noqa: F841  (kept in the transaction while it runs)
            for edit_ in self.edits:
                edit_.redo()

    def _read_all(self) -> list[Any]:
        """Every record of the change in one read, instead of one read per record."""
        if not self.edits:
            return []
        kind = self.edits[0].kind
        return self.session.workspace.records(kind.entity, [x.record_id for x in self.edits])


def bulk_edit(session: Session, kind: RecordKind, records: list[Any],
              changes: dict[str, Any]) -> None:
    """The same change to several records, as one undo step and one transaction.

    Pages hear of the change once, when every record is saved, not once per record.
    Should the store refuse one record (someone else changed it), none is saved.
    """
    name = next(iter(changes))
    if kind.name == "evidence" and "status" in changes:
        # All or none: a list with drafts in it is not half approved.
        check_moves([(r.ref, r.status) for r in records], changes["status"])
    command = BulkEdit(session,
                       f"Change {kind.field(name).label.lower()} of {len(records)} {kind.plural}")
    planned: list[tuple[Any, dict[str, Any], dict[str, Any]]] = []
    for record in records:
        before = snapshot(kind, record, list(changes))
        after = {k: v for k, v in changes.items() if before[k] != v}
        if after:
            planned.append((record, {k: before[k] for k in after}, after))
    if not planned:
        return
    with session.batch():
        session.workspace.update_many(kind.entity, [(r.id, r.version, after)
                                                    for r, _, after in planned])
        for record, before, after in planned:
            saved = EditRecord(session, kind, record.id, record.ref, before, after)
            saved._first = False  # its later redo()s come from the bulk command
            command.edits.append(saved)
        session.undo_stack.push(command)
        session.changed(kind.name)


class ImportLog(QUndoCommand):
    """An edited evidence log was brought in; undo takes every change of it back at once."""

    def __init__(self, session: Session, applied: AppliedImport) -> None:
        super().__init__(f"Import evidence log {applied.file_name}")
        self.session = session
        self.applied = applied
        self._first = True

    def _run(self, work: Callable[[Any, AppliedImport], None]) -> None:
        try:
            work(self.session.workspace, self.applied)
        except AppError as error:
            self.setObsolete(True)
            self.session.report(error)
        _changed_by_import(self.session)

    def undo(self) -> None:
        from importers.log_apply import undo_import

        self._run(undo_import)

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        from importers.log_apply import redo_import

        self._run(redo_import)


def _changed_by_import(session: Session) -> None:
    for name in ("evidence", "case_sample", "checklist_item", "finding", "action", "indicator",
                 "import"):
        session.changed(name)


def record_import(session: Session, applied: AppliedImport) -> None:
    """Put an import the store has already applied on the undo stack, as one step."""
    session.undo_stack.push(ImportLog(session, applied))
    _changed_by_import(session)


def remove_case_action(session: Session, sample: Any, action: Any) -> None:
    """Remove an action a case audit set (undo puts it back)."""
    ws = session.workspace
    description, due = action.description, action.due_date

    def revert(state: dict[str, Any]) -> None:
        state["id"] = ws.add_case_action(sample.id, description, due).id

    change(session, KINDS["case_sample"], f"Remove an action from {sample.ref}",
           lambda state: ws.remove_case_action(state["id"]), revert, {"id": action.id})


def change_case_action(session: Session, sample: Any, action: Any, description: str,
                       due: Any) -> None:
    """Reword an audit's action or move its due date, as one undo step."""
    ws = session.workspace
    old = (action.description, action.due_date)

    def swap(state: dict[str, Any], text: str, when: Any) -> None:
        ws.remove_case_action(state["id"])
        state["id"] = ws.add_case_action(sample.id, text, when).id

    change(session, KINDS["case_sample"], f"Change an action of {sample.ref}",
           lambda state: swap(state, description, due), lambda state: swap(state, *old),
           {"id": action.id})
