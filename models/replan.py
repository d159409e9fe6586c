"""Plans that follow the visit: checklist items take the due date their stored offset gives
from the first day on site (dates fixed by hand stay), and focus themes added later bring
their template items."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from . import catalogue
from . import entities as e
from .checklist_plan import count_working_days, due_for, step_working_days
from .readiness import checklist_finished
from .store import DeletedRecord, RecordQuery, Workspace
from .vocabulary import counted


def working_days_before(due: dt.date, start: dt.date) -> int:
    """Working days from ``due`` up to ``start`` (weekends and England bank holidays skipped);
    negative if after it."""
    return count_working_days(due, start)


def working_day_before(start: dt.date, count: int) -> dt.date:
    """The date ``count`` working days before ``start`` (after it, for a negative count)."""
    return step_working_days(start, count)


def offset_words(item: e.ChecklistItem) -> str:
    """A checklist item's place in the plan, from its stored offset: " (5 working days
    before)", " (fixed date)" ("" without a due date)."""
    if item.due_date is None:
        return ""
    days = item.days_before_visit
    if days is None:
        return " (fixed date)"
    if days == 0:
        return " (first day on site)"
    unit = ("working day" if item.working_days else "day") + ("s" if abs(days) != 1 else "")
    return f" ({abs(days)} {unit} " + ("before)" if days > 0 else "after)")


@dataclass
class Replan:
    """What re-planning a visit changed: items moved (ref, old due, new due) and items added."""

    moved: list[tuple[str, int, dt.date | None, dt.date | None]] = field(default_factory=list)
    added: list[int] = field(default_factory=list)
    #: Unfinished items left where they are: their due date was fixed by hand.
    fixed: list[str] = field(default_factory=list)
    #: Added items as an undo removed them, for a redo to put back exactly.
    removed: list[DeletedRecord] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.moved or self.added or self.fixed)

    def describe(self) -> list[str]:
        """One line per change, for telling the user what moved."""
        lines = [f"{ref}: {old:%d/%m/%Y} \u2192 {new:%d/%m/%Y}" for ref, _id, old, new in self.moved
                 if old and new]
        if self.added:
            lines.append(f"{counted(len(self.added), 'checklist item')} added for the new focus themes")
        if self.fixed:
            shown = ", ".join(self.fixed[:10]) + (f" and {len(self.fixed) - 10} more"
                                                  if len(self.fixed) > 10 else "")
            lines.append(f"Not moved, their due dates were fixed by hand: {shown}")
        return lines


def replan(workspace: Workspace, before: e.Visit, after: e.Visit) -> Replan:
    """Follow a visit's change: give unfinished checklist items the due date their stored
    offset gives from the new first day on site (items with a date fixed by hand stay, and
    are listed), and add template items, with their offsets, for new focus themes.
    """
    result = Replan()
    items = workspace.page(e.ChecklistItem, RecordQuery(equals={"visit_id": after.id},
                                                        limit=100_000))
    old_start, new_start = before.start_date, after.start_date
    if new_start and old_start != new_start:
        for item in items:
            if checklist_finished(item):
                continue
            if item.days_before_visit is None:
                if item.due_date is not None:
                    result.fixed.append(item.ref)
                continue
            new_due = due_for(new_start, item.days_before_visit, item.working_days)
            if new_due != item.due_date:
                workspace.update(e.ChecklistItem, item.id, item.version, due_date=new_due)
                result.moved.append((item.ref, item.id, item.due_date, new_due))
    old_themes = {t.id for t in before.themes}
    new_themes = [t for t in after.themes if t.id not in old_themes]
    if new_themes:
        existing = {i.item for i in items}
        for entry in catalogue.checklist_template(new_themes):
            if entry.theme is None or entry.item in existing:
                continue
            # The same rule as a new visit's checklist: the template's offset, kept.
            added = workspace.add(e.ChecklistItem, visit_id=after.id, theme_id=entry.theme.id,
                                  category=entry.category, item=entry.item,
                                  due_date=due_for(new_start, entry.due_days_before, True),
                                  days_before_visit=entry.due_days_before, working_days=True,
                                  status="Not started")
            result.added.append(added.id)
    return result


def undo_replan(workspace: Workspace, done: Replan) -> None:
    """Put moved items back on their old dates and remove the items re-planning added."""
    for _ref, item_id, old, _new in done.moved:
        item = workspace.get(e.ChecklistItem, item_id)
        workspace.update(e.ChecklistItem, item_id, item.version, due_date=old)
    done.removed = []
    for item_id in done.added:
        item = workspace.get(e.ChecklistItem, item_id)
        done.removed.append(workspace.delete(e.ChecklistItem, item_id, item.version))


def redo_replan(workspace: Workspace, done: Replan) -> None:
    """Apply a re-plan again after an undo: the same moves, the same items back."""
    for _ref, item_id, _old, new in done.moved:
        item = workspace.get(e.ChecklistItem, item_id)
        workspace.update(e.ChecklistItem, item_id, item.version, due_date=new)
    done.added = [workspace.restore(deleted).id for deleted in done.removed]
