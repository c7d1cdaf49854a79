"""Reading a text: every production scanned, overlapping readings settled longest first,
"from <date> to <date>" merged into one period, measures dropped; and the day count of an
amount of time ("60 days") in a span already known to be a duration."""

from __future__ import annotations

import datetime as dt
import re

from coach.analysis.number_words import DASH
from coach.analysis.timex.durations import length_in_days
from coach.analysis.timex.expression import PRIORITY, TimeExpression
from coach.analysis.timex.grammar import PRODUCTIONS, SYMBOL_TRIGGERS
from coach.analysis.timex.patterns import AMOUNT_OF_TIME
from coach.analysis.timex.scanning import ASCII_LOWER, Found, Scan, compile_pattern
from coach.analysis.timex.typos import correct_time_typos


def _longest_first(candidates: list[TimeExpression]) -> list[TimeExpression]:
    """Non-overlapping expressions: the longest wins, then the kind with the higher priority."""
    chosen: list[TimeExpression] = []
    for candidate in sorted(candidates, key=lambda c: (c.start - c.end, PRIORITY[c.kind], c.start)):
        if all(candidate.end <= c.start or c.end <= candidate.start for c in chosen):
            chosen.append(candidate)
    return sorted(chosen, key=lambda c: c.start)


_RANGE_OPENER = re.compile(r"(?<!\w)(?:from|between)\s+$", re.IGNORECASE)
_RANGE_JOINER = re.compile(rf"\s*(?:(?:to|until|till|through|thru|and|{DASH})\s*)?", re.IGNORECASE)


def _merge_ranges(text: str, expressions: list[TimeExpression]) -> list[TimeExpression]:
    """ "from 3 May to 28 June", "between [start date] and [end date]": one period, not two
    deadlines (nor a change from 3 to 28): a duration ending on the second date."""
    merged: list[TimeExpression] = []
    index = 0
    while index < len(expressions):
        first = expressions[index]
        second = expressions[index + 1] if index + 1 < len(expressions) else None
        opener = _RANGE_OPENER.search(text, max(0, first.start - 12), first.start)
        if (
            second is not None
            and opener is not None
            and first.kind == second.kind == "deadline"
            and _RANGE_JOINER.fullmatch(text, first.end, second.start)
        ):
            days = (second.date - first.date).days if first.date and second.date else None
            begin = opener.start()
            period = text[begin : second.end]
            merged.append(TimeExpression(begin, second.end, period, "duration", second.date, days))
            index += 2
        else:
            merged.append(first)
            index += 1
    return merged


def find_times(text: str, start: dt.date | None = None) -> list[TimeExpression]:
    """Every time expression, in text order, none overlapping (longest wins).

    `start` is the plan's first day: with it, relative wording ("by Week 6", "end of the month",
    "within 60 days", "next Friday", "June 30") resolves to a calendar date; without it only
    dates that carry their own year do.
    """
    scan = Scan(text, correct_time_typos(text.translate(ASCII_LOWER)), start, SYMBOL_TRIGGERS)
    candidates = [
        expression
        for production in PRODUCTIONS
        if scan.triggered(production.triggers)
        for expression in production.scan(scan)
    ]
    chosen = _merge_ranges(text, _longest_first(candidates))
    return [expression for expression in chosen if expression.kind != "measure"]


_BARE_AMOUNT = compile_pattern(rf"(?<!\w){AMOUNT_OF_TIME}")


def amount_in_days(text: str) -> int | None:
    """Days in the first "<amount> <unit>" of a span already known to be a duration ("60
    days", "two months", "8 weeks"), with or without "within/for"; None without an amount."""
    core = _BARE_AMOUNT.search(text.translate(ASCII_LOWER))
    return length_in_days(Found(core, None))[0] if core else None
