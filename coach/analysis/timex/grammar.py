"""The time grammar: every production, each a core pattern, an optional lead-in, the reader
that judges a match, and the trigger words a text must hold for the production to be scanned.
Measures and wording that sets no bound come first; they block the readings inside them."""

from __future__ import annotations

from collections.abc import Iterable

from coach.analysis.number_words import ONE_AMOUNT, word_trie
from coach.analysis.timex.cadences import (
    read_cadence_word,
    read_every,
    read_nth_of,
    read_occasion,
    read_rate,
    read_times_per,
    read_weekdays,
)
from coach.analysis.timex.deadlines import (
    read_abbreviation,
    read_calendar_date,
    read_day_of_month,
    read_numeric_date,
    read_period,
    read_placeholder,
    read_plan_unit,
    read_quarter,
    read_time_of_day,
    read_week_of_month,
    read_weekday,
    read_year,
)
from coach.analysis.timex.durations import (
    read_amount_of_time,
    read_before,
    read_end_of_anything,
    read_end_of_event,
    read_event,
    read_measure,
    read_not_a_bound,
    read_plan_period,
    read_recurring_occasions,
    read_relative,
    read_schedule,
    read_vague_window,
)
from coach.analysis.timex.patterns import (
    AMOUNT_LEAD_IN,
    ANY_MONTH,
    CADENCE_WORD_LEAD_IN,
    DATE_LEAD_IN,
    DAY,
    DET,
    END_OF_EVENT_LEAD_IN,
    EVENT,
    EVERY_LEAD_IN,
    EXACT_MONTH,
    LEAD_IN_LEAD,
    MONTH_NAME,
    OF_YEAR,
    PERIOD_LEAD_IN,
    QUARTER_LEAD_IN,
    QUARTER_ORDINAL,
    RATE_UNIT,
    REFERENCE,
    UNIT_WORDS,
    UNITS,
    WEEKDAY,
    WEEKDAY_LEAD_IN,
    WHAT,
    WORD_START,
    YEAR,
    YEAR_AFTER,
    words_pattern,
)
from coach.analysis.timex.scanning import (
    AMOUNT_LEAD_IN_WIDTH,
    DIGIT,
    LEAD_IN_WIDTH,
    MISSPELT,
    WORD,
    Production,
    Reader,
    compile_pattern,
)
from coach.analysis.timex.tables import (
    ABBREVIATED_ENDS,
    BARE_EVENTS,
    CADENCE_WORDS,
    EVENT_NOUNS,
    HEAD_NOUNS,
    METRIC_NOUNS,
    MONTH_ABBREVIATIONS,
    MONTHS,
    NOT_A_BOUND,
    PERIOD_NOUNS,
    PLAN_NOUNS,
    RECURRING_OCCASIONS,
    SEASONS,
    STINT_NOUNS,
    STINTS,
    UNIT_DAYS,
    WEEKDAYS,
    wordlist,
)


def _rule(
    core: str, read: Reader, *triggers: str, lead_in: str | None = None, width: int = LEAD_IN_WIDTH
) -> Production:
    lead_in_pattern = compile_pattern(lead_in) if lead_in else None
    return Production(compile_pattern(core), lead_in_pattern, read, frozenset(triggers), width)


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
    return max(WORD.findall(phrase), key=len)


# a compact unit ("24h", "30min") follows a digit, so DIGIT stands for it
_UNIT_TRIGGERS = (*_forms(UNIT_DAYS), DIGIT)
_MONTH_TRIGGERS = (*MONTHS, *MONTH_ABBREVIATIONS)
_NOT_A_BOUND_TRIGGERS = tuple({_key_word(phrase) for phrase in NOT_A_BOUND})
_CADENCE_WORDS = words_pattern(
    [spelling for word in CADENCE_WORDS for spelling in _cadence_spellings(word)]
)
_DAY_MONTH = rf"{DAY}(?:\s+of)?[\s-]+@month(?:[,\s-]+{YEAR})?"
_MONTH_DAY = (
    rf"@month(?:\s+|(?<=\.))(?:the\s+)?{DAY}\b"
    rf"(?![:.,/]\d|\s*%|[\s-]*(?:{UNITS})s?\b)(?:,?\s*{YEAR})?"
)
_MONTH_ALONE = rf"@month(?:[,\s]+{YEAR})?"


def _month_rules(shape: str) -> tuple[Production, Production]:
    """A date shape with an exact month name, and again with any word (misspellings)."""
    return (
        _rule(shape.replace("@month", EXACT_MONTH), read_calendar_date, *_MONTH_TRIGGERS,
              lead_in=DATE_LEAD_IN),
        _rule(shape.replace("@month", ANY_MONTH), read_calendar_date, MISSPELT,
              lead_in=DATE_LEAD_IN),
    )  # fmt: skip


_OWNERS = r"the|this|my|your|his|her|their|our|its"
# Words that end a name rather than continue it ("the end of the season with ...")
_NOT_A_NAME = word_trie(
    wordlist(
        "and or but with for to in on at by from of so that which who when if unless until "
        "before after during within per each every this next all any the a an is are be will"
    )
)
_END_OF_ANYTHING_LEAD_IN = (
    rf"{WORD_START}(?P<lead>by|before|until|till|no\s+later\s+than|prior\s+to|in\s+time\s+for"
    rf"|for|during|throughout)\s+(?:{WORD_START}the\s+)?"
)


PRODUCTIONS: tuple[Production, ...] = (
    # measures: not times, but they must block the time readings inside them
    _rule(
        rf"from\s+(?:[<>~]\s*)?{ONE_AMOUNT}(?:\s*{RATE_UNIT})?\s+(?:down\s+|up\s+)?to\s+"
        rf"(?:[<>~]\s*|under\s+|below\s+|less\s+than\s+|fewer\s+than\s+)?{ONE_AMOUNT}\s*(?P<unit>{RATE_UNIT})",
        read_measure, "from",
    ),
    _rule(r"(?:1\s*:\s*1|one[\s-]on[\s-]one|1[\s-]on[\s-]1)s?\b", read_measure, ":", "one", "1"),
    _rule(
        r"(?:v|version|release|rel\.?)\s*\d+(?:\.\d+)+\b", read_measure, "version", "release", "rel"
    ),
    # wording that sets no bound
    _rule(rf"(?:{words_pattern(NOT_A_BOUND)})(?![\w-])", read_not_a_bound, *_NOT_A_BOUND_TRIGGERS),
    _rule(
        r"as\s+soon\s+as\s+(?:it|they|these|those|issues?|problems?|concerns?|errors?|questions?"
        r"|requests?)\s+(?:arises?|occurs?|happens?|comes?\s+up|appears?)\b",
        read_not_a_bound, "soon",
    ),
    _rule(
        rf"(?:{words_pattern(['within', 'in', 'over', 'during', 'for', 'across'])})\s+(?:the\s+)?"
        r"(?:(?P<which>next|coming|following|upcoming)\s+)?(?:(?P<vague>a\s+few|few|several"
        rf"|some|many|a\s+number\s+of)\s+)?(?:{UNITS})s\b",
        read_vague_window, *_forms(UNIT_DAYS),
    ),
    # deadlines
    _rule(
        r"(?:(?P<iso>\d{4})[-/.](?P<iso_month>\d{1,2})[-/.](?P<iso_day>\d{1,2})"
        r"|(?P<first>\d{1,2})(?P<separator>[/.-])(?P<second>\d{1,2})"
        r"(?:(?P=separator)(?P<year>\d{4}|\d{2}))?)(?![\d%/]|[.-]\d)",
        read_numeric_date, "/", ".", "-", lead_in=LEAD_IN_LEAD,
    ),
    *_month_rules(_DAY_MONTH),
    *_month_rules(_MONTH_DAY),
    *_month_rules(_MONTH_ALONE),
    _rule(
        rf"(?P<weekday>{WEEKDAY}|{words_pattern(['today', 'tomorrow', 'tonight'])})\b",
        read_weekday, *WEEKDAYS, "today", "tomorrow", "tonight", lead_in=WEEKDAY_LEAD_IN,
    ),
    _rule(
        rf"(?:q(?P<quarter>[1-4])\b{YEAR_AFTER}|(?P<quarter_word>{QUARTER_ORDINAL})"
        # "the first and second quarters": two quarters, read from the first
        rf"(?:\s+(?:and|or|&|to)\s+(?P<quarter_word_last>{QUARTER_ORDINAL}))?"
        rf"\s+(?:(?:fiscal|financial|calendar)\s+)?quarters?\b{OF_YEAR})",
        read_quarter, "q1", "q2", "q3", "q4", "quarter", "quarters", lead_in=QUARTER_LEAD_IN,
    ),
    _rule(
        rf"(?:h(?P<half>[12])\b{YEAR_AFTER}|(?P<half_word>first|second|1st|2nd)\s+half"
        rf"(?=\s+of\s+(?:the\s+)?(?:(?:fiscal|financial|calendar)\s+)?(?:year|fy|\d{{4}})){OF_YEAR})",
        read_quarter, "h1", "h2", "half", lead_in=QUARTER_LEAD_IN,
    ),
    # "finish 2012 with an attendance rate of 85%", "end 2027 on budget": the year is the
    # period the result is reached in (not "finish the 2025 accounts": a thing named)
    _rule(
        r"(?P<lead>finish|end|close\s+out|wrap\s+up|see\s+out)\s+(?P<year>(?:19|20)\d{2})"
        r"(?=\s+(?:with|on|having|as)\b|\s*[.,;!]|\s*$)",
        read_year, "finish", "end", "close", "wrap", "see",
    ),
    _rule(
        r"(?:(?:fy|fiscal\s+year|financial\s+year)\s*'?(?P<fiscal>\d{4}|\d{2})"
        r"|(?P<year>(?:19|20)\d{2}|20[x_]{2}))"
        # a year range, "2012-2013", "2024/25", "FY2013/14": read to its last year
        r"(?:[/–-](?P<year_to>(?:19|20)\d{2}|\d{2}))?(?![\d,]\d|[/.-]\d)",
        read_year, DIGIT, lead_in=DATE_LEAD_IN,
    ),
    _rule(
        r"(?P<unit>week|month|quarter|year|(?:fiscal|financial|calendar|school|academic)\s+year"
        r"|(?:school\s+)?term|semester)(?P<period_end>[\s-]end)?\b",
        read_period, "week", "month", "quarter", "year", "term", "semester",
        lead_in=PERIOD_LEAD_IN,
    ),
    # "end-of-day", "end-of-shift", "end-of-month" written as one word: an end said as EOD is
    _rule(
        r"end-of-(?:the-)?(?P<end_unit>day|shift|week|month|quarter|year|term|sprint|play"
        r"|business)\b",
        read_abbreviation, "end", lead_in=LEAD_IN_LEAD,
    ),
    _rule(
        r"(?P<abbreviation>eow|eom|eoq|eoy|eofy|eod|cob|eob)\b",
        read_abbreviation, *ABBREVIATED_ENDS, "eod", "cob", "eob", lead_in=LEAD_IN_LEAD,
    ),
    _rule(
        r"(?:(?P<hour>[01]\d|2[0-3]|\d)(?:[:.][0-5]\d)?\s*(?P<meridiem>[ap]\.\s?m\.|[ap]\.?\s?m\b)"
        r"|(?:end|close)\s+of\s+(?:the\s+)?(?:(?:business|work(?:ing)?)\s+day|day|business|play)\b"
        r"|noon\b|midday\b|midnight\b)",
        read_time_of_day, DIGIT, "end", "close", "noon", "midday", "midnight",
        lead_in=rf"{LEAD_IN_LEAD}(?:{WORD_START}the\s+)?",
    ),
    _rule(
        r"(?P<hour>[01]\d|2[0-3]|\d):[0-5]\d(?![\d:])(?P<suffix>\s*(?:hrs|h|hours|o['’]clock)\b)?",
        read_time_of_day, ":", lead_in=LEAD_IN_LEAD,
    ),
    _rule(
        r"(?P<hour>[01]\d|2[0-3]|\d)\s*o['’]clock(?P<suffix>)",
        read_time_of_day, "clock", lead_in=LEAD_IN_LEAD,
    ),
    _rule(
        r"(?P<plan_unit>week|month|day|sprint|phase)\s*(?P<number>\d{1,3})\b"
        r"(?![:.]\d|\s*%|\s*(?:of|/)\s*\d)",
        read_plan_unit, "week", "month", "day", "sprint", "phase", lead_in=DATE_LEAD_IN,
    ),
    _rule(
        rf"(?P<nth>first|second|third|fourth|last|final|1st|2nd|3rd|4th)\s+week\s+(?:of|in)\s+"
        rf"{EXACT_MONTH}(?:[,\s]+{YEAR})?",
        read_week_of_month, *_MONTH_TRIGGERS, lead_in=DATE_LEAD_IN,
    ),
    _rule(
        rf"the\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)\b(?!\s+(?:of\s+)?(?:{MONTH_NAME}|each|every))",
        read_day_of_month, DIGIT, lead_in=LEAD_IN_LEAD,
    ),
    _rule(
        r"[\[<{]\s*(?P<content>[^\]\n>}]{1,40}?)\s*[\]>}]",
        read_placeholder, "[", "<", "{", lead_in=LEAD_IN_LEAD,
    ),
    _rule(
        r"(?:(?:dd|xx)[/.-])?(?:dd|mm|xx)[/.-](?:yyyy|yy|xxxx|xx)(?![\w/])(?P<content>)"
        r"|_{1,2}/_{1,2}/_{2,4}(?![\w/])",
        read_placeholder, "dd", "mm", "xx", "__", lead_in=LEAD_IN_LEAD,
    ),
    _rule(
        r"(?P<lead>by|before|until|no\s+later\s+than|due(?:\s+by)?)\s+(?P<content>)"
        r"(?:_{3,}|\.{3,}|…|tbd|tbc)",
        read_placeholder, "___", "...", "…", "tbd", "tbc",
    ),
    # "by (date)", "by X date": a date slot in round brackets or marked by an X, after a word
    # that asks for a date
    _rule(
        r"(?P<lead>by|before|until|no\s+later\s+than|due(?:\s+by)?|on)\s+(?:\(\s*"
        r"(?P<content>(?:end\s+|target\s+|due\s+|insert\s+)?(?:date|deadline))\s*\)"
        r"|x{1,3}\s+(?:date|deadline)\b)",
        read_placeholder, "date", "deadline",
    ),
    # durations, and amounts of time tied to an event (the amount is read as a lead-in)
    _rule(
        rf"(?P<unit>{UNIT_WORDS})s?\b(?:['’]s?\s+time\b)?(?P<length_end>)(?:(?P<period_noun>\s*"
        rf"(?:[a-z]+\s+)?(?:{PERIOD_NOUNS})\b)|\s+(?P<relation>before|after|prior\s+to|ahead\s+of|in\s+advance"
        rf"(?:\s+of)?|ahead|beforehand|early|earlier|of|from|following)\b{REFERENCE})?",
        read_amount_of_time, *_UNIT_TRIGGERS, lead_in=AMOUNT_LEAD_IN, width=AMOUNT_LEAD_IN_WIDTH,
    ),
    _rule(
        r"(?:(?:during|throughout|within|over|across)(?:\s+the\s+(?:rest|remainder|duration"
        r"|length|life|whole|course|entirety)\s+of)?|for\s+the\s+(?:rest|remainder|duration"
        r"|length|life|whole|course|entirety)\s+of|until\s+the\s+end\s+of)\s+(?:(?:the|this"
        r"|my|your|his"
        rf"|her|their|our)\s+)?(?:{PLAN_NOUNS})\b",
        read_plan_period, "pip", "plan", "period", "probation", "probationary",
    ),
    # "during my preceptorship", "by the end of the internship": a stint everyone in it knows
    # the length of, as the plan's own window is
    _rule(
        r"(?:during|throughout|within|over|(?:by|before|until|at)\s+the\s+end\s+of|for\s+the"
        r"\s+(?:rest|remainder|duration|length)\s+of)\s+(?:the|this|my|your|his|her|their|our)"
        rf"\s+(?:[a-z-]+\s+)?(?:{STINTS})\b",
        read_plan_period, *{_key_word(stint) for stint in STINT_NOUNS},
    ),
    # "after lessons", "at team meetings": recurring occasions in the plural, at each of them
    _rule(
        r"(?P<lead>before|after|prior\s+to|ahead\s+of|following|at|during|throughout)\s+"
        rf"(?:[a-z-]+\s+){{0,2}}(?:{word_trie(RECURRING_OCCASIONS)})(?![\w-])"
        rf"(?!\s+(?:{word_trie(HEAD_NOUNS)})\b)",
        read_recurring_occasions, *{_key_word(occasion) for occasion in RECURRING_OCCASIONS},
    ),
    # relative to an event
    _rule(r"in\s+advance\b", read_relative, "advance"),
    # "by the time the new rota starts", "before the time they arrive": a clause names the event
    _rule(
        r"(?:by|before)\s+the\s+time\s+(?:the|a|an|my|our|your|his|her|their|its|this|that|these"
        r"|those|it|they|we|he|she|i|you|each|every)\b(?=\s+[a-z])"
        # or a name: "by the time Academy starts"
        r"|(?:by|before)\s+the\s+time\s+[a-z][\w-]*(?=\s+(?:starts?|begins?|ends?|opens?"
        r"|closes?|finishes|arrives?|returns?)\b)",
        read_relative, "time",
    ),
    _rule(
        rf"between\s+(?:now|today|the\s+start)\s+and\s+(?P<det>{DET})\s+(?:(?:next|following"
        rf"|upcoming|scheduled|planned|first|final|last)\s+)?(?:[\w-]+\s+){{0,2}}(?:{EVENT}|{PLAN_NOUNS})\b",
        read_relative, "between",
    ),
    _rule(
        r"(?P<lead>before|after|prior\s+to|ahead\s+of|in\s+advance\s+of|in\s+time\s+for"
        rf"|in\s+preparation\s+for|following|by|at|until|till|upon|on|during|through|throughout"
        rf"|in|for|with)\s+"
        rf"(?P<det>{DET})\s+(?:(?:next|following|upcoming|scheduled|planned|first|final|last)\s+)?"
        rf"(?:[\w-]+\s+){{0,2}}(?:{EVENT})\b(?!\s+(?:{word_trie(HEAD_NOUNS)})\b)",
        read_event, *{_key_word(event) for event in EVENT_NOUNS},
    ),
    _rule(
        r"(?:end|close|conclusion|completion|start|beginning|middle|midpoint|mid-point"
        r"|halfway\s+point|(?:first|last|final)\s+(?:day|week|shift))\s+of\s+(?:(?P<det>the|this|my|your|his|her|their|our|each|every)\s+)?"
        rf"(?:[\w-]+\s+){{0,2}}(?:{EVENT}|{PLAN_NOUNS})\b",
        read_end_of_event, "of", lead_in=END_OF_EVENT_LEAD_IN,
    ),
    # seasons and holidays, and one-off events said bare: "by the summer", "over Christmas",
    # "this winter", "by half-term", "by launch", "before go-live"
    _rule(
        rf"(?P<lead>by|before|until|till|over|during|throughout|this|next|no\s+later\s+than"
        rf"|ahead\s+of|prior\s+to|in\s+time\s+for)\s+(?:the\s+)?(?:(?:next|coming|upcoming)\s+)?"
        rf"(?:{word_trie(SEASONS)})\b(?![\w-])",
        read_relative, *{_key_word(season) for season in SEASONS},
    ),
    _rule(
        rf"(?:by|before|until|till|no\s+later\s+than|ahead\s+of|prior\s+to|in\s+time\s+for"
        rf"|at)\s+(?:{word_trie(BARE_EVENTS)})\b(?![\w-])",
        read_relative, *{_key_word(event) for event in BARE_EVENTS},
    ),
    # "at handover", "at shift handover", "at every change of shift": each shift's occasion
    _rule(
        r"(?:at|before|after|during)\s+(?:(?:each|every|the)\s+)?(?:shift\s+)?"
        r"(?:handover|handoff|hand-off|shift\s+change|change\s+of\s+shift)s?\b",
        read_occasion, "handover", "handoff", "hand", "change",
    ),
    # "by the end of the summer season", "for the rest of the contract": the end of anything
    # is a point in time (the productions above read the calendar ones, with their dates)
    _rule(
        rf"(?P<part>end|close|conclusion|rest|remainder)\s+of\s+(?:(?:{_OWNERS})\s+)?"
        rf"(?P<what>(?!{_NOT_A_NAME}\b)[a-z][\w'&-]*(?:\s+(?!{_NOT_A_NAME}\b)[a-z][\w'&-]*){{0,2}})\b",
        read_end_of_anything, "end", "close", "conclusion", "rest", "remainder",
        lead_in=_END_OF_ANYTHING_LEAD_IN,
    ),
    _rule(
        r"(?:upon|on|at)\s+(?:receipt|completion|arrival|request|admission|discharge|hire"
        r"|hiring|joining|entry)\b",
        read_relative, "receipt", "completion", "arrival", "request", "admission", "discharge",
        "hire", "hiring", "joining", "entry",
    ),
    _rule(
        r"(?:same|next|following)[\s-](?:business\s+|working\s+)?(?:day|shift)\b",
        read_relative, "same", "next", "following",
        lead_in=rf"(?:{WORD_START}(?:by|on|within)\s+)?(?:{WORD_START}the\s+)?",
    ),
    _rule(
        rf"(?:before|prior\s+to)\s+(?!\d)(?:{DET}\s+)?(?:ever\s+)?(?P<word>[a-z][\w'-]*)"
        rf"(?:(?=\s+(?P<next>[a-z][\w'-]*)))?",  # the next word, read but not taken
        read_before, "before", "prior",
    ),
    _rule(
        r"(?:within|in|inside|by|before)\s+(?:(?:the|an?|their|our|your|his|her|its|my)\s+)?"
        r"(?P<modifiers>(?:[\w-]+\s+){0,2}?)(?P<noun>time\s*frames?|time-frames?|deadlines?"
        r"|estimates?|schedules?|timelines?|time|slas?|turnaround|due\s+dates?|dates?)\b"
        r"(?P<post>\s+(?:requested|agreed|given|set|specified|required|expected|allotted|allowed"
        r"|stated))?",
        read_schedule, "time", "frame", "frames", "turnaround",
        *_forms(["timeframe", "deadline", "estimate", "schedule", "timeline", "sla", "date"]),
    ),
    # cadences
    _rule(
        rf"(?P<word>{_CADENCE_WORDS})(?:\s+basis)?\b"
        rf"(?!\s+(?:{word_trie(METRIC_NOUNS)})\b(?!\s+{EVENT}\b))",
        read_cadence_word, *CADENCE_WORDS, lead_in=CADENCE_WORD_LEAD_IN,
    ),
    _rule(
        rf"(?P<quantifier>{words_pattern(['every', 'each', 'per', 'a', 'an'])})\s+"
        rf"(?:(?P<multiple>other|second|third|fourth|{ONE_AMOUNT})\s+)?"
        rf"(?:(?P<qualifier>business|working|school|calendar|fiscal|financial|academic)\s+)?{WHAT}",
        read_every, "every", "each", "per", *_UNIT_TRIGGERS, lead_in=EVERY_LEAD_IN,
    ),
    # "after each sitting", "before every delivery run": a temporal preposition before
    # "each / every" makes whatever follows an occasion, whether or not it is a known event
    _rule(
        r"(?:after|before|following|prior\s+to|ahead\s+of|at\s+the\s+(?:end|start|close"
        r"|beginning)\s+of)\s+(?:each|every)\s+[a-z-]+(?:\s+(?!(?:and|or|but|with|for|to|in|on|at"
        r"|by|from|of|so|that|which|who|when|if|unless|until|before|after|during|within|per|each"
        r"|every|this|next|today|tomorrow|tonight)\b)[a-z-]+){0,2}\b",
        read_occasion, "each", "every",
    ),
    _rule(
        rf"(?P<times_word>{words_pattern(['once', 'twice', 'thrice', 'times'])}|x(?<![a-z_]x))"
        rf"\s*(?:a|an|per|each|every|/|in\s+an?)\s*(?:(?P<qualifier>business|working)\s+)?{WHAT}",
        read_times_per, "once", "twice", "thrice", "times", "x", DIGIT,
        lead_in=rf"(?P<times_amount>{ONE_AMOUNT})[\s-]*",
    ),
    _rule(
        rf"(?:{WEEKDAY}s|(?P<days>weekdays|weekends))\b",
        read_weekdays, *_forms(WEEKDAYS), "weekdays", "weekends",
        lead_in=rf"(?:{WORD_START}(?:on|every|at)\s+)?",
    ),
    _rule(
        rf"(?:first|second|third|fourth|last|final|1st|2nd|3rd|4th)\s+(?:{WEEKDAY}|day|week"
        r"|business\s+day|working\s+day|weekday)\s+of\s+(?P<of>each|every|the)\s+"
        r"(?P<unit>month|quarter|year|week)\b",
        read_nth_of, "of",
        lead_in=rf"(?:{WORD_START}(?P<lead>on|by|before|until)\s+)?(?:{WORD_START}the\s+)?",
    ),
    _rule(
        r"the\s+[0-3]?\d(?:st|nd|rd|th)?\s+(?:day\s+)?of\s+(?:each|every)\s+(?P<unit>month)\b",
        read_rate, "each", "every", lead_in=rf"(?:{WORD_START}on\s+)?",
    ),
    _rule(
        r"(?:\d[\d,.]*[km]?|\d+\s*x)\s*/\s*(?P<unit>day|week|wk|month|mo|year|yr|quarter|shift"
        r"|sprint|hour|hr|h)\b",
        read_rate, "/",
    ),
)  # fmt: skip
# Word triggers must be whole words of the text; others ("/", "[", ":") any substring of it.
_ALL_TRIGGERS = frozenset().union(*(p.triggers for p in PRODUCTIONS)) - {DIGIT, MISSPELT}
SYMBOL_TRIGGERS = tuple(t for t in _ALL_TRIGGERS if not t.isalnum())
