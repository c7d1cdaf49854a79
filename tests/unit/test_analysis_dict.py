"""`Analysis.from_dict()`: a stored `to_dict()` snapshot read back, and malformed ones refused."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from coach.analysis import Analysis, Context, Engine, Extracted, Finding, GoalTextError
from coach.analysis.model import ANALYSIS_KEYS

DEV_GOALS = Path("/work/shared/eval/dev-goals.jsonl")  # the development set, where it is mounted
PLAN = Context(issue_types=("communication",), start=dt.date(2026, 3, 2), end=dt.date(2026, 6, 1))
# Written for this test: vague and SMART goals, dates, durations, cadences, typos, placeholders,
# notes, several sentences, a structured goal, judgement words, absolutes and a passive result.
GOALS = [
    "Improve communication with the team and be more proactive",
    "Respond to 95% of customer emails within 24 hours by 30 June 2026",
    "Be better at handling customer calls.",
    "Resolve 80% of customer calls on first contact by 31 May.",
    "Reduce rework on code reviews",
    "Close 10 deals per quarter",
    "Attend all stand-ups, log time daily, answer emails within 4 hours",
    "Imporve the onboarding proces for new starters",
    "Publish the team handbook by [date]",
    "Cut average handling time from 9 minutes to 6 minutes by Q3",
    "Never miss a deadline",
    "Zero client complaints (currently 12 a month) by the end of the PIP",
    "Arrive by 9:00 every weekday for the next 8 weeks",
    "Hold a fortnightly one-to-one with each direct report",
    "Complete diversity training before the next review",
    "Sales fell 20% last quarter. Increase weekly sales calls to 40 by week 6.",
    "Goal: reduce stock errors. Measure: errors per 1,000 picks. By: 15 May 2026.",
    "Learn how to use the new scheduling system within 30 days",
    "Write better code",
    "Strategy endorsed by the board by the end of the year",
    "Make sure all deliveries are checked on arrival",
    "Present one lunch-and-learn session each month on a tool the team uses",
    "Keep the shared drive tidy on an ongoing basis",
    "Increase customer satisfaction scores to 4.5 out of 5 by December 2026",
    "Stop being rude to colleagues in meetings",
    "Submit timesheets every Friday by 5 PM",
    "Answer XX% of tickets within [X] hours",
    "Aim to be able to run the monthly payroll without help by Month 3",
    "Reduce voluntary turnover in engineering by 10% within six months",
    "Do more",
    "Finish a project",
    "Call back every missed customer on the same business day",
    "Deliver the migration plan to the steering group no later than 2026-05-29",
    "Ensure that all invoices are correct 100% of the time",
    "Mentor two junior analysts through their first audit cycle",
    "Send the weekly status report to the client every Monday before 10am",
]


def round_trips(analysis: Analysis) -> None:
    data = analysis.to_dict()
    assert Analysis.from_dict(data).to_dict() == data
    stored = json.loads(json.dumps(data))  # as the database hands a snapshot back
    again = Analysis.from_dict(stored)
    assert again.to_dict() == data
    assert (again.findings, again.extracted, again.score) == (
        analysis.findings,
        analysis.extracted,
        analysis.score,
    )


@pytest.mark.parametrize("context", [None, PLAN], ids=["no-plan", "plan"])
def test_the_analysis_of_a_goal_round_trips(engine: Engine, context: Context | None) -> None:
    analyses = engine.analyze_many(GOALS, context)
    assert not [result for result in analyses if isinstance(result, GoalTextError)]
    assert any(analysis.findings for analysis in analyses)
    for analysis in analyses:
        round_trips(analysis)


@pytest.mark.skipif(not DEV_GOALS.exists(), reason="the development set is not mounted here")
def test_the_analyses_of_the_development_goals_round_trip(engine: Engine) -> None:
    lines = DEV_GOALS.read_text(encoding="utf-8").splitlines()
    texts = [json.loads(line)["text"] for line in lines if line.strip()][:48]
    analyses = [a for a in engine.analyze_many(texts, PLAN) if isinstance(a, Analysis)]
    assert len(analyses) >= 24
    for analysis in analyses:
        round_trips(analysis)


@pytest.fixture(scope="module")
def snapshot(full_engine: Engine) -> dict:
    data = full_engine.analyze("Improve communication with the team by 30 June 2026").to_dict()
    assert data["findings"]
    return data


@pytest.mark.parametrize("key", ANALYSIS_KEYS)
def test_a_snapshot_without_a_required_key_is_refused_by_name(snapshot: dict, key: str) -> None:
    data = {name: value for name, value in snapshot.items() if name != key}
    with pytest.raises(ValueError, match=f"analysis is missing the key\\(s\\): '{key}'"):
        Analysis.from_dict(data)


@pytest.mark.parametrize("key", ["rule", "criterion", "severity", "message", "start", "end"])
def test_a_finding_without_a_key_is_refused_by_name(snapshot: dict, key: str) -> None:
    data = json.loads(json.dumps(snapshot))
    del data["findings"][0][key]
    with pytest.raises(ValueError, match=f"analysis findings\\[0\\] is missing .*'{key}'"):
        Analysis.from_dict(data)


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"score": "57"}, "'score' must be int"),
        ({"score": True}, "'score' must be int"),
        ({"findings": {}}, "'findings' must be list"),
        ({"criteria": {"specific": 3}}, "criteria 'specific' must be str"),
        ({"extracted": {"deadline": 30}}, "extracted 'deadline' must be str or None"),
        ({"extracted": {"due": "June"}}, "extracted has unknown key\\(s\\): 'due'"),
        ({"ready": "yes"}, "'ready' must be bool"),
        ({"notes": "?"}, "analysis has unknown key\\(s\\): 'notes'"),
    ],
)
def test_a_malformed_snapshot_is_refused_saying_what_is_wrong(
    snapshot: dict, change: dict, named: str
) -> None:
    with pytest.raises(ValueError, match=named):
        Analysis.from_dict({**snapshot, **change})


def test_not_an_object_is_refused() -> None:
    with pytest.raises(ValueError, match="analysis must be an object, not list"):
        Analysis.from_dict([])


def test_a_snapshot_from_before_version_and_ready_still_reads(snapshot: dict) -> None:
    old = {key: value for key, value in snapshot.items() if key not in ("version", "ready")}
    analysis = Analysis.from_dict(old)
    assert analysis.version == ""
    assert analysis.ready == snapshot["ready"]  # derived from the findings, not stored


def test_parts_read_back_on_their_own() -> None:
    finding = Finding("r.one", "specific", "error", "Vague.", "Name it.", 0, 7)
    assert Finding.from_dict(finding.to_dict()) == finding
    assert Extracted.from_dict({"deadline": "by May"}) == Extracted(deadline="by May")
    assert Extracted.from_dict({}) == Extracted()
