"""Deadline and duration wording as calendar dates and day counts, read by the time normaliser.

The engine hands these functions the text of a span it has already chosen as a deadline or a
duration ("30 June 2026", "by Q3", "Week 8", "within 60 days", "next Friday"); both read it
with `timex.find_times`, so a span means the same here as anywhere else. Anything relative
needs the plan's start date; without one, only dates that carry their own year resolve.
Unknown or impossible wording ("soon", "31 February") gives None, never an error.
"""

from __future__ import annotations

import datetime as dt

from coach.analysis.timex import amount_in_days, find_times


def resolve_deadline(text: str, start: dt.date | None) -> dt.date | None:
    """The calendar date a deadline or duration phrase points to, or None if unknown.

    A deadline in the text wins over a duration ("within 60 days, by 30 June" -> 30 June):
    the date a goal names is the one it will be checked on.
    """
    expressions = find_times(text, start)
    for kind in ("deadline", "duration"):
        for expression in expressions:
            if expression.kind == kind and expression.date is not None:
                return expression.date
    return None


def duration_days(text: str) -> int | None:
    """Length in days of "60 days", "two months", "over 8 weeks"; None without an amount.

    The span is already known to be a duration, so a bare "60 days" counts here although
    `find_times` would not read it as a window on its own.
    """
    for expression in find_times(text):
        if expression.kind == "duration" and expression.days is not None:
            return expression.days
    return amount_in_days(text)
