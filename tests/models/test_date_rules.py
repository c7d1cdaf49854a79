"""Dates with rules and reasons: due dates inside the plan, goal verdicts once it has started,
and closing as succeeded over goals marked not met only when the manager confirms it."""

from __future__ import annotations

import datetime as dt

import pytest
from builders import FIXED_START, fake_analyze, make_plan

from coach.errors import ValidationError
from coach.services import goals, plans, tracking

AFTER_END = FIXED_START + dt.timedelta(days=91)  # make_plan's plans run 90 days


def refused(call) -> dict[str, str]:
    with pytest.raises(ValidationError) as raised:
        call()
    return raised.value.errors


def test_action_items_and_learning_are_due_inside_the_plan(session, world):
    plan = make_plan(session, world, "active")
    (goal,) = plans.plan_goals(session, plan)
    action = refused(
        lambda: tracking.add_action_item(
            session=session,
            actor=world.eli,
            goal_id=goal.id,
            text="Answer five waiting tickets each morning.",
            due_date=AFTER_END,
            analyze=fake_analyze,
        )
    )
    learning = refused(
        lambda: tracking.add_learning_item(
            session=session,
            actor=world.maria,
            plan_id=plan.id,
            title="Triage course",
            due_date=AFTER_END,
        )
    )
    expected = "The plan ends on 5 Apr 2026; choose a due date by then (or extend the plan first)."
    assert action == {"due_date": expected} and learning == {"due_date": expected}


def test_a_goal_is_judged_only_once_the_plan_has_started(session, world):
    plan = make_plan(session, world, "active")
    plan.start_date = dt.date.today() + dt.timedelta(days=7)
    plan.end_date = plan.start_date + dt.timedelta(days=60)
    session.add(plan)
    session.commit()
    (goal,) = plans.plan_goals(session, plan)
    errors = refused(
        lambda: goals.set_goal_status(
            session=session, actor=world.maria, goal_id=goal.id, version=goal.version,
            status="not_met",
        )
    )  # fmt: skip
    assert "a goal can be marked met or not met once it has started" in errors["status"]


def test_closing_as_succeeded_over_goals_not_met_needs_confirmation(session, world):
    plan = make_plan(session, world, "active", goal_texts=("Close 40 tickets a week.", "B goal."))
    first, _ = plans.plan_goals(session, plan)
    goals.set_goal_status(
        session=session, actor=world.maria, goal_id=first.id, version=first.version,
        status="not_met",
    )  # fmt: skip

    def close(**extra):
        return plans.close_plan(
            session=session, actor=world.hana, plan_id=plan.id, version=plan.version,
            outcome="succeeded", **extra,
        )  # fmt: skip

    errors = refused(close)
    assert errors == {
        "confirmed": "Goal 1 “Close 40 tickets a week.” is marked not met. To close the plan "
        "as succeeded anyway, tick the box to confirm."
    }
    assert plan.status == "active", "nothing changed"
    assert close(confirmed=True).outcome == "succeeded"


def test_goal_comments_are_the_employees_from_issue_until_closing(session, world):
    from coach.errors import TransitionError
    from coach.policy.permissions import Forbidden

    draft = make_plan(session, world)
    (goal,) = plans.plan_goals(session, draft)
    with pytest.raises(Exception) as before_issue:
        goals.comment_on_goal(session=session, actor=world.eli, goal_id=goal.id, text="Hi")
    assert before_issue.type.__name__ == "NotFound", "a draft is not the employee's yet"
    plan = make_plan(session, world, "issued")
    (goal,) = plans.plan_goals(session, plan)
    comment = goals.comment_on_goal(
        session=session, actor=world.eli, goal_id=goal.id, text="The target ignores weekends."
    )
    assert comment.plan_id == plan.id and comment.author_id == world.eli.id
    with pytest.raises(Forbidden):
        goals.comment_on_goal(session=session, actor=world.maria, goal_id=goal.id, text="No.")
    plans.withdraw_plan(
        session=session, actor=world.maria, plan_id=plan.id, version=plan.version, reason="R"
    )
    with pytest.raises(TransitionError):
        goals.comment_on_goal(session=session, actor=world.eli, goal_id=goal.id, text="Later")
