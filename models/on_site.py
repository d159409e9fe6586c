"""The days on site: a visit's timetable of meetings, catch-ups and case holders' hours."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sqlalchemy import select

from . import entities as e
from . import vocabulary as v
from .errors import ConflictError, ValidationError
from .records import KINDS
from .store import Workspace

_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
FIELDS = ("day", "start_time", "end_time", "kind", "activity", "people", "place")


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    """Check one timetable entry; times are 24-hour HH:MM, the kind one of SlotKind.

    Raises:
        ValidationError: an unknown field, a time or date in the wrong form, or
            an entry that ends before it starts.
    """
    cleaned: dict[str, Any] = {}
    for name, value in values.items():
        if name not in FIELDS:
            raise ValidationError(f"A timetable entry has no field called {name}.")
        if isinstance(value, str):
            value = value.strip()
        if name == "day" and isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value) if value else None
            except ValueError:
                raise ValidationError(f"Day: \u201c{value}\u201d is not a date.",
                                      "Write dates as YYYY-MM-DD.") from None
        if name in ("start_time", "end_time") and value and not _TIME.match(value):
            raise ValidationError(f"\u201c{value}\u201d is not a time.",
                                  "Write times as HH:MM on the 24-hour clock, e.g. 09:30.")
        if name == "kind" and value not in v.values(v.SlotKind):
            raise ValidationError(f"\u201c{value}\u201d is not a kind of timetable entry.",
                                  "Choose one of: " + ", ".join(v.values(v.SlotKind)) + ".")
        cleaned[name] = "" if value is None and name != "day" else value
    return cleaned


def _check_times(start: str, end: str) -> None:
    if start and end and end < start:
        raise ValidationError("The entry ends before it starts.", "Check the two times.")


def slots(workspace: Workspace, visit_id: int) -> list[e.OnSiteSlot]:
    """The visit's timetable in the order of the days and times."""
    with workspace._read() as s:
        return list(s.scalars(
            select(e.OnSiteSlot).where(e.OnSiteSlot.visit_id == visit_id)
            .order_by(e.OnSiteSlot.day.is_(None), e.OnSiteSlot.day, e.OnSiteSlot.start_time,
                      e.OnSiteSlot.id)))


def add_slot(workspace: Workspace, visit_id: int, **values: Any) -> e.OnSiteSlot:
    """Add an entry to a visit's timetable (noted in the visit's change history)."""
    values = _clean({"kind": v.SlotKind.MEETING.value, **values})
    _check_times(values.get("start_time", ""), values.get("end_time", ""))
    with workspace._edit() as s:
        visit = s.get(e.Visit, visit_id)
        if visit is None:
            raise ConflictError("This visit has been deleted, perhaps by someone else.",
                                "Refresh and look again.")
        slot = e.OnSiteSlot(visit_id=visit_id, **values)
        s.add(slot)
        workspace._log(s, KINDS["visit"], visit.ref, "On-site timetable", None, _describe(slot))
    return slot


def update_slot(workspace: Workspace, slot_id: int, **values: Any) -> e.OnSiteSlot:
    values = _clean(values)
    with workspace._edit() as s:
        slot = s.get(e.OnSiteSlot, slot_id)
        if slot is None:
            raise ConflictError("This timetable entry has been removed.", "Refresh and look again.")
        before = _describe(slot)
        _check_times(values.get("start_time", slot.start_time),
                     values.get("end_time", slot.end_time))
        for name, value in values.items():
            setattr(slot, name, value)
        visit = s.get(e.Visit, slot.visit_id)
        assert visit is not None
        workspace._log(s, KINDS["visit"], visit.ref, "On-site timetable", before, _describe(slot))
    return slot


def remove_slot(workspace: Workspace, slot_id: int) -> None:
    with workspace._edit() as s:
        slot = s.get(e.OnSiteSlot, slot_id)
        if slot is None:
            return
        visit = s.get(e.Visit, slot.visit_id)
        assert visit is not None
        workspace._log(s, KINDS["visit"], visit.ref, "On-site timetable", _describe(slot), None)
        s.delete(slot)


def when(slot: e.OnSiteSlot) -> str:
    """"Tue 8 Dec 09:00\u201310:00", as the pack and the editor show it."""
    day = f"{slot.day:%a} {slot.day.day} {slot.day:%b}" if slot.day else "Day to be set"
    times = "\u2013".join(t for t in (slot.start_time, slot.end_time) if t)
    return f"{day} {times}".strip()


def _describe(slot: e.OnSiteSlot) -> str:
    return f"{when(slot)} {slot.kind}: {slot.activity}".strip()
