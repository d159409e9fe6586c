"""A checklist item's place in the plan: its stored offset from the visit's first day on site
("5 working days before the visit"), the due date it gives, and what editing one does to the
other."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .dates import is_working_day

#: The fields that place a checklist item in the plan.
PLAN_FIELDS = ("due_date", "days_before_visit", "working_days")


def step_working_days(start: dt.date, count: int) -> dt.date:
    """The date ``count`` working days before ``start`` (after it, for a negative count);
    weekends and England bank holidays are not counted."""
    day, step = start, (-1 if count >= 0 else 1)
    remaining = abs(count)
    while remaining:
        day += dt.timedelta(days=step)
        if is_working_day(day):
            remaining -= 1
    return day


def count_working_days(due: dt.date, start: dt.date) -> int:
    """Working days from ``due`` up to ``start`` (``due`` counted when it is one); negative
    when ``due`` is after ``start``: the inverse of ``step_working_days``."""
    if due > start:
        return -sum(1 for n in range(1, (due - start).days + 1)
                    if is_working_day(start + dt.timedelta(days=n)))
    return sum(1 for n in range((start - due).days)
               if is_working_day(due + dt.timedelta(days=n)))


def due_for(start: dt.date | None, days: int | None, working: bool) -> dt.date | None:
    """The due date an offset gives from the visit's first day on site (None without both)."""
    if start is None or days is None:
        return None
    if working:
        return step_working_days(start, days)
    return start - dt.timedelta(days=days)


def offset_words(days: int | None, working: bool) -> str:
    """An offset in words: "5 working days before the visit"; "fixed date" without one."""
    if days is None:
        return "fixed date"
    if days == 0:
        return "on the first day on site"
    unit = ("working day" if working else "day") + ("s" if abs(days) != 1 else "")
    return f"{abs(days)} {unit} " + ("before the visit" if days > 0 else "after the visit starts")


def settle(current: dict[str, Any], changes: dict[str, Any],
           start: dt.date | None) -> dict[str, Any]:
    """The one rule between a checklist item's due date and its offset, for a user's edit.

    Setting the offset (or whether it counts working days) sets the due date from the visit;
    setting the due date by hand without touching the offset makes it a fixed date (the offset
    is cleared, so re-planning leaves it where the user put it).

    Args:
        current: the item's ``due_date``, ``days_before_visit`` and ``working_days`` now.
        changes: the fields the user changed (only those).
        start: the visit's first day on site.

    Returns:
        The changes with the other side filled in.
    """
    settled = dict(changes)
    offset_changed = ("days_before_visit" in changes or "working_days" in changes)
    days = settled.get("days_before_visit", current.get("days_before_visit"))
    working = bool(settled.get("working_days", current.get("working_days", True)))
    if offset_changed and days is not None and "due_date" not in changes:
        due = due_for(start, days, working)
        if due is not None:
            settled["due_date"] = due
    elif ("due_date" in changes and not offset_changed
          and current.get("days_before_visit") is not None
          and changes["due_date"] != due_for(start, current["days_before_visit"], working)):
        settled["days_before_visit"] = None
    return settled
