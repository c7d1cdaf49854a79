"""The matching machinery: one text being scanned, a production's match, and how a
production scans a text (its core found forwards, its lead-in read backwards from the core).

A production is scanned only when the text holds one of its trigger words or symbols; the
matching runs on an ASCII-lowercased copy of the text, which keeps every offset.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from coach.analysis.timex.expression import TimeExpression
from coach.analysis.timex.months import month_number
from coach.analysis.timex.tables import MONTHS

ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
DIGIT = "#digit"  # trigger: the text has a digit
MISSPELT = "#misspelt"  # trigger: the text has a word that may be a misspelt month
LEAD_IN_WIDTH = 42  # the longest lead-in: "no later than the end of the " + "wednesday, "
AMOUNT_LEAD_IN_WIDTH = 64  # "in less than the next " + "one hundred and twenty business "
WORD = re.compile(r"[a-z0-9]+")
_DIGIT = re.compile(r"\d")
_TOKEN = re.compile(r"[^\s(\[{\"'“‘/]+")  # a lead-in starts a token: after a space or opener


class Found:
    """A production's match (the core) joined to the lead-in read backwards from it ("by the
    end of " + "Q3"): lookups see the groups of both; the span starts at the lead-in."""

    __slots__ = ("core", "lead_in")

    def __init__(self, core: re.Match[str], lead_in: re.Match[str] | None) -> None:
        self.core, self.lead_in = core, lead_in

    def __getitem__(self, name: str) -> str | None:
        if self.lead_in is not None and name in self.lead_in.re.groupindex:
            return self.lead_in[name]
        return self.core[name] if name in self.core.re.groupindex else None

    def start(self, group: str | None = None) -> int:
        if group is not None:
            return self.core.start(group)
        return self.lead_in.start() if self.lead_in is not None else self.core.start()

    def end(self, group: str | None = None) -> int:
        return self.core.end(group) if group is not None else self.core.end()


@dataclass
class Scan:
    """One text being read: matches run on `lower`, its ASCII-lowercased twin."""

    text: str
    lower: str
    start: dt.date | None
    symbols: tuple[str, ...]  # the grammar's triggers that are symbols ("/", "[", ":")

    def make(
        self,
        found: Found,
        kind: str,
        *,
        date: dt.date | None = None,
        days: int | None = None,
        every_days: int | None = None,
    ) -> TimeExpression:
        return self.make_span(found.start(), found.end(), kind, date, days, every_days)

    def make_span(
        self,
        begin: int,
        end: int,
        kind: str,
        date: dt.date | None = None,
        days: int | None = None,
        every_days: int | None = None,
    ) -> TimeExpression:
        return TimeExpression(begin, end, self.text[begin:end], kind, date, days, every_days)

    def capitalised(self, found: Found, group: str) -> bool:
        return self.text[found.start(group)].isupper()

    def before(self, found: Found, width: int = 40) -> str:
        return self.text[max(0, found.start() - width) : found.start()]

    @functools.cached_property
    def token_starts(self) -> list[int]:
        """Where a lead-in may begin: after a space, an opening bracket or a quote."""
        return [token.start() for token in _TOKEN.finditer(self.lower)]

    def triggered(self, triggers: frozenset[str]) -> bool:
        """Does the text hold one of a production's triggers (so its scan may find something)?"""
        if not triggers.isdisjoint(self._present):
            return True
        return MISSPELT in triggers and self._has_misspelt_month

    @functools.cached_property
    def _present(self) -> set[str]:
        """The triggers this text holds, found once for all productions: its words, the
        symbols it contains, and whether it has a digit."""
        present = set(WORD.findall(self.lower))
        present.update(symbol for symbol in self.symbols if symbol in self.lower)
        if _DIGIT.search(self.lower):
            present.add(DIGIT)
        return present

    @functools.cached_property
    def _has_misspelt_month(self) -> bool:
        words = re.findall(r"[a-z]{5,12}", self.lower)
        return any(word not in MONTHS and month_number(word) for word in words)


Reader = Callable[[Found, Scan], TimeExpression | None]


@dataclass(frozen=True)
class Production:
    """One rule of the grammar: a core pattern, an optional lead-in pattern (read backwards
    from the core, up to `width` characters), the reader that judges and resolves the match,
    and the words (or symbols) one of which the text must hold for the rule to be worth
    scanning."""

    core: re.Pattern[str]
    lead_in: re.Pattern[str] | None
    read: Reader
    triggers: frozenset[str]
    width: int = LEAD_IN_WIDTH

    def scan(self, scan: Scan) -> Iterator[TimeExpression]:
        """Every accepted reading. A core that starts inside a word, or that the reader
        rejects, is retried one character on, so a misread never hides a real time behind it."""
        position = 0
        while (core := self.core.search(scan.lower, position)) is not None:
            begin = core.start()
            expression = None
            if not _inside_word(scan.lower, begin):
                expression = self.read(Found(core, self._lead_in(scan, begin)), scan)
            if expression is None:
                position = begin + 1
                continue
            yield expression
            position = core.end()

    def _lead_in(self, scan: Scan, begin: int) -> re.Match[str] | None:
        """The longest lead-in that ends where the core begins: tried from each word start
        in reach, farthest first (a few `fullmatch` calls instead of a backwards search)."""
        if self.lead_in is None:
            return None
        starts = scan.token_starts
        first = bisect.bisect_left(starts, begin - self.width)
        for word_start in starts[first : bisect.bisect_left(starts, begin)]:
            if (lead_in := self.lead_in.fullmatch(scan.lower, word_start, begin)) is not None:
                return lead_in
        return None


def _inside_word(lower: str, begin: int) -> bool:
    """Does a core starting here start inside a word? A digit may precede a letter ("24h")."""
    if not begin:
        return False
    before, first = lower[begin - 1], lower[begin]
    return before.isalpha() or before == "_" or (before.isdigit() and first.isdigit())


def compile_pattern(pattern: str) -> re.Pattern[str]:
    """A pattern over the lowercased text: written in lowercase (checked, as an uppercase
    letter could never match)."""
    if re.search(r"(?<![\\?])[A-Z]", pattern):
        raise ValueError(f"timex patterns are lowercase: {pattern[:60]}")
    return re.compile(pattern)
