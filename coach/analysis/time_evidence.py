"""Which of the times found bound the goal, read from the parse after the fields are found.

The temporal normaliser (timex/) reads the text alone, so it finds "Q3" in "publish the Q3
stock report" and "Monday" in "run the Monday huddle" as it finds them in "by Q3" and "by
Monday". A time word that modifies a noun says which thing the goal is about, not when it
is due (eval/README: a deadline, date, duration or cadence of the goal itself):

- a point in time (a month, a quarter, a year, a season, a holiday) naming a thing sets no
  bound: "the Q3 stock report", "the January sale displays", "the 2027 budget". It stays a
  bound when the noun is itself a time ("on Monday morning", "by the Q3 deadline"), a
  measure whose window it gives ("hit the Q3 sales target") or an occasion it dates ("pass
  the June exam", "score 90% in the March audit");
- a time that recurs (a weekday, "month-end", "end-of-shift", "daily") naming an occasion or
  product the action is done on, or at, each time is the goal's cadence: "run the Monday
  huddle", "complete the month-end reconciliations", "lead the end-of-shift handover", "speak
  at the weekly team meeting" (the person does it every time it comes round). Naming only the
  topic of the action it bounds nothing: "train two starters on the year-end payroll
  process" is done once.

A time after a preposition of time ("by the Q3 review", "before the Easter sale") is a bound
by the occasion it names, as before.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Span, Token

from coach.analysis.goal_fields import set_field
from coach.analysis.timex import tables
from coach.analysis.timex.tables import EVENT_NOUNS

# Prepositions that make a time (or the occasion it names) a bound: "by the Q3 review".
BOUND_LEADS = frozenset(
    {"by", "before", "until", "till", "after", "within", "prior", "ahead", "during",
     "throughout", "over", "later", "from", "between", "following", "upon", "through"}
)  # fmt: skip
# Nouns that are times themselves: "on Monday morning", "by the Q3 deadline".
TIME_HEADS = frozenset(
    {"morning", "afternoon", "evening", "night", "lunchtime", "noon", "midday", "deadline",
     "date", "cutoff", "cut-off", "end", "close", "start", "week", "day", "month", "year",
     "quarter", "time", "weekend", "period", "window"}
)  # fmt: skip
# Words of a time that comes round again: "the Monday huddle", "month-end", "end-of-shift".
WEEKDAYS = frozenset(tables.WEEKDAYS) | {"weekend"}
PERIOD_UNITS = frozenset({"day", "shift", "week", "month", "quarter", "year", "term", "sprint"})
CADENCE_ADJECTIVES = frozenset(
    {"hourly", "daily", "nightly", "weekly", "biweekly", "fortnightly", "monthly", "bimonthly",
     "quarterly", "annual", "yearly", "semiannual", "biannual"}
)  # fmt: skip
OCCASIONS = frozenset(EVENT_NOUNS)  # "the Q3 audit", "the June exam": events with a date
# Prepositions that put the action at an occasion: "score 90% in the June survey".
AT_AN_OCCASION = frozenset({"in", "at", "during", "throughout"})
# Prepositions that give the action's topic: "train staff on the year-end process".
TOPIC_PREPS = frozenset({"on", "about", "regarding", "concerning", "around", "into"})
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "poss", "npadvmod", "dobj", "nummod"})
RATE_WORDS = frozenset({"per", "a", "an", "/"})  # "5 a month", "4 per week", "5/month"
WORD_TAGS = frozenset({"NOUN", "PROPN", "ADJ", "VERB", "NUM"})


def weigh_times(
    fields: dict[str, list[Span]],
    metric_nouns: frozenset[str],
    change_heads: Iterable[Token] = (),
    explaining: frozenset[int] = frozenset(),
) -> None:
    """Drop the times that only name a thing, and make the recurring ones that name what is
    done each time the goal's cadence; drop the period of a rate a change moves to, which is
    the unit the figure is counted in (`change_heads`: the verbs of the goal's changes). A
    rate in a clause that only explains the change (`explaining`: "improve communication by
    sending 3 updates a week") is how often that is done, a cadence still."""
    heads = list(change_heads)
    if heads and "cadence" in fields:
        kept = [
            span
            for span in fields["cadence"]
            if span.start in explaining or not a_changed_rate(span, heads)
        ]
        set_field(fields, "cadence", kept)
    for name in ("deadline", "cadence", "time_relative"):
        kept = []
        for span in fields.get(name, []):
            reading = named_by(span, metric_nouns)
            if reading == "names":
                continue
            if reading == "recurs" and name != "cadence":
                fields.setdefault("cadence", []).append(span)
                continue
            kept.append(span)
        set_field(fields, name, kept)


def a_changed_rate(span: Span, heads: list[Token]) -> bool:
    """ "Reduce complaints to 5 a month", "cut overtime to 4 hours per week": the target of a
    change, said as a rate, is where the figure must go, and its period the unit it is
    counted in; by when is still to say ("make 40 calls a day" is no change: a cadence)."""
    if span[0].lower_ not in RATE_WORDS and "/" not in span.text:
        return False
    before = span.doc[max(0, span.start - 4) : span.start]
    if not any(t.like_num for t in before) and not span[0].like_num:
        return False
    return any(span.start > head.i and span[0] in head.subtree for head in heads)


def named_by(span: Span, metric_nouns: frozenset[str]) -> str | None:
    """ "names" when the time only says which thing; "recurs" when it is a cadence of what is
    done to that thing; None when it is a time of the goal as the normaliser read it."""
    words = [t for t in span if t.pos_ not in ("DET", "PUNCT")]
    if not words or (words[0].pos_ == "ADP" and words[0].lower_ in BOUND_LEADS):
        return None
    if words[0].pos_ == "ADP":
        words = words[1:]
    if not words or any(t.pos_ in ("ADP", "SCONJ", "CCONJ") for t in words):
        return None
    noun = modified_noun(span)
    if noun is None or noun.lemma_.lower() in TIME_HEADS or noun.lower_ in TIME_HEADS:
        return None
    if recurs(words):
        return "recurs" if done_each_time(noun) else "names"
    if noun.lemma_.lower() in metric_nouns:
        return None  # "hit the Q3 sales target": the measure's own window
    if noun.dep_ == "pobj" and noun.head.lower_ in AT_AN_OCCASION:
        return None  # "reach 90% in the June survey": the goal is met at a dated occasion
    if noun.lower_ in OCCASIONS or noun.lemma_.lower() in OCCASIONS:
        return None  # "pass the June exam", "complete the Q3 audit": the occasion is dated
    return "names"


def modified_noun(span: Span) -> Token | None:
    """The noun the time words stand before, in one noun phrase ("the Q3 stock report" ->
    report, "the weekly deep-clean checklist" -> checklist): the words right after the span
    that modify what follows, up to the phrase's head, with no break."""
    doc = span.doc
    noun = None
    for token in doc[span.end : span.end + 6]:
        modifier = token.dep_ in ("compound", "amod", "nmod")
        if token.pos_ in ("NOUN", "PROPN"):
            noun = token
            if not modifier:
                break
        elif not (token.text == "-" or (token.pos_ in ("ADJ", "VERB") and modifier)):
            break
    if noun is None:
        return None
    words = [t for t in span if t.pos_ in WORD_TAGS]
    if not all(t.dep_ in MODIFIER_DEPS or t.head.i >= span.start for t in words):
        return None
    return noun


def recurs(words: list[Token]) -> bool:
    """A weekday, a cadence word or the end of a period ("month-end", "end-of-day")."""
    lowered = {t.lower_ for t in words} | {t.lemma_.lower() for t in words}
    if lowered & (WEEKDAYS | CADENCE_ADJECTIVES):
        return True
    return "end" in lowered and bool(lowered & PERIOD_UNITS)


def done_each_time(noun: Token) -> bool:
    """Is the noun done each time the occasion comes round ("run the Monday huddle", "100% of
    the quarterly reviews", "as observed in weekly team meetings"), not only the topic of the
    action ("train two starters on the year-end payroll process")?"""
    for _ in range(4):
        prep = noun.head
        if noun.dep_ == "conj":
            noun = prep
            continue
        if noun.dep_ != "pobj":
            return True
        said_of_a_state = prep.head.pos_ == "ADJ" or prep.head.dep_ == "acomp"
        if prep.lower_ in TOPIC_PREPS or said_of_a_state:
            return False  # "train staff on ...", "be more organised with month-end tasks"
        if prep.lower_ != "of" or prep.head.pos_ not in ("NOUN", "PROPN", "NUM", "PRON"):
            return True
        noun = prep.head  # "100% of the quarterly reviews": as the part is done, so is each
    return True
