"""What the time normaliser hands back: one `TimeExpression` per expression, of one kind."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

KINDS = ("deadline", "duration", "cadence", "relative", "not_a_bound")
# Between equally long readings: a measure (a blocker) first, then wording that sets no bound
# ("before long" is not "before <event>"), then the most precise kind.
PRIORITY = {
    "measure": 0,
    "not_a_bound": 1,
    "deadline": 2,
    "duration": 3,
    "relative": 4,
    "cadence": 5,
}


@dataclass(frozen=True)
class TimeExpression:
    """One time expression: where it is, what kind, and what it resolves to when known."""

    start: int
    end: int
    text: str
    kind: str
    date: dt.date | None = None
    days: int | None = None
    every_days: int | None = None
