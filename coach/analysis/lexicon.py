"""The word classes the goal frame reads, from `rules/lexicon.yaml`, and typo lookup in them.

The frame (frame/, phrases.py) knows what a class means: a change verb needs a named metric,
a linking verb with an adjective describes a person. Which words belong to each class is data.
A word the lemmatiser does not know is matched to its nearest class word with rapidfuzz, so a
typo ("imporve") is judged as the word it stands for.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass

from rapidfuzz import fuzz, process

LEXICON_CLASSES: tuple[str, ...] = (
    "change_verbs",
    "abstract_verbs",
    "open_ended_verbs",
    "wrapper_verbs",
    "wrapper_adjectives",
    "wrapper_nouns",
    "learning_verbs",
    "linking_verbs",
    "abstract_nouns",
    "aggregate_nouns",
    "metric_nouns",
    "generic_nouns",
    "vague_frequency_words",
    "subjective_words",
    "person_nouns",
    "desire_verbs",
    "conduct_nouns",
    "target_verbs",
    "placeholder_words",
    "comparatives",
    "unnarrowing_modifiers",
    "concrete_suffixed_nouns",
    "people_nouns",
    "neutral_adverbs",
    "clearing_verbs",
    "backlog_nouns",
    "pending_words",
    "manner_words",
    "figurative_nouns",
    "checkable_states",
    "speed_words",
    "credential_words",
    "arrival_verbs",
    "group_nouns",
    "meeting_verbs",
    "compiling_verbs",
    "founding_verbs",
    "effort_verbs",
    "thing_opinions",
    "role_nouns",
    "gerund_taking_verbs",
    "habit_verbs",
    "competence_words",
)

TYPO_MIN_LENGTH = 5  # shorter words have too many near neighbours to guess a typo from
TYPO_CUTOFF = 85  # rapidfuzz ratio: one slip in a 7-letter word scores about 86


class LexiconError(ValueError):
    """`rules/lexicon.yaml` is broken; the message names the class and the reason."""


@dataclass(frozen=True, eq=False)
class Lexicon:
    """The word classes, as frozen sets of lower-case lemmas."""

    classes: Mapping[str, frozenset[str]]

    @classmethod
    def from_mapping(cls, data: Mapping[str, object]) -> Lexicon:
        unknown = sorted(set(data) - set(LEXICON_CLASSES))
        if unknown:
            raise LexiconError(f"{unknown[0]}: unknown word class")
        missing = sorted(set(LEXICON_CLASSES) - set(data))
        if missing:
            raise LexiconError(f"{missing[0]}: word class missing")
        classes = {}
        for name, words in data.items():
            if not isinstance(words, list) or not words:
                raise LexiconError(f"{name}: must be a non-empty list of words")
            if not all(isinstance(word, str) and word.strip() for word in words):
                raise LexiconError(f"{name}: every entry must be a word")
            repeated = sorted({w for w in words if words.count(w) > 1})
            if repeated:
                raise LexiconError(f"{name}: written twice: {', '.join(repeated)}")
            classes[name] = frozenset(word.lower() for word in words)
        return cls(classes)

    def has(self, name: str, word: str) -> bool:
        return word.lower() in self.classes[name]

    @functools.cached_property
    def words(self) -> list[str]:
        """Every class word, sorted: the choices a typo is matched against."""
        return sorted(self.word_set)

    @functools.cached_property
    def word_set(self) -> frozenset[str]:
        """Every class word, for membership tests (`in` on the sorted list scans it whole)."""
        return frozenset(word for words in self.classes.values() for word in words)

    def closest(self, word: str) -> str | None:
        """The class word a typo stands for ("imporve" -> "improve"), or None."""
        if len(word) < TYPO_MIN_LENGTH:
            return None
        best = process.extractOne(
            word.lower(), self.words, scorer=fuzz.ratio, processor=None, score_cutoff=TYPO_CUTOFF
        )
        return best[0] if best else None
