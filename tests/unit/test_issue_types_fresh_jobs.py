"""The issue-type classifier on the fresh probe of job families (2026-12-02).

tests/data/issue-types-fresh-jobs.jsonl holds 120 invented goals of all nine corpus types from
20+ job families, weighted to the two types the check half found weakest: 30 of policy
compliance (procedures, protocols, PPE, safeguarding, cash handling, data protection, mandatory
training, record keeping, dress code) and 30 of technical skills outside software (clinical
skills, forklifts, tills, spreadsheets, machinery, lesson technology, accounting software). It
was labelled from the types' descriptions and committed before the classifier ran on it.

First run (model 6127e4db7150): top-1 0.750, top-2 0.833 (policy compliance 0.50, time
management 0.38). The cue word classes of the same day were written after reading its misses,
so it is tuned on now; the model never trains on it. The floors sit a little under what it
reached then (0.892 / 0.933), to fail when the classifier gets clearly worse.

    .venv/bin/python benchmarks/heldout_types.py tests/data/issue-types-fresh-jobs.jsonl --misses
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from test_issue_types import EVAL_LABELS

from coach.analysis.pipeline import load_pipeline
from coach.resources import load_issue_types
from coach.resources.evaluate import evaluate_issue_types, format_issue_type_report
from coach.resources.training import INVENTED_TRAINING, TrainingFile, labelled_rows

ROOT = Path(__file__).resolve().parents[2]
PROBE_FILE = ROOT / "tests" / "data" / "issue-types-fresh-jobs.jsonl"
HELD_OUT_FILE = ROOT / "tests" / "data" / "issue-types-heldout.jsonl"
ROWS = [json.loads(line) for line in PROBE_FILE.read_text(encoding="utf-8").splitlines()]
TOP1_FLOOR = 0.85
TOP2_FLOOR = 0.90
WEIGHTED = {"policy_compliance": 30, "technical_skills": 30}


@pytest.fixture(scope="module")
def result():
    return evaluate_issue_types(
        ROWS, nlp=load_pipeline(), issue_types=load_issue_types(ROOT / "rules")
    )


def test_the_file_covers_every_type_weighted_to_policy_and_technical_skills():
    assert all(set(row) == {"text", "issue_type", "job_family"} for row in ROWS)
    per_type = Counter(row["issue_type"] for row in ROWS)
    assert set(per_type) == EVAL_LABELS
    assert all(per_type[t] == count for t, count in WEIGHTED.items()), per_type
    assert all(per_type[t] >= 8 for t in EVAL_LABELS), per_type
    assert len({row["job_family"] for row in ROWS}) >= 20
    for type_id in WEIGHTED:
        families = {row["job_family"] for row in ROWS if row["issue_type"] == type_id}
        assert len(families) >= 15, type_id
    texts = [row["text"] for row in ROWS]
    assert len(set(texts)) == len(texts)


def test_the_model_never_trains_on_the_probe_nor_shares_the_held_out_goals():
    texts = {row["text"] for row in ROWS}
    trained_on = {row["text"] for row in labelled_rows(TrainingFile(INVENTED_TRAINING))}
    assert not trained_on & texts
    held_out = {json.loads(line)["text"] for line in HELD_OUT_FILE.read_text().splitlines()}
    assert not held_out & texts


def test_top1_stays_above_its_floor(result):
    assert result["n"] == len(ROWS)
    assert result["top1"] >= TOP1_FLOOR, format_issue_type_report(result)


def test_top2_stays_above_its_floor(result):
    assert result["top2"] >= TOP2_FLOOR, format_issue_type_report(result)
