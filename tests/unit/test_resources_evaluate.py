"""evaluate_issue_types: the figures `coach eval` prints, on goals written for this test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coach.analysis.pipeline import load_pipeline
from coach.resources import evaluate_issue_types, format_issue_type_report, load_issue_types

RULES_DIR = Path(__file__).resolve().parents[2] / "rules"
DEV_SET = Path(__file__).resolve().parents[3] / "shared" / "eval" / "dev-goals.jsonl"
ISSUE_TYPES = load_issue_types(RULES_DIR)
ROWS = [
    {
        "text": "Arrive at the office by 8:45 every working day.",
        "issue_type": "attendance_behaviour",
    },
    {"text": "Close 20 deals per quarter.", "issue_type": "performance_metrics"},
    {"text": "Reply to client complaints within one day.", "issue_type": "customer_service"},
    {"text": "Go and get it done.", "issue_type": "leadership"},  # no cue: a miss
    {"text": "Show more initiative.", "issue_type": "other"},  # left out
]


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def test_figures_count_hits_and_leave_out_other(nlp):
    result = evaluate_issue_types(ROWS, nlp=nlp, issue_types=ISSUE_TYPES)
    assert result["n"] == 4
    assert result["top1"] == pytest.approx(3 / 4)
    assert result["per_type"]["leadership"]["confused_with"] == {"(none)": 1}
    assert "other" not in result["per_type"]


def test_a_type_outside_the_corpus_counts_as_other(nlp):
    rows = [{"text": "Cut the error rate on invoices to 1%.", "issue_type": "performance_metrics"}]
    result = evaluate_issue_types(rows, nlp=nlp, issue_types=ISSUE_TYPES)
    assert result["per_type"]["performance_metrics"]["confused_with"] == {"other": 1}


def test_the_report_prints_the_figures_per_type(nlp):
    report = format_issue_type_report(evaluate_issue_types(ROWS, nlp=nlp, issue_types=ISSUE_TYPES))
    assert report.splitlines()[0] == (
        "Issue types: top-1 0.750, top-2 0.750 on 4 goals (label `other` left out)"
    )
    assert "leadership" in report and "(none) (1)" in report


@pytest.mark.skipif(not DEV_SET.exists(), reason="the shared development set is not checked out")
def test_the_development_set_meets_the_bars(nlp):
    rows = [json.loads(line) for line in DEV_SET.read_text(encoding="utf-8").splitlines() if line]
    result = evaluate_issue_types(rows, nlp=nlp, issue_types=ISSUE_TYPES)
    assert result["top1"] >= 0.75
    assert result["top2"] >= 0.90
