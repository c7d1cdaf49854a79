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

The package, in the order a text is read:
- tables.py, months.py: the word tables, and month names (misspelt ones too);
- patterns.py: the regex building blocks and lead-ins made from the tables;
- scanning.py: one text being scanned, a production's match, and how a production scans;
- durations.py, deadlines.py, cadences.py: the readers, by the kind of expression they read;
- grammar.py: the productions, each a pattern, a lead-in, a reader and its triggers;
- finding.py: `find_times` (scan, settle overlaps, merge ranges) and `amount_in_days`;
- expression.py: `TimeExpression`, what every reader hands back.
"""

from coach.analysis.timex.expression import KINDS, PRIORITY, TimeExpression
from coach.analysis.timex.finding import amount_in_days, find_times
from coach.analysis.timex.grammar import PRODUCTIONS
from coach.analysis.timex.months import month_number
from coach.analysis.timex.scanning import Production

__all__ = [
    "KINDS",
    "PRIORITY",
    "PRODUCTIONS",
    "Production",
    "TimeExpression",
    "amount_in_days",
    "find_times",
    "month_number",
]
