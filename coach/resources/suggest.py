"""Suggest resources for a goal, a plan or its issue types, and search the catalogue.

Suggestions rank every resource at once with numpy over the catalogue's precomputed arrays:

* issue-type fit: the best weight among the resource's issue types. The goal's own types come
  first: a type the text is classified as with OWN_TYPE_CONFIDENCE or more weighs its
  confidence against the strongest one (which weighs 1), and the plan's chosen types then weigh
  PLAN_AFTER_OWN, so a punctuality goal in a plan about errors gets attendance support before
  error checklists. A goal with no clear type of its own takes the plan's types at 1, and weak
  types found in it count FOUND_WHEN_CHOSEN of their confidence;
* tag fit: the text's words (and word pairs) matched against all the catalogue's tags in one
  rapidfuzz `cdist`, typo-tolerant; two matched tags make a full fit.

Resources already in the learning plan, or longer than the days left, are left out. The top of
the ranking is then spread over kinds (not five books), and each suggestion says why it was
chosen: "matches issue type time management; mentions deadlines".

`search()` finds resources by a free-text query, tolerant of typos ("conflct resolution"): the
query against every title (WRatio) and every tag, and each query word against the catalogue's
vocabulary; a resource scores its best of the three.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from coach.resources.catalogue import STOP_WORDS, Catalogue, Resource
from coach.resources.classify import TypeMatch, classifier_for, content_tokens, lemma_of
from coach.resources.text import bounded_doc

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

TYPE_SHARE = 0.6  # of a suggestion's score; the rest comes from matching tags
TAG_SHARE = 0.4
# A type the goal itself is classified as this confidently is the goal's own: it goes first.
OWN_TYPE_CONFIDENCE = 0.5
# The plan's chosen types, after the goal's own: above anything the goal merely mentions.
PLAN_AFTER_OWN = 0.75
# When the plan has types and the goal none of its own, types weakly found in the text count
# this much of their confidence, so the plan's types outrank words the goal happens to use.
FOUND_WHEN_CHOSEN = 0.3
TAGS_FOR_FULL_FIT = 2.0
TAG_CUTOFF = 88  # fuzz.ratio between a word (pair) of the text and a tag
SAME_KIND_PENALTY = 0.08  # per resource of the same kind already suggested
SEARCH_CUTOFF = 0.75  # of a search score in 0..1
SEARCH_WORD_CUTOFF = 80  # fuzz.ratio between a query word and a catalogue word


class UnknownIssueTypeError(ValueError):
    """A requested issue type id is not in the catalogue's issue types."""


@dataclass(frozen=True)
class Suggestion:
    """A resource proposed for a goal or plan, with a score in 0..1 and the reason in words."""

    resource: Resource
    score: float
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "resource": self.resource.to_dict(),
            "score": round(self.score, 3),
            "reason": self.reason,
        }


@dataclass(frozen=True)
class SearchHit:
    """A resource found by a search query, with a score in 0..1."""

    resource: Resource
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {"resource": self.resource.to_dict(), "score": round(self.score, 3)}


@dataclass(frozen=True)
class Evidence:
    """What the text and the chosen issue types say, as arrays over the catalogue's columns."""

    type_weights: np.ndarray  # per issue type, 0..1
    tag_similarity: np.ndarray  # per tag, 0..1
    tag_words: dict[int, str]  # tag column -> the text's word that matched it
    has_text: bool


def suggest(
    catalogue: Catalogue,
    *,
    text: str | Doc | None = None,
    issue_types: Iterable[str] = (),
    exclude_ids: Iterable[str] = (),
    days_left: int | None = None,
    limit: int = 5,
    nlp: Language | None = None,
    types_found: Sequence[TypeMatch] | None = None,
) -> list[Suggestion]:
    """Rank the catalogue for a goal/plan text and/or issue types; best first, at most `limit`.

    `text` may be a parsed Doc (no parse is repeated). `nlp` defaults to the shared pipeline.
    `types_found`: the text's classification, when the caller has it already (not redone).
    Raises UnknownIssueTypeError for an issue type id the catalogue does not know.
    """
    evidence = gather_evidence(catalogue, text, issue_types, nlp, types_found)
    scores = score_resources(catalogue, evidence)
    eligible = (scores > 0) & available(catalogue, exclude_ids, days_left)
    chosen = spread_over_kinds(catalogue, scores, eligible, limit)
    return [
        Suggestion(catalogue.resources[i], float(scores[i]), reason(catalogue, i, evidence))
        for i in chosen
    ]


def gather_evidence(
    catalogue: Catalogue,
    text: str | Doc | None,
    issue_types: Iterable[str],
    nlp: Language | None,
    types_found: Sequence[TypeMatch] | None = None,
) -> Evidence:
    """Weights per issue type and similarities per tag, from the chosen types and the text."""
    type_weights = chosen_type_weights(catalogue, issue_types)
    tag_similarity = np.zeros(len(catalogue.tags))
    tag_words: dict[int, str] = {}
    has_text = text is not None and (not isinstance(text, str) or bool(text.strip()))
    if has_text:
        nlp = nlp or shared_pipeline()
        doc = nlp(bounded_doc(text, nlp)) if isinstance(text, str) else text
        matches = types_found
        if matches is None:
            matches = classifier_for(catalogue.issue_types, nlp).classify(doc)
        type_weights = goal_first_weights(catalogue, type_weights, matches)
        tag_similarity, tag_words = match_tags(catalogue, doc)
    return Evidence(type_weights, tag_similarity, tag_words, has_text)


def goal_first_weights(
    catalogue: Catalogue, chosen: np.ndarray, matches: Sequence[TypeMatch]
) -> np.ndarray:
    """The goal's own types first, then the plan's chosen types, then what it only mentions."""
    found = found_type_weights(catalogue, matches)
    own = np.where(found >= OWN_TYPE_CONFIDENCE, found, 0.0)
    if own.any():
        return np.maximum(own / own.max(), chosen * PLAN_AFTER_OWN)
    if chosen.any():
        return np.maximum(chosen, found * FOUND_WHEN_CHOSEN)
    return found


def chosen_type_weights(catalogue: Catalogue, issue_types: Iterable[str]) -> np.ndarray:
    """Weight 1 for each issue type the user chose."""
    weights = np.zeros(len(catalogue.type_ids))
    for type_id in issue_types:
        if type_id not in catalogue.issue_types:
            known = ", ".join(catalogue.type_ids)
            raise UnknownIssueTypeError(f"Unknown issue type {type_id!r} (known: {known}).")
        weights[catalogue.type_ids.index(type_id)] = 1.0
    return weights


def found_type_weights(catalogue: Catalogue, matches: Sequence[TypeMatch]) -> np.ndarray:
    """The classification confidence of each issue type found in the text."""
    weights = np.zeros(len(catalogue.type_ids))
    for match in matches:
        weights[catalogue.type_ids.index(match.id)] = match.confidence
    return weights


def shared_pipeline() -> Language:
    """The process-wide spaCy pipeline, loaded on first use (never at import time)."""
    from coach.analysis.pipeline import load_pipeline

    return load_pipeline()


def match_tags(catalogue: Catalogue, doc: Doc) -> tuple[np.ndarray, dict[int, str]]:
    """The text's words and word pairs against every tag at once (typo-tolerant cdist)."""
    terms, surfaces = text_terms(doc)
    similarity = np.zeros(len(catalogue.tags))
    if not terms or not catalogue.tags:
        return similarity, {}
    # Terms and tags both went through default_process already, hence processor=None.
    scores = process.cdist(
        terms, catalogue.tags, scorer=fuzz.ratio, processor=None, score_cutoff=TAG_CUTOFF
    )
    best_term = scores.argmax(axis=0)
    similarity = scores.max(axis=0) / 100
    words = {int(t): surfaces[best_term[t]] for t in np.nonzero(similarity)[0]}
    return similarity, words


def text_terms(doc: Doc) -> tuple[list[str], list[str]]:
    """Single words and word pairs of the text (as written and as lemmas), with their surfaces."""
    tokens = [t for t in content_tokens(doc) if t.lower_ not in STOP_WORDS]
    terms: list[str] = []
    surfaces: list[str] = []
    for size in (1, 2):
        for start in range(len(tokens) - size + 1):
            gram = tokens[start : start + size]
            surface = " ".join(t.text for t in gram)
            for form in {" ".join(t.lower_ for t in gram), " ".join(lemma_of(t) for t in gram)}:
                terms.append(default_process(form))
                surfaces.append(surface)
    return terms, surfaces


def score_resources(catalogue: Catalogue, evidence: Evidence) -> np.ndarray:
    """Every resource's score in 0..1, in one vectorised step."""
    type_fit = (catalogue.type_matrix * evidence.type_weights).max(axis=1, initial=0)
    if not evidence.has_text:
        return type_fit
    tag_fit = np.minimum(1.0, catalogue.tag_matrix @ evidence.tag_similarity / TAGS_FOR_FULL_FIT)
    return TYPE_SHARE * type_fit + TAG_SHARE * tag_fit


def available(
    catalogue: Catalogue, exclude_ids: Iterable[str], days_left: int | None
) -> np.ndarray:
    """Not already in the learning plan, and short enough for the days the plan has left."""
    mask = np.ones(len(catalogue), dtype=bool)
    excluded = set(exclude_ids)
    if excluded:
        mask &= np.array([r.id not in excluded for r in catalogue.resources])
    if days_left is not None:
        mask &= catalogue.durations <= days_left
    return mask


def spread_over_kinds(
    catalogue: Catalogue, scores: np.ndarray, eligible: np.ndarray, limit: int
) -> list[int]:
    """Pick the best `limit` resources, each further one of a kind already picked counting less."""
    # Ties: a resource focused on fewer issue types first, then the lighter effort.
    order = np.lexsort((catalogue.efforts, -catalogue.focus, -scores))
    candidates = [int(i) for i in order if eligible[i]][: max(limit, 0) * 4]
    chosen: list[int] = []
    kinds_taken: dict[str, int] = {}
    while candidates and len(chosen) < limit:
        best = max(
            candidates,
            key=lambda i: (
                scores[i] - SAME_KIND_PENALTY * kinds_taken.get(catalogue.resources[i].kind, 0)
            ),
        )
        candidates.remove(best)
        chosen.append(best)
        kind = catalogue.resources[best].kind
        kinds_taken[kind] = kinds_taken.get(kind, 0) + 1
    return chosen


def reason(catalogue: Catalogue, index: int, evidence: Evidence) -> str:
    """Why this resource: the issue types it serves and the text's words that its tags match."""
    resource = catalogue.resources[index]
    weights = {t: evidence.type_weights[catalogue.type_ids.index(t)] for t in resource.issue_types}
    served = [t for t in sorted(weights, key=weights.get, reverse=True) if weights[t] > 0]
    parts = []
    if served:
        labels = join_words([catalogue.issue_types[t].label for t in served])
        parts.append(f"matches issue type{'s' if len(served) > 1 else ''} {labels}")
    columns = np.nonzero(catalogue.tag_matrix[index] * evidence.tag_similarity)[0]
    words = list(dict.fromkeys(evidence.tag_words[int(c)] for c in columns))
    if words:
        parts.append(f"mentions {join_words(words)}")
    return "; ".join(parts)


def join_words(words: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


def search(
    catalogue: Catalogue, query: str, *, limit: int = 10, score_cutoff: float = SEARCH_CUTOFF
) -> list[SearchHit]:
    """Resources matching a free-text query, best first; tolerant of typos."""
    processed = default_process(query or "")
    if not any(word not in STOP_WORDS for word in processed.split()):
        return []
    # Titles and tags were put through default_process when the catalogue was built.
    titles = process.cdist([processed], catalogue.titles, scorer=fuzz.WRatio, processor=None)
    tags = process.cdist([processed], catalogue.tags, scorer=fuzz.ratio, processor=None)
    title_scores = titles[0] / 100
    best_tag = (catalogue.tag_matrix * tags[0] / 100).max(axis=1, initial=0)
    scores = np.maximum.reduce([title_scores, best_tag, word_coverage(catalogue, processed)])
    # Equal scores: the closer title first, then catalogue order.
    order = np.lexsort((np.arange(len(catalogue)), -title_scores, -scores))
    return [
        SearchHit(catalogue.resources[i], float(scores[i]))
        for i in order[:limit]
        if scores[i] >= score_cutoff
    ]


def word_coverage(catalogue: Catalogue, processed_query: str) -> np.ndarray:
    """Per resource, the mean over query words of the best match among the resource's words."""
    words = [w for w in processed_query.split() if w not in STOP_WORDS]
    if not words:
        return np.zeros(len(catalogue))
    similarity = (
        process.cdist(
            words,
            catalogue.vocabulary,
            scorer=fuzz.ratio,
            processor=None,
            score_cutoff=SEARCH_WORD_CUTOFF,
        )
        / 100
    )
    per_word = np.zeros((len(words), len(catalogue)))
    for row in range(len(words)):
        columns = np.nonzero(similarity[row])[0]
        if len(columns):
            weighted = similarity[row, columns, None] * catalogue.vocabulary_matrix[columns]
            per_word[row] = weighted.max(axis=0)
    return per_word.mean(axis=0)
