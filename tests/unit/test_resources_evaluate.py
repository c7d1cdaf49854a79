"""evaluate_issue_types: the figures `coach eval` prints, on goals written for this test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coach.analysis.pipeline import load_pipeline
from coach.resources import (
    evaluate_issue_types,
    format_issue_type_report,
    load_catalogue,
    load_issue_types,
)
from coach.resources.evaluate import by_source, issue_type_report

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
    {"text": "Llegar a tiempo cada día.", "issue_type": "attendance_behaviour", "lang": "es"},
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
    rows = [
        {"text": "Stop making sloppy mistakes in the filing.", "issue_type": "performance_metrics"}
    ]
    result = evaluate_issue_types(rows, nlp=nlp, issue_types=ISSUE_TYPES)
    assert result["per_type"]["performance_metrics"]["confused_with"] == {"other": 1}


def test_the_report_prints_the_figures_per_type(nlp):
    report = format_issue_type_report(evaluate_issue_types(ROWS, nlp=nlp, issue_types=ISSUE_TYPES))
    assert report.splitlines()[0] == (
        "Issue types: top-1 0.750, top-2 0.750 on 4 goals "
        "(label `other` and other languages left out)"
    )
    assert "leadership" in report and "(none) (1)" in report


def test_suggestions_are_scored_by_the_labelled_type_among_the_first_three(nlp):
    catalogue = load_catalogue(RULES_DIR)
    result = evaluate_issue_types(ROWS, nlp=nlp, issue_types=ISSUE_TYPES, catalogue=catalogue)
    assert result["suggestions"]["n"] == 4
    assert result["suggestions"]["share"] == pytest.approx(3 / 4)  # "get it done" fits nothing
    assert "have a resource of their issue type among the first 3" in format_issue_type_report(
        result
    )


def test_figures_per_source_site_with_the_macro_average_and_the_bar(nlp):
    rows = [
        *({**row, "source": "https://www.one.example/page"} for row in ROWS[:3]),
        *(
            {"text": "Go and get it done.", "issue_type": "leadership", "source": "two.example:x"}
            for _ in range(10)
        ),
    ]
    result = by_source(rows, nlp=nlp, issue_types=ISSUE_TYPES)
    assert result["sites"]["one.example"] == {"n": 3, "top1": 1.0, "top2": 1.0}
    assert result["sites"]["two.example"]["top1"] == 0.0
    assert result["macro_top1"] == pytest.approx(0.5)
    assert result["below_bar"] == ["two.example"]  # ten goals, below 0.60


def test_the_report_for_coach_eval_is_json_ready_and_printable(nlp):
    result, text = issue_type_report(ROWS, nlp=nlp, issue_types=ISSUE_TYPES, per_source=True)
    json.dumps(result)
    assert "Issue types by source" in text and "macro over 1 sites" in text


@pytest.mark.skipif(not DEV_SET.exists(), reason="the shared development set is not checked out")
def test_the_development_set_meets_the_bars(nlp):
    rows = [json.loads(line) for line in DEV_SET.read_text(encoding="utf-8").splitlines() if line]
    result = evaluate_issue_types(rows, nlp=nlp, issue_types=ISSUE_TYPES)
    assert result["top1"] >= 0.75
    assert result["top2"] >= 0.90
