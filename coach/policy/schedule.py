"""When check-ins are due, which were held, and which are overdue: pure date arithmetic.

Due dates come from the plan alone: its start, its cadence and its (possibly extended) end. The
first check-in is due one cadence after the start, then one cadence after that, up to the end.
Monthly means the same day of each month (the 31st becomes the month's last day).

A check-in of a covering kind (scheduled, milestone, final; not ad hoc) held for a due date
covers it. New check-ins name their due date (`CheckIn.due_date`); one stored without it is
given, in date order, the earliest due date still open that it could have been held for. A due
date that has passed uncovered is overdue until a check-in is recorded for it, late if need be:
nothing rolls it forward. A check-in may be held up to EARLY_DAYS before its due date.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

CADENCE_DAYS = {"weekly": 7, "fortnightly": 14}
MONTHLY = "monthly"
COVERING_KINDS = ("scheduled", "milestone", "final")
EARLY_DAYS = 3  # a check-in moved forward by a few days still counts for its week


@dataclass(frozen=True)
class Held:
    """A stored check-in as the schedule needs it."""

    date: dt.date
    kind: str
    due_date: dt.date | None = None


@dataclass(frozen=True)
class Schedule:
    """The plan's due dates and what happened to each, as of `today`."""

    due: tuple[dt.date, ...]
    covered: dict[dt.date, dt.date] = field(default_factory=dict)  # due date -> held on
    today: dt.date = field(default_factory=dt.date.today)

    @property
    def overdue(self) -> list[dt.date]:
        """Due dates that have passed without a check-in, oldest first."""
        return [day for day in self.due if day < self.today and day not in self.covered]

    @property
    def overdue_since(self) -> dt.date | None:
        overdue = self.overdue
        return overdue[0] if overdue else None

    @property
    def next_due(self) -> dt.date | None:
        """The first due date from today on that is still open."""
        return next((d for d in self.due if d >= self.today and d not in self.covered), None)

    def open_for(self, held_on: dt.date) -> list[dt.date]:
        """The due dates a check-in held on `held_on` may be recorded for: open ones up to
        EARLY_DAYS after it (late ones included), oldest first."""
        latest = held_on + dt.timedelta(days=EARLY_DAYS)
        return [day for day in self.due if day <= latest and day not in self.covered]

    def default_for(self, held_on: dt.date) -> dt.date | None:
        """The due date a check-in held on `held_on` is for, unless told otherwise: the oldest
        one still open (so a missed check-in is made up first)."""
        candidates = self.open_for(held_on)
        return candidates[0] if candidates else None


def due_dates(start: dt.date, end: dt.date, cadence: str) -> tuple[dt.date, ...]:
    """Every due date from one cadence after `start` up to and including `end`."""
    dates: list[dt.date] = []
    step = 1
    while (day := _after(start, cadence, step)) <= end:
        dates.append(day)
        step += 1
    return tuple(dates)


def build(
    start: dt.date, end: dt.date, cadence: str, held: Iterable[Held], today: dt.date
) -> Schedule:
    """The schedule of a plan with these dates and check-ins, as of `today`."""
    due = due_dates(start, end, cadence)
    covered: dict[dt.date, dt.date] = {}
    covering = [item for item in held if item.kind in COVERING_KINDS]
    for item in covering:
        if item.due_date in due and item.due_date not in covered:
            covered[item.due_date] = item.date
    undated = sorted((item for item in covering if item.due_date is None), key=lambda i: i.date)
    for item in undated:
        latest = item.date + dt.timedelta(days=EARLY_DAYS)
        day = next((d for d in due if d <= latest and d not in covered), None)
        if day is not None:
            covered[day] = item.date
    return Schedule(due=due, covered=covered, today=today)


def _after(start: dt.date, cadence: str, steps: int) -> dt.date:
    if cadence == MONTHLY:
        month_index = start.month - 1 + steps
        year, month = start.year + month_index // 12, month_index % 12 + 1
        day = min(start.day, calendar.monthrange(year, month)[1])
        return dt.date(year, month, day)
    return start + dt.timedelta(days=CADENCE_DAYS.get(cadence, 7) * steps)
