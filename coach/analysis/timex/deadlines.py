"""Readers of deadlines: calendar and numeric dates, weekdays, quarters and halves, years,
period ends, abbreviations ("EOM"), times of day, plan units ("Week 6"), days of the month and
unfilled template slots ("by [date]"). Each checks what its regex cannot and resolves the
date, from the plan's start when the wording is relative; a bad value leaves the date None."""

from __future__ import annotations

import datetime as dt
import re

from coach.analysis.calendar_math import (
    add_units,
    end_of_period,
    in_period,
    on_or_after,
    parse_year,
    period_point,
    plus_days,
    safe_date,
)
from coach.analysis.number_words import ORDINAL_DAYS
from coach.analysis.timex.expression import TimeExpression
from coach.analysis.timex.months import month_number
from coach.analysis.timex.patterns import UNITS
from coach.analysis.timex.scanning import Found, Scan
from coach.analysis.timex.tables import (
    ABBREVIATED_ENDS,
    AMBIGUOUS_MONTHS,
    MONTH_ABBREVIATIONS,
    MONTHS,
    ORDINALS,
    TIME_LEADS,
    WEEKDAYS,
)


def _part(found: Found) -> str | None:
    return found["part"] or found["early"]


def _month_in_slot(found: Found, scan: Scan, *, day: bool) -> int | None:
    """The month a word names, if its context makes it a date. A misspelt, abbreviated or
    ambiguous month ("May", "March" are verbs too) needs a day, a year or "in/by/until/end
    of"; a full unambiguous name may stand alone when capitalised ("In June and July")."""
    key = (found["month"] or "").rstrip(".")
    number = month_number(key)
    if number is None:
        return None
    slot = bool(found["lead"] or _part(found) or found["year"])
    capital = scan.capitalised(found, "month")
    if key in AMBIGUOUS_MONTHS:
        # "3 May" is a date; "staff may 5x their output" and "march 3 pallets" are not: a day
        # after the word needs a capital and nothing wordy after it
        if slot or (day and found.core.start("day") < found.core.start("month")):
            return number
        after = scan.text[found.end() : found.end() + 2].strip()[:1]
        return number if day and capital and not after.isalpha() else None
    if key not in MONTHS and key not in MONTH_ABBREVIATIONS:
        return number if slot or day else None  # misspelt: only in a date slot
    if key not in MONTHS:
        # "approved by Jan" names a person: an abbreviation needs more than "by"
        return (
            number
            if day or found["year"] or _part(found) or found["lead"] not in (None, "by")
            else None
        )
    return number if slot or day or capital else None


def read_calendar_date(found: Found, scan: Scan) -> TimeExpression | None:
    """ "30 June 2026", "5th of Sept.", "June 30th", "Sept. 5", "December 21, 2013", "in May",
    "end of June 2019", "mid-June"; without a year, the next such date from the start."""
    day = day_of_month(found["day"]) if found["day"] else None
    if day is not None and not 1 <= day <= 31:
        return None
    month = _month_in_slot(found, scan, day=day is not None)
    if month is None:
        return None
    year = parse_year(found["year"])
    if found["year"] and year is None:
        return scan.make(found, "deadline")  # "December 20XX": a placeholder year
    if day is None:
        date = in_period(year, scan.start, month, 1, _part(found))
    elif year is not None:
        date = safe_date(year, month, day)
    else:
        date = on_or_after(scan.start, lambda y: safe_date(y, month, day))
    return scan.make(found, "deadline", date=date)


def day_of_month(text: str) -> int:
    """ "30", "1st" (its digits) or an ordinal word, "thirty-first" -> 31."""
    key = " ".join(text.split())
    return int(key) if key.isdigit() else ORDINAL_DAYS.get(key, 0)


def read_numeric_date(found: Found, scan: Scan) -> TimeExpression | None:
    """ "30.06.2026", "06/30/2026", "30/6", "2026-06-30". Slashes read month first (the usual
    convention of English-language PIP templates) unless the first number cannot be a month;
    dots and dashes read day first. Without a year the date must follow "by/on/before..." and
    be unmistakable (a number over 12, or zero padding): "by 1/3" is a fraction."""
    if found.core.start() and scan.lower[found.core.start() - 1] in "./":
        return None  # part of a longer number, a version or a path
    if found["iso"]:
        date = safe_date(int(found["iso"]), int(found["iso_month"]), int(found["iso_day"]))  # type: ignore[arg-type]
        return scan.make(found, "deadline", date=date)
    first, second = int(found["first"] or 0), int(found["second"] or 0)
    separator = found["separator"]
    month, day = (first, second) if separator == "/" and first <= 12 else (second, first)
    year = parse_year(found["year"])
    if year is not None:
        return scan.make(found, "deadline", date=safe_date(year, month, day))
    padded = (found["first"] or "").startswith("0") or (found["second"] or "").startswith("0")
    if not found["lead"] or separator == "-" or not (max(first, second) > 12 or padded):
        return None
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    date = on_or_after(scan.start, lambda y: safe_date(y, month, day))
    return scan.make(found, "deadline", date=date)


def read_weekday(found: Found, scan: Scan) -> TimeExpression | None:
    """ "Friday", "next Friday", "no later than the following Friday": the first such day
    after the start; "today", "tomorrow"."""
    word = found["weekday"] or ""
    if scan.start is None:
        return scan.make(found, "deadline")
    if word in ("today", "tonight", "tomorrow"):
        return scan.make(
            found, "deadline", date=plus_days(scan.start, 1 if word == "tomorrow" else 0)
        )
    ahead = (WEEKDAYS[word] - scan.start.weekday()) % 7 or 7
    return scan.make(found, "deadline", date=plus_days(scan.start, ahead))


_QUARTER_YEARS = ("year", "year_before", "year_of", "fiscal", "fiscal_before", "fiscal_of")


def read_quarter(found: Found, scan: Scan) -> TimeExpression | None:
    """ "Q3", "by Q4 2025", "Q3 FY26", "the second quarter", "end of the fourth quarter",
    "H1", "the first half of 2027"; without a year, the next one not over at the start."""
    if found["quarter"]:
        first, months = (int(found["quarter"]) - 1) * 3 + 1, 3
    elif found["quarter_word"]:
        first = (ORDINALS[found["quarter_word"]] - 1) * 3 + 1
        # "the first and second quarters": the period runs to the end of the last one named
        last = ORDINALS[found["quarter_word_last"] or found["quarter_word"]]
        months = max(3, last * 3 - first + 1)
    else:
        half = int(found["half"] or ORDINALS[found["half_word"] or "first"])
        first, months = (half - 1) * 6 + 1, 6
    year = next((parse_year(found[name]) for name in _QUARTER_YEARS if found[name]), None)
    if year is None and found["short_year"]:
        year = parse_year(found["short_year"])
    date = in_period(year, scan.start, first, months, _part(found))
    return scan.make(found, "deadline", date=date)


def read_year(found: Found, scan: Scan) -> TimeExpression | None:
    """ "by 2027", "end of 2026", "FY2027", "FY27", "by 20XX". A fiscal year is read as the
    calendar year: the plan does not know the employer's fiscal calendar."""
    if found["year_to"]:
        last = range_end(found["fiscal"] or found["year"], found["year_to"])
        if last is None:
            return None  # "2026-03" is March, not a range back to 2003
        if not (found["lead"] or _part(found) or found["fiscal"]):
            return None  # "the 2024-25 budget"
        return scan.make(found, "deadline", date=period_point(last, 1, 12, _part(found)))
    if found["fiscal"]:
        date = period_point(parse_year(found["fiscal"]), 1, 12, _part(found))
        return scan.make(found, "deadline", date=date)
    if not (found["lead"] or _part(found)):
        return None  # "the 2025 report"
    after = scan.lower[found.end() : found.end() + 16]
    if found["lead"] == "by" and re.match(r"\s*(?:%|[a-z]+s\b)", after):
        return None  # "reduce waste by 2000 units"
    date = period_point(parse_year(found["year"]), 1, 12, _part(found))
    return scan.make(found, "deadline", date=date)


def range_end(first: str, last: str) -> int | None:
    """The last year of a range ("2012-2013", "2024-25", FY "13/14"), or None when the
    second number is no later year."""
    start = parse_year(first)
    if start is None or not last.isdigit():
        return None
    end = int(last) if len(last) == 4 else start // 100 * 100 + int(last)
    return end if start < end <= start + 2 else None


PLAN_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "final": 3,
}


def read_period(found: Found, scan: Scan) -> TimeExpression | None:
    """ "end of the month", "next quarter", "this year", "within the quarter", "year-end"."""
    which = found["which"]
    current = found["the"] and found["lead"] in ("within", "during", "throughout")
    if not (which or _part(found) or current or found["period_end"]):
        return None
    if which in PLAN_ORDINALS:
        # "by the end of the first month": the plan's own month, counted from its start;
        # "the first week" alone is a window, read with its length by the duration rules
        lead = " ".join((found["lead"] or "").split())
        if found["unit"] == "quarter" or not (_part(found) or lead in ("by", "before")):
            return None
        unit = found["unit"] or ""
        if not _part(found):
            # "by the second week (of the placement)": by the time that week begins
            date = None
            if scan.start is not None and unit in ("week", "month"):
                date = add_units(scan.start, unit, PLAN_ORDINALS[which] - 1)
            return scan.make(found, "deadline", date=date)
        date = None
        if scan.start is not None and unit in ("week", "month"):
            date = add_units(scan.start, unit, PLAN_ORDINALS[which]) - dt.timedelta(days=1)
        return scan.make(found, "deadline", date=date)
    if scan.start is None:
        return scan.make(found, "deadline")
    unit = (found["unit"] or "year").split()[-1]
    if unit in ("term", "semester") or (found["unit"] or "").startswith(("school", "academic")):
        return scan.make(found, "deadline")  # the school calendar is not known here
    reference = add_units(scan.start, unit, 1) if which == "next" else scan.start
    if _part(found) in ("start", "beginning") and unit != "week":
        first_month = {"month": reference.month, "quarter": (reference.month - 1) // 3 * 3 + 1}
        date = safe_date(reference.year, first_month.get(unit, 1), 1)
    else:
        date = end_of_period(reference, unit)
    return scan.make(found, "deadline", date=date)


_END_UNITS = {"week": "week", "month": "month", "quarter": "quarter", "year": "year"}


def read_abbreviation(found: Found, scan: Scan) -> TimeExpression | None:
    """ "EOW", "EOM", "EOQ", "EOY"; "EOD" and "COB" are a time of day (no date)."""
    unit = ABBREVIATED_ENDS.get(found["abbreviation"] or "") or _END_UNITS.get(
        found["end_unit"] or ""
    )
    date = end_of_period(scan.start, unit) if unit and scan.start else None
    return scan.make(found, "deadline", date=date)


def read_time_of_day(found: Found, scan: Scan) -> TimeExpression | None:
    """ "5 PM", "by 9:00", "at 07:30 hrs", "noon", "end of business". "1:1" is a meeting (it
    has no two-digit minutes), and a bare "4:30" with no "by/at/before" may be a ratio."""
    if found["hour"] is not None:
        if found["meridiem"] and not 1 <= int(found["hour"]) <= 12:
            return None
        if not (found["meridiem"] or found["suffix"] or found["lead"] in TIME_LEADS):
            return None
    return scan.make(found, "deadline")


def read_plan_unit(found: Found, scan: Scan) -> TimeExpression | None:
    """ "by Week 6", "Month 3", "Day 10": counted from the plan's start."""
    unit_days = {"week": 7, "month": 30, "day": 1}.get(found["plan_unit"] or "")
    days = int(found["number"] or 0) * unit_days if unit_days else None
    return scan.make(found, "deadline", date=plus_days(scan.start, days))


def read_week_of_month(found: Found, scan: Scan) -> TimeExpression | None:
    """ "by the 3rd week of October", "in the last week of June": the end of that week
    (the 7th, 14th, 21st or 28th; the last week ends with the month)."""
    month = month_number((found["month"] or "").rstrip("."))
    if month is None:
        return None
    which = found["nth"] or ""
    last = which in ("last", "final")
    day = 7 * (ORDINALS.get(which, 4) if not last else 4)

    def end_of_week(year: int):
        first = safe_date(year, month, 1)
        if last and first is not None:
            return end_of_period(first, "month")
        return safe_date(year, month, day) if first is not None else None

    year = parse_year(found["year"])
    date = end_of_week(year) if year is not None else on_or_after(scan.start, end_of_week)
    return scan.make(found, "deadline", date=date)


def read_day_of_month(found: Found, scan: Scan) -> TimeExpression | None:
    """ "by the 15th": the next such day of a month."""
    day = int(found["day"] or 0)
    if not found["lead"] or not 1 <= day <= 31:
        return None
    if scan.start is None:
        return scan.make(found, "deadline")
    for months in range(3):
        first = add_units(scan.start.replace(day=1), "month", months)
        date = safe_date(first.year, first.month, day)
        if date and date >= scan.start:
            return scan.make(found, "deadline", date=date)
    return scan.make(found, "deadline")


_PLACEHOLDER_DATE = re.compile(r"\b(?:date|deadline|due|month|quarter|year|dd|mm|yy|yyyy)\b")
_PLACEHOLDER_PERIOD = re.compile(
    rf"\b(?:time\s*frame|timeline|period|duration|time)\b|\b(?:\d+|x+|n)\s*(?:{UNITS})s?\b"
)


def read_placeholder(found: Found, scan: Scan) -> TimeExpression | None:
    """ "by [date]", "[end date]", "DD/MM/YYYY", "by ___": a template's date slot, unfilled."""
    content = found["content"]
    if not content or _PLACEHOLDER_DATE.search(content):
        return scan.make(found, "deadline")
    if _PLACEHOLDER_PERIOD.search(content):
        return scan.make(found, "duration")
    return None
