"""Plans that follow the visit: checklist due dates keep their distance from the first day on
site in working days, and focus themes added later bring their template items."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from . import catalogue
from . import entities as e
from .readiness import checklist_finished
from .store import DeletedRecord, RecordQuery, Workspace


def working_days_before(due: dt.date, start: dt.date) -> int:
    """Working days (Monday to Friday) from ``due`` up to ``start``; negative if after it."""
    sign = 1 if due <= start else -1
    low, high = sorted((due, start))
    days = sum(1 for n in range((high - low).days)
               if (low + dt.timedelta(days=n)).weekday() < 5)
    return sign * days


def working_day_before(start: dt.date, count: int) -> dt.date:
    """The date ``count`` working days before ``start`` (after it, for a negative count)."""
    day, step = start, (-1 if count >= 0 else 1)
    remaining = abs(count)
    while remaining:
        day += dt.timedelta(days=step)
        if day.weekday() < 5:
            remaining -= 1
    return day


def offset_words(item: e.ChecklistItem) -> str:
    """A checklist item's place in the plan: " (5 working days before)" ("" without dates)."""
    start = item.visit.start_date if item.visit is not None else None
    if item.due_date is None or start is None:
        return ""
    days = working_days_before(item.due_date, start)
    if days == 0:
        return " (first day on site)"
    return f" ({abs(days)} working day{'s' if abs(days) != 1 else ''} " + (
        "before)" if days > 0 else "after)")


@dataclass
class Replan:
    """What re-planning a visit changed: items moved (ref, old due, new due) and items added."""

    moved: list[tuple[str, int, dt.date | None, dt.date | None]] = field(default_factory=list)
    added: list[int] = field(default_factory=list)
    #: Added items as an undo removed them, for a redo to put back exactly.
    removed: list[DeletedRecord] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.moved or self.added)

    def describe(self) -> list[str]:
        """One line per change, for telling the user what moved."""
        lines = [f"{ref}: {old:%d/%m/%Y} \u2192 {new:%d/%m/%Y}" for ref, _id, old, new in self.moved
                 if old and new]
        if self.added:
            lines.append(f"{len(self.added)} checklist item(s) added for the new focus themes")
        return lines


def replan(workspace: Workspace, before: e.Visit, after: e.Visit) -> Replan:
    """Follow a visit's change: move unfinished checklist items with its first day on site,
    keeping each one's working days before it, and add template items for new focus themes.
    """
    result = Replan()
    items = workspace.page(e.ChecklistItem, RecordQuery(equals={"visit_id": after.id},
                                                        limit=100_000))
    old_start, new_start = before.start_date, after.start_date
    if old_start and new_start and old_start != new_start:
        for item in items:
            if item.due_date is None or checklist_finished(item):
                continue
            new_due = working_day_before(new_start, working_days_before(item.due_date, old_start))
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
            # The same rule as a new visit's checklist: the template's days before the visit.
            due = new_start - dt.timedelta(days=entry.due_days_before) if new_start else None
            added = workspace.add(e.ChecklistItem, visit_id=after.id, theme_id=entry.theme.id,
                                  category=entry.category, item=entry.item, due_date=due,
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
