"""Time words that name a thing against times that bound the goal, backlogs cleared to zero,
and rewrites that keep "on time" when it is the goal's own part (eval/README's rules).

A point in time that modifies a noun only names it ("publish the Q3 stock report"); a time
that recurs, on what the action does each time it comes round, is the goal's cadence ("run
the Monday huddle", "complete the month-end reconciliations"); on the action's topic only, it
names ("train two starters on the year-end payroll process"). Sentences invented here.
"""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "goal",
    [
        "Publish the Q3 stock report to the area managers.",
        "Prepare the January sale displays in the front windows.",
        "Train two new starters on the year-end payroll process.",
        "Train the cooks on the weekly deep-clean checklist.",
        "Update the holiday rota for the ward.",
    ],
)
def test_a_time_that_only_names_the_thing_is_no_bound(engine, goal):
    analysis = engine.analyze(goal)
    assert analysis.flagged("time_bound"), analysis.evidence


@pytest.mark.parametrize(
    "goal",
    [
        "Run the Monday huddle for the picking team.",
        "Complete the month-end bank reconciliations for all three accounts.",
        "Lead the end-of-shift handover for the night team.",
        "Send the daily takings summary to the store manager.",
        "Complete 100% of the quarterly site inspections.",
        # a dated occasion, or the window of a measure, still bounds the goal
        "Reach a hand hygiene score of 95% in the June audit.",
        "Pass the June food safety exam.",
        "Complete the Q3 fire door inspection.",
        "Hit the Q3 sales target of 400 units.",
        "Submit the rota on Monday morning.",
        "Publish the Q3 stock report by 10 October.",
    ],
)
def test_a_recurring_occasion_done_each_time_or_a_dated_one_bounds_the_goal(engine, goal):
    analysis = engine.analyze(goal)
    assert not analysis.flagged("time_bound"), analysis.evidence


def test_a_recurring_occasion_is_a_cadence_not_a_deadline(engine):
    analysis = engine.analyze("Run the Monday huddle for the picking team.")
    assert analysis.extracted.deadline is None
    assert "cadence" in analysis.evidence


@pytest.mark.parametrize(
    "goal",
    [
        "Clear the repairs backlog.",
        "Clear the overdue maintenance jobs on the fleet vehicles.",
        "Close out the remaining audit findings for the kitchen.",
        "Eliminate the overdue supplier invoices.",
        "Resolve all open tickets in the support queue.",
        "Get the branch audit actions closed by Thursday.",
    ],
)
def test_a_backlog_cleared_to_zero_is_measurable(engine, goal):
    assert not engine.analyze(goal).flagged("measurable")


@pytest.mark.parametrize(
    "goal",
    ["Reduce the backlog.", "Work on the overdue invoices.", "Keep the loading bay tidy."],
)
def test_a_change_or_open_ended_work_on_a_backlog_is_not(engine, goal):
    assert engine.analyze(goal).flagged("measurable")


def test_clearing_a_backlog_is_achievable_and_zero_errors_is_not(engine):
    cleared = engine.analyze("Bring the number of open snagging items to zero before handover.")
    assert not cleared.flagged("achievable")
    assert engine.analyze("Eliminate all picking errors this quarter.").flagged("achievable")


@pytest.mark.parametrize(
    ("goal", "kind"),
    [
        ("Finalise the timetable by the last day of the spring term.", "relative"),
        ("Complete the module by the time the new rota starts.", "relative"),
        ("Send the summary by end-of-day Friday.", "deadline"),
    ],
)
def test_deadlines_in_odd_forms(goal, kind):
    from coach.analysis.timex import find_times

    assert kind in [expression.kind for expression in find_times(goal)]


@pytest.mark.parametrize(
    ("goal", "bounded"),
    [
        ("Reduce late deliveries from 12 a month to 3 a month.", False),
        ("Reduce complaints to 5 a month.", False),
        ("Lower failed deployments from 6/month to 2/month.", False),
        ("Reduce mis-picks from 14 per week to 4 per week by 30 September.", True),
        ("Make 40 outbound calls per day.", True),
        ("Keep complaints under 5 a month.", True),
        # a rate in the clause that says how: how often that is done, a cadence
        ("Improve communication with parents by sending 2 updates a week.", True),
    ],
)
def test_a_change_to_a_rate_needs_a_when_a_rate_held_is_a_cadence(engine, goal, bounded):
    assert engine.analyze(goal).flagged("time_bound") is not bounded


@pytest.mark.parametrize(
    ("goal", "bounded"),
    [
        ("Help with the weekly stock count.", True),
        ("Be more organised with the month-end returns.", False),
    ],
)
def test_a_recurring_time_said_of_a_state_names_its_topic(engine, goal, bounded):
    assert engine.analyze(goal).flagged("time_bound") is not bounded
