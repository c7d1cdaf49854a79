"""Reading time in a goal: deadlines, durations, cadences, event-relative timing, and non-bounds.

One normaliser for every way a goal says *when*, so the time-bound verdict rests on one reading
instead of enumerated phrase patterns. `find_times(text, start)` works on the raw text (no
parse needed) and returns character spans into exactly that text, each with a kind:

- `deadline`: a calendar date or period end ("30 June 2026", "Sept. 5", "by Q3", "EOM",
  "by Week 6", "next Friday", "by 9:00", "by [date]");
- `duration`: a window the goal must be reached in ("within the first 30 days", "a 90-day
  period", "during the PIP", "from 3 May to 28 June");
- `cadence`: how often ("fortnightly", "every other week", "three times a week", "on Mondays");
- `relative`: tied to an event that will happen ("before the next review", "within 24 hours of
  receipt", "by the end of the PIP");
- `not_a_bound`: wording that sounds like time but sets none ("on time", "ongoing", "as soon as
  they arise"), returned so callers can say so, never to be counted as evidence.

How: a small grammar. Each *production* is a compiled regex for the core of an expression
("Q3", "30 June", "60 days"), an optional lead-in read backwards from the core ("by the end of",
"within the first"), and a reader that checks what a regex cannot ("May" is a month only in a
date slot) and resolves the date. The regexes are built from the tables below (units, months,
number words, event nouns). All productions are scanned; overlapping readings are settled
longest first, then by kind, so "by the end of Q3" beats "Q3", and a measure such as "from 45
days to 30 days" (a metric's values, not a window: read, then dropped) beats "45 days". Bad
values ("31 February", "2026-13-45", year 9999) never raise: the expression keeps `date` None.

Speed (a 60-word goal dense with time wording reads in ~0.35 ms, a plain one in ~0.05 ms):
matching runs on an ASCII-lowercased copy of the text (same offsets; `re.IGNORECASE` is several
times slower); word lists are regex tries whose first letter is checked for a word start after
it is read, so `re` can skip ahead; a production is skipped unless the text holds one of its
trigger words; lead-ins are read only where a core matched.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import functools
import importlib.util
import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from coach.analysis.calendar_math import (
    add_units,
    end_of_period,
    in_period,
    on_or_after,
    parse_year,
    period_point,
    plus_business_days,
    plus_days,
    safe_date,
)
from coach.analysis.number_words import (
    AMOUNT,
    DASH,
    NAMED_TIMES,
    NUMBER_WORD,
    ONE_AMOUNT,
    WORD_NUMBER,
    alternation,
    amount_value,
    times_value,
    word_trie,
)

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


# ---- tables -------------------------------------------------------------------------------


def _wordlist(words: str) -> list[str]:
    """A table written as words separated by spaces, as it reads best."""
    return words.split()


MONTHS = {calendar.month_name[n].lower(): n for n in range(1, 13)}
MONTH_ABBREVIATIONS = {calendar.month_abbr[n].lower(): n for n in range(1, 13)} | {"sept": 9}
AMBIGUOUS_MONTHS = frozenset({"may", "march"})  # English verbs too
WEEKDAYS = {calendar.day_name[n].lower(): n for n in range(7)}
UNIT_DAYS: dict[str, int | None] = {  # None: shorter than a day, or of no fixed length
    "second": None, "sec": None, "minute": None, "min": None, "hour": None, "hr": None,
    "h": None, "day": 1, "week": 7, "wk": 7, "fortnight": 14, "month": 30, "mo": 30,
    "quarter": 91, "year": 365, "yr": 365, "sprint": None, "shift": None,
}  # fmt: skip
CADENCE_WORDS: dict[str, int | None] = {
    "hourly": None, "daily": 1, "nightly": 1, "weekly": 7, "biweekly": 14, "fortnightly": 14,
    "semimonthly": 15, "monthly": 30, "bimonthly": 60, "quarterly": 91, "semiannual": 182,
    "semiannually": 182, "biannual": 182, "biannually": 182, "annual": 365, "annually": 365,
    "yearly": 365,
}  # fmt: skip
# After a cadence word these make it a metric's unit ("monthly revenue", "annual leave").
METRIC_NOUNS = _wordlist(
    "leave revenue revenues sales income turnover churn budget spend spending cost costs growth "
    "rate quota target targets volume allowance bonus salary pay wage wages active recurring "
    "average total limit cap"
)
# Occasions that recur or will happen: "before each release", "at every stand-up".
EVENT_NOUNS = _wordlist(
    "review reviews meeting meetings release releases audit audits deadline deadlines launch "
    "deployment deployments go-live handover handoff hand-off check-in check-ins checkin 1:1 "
    "one-on-one stand-up stand-ups standup standups huddle huddles retro retrospective "
    "retrospectives sprint sprints demo demos presentation session sessions appointment visit "
    "visits interview interviews inspection inspections evaluation assessment appraisal exam "
    "examination conference event events meetup meetups workshop workshops class classes lesson "
    "lessons term semester cycle iteration milestone checkpoint kickoff kick-off round rounds "
    "shift shifts submission submissions rollout cutover receipt mid-point midpoint pip plan "
    "probation period course training"
)
# "approved by the review board": there the event word only modifies the noun after it.
HEAD_NOUNS = _wordlist("board panel team committee group process template form tool notes score")
SCHEDULE_ADJECTIVES = frozenset(
    _wordlist(
        "agreed estimated requested original committed planned given set scheduled target "
        "required expected allotted allocated allowed stated stipulated published contractual "
        "completion due promised"
    )
)
VAGUE_ADJECTIVES = frozenset(
    _wordlist("specified certain reasonable acceptable appropriate suitable")
)
PLAN_NOUNS = (
    r"(?:performance\s+)?improvement\s+(?:plan|period)|pip(?:\s+(?:period|plan|window|term))?"
    r"|plan(?:\s+(?:period|window|term))?|(?:review|evaluation|assessment|coaching|support)"
    r"\s+period|probation(?:ary)?(?:\s+period)?"
)
PERIOD_NOUNS = (
    r"period|window|plan|pip|timeline|time\s*frame|sla|turnaround|deadline|programme|program"
    r"|probation(?:ary)?\s+period|improvement\s+plan|action\s+plan|cycle"
)
START_WORDS = r"now|today|the\s+start(?:\s+of\s+the\s+(?:plan|pip))?|the\s+plan\s+start|start"
NOT_A_BOUND = (
    "on time", "on-time", "in time", "on schedule", "ahead of schedule", "timely", "promptly",
    "quickly", "as quickly as possible", "punctually", "punctual", "in a timely way",
    "in a timely manner", "in a timely fashion", "ongoing", "on an ongoing basis",
    "on a regular basis", "at regular intervals", "on a continuous basis", "on an as-needed basis",
    "forever", "indefinitely", "as needed", "as-needed", "as required", "as necessary",
    "when needed", "when necessary", "when possible", "whenever possible", "as and when",
    "at all times", "all the time", "any time", "anytime", "24/7", "round the clock",
    "around the clock", "regularly", "frequently", "often", "periodically", "occasionally",
    "continuously", "continually", "constantly", "consistently", "routinely", "from time to time",
    "every now and then", "every so often", "now and then", "asap", "a.s.a.p.", "soon",
    "as soon as possible", "as soon as practicable", "as soon as feasible", "as early as possible",
    "at the earliest opportunity", "eventually", "someday", "some day", "at some point",
    "in due course", "when time permits", "time permitting", "sooner or later", "before long",
    "shortly", "going forward", "moving forward", "from now on", "henceforth", "over time",
    "in the future", "in future", "in the near future", "in the long run", "in the long term",
    "over the long term", "in the short term", "long-term", "long term",
)  # fmt: skip
ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "fifth": 5, "sixth": 6, "final": 4, "initial": 1, "next": 1, "following": 1, "coming": 1,
    "upcoming": 1, "subsequent": 1, "remaining": 1,
}  # fmt: skip
ABBREVIATED_ENDS = {"eow": "week", "eom": "month", "eoq": "quarter", "eoy": "year", "eofy": "year"}
TIME_LEADS = frozenset({"by", "at", "before", "until", "till", "til", "no later than", "starting"})


# ---- misspelt months ----------------------------------------------------------------------

MONTH_TYPO_CUTOFF = 80  # rapidfuzz ratio: "Feburary" 88, "Augsut" 83 ("match"/"march" 80)
MONTH_TYPO_MIN_LENGTH = 5  # shorter words have too many near neighbours among the months


@functools.cache
def _english_words() -> frozenset[str]:
    """Every base form in the installed spaCy pipeline's lemmatiser tables, read from its
    lookups file without loading the pipeline: a word listed there is English, never a
    misspelt month. Empty without a pipeline; the date-slot context then guards alone."""
    import srsly

    from coach.analysis.pipeline import DEFAULT_PIPELINES  # the one list of pipeline names

    for name in DEFAULT_PIPELINES:
        spec = importlib.util.find_spec(name)
        for location in (spec.submodule_search_locations or []) if spec else []:
            for path in Path(location).glob("*/lemmatizer/lookups/lookups.bin"):
                tables = srsly.read_msgpack(path)
                words = {w for t in tables.get("lemma_index", {}).values() for w in t}
                words |= {w for t in tables.get("lemma_exc", {}).values() for w in t}
                return frozenset(words)
    return frozenset()


@functools.lru_cache(maxsize=4096)
def month_number(word: str) -> int | None:
    """1-12 for a month name or abbreviation; also for a misspelt full name ("Septmber") when
    the word is not English ("match" is not March). The word list is consulted only for a
    close miss, so it is loaded only when a text has one."""
    key = word.lower().rstrip(".")
    number = MONTHS.get(key) or MONTH_ABBREVIATIONS.get(key)
    if number or len(key) < MONTH_TYPO_MIN_LENGTH or not key.isalpha():
        return number
    best = process.extractOne(key, tuple(MONTHS), scorer=fuzz.ratio, score_cutoff=MONTH_TYPO_CUTOFF)
    if best is None or key in _english_words():
        return None
    return MONTHS[best[0]]


# ---- matching machinery -------------------------------------------------------------------

ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
DIGIT = "#digit"  # trigger: the text has a digit
MISSPELT = "#misspelt"  # trigger: the text has a word that may be a misspelt month
LEAD_IN_WIDTH = 42  # the longest lead-in: "no later than the end of the " + "wednesday, "
AMOUNT_LEAD_IN_WIDTH = 64  # "in less than the next " + "one hundred and twenty business "


class _Found:
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
class _Scan:
    """One text being read: matches run on `lower`, its ASCII-lowercased twin."""

    text: str
    lower: str
    start: dt.date | None

    def make(
        self,
        found: _Found,
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

    def capitalised(self, found: _Found, group: str) -> bool:
        return self.text[found.start(group)].isupper()

    def before(self, found: _Found, width: int = 40) -> str:
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
        present = set(_WORD.findall(self.lower))
        present.update(symbol for symbol in SYMBOL_TRIGGERS if symbol in self.lower)
        if _DIGIT.search(self.lower):
            present.add(DIGIT)
        return present

    @functools.cached_property
    def _has_misspelt_month(self) -> bool:
        words = re.findall(r"[a-z]{5,12}", self.lower)
        return any(word not in MONTHS and month_number(word) for word in words)


Reader = Callable[[_Found, _Scan], TimeExpression | None]
_WORD = re.compile(r"[a-z0-9]+")
_DIGIT = re.compile(r"\d")
_TOKEN = re.compile(r"[^\s(\[{\"'“‘/]+")  # a lead-in starts a token: after a space or opener


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

    def scan(self, scan: _Scan) -> Iterator[TimeExpression]:
        """Every accepted reading. A core that starts inside a word, or that the reader
        rejects, is retried one character on, so a misread never hides a real time behind it."""
        position = 0
        while (core := self.core.search(scan.lower, position)) is not None:
            begin = core.start()
            expression = None
            if not _inside_word(scan.lower, begin):
                expression = self.read(_Found(core, self._lead_in(scan, begin)), scan)
            if expression is None:
                position = begin + 1
                continue
            yield expression
            position = core.end()

    def _lead_in(self, scan: _Scan, begin: int) -> re.Match[str] | None:
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


def _pattern(pattern: str) -> re.Pattern[str]:
    """A pattern over the lowercased text: written in lowercase (checked, as an uppercase
    letter could never match)."""
    if re.search(r"(?<![\\?])[A-Z]", pattern):
        raise ValueError(f"timex patterns are lowercase: {pattern[:60]}")
    return re.compile(pattern)


def _rule(
    core: str, read: Reader, *triggers: str, lead_in: str | None = None, width: int = LEAD_IN_WIDTH
) -> Production:
    lead_in_pattern = _pattern(lead_in) if lead_in else None
    return Production(_pattern(core), lead_in_pattern, read, frozenset(triggers), width)


def _words(words: Iterable[str], *, after_digit: bool = False) -> str:
    """Words or phrases that each start a word, as a regex trie (see `word_trie`)."""
    return word_trie(words, starts_word=True, after_digit=after_digit)


# ---- regex building blocks ----------------------------------------------------------------

_B = r"(?<!\w)"  # a lead-in word starts a word
_UNITS = alternation(UNIT_DAYS)
_UNIT_WORDS = _words(UNIT_DAYS, after_digit=True)
_GAP = r"(?P<gap>(?<=[\d+\]])[ \t-]*|[\s-]+)"  # after digits a unit may follow at once ("24h")
_QUALIFIER = r"(?:(?P<qualifier>business|working|calendar|consecutive|full|straight|whole)\s+)?"
_AMOUNT_OF_TIME = (
    rf"{AMOUNT}{_GAP}{_QUALIFIER}(?P<unit>{_UNITS})s?\b(?:['’]s?\s+time\b)?(?P<length_end>)"
)
_MONTH_NAME = (
    rf"(?:{_words(MONTHS)})\b|(?:{_words(MONTH_ABBREVIATIONS)})\b\.?"  # "Jun." not "June."
)
_EXACT_MONTH = rf"(?P<month>{_MONTH_NAME})"
_ANY_MONTH = r"(?P<month>[a-z]{5,12})\b"  # month_number() decides: misspellings too
_WEEKDAY = rf"(?:{_words(WEEKDAYS)})"
_YEAR = r"(?P<year>\d{4}|'\d{2}|20[x_]{2})(?![\d,]\d)"
_DAY = r"(?P<day>[0-3]\d|\d)(?:st|nd|rd|th)?"
_EVENT = rf"(?:{word_trie(EVENT_NOUNS)})"
_DET = r"(?:the|each|every|any|a|an|all|my|your|his|her|their|our|its|this|that|next)"
_RATE_UNIT = rf"(?:(?:per|a|an|each|every|/)\s*)?(?:(?:business|working)\s+)?(?:{_UNITS}|ms)s?\b"
_YEAR_AFTER = (
    r"(?:[\s-]*(?:fy\s*'?(?P<fiscal>\d{4}|\d{2})|'(?P<short_year>\d{2})|(?P<year>\d{4}))\b)?"
)
_OF_YEAR = (
    r"(?:\s+of\s+(?:the\s+)?(?:(?:fiscal|financial|calendar)\s+)?(?:year\b"
    r"|fy\s*'?(?P<fiscal_of>\d{4}|\d{2})\b|(?P<year_of>\d{4})\b))?"
)
_WHAT = (
    rf"(?P<what>{_UNITS}|{_WEEKDAY}|weekday|weekend|morning|afternoon|evening|night|time"
    rf"|occasion|(?:[a-z-]+\s+)?{_EVENT})s?\b"  # "each pay period", "every team meeting"
)
_REFERENCE = (
    rf"(?P<reference>\s+(?:{_DET}\s+)?(?:(?:[\w-]+\s+)?(?:{_EVENT}|{PLAN_NOUNS})\b"
    rf"|(?:{START_WORDS})\b|(?!(?:the|a|an)\b)[\w'-]+))?"
)

# lead-ins, read backwards from a core (each is anchored at the core's start)
_LEADS = (
    r"by|before|until|till|til|no\s+later\s+than|not\s+later\s+than|on\s+or\s+before"
    r"|due(?:\s+(?:by|on|in))?|on|in|at|during|through|throughout|within|as\s+of|starting"
)
_LEAD_IN_LEAD = rf"(?:{_B}(?P<lead>{_LEADS})\s+)?"
_LEAD_IN_PART = (
    rf"(?:{_B}(?:the\s+)?(?P<part>end|close|start|beginning|middle)\s+of\s+(?:the\s+)?"
    rf"|{_B}(?P<early>mid|early|late){DASH}?\s*)?"
)
DATE_LEAD_IN = rf"{_LEAD_IN_LEAD}{_LEAD_IN_PART}(?:{_B}{_WEEKDAY},?\s+)?(?:{_B}the\s+)?"
PERIOD_LEAD_IN = (
    rf"{_LEAD_IN_LEAD}{_LEAD_IN_PART}(?P<the>{_B}the\s+)?(?:{_B}current\s+)?"
    rf"(?:{_B}(?P<which>this|next|coming|following|current)\s+)?"
)
WEEKDAY_LEAD_IN = (
    rf"{_LEAD_IN_LEAD}(?:{_B}(?:next|this|the\s+following|following|the\s+coming|coming)\s+)?"
)
DURATION_LEAD_IN = (
    rf"(?:{_B}(?P<lead>(?:within|in|inside(?:\s+of)?|over|for|during|throughout|across|after"
    r"|under|in\s+under|in\s+less\s+than|less\s+than|no\s+more\s+than|not\s+more\s+than|at\s+most"
    r"|up\s+to|at\s+least|no\s+(?:less|later)\s+than|a\s+minimum\s+of|minimum(?:\s+of)?)(?=\s)"
    r"|<=?|≤)\s*)?"
    rf"(?:{_B}(?:the\s+)?course\s+of\s+|{_B}a\s+period\s+of\s+|{_B}a\s+(?:time\s*frame|window"
    rf"|span)\s+of\s+)?(?:{_B}(?:the|my|your|his|her|their|our|this)\s+"
    rf"|{_B}an?\s+(?=[\d\[]|(?:{alternation(ORDINALS)})\b))?"  # "a 90-day", but "a week" is 1
    rf"(?:{_B}(?P<ordinal>{alternation(ORDINALS)})\s+)?"
)
AMOUNT_LEAD_IN = DURATION_LEAD_IN + rf"(?:{AMOUNT}{_GAP})?" + _QUALIFIER  # "the first week": 1
QUARTER_LEAD_IN = (
    DATE_LEAD_IN + r"(?:(?P<year_before>\d{4})\s+|fy\s*'?(?P<fiscal_before>\d{2,4})\s+)?"
)
END_OF_EVENT_LEAD_IN = (
    rf"(?:{_B}(?P<lead>by|before|until|till|at|on|prior\s+to|no\s+later\s+than|in\s+time\s+for"
    rf"|upon)\s+)?(?:{_B}the\s+)?"
)
EVERY_LEAD_IN = rf"(?:{_B}(?:at|on|in|during|for|with|throughout|over)\s+)?(?:{_B}the\s+)?"
CADENCE_WORD_LEAD_IN = (
    rf"(?:{_B}on\s+an?\s+)?(?:{_B}(?P<times>once|twice|thrice|\d+\s*x|\d+\s+times"
    rf"|{WORD_NUMBER}\s+times)[\s-]+)?"
)


# ---- readers: durations, relative timing, non-bounds, measures ----------------------------


def _unit_key(word: str) -> str:
    key = word.lower()
    return key if key in UNIT_DAYS else key[:-1]


def _length(found: _Found) -> tuple[int | None, bool]:
    """Days of "<amount> <unit>" (None below a day, or for a placeholder amount) and whether
    they are business days, which count as calendar days (5 -> 7) for pace checks."""
    unit_days = UNIT_DAYS.get(_unit_key(found["unit"] or ""))
    value = amount_value(found["amount"]) if found["amount"] else 1.0  # "the first week"
    business = found["qualifier"] in ("business", "working")
    if unit_days is None or value is None:
        return None, business
    days = value * unit_days * (7 / 5 if business and unit_days == 1 else 1)
    return (math.ceil(days) if days < 10**6 else None), business


def _read_amount_of_time(found: _Found, scan: _Scan) -> TimeExpression | None:
    """An amount of time, and what it is to the goal: "a 90-day period", "2 days in advance",
    "within 24 hours of receipt", or a window, "within the first 30 days"."""
    if found["amount"] is None and not (found["ordinal"] and found["lead"]):
        return None  # "days" with no number; but "within the first week" is one week
    if found["period_noun"] is not None:
        days, _ = _length(found)
        return scan.make(found, "duration", date=plus_days(scan.start, days), days=days)
    if found["relation"] is not None and (relative := _offset(found, scan)) is not None:
        return relative
    return _window(found, scan)


def _offset(found: _Found, scan: _Scan) -> TimeExpression | None:
    """ "3 days before the deadline", "1 hour early", "90 days from the start" (a window: the
    start is the plan's). "30 minutes of study" is no offset."""
    relation = " ".join((found["relation"] or "").split())
    reference = (found["reference"] or "").strip()
    if "-" in (found["gap"] or "") or (relation == "of" and found["lead"] != "within"):
        return None
    if relation in ("of", "from", "following") and not reference:
        return None
    if relation == "from" and re.fullmatch(START_WORDS, reference):
        days, _ = _length(found)
        return scan.make(found, "duration", date=plus_days(scan.start, days), days=days)
    return scan.make(found, "relative")


def _window(found: _Found, scan: _Scan) -> TimeExpression | None:
    """ "within 60 days", "in the next two months", "over the first 30 days", "for 8 weeks".
    "60 days" alone is a quantity, and "a 6-week course" a course."""
    ordinal = found["ordinal"]
    if not (found["lead"] or ordinal) or "-" in (found["gap"] or ""):
        return None
    days, business = _length(found)
    periods = ORDINALS.get(ordinal or "", 1)
    if business and scan.start and days is not None and periods == 1:
        count = math.ceil(amount_value(found["amount"] or "") or 0)
        date = plus_business_days(scan.start, count)
    else:
        date = plus_days(scan.start, days * periods if days is not None else None)
    end = found.end("length_end")
    return scan.make_span(found.start(), end, "duration", date, days)


def _read_plan_period(found: _Found, scan: _Scan) -> TimeExpression | None:
    """ "during the PIP", "for the rest of the plan": the plan's own window."""
    return scan.make(found, "duration")


def _read_event(found: _Found, scan: _Scan) -> TimeExpression | None:
    """ "before the next review", "by the mid-point review", "at each stand-up" (a cadence).
    "in the plan" and "on the call" place, they do not time."""
    lead = " ".join((found["lead"] or "").split())
    each = found["det"] in ("each", "every")
    if lead in ("at", "on", "in", "during", "for", "with"):
        if each:
            return scan.make(found, "cadence")
        if lead in ("at", "during") and found["det"] not in ("a", "an", "any", "all"):
            return scan.make(found, "relative")
        return None  # "speak at a conference": an occasion, not a time
    return scan.make(found, "relative")


def _read_end_of_event(found: _Found, scan: _Scan) -> TimeExpression | None:
    """ "by the end of the PIP", "at the start of each shift" (a cadence)."""
    return scan.make(found, "cadence" if found["det"] in ("each", "every") else "relative")


_NOT_AN_EVENT = frozenset(_wordlist("and or but then now that it this them long"))


def _read_before(found: _Found, scan: _Scan) -> TimeExpression | None:
    """ "before dev starts", "prior to go-live", "before ever stepping on site"."""
    return None if found["word"] in _NOT_AN_EVENT else scan.make(found, "relative")


def _read_schedule(found: _Found, scan: _Scan) -> TimeExpression | None:
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


def _relative(found: _Found, scan: _Scan) -> TimeExpression | None:
    return scan.make(found, "relative")


def _not_a_bound(found: _Found, scan: _Scan) -> TimeExpression | None:
    return scan.make(found, "not_a_bound")


def _read_vague_window(found: _Found, scan: _Scan) -> TimeExpression | None:
    """ "in the coming weeks", "within a few days": a window with no length."""
    return scan.make(found, "not_a_bound") if found["vague"] or found["which"] else None


def _measure(found: _Found, scan: _Scan) -> TimeExpression | None:
    """A metric's values ("from 45 days to 30 days", "from 8 per month to 3 per month"), a 1:1
    meeting or a version number: read so that they block time readings, then dropped."""
    return scan.make(found, "measure")


# ---- readers: deadlines -------------------------------------------------------------------


def _part(found: _Found) -> str | None:
    return found["part"] or found["early"]


def _month_in_slot(found: _Found, scan: _Scan, *, day: bool) -> int | None:
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


def _read_calendar_date(found: _Found, scan: _Scan) -> TimeExpression | None:
    """ "30 June 2026", "5th of Sept.", "June 30th", "Sept. 5", "December 21, 2013", "in May",
    "end of June 2019", "mid-June"; without a year, the next such date from the start."""
    day = int(found["day"]) if found["day"] else None
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


def _read_numeric_date(found: _Found, scan: _Scan) -> TimeExpression | None:
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


def _read_weekday(found: _Found, scan: _Scan) -> TimeExpression | None:
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


def _read_quarter(found: _Found, scan: _Scan) -> TimeExpression | None:
    """ "Q3", "by Q4 2025", "Q3 FY26", "the second quarter", "end of the fourth quarter",
    "H1", "the first half of 2027"; without a year, the next one not over at the start."""
    if found["quarter"]:
        first, months = (int(found["quarter"]) - 1) * 3 + 1, 3
    elif found["quarter_word"]:
        first, months = (ORDINALS[found["quarter_word"]] - 1) * 3 + 1, 3
    else:
        half = int(found["half"] or ORDINALS[found["half_word"] or "first"])
        first, months = (half - 1) * 6 + 1, 6
    year = next((parse_year(found[name]) for name in _QUARTER_YEARS if found[name]), None)
    if year is None and found["short_year"]:
        year = parse_year(found["short_year"])
    date = in_period(year, scan.start, first, months, _part(found))
    return scan.make(found, "deadline", date=date)


def _read_year(found: _Found, scan: _Scan) -> TimeExpression | None:
    """ "by 2027", "end of 2026", "FY2027", "FY27", "by 20XX". A fiscal year is read as the
    calendar year: the plan does not know the employer's fiscal calendar."""
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


def _read_period(found: _Found, scan: _Scan) -> TimeExpression | None:
    """ "end of the month", "next quarter", "this year", "within the quarter", "year-end"."""
    which = found["which"]
    current = found["the"] and found["lead"] in ("within", "during", "throughout")
    if not (which or _part(found) or current or found["period_end"]):
        return None
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


def _read_abbreviation(found: _Found, scan: _Scan) -> TimeExpression | None:
    """ "EOW", "EOM", "EOQ", "EOY"; "EOD" and "COB" are a time of day (no date)."""
    unit = ABBREVIATED_ENDS.get(found["abbreviation"] or "")
    date = end_of_period(scan.start, unit) if unit and scan.start else None
    return scan.make(found, "deadline", date=date)


def _read_time_of_day(found: _Found, scan: _Scan) -> TimeExpression | None:
    """ "5 PM", "by 9:00", "at 07:30 hrs", "noon", "end of business". "1:1" is a meeting (it
    has no two-digit minutes), and a bare "4:30" with no "by/at/before" may be a ratio."""
    if found["hour"] is not None:
        if found["meridiem"] and not 1 <= int(found["hour"]) <= 12:
            return None
        if not (found["meridiem"] or found["suffix"] or found["lead"] in TIME_LEADS):
            return None
    return scan.make(found, "deadline")


def _read_plan_unit(found: _Found, scan: _Scan) -> TimeExpression | None:
    """ "by Week 6", "Month 3", "Day 10": counted from the plan's start."""
    unit_days = {"week": 7, "month": 30, "day": 1}.get(found["plan_unit"] or "")
    days = int(found["number"] or 0) * unit_days if unit_days else None
    return scan.make(found, "deadline", date=plus_days(scan.start, days))


def _read_day_of_month(found: _Found, scan: _Scan) -> TimeExpression | None:
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
    rf"\b(?:time\s*frame|timeline|period|duration|time)\b|\b(?:\d+|x+|n)\s*(?:{_UNITS})s?\b"
)


def _read_placeholder(found: _Found, scan: _Scan) -> TimeExpression | None:
    """ "by [date]", "[end date]", "DD/MM/YYYY", "by ___": a template's date slot, unfilled."""
    content = found["content"]
    if not content or _PLACEHOLDER_DATE.search(content):
        return scan.make(found, "deadline")
    if _PLACEHOLDER_PERIOD.search(content):
        return scan.make(found, "duration")
    return None


# ---- readers: cadences --------------------------------------------------------------------


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
    return UNIT_DAYS.get(_unit_key(what))


def _read_cadence_word(found: _Found, scan: _Scan) -> TimeExpression | None:
    """ "weekly", "bi-weekly", "twice monthly", "on a quarterly basis", "annual"."""
    period = CADENCE_WORDS[re.sub(r"[\s-]", "", found["word"] or "")]
    return scan.make(found, "cadence", every_days=_every(period, times_value(found["times"])))


def _counted_per_unit(what: str, scan: _Scan, found: _Found) -> bool:
    """Is "a <unit>" a rate here? Only after a count: "50 calls a day", "twice a week"."""
    return _unit_key(what) in UNIT_DAYS and bool(_COUNT_BEFORE.search(scan.before(found).lower()))


def _read_every(found: _Found, scan: _Scan) -> TimeExpression | None:
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


def _read_times_per(found: _Found, scan: _Scan) -> TimeExpression | None:
    """ "twice a month", "three times a week", "3x/week", "once per sprint"."""
    word = found["times_word"] or ""
    amount = found["times_amount"]
    times = NAMED_TIMES.get(word) or (amount_value(amount) if amount else None)
    if times is None:
        return None  # "times a day" with no count; "x" alone is a letter
    period = _period_of(found["what"] or "", found["qualifier"])
    return scan.make(found, "cadence", every_days=_every(period, times))


def _read_weekdays(found: _Found, scan: _Scan) -> TimeExpression | None:
    """ "on Mondays", "Fridays", "on weekdays", "at weekends"."""
    return scan.make(found, "cadence", every_days=1 if found["days"] == "weekdays" else 7)


def _read_nth_of(found: _Found, scan: _Scan) -> TimeExpression | None:
    """ "the first Friday of every month" (a cadence); "by the last day of the month" (a
    deadline, its date left open)."""
    if found["of"] == "the" and found["lead"] in ("by", "before", "until"):
        return scan.make(found, "deadline")
    return scan.make(found, "cadence", every_days=UNIT_DAYS[_unit_key(found["unit"] or "")])


def _read_rate(found: _Found, scan: _Scan) -> TimeExpression | None:
    """ "2/week", "on the 1st of each month"."""
    return scan.make(found, "cadence", every_days=UNIT_DAYS.get(_unit_key(found["unit"] or "")))


# ---- the grammar --------------------------------------------------------------------------


def _cadence_spellings(word: str) -> list[str]:
    """ "biweekly" also as "bi-weekly" and "bi weekly"."""
    for prefix in ("semi", "bi"):
        if word.startswith(prefix):
            rest = word[len(prefix) :]
            return [word, f"{prefix}-{rest}", f"{prefix} {rest}"]
    return [word]


def _forms(words: Iterable[str]) -> tuple[str, ...]:
    return tuple(form for word in words for form in (word, word + "s"))


def _key_word(phrase: str) -> str:
    """The phrase's longest word: a text without it cannot hold the phrase."""
    return max(_WORD.findall(phrase), key=len)


# a compact unit ("24h", "30min") follows a digit, so DIGIT stands for it
_UNIT_TRIGGERS = (*_forms(UNIT_DAYS), DIGIT)
_MONTH_TRIGGERS = (*MONTHS, *MONTH_ABBREVIATIONS)
_NOT_A_BOUND_TRIGGERS = tuple({_key_word(phrase) for phrase in NOT_A_BOUND})
_CADENCE_WORDS = _words(
    [spelling for word in CADENCE_WORDS for spelling in _cadence_spellings(word)]
)
_DAY_MONTH = rf"{_DAY}(?:\s+of)?[\s-]+@month(?:[,\s-]+{_YEAR})?"
_MONTH_DAY = (
    rf"@month(?:\s+|(?<=\.))(?:the\s+)?{_DAY}\b"
    rf"(?![:.,/]\d|\s*%|[\s-]*(?:{_UNITS})s?\b)(?:,?\s*{_YEAR})?"
)
_MONTH_ALONE = rf"@month(?:[,\s]+{_YEAR})?"


def _month_rules(shape: str) -> tuple[Production, Production]:
    """A date shape with an exact month name, and again with any word (misspellings)."""
    return (
        _rule(shape.replace("@month", _EXACT_MONTH), _read_calendar_date, *_MONTH_TRIGGERS,
              lead_in=DATE_LEAD_IN),
        _rule(shape.replace("@month", _ANY_MONTH), _read_calendar_date, MISSPELT,
              lead_in=DATE_LEAD_IN),
    )  # fmt: skip


PRODUCTIONS: tuple[Production, ...] = (
    # measures: not times, but they must block the time readings inside them
    _rule(
        rf"from\s+(?:[<>~]\s*)?{ONE_AMOUNT}(?:\s*{_RATE_UNIT})?\s+(?:down\s+|up\s+)?to\s+"
        rf"(?:[<>~]\s*|under\s+|below\s+|less\s+than\s+|fewer\s+than\s+)?{ONE_AMOUNT}\s*{_RATE_UNIT}",
        _measure, "from",
    ),
    _rule(r"(?:1\s*:\s*1|one[\s-]on[\s-]one|1[\s-]on[\s-]1)s?\b", _measure, ":", "one", "1"),
    _rule(r"(?:v|version|release|rel\.?)\s*\d+(?:\.\d+)+\b", _measure, "version", "release", "rel"),
    # wording that sets no bound
    _rule(rf"(?:{_words(NOT_A_BOUND)})(?![\w-])", _not_a_bound, *_NOT_A_BOUND_TRIGGERS),
    _rule(
        r"as\s+soon\s+as\s+(?:it|they|these|those|issues?|problems?|concerns?|errors?|questions?"
        r"|requests?)\s+(?:arises?|occurs?|happens?|comes?\s+up|appears?)\b",
        _not_a_bound, "soon",
    ),
    _rule(
        rf"(?:{_words(['within', 'in', 'over', 'during', 'for', 'across'])})\s+(?:the\s+)?"
        r"(?:(?P<which>next|coming|following|upcoming)\s+)?(?:(?P<vague>a\s+few|few|several"
        rf"|some|many|a\s+number\s+of)\s+)?(?:{_UNITS})s\b",
        _read_vague_window, *_forms(UNIT_DAYS),
    ),
    # deadlines
    _rule(
        r"(?:(?P<iso>\d{4})[-/.](?P<iso_month>\d{1,2})[-/.](?P<iso_day>\d{1,2})"
        r"|(?P<first>\d{1,2})(?P<separator>[/.-])(?P<second>\d{1,2})"
        r"(?:(?P=separator)(?P<year>\d{4}|\d{2}))?)(?![\d%/]|[.-]\d)",
        _read_numeric_date, "/", ".", "-", lead_in=_LEAD_IN_LEAD,
    ),
    *_month_rules(_DAY_MONTH),
    *_month_rules(_MONTH_DAY),
    *_month_rules(_MONTH_ALONE),
    _rule(
        rf"(?P<weekday>{_WEEKDAY}|{_words(['today', 'tomorrow', 'tonight'])})\b",
        _read_weekday, *WEEKDAYS, "today", "tomorrow", "tonight", lead_in=WEEKDAY_LEAD_IN,
    ),
    _rule(
        rf"(?:q(?P<quarter>[1-4])\b{_YEAR_AFTER}|(?P<quarter_word>first|second|third|fourth|final"
        rf"|1st|2nd|3rd|4th)\s+(?:(?:fiscal|financial|calendar)\s+)?quarter\b{_OF_YEAR})",
        _read_quarter, "q1", "q2", "q3", "q4", "quarter", "quarters", lead_in=QUARTER_LEAD_IN,
    ),
    _rule(
        rf"(?:h(?P<half>[12])\b{_YEAR_AFTER}|(?P<half_word>first|second|1st|2nd)\s+half"
        rf"(?=\s+of\s+(?:the\s+)?(?:(?:fiscal|financial|calendar)\s+)?(?:year|fy|\d{{4}})){_OF_YEAR})",
        _read_quarter, "h1", "h2", "half", lead_in=QUARTER_LEAD_IN,
    ),
    _rule(
        r"(?:(?:fy|fiscal\s+year|financial\s+year)\s*'?(?P<fiscal>\d{4}|\d{2})"
        r"|(?P<year>(?:19|20)\d{2}|20[x_]{2}))(?![\d,]\d|[/.-]\d)",
        _read_year, DIGIT, lead_in=DATE_LEAD_IN,
    ),
    _rule(
        r"(?P<unit>week|month|quarter|year|(?:fiscal|financial|calendar|school|academic)\s+year"
        r"|(?:school\s+)?term|semester)(?P<period_end>[\s-]end)?\b",
        _read_period, "week", "month", "quarter", "year", "term", "semester",
        lead_in=PERIOD_LEAD_IN,
    ),
    _rule(
        r"(?P<abbreviation>eow|eom|eoq|eoy|eofy|eod|cob|eob)\b",
        _read_abbreviation, *ABBREVIATED_ENDS, "eod", "cob", "eob", lead_in=_LEAD_IN_LEAD,
    ),
    _rule(
        r"(?:(?P<hour>[01]\d|2[0-3]|\d)(?:[:.][0-5]\d)?\s*(?P<meridiem>[ap]\.\s?m\.|[ap]\.?\s?m\b)"
        r"|(?:end|close)\s+of\s+(?:the\s+)?(?:(?:business|work(?:ing)?)\s+day|day|business|play)\b"
        r"|noon\b|midday\b|midnight\b)",
        _read_time_of_day, DIGIT, "end", "close", "noon", "midday", "midnight",
        lead_in=rf"{_LEAD_IN_LEAD}(?:{_B}the\s+)?",
    ),
    _rule(
        r"(?P<hour>[01]\d|2[0-3]|\d):[0-5]\d(?![\d:])(?P<suffix>\s*(?:hrs|h|hours|o['’]clock)\b)?",
        _read_time_of_day, ":", lead_in=_LEAD_IN_LEAD,
    ),
    _rule(
        r"(?P<hour>[01]\d|2[0-3]|\d)\s*o['’]clock(?P<suffix>)",
        _read_time_of_day, "clock", lead_in=_LEAD_IN_LEAD,
    ),
    _rule(
        r"(?P<plan_unit>week|month|day|sprint|phase)\s*(?P<number>\d{1,3})\b"
        r"(?![:.]\d|\s*%|\s*(?:of|/)\s*\d)",
        _read_plan_unit, "week", "month", "day", "sprint", "phase", lead_in=DATE_LEAD_IN,
    ),
    _rule(
        rf"the\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)\b(?!\s+(?:of\s+)?(?:{_MONTH_NAME}|each|every))",
        _read_day_of_month, DIGIT, lead_in=_LEAD_IN_LEAD,
    ),
    _rule(
        r"[\[<{]\s*(?P<content>[^\]\n>}]{1,40}?)\s*[\]>}]",
        _read_placeholder, "[", "<", "{", lead_in=_LEAD_IN_LEAD,
    ),
    _rule(
        r"(?:(?:dd|xx)[/.-])?(?:dd|mm|xx)[/.-](?:yyyy|yy|xxxx|xx)(?![\w/])(?P<content>)"
        r"|_{1,2}/_{1,2}/_{2,4}(?![\w/])",
        _read_placeholder, "dd", "mm", "xx", "__", lead_in=_LEAD_IN_LEAD,
    ),
    _rule(
        r"(?P<lead>by|before|until|no\s+later\s+than|due(?:\s+by)?)\s+(?P<content>)"
        r"(?:_{3,}|\.{3,}|…|tbd|tbc)",
        _read_placeholder, "___", "...", "…", "tbd", "tbc",
    ),
    # durations, and amounts of time tied to an event (the amount is read as a lead-in)
    _rule(
        rf"(?P<unit>{_UNIT_WORDS})s?\b(?:['’]s?\s+time\b)?(?P<length_end>)(?:(?P<period_noun>\s*"
        rf"(?:{PERIOD_NOUNS})\b)|\s+(?P<relation>before|after|prior\s+to|ahead\s+of|in\s+advance"
        rf"(?:\s+of)?|ahead|beforehand|early|earlier|of|from|following)\b{_REFERENCE})?",
        _read_amount_of_time, *_UNIT_TRIGGERS, lead_in=AMOUNT_LEAD_IN, width=AMOUNT_LEAD_IN_WIDTH,
    ),
    _rule(
        r"(?:during|throughout|within|over|across|for\s+the\s+(?:rest|remainder|duration|length"
        r"|life|whole|course|entirety)\s+of|until\s+the\s+end\s+of)\s+(?:(?:the|this|my|your|his"
        rf"|her|their|our)\s+)?(?:{PLAN_NOUNS})\b",
        _read_plan_period, "pip", "plan", "period", "probation", "probationary",
    ),
    # relative to an event
    _rule(r"in\s+advance\b", _relative, "advance"),
    _rule(
        r"(?P<lead>before|after|prior\s+to|ahead\s+of|in\s+advance\s+of|in\s+time\s+for"
        rf"|in\s+preparation\s+for|following|by|at|until|till|upon|on|during|in|for|with)\s+"
        rf"(?P<det>{_DET})\s+(?:(?:next|following|upcoming|scheduled|planned|first|final|last)\s+)?"
        rf"(?:[\w-]+\s+){{0,2}}(?:{_EVENT})\b(?!\s+(?:{word_trie(HEAD_NOUNS)})\b)",
        _read_event, *{_key_word(event) for event in EVENT_NOUNS},
    ),
    _rule(
        r"(?:end|close|conclusion|completion|start|beginning|middle|midpoint|mid-point"
        r"|halfway\s+point)\s+of\s+(?:(?P<det>the|this|my|your|his|her|their|our|each|every)\s+)?"
        rf"(?:[\w-]+\s+){{0,2}}(?:{_EVENT}|{PLAN_NOUNS})\b",
        _read_end_of_event, "of", lead_in=END_OF_EVENT_LEAD_IN,
    ),
    _rule(
        r"(?:upon|on|at)\s+(?:receipt|completion|arrival|request|admission|discharge|hire"
        r"|hiring|joining|entry)\b",
        _relative, "receipt", "completion", "arrival", "request", "admission", "discharge",
        "hire", "hiring", "joining", "entry",
    ),
    _rule(
        r"(?:same|next|following)[\s-](?:business\s+|working\s+)?(?:day|shift)\b",
        _relative, "same", "next", "following",
        lead_in=rf"(?:{_B}(?:by|on|within)\s+)?(?:{_B}the\s+)?",
    ),
    _rule(
        rf"(?:before|prior\s+to)\s+(?!\d)(?:{_DET}\s+)?(?:ever\s+)?(?P<word>[a-z][\w'-]*)",
        _read_before, "before", "prior",
    ),
    _rule(
        r"(?:within|in|inside|by|before)\s+(?:(?:the|an?|their|our|your|his|her|its|my)\s+)?"
        r"(?P<modifiers>(?:[\w-]+\s+){0,2}?)(?P<noun>time\s*frames?|time-frames?|deadlines?"
        r"|estimates?|schedules?|timelines?|time|slas?|turnaround|due\s+dates?|dates?)\b"
        r"(?P<post>\s+(?:requested|agreed|given|set|specified|required|expected|allotted|allowed"
        r"|stated))?",
        _read_schedule, "time", "frame", "frames", "turnaround",
        *_forms(["timeframe", "deadline", "estimate", "schedule", "timeline", "sla", "date"]),
    ),
    # cadences
    _rule(
        rf"(?P<word>{_CADENCE_WORDS})(?:\s+basis)?\b"
        rf"(?!\s+(?:{word_trie(METRIC_NOUNS)})\b(?!\s+{_EVENT}\b))",
        _read_cadence_word, *CADENCE_WORDS, lead_in=CADENCE_WORD_LEAD_IN,
    ),
    _rule(
        rf"(?P<quantifier>{_words(['every', 'each', 'per', 'a', 'an'])})\s+(?:(?P<multiple>other"
        rf"|second|third|fourth|{ONE_AMOUNT})\s+)?(?:(?P<qualifier>business|working|school)\s+)?{_WHAT}",
        _read_every, "every", "each", "per", *_UNIT_TRIGGERS, lead_in=EVERY_LEAD_IN,
    ),
    _rule(
        rf"(?P<times_word>{_words(['once', 'twice', 'thrice', 'times'])}|x(?<![a-z_]x))\s*(?:a|an"
        rf"|per|each|every|/|in\s+an?)\s*(?:(?P<qualifier>business|working)\s+)?{_WHAT}",
        _read_times_per, "once", "twice", "thrice", "times", "x", DIGIT,
        lead_in=rf"(?P<times_amount>{ONE_AMOUNT})[\s-]*",
    ),
    _rule(
        rf"(?:{_WEEKDAY}s|(?P<days>weekdays|weekends))\b",
        _read_weekdays, *_forms(WEEKDAYS), "weekdays", "weekends",
        lead_in=rf"(?:{_B}(?:on|every|at)\s+)?",
    ),
    _rule(
        rf"(?:first|second|third|fourth|last|final|1st|2nd|3rd|4th)\s+(?:{_WEEKDAY}|day|week"
        r"|business\s+day|working\s+day|weekday)\s+of\s+(?P<of>each|every|the)\s+"
        r"(?P<unit>month|quarter|year|week)\b",
        _read_nth_of, "of", lead_in=rf"(?:{_B}(?P<lead>on|by|before|until)\s+)?(?:{_B}the\s+)?",
    ),
    _rule(
        r"the\s+[0-3]?\d(?:st|nd|rd|th)?\s+(?:day\s+)?of\s+(?:each|every)\s+(?P<unit>month)\b",
        _read_rate, "each", "every", lead_in=rf"(?:{_B}on\s+)?",
    ),
    _rule(
        r"(?:\d[\d,.]*[km]?|\d+\s*x)\s*/\s*(?P<unit>day|week|wk|month|mo|year|yr|quarter|shift"
        r"|sprint|hour|hr|h)\b",
        _read_rate, "/",
    ),
)  # fmt: skip
# Word triggers must be whole words of the text; others ("/", "[", ":") any substring of it.
_ALL_TRIGGERS = frozenset().union(*(p.triggers for p in PRODUCTIONS)) - {DIGIT, MISSPELT}
SYMBOL_TRIGGERS = tuple(t for t in _ALL_TRIGGERS if not t.isalnum())


# ---- choosing among readings --------------------------------------------------------------


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
    scan = _Scan(text, text.translate(ASCII_LOWER), start)
    candidates = [
        expression
        for production in PRODUCTIONS
        if scan.triggered(production.triggers)
        for expression in production.scan(scan)
    ]
    chosen = _merge_ranges(text, _longest_first(candidates))
    return [expression for expression in chosen if expression.kind != "measure"]


_BARE_AMOUNT = _pattern(rf"(?<!\w){_AMOUNT_OF_TIME}")


def amount_in_days(text: str) -> int | None:
    """Days in the first "<amount> <unit>" of a span already known to be a duration ("60
    days", "two months", "8 weeks"), with or without "within/for"; None without an amount."""
    core = _BARE_AMOUNT.search(text.translate(ASCII_LOWER))
    return _length(_Found(core, None))[0] if core else None
