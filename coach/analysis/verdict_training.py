"""`coach train verdicts`: fit the second opinion's model (second_opinion.py) to labelled goals.

Every goal is read by the engine without the second-opinion rules, exactly as the
`second_opinion` kind will see it (its features: what the other rules concluded, and the
goal's words), and labelled by `annotated_missing`. What it learns from is fixed by the files
and their halves: dev-goals.jsonl whole, the `tune` half of dev2-goals.jsonl and of the
project's own real sets (tests/data/dev3- to dev11-goals.jsonl, split by source site,
coach.analysis.evaluate.split_of), so every `check` half stays a test neither the rules nor
the model has read. Goals in another language are left out, as the analyser refuses them.

The model remembers every file's name, SHA-256, half and goal count, and the engine's version
without it (the rules it learnt to weigh), so `coach rules check` can say when to retrain.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from coach.analysis.engine import (
    DEFAULT_RULES_DIR,
    Engine,
    load_issue_type_cues,
    load_rewrite_templates,
)
from coach.analysis.limits import GoalTextError
from coach.analysis.second_opinion import CRITERIA, Settings, VerdictModel, fit, goal_features
from coach.resources.training import (  # one kind of training file for both learned models
    ALL_GOALS,
    PROJECT_DATA_DIR,
    SHARED_EVAL_DIR,
    TUNE_HALF,
    TrainingFile,
    file_record,
)

SECOND_OPINION_KIND = "second_opinion"
PROJECT_SETS = tuple(f"dev{number}-goals.jsonl" for number in range(3, 14))


def default_training_files(
    shared: Path = SHARED_EVAL_DIR, project: Path = PROJECT_DATA_DIR
) -> list[TrainingFile]:
    return [
        TrainingFile(shared / "dev-goals.jsonl", ALL_GOALS),
        TrainingFile(shared / "dev2-goals.jsonl", TUNE_HALF),
        *(TrainingFile(project / name, TUNE_HALF) for name in PROJECT_SETS),
    ]


def labelled_rows(training_file: TrainingFile) -> list[dict[str, Any]]:
    """The English goals of one file that the model may learn from, in order."""
    from coach.analysis.evaluate import is_english, read_labelled, split_of

    return [
        row
        for row in read_labelled(training_file.path)
        if is_english(row)
        and (training_file.half == ALL_GOALS or split_of(row) == training_file.half)
    ]


@functools.cache  # the trainer, `coach rules check` and the tests share one per folder
def engine_without_second_opinion(rules_dir: Path = DEFAULT_RULES_DIR) -> Engine:
    """The engine as the second opinion sees it: every rule but those of its own kind (so a
    missing or broken model file does not stop its own retraining)."""
    from coach.analysis.pipeline import load_pipeline
    from coach.analysis.rules import load_lexicon, load_rules

    return Engine(
        load_pipeline(),
        load_rules(rules_dir, skip_kinds=(SECOND_OPINION_KIND,)),
        lexicon=load_lexicon(rules_dir),
        issue_type_cues=load_issue_type_cues(rules_dir),
        rewrite_templates=load_rewrite_templates(rules_dir),
    )


def training_examples(
    engine: Engine, rows: Sequence[dict[str, Any]]
) -> list[tuple[tuple[str, ...], dict[str, bool]]]:
    """(features, {criterion: missing}) for every goal the engine can read."""
    examples = []
    for row, judged in zip(rows, engine.judge_many(row["text"] for row in rows), strict=True):
        if isinstance(judged, GoalTextError):
            continue
        goal, findings = judged
        labels = {c: c in row["annotated_missing"] for c in CRITERIA}
        examples.append((goal_features(goal, findings), labels))
    return examples


def train_verdict_model(
    files: Sequence[TrainingFile],
    *,
    engine: Engine,
    settings: Settings | None = None,
) -> VerdictModel:
    """Read the files' goals with the engine and fit the model; same input, same model."""
    rows_by_file = [(f, labelled_rows(f)) for f in files]
    rows = [row for _, file_rows in rows_by_file for row in file_rows]
    meta = {
        "trained_from": [file_record(f, len(file_rows)) for f, file_rows in rows_by_file],
        "rules": engine.version,
    }
    return fit(training_examples(engine, rows), settings, meta)
