"""Manners of judgement: the one place that decides whether an adverb says how well something
is done, in someone's opinion or by an unstated degree, rather than what is done.

Two readers ask it. The frame (judging.py): an action whose only content is such a manner,
done to no concrete thing, is vague ("work collaboratively on the stock take", "work well under
pressure"). The measure (measure_evidence.py): a deliverable done in such a manner is not a
yes/no test ("respond to customer emails more quickly", "answer the phone properly": done or
not, but whether it was quick or proper enough is anyone's call).
"""

from __future__ import annotations

from spacy.tokens import Token

from coach.analysis.lexicon import Lexicon

# Endings of adverbs made from adjectives of manner: "collaboratively", "tactfully", "courteously".
MANNER_SUFFIXES = ("ively", "fully", "ously")
# Comparative adverbs that time or count rather than judge ("later", "earlier" are read as time).
TIMING_COMPARATIVES = frozenset({"later", "earlier", "sooner", "longer", "more", "less", "fewer"})
DEGREE_MODIFIERS = frozenset({"more", "less"})


def judged_manner(adverb: Token, lexicon: Lexicon, word: str | None = None) -> bool:
    """Is `adverb` a manner of degree or of opinion: "more quickly", "faster", "well",
    "properly", "politely", "collaboratively", "tactfully"? Not an order, a count, a time or
    a plain fact ("later", "successfully", "previously", "respectively": neutral_adverbs).

    `word` is the adverb as the caller reads it (a typo read as its class word)."""
    word = word or adverb.lower_
    if word in TIMING_COMPARATIVES:
        return False
    if adverb.tag_ == "RBR" or any(c.lower_ in DEGREE_MODIFIERS for c in adverb.children):
        return True  # "more seriously", "faster": more than what?
    if word == "well":
        return True
    if not word.endswith("ly") or lexicon.has("neutral_adverbs", word):
        return False
    if len(word) >= 7 and word.endswith(MANNER_SUFFIXES):
        return True  # "-ively", "-fully", "-ously": made from an adjective of manner
    stem = word.removesuffix("ly")
    stems = {stem, stem + "e"}
    if word.endswith("ily"):
        stems.add(word[:-3] + "y")  # "tidily", "speedily"
    return any(lexicon.has(name, s) for name in ("subjective_words", "manner_words") for s in stems)
