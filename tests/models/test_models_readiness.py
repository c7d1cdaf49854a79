"""The readiness gate judges what the analyser calls `ready`: an error on specific, measurable,
achievable, time-bound or fair wording blocks issuing (unless a reason is recorded), the refusal
names each blocking goal, and snapshots stored before `ready` existed are judged from their
findings. Stored analyses keep the analyser's `ready` and `version`."""

from __future__ import annotations

import pytest
from builders import FIXED_READY_GOAL, make_plan
from sqlmodel import Session

from coach.analysis import Context
from coach.analysis.model import READINESS_CONCERNS
from coach.db.tables import Goal
from coach.errors import NotReadyError
from coach.policy import lifecycle
from coach.services import plans

# Invented goals, each with one clear-cut blocking error today.
ZERO_BUGS = "Ship zero bugs in every release by 2026-03-01"  # achievable: an absolute outcome
LAZY = "Submit the weekly report by Friday without being so lazy"  # fairness: a personality label


@pytest.fixture
def analyze(engine):
    return lambda text, context: engine.analyze(text, Context.from_mapping(context)).to_dict()


def issue(session, world, plan, reason=None):
    return plans.issue_plan(
        session=session,
        actor=world.maria,
        plan_id=plan.id,
        version=plan.version,
        override_reason=reason,
    )


def refusal(session, world, plan) -> NotReadyError:
    with pytest.raises(NotReadyError) as raised:
        issue(session, world, plan)
    return raised.value


def test_the_data_layer_blocks_on_the_analysers_own_concerns():
    assert lifecycle.READINESS_CONCERNS == READINESS_CONCERNS


@pytest.mark.parametrize(("text", "criterion"), [(ZERO_BUGS, "achievable"), (LAZY, "fairness")])
def test_an_achievability_or_fairness_error_blocks_issuing(
    session, world, analyze, text, criterion
):
    plan = make_plan(session, world, goal_texts=(FIXED_READY_GOAL, text), analyze=analyze)
    error = refusal(session, world, plan)
    assert plan.status == "draft"
    blocked = {(goal_id, finding["criterion"]) for goal_id, finding in error.blocking}
    second = plans.plan_goals(session, plan)[1]
    assert (second.id, criterion) in blocked
    assert {goal_id for goal_id, _ in error.blocking} == {second.id}, "the ready goal is not named"


def test_the_refusal_names_each_blocking_goal_by_number_and_first_words(session, world, analyze):
    plan = make_plan(
        session, world, goal_texts=(ZERO_BUGS, FIXED_READY_GOAL, LAZY), analyze=analyze
    )
    message = str(refusal(session, world, plan))
    assert message.startswith("2 goals are not ready to issue")
    assert "Goal 1 “Ship zero bugs in every…”: achievable" in message
    assert "Goal 3 “Submit the weekly report by…”: fair wording" in message
    assert "Goal 2" not in message
    assert "record why the plan should be issued anyway" in message


def test_an_override_reason_still_issues_a_plan_with_such_errors(session, world, analyze):
    plan = make_plan(session, world, goal_texts=(ZERO_BUGS, LAZY), analyze=analyze)
    issue(session, world, plan, reason="Release quality goal agreed with HR on 2026-01-02.")
    assert plan.status == "issued"
    assert plan.override_reason == "Release quality goal agreed with HR on 2026-01-02."


def test_a_ready_plan_issues_without_a_reason_and_keeps_none(session, world, analyze):
    plan = make_plan(session, world, goal_texts=(FIXED_READY_GOAL,), analyze=analyze)
    issue(session, world, plan, reason="Not needed.")
    assert plan.status == "issued" and plan.override_reason is None


def error_on(criterion):
    return {"criterion": criterion, "severity": "error", "message": f"{criterion} problem"}


@pytest.mark.parametrize(
    ("findings", "ready"),
    [
        ([], True),
        ([error_on("achievable")], False),
        ([error_on("fairness")], False),
        ([{**error_on("achievable"), "severity": "warning"}], True),
        ([error_on("relevant")], True),  # a bare goal cannot be judged against a plan it lacks
    ],
)
def test_a_snapshot_stored_before_ready_existed_is_judged_from_its_findings(findings, ready):
    old = {"text": "An old goal", "findings": findings, "criteria": {}, "score": 70}
    assert lifecycle.is_ready(old) is ready
    assert (lifecycle.blocking_findings(old) == []) is ready


def test_the_stored_ready_wins_and_an_unanalysed_goal_is_never_ready():
    newer = {"findings": [], "ready": False}  # an analyser that blocks on a concern we lack
    assert not lifecycle.is_ready(newer)
    assert lifecycle.blocking_findings(newer)[0]["criterion"] == "readiness"
    assert not lifecycle.is_ready({}) and not lifecycle.is_ready(None)
    assert lifecycle.blocking_findings({})[0]["message"] == "This goal has not been analysed."


def test_a_placeholder_left_in_a_ready_goal_blocks_it_as_a_concern_of_its_own():
    note = {"rule": "wording.placeholder", "criterion": "specific", "severity": "info",
            "message": "“[target]” is a placeholder: fill in the real value."}  # fmt: skip
    stored = {"text": "Cut errors to [target] by 30 June", "findings": [note], "ready": True}
    assert not lifecycle.is_ready(stored)
    [blocking] = lifecycle.blocking_findings(stored)
    assert blocking["criterion"] == "placeholders" and "[target]" in blocking["message"]
    assert lifecycle.criterion_name("placeholders") == "placeholders to fill in"


def test_goal_labels_keep_the_first_five_words():
    assert (
        lifecycle.goal_label(2, "Ship zero bugs, in every release")
        == "Goal 2 “Ship zero bugs, in every…”"
    )
    assert lifecycle.goal_label(1, "Stop, being lazy, about reports, now") == (
        "Goal 1 “Stop, being lazy, about reports…”"
    )
    assert lifecycle.goal_label(4, "Answer the queue.") == "Goal 4 “Answer the queue.”"
    assert lifecycle.goal_label(5, "x" * 1000) == f"Goal 5 “{'x' * 40}…”"


def test_stored_analyses_keep_ready_and_version(db, world, engine, analyze):
    with Session(db) as session:
        plan = make_plan(session, world, goal_texts=(ZERO_BUGS,), analyze=analyze)
        goal_id = plans.plan_goals(session, plan)[0].id
    with Session(db) as session:  # read back from the database, not the identity map
        stored = session.get(Goal, goal_id).analysis
    assert stored["version"] == engine.version
    assert stored["ready"] is False and not lifecycle.is_ready(stored)
