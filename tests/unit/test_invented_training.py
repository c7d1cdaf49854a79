"""The invented training goals shipped with the issue-type model (issue 9).

The labelled files are mostly sales, software and office goals, so the trainer also learns from
`coach/resources/model/invented-training.jsonl`: about 25 goals per corpus type (about 60 of
policy compliance and of technical skills) from 20 kinds of job, written for training (never
copied from the labelled files, never the held-out sets).
These tests check the file's spread, that the trainer reads it by default, that cross-validation
never scores a kind of job with a model that learnt from it, and what a user then sees.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_issue_type_robustness import AUDIT_GOALS, HELD_OUT_GOALS
from test_issue_types import EVAL_LABELS

from coach.analysis.pipeline import load_pipeline
from coach.cli.training import model_status, train_group
from coach.resources import classify, load_issue_types
from coach.resources.model import load_model
from coach.resources.training import (
    INVENTED_TRAINING,
    SHARED_EVAL_DIR,
    TrainingFile,
    cross_validate,
    default_training_files,
    fold_site,
    labelled_rows,
    site_fold,
)

RULES_DIR = Path(__file__).resolve().parents[2] / "rules"
ISSUE_TYPES = load_issue_types(RULES_DIR)
ROWS = labelled_rows(TrainingFile(INVENTED_TRAINING))
DOUBLED = {"policy_compliance", "technical_skills"}


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def test_the_invented_goals_cover_every_type_from_many_kinds_of_job():
    assert all(row["source"] == "invented:training" for row in ROWS)
    assert all(set(row) == {"text", "issue_type", "job_family", "source"} for row in ROWS)
    per_type = Counter(row["issue_type"] for row in ROWS)
    assert set(per_type) == {*EVAL_LABELS, "other"}
    # `other`: a few goals of the types the corpus has no label for (quality of work,
    # initiative), so that the labelled types do not learn to claim them
    assert 5 <= per_type.pop("other") <= 15
    # policy compliance and technical skills hold about twice as many since 2026-12-02: the
    # labelled files have three policy goals, and their technical goals are about code
    assert all(24 <= count <= 36 for t, count in per_type.items() if t not in DOUBLED), per_type
    assert all(50 <= per_type[t] <= 72 for t in DOUBLED), per_type
    assert len({row["job_family"] for row in ROWS}) >= 15
    for type_id in EVAL_LABELS:
        families = {row["job_family"] for row in ROWS if row["issue_type"] == type_id}
        assert len(families) >= 15, type_id
    # weak forms as managers write them ("Delegate more.") as well as SMART ones
    weak = [row for row in ROWS if len(row["text"].split()) <= 5]
    assert len(weak) >= 12


def test_the_invented_goals_are_new_sentences():
    texts = [row["text"] for row in ROWS]
    assert len(set(texts)) == len(texts)
    tests_sets = {text for _, _, text, _ in AUDIT_GOALS + HELD_OUT_GOALS}
    assert not tests_sets & set(texts)
    for name in ("dev-goals.jsonl", "dev2-goals.jsonl"):
        path = SHARED_EVAL_DIR / name
        if path.exists():
            labelled = {json.loads(line)["text"].strip().lower() for line in path.open()}
            assert not labelled & {text.lower() for text in texts}, name


def test_the_trainer_learns_from_the_invented_goals_by_default():
    files = default_training_files()
    assert TrainingFile(INVENTED_TRAINING, "all") in files
    assert INVENTED_TRAINING.exists()  # shipped inside the package, next to the model


def test_the_shipped_model_says_it_was_trained_on_the_invented_goals():
    model = load_model()
    record = next(r for r in model.meta["trained_from"] if r["file"] == INVENTED_TRAINING.name)
    assert record["goals"] == len(ROWS) and record["half"] == "all"
    assert "invented-training.jsonl" in model_status(RULES_DIR)


@pytest.mark.skipif(
    not all(f.path.exists() for f in default_training_files()),
    reason="the shared labelled files are not checked out",
)
def test_retraining_from_the_default_files_gives_the_shipped_model():
    result = CliRunner().invoke(train_group, ["issue-types", "--check"])
    assert result.exit_code == 0, result.output
    assert "exactly what its files give" in result.output


def test_each_kind_of_job_is_a_site_of_its_own_in_cross_validation():
    nurse = {"source": "invented:training", "job_family": "nursing"}
    chef = {"source": "invented:training", "job_family": "kitchen"}
    assert fold_site(nurse) == "invented/nursing" != fold_site(chef)
    assert fold_site({"source": "https://www.example.org/pip"}) == "example.org"
    families = {row["job_family"] for row in ROWS}
    assert len({site_fold(fold_site(row), 5) for row in ROWS}) == 5  # spread over every fold
    assert len(families) > 5


def test_cross_validation_reports_each_file_apart(nlp, tmp_path):
    real = tmp_path / "real.jsonl"
    real.write_text(
        "".join(
            json.dumps({"text": row["text"], "issue_type": row["issue_type"], "source": url}) + "\n"
            for row, url in zip(
                ROWS[::12], (f"https://site-{i}.example/" for i in range(100)), strict=False
            )
        ),
        encoding="utf-8",
    )
    result = cross_validate(
        [TrainingFile(real), TrainingFile(INVENTED_TRAINING)], nlp=nlp, issue_types=ISSUE_TYPES
    )
    assert set(result.per_file) == {"real.jsonl", INVENTED_TRAINING.name}
    assert sum(goals for goals, _, _ in result.per_file.values()) == result.goals
    output = CliRunner().invoke(
        train_group,
        ["issue-types", "--all", str(real), "--all", str(INVENTED_TRAINING), "--cross-validate"],
    )
    assert output.exit_code == 0, output.output
    assert "Per file:" in output.output and "real.jsonl" in output.output


@pytest.mark.parametrize(
    ("text", "expected", "within"),
    [
        # Invented for this test, from kinds of job the labelled files hardly have. The first two
        # were taken for customer service and attendance before the model learnt from the
        # invented goals. Of 45 such goals written before either model ran, 23 were right first
        # before and 25 after (top-2 28 -> 31): the gain is real but small. Since model
        # 8f4edd5e161f (dev13's tune half learnt) the first is a tie with customer service
        # (0.570 against 0.569, "clients"), so only its place in the first two is asserted.
        (
            "Fill 6 permanent vacancies a month for your clients by the end of the quarter.",
            "performance_metrics",
            2,
        ),
        (
            "Write up each experiment within a week of finishing it instead of leaving them until "
            "the end of the project.",
            "time_management",
            1,
        ),
        (
            "Wear ear defenders in the press shop, as the noise policy requires.",
            "policy_compliance",
            1,
        ),
    ],
)
def test_goals_of_other_kinds_of_job_get_their_type_first(nlp, text, expected, within):
    matches = classify(text, nlp=nlp, issue_types=ISSUE_TYPES)
    assert expected in [match.id for match in matches[:within]], matches
