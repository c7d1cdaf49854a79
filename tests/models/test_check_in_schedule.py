"""Recording check-ins against the schedule: the due date each is for, and the refusals."""

from __future__ import annotations

import datetime as dt

import pytest
from builders import FIXED_START, make_plan

from coach.errors import ValidationError
from coach.services import tracking


def week(n: int) -> dt.date:
    return FIXED_START + dt.timedelta(days=7 * n)


def record(session, world, plan, held_on, **extra):
    return tracking.add_check_in(
        session=session, actor=world.maria, plan_id=plan.id, date=held_on, **extra
    )


def test_a_check_in_is_for_the_oldest_open_due_date_unless_told(session, world):
    plan = make_plan(session, world, "active")
    assert record(session, world, plan, week(3)).due_date == week(1), "makes up the missed one"
    assert record(session, world, plan, week(3), due_date=week(3)).due_date == week(3)
    left = tracking.check_in_schedule(session, world.maria, plan, week(3) + dt.timedelta(days=1))
    assert left.overdue == [week(2)]
    assert record(session, world, plan, week(3), kind="ad_hoc").due_date is None


@pytest.mark.parametrize(
    "extra, message",
    [
        ({"due_date": week(1) + dt.timedelta(days=1)}, "No check-in is due on"),
        ({"due_date": week(4)}, "is too early for the one due on"),
        ({"kind": "ad_hoc", "due_date": week(1)}, "An ad hoc check-in is not for a due date"),
        ({"due_date": "next week"}, "date"),
    ],
)
def test_due_dates_that_do_not_fit_are_refused_on_their_field(session, world, extra, message):
    plan = make_plan(session, world, "active")
    with pytest.raises(ValidationError) as refused:
        record(session, world, plan, week(2), **extra)
    assert message.lower() in refused.value.errors["due_date"].lower()


def test_a_due_date_is_recorded_once(session, world):
    plan = make_plan(session, world, "active")
    record(session, world, plan, week(1))
    with pytest.raises(ValidationError) as refused:
        record(session, world, plan, week(2), due_date=week(1))
    held = f"{week(1):%-d %b}"
    assert refused.value.errors["due_date"] == f"The check-in due on {held} was held on {held}."


def test_a_check_in_cannot_be_recorded_before_it_is_held(session, world):
    plan = make_plan(session, world, "active")
    with pytest.raises(ValidationError) as refused:
        record(session, world, plan, dt.date.today() + dt.timedelta(days=3))
    assert refused.value.errors == {"date": "The date cannot be in the future."}
