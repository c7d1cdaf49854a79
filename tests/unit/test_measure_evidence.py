"""Which numbers, dates and deliverables are the goal's own test (analysis/measure_evidence.py).

Every sentence is invented for this file; what a user sees is the measurable and time-bound
verdicts (flagged = missing or partly).
"""

from __future__ import annotations

import pytest

# The rules' own reading of structure, pinned here; the learned second opinion that weighs
# the verdicts afterwards is tested in test_second_opinion.py.
RULES_ONLY = True

FLAGGED = ("missing", "partly")


def flagged(engine, text: str, criterion: str) -> bool:
    return engine.analyze(text).criteria[criterion] in FLAGGED


@pytest.mark.parametrize(
    "text",
    [
        "Reply to supplier queries more quickly.",
        "Write up near-miss reports properly.",
        "Turn round the lab results faster.",
        "Answer the ward phone more politely.",
        "Take the audit actions more seriously.",
    ],
)
def test_a_deliverable_judged_by_its_manner_is_not_measurable(engine, text):
    assert flagged(engine, text, "measurable")


@pytest.mark.parametrize(
    "text",
    [
        "Reply to supplier queries within 2 working days.",
        "Write up every near-miss report on the incident system.",
        "Answer the ward phone within five rings, 9 calls out of 10.",
        "Submit the rota for next month later than usual only with approval.",
    ],
)
def test_a_deliverable_done_or_not_stays_measurable(engine, text):
    assert not flagged(engine, text, "measurable")


@pytest.mark.parametrize(
    "text",
    [
        "By the end of March, feel more confident presenting case reviews.",
        "Get better at using the booking system.",
        "Following the 2 incidents in the car park, be more vigilant on patrol.",
    ],
)
def test_a_feeling_or_a_state_of_mind_is_not_measurable(engine, text):
    assert flagged(engine, text, "measurable")


def test_getting_a_thing_is_not_a_state_of_mind(engine):
    assert not flagged(engine, "Get a forklift licence by 30 June.", "measurable")


@pytest.mark.parametrize(
    "text",
    [
        "Drive down agency spend on the ward.",
        "Bring down the number of missed pick-ups.",
        "Speed up the month-end close.",
    ],
)
def test_a_phrasal_verb_of_change_needs_a_number(engine, text):
    assert flagged(engine, text, "measurable")


def test_a_phrasal_verb_of_change_with_its_figures_is_measurable(engine):
    text = "Drive down agency spend from £9k to £6k a month by June."
    assert not flagged(engine, text, "measurable")


@pytest.mark.parametrize(
    "text",
    [
        "Show stronger leadership of the 12-person cleaning crew.",  # describes the crew
        "As one of 4 duty managers, make sure the floor feels calmer.",  # a role
        "Improve the ward's audit results from last year's 71%.",  # where things start
    ],
)
def test_numbers_that_do_not_measure_the_goal_are_not_a_measure(engine, text):
    assert flagged(engine, text, "measurable")


@pytest.mark.parametrize(
    "text",
    [
        "Collect written praise from at least 3 patients this month.",  # not a starting point
        "Run a 2-day refresher for the 6 new porters by May.",
        "Keep the 24-hour turnaround on repair requests.",
        "Raise the audit score from 71% to 85% by the autumn review.",
        "Study for at least 2 hours per week until the exam.",
    ],
)
def test_numbers_that_measure_the_goal_still_count(engine, text):
    assert not flagged(engine, text, "measurable")


def test_the_date_of_a_reason_is_not_a_deadline(engine):
    text = "Following the complaint received in April, apologise to the customer in writing."
    assert flagged(engine, text, "time_bound")
    kept = "Following the complaint received in April, apologise to the customer by 3 May."
    assert not flagged(engine, kept, "time_bound")


def test_a_goal_with_a_colon_heading_is_analysed(engine):
    """The frame once crashed on a heading before a colon."""
    analysis = engine.analyze("Stock checks: do them more carefully.")
    assert analysis.criteria["measurable"] in FLAGGED


@pytest.mark.parametrize(
    "text",
    [
        "Keep the fire exits clear during the next 6 weeks.",
        "Keep the medicine trolley locked on every shift.",
    ],
)
def test_a_thing_kept_so_over_a_stated_time_can_be_checked(engine, text):
    assert not flagged(engine, text, "measurable")


def test_a_thing_kept_so_with_no_end_cannot(engine):
    assert flagged(engine, "Keep the fire exits clear.", "measurable")
    assert flagged(engine, "Maintain a positive outlook for 90 days.", "measurable")


def test_a_thing_had_done_is_a_deliverable(engine):
    assert not flagged(engine, "Get the delivery vans serviced.", "measurable")
    assert flagged(engine, "Get the delivery vans serviced.", "time_bound")


def test_a_concrete_act_on_each_occasion_is_measurable(engine):
    assert not flagged(engine, "Employee will arrive on time for every booked shift.", "measurable")
    assert not flagged(engine, "Greet each resident by name at every visit.", "measurable")
    assert flagged(engine, "Be courteous at every shift.", "measurable")  # a trait, each time


def test_a_count_of_shifts_is_a_count(engine):
    assert not flagged(engine, "Shadow the senior porter for 4 shifts.", "measurable")


@pytest.mark.parametrize(
    "text",
    [
        "Complete the cleaning schedule to a high standard each week.",  # a standard unnamed
        "Keep agency hours to a minimum each month.",  # a level unnamed
        "Process returns efficiently every shift.",  # a manner judged
        "Write clearer discharge letters by the end of the month.",  # better by no amount
    ],
)
def test_an_unnamed_standard_or_level_is_not_a_test(engine, text):
    assert flagged(engine, text, "measurable")


def test_a_named_standard_is_a_test(engine):
    text = "Complete the cleaning schedule to the standard in the housekeeping guide each week."
    assert not flagged(engine, text, "measurable")


def test_a_number_in_the_name_of_an_occasion_is_no_quantity(engine):
    assert flagged(engine, "Take a calmer approach to parents' evening by half-term.", "measurable")
