"""Readers of amounts of time and of timing tied to an event: durations ("within 60 days",
"a 90-day period", "during the PIP"), relative timing ("2 days before the review", "by the end
of the PIP"), wording that sets no bound, and measures (read only to block time readings)."""

from __future__ import annotations

import math
import re

from coach.analysis.calendar_math import plus_business_days, plus_days
from coach.analysis.number_words import amount_value
from coach.analysis.timex.expression import TimeExpression
from coach.analysis.timex.patterns import BUSINESS, RATE_PREFIX
from coach.analysis.timex.scanning import Found, Scan
from coach.analysis.timex.tables import (
    MONTH_ABBREVIATIONS,
    MONTHS,
    ORDINALS,
    SCHEDULE_ADJECTIVES,
    START_WORDS,
    UNIT_DAYS,
    VAGUE_ADJECTIVES,
    wordlist,
)


def unit_key(word: str) -> str:
    key = word.lower()
    return key if key in UNIT_DAYS else key[:-1]


def length_in_days(found: Found) -> tuple[int | None, bool]:
    """Days of "<amount> <unit>" (None below a day, or for a placeholder amount) and whether
    they are business days, which count as calendar days (5 -> 7) for pace checks."""
    unit_days = UNIT_DAYS.get(unit_key(found["unit"] or ""))
    value = amount_value(found["amount"]) if found["amount"] else 1.0  # "the first week"
    business = found["qualifier"] in ("business", "working", "school")
    if unit_days is None or value is None:
        return None, business
    days = value * unit_days * (7 / 5 if business and unit_days == 1 else 1)
    return (math.ceil(days) if days < 10**6 else None), business


def read_amount_of_time(found: Found, scan: Scan) -> TimeExpression | None:
    """An amount of time, and what it is to the goal: "a 90-day period", "2 days in advance",
    "within 24 hours of receipt", or a window, "within the first 30 days"."""
    if found["amount"] is None and not (found["ordinal"] and found["lead"]):
        return None  # "days" with no number; but "within the first week" is one week
    if found["period_noun"] is not None:
        days, _ = length_in_days(found)
        return scan.make(found, "duration", date=plus_days(scan.start, days), days=days)
    if found["relation"] is not None and (relative := _offset(found, scan)) is not None:
        return relative
    return _window(found, scan)


def _offset(found: Found, scan: Scan) -> TimeExpression | None:
    """ "3 days before the deadline", "1 hour early", "90 days from the start" (a window: the
    start is the plan's). "30 minutes of study" is no offset."""
    relation = " ".join((found["relation"] or "").split())
    reference = (found["reference"] or "").strip()
    if "-" in (found["gap"] or "") or (relation == "of" and found["lead"] != "within"):
        return None
    if relation in ("of", "from", "following") and not reference:
        return None
    if relation == "from" and re.fullmatch(START_WORDS, reference):
        days, _ = length_in_days(found)
        return scan.make(found, "duration", date=plus_days(scan.start, days), days=days)
    return scan.make(found, "relative")


# A bound on an amount ("at least", "under"), as opposed to a window ("within", "over").
_AMOUNT_BOUNDS = frozenset({
    "under", "less than", "no more than", "not more than", "at most", "up to", "at least",
    "no less than", "a minimum of", "minimum", "minimum of", "<", "<=", "≤", "more than",
    "longer than", "no longer than", "for more than", "for longer than", "for no more than",
    "for no longer than",
})  # fmt: skip
# "cut wait time by at least 30 seconds", "reduce handling time to under 3 minutes": the
# amount of time is the change or the target of a time metric, not a window for the goal.
_CHANGED_BY = re.compile(r"(?<![\w-])(?:by|to)\s+$")
# "wait times to average no longer than 15 minutes", "an answer time under 15 seconds": the
# amount is the value a time metric must keep to, not a window for the goal.
_TIME_METRIC_VALUE = re.compile(
    r"(?<![\w-])(?:time|times|duration|durations)"
    r"(?:\s+(?:to\s+)?(?:average|be|is|are|stay|stays|remain|remains|of|at)){0,2}\s+$"
)


def _window(found: Found, scan: Scan) -> TimeExpression | None:
    """ "within 60 days", "in the next two months", "over the first 30 days", "for 8 weeks".
    "60 days" alone is a quantity, and "a 6-week course" a course; "by at least 30 seconds"
    and "to under 3 minutes" are a metric's change or target (a measure, dropped)."""
    ordinal = found["ordinal"]
    if not (found["lead"] or ordinal) or "-" in (found["gap"] or ""):
        return None
    lead = " ".join((found["lead"] or "").split())
    begin = found.start()
    if lead in _AMOUNT_BOUNDS and (
        _CHANGED_BY.search(scan.lower, max(0, begin - 6), begin)
        or _TIME_METRIC_VALUE.search(scan.lower, max(0, begin - 40), begin)
    ):
        return scan.make_span(found.start(), found.end("length_end"), "measure")
    days, business = length_in_days(found)
    periods = ORDINALS.get(ordinal or "", 1)
    if business and scan.start and days is not None and periods == 1:
        count = math.ceil(amount_value(found["amount"] or "") or 0)
        date = plus_business_days(scan.start, count)
    else:
        date = plus_days(scan.start, days * periods if days is not None else None)
    end = found.end("length_end")
    return scan.make_span(found.start(), end, "duration", date, days)


def read_plan_period(found: Found, scan: Scan) -> TimeExpression | None:
    """ "during the PIP", "for the rest of the plan": the plan's own window."""
    return scan.make(found, "duration")


def read_event(found: Found, scan: Scan) -> TimeExpression | None:
    """ "before the next review", "by the mid-point review", "at each stand-up" (a cadence).
    "in the plan" and "on the call" place, they do not time."""
    lead = " ".join((found["lead"] or "").split())
    each = found["det"] in ("each", "every")
    if lead in ("through", "throughout") and found["det"] not in ("a", "an", "any", "all"):
        return scan.make(found, "duration")  # "through their first audit cycle"
    if lead in ("at", "on", "in", "during", "for", "with"):
        if each:
            return scan.make(found, "cadence")
        if lead in ("at", "during") and found["det"] not in ("a", "an", "any", "all"):
            return scan.make(found, "relative")
        return None  # "speak at a conference": an occasion, not a time
    return scan.make(found, "relative")


def read_recurring_occasions(found: Found, scan: Scan) -> TimeExpression | None:
    """ "reflect after lessons", "speak up at team meetings": timed by the occasions. Read as
    relative to them, not as a cadence: "at meetings" need not be at each one, so it does not
    make an open-ended behaviour countable as "at each meeting" does."""
    return scan.make(found, "relative")


def read_end_of_event(found: Found, scan: Scan) -> TimeExpression | None:
    """ "by the end of the PIP", "at the start of each shift" (a cadence)."""
    return scan.make(found, "cadence" if found["det"] in ("each", "every") else "relative")


# The calendar's own periods: "by the end of the month" is read, with its date, by the
# productions for periods and plans, never as the end of some occasion.
_CALENDAR_WORDS = frozenset(
    (
        *UNIT_DAYS,
        *(unit + "s" for unit in UNIT_DAYS),
        *MONTHS,
        *MONTH_ABBREVIATIONS,
        *wordlist("term semester fy h1 h2 q1 q2 q3 q4 year-end month-end quarter-end day today"),
        *wordlist("pip plan probation probationary"),
    )
)


def read_end_of_anything(found: Found, scan: Scan) -> TimeExpression | None:
    """ "by the end of the summer season", "before the close of the consultation" (relative),
    "for the rest of the quarter", "for the remainder of the contract" (a duration). Only
    after a word of time ("the end of the report" is a place), and "for" and "during" only
    with the rest of something ("for the end of the year" party is not a window)."""
    lead = " ".join((found["lead"] or "").split())
    rest = found["part"] in ("rest", "remainder")
    if not lead or rest != (lead in ("for", "during", "throughout")):
        return None
    words = (found["what"] or "").split()
    if not rest and any(word in _CALENDAR_WORDS for word in words):
        return None  # the calendar productions read these, with their dates
    return scan.make(found, "duration" if rest else "relative")


_NOT_AN_EVENT = frozenset(wordlist("and or but then now that it this them long"))
# After "before it": words that make no event of it ("before it is too late")
_NO_EVENT_AFTER_IT = frozenset(wordlist("is are was be gets get becomes become and or"))


def read_before(found: Found, scan: Scan) -> TimeExpression | None:
    """ "before dev starts", "prior to go-live", "before ever stepping on site", "before it
    leaves the dock" (a pronoun with a verb of its own is an event; "before it is too late"
    is not one)."""
    if found["word"] == "it" and found["next"] and found["next"] not in _NO_EVENT_AFTER_IT:
        return scan.make(found, "relative")
    return None if found["word"] in _NOT_AN_EVENT else scan.make(found, "relative")


def read_schedule(found: Found, scan: Scan) -> TimeExpression | None:
    """ "within the agreed timeframe", "in time frame requested": an agreed schedule
    (relative); "within a reasonable timeframe" names none (not a bound)."""
    words = set(f"{found['modifiers']} {found['post'] or ''}".split())
    if words & VAGUE_ADJECTIVES:
        return scan.make(found, "not_a_bound")
    if words & SCHEDULE_ADJECTIVES or found["post"]:
        return scan.make(found, "relative")
    if (found["noun"] or "").startswith(("time", "date")):
        return None  # "in the time available", "by the date": too loose to count
    return scan.make(found, "relative")


def read_relative(found: Found, scan: Scan) -> TimeExpression | None:
    return scan.make(found, "relative")


def read_not_a_bound(found: Found, scan: Scan) -> TimeExpression | None:
    return scan.make(found, "not_a_bound")


def read_vague_window(found: Found, scan: Scan) -> TimeExpression | None:
    """ "in the coming weeks", "within a few days": a window with no length."""
    return scan.make(found, "not_a_bound") if found["vague"] or found["which"] else None


_RATE_PERIOD = re.compile(rf"{RATE_PREFIX}{BUSINESS}(?P<what>[a-z]+)")  # "per month" -> "month"


def read_measure(found: Found, scan: Scan) -> TimeExpression | None:
    """A metric's values ("from 45 days to 30 days", "from 8 per month to 3 per month",
    "from 20/month to 5/month"), a 1:1 meeting or a version number: read so that they block
    time readings, then dropped. A rate's period is the unit its values are counted in: a
    change from one rate to another still needs a when, by which the new rate is reached
    (the labelled goals agree: "from 2/week to 10/week" with no date is not time-bound)."""
    return scan.make(found, "measure")
