"""A goal's numbers (services/goals.py, goal_numbers.py): stored as numbers, prefilled from the
text, kept in step with it (the manager confirms), and a number per goal at each check-in."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from builders import FIXED_START, fake_analyze, make_plan
from sqlmodel import select

from coach.db.tables import AuditEvent, CheckInRating, Goal
from coach.errors import ValidationError
from coach.services import goals, plans, tracking
from coach.services.goal_numbers import NumbersDiffer

FROM_TO = re.compile(r"from (\d+) to (\d+) (\w+)")


def says(text: str, context: dict[str, Any]) -> dict[str, Any]:
    """fake_analyze, with the baseline and target a "from 12 to 8 tickets" goal states."""
    analysis = fake_analyze(text, context)
    match = FROM_TO.search(text)
    if match:
        analysis["extracted"] = {"baseline": match[1], "target": match[2], "metric": "backlog"}
    return analysis


TWELVE_TO_EIGHT = "Cut the backlog from 12 to 8 tickets by 1 March."
TWELVE_TO_SIX = "Cut the backlog from 12 to 6 tickets by 1 March."


def add(session, world, plan, **fields):
    return goals.add_goal(
        session=session, actor=world.maria, plan_id=plan.id, analyze=says, **fields
    )


def edit(session, world, goal, **fields):
    return goals.update_goal(
        session=session,
        actor=world.maria,
        goal_id=goal.id,
        version=goal.version,
        analyze=says,
        deadline=goal.deadline,
        **fields,
    )


@pytest.fixture
def draft(session, world):
    return make_plan(session, world, "draft", goal_texts=())


def test_numbers_are_stored_as_numbers_with_their_words(session, world, draft):
    goal = add(session, world, draft, text="Answer 40 calls a day by 1 March.", baseline="25",
               target="40", unit="calls")  # fmt: skip
    stored = session.get(Goal, goal.id)
    assert (stored.baseline_value, stored.target_value, stored.unit) == (25.0, 40.0, "calls")
    assert (stored.baseline, stored.target) == ("25 calls", "40 calls")


def test_empty_number_fields_take_what_the_text_says(session, world, draft):
    goal = add(session, world, draft, text=TWELVE_TO_EIGHT)
    assert (goal.baseline_value, goal.target_value, goal.unit) == (12.0, 8.0, "tickets")


def test_a_number_in_words_of_its_own_is_refused_in_words(session, world, draft):
    with pytest.raises(ValidationError) as raised:
        add(session, world, draft, text=TWELVE_TO_EIGHT, target="twelve-ish")
    assert raised.value.errors["target"] == (
        "Target: enter a number, for example 12 or 2.5 (“twelve-ish” is not one)."
    )
    assert session.exec(select(Goal).where(Goal.plan_id == draft.id)).all() == []


def test_a_new_text_that_says_other_numbers_asks_and_saves_nothing(session, world, draft):
    goal = add(session, world, draft, text=TWELVE_TO_EIGHT)
    with pytest.raises(NumbersDiffer) as raised:
        edit(session, world, goal, text=TWELVE_TO_SIX, baseline="12", target="8",
             unit="tickets")  # fmt: skip
    assert raised.value.errors["numbers"] == (
        "The text now says 6 tickets; the target is 8 tickets."
    )
    session.refresh(goal)
    assert (goal.text, goal.target_value) == (TWELVE_TO_EIGHT, 8.0)


def test_the_manager_takes_the_texts_number_or_keeps_theirs(session, world, draft):
    goal = add(session, world, draft, text=TWELVE_TO_EIGHT)
    goal = edit(session, world, goal, text=TWELVE_TO_SIX, baseline="12", target="8",
                unit="tickets", numbers="text")  # fmt: skip
    assert (goal.target_value, goal.target) == (6.0, "6 tickets")
    kept = add(session, world, draft, text=TWELVE_TO_EIGHT)
    kept = edit(session, world, kept, text=TWELVE_TO_SIX, baseline="12", target="8",
                unit="tickets", numbers="typed")  # fmt: skip
    assert (kept.text, kept.target_value) == (TWELVE_TO_SIX, 8.0)


def test_changing_a_number_but_not_the_text_warns_that_the_text_says_otherwise(
    session, world, draft
):
    goal = add(session, world, draft, text=TWELVE_TO_EIGHT)
    with pytest.raises(NumbersDiffer) as raised:
        edit(session, world, goal, text=TWELVE_TO_EIGHT, baseline="12", target="10",
             unit="tickets")  # fmt: skip
    assert raised.value.errors["numbers"] == (
        "The text says 8 tickets; you entered 10 tickets as the target."
    )


def test_a_changed_target_is_in_the_history_in_words(session, world, draft):
    goal = add(session, world, draft, text=TWELVE_TO_EIGHT)
    edit(session, world, goal, text=TWELVE_TO_SIX, baseline="12", target="6", unit="tickets")
    event = session.exec(
        select(AuditEvent).where(AuditEvent.entity == "goal", AuditEvent.action == "update")
    ).one()
    assert (event.before, event.after) == (
        {"text": TWELVE_TO_EIGHT, "target": "8 tickets"},
        {"text": TWELVE_TO_SIX, "target": "6 tickets"},
    )


def test_words_kept_from_before_numbers_stay_until_a_number_replaces_them(session, world, draft):
    goal = add(session, world, draft, text="Answer calls faster by 1 March.")
    goal.baseline = "Median first response 11 h"  # as migration 0007 leaves such words
    session.add(goal)
    session.commit()
    goal = edit(session, world, goal, text=goal.text, target="4", unit="hours")
    assert (goal.baseline, goal.baseline_value, goal.target) == (
        "Median first response 11 h", None, "4 hours",
    )  # fmt: skip
    goal = edit(session, world, goal, text=goal.text, baseline="11", target="4", unit="hours")
    assert (goal.baseline, goal.baseline_value) == ("11 hours", 11.0)


def rate(session, world, plan, goal, value, day=FIXED_START):
    return tracking.add_check_in(
        session=session,
        actor=world.maria,
        plan_id=plan.id,
        date=day,
        ratings=[{"goal_id": goal.id, "status": "at_risk", "current_value": value}],
    )


def test_a_check_in_records_a_number_in_the_goals_unit(session, world):
    plan = make_plan(session, world, "active")
    (goal,) = plans.plan_goals(session, plan)  # target "90%"
    view = rate(session, world, plan, goal, "81")
    assert (view.ratings[0].value, view.ratings[0].current_value) == (81.0, "81%")
    later = rate(session, world, plan, goal, "84%", FIXED_START + dt.timedelta(days=7))
    assert later.ratings[0].value == 84.0


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("nine-ish",
         "Value now for goal 1: enter a number, for example 9 or 2.5 (“nine-ish” is not one)."),
        ("9 hours", "Goal 1 is counted in percent; enter a percentage (“9 hours” is in hours)."),
    ],
)  # fmt: skip
def test_a_check_in_value_that_is_not_a_number_is_refused_in_words(session, world, typed, message):
    plan = make_plan(session, world, "active")
    (goal,) = plans.plan_goals(session, plan)
    with pytest.raises(ValidationError) as raised:
        rate(session, world, plan, goal, typed)
    assert raised.value.errors["ratings"] == message
    assert session.exec(select(CheckInRating)).all() == []
