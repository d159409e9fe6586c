"""The list of what is missing, each message written when it is first read.

Readiness by SQL (``models.readiness_sql``) reads the rows that are gaps: an overdue
action's reference, due date, owner and description, and so on. A workspace of
20,000 items has well over a thousand of them, and writing a message quotes the
record's text through the export rule (a personal-data scan of every quoted text),
which costs more than all the SQL that found them. A list on screen shows a
screenful at a time, so each message is written when its row is first read, and
kept: the readiness figures are ready as soon as the counts are.

The messages are the same as the formula's (``models.readiness.find_gaps``): both
call the same gap functions with the same values.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, overload

from .personal_data import PublicContacts
from .readiness import Gap, Shorten, shortener

#: A gap function of ``models.readiness`` (``action_overdue_gap`` …) and a row of its values.
Pending = tuple[Callable[..., Gap], tuple[Any, ...]]


class GapList(Sequence[Gap]):
    """Gaps in the formula's order; those still to write are a gap function and its row.

    Two lists are equal when they hold the same gaps: lists read from the same rows
    with the same public contacts compare without writing a message, so the
    dashboard can tell "nothing changed" after an edit for the price of a tuple
    comparison.
    """

    __slots__ = ("_entries", "_made", "_public", "_short")

    def __init__(self, entries: Iterable[Gap | Pending], public: PublicContacts) -> None:
        self._entries: tuple[Gap | Pending, ...] = tuple(entries)
        self._made: list[Gap | None] = [g if isinstance(g, Gap) else None for g in self._entries]
        self._public = public
        self._short: Shorten | None = None

    def __len__(self) -> int:
        return len(self._entries)

    @overload
    def __getitem__(self, index: int) -> Gap: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Gap, ...]: ...

    def __getitem__(self, index: int | slice) -> Gap | tuple[Gap, ...]:
        if isinstance(index, slice):
            return tuple(self._gap(i) for i in range(*index.indices(len(self))))
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("gap index out of range")
        return self._gap(index)

    def __iter__(self) -> Iterator[Gap]:
        return (self._gap(i) for i in range(len(self)))

    def _gap(self, i: int) -> Gap:
        made = self._made[i]
        if made is None:
            if self._short is None:
                self._short = shortener(self._public)
            make, row = self._entries[i]  # type: ignore[misc]
            made = self._made[i] = make(self._short, *row)
        return made

    def __eq__(self, other: object) -> bool:
        if isinstance(other, GapList) and self._public == other._public:
            # The same gap functions with the same rows write the same messages: decided
            # without writing any (different rows count as a change, which they nearly
            # always are).
            return self._entries == other._entries
        if not isinstance(other, (GapList, tuple, list)):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"GapList({len(self)} gaps)"
