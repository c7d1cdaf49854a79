"""Misspelt words of time ("within the frist two weeks", "evrey Friday", "by the end of teh
month"), read as the words they stand for before the grammar scans the text.

Only a word that is not English (not in the pipeline's lemmatiser tables, nor an inflection of
a word there) and is one slip from exactly one word of time is read again: a swap of two
letters, a wrong letter, or one letter too many, with the first letter right (people rarely
mistype it). The correction keeps the text's length (a letter too many becomes a space), so
every offset the grammar hands back still points into the text as typed. "Weak", "seek" and
"moth" are English and stay as they are. Misspelt month names are read by months.py.
"""

from __future__ import annotations

import functools
import re

from rapidfuzz.distance import DamerauLevenshtein

from coach.analysis.timex.months import _english_words, _verbs
from coach.analysis.timex.tables import wordlist

# Words the time grammar is made of, that a slip is read as (months and their misspellings:
# months.py; not phrases.TIME_WORDS, the words that say when rather than what)
TYPO_TARGETS = frozenset(
    wordlist(
        "the end day days within first next every each week weeks month months hour hours "
        "minutes quarter quarters year years daily weekly monthly quarterly annually annual "
        "fortnight fortnightly before until following working business calendar deadline "
        "shift shifts sprint sprints period during throughout starting tomorrow today "
        "monday tuesday wednesday thursday friday saturday sunday"
    )
)
_BY_FIRST: dict[str, tuple[str, ...]] = {}
for _word in sorted(TYPO_TARGETS):
    _BY_FIRST[_word[0]] = (*_BY_FIRST.get(_word[0], ()), _word)
_WORD = re.compile(r"(?<![a-z0-9_])[a-z]{3,12}(?![a-z0-9_])")
# An inflection of a listed base form is English too ("teams", "stated", "queries"); "-ing"
# and "-ed" only of a verb ("withing" is no inflection of the noun "withe", but "within").
_ENDINGS = (("s", ""), ("es", ""), ("ies", "y"), ("er", ""), ("ers", ""), ("ly", ""), ("ly", "le"))
_VERB_ENDINGS = (("ed", ""), ("ed", "e"), ("d", ""), ("ing", ""), ("ing", "e"))


def correct_time_typos(lower: str) -> str:
    """`lower` (the scan's lowercased text) with misspelt words of time replaced, same length."""
    if not any(word not in TYPO_TARGETS for word in _WORD.findall(lower)):
        return lower
    return _WORD.sub(_corrected, lower)


def _corrected(match: re.Match[str]) -> str:
    word = match[0]
    correction = time_word_for(word)
    return word if correction is None else correction.ljust(len(word))


@functools.lru_cache(maxsize=8192)
def time_word_for(word: str) -> str | None:
    """The word of time `word` is a slip for, or None ("frist" -> "first", "weak" -> None)."""
    if word in TYPO_TARGETS:
        return None
    candidates = [
        known
        for known in _BY_FIRST.get(word[0], ())
        if len(word) - 1 <= len(known) <= len(word)
        and DamerauLevenshtein.distance(word, known, score_cutoff=1) == 1
    ]
    if len(candidates) != 1:
        return None
    known = candidates[0]
    if len(known) < 4 and (len(known) != len(word) or sorted(known) != sorted(word)):
        return None  # a short word only by two letters swapped ("teh"): "tho" is not "the"
    return None if is_english(word) else known


def is_english(word: str) -> bool:
    """Is the word in the lemmatiser's tables, or an inflection of a word there?"""
    words = _english_words()
    if not words:
        return True  # without the tables, nothing can be told to be a typo
    verbs = _verbs()
    return (
        word in words
        or any(word.endswith(end) and word[: -len(end)] + base in words for end, base in _ENDINGS)
        or any(
            word.endswith(end) and word[: -len(end)] + base in verbs for end, base in _VERB_ENDINGS
        )
    )
