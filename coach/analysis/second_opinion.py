"""A second opinion on `specific` and `measurable`, learned from labelled goals.

The rules read a goal's structure; on goals from sites they were not written against they
raise false alarms ("specific" wrongly flagged on about one goal in seven of the check halves)
and miss some shapes. A logistic regression per criterion, trained on some 1,300 labelled goals
from hundreds of sites, weighs what the rules concluded together with the goal's own words:

* `pred:<criterion>`: the rules put an error on that criterion;
* `rule:<rule id>|<severity>`: each rule that spoke;
* `lem:<lemma>`: the goal's content lemmas (stop words, numbers and punctuation left out);
* `root:<lemma>`, `rootpos:<pos>`, `rootdep:<dep>`: the parse's root and what hangs on it;
* `field:<name>`: the evidence the rules found (quantity, deadline, deliverable ...);
* `len:<n>`: tokens / 5, at most 8.

The model only ever moves a verdict the rules gave (kinds/second_opinion.py): it clears an
error the labelled goals say is a false alarm (shown as a warning instead, its words, reason
and suggestion kept) or flags a goal the rules passed, on its main action's words, naming the
words that weighed most. Chosen by leaving out each labelled file in turn on the tune halves:
on the nine check halves, which neither the rules nor the model ever read, specific F1 0.718
-> 0.732, measurable 0.820 -> 0.833, clean goals passed 0.814 -> 0.831; on a set collected
after it was finished (dev11), specific 0.787 -> 0.800 (coach/analysis/trained/README.md).

Training is full-batch gradient descent (Adam) from zero weights for a fixed number of steps,
so the same goals give the same weights; the saved JSON rounds them (coach/learning.py) and
ships in the package (`trained/verdicts.json`), loaded once per process with numpy alone.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from coach.learning import adam_step, rounded, sigmoid, weights_digest

if TYPE_CHECKING:
    from coach.analysis.kinds.common import Goal
    from coach.analysis.model import Finding

MODEL_DIR = Path(__file__).resolve().parent / "trained"
FORMAT = 1
CRITERIA = ("specific", "measurable")
LENGTH_STEP = 5  # tokens per length bucket
MAX_LENGTH_BUCKET = 8


@dataclass(frozen=True)
class Settings:
    """How a model is fitted; saved with it. Chosen by leaving out each labelled file in turn
    (on the held-out files' tune halves): l2 3 against 0.3, 1 and 10 for specific."""

    l2: float = 3.0
    steps: int = 400
    learning_rate: float = 0.1
    min_goals: int = 2  # a feature seen in fewer training goals is not one

    def to_dict(self) -> dict[str, float | int]:
        return {
            "l2": self.l2,
            "steps": self.steps,
            "learning_rate": self.learning_rate,
            "min_goals": self.min_goals,
        }


def goal_features(goal: Goal, findings: Iterable[Finding]) -> tuple[str, ...]:
    """What the model reads of one goal: the rules' conclusions, the evidence they found and
    the goal's words."""
    findings = list(findings)
    doc = goal.doc
    features = [f"pred:{c}" for c in CRITERIA if any_error(findings, c)]
    features += sorted({f"rule:{f.rule}|{f.severity}" for f in findings})
    # the evidence as the rules weighed it, not raw numbers: "(currently 12 a month)" in a
    # note measures nothing, and the fields know it
    features += [f"field:{name}" for name in sorted(goal.fields)]
    features += [f"lem:{t.lemma_.lower()}" for t in doc if t.is_alpha and not t.is_stop]
    for root in (t for t in doc if t.dep_ == "ROOT"):
        features += [f"root:{root.lemma_.lower()}", f"rootpos:{root.pos_}"]
        features += [f"rootdep:{child.dep_}" for child in root.children]
    features.append(f"len:{min(len(doc) // LENGTH_STEP, MAX_LENGTH_BUCKET)}")
    return tuple(dict.fromkeys(features))


def any_error(findings: Sequence[Finding], criterion: str) -> bool:
    return any(f.criterion == criterion and f.severity == "error" for f in findings)


@dataclass(frozen=True, eq=False)
class VerdictModel:
    """Weights per feature for each criterion: the probability that it is missing."""

    criteria: tuple[str, ...]
    feature_index: Mapping[str, int]
    weights: np.ndarray  # (features, criteria)
    bias: np.ndarray  # (criteria,)
    meta: Mapping[str, Any] = field(default_factory=dict)

    @property
    def version(self) -> str:
        return str(self.meta.get("version", "unversioned"))

    @property
    def goals(self) -> int:
        return int(self.meta.get("goals", 0))

    def probability(self, features: Sequence[str], criterion: str) -> float:
        """P(criterion missing | goal)."""
        column = self.criteria.index(criterion)
        weights = self.weights_of(criterion)
        logit = float(self.bias[column]) + sum(
            weights[name] for name in dict.fromkeys(features) if name in weights
        )
        return float(sigmoid(np.array(logit)))

    @functools.cache  # noqa: B019 - one model per process, loaded once (load_verdict_model)
    def weights_of(self, criterion: str) -> dict[str, float]:
        """Each feature's weight for `criterion`, as plain floats: a goal has some thirty
        features, and a dict lookup each costs less than indexing the array."""
        column = self.criteria.index(criterion)
        return {name: float(self.weights[row, column]) for name, row in self.feature_index.items()}

    def rows(self, features: Sequence[str]) -> list[int]:
        return [self.feature_index[f] for f in dict.fromkeys(features) if f in self.feature_index]

    def weighing_words(
        self, features: Sequence[str], criterion: str, missing: bool, limit: int = 3
    ) -> list[str]:
        """The goal's own words that pushed most towards `missing` (or towards met)."""
        column = self.criteria.index(criterion)
        sign = 1.0 if missing else -1.0
        scored = [
            (-sign * float(self.weights[row, column]), feature.removeprefix("lem:"))
            for feature in dict.fromkeys(features)
            if feature.startswith("lem:")
            and (row := self.feature_index.get(feature)) is not None
            and sign * self.weights[row, column] > 0
        ]
        return [word for _, word in sorted(scored)[:limit]]

    def to_json(self) -> str:
        """The saved form: sorted keys and rounded weights, so equal models give equal text."""
        names = sorted(self.feature_index, key=self.feature_index.get)
        body = {
            "format": FORMAT,
            "criteria": list(self.criteria),
            "bias": rounded(self.bias),
            "weights": {name: rounded(self.weights[i]) for i, name in enumerate(names)},
        }
        meta = {**self.meta, "version": weights_digest(body)}
        return json.dumps({**body, "meta": meta}, sort_keys=True, indent=1) + "\n"


class VerdictModelError(ValueError):
    """The model file is missing, unreadable or not a model of this format."""


def model_from_json(text: str) -> VerdictModel:
    try:
        data = json.loads(text)
        if data.get("format") != FORMAT:
            raise VerdictModelError(f"format {data.get('format')!r} (expected {FORMAT})")
        criteria = tuple(data["criteria"])
        names = list(data["weights"])
        weights = np.array([data["weights"][n] for n in names], dtype=float)
        return VerdictModel(
            criteria=criteria,
            feature_index={name: row for row, name in enumerate(names)},
            weights=weights.reshape(len(names), len(criteria)),
            bias=np.array(data["bias"], dtype=float),
            meta=data.get("meta", {}),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        if isinstance(error, VerdictModelError):
            raise
        raise VerdictModelError(f"not a verdict model ({error})") from error


def model_path(name: str) -> Path:
    return MODEL_DIR / f"{name}.json"


@functools.cache
def load_verdict_model(name: str) -> VerdictModel:
    """The shipped model `name` (trained/<name>.json), once per process."""
    path = model_path(name)
    if not path.exists():
        raise VerdictModelError(f"no model {path.name} in {MODEL_DIR}")
    return model_from_json(path.read_text(encoding="utf-8"))


def fit(
    examples: Sequence[tuple[Sequence[str], Mapping[str, bool]]],
    settings: Settings | None = None,
    meta: Mapping[str, Any] | None = None,
    criteria: Sequence[str] = CRITERIA,
) -> VerdictModel:
    """Fit the weights to (features, {criterion: missing}) examples; same input, same model."""
    settings = settings or Settings()
    counts: dict[str, int] = {}
    for features, _ in examples:
        for name in set(features):
            counts[name] = counts.get(name, 0) + 1
    names = sorted(name for name, count in counts.items() if count >= settings.min_goals)
    index = {name: row for row, name in enumerate(names)}
    matrix = np.zeros((len(examples), len(names)))
    for row, (features, _) in enumerate(examples):
        for name in set(features):
            if name in index:
                matrix[row, index[name]] = 1.0
    targets = np.array([[float(labels[c]) for c in criteria] for _, labels in examples])
    weights, bias = descend(matrix, targets, settings)
    return VerdictModel(
        tuple(criteria),
        index,
        weights,
        bias,
        {**(meta or {}), "goals": len(examples), "settings": settings.to_dict()},
    )


def descend(
    features: np.ndarray, targets: np.ndarray, settings: Settings
) -> tuple[np.ndarray, np.ndarray]:
    """Adam on the binary cross-entropy of every criterion plus L2, from zero weights."""
    count = max(len(features), 1)
    weights = np.zeros((features.shape[1], targets.shape[1]))
    bias = np.zeros(targets.shape[1])
    moments = [np.zeros_like(weights), np.zeros_like(weights)]
    bias_moments = [np.zeros_like(bias), np.zeros_like(bias)]
    for step in range(1, settings.steps + 1):
        error = sigmoid(features @ weights + bias) - targets
        gradient = (features.T @ error + settings.l2 * weights) / count
        weights -= adam_step(gradient, moments, step, settings.learning_rate)
        bias -= adam_step(error.mean(axis=0), bias_moments, step, settings.learning_rate)
    return weights, bias
