"""The analyser on the project's fourth set of real goals, from kinds of job the others lack.

tests/data/dev4-goals.jsonl holds 339 English goals copied from 117 public sites outside both
shared dev files, the project's other test data and shared/eval/private-sources.txt: health
and education, hospitality, retail, trades, logistics, HR, the public sector, call centres,
finance, IT, and conduct and attendance PIPs. Labelled by shared/eval/README.md's rules and
committed (2026-12-03) before the analyser or the issue-type model read it; 260 of its goals
were found again, word for word, in their sources by a separate check (none differed; the
stored copies lack the pages of the other 72). tests/data/dev4-second-labels.jsonl is a
second, blind labelling of the same goals. The tune half (by site, `evaluate.split_of`: 156
goals) may be read while changing rules and is learnt by the issue-type model; the check half
(183) is only ever scored.

Blind, the whole file: S 0.602, M 0.787, A 0.400 (16 goals), T 0.947, clean 0.754, pairs
0.936, issue types 0.534 / 0.658. After that session's round (its rules read the tune half
only): S 0.610, M 0.803, T 0.953, clean 0.779; the check half did not move (S 0.642, M 0.783,
T 0.959, clean 0.767). The floors sit a little under the figures, so that they fail when the
analyser gets clearly worse on real goals nobody wrote for it.

    .venv/bin/coach eval --interval tests/data/dev4-goals.jsonl   # the figures
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coach.analysis.evaluate import evaluate, format_report, read_labelled, source_site, split_of

DATA = Path(__file__).resolve().parents[1] / "data"
FILE = DATA / "dev4-goals.jsonl"
SECOND_LABELS = DATA / "dev4-second-labels.jsonl"
ROWS = read_labelled(FILE)
F1_FLOORS = {"specific": 0.57, "measurable": 0.77, "time_bound": 0.93}
CLEAN_FLOOR = 0.74
CHECK_F1_FLOORS = {"specific": 0.60, "measurable": 0.75, "time_bound": 0.93}
CRITERIA = ("specific", "measurable", "achievable", "time_bound")


@pytest.fixture(scope="module")
def result(engine):
    return evaluate(engine, ROWS)


def test_the_file_is_real_goals_from_many_sites_in_two_halves():
    assert len(ROWS) == 339
    assert not any(row["source"].startswith(("invented", "github:")) for row in ROWS)
    assert len({row["text"] for row in ROWS}) == len(ROWS)
    assert {split_of(row) for row in ROWS} == {"tune", "check"}
    sites = [source_site(row["source"]) for row in ROWS]
    assert len(set(sites)) >= 100 and max(map(sites.count, set(sites))) <= 8


@pytest.mark.parametrize("criterion", sorted(F1_FLOORS))
def test_criterion_f1_stays_above_its_floor(result, criterion):
    assert result["criteria"][criterion]["f1"] >= F1_FLOORS[criterion], format_report(result)


@pytest.mark.parametrize("criterion", sorted(CHECK_F1_FLOORS))
def test_the_check_half_stays_above_its_floor(engine, criterion):
    check = evaluate(engine, [row for row in ROWS if split_of(row) == "check"])
    assert check["criteria"][criterion]["f1"] >= CHECK_F1_FLOORS[criterion], format_report(check)


def test_clean_goals_pass_and_smart_rewrites_beat_their_weak_goals(result):
    assert result["language"]["english_refused"] == 0
    assert result["clean_pass_rate"]["rate"] >= CLEAN_FLOOR, format_report(result)
    assert result["pair_accuracy"]["accuracy"] >= 0.9, format_report(result)


def test_the_second_labelling_is_of_the_same_goals_and_mostly_agrees():
    """Two people's labels, by the same rules, agree about as the issue says careful people
    do (specific 0.79-0.92, measurable 0.95-0.99, time-bound 0.98-1.00): the figure the
    analyser is measured against is not one person's taste."""
    second = [json.loads(line) for line in SECOND_LABELS.read_text().splitlines()]
    assert [row["text"] for row in second] == [row["text"] for row in ROWS]
    agreement = {}
    for criterion in CRITERIA:
        first = [criterion in row["annotated_missing"] for row in ROWS]
        other = [criterion in row["annotated_missing"] for row in second]
        both = sum(a and b for a, b in zip(first, other, strict=True))
        agreement[criterion] = 2 * both / (sum(first) + sum(other))  # F1 of one against the other
    assert agreement["specific"] >= 0.85 and agreement["measurable"] >= 0.95
    assert agreement["time_bound"] >= 0.95
