"""The regex building blocks of the time grammar, and the lead-ins read backwards from a
production's core ("by the end of ", "within the first "). All written in lowercase: they
match the scan's lowercased text."""

from __future__ import annotations

from collections.abc import Iterable

from coach.analysis.number_words import (
    AMOUNT,
    DASH,
    ORDINAL_DAYS,
    WORD_NUMBER,
    alternation,
    word_trie,
)
from coach.analysis.timex.tables import (
    EVENT_NOUNS,
    MONTH_ABBREVIATIONS,
    MONTHS,
    ORDINALS,
    PERIOD_QUALIFIERS,
    PLAN_NOUNS,
    START_WORDS,
    UNIT_DAYS,
    WEEKDAYS,
)


def words_pattern(words: Iterable[str], *, after_digit: bool = False) -> str:
    """Words or phrases that each start a word, as a regex trie (see `word_trie`)."""
    return word_trie(words, starts_word=True, after_digit=after_digit)


WORD_START = r"(?<!\w)"  # a lead-in word starts a word
UNITS = alternation(UNIT_DAYS)
UNIT_WORDS = words_pattern(UNIT_DAYS, after_digit=True)
GAP = r"(?P<gap>(?<=[\d+\]])[ \t-]*|[\s-]+)"  # after digits a unit may follow at once ("24h")
QUALIFIER = (
    r"(?:(?P<qualifier>business|working|school|calendar|consecutive|full|straight|whole"
    rf"|{alternation(PERIOD_QUALIFIERS)})\s+)?"
)
AMOUNT_OF_TIME = (
    rf"{AMOUNT}{GAP}{QUALIFIER}(?P<unit>{UNITS})s?\b(?:['’]s?\s+time\b)?(?P<length_end>)"
)
MONTH_NAME = (  # "Jun." with its full stop, but not "June."
    rf"(?:{words_pattern(MONTHS)})\b|(?:{words_pattern(MONTH_ABBREVIATIONS)})\b\.?"
)
EXACT_MONTH = rf"(?P<month>{MONTH_NAME})"
ANY_MONTH = r"(?P<month>[a-z]{5,12})\b"  # month_number() decides: misspellings too
WEEKDAY = rf"(?:{words_pattern(WEEKDAYS)})"
YEAR = r"(?P<year>\d{4}|'\d{2}|20[x_]{2})(?![\d,]\d)"
# A day of the month in digits ("30", "1st") or as an ordinal word ("the thirty-first of March")
DAY = rf"(?P<day>[0-3]\d|\d|{alternation(ORDINAL_DAYS)})(?:(?<=\d)(?:st|nd|rd|th))?"
EVENT = rf"(?:{word_trie(EVENT_NOUNS)})"
DET = r"(?:the|each|every|any|a|an|all|my|your|his|her|their|our|its|this|that|next)"
RATE_PREFIX = r"(?:per|a|an|each|every|/)\s*"  # "per month", "a day", "/week"
BUSINESS = r"(?:(?:business|working)\s+)?"
RATE_UNIT = rf"(?:{RATE_PREFIX})?{BUSINESS}(?:{UNITS}|ms)s?\b"
YEAR_AFTER = (
    r"(?:[\s-]*(?:fy\s*'?(?P<fiscal>\d{4}|\d{2})|'(?P<short_year>\d{2})|(?P<year>\d{4}))\b)?"
)
OF_YEAR = (
    r"(?:\s+of\s+(?:the\s+)?(?:(?:fiscal|financial|calendar)\s+)?(?:year\b"
    r"|fy\s*'?(?P<fiscal_of>\d{4}|\d{2})\b|(?P<year_of>\d{4})\b))?"
)
WHAT = (
    rf"(?P<what>{UNITS}|{WEEKDAY}|weekday|weekend|morning|afternoon|evening|night|time"
    rf"|occasion|(?:[a-z-]+\s+)?{EVENT})s?\b"  # "each pay period", "every team meeting"
)
REFERENCE = (
    rf"(?P<reference>\s+(?:{DET}\s+)?(?:(?:[\w-]+\s+)?(?:{EVENT}|{PLAN_NOUNS})\b"
    rf"|(?:{START_WORDS})\b|(?!(?:the|a|an)\b)[\w'-]+))?"
)

# lead-ins, read backwards from a core (each is anchored at the core's start)
LEADS = (
    r"by|before|until|till|til|no\s+later\s+than|not\s+later\s+than|on\s+or\s+before"
    r"|due(?:\s+(?:by|on|in))?|on|in|at|during|through|throughout|within|as\s+of|starting"
)
LEAD_IN_LEAD = rf"(?:{WORD_START}(?P<lead>{LEADS})\s+)?"
LEAD_IN_PART = (
    rf"(?:{WORD_START}(?:the\s+)?(?P<part>end|close|start|beginning|middle)\s+of\s+(?:the\s+)?"
    rf"|{WORD_START}(?P<early>mid|early|late){DASH}?\s*)?"
)
DATE_LEAD_IN = (
    rf"{LEAD_IN_LEAD}{LEAD_IN_PART}(?:{WORD_START}{WEEKDAY},?\s+)?(?:{WORD_START}the\s+)?"
)
PERIOD_LEAD_IN = (
    rf"{LEAD_IN_LEAD}{LEAD_IN_PART}(?P<the>{WORD_START}(?:the|my|your|our|their|his|her)\s+)?"
    rf"(?:{WORD_START}current\s+)?(?:{WORD_START}(?P<which>this|next|coming|following|current"
    r"|first|second|third|fourth|fifth|sixth|final)\s+)?"
)
WEEKDAY_LEAD_IN = (
    rf"{LEAD_IN_LEAD}(?:{WORD_START}(?:next|this|the\s+following|following"
    r"|the\s+coming|coming)\s+)?"
)
DURATION_LEAD_IN = (
    # "by the end of 6 months": as "within 6 months" (the end of the plan's own first
    # months; "by the end of the first year" is a period, read by read_period)
    rf"(?:{WORD_START}(?P<lead>(?:within|in|inside(?:\s+of)?|over|for|during|throughout|across|after"
    r"|(?:by|before|until|at)\s+the\s+(?:end|close)\s+of"
    r"|under|in\s+under|in\s+less\s+than|less\s+than|no\s+more\s+than|not\s+more\s+than|at\s+most"
    r"|up\s+to|at\s+least|no\s+(?:less|later)\s+than|a\s+minimum\s+of|minimum(?:\s+of)?"
    # a limit on how long something may take: "takes no more than one business day"
    r"|(?:for\s+)?(?:no\s+)?(?:more|longer)\s+than)(?=\s)"
    r"|<=?|≤)\s*)?"
    rf"(?:{WORD_START}(?:the\s+)?course\s+of\s+|{WORD_START}a\s+period\s+of\s+"
    rf"|{WORD_START}a\s+(?:time\s*frame|window|span)\s+of\s+)?"
    rf"(?:{WORD_START}(?:the|my|your|his|her|their|our|this)\s+"
    rf"|{WORD_START}an?\s+(?=[\d\[]|(?:{alternation(ORDINALS)})\b))?"  # "a 90-day"; "a week" is 1
    rf"(?:{WORD_START}(?P<ordinal>{alternation(ORDINALS)})\s+)?"
)
AMOUNT_LEAD_IN = DURATION_LEAD_IN + rf"(?:{AMOUNT}{GAP})?" + QUALIFIER  # "the first week": 1
QUARTER_ORDINAL = "first|second|third|fourth|final|1st|2nd|3rd|4th"
QUARTER_LEAD_IN = (
    DATE_LEAD_IN + r"(?:(?P<year_before>\d{4})\s+|fy\s*'?(?P<fiscal_before>\d{2,4})\s+)?"
)
END_OF_EVENT_LEAD_IN = (
    rf"(?:{WORD_START}(?P<lead>by|before|until|till|at|on|prior\s+to|no\s+later\s+than|in\s+time\s+for"
    rf"|upon)\s+)?(?:{WORD_START}the\s+)?"
)
EVERY_LEAD_IN = (
    rf"(?:{WORD_START}(?:at|on|in|during|for|with|throughout|over)\s+)?(?:{WORD_START}the\s+)?"
)
CADENCE_WORD_LEAD_IN = (
    rf"(?:{WORD_START}on\s+an?\s+)?(?:{WORD_START}(?P<times>once|twice|thrice|\d+\s*x|\d+\s+times"
    rf"|{WORD_NUMBER}\s+times)[\s-]+)?"
)
