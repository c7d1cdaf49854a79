"""Classify a goal, a gap description or a whole plan into issue types.

Two layers decide. First the hand-written cue words of each issue type (issue_types.py), found
in the text's lemmas:

* a phrase ("time management") is worth PHRASE_WEIGHT, a lemma ("deadline") LEMMA_WEIGHT and a
  weak lemma ("increase") WEAK_WEIGHT; a cue listed by several types is split between them, so
  words that do not discriminate cannot decide;
* a word inside a matched phrase is not counted again on its own, so "time management" does not
  also vote for leadership through "management";
* misspelt words are matched with rapidfuzz, in bulk (`process.cdist`), but only words that the
  lemmatiser does not know: "dedlines" finds "deadline", while "rate" never becomes "late";
* a type's evidence, the sum of its cue weights, becomes a confidence in 0..1 that saturates:
  one lemma gives about 0.5, a phrase or two lemmas about 0.75.

Then, when a trained model ships (model.py), it turns the cue confidences and the text's lemmas
into a probability for each issue type, with weights learnt from labelled goals: it knows how
far each type's cues can be trusted and the words people use that no cue lists. Types the model
has no label for (quality of work, an organisation's own types) keep their cue confidence,
trusted a little less, and a type whose cues were found never falls below half their
confidence. Either way each match says why: its cues are the hand cues found, then the words
that pushed the model towards the type; a type with no such word is not reported.

Text is read with every whitespace-free run cut short first and only its first
MAX_PARSED_TOKENS tokens parsed (text.py `bounded_doc`): a 10,000-character run would otherwise
cost spaCy's tokenizer quadratic time, and every token costs the parser.

A `Classifier` compiles the cues once (phrases are lemmatised with the same pipeline as the text)
and is cached per pipeline and set of issue types, so `classify()` costs one cue lookup per call.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from rapidfuzz import fuzz, process

from coach.resources.issue_types import IssueType
from coach.resources.model import TypeModel, goal_terms, load_model
from coach.resources.text import bounded_doc

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

LEMMA_WEIGHT = 1.0
WEAK_WEIGHT = 0.5
PHRASE_WEIGHT = 2.0
EVIDENCE_SCALE = 1.5  # evidence at which confidence reaches 1 - 1/e (about 0.63)
MIN_CONFIDENCE = 0.2  # below this a type is not reported, e.g. one weak cue shared by two types
WORD_CUTOFF = 85  # fuzz.ratio: one letter dropped or swapped in a word of 7+ letters
PHRASE_CUTOFF = 90  # fuzz.ratio over a whole phrase: one typo in "conflict resolution"
MIN_TYPO_LENGTH = 5  # shorter words are too often another real word one letter away
# A type no labelled goal has (quality of work, an organisation's own) is decided by its hand
# cues alone, trusted a little less than the model, which has seen how far cues mislead.
UNLABELLED_TRUST = 0.85
# A type whose hand cues were found keeps at least this share of their confidence: trained on
# goals of one type each, the model learns "sales means not deadlines", which is wrong for a goal
# about both ("meet every deadline and reply to clients"). Raises top-2 in cross-validation.
CUE_FLOOR = 0.5


@dataclass(frozen=True)
class TypeMatch:
    """One issue type found in a text: how sure, and the words of the text that decided it."""

    id: str
    confidence: float
    cues: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "confidence": round(self.confidence, 3), "cues": list(self.cues)}


@dataclass(frozen=True)
class CueHit:
    """A cue found in the text: which cue, how closely (0..1) and the text's own words."""

    index: int
    similarity: float
    surface: str


class Classifier:
    """Every cue of every issue type, compiled once into arrays for bulk matching."""

    def __init__(
        self, issue_types: Mapping[str, IssueType], nlp: Language, model: TypeModel | None = None
    ) -> None:
        from coach.analysis.pipeline import known_words

        self.nlp = nlp
        self.model = model
        self.type_ids = tuple(issue_types)
        self.known_words = known_words(nlp)
        self.words, self.word_weights = word_cue_table(issue_types.values())
        self.word_index = {word: i for i, word in enumerate(self.words)}
        phrases, self.phrase_weights = phrase_cue_table(issue_types.values())
        self.phrase_choices, self.phrase_owner = phrase_choices(phrases, nlp)
        self.phrase_index = {
            choice: int(owner)
            for choice, owner in zip(self.phrase_choices, self.phrase_owner, strict=True)
        }
        self.choice_lengths = np.array([len(choice.split()) for choice in self.phrase_choices])
        self.phrase_lengths = sorted(set(self.choice_lengths.tolist()))

    def classify(
        self, text: str | Doc, *, min_confidence: float = MIN_CONFIDENCE
    ) -> list[TypeMatch]:
        """Issue types found in `text` (a string or an already parsed Doc), most confident first."""
        doc = self.nlp(bounded_doc(text, self.nlp)) if isinstance(text, str) else text
        cue_matches = self.cue_matches(doc)
        if self.model is not None:
            matches = self.weigh(doc, cue_matches, self.model)
        else:
            matches = cue_matches
        return [match for match in matches if match.confidence >= min_confidence]

    def classify_many(self, texts: Iterable[str], *, batch_size: int = 64) -> list[list[TypeMatch]]:
        """Classify many texts with `nlp.pipe`, in order."""
        bounded = (bounded_doc(text, self.nlp) for text in texts)
        return [self.classify(doc) for doc in self.nlp.pipe(bounded, batch_size=batch_size)]

    def cue_matches(self, doc: Doc) -> list[TypeMatch]:
        """Every type with some hand-cue evidence in the parsed text, most confident first."""
        tokens = content_tokens(doc)
        phrase_hits, covered = self.match_phrases(tokens)
        covered_tokens = {tokens[i].i for i in covered}
        # then across the numbers between a phrase's words: "missed three deadlines" is a
        # "missed deadline" (phrases that hold a number, "one to one", were matched above;
        # across determiners too cost three invented goals in cross-validation)
        rest = [t for t in tokens if t.i not in covered_tokens and not is_number(t)]
        found = {hit.index for hit in phrase_hits}
        more_hits, more_covered = self.match_phrases(rest)
        phrase_hits += [hit for hit in more_hits if hit.index not in found]
        covered_tokens |= {rest[i].i for i in more_covered}
        free_tokens = [token for token in tokens if token.i not in covered_tokens]
        word_hits = self.match_words(free_tokens)
        return self.rank(word_hits, phrase_hits, min_confidence=0.0)

    def weigh(self, doc: Doc, cue_matches: list[TypeMatch], model: TypeModel) -> list[TypeMatch]:
        """The model's probability for each type, with the words that decided it.

        A type is reported only with a reason: a hand cue found, or a word of the text that
        pushed the model towards it. The model's prior alone ("most goals are about targets")
        says nothing about this text.
        """
        terms = goal_terms(doc)
        by_id = {match.id: match for match in cue_matches}
        probabilities = dict(
            zip(
                model.labels,
                model.probabilities(terms, {m.id: m.confidence for m in cue_matches}),
                strict=True,
            )
        )
        surfaces = term_surfaces(doc)
        matches = []
        for type_id in self.type_ids:
            cues = by_id[type_id].cues if type_id in by_id else ()
            if type_id in probabilities:
                # A type the model favours on words that each lean its way, none of them
                # mostly its own, is reported with those words; dropping it put the
                # runner-up first (cross-validation by site on the tune halves: top-1 0.585
                # -> 0.599, top-2 0.689 -> 0.711).
                deciding = model.tipping_terms(terms, type_id) or model.leaning_terms(
                    terms, type_id
                )
                tipping = (surfaces[t] for t in deciding)
                cues = tuple(dict.fromkeys((*cues, *tipping)))
                cue_floor = by_id[type_id].confidence * CUE_FLOOR if type_id in by_id else 0.0
                confidence = max(float(probabilities[type_id]), cue_floor)
            elif type_id in by_id:
                confidence = by_id[type_id].confidence * UNLABELLED_TRUST
            else:
                continue
            if cues:
                matches.append(TypeMatch(type_id, confidence, cues))
        return sorted(matches, key=lambda match: -match.confidence)

    def match_phrases(self, tokens: Sequence[Token]) -> tuple[list[CueHit], set[int]]:
        """Phrase cues among the text's n-grams: exact lemma or surface form, then typos."""
        best: dict[int, CueHit] = {}
        covered: set[int] = set()
        typo_grams: list[tuple[int, int, str]] = []
        # Each token's forms once, not once per n-gram it is in (up to one per phrase length):
        # the n-grams' forms are these joined, as ngram_forms gives them.
        lemmas = [lemma_of(token) for token in tokens]
        lowers = [token.lower_ for token in tokens]
        typos = [self.may_be_typo(token) for token in tokens]
        for length in self.phrase_lengths:
            for start in range(len(tokens) - length + 1):
                end = start + length
                written = " ".join(lowers[start:end])
                owner = self.phrase_index.get(
                    " ".join(lemmas[start:end]), self.phrase_index.get(written)
                )
                if owner is not None:
                    hit = CueHit(owner, 1.0, " ".join(token.text for token in tokens[start:end]))
                    best.setdefault(owner, hit)
                    covered.update(range(start, end))
                elif any(typos[start:end]):
                    typo_grams.append((start, length, written))
        for hit, span in self.match_phrase_typos(typo_grams, tokens):
            if hit.index not in best:
                best[hit.index] = hit
                covered.update(span)
        return list(best.values()), covered

    def match_phrase_typos(
        self, grams: list[tuple[int, int, str]], tokens: Sequence[Token]
    ) -> list[tuple[CueHit, range]]:
        """The closest phrase to each n-gram holding a misspelt word, in one bulk cdist."""
        if not grams:
            return []
        # Both sides are already lower case, hence processor=None.
        scores = process.cdist(
            [gram[2] for gram in grams],
            self.phrase_choices,
            scorer=fuzz.ratio,
            processor=None,
            score_cutoff=PHRASE_CUTOFF,
        )
        # A phrase only matches an n-gram of its own length ("on time" is not "on timeline").
        gram_lengths = np.array([gram[1] for gram in grams])
        scores[gram_lengths[:, None] != self.choice_lengths[None, :]] = 0
        hits = []
        for row, (start, length, _form) in enumerate(grams):
            column = int(np.argmax(scores[row]))
            if scores[row, column] > 0:
                surface = " ".join(token.text for token in tokens[start : start + length])
                owner = int(self.phrase_owner[column])
                hits.append(
                    (
                        CueHit(owner, float(scores[row, column]) / 100, surface),
                        range(start, start + length),
                    )
                )
        return hits

    def match_words(self, tokens: Sequence[Token]) -> list[CueHit]:
        """Lemma cues among single tokens: exact lemma or surface form first, then typos."""
        best: dict[int, CueHit] = {}
        unknown: list[Token] = []
        for token in tokens:
            index = self.word_index.get(lemma_of(token), self.word_index.get(token.lower_))
            if index is not None:
                best.setdefault(index, CueHit(index, 1.0, token.text))
            elif self.may_be_typo(token):
                unknown.append(token)
        for hit in self.match_typos(unknown):
            if hit.index not in best:
                best[hit.index] = hit
        return list(best.values())

    def may_be_typo(self, token: Token) -> bool:
        """Only alphabetic words the lemmatiser has never heard of are typo candidates."""
        return (
            token.is_alpha
            and len(token.text) >= MIN_TYPO_LENGTH
            and token.lower_ not in self.known_words
            and lemma_of(token) not in self.known_words
        )

    def match_typos(self, tokens: Sequence[Token]) -> list[CueHit]:
        """The closest cue word to each misspelt token, if close enough (bulk cdist)."""
        if not tokens or not self.words:
            return []
        scores = process.cdist(
            [token.lower_ for token in tokens],
            self.words,
            scorer=fuzz.ratio,
            processor=None,
            score_cutoff=WORD_CUTOFF,
        )
        hits = []
        for row, token in enumerate(tokens):
            column = int(np.argmax(scores[row]))
            if scores[row, column] > 0:
                hits.append(CueHit(column, float(scores[row, column]) / 100, token.text))
        return hits

    def rank(
        self, word_hits: list[CueHit], phrase_hits: list[CueHit], min_confidence: float
    ) -> list[TypeMatch]:
        """Sum each type's evidence, turn it into a confidence, order and explain it."""
        evidence = np.zeros(len(self.type_ids))
        contributions: list[tuple[float, int, str]] = []  # (weight, type column, surface)
        for hits, weights in ((word_hits, self.word_weights), (phrase_hits, self.phrase_weights)):
            for hit in hits:
                row = weights[hit.index] * hit.similarity
                evidence += row
                contributions.extend((row[t], t, hit.surface) for t in np.nonzero(row)[0])
        matches = []
        for column in np.argsort(-evidence, kind="stable"):
            confidence = 1 - math.exp(-evidence[column] / EVIDENCE_SCALE)
            if confidence < min_confidence or evidence[column] <= 0:
                break
            cues = [
                surface for weight, t, surface in sorted(contributions, reverse=True) if t == column
            ]
            matches.append(TypeMatch(self.type_ids[column], confidence, tuple(dict.fromkeys(cues))))
        return matches


def word_cue_table(issue_types: Iterable[IssueType]) -> tuple[tuple[str, ...], np.ndarray]:
    """Unique cue words and their weight for each type, shared cues split between types."""
    issue_types = list(issue_types)
    owners: dict[str, dict[int, float]] = {}
    for column, issue_type in enumerate(issue_types):
        for weight, words in (
            (WEAK_WEIGHT, issue_type.weak_lemmas),
            (LEMMA_WEIGHT, issue_type.lemmas),
        ):
            for word in words:
                owners.setdefault(word, {})[column] = weight
    return tuple(owners), shared_weights(owners.values(), len(issue_types))


def phrase_cue_table(issue_types: Iterable[IssueType]) -> tuple[tuple[str, ...], np.ndarray]:
    """Unique cue phrases and their weight for each type, shared phrases split between types."""
    issue_types = list(issue_types)
    owners: dict[str, dict[int, float]] = {}
    for column, issue_type in enumerate(issue_types):
        for phrase in issue_type.phrases:
            owners.setdefault(phrase, {})[column] = PHRASE_WEIGHT
    return tuple(owners), shared_weights(owners.values(), len(issue_types))


def shared_weights(owners: Iterable[dict[int, float]], type_count: int) -> np.ndarray:
    """A (cues x types) weight matrix; a cue owned by k types gives each 1/k of its weight."""
    owners = list(owners)
    table = np.zeros((len(owners), type_count))
    for row, by_type in enumerate(owners):
        for column, weight in by_type.items():
            table[row, column] = weight / len(by_type)
    return table


def phrase_choices(phrases: Sequence[str], nlp: Language) -> tuple[list[str], np.ndarray]:
    """Each phrase in its lemma form and its written form, with the phrase each comes from."""
    choices: list[str] = []
    owner: list[int] = []
    for index, doc in enumerate(nlp.pipe(phrases)):
        tokens = content_tokens(doc)
        for form in dict.fromkeys(ngram_forms(tokens)):
            choices.append(form)
            owner.append(index)
    return choices, np.array(owner, dtype=np.int64)


def term_surfaces(doc: Doc) -> dict[str, str]:
    """Each model term of the text and the word it was written as (its first occurrence)."""
    from coach.resources.model import term_of

    surfaces: dict[str, str] = {}
    for token in content_tokens(doc):
        term = term_of(token)
        if term:
            surfaces.setdefault(term, token.text)
    return surfaces


def content_tokens(doc: Doc) -> list[Token]:
    """The tokens that can be cues: everything but punctuation, hyphens and white space."""
    return [
        token for token in doc if not (token.is_punct or token.is_space or token.tag_ == "HYPH")
    ]


def is_number(token: Token) -> bool:
    return token.like_num or token.pos_ == "NUM"


def lemma_of(token: Token) -> str:
    return token.lemma_.lower()


def ngram_forms(tokens: Sequence[Token]) -> tuple[str, str]:
    """An n-gram as lemmas and as written (lower case): "met deadlines" -> "meet deadline"."""
    return " ".join(lemma_of(t) for t in tokens), " ".join(t.lower_ for t in tokens)


@functools.lru_cache(maxsize=8)
def cached_classifier(
    issue_types: tuple[IssueType, ...], nlp: Language, use_model: bool
) -> Classifier:
    model = load_model() if use_model else None
    return Classifier({issue_type.id: issue_type for issue_type in issue_types}, nlp, model)


def classifier_for(
    issue_types: Mapping[str, IssueType], nlp: Language, *, use_model: bool = True
) -> Classifier:
    """The compiled classifier for these issue types and this pipeline, built once per process.

    `use_model=False` gives the hand cues alone, as the model is trained on them.
    """
    return cached_classifier(tuple(issue_types.values()), nlp, use_model)


def classify(
    text: str | Doc,
    *,
    nlp: Language,
    issue_types: Mapping[str, IssueType],
    min_confidence: float = MIN_CONFIDENCE,
) -> list[TypeMatch]:
    """Issue types of `text`, most confident first; several types are possible, or none."""
    return classifier_for(issue_types, nlp).classify(text, min_confidence=min_confidence)


def classify_many(
    texts: Iterable[str], *, nlp: Language, issue_types: Mapping[str, IssueType]
) -> list[list[TypeMatch]]:
    """`classify` for many texts at once, parsed in batches with `nlp.pipe`."""
    return classifier_for(issue_types, nlp).classify_many(texts)
