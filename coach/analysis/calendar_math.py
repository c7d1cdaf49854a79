"""Calendar arithmetic for plan dates: period ends, a point in a period, safe day counts.

Pure date helpers for the time normaliser (timex/) and anything else that counts plan days.
Nothing here raises on a bad value: an impossible date ("31 February", year 9999, a count that
overflows) comes back as None, so wording can never crash an analysis.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable

PLAUSIBLE_YEARS = range(1970, 2101)  # outside it a "year" is a code or a typo, not a deadline


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    """The date, or None when it does not exist or its year is implausible."""
    if year not in PLAUSIBLE_YEARS:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def plus_days(start: dt.date | None, days: float | None) -> dt.date | None:
    """`days` after the start; None without a start, a count, or a plausible result."""
    if start is None or days is None:
        return None
    try:
        result = start + dt.timedelta(days=days)
    except OverflowError:
        return None
    return result if result.year in PLAUSIBLE_YEARS else None


def plus_business_days(start: dt.date, count: int) -> dt.date | None:
    """`count` working days (Monday to Friday) after the start."""
    weeks, extra = divmod(count, 5)
    day = plus_days(start, weeks * 7)
    while day is not None and extra:
        day = plus_days(day, 1)
        extra -= day is not None and day.weekday() < 5
    return day


def end_of_month(year: int, month: int) -> dt.date | None:
    """The month's last day, or None for an impossible month or year."""
    if year not in PLAUSIBLE_YEARS or not 1 <= month <= 12:
        return None
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def add_units(day: dt.date, unit: str, count: int) -> dt.date:
    """The same day `count` weeks, months, quarters or years on (clipped to the month's end)."""
    if unit == "week":
        return day + dt.timedelta(weeks=count)
    months = {"month": 1, "quarter": 3, "year": 12}[unit] * count
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def end_of_period(day: dt.date, unit: str) -> dt.date | None:
    """The last working day of the week (Friday), or the last day of the month/quarter/year."""
    if unit == "week":
        return day + dt.timedelta(days=4 - day.weekday()) if day.weekday() <= 4 else day
    if unit == "month":
        return end_of_month(day.year, day.month)
    if unit == "quarter":
        return end_of_month(day.year, ((day.month - 1) // 3 + 1) * 3)
    return end_of_month(day.year, 12)


def on_or_after(start: dt.date | None, make: Callable[[int], dt.date | None]) -> dt.date | None:
    """The first date `make(year)` on or after the start: a year must come from somewhere."""
    if start is None:
        return None
    candidate = make(start.year)
    if candidate is None or candidate < start:
        candidate = make(start.year + 1)
    return candidate


def period_point(
    year: int | None, first_month: int, months: int, part: str | None
) -> dt.date | None:
    """A point in a period of `months` months: its end unless "start", "mid" or "early" says
    otherwise ("mid-June" is the 15th, "the start of Q3" is 1 July, "early 2027" end of April)."""
    if year is None:
        return None
    part = part or "end"
    if part in ("start", "beginning"):
        return safe_date(year, first_month, 1)
    if part in ("mid", "middle"):
        return safe_date(year, first_month + months // 2, 15)
    if part == "early":
        if months == 1:
            return safe_date(year, first_month, 10)
        return end_of_month(year, first_month + max(months // 3, 1) - 1)
    return end_of_month(year, first_month + months - 1)


def in_period(
    year: int | None, start: dt.date | None, first_month: int, months: int, part: str | None
) -> dt.date | None:
    """The point in the named period of that year, or of the first one not over at the start."""
    if year is not None:
        return period_point(year, first_month, months, part)
    return on_or_after(start, lambda y: period_point(y, first_month, months, part))


def parse_year(text: str | None) -> int | None:
    """A year as written: "2026", "'26", "26" (this century); None for "20XX"."""
    digits = (text or "").lstrip("'")
    if not digits.isdigit():
        return None
    return int(digits) + (2000 if len(digits) == 2 else 0)
