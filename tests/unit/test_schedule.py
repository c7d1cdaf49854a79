"""The check-in schedule: due dates from the plan, missed ones stay overdue until recorded."""

from __future__ import annotations

import datetime as dt

from coach.policy.schedule import EARLY_DAYS, Held, build, due_dates

START = dt.date(2026, 1, 5)  # a Monday
END = START + dt.timedelta(days=60)


def day(offset: int) -> dt.date:
    return START + dt.timedelta(days=offset)


def test_due_dates_follow_the_cadence_up_to_the_end():
    assert due_dates(START, END, "weekly") == tuple(day(7 * k) for k in range(1, 9))
    assert due_dates(START, END, "fortnightly") == (day(14), day(28), day(42), day(56))
    assert due_dates(START, day(6), "weekly") == ()


def test_monthly_is_the_same_day_each_month_or_the_months_last():
    assert due_dates(dt.date(2026, 1, 31), dt.date(2026, 5, 1), "monthly") == (
        dt.date(2026, 2, 28),
        dt.date(2026, 3, 31),
        dt.date(2026, 4, 30),
    )


def test_a_missed_check_in_stays_overdue_instead_of_rolling_forward():
    # Held in week 1, nothing since: on day 22 the week-2 and week-3 check-ins are overdue.
    plan = build(START, END, "weekly", [Held(day(7), "scheduled")], today=day(22))
    assert plan.overdue == [day(14), day(21)]
    assert plan.overdue_since == day(14)
    assert plan.next_due == day(28)


def test_a_late_check_in_makes_up_the_oldest_missed_one():
    held = [Held(day(7), "scheduled"), Held(day(22), "scheduled")]
    plan = build(START, END, "weekly", held, today=day(22))
    assert plan.covered[day(14)] == day(22) and plan.overdue == [day(21)]


def test_a_check_in_names_the_due_date_it_was_for():
    held = [Held(day(22), "scheduled", due_date=day(21))]
    plan = build(START, END, "weekly", held, today=day(22))
    assert plan.overdue == [day(7), day(14)]


def test_ad_hoc_check_ins_cover_nothing_and_early_ones_only_just_early():
    ad_hoc = build(START, END, "weekly", [Held(day(7), "ad_hoc")], today=day(8))
    assert ad_hoc.overdue == [day(7)]
    early = build(START, END, "weekly", [Held(day(7 - EARLY_DAYS), "milestone")], today=day(8))
    assert early.overdue == []
    too_early = build(START, END, "weekly", [Held(day(2), "scheduled")], today=day(8))
    assert too_early.overdue == [day(7)]


def test_what_a_check_in_may_be_recorded_for():
    plan = build(START, END, "weekly", [Held(day(7), "scheduled")], today=day(22))
    assert plan.open_for(day(22)) == [day(14), day(21)]
    assert plan.open_for(day(25)) == [day(14), day(21), day(28)]
    assert plan.default_for(day(22)) == day(14)


def test_extending_the_plan_adds_due_dates():
    longer = build(START, END + dt.timedelta(days=14), "weekly", [], today=day(1))
    assert len(longer.due) == len(due_dates(START, END, "weekly")) + 2


def test_today_a_due_check_in_is_next_not_overdue():
    plan = build(START, END, "weekly", [], today=day(7))
    assert plan.overdue == [] and plan.next_due == day(7)
