"""Month names, misspelt ones too: "Septmber" is September, "match" is not March."""

from __future__ import annotations

import functools
from pathlib import Path

from rapidfuzz import fuzz, process

from coach.analysis.timex.tables import MONTH_ABBREVIATIONS, MONTHS

MONTH_TYPO_CUTOFF = 80  # rapidfuzz ratio: "Feburary" 88, "Augsut" 83 ("match"/"march" 80)
MONTH_TYPO_MIN_LENGTH = 5  # shorter words have too many near neighbours among the months


@functools.cache
def _english_words() -> frozenset[str]:
    """Every base form in the installed spaCy pipeline's lemmatiser tables, read from its
    lookups file without loading the pipeline: a word listed there is English, never a
    misspelt month. Empty without a pipeline; the date-slot context then guards alone."""
    return frozenset().union(*_lemma_tables().values())


@functools.cache
def _verbs() -> frozenset[str]:
    """The base forms the lemmatiser tables list as verbs: only these take "-ing" and "-ed"."""
    return _lemma_tables().get("verb", frozenset())


@functools.cache
def _lemma_tables() -> dict[str, frozenset[str]]:
    """The lemmatiser tables' words by part of speech ("noun", "verb", "adj", "adv")."""
    import srsly
    from spacy.strings import hash_string

    from coach.analysis.pipeline import configured_pipelines, pipeline_spec

    names = {hash_string(pos): pos for pos in ("noun", "verb", "adj", "adv")}
    for name in configured_pipelines():  # the pipelines the engine loads, in the same order
        spec = pipeline_spec(name)
        for location in (spec.submodule_search_locations or []) if spec else []:
            for path in Path(location).glob("*/lemmatizer/lookups/lookups.bin"):
                tables = srsly.read_msgpack(path)
                words: dict[str, set[str]] = {}
                for kind in ("lemma_index", "lemma_exc"):
                    for key, table in tables.get(kind, {}).items():
                        pos = names.get(int(key), str(key))
                        words.setdefault(pos, set()).update(table)
                return {pos: frozenset(found) for pos, found in words.items()}
    return {}


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
