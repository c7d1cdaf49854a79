"""The issue-type classifier on held-out invented goals (issue 9).

tests/data/issue-types-heldout.jsonl holds 108 invented goals, 12 per evaluation type, from 15
job families, labelled from the types' descriptions in rules/issue-types.yaml and committed
before the classifier was run on any of them. Nobody tunes cues or the model on this file: it
is the figure a user of a new job family would see. The floors sit a little under what was
measured when the file was added (top-1 0.694, top-2 0.843, 75 and 91 of 108 right), so that
they fail when the classifier gets clearly worse, not on a one-goal wobble. A change that
raises the figures may raise the floors; a change made to pass this file would spoil it.

    .venv/bin/python benchmarks/heldout_types.py --misses   # the figures and the misses
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from test_issue_type_robustness import AUDIT_GOALS, HELD_OUT_GOALS
from test_issue_types import EVAL_LABELS

from coach.analysis.pipeline import load_pipeline
from coach.resources import load_issue_types
from coach.resources.evaluate import evaluate_issue_types, format_issue_type_report
from coach.resources.training import INVENTED_TRAINING, TrainingFile, labelled_rows

ROOT = Path(__file__).resolve().parents[2]
HELD_OUT_FILE = ROOT / "tests" / "data" / "issue-types-heldout.jsonl"
ROWS = [json.loads(line) for line in HELD_OUT_FILE.read_text(encoding="utf-8").splitlines()]
# Raised on 2026-12-02 when the model learnt from the invented training goals too (measured
# 0.815 / 0.880; first floors 0.65 / 0.80). Those were written by another hand than this file,
# but in the same team's style, so this file flatters them: the check half moved far less.
# Raised again with model 015379df8268 (cue word classes, 62 more invented goals, l2 1):
# measured 0.880 / 0.926.
TOP1_FLOOR = 0.84
TOP2_FLOOR = 0.89
GOALS_PER_TYPE = 12


@pytest.fixture(scope="module")
def result():
    return evaluate_issue_types(
        ROWS, nlp=load_pipeline(), issue_types=load_issue_types(ROOT / "rules")
    )


def test_the_file_has_twelve_goals_of_each_type_from_many_job_families():
    assert all(set(row) == {"text", "issue_type", "job_family"} for row in ROWS)
    assert Counter(row["issue_type"] for row in ROWS) == dict.fromkeys(EVAL_LABELS, GOALS_PER_TYPE)
    for type_id in EVAL_LABELS:
        families = {row["job_family"] for row in ROWS if row["issue_type"] == type_id}
        assert len(families) >= 10, type_id
    texts = [row["text"] for row in ROWS]
    assert len(set(texts)) == len(texts)
    other_sets = {text for _, _, text, _ in AUDIT_GOALS + HELD_OUT_GOALS}
    assert not other_sets & set(texts), "held-out goals must be new sentences"
    trained_on = {row["text"] for row in labelled_rows(TrainingFile(INVENTED_TRAINING))}
    assert not trained_on & set(texts), "the model must never be trained on held-out goals"


def test_top1_stays_above_its_floor(result):
    assert result["n"] == len(ROWS)
    assert result["top1"] >= TOP1_FLOOR, format_issue_type_report(result)


def test_top2_stays_above_its_floor(result):
    assert result["top2"] >= TOP2_FLOOR, format_issue_type_report(result)
