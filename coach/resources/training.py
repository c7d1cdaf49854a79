"""`coach train issue-types`: fit the issue-type model (model.py) to labelled goal files.

What it learns from is fixed by the files and their halves: each file is read whole or only
its `tune` half (coach.analysis.evaluate.split_of: a fixed split by source site), so the
`check` half of a file is never trained on and stays an honest test. Goals in another language
are left out, as the analyser refuses them. Each goal is parsed with the shared pipeline and
read by the hand cues of the rules folder, exactly as `classify` will read it later.

The model remembers what it was trained from: every file's name, SHA-256, half and goal count,
and the digest of the issue types whose cues it learned to weigh, so `coach rules check` can say
when the cues have changed since and the model should be retrained.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach.resources.issue_types import IssueType
from coach.resources.model import (
    OTHER_LABEL,
    Example,
    TrainingSettings,
    TypeModel,
    fit,
    goal_terms,
)

if TYPE_CHECKING:
    from spacy.language import Language

ALL_GOALS = "all"
TUNE_HALF = "tune"
SHARED_EVAL_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "eval"
DEFAULT_SOURCES = (
    ("dev-goals.jsonl", ALL_GOALS),
    ("dev2-goals.jsonl", TUNE_HALF),
)


@dataclass(frozen=True)
class TrainingFile:
    """A labelled file and which of its goals may be learnt from (`all` or `tune`)."""

    path: Path
    half: str = ALL_GOALS


def default_training_files(folder: Path = SHARED_EVAL_DIR) -> list[TrainingFile]:
    return [TrainingFile(folder / name, half) for name, half in DEFAULT_SOURCES]


def labelled_rows(training_file: TrainingFile) -> list[dict[str, Any]]:
    """The English, labelled goals of one file that the model may learn from, in order."""
    from coach.analysis.evaluate import is_english, read_labelled, split_of

    return [
        row
        for row in read_labelled(training_file.path)
        if row.get("issue_type")
        and is_english(row)
        and (training_file.half == ALL_GOALS or split_of(row) == training_file.half)
    ]


def train_issue_type_model(
    files: Sequence[TrainingFile],
    *,
    nlp: Language,
    issue_types: Mapping[str, IssueType],
    settings: TrainingSettings | None = None,
) -> TypeModel:
    """Parse the files' goals, read their cues, and fit the model; the same input, same model."""
    rows_by_file = [(f, labelled_rows(f)) for f in files]
    rows = [row for _, file_rows in rows_by_file for row in file_rows]
    examples = training_examples(rows, nlp=nlp, issue_types=issue_types)
    labels = model_labels(issue_types)
    unknown = sorted({example.label for example in examples} - set(labels))
    if unknown:
        raise ValueError(f"labels with no issue type: {', '.join(unknown)}")
    meta = {
        "trained_from": [file_record(f, len(file_rows)) for f, file_rows in rows_by_file],
        "goals": len(examples),
        "labels_seen": dict(sorted(Counter(e.label for e in examples).items())),
        "issue_types_sha256": issue_types_digest(issue_types),
    }
    return fit(examples, labels, tuple(issue_types), settings or TrainingSettings(), meta)


def training_examples(
    rows: Iterable[Mapping[str, Any]], *, nlp: Language, issue_types: Mapping[str, IssueType]
) -> list[Example]:
    """Each row's terms, hand-cue confidences and label."""
    from coach.resources.classify import classifier_for
    from coach.resources.text import capped_runs

    rows = list(rows)
    cue_classifier = classifier_for(issue_types, nlp, use_model=False)
    examples = []
    texts = (capped_runs(row["text"]) for row in rows)
    for row, doc in zip(rows, nlp.pipe(texts), strict=True):
        cues = {m.id: m.confidence for m in cue_classifier.classify(doc, min_confidence=0.0)}
        examples.append(Example(goal_terms(doc), cues, row["issue_type"]))
    return examples


def model_labels(issue_types: Mapping[str, IssueType]) -> tuple[str, ...]:
    """The labels the model predicts: every evaluation label of the issue types, then `other`."""
    labels = [t.eval_as for t in issue_types.values() if t.eval_as != OTHER_LABEL]
    return (*dict.fromkeys(labels), OTHER_LABEL)


def file_record(training_file: TrainingFile, goals: int) -> dict[str, Any]:
    """What the model says about one file it was trained from."""
    return {
        "file": training_file.path.name,
        "sha256": hashlib.sha256(training_file.path.read_bytes()).hexdigest(),
        "half": training_file.half,
        "goals": goals,
    }


def issue_types_digest(issue_types: Mapping[str, IssueType]) -> str:
    """A digest of the cues the model learned to weigh: it changes when any cue changes."""
    parts = [
        "|".join([t.id, t.eval_as, *t.lemmas, "/", *t.weak_lemmas, "/", *t.phrases])
        for t in issue_types.values()
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:12]


# Folds are fixed by a digest of the site, so a cross-validation gives the same figures every
# run and a site's goals are never split between the goals learnt from and the goals scored.
CV_FOLDS = 5
CV_SALT = "pip-coach-cv-1"


@dataclass(frozen=True)
class CrossValidation:
    """Figures of models fitted without some sites and scored on those sites' goals."""

    goals: int
    top1: float
    top2: float
    macro_top1: float  # the mean over types: what a plan with another mix of problems would see
    per_type: Mapping[str, tuple[int, float]]  # label -> (goals, top-1)


def cross_validate(
    files: Sequence[TrainingFile],
    *,
    nlp: Language,
    issue_types: Mapping[str, IssueType],
    settings: TrainingSettings | None = None,
    folds: int = CV_FOLDS,
) -> CrossValidation:
    """Leave-sites-out cross-validation over the files' learnable goals, `other` not scored.

    The hand cues were written while reading these goals, so the figures flatter the cues;
    what they compare fairly is how the data-derived part generalises to sites it never saw.
    """
    from coach.analysis.evaluate import EvalFileError

    rows = [row for f in files for row in labelled_rows(f)]
    examples = training_examples(rows, nlp=nlp, issue_types=issue_types)
    fold_of = [site_fold(row.get("source", ""), folds) for row in rows]
    if len(set(fold_of)) < 2:
        raise EvalFileError(
            "cross-validation needs goals from sites in two folds or more; these goals all "
            "fall in one (they come from too few sites)"
        )
    labels = model_labels(issue_types)
    hits: dict[str, list[tuple[bool, bool]]] = {}
    for fold in range(folds):
        learnt = [e for e, f in zip(examples, fold_of, strict=True) if f != fold]
        model = fit(learnt, labels, tuple(issue_types), settings)
        for example, f in zip(examples, fold_of, strict=True):
            if f != fold or example.label == OTHER_LABEL:
                continue
            ranked = ranked_by_model(model, example)
            hits.setdefault(example.label, []).append(
                (ranked[0] == example.label, example.label in ranked[:2])
            )
    return cross_validation_figures(hits)


def site_fold(source: str, folds: int) -> int:
    from coach.analysis.evaluate import source_site

    digest = hashlib.sha256((CV_SALT + source_site(source)).encode()).digest()
    return int.from_bytes(digest, "big") % folds


def ranked_by_model(model: TypeModel, example: Example) -> list[str]:
    """Every label but `other`, most probable first."""
    probabilities = model.probabilities(example.terms, example.cues)
    order = sorted(range(len(model.labels)), key=lambda i: (-probabilities[i], i))
    return [model.labels[i] for i in order if model.labels[i] != OTHER_LABEL]


def cross_validation_figures(hits: Mapping[str, list[tuple[bool, bool]]]) -> CrossValidation:
    outcomes = [outcome for label_hits in hits.values() for outcome in label_hits]
    count = len(outcomes) or 1
    per_type = {
        label: (len(label_hits), sum(top1 for top1, _ in label_hits) / len(label_hits))
        for label, label_hits in sorted(hits.items())
    }
    return CrossValidation(
        goals=len(outcomes),
        top1=sum(top1 for top1, _ in outcomes) / count,
        top2=sum(top2 for _, top2 in outcomes) / count,
        macro_top1=sum(share for _, share in per_type.values()) / (len(per_type) or 1),
        per_type=per_type,
    )
