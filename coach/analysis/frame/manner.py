"""Manners of judgement: the one place that decides whether an adverb says how well something
is done, in someone's opinion (OPINION: "properly", "well", "collaboratively", "politely") or
by an unstated degree of speed or amount (DEGREE: "more quickly", "faster", "promptly"), rather
than what is done.

Two readers ask it. The measure (measure_evidence.py): a deliverable done in either kind of
manner is not a yes/no test ("respond to customer emails more quickly", "answer the phone
properly": done or not, but whether it was quick or proper enough is anyone's call). The frame
(judging.py): an action whose only content is a manner of opinion, done to no concrete thing,
is vague ("work collaboratively on the stock take", "work well under pressure"); a degree still
leaves the act named ("respond to HR requests promptly": how fast is the measure's question).
"""

from __future__ import annotations

from spacy.tokens import Token

from coach.analysis.lexicon import Lexicon

# Endings of adverbs made from adjectives of manner: "collaboratively", "tactfully", "courteously".
MANNER_SUFFIXES = ("ively", "fully", "ously")
# Comparative adverbs that time or count rather than judge ("later", "earlier" are read as time).
TIMING_COMPARATIVES = frozenset({"later", "earlier", "sooner", "longer", "more", "less", "fewer"})
DEGREE_MODIFIERS = frozenset({"more", "less"})
DEGREE = "degree"
OPINION = "opinion"


def judged_manner(adverb: Token, lexicon: Lexicon, word: str | None = None) -> str | None:
    """DEGREE for "more quickly", "faster", "promptly"; OPINION for "well", "properly",
    "more professionally", "collaboratively", "tactfully"; None for an order, a count, a time
    or a plain fact ("later", "successfully", "previously", "respectively": neutral_adverbs).

    `word` is the adverb as the caller reads it (a typo read as its class word)."""
    word = word or adverb.lower_
    if word in TIMING_COMPARATIVES:
        return None
    opinion = opinion_adverb(word, lexicon)
    if adverb.tag_ == "RBR" or any(c.lower_ in DEGREE_MODIFIERS for c in adverb.children):
        # "more seriously", "faster": more than what? An opinion still, if the word is one
        return OPINION if opinion else DEGREE
    if opinion:
        return OPINION
    return DEGREE if any(lexicon.has("speed_words", s) for s in stems(word)) else None


def opinion_adverb(word: str, lexicon: Lexicon) -> bool:
    """ "well", "properly", "politely", "collaboratively": how well, by whoever watches."""
    if word == "well":
        return True
    if not word.endswith("ly") or lexicon.has("neutral_adverbs", word):
        return False
    if any(lexicon.has("speed_words", s) for s in stems(word)):
        return False  # "promptly", "quickly": how fast, with no figure
    if len(word) >= 7 and word.endswith(MANNER_SUFFIXES):
        return True  # "-ively", "-fully", "-ously": made from an adjective of manner
    return any(
        lexicon.has(name, s) for name in ("subjective_words", "manner_words") for s in stems(word)
    )


def stems(adverb: str) -> set[str]:
    """The adjectives an "-ly" adverb may be made from: "properly" -> "proper", "tidily" ->
    "tidy", "gently" -> "gentle"."""
    stem = adverb.removesuffix("ly")
    found = {stem, stem + "e"}
    if adverb.endswith("ily"):
        found.add(adverb[:-3] + "y")
    return found
