"""Turning deadline and duration wording into calendar dates.

Handles what PIP goals actually say: "30 June 2026", "June 30th", "by Q3", "end of the month",
"Week 8", "Month 3", "within 60 days", "next Friday". Anything relative needs the plan's start
date; without one, only dates that carry their own year resolve. Unknown wording gives None.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
MONTHS["sept"] = 9
WEEKDAYS = {calendar.day_name[index].lower(): index for index in range(7)}
NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
UNIT_DAYS = {"day": 1, "week": 7, "fortnight": 14, "month": 30, "quarter": 91, "year": 365}

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s*(?P<year>\d{4}))?"
DAY_MONTH = re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}\b{_YEAR}", re.IGNORECASE)
MONTH_DAY = re.compile(rf"\b{_MONTH}\s+{_DAY}\b{_YEAR}", re.IGNORECASE)
ISO_DATE = re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b")
QUARTER = re.compile(r"\bQ(?P<quarter>[1-4])\b(?:\s*(?:FY\s*)?(?P<year>\d{4}))?", re.IGNORECASE)
PLAN_UNIT = re.compile(r"\b(?P<unit>day|week|month)\s+(?P<number>\d{1,3})\b", re.IGNORECASE)
AMOUNT = re.compile(
    r"\b(?P<number>\d{1,3}|" + "|".join(NUMBER_WORDS) + r")[\s-]+(?:business\s+|working\s+)?"
    r"(?P<unit>day|week|fortnight|month|quarter|year)s?\b",
    re.IGNORECASE,
)
END_OF = re.compile(
    r"\bend of (?:the )?(?:(?P<which>this|next) )?(?P<unit>week|month|quarter|year)\b", re.I
)
NEXT = re.compile(r"\bnext (?P<unit>week|month|quarter|year)\b", re.IGNORECASE)
WEEKDAY = re.compile(r"\b(?P<weekday>" + "|".join(WEEKDAYS) + r")\b", re.IGNORECASE)
MONTH_ONLY = re.compile(rf"\b(?:in|by|until|before|end of)\s+{_MONTH}\b{_YEAR}", re.IGNORECASE)


def resolve_deadline(text: str, start: dt.date | None) -> dt.date | None:
    """The calendar date a deadline or duration phrase points to, or None if unknown."""
    for resolver in (
        _explicit_date,
        _quarter,
        _month_only,
        _plan_unit,
        _amount,
        _end_of,
        _next_unit,
        _weekday,
    ):
        resolved = resolver(text, start)
        if resolved is not None:
            return resolved
    return None


def duration_days(text: str) -> int | None:
    """Length in days of "60 days", "two months", "8 weeks"; None when there is no amount."""
    match = AMOUNT.search(text)
    if not match:
        return None
    return _number(match["number"]) * UNIT_DAYS[match["unit"].lower()]


def _number(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS[word.lower()]


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _next_occurrence(month: int, day: int, start: dt.date | None) -> dt.date | None:
    """The first month/day on or after the start date (a year must come from somewhere)."""
    if start is None:
        return None
    candidate = _safe_date(start.year, month, day)
    if candidate is not None and candidate < start:
        candidate = _safe_date(start.year + 1, month, day)
    return candidate


def _explicit_date(text: str, start: dt.date | None) -> dt.date | None:
    match = ISO_DATE.search(text)
    if match:
        return _safe_date(int(match["year"]), int(match["month"]), int(match["day"]))
    match = DAY_MONTH.search(text) or MONTH_DAY.search(text)
    if not match:
        return None
    month, day = MONTHS[match["month"].lower()], int(match["day"])
    if match["year"]:
        return _safe_date(int(match["year"]), month, day)
    return _next_occurrence(month, day, start)


def _quarter(text: str, start: dt.date | None) -> dt.date | None:
    match = QUARTER.search(text)
    if not match:
        return None
    quarter = int(match["quarter"])
    year = int(match["year"]) if match["year"] else (start.year if start else None)
    if year is None:
        return None
    end = _end_of_month(year, quarter * 3)
    if start and not match["year"] and end < start:
        end = _end_of_month(year + 1, quarter * 3)
    return end


def _month_only(text: str, start: dt.date | None) -> dt.date | None:
    match = MONTH_ONLY.search(text)
    if not match:
        return None
    month = MONTHS[match["month"].lower()]
    if match["year"]:
        return _end_of_month(int(match["year"]), month)
    if start is None:
        return None
    year = start.year if month >= start.month else start.year + 1
    return _end_of_month(year, month)


def _plan_unit(text: str, start: dt.date | None) -> dt.date | None:
    match = PLAN_UNIT.search(text)
    if not match or start is None:
        return None
    days = int(match["number"]) * UNIT_DAYS[match["unit"].lower()]
    return start + dt.timedelta(days=days)


def _amount(text: str, start: dt.date | None) -> dt.date | None:
    days = duration_days(text)
    if days is None or start is None:
        return None
    return start + dt.timedelta(days=days)


def _end_of(text: str, start: dt.date | None) -> dt.date | None:
    match = END_OF.search(text)
    if not match or start is None:
        return None
    unit = match["unit"].lower()
    reference = _add_units(start, unit, 1) if match["which"] == "next" else start
    return _end_of_period(reference, unit)


def _next_unit(text: str, start: dt.date | None) -> dt.date | None:
    match = NEXT.search(text)
    if not match or start is None:
        return None
    unit = match["unit"].lower()
    return _end_of_period(_add_units(start, unit, 1), unit)


def _weekday(text: str, start: dt.date | None) -> dt.date | None:
    match = WEEKDAY.search(text)
    if not match or start is None:
        return None
    ahead = (WEEKDAYS[match["weekday"].lower()] - start.weekday()) % 7 or 7
    return start + dt.timedelta(days=ahead)


def _end_of_month(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _add_units(day: dt.date, unit: str, count: int) -> dt.date:
    if unit == "week":
        return day + dt.timedelta(weeks=count)
    months = {"month": 1, "quarter": 3, "year": 12}[unit] * count
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _end_of_period(day: dt.date, unit: str) -> dt.date:
    if unit == "week":
        return day + dt.timedelta(days=4 - day.weekday()) if day.weekday() <= 4 else day
    if unit == "month":
        return _end_of_month(day.year, day.month)
    if unit == "quarter":
        return _end_of_month(day.year, ((day.month - 1) // 3 + 1) * 3)
    return dt.date(day.year, 12, 31)
