"""Readers of cadences: how often ("weekly", "every other week", "three times a week",
"on Mondays", "the first Friday of every month"), with the days between occurrences when
they are known."""

from __future__ import annotations

import re

from coach.analysis.number_words import NAMED_TIMES, NUMBER_WORD, amount_value, times_value
from coach.analysis.timex.durations import unit_key
from coach.analysis.timex.expression import TimeExpression
from coach.analysis.timex.scanning import Found, Scan
from coach.analysis.timex.tables import CADENCE_WORDS, UNIT_DAYS, WEEKDAYS


def _every(period_days: float | None, times: float | None) -> int | None:
    """The days between occurrences: "three times a week" -> 2, "fortnightly" -> 14."""
    if period_days is None or not times:
        return None
    return max(1, round(period_days / times))


_DAILY_WORDS = frozenset({"weekday", "morning", "afternoon", "evening", "night"})
_COUNT_BEFORE = re.compile(
    rf"(?:\d[\d,.]*[km]?\+?|{NUMBER_WORD}|once|twice|thrice|times|x)\s+(?:[\w'-]+\s+){{0,3}}$"
)


def _period_of(what: str, qualifier: str | None) -> float | None:
    """The period of "every <what>": a unit's days, a week for a weekday, a day for a morning
    or a business day; None for an event ("each shift", "per sprint")."""
    if what in WEEKDAYS or what == "weekend":
        return 7
    if what in _DAILY_WORDS or (qualifier and what == "day"):
        return 1
    return UNIT_DAYS.get(unit_key(what))


def read_cadence_word(found: Found, scan: Scan) -> TimeExpression | None:
    """ "weekly", "bi-weekly", "twice monthly", "on a quarterly basis", "annual"."""
    period = CADENCE_WORDS[re.sub(r"[\s-]", "", found["word"] or "")]
    return scan.make(found, "cadence", every_days=_every(period, times_value(found["times"])))


def _counted_per_unit(what: str, scan: Scan, found: Found) -> bool:
    """Is "a <unit>" a rate here? Only after a count: "50 calls a day", "twice a week"."""
    return unit_key(what) in UNIT_DAYS and bool(_COUNT_BEFORE.search(scan.before(found).lower()))


def read_every(found: Found, scan: Scan) -> TimeExpression | None:
    """ "every other week", "each shift", "per sprint", "every Friday", "50 calls a day"."""
    what = found["what"] or ""
    if found["quantifier"] in ("a", "an") and not _counted_per_unit(what, scan, found):
        return None  # "take a day off" is not a cadence
    multiple = found["multiple"]
    steps = {"other": 2.0, "second": 2.0, "third": 3.0, "fourth": 4.0}.get(multiple or "")
    if multiple and steps is None:
        steps = amount_value(multiple)
    period = _period_of(what, found["qualifier"])
    every = _every(period * (steps or 1.0), 1.0) if period is not None else None
    return scan.make(found, "cadence", every_days=every)


def read_times_per(found: Found, scan: Scan) -> TimeExpression | None:
    """ "twice a month", "three times a week", "3x/week", "once per sprint"."""
    word = found["times_word"] or ""
    amount = found["times_amount"]
    times = NAMED_TIMES.get(word) or (amount_value(amount) if amount else None)
    if times is None:
        return None  # "times a day" with no count; "x" alone is a letter
    period = _period_of(found["what"] or "", found["qualifier"])
    return scan.make(found, "cadence", every_days=_every(period, times))


def read_weekdays(found: Found, scan: Scan) -> TimeExpression | None:
    """ "on Mondays", "Fridays", "on weekdays", "at weekends"."""
    return scan.make(found, "cadence", every_days=1 if found["days"] == "weekdays" else 7)


def read_nth_of(found: Found, scan: Scan) -> TimeExpression | None:
    """ "the first Friday of every month" (a cadence); "by the last day of the month" (a
    deadline, its date left open)."""
    if found["of"] == "the" and found["lead"] in ("by", "before", "until"):
        return scan.make(found, "deadline")
    return scan.make(found, "cadence", every_days=UNIT_DAYS[unit_key(found["unit"] or "")])


def read_rate(found: Found, scan: Scan) -> TimeExpression | None:
    """ "2/week", "on the 1st of each month"."""
    return scan.make(found, "cadence", every_days=UNIT_DAYS.get(unit_key(found["unit"] or "")))


def read_occasion(found: Found, scan: Scan) -> TimeExpression | None:
    """ "after each sitting", "before every delivery run": how often is the occasion's."""
    return scan.make(found, "cadence")
