"""The learned layer of issue-type classification: weights derived from labelled goals.

The hand-written cues of rules/issue-types.yaml know words nobody labelled; labelled goals know
how people actually name their problems. The model joins both in a logistic regression per
label (one against the rest, as spaCy's `textcat_multilabel`: a goal can be about two problems,
and each type's confidence stands on its own evidence) over

* the goal's content lemmas (stop words dropped, every number read as `<num>`): data-derived
  cue weights, one per lemma and issue type;
* the cue classifier's confidence for every issue type (classify.py), scaled by `cue_scale`:
  how far the hand cues are to be trusted, also learned from the data.

Its labels are the evaluation corpus's (`other` included, for goals of no corpus type); types
without a label of their own share what the model gives `other` (classify.py).

Training is full-batch gradient descent (Adam) from zero weights for a fixed number of steps:
there is no random step at all, so the same files give the same weights, and the saved JSON
(weights rounded to `DIGITS` decimals) is the same byte for byte. The model ships inside the
package as `coach/resources/model/issue-types.json`, loads in milliseconds with the standard
library and numpy, and needs no network.
"""

from __future__ import annotations

import calendar
import functools
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from coach.learning import adam_step, rounded, sigmoid, weights_digest

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

MODEL_PATH = Path(__file__).resolve().parent / "model" / "issue-types.json"
FORMAT = 1
NUMBER_TERM = "<num>"
OTHER_LABEL = "other"
# A word leans towards a label when it adds at least this to the label's logit: less is noise
# ("Friday" adds 0.12 to technical skills). Cross-validation by site on the tune halves: top-1
# 0.599 at 0, 0.595 at 0.1, 0.592 at 0.25 (0.585 with no leaning words at all).
LEANING_WEIGHT = 0.25


@dataclass(frozen=True)
class TrainingSettings:
    """How a model is fitted; saved with it so that `coach rules check` can say how."""

    # weight decay: data-derived weights stay small unless many goals agree. 1 since
    # 2026-12-02 (with 321 invented goals, more policy and non-software technical ones): CV by
    # site 0.758 / 0.878, dev2 tune in CV 0.677 / 0.850; at 3 0.747 / 0.860, 0.654 / 0.819
    l2: float = 1.0
    cue_scale: float = 6.0  # cue confidences (0..1) against 0/1 word features
    steps: int = 300
    learning_rate: float = 0.05
    min_goals: int = 1  # a lemma seen in fewer labelled goals is not a feature
    # A label's positive goals weigh (goals / goals of the label) ** balance: at 1 a rare label
    # would weigh as much as a common one; at 0.5 (best in cross-validation by site) the files'
    # mix of problems (mostly sales targets) is learnt only in part as a prior.
    balance: float = 0.5
    # Weight decay pulls a type's own cue towards this weight for its own label, not towards 0:
    # where labelled goals are few (policy compliance has three), the hand cues keep meaning
    # what they say; where many goals disagree, the data wins. At 1 (with l2 1) a type whose
    # sites were all held out was never ranked first, however plain its cues ("arrive by
    # 9:00" went to time management): `coach train issue-types --cross-validate` gave top-1
    # 0.751 and a mean over types of 0.665; at 5 (with l2 3) 0.793 and 0.806.
    cue_prior: float = 5.0

    def to_dict(self) -> dict[str, float | int]:
        return {
            "l2": self.l2,
            "cue_scale": self.cue_scale,
            "steps": self.steps,
            "learning_rate": self.learning_rate,
            "min_goals": self.min_goals,
            "balance": self.balance,
            "cue_prior": self.cue_prior,
        }


@dataclass(frozen=True)
class Example:
    """One labelled goal, ready for training: its terms, cue confidences and label."""

    terms: tuple[str, ...]
    cues: Mapping[str, float]
    label: str


@dataclass(frozen=True, eq=False)
class TypeModel:
    """Weights per term and per cue type for every label, and where they came from."""

    labels: tuple[str, ...]
    cue_types: tuple[str, ...]
    cue_scale: float
    bias: np.ndarray  # (labels,)
    cue_weights: np.ndarray  # (cue types, labels)
    term_index: Mapping[str, int]
    term_weights: np.ndarray  # (terms, labels)
    meta: Mapping[str, Any] = field(default_factory=dict)

    @property
    def version(self) -> str:
        return str(self.meta.get("version", "unversioned"))

    def probabilities(self, terms: Sequence[str], cues: Mapping[str, float]) -> np.ndarray:
        """P(label | goal) for every label, in `labels` order; each in 0..1 on its own."""
        logits = self.bias + self.cue_vector(cues) @ self.cue_weights
        rows = self.known_rows(terms)
        if rows:
            logits = logits + self.term_weights[rows].sum(axis=0)
        return sigmoid(logits)

    def cue_vector(self, cues: Mapping[str, float]) -> np.ndarray:
        return np.array([cues.get(t, 0.0) for t in self.cue_types]) * self.cue_scale

    def known_rows(self, terms: Sequence[str]) -> list[int]:
        """Rows of the distinct terms the model has weights for."""
        return [self.term_index[t] for t in dict.fromkeys(terms) if t in self.term_index]

    def knows_any(self, terms: Sequence[str]) -> bool:
        return bool(self.known_rows(terms))

    def tipping_terms(self, terms: Sequence[str], label: str, limit: int = 3) -> list[str]:
        """The terms that pushed most towards `label` against the other labels, best first."""
        column = self.labels.index(label)
        known = [
            (term, row)
            for term in dict.fromkeys(terms)
            if term != NUMBER_TERM and (row := self.term_index.get(term)) is not None
        ]
        if not known:
            return []
        # All the terms' rows at once: one np.delete per call, not one per term, which was most
        # of classify's time on a long goal (it is called once per label). max is exact, so the
        # margins are the same floats as row by row.
        weights = self.term_weights[[row for _, row in known]]
        margins = weights[:, column] - np.delete(weights, column, axis=1).max(axis=1)
        scored = [
            (-margin, term) for (term, _), margin in zip(known, margins, strict=True) if margin > 0
        ]
        return [term for _, term in sorted(scored)[:limit]]

    def leaning_terms(self, terms: Sequence[str], label: str, limit: int = 3) -> list[str]:
        """The terms that pushed towards `label` by more than LEANING_WEIGHT, heaviest first:
        the reason for a label that leads on words each leaning its way, though none favours
        it over every other label (tipping_terms is then empty)."""
        column = self.labels.index(label)
        scored = [
            (-weight, term)
            for term in dict.fromkeys(terms)
            if term != NUMBER_TERM
            and (row := self.term_index.get(term)) is not None
            and (weight := float(self.term_weights[row, column])) > LEANING_WEIGHT
        ]
        return [term for _, term in sorted(scored)[:limit]]

    def to_json(self) -> str:
        """The saved form: sorted keys and rounded weights, so equal models give equal text."""
        terms = sorted(self.term_index, key=self.term_index.get)
        body = {
            "format": FORMAT,
            "labels": list(self.labels),
            "cue_types": list(self.cue_types),
            "cue_scale": self.cue_scale,
            "bias": rounded(self.bias),
            "cue_weights": {t: rounded(self.cue_weights[i]) for i, t in enumerate(self.cue_types)},
            "term_weights": {t: rounded(self.term_weights[i]) for i, t in enumerate(terms)},
        }
        meta = {**self.meta, "version": weights_digest(body)}
        return json.dumps({**body, "meta": meta}, sort_keys=True, indent=1) + "\n"


class ModelFileError(ValueError):
    """The model file is missing a part or is not a model of this format."""


def goal_terms(doc: Doc) -> tuple[str, ...]:
    """The terms a goal is read by: content lemmas, lower case, numbers as `<num>`."""
    from coach.resources.classify import content_tokens

    return tuple(term for token in content_tokens(doc) if (term := term_of(token)))


# Nouns that stand in for any noun, like pronouns: whatever goals they were seen in ("all
# things 'Vipps Login'" was read as technical skills), they say nothing of the problem.
EMPTY_NOUNS = frozenset({"thing", "stuff", "something", "everything", "anything", "lot", "way"})
# Names of days and months say when, never what the problem is: learnt as terms, "by Friday"
# leaned a goal with nothing else in it towards performance metrics and its resources.
# ("may" and "march" are English words too; "sat" and "sun" likewise.)
CALENDAR_NAMES = frozenset(
    {name.lower() for name in (*calendar.day_name, *calendar.month_name) if name}
    | {"jan", "feb", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
    | {"mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri"}
) - {"may", "march"}


def term_of(token: Token) -> str:
    if token.like_num or any(char.isdigit() for char in token.text):
        return NUMBER_TERM
    if token.is_stop or not any(char.isalpha() for char in token.text):
        return ""
    if token.lemma_.lower() in EMPTY_NOUNS or token.lower_ in CALENDAR_NAMES:
        return ""
    return token.lemma_.lower()


def model_from_json(text: str) -> TypeModel:
    """Rebuild a TypeModel from its saved JSON; ModelFileError if it is not one."""
    try:
        data = json.loads(text)
        if data.get("format") != FORMAT:
            raise ModelFileError(f"format {data.get('format')!r} (expected {FORMAT})")
        labels = tuple(data["labels"])
        cue_types = tuple(data["cue_types"])
        terms = list(data["term_weights"])
        return TypeModel(
            labels=labels,
            cue_types=cue_types,
            cue_scale=float(data["cue_scale"]),
            bias=np.array(data["bias"], dtype=float),
            cue_weights=np.array([data["cue_weights"][t] for t in cue_types], dtype=float),
            term_index={term: row for row, term in enumerate(terms)},
            term_weights=np.array([data["term_weights"][t] for t in terms], dtype=float).reshape(
                len(terms), len(labels)
            ),
            meta=data.get("meta", {}),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        if isinstance(error, ModelFileError):
            raise
        raise ModelFileError(f"not an issue-type model ({error})") from error


@functools.cache
def load_model(path: Path = MODEL_PATH) -> TypeModel | None:
    """The shipped model (or the one at `path`), once per process; None when there is none."""
    if not path.exists():
        return None
    return model_from_json(path.read_text(encoding="utf-8"))


def fit(
    examples: Sequence[Example],
    labels: Sequence[str],
    cue_types: Sequence[str],
    settings: TrainingSettings | None = None,
    meta: Mapping[str, Any] | None = None,
) -> TypeModel:
    """Fit the weights to labelled examples; the same examples always give the same model."""
    settings = settings or TrainingSettings()
    terms = vocabulary(examples, settings.min_goals)
    term_index = {term: row for row, term in enumerate(terms)}
    features = feature_matrix(examples, term_index, cue_types, settings.cue_scale)
    targets = np.zeros((len(examples), len(labels)))
    for row, example in enumerate(examples):
        targets[row, labels.index(example.label)] = 1.0
    prior = cue_prior_weights(len(terms), cue_types, labels, settings.cue_prior)
    weights, bias = descend(
        features, targets, label_weights(targets, settings.balance), prior, settings
    )
    return TypeModel(
        labels=tuple(labels),
        cue_types=tuple(cue_types),
        cue_scale=settings.cue_scale,
        bias=bias,
        cue_weights=weights[len(terms) :],
        term_index=term_index,
        term_weights=weights[: len(terms)],
        meta={**(meta or {}), "settings": settings.to_dict()},
    )


def vocabulary(examples: Sequence[Example], min_goals: int) -> list[str]:
    """Terms found in at least `min_goals` examples, sorted (the order never depends on input)."""
    counts: dict[str, int] = {}
    for example in examples:
        for term in set(example.terms):
            counts[term] = counts.get(term, 0) + 1
    return sorted(term for term, count in counts.items() if count >= min_goals)


def feature_matrix(
    examples: Sequence[Example],
    term_index: Mapping[str, int],
    cue_types: Sequence[str],
    cue_scale: float,
) -> np.ndarray:
    """(examples x (terms + cue types)): 1 for each term present, then the scaled cues."""
    matrix = np.zeros((len(examples), len(term_index) + len(cue_types)))
    for row, example in enumerate(examples):
        for term in set(example.terms):
            if term in term_index:
                matrix[row, term_index[term]] = 1.0
        matrix[row, len(term_index) :] = [example.cues.get(t, 0.0) * cue_scale for t in cue_types]
    return matrix


def label_weights(targets: np.ndarray, balance: float) -> np.ndarray:
    """Per example and label: (examples / examples of the label) ** balance for a positive,
    1 for a negative."""
    positives = np.maximum(targets.sum(axis=0), 1.0)
    return np.where(targets > 0, (len(targets) / positives) ** balance, 1.0)


def cue_prior_weights(
    term_count: int, cue_types: Sequence[str], labels: Sequence[str], weight: float
) -> np.ndarray:
    """The weights decay pulls towards: `weight` from each type's cue to its own label."""
    prior = np.zeros((term_count + len(cue_types), len(labels)))
    for row, type_id in enumerate(cue_types):
        if type_id in labels:
            prior[term_count + row, labels.index(type_id)] = weight
    return prior


def descend(
    features: np.ndarray,
    targets: np.ndarray,
    example_weights: np.ndarray,
    prior: np.ndarray,
    settings: TrainingSettings,
) -> tuple[np.ndarray, np.ndarray]:
    """Adam on the weighted binary cross-entropy of every label plus L2 towards `prior`, from
    zero weights, for a fixed number of steps."""
    count = len(features)
    weights = np.zeros((features.shape[1], targets.shape[1]))
    bias = np.zeros(targets.shape[1])
    moments = [np.zeros_like(weights), np.zeros_like(weights)]
    bias_moments = [np.zeros_like(bias), np.zeros_like(bias)]
    for step in range(1, settings.steps + 1):
        error = (sigmoid(features @ weights + bias) - targets) * example_weights
        gradient = (features.T @ error + settings.l2 * (weights - prior)) / count
        weights -= adam_step(gradient, moments, step, settings.learning_rate)
        bias -= adam_step(error.mean(axis=0), bias_moments, step, settings.learning_rate)
    return weights, bias
