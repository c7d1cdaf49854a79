"""`coach train issue-types`: fit the issue-type model (model.py) to labelled goal files.

What it learns from is fixed by the files and their halves: each file is read whole or only
its `tune` half (coach.analysis.evaluate.split_of: a fixed split by source site), so the
`check` half of a file is never trained on and stays an honest test. Goals in another language
are left out, as the analyser refuses them. Each goal is parsed with the shared pipeline and
read by the hand cues of the rules folder, exactly as `classify` will read it later.

By default it learns from the two shared labelled files (dev-goals.jsonl whole, dev2's tune half)
and from `model/invented-training.jsonl`, shipped in the package: about 25 invented goals per
corpus type (about 60 of policy compliance and of technical skills) from 20 job families (care,
teaching, warehouses, kitchens, building sites, public sector...), weak and SMART forms,
written for training because the labelled files are mostly sales, software and office goals
(source `invented:training`; in cross-validation each job family counts as a site of its own).

The model remembers what it was trained from: every file's name, SHA-256, half and goal count,
and the digest of the issue types whose cues it learned to weigh, so `coach rules check` can say
when the cues have changed since and the model should be retrained.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
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
INVENTED_TRAINING = Path(__file__).resolve().parent / "model" / "invented-training.jsonl"
# The project's own sets of real goals (tests/data/dev3- to dev13-goals.jsonl, collected from
# 2026-12-03 on from sites outside both shared files): only their tune halves are learnt
# from, like dev2's.
PROJECT_SOURCES = tuple(
    (f"{name}-goals.jsonl", TUNE_HALF)
    for name in (
        "dev3",
        "dev4",
        "dev5",
        "dev6",
        "dev7",
        "dev8",
        "dev9",
        "dev10",
        "dev11",
        "dev12",
        "dev13",
    )
)
PROJECT_DATA_DIR = Path(__file__).resolve().parents[2] / "tests" / "data"
INVENTED_SITE = "invented"  # the site of a source `invented:...` (evaluate.source_site)
TRAINING_FIELDS = ("text",)  # issue_type too, but goals without one are skipped, not refused


@dataclass(frozen=True)
class TrainingFile:
    """A labelled file and which of its goals may be learnt from (`all` or `tune`)."""

    path: Path
    half: str = ALL_GOALS


def default_training_files(
    folder: Path = SHARED_EVAL_DIR, project_folder: Path = PROJECT_DATA_DIR
) -> list[TrainingFile]:
    """The shared labelled files (in `folder`), the project's own real goals (in
    `project_folder`) and the invented goals shipped in the package."""
    shared = [TrainingFile(folder / name, half) for name, half in DEFAULT_SOURCES]
    own = [TrainingFile(project_folder / name, half) for name, half in PROJECT_SOURCES]
    return [*shared, *own, TrainingFile(INVENTED_TRAINING, ALL_GOALS)]


def labelled_rows(training_file: TrainingFile) -> list[dict[str, Any]]:
    """The English, labelled goals of one file that the model may learn from, in order."""
    from coach.analysis.evaluate import is_english, read_labelled, split_of

    return [
        row
        for row in read_labelled(training_file.path, TRAINING_FIELDS)
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
    # file name -> (goals, top-1, top-2): how the real labelled goals fare, apart from invented ones
    per_file: Mapping[str, tuple[int, float, float]] = field(default_factory=dict)


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

    file_rows = [(f.path.name, row) for f in files for row in labelled_rows(f)]
    rows = [row for _, row in file_rows]
    examples = training_examples(rows, nlp=nlp, issue_types=issue_types)
    fold_of = [site_fold(fold_site(row), folds) for row in rows]
    if len(set(fold_of)) < 2:
        raise EvalFileError(
            "cross-validation needs goals from sites in two folds or more; these goals all "
            "fall in one (they come from too few sites)"
        )
    labels = model_labels(issue_types)
    hits: dict[str, list[tuple[bool, bool]]] = {}
    file_hits: dict[str, list[tuple[bool, bool]]] = {}
    for fold in range(folds):
        learnt = [e for e, f in zip(examples, fold_of, strict=True) if f != fold]
        model = fit(learnt, labels, tuple(issue_types), settings)
        for (name, _), example, f in zip(file_rows, examples, fold_of, strict=True):
            if f != fold or example.label == OTHER_LABEL:
                continue
            ranked = ranked_by_model(model, example)
            outcome = (ranked[0] == example.label, example.label in ranked[:2])
            hits.setdefault(example.label, []).append(outcome)
            file_hits.setdefault(name, []).append(outcome)
    return cross_validation_figures(hits, file_hits)


def fold_site(row: Mapping[str, Any]) -> str:
    """What a goal counts as the site of in cross-validation: its source's site, or for an
    invented goal (one site, `invented`) its job family, so that goals of a kind of job are
    never both learnt from and scored."""
    from coach.analysis.evaluate import source_site

    site = source_site(row.get("source", ""))
    if site == INVENTED_SITE:
        return f"{site}/{row.get('job_family') or ''}"
    return site


def site_fold(site: str, folds: int) -> int:
    """The fold of a site (a source's site, or `fold_site`), fixed by a digest of it."""
    from coach.analysis.evaluate import source_site

    digest = hashlib.sha256((CV_SALT + source_site(site)).encode()).digest()
    return int.from_bytes(digest, "big") % folds


def ranked_by_model(model: TypeModel, example: Example) -> list[str]:
    """Every label but `other`, most probable first."""
    probabilities = model.probabilities(example.terms, example.cues)
    order = sorted(range(len(model.labels)), key=lambda i: (-probabilities[i], i))
    return [model.labels[i] for i in order if model.labels[i] != OTHER_LABEL]


def cross_validation_figures(
    hits: Mapping[str, list[tuple[bool, bool]]],
    file_hits: Mapping[str, list[tuple[bool, bool]]] | None = None,
) -> CrossValidation:
    outcomes = [outcome for label_hits in hits.values() for outcome in label_hits]
    count = len(outcomes) or 1
    per_file = {
        name: (
            len(outcomes_of_file),
            sum(top1 for top1, _ in outcomes_of_file) / len(outcomes_of_file),
            sum(top2 for _, top2 in outcomes_of_file) / len(outcomes_of_file),
        )
        for name, outcomes_of_file in (file_hits or {}).items()
    }
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
        per_file=per_file,
    )
