"""A goal's numbers read from its analysis and from what people type (coach/measures.py)."""

from __future__ import annotations

import pytest

from coach.measures import Measure, amount_text, measure_of, read_amount, read_number


def analysed(text: str, **extracted: str) -> dict:
    """The analyser's to_dict() shape, with the `extracted` fields that matter here."""
    return {"text": text, "findings": [], "extracted": extracted}


@pytest.mark.parametrize(
    ("typed", "value"),
    [("12", 12.0), (" 2.5 ", 2.5), ("1,200", 1200.0), ("-3", -3.0), ("twelve", 12.0),
     ("forty-five", 45.0), ("twelve-ish", None), ("about 12", None),
     ("12 or so", None), ("", None)],
)  # fmt: skip
def test_a_typed_number_is_a_number_or_nothing(typed, value):
    assert read_number(typed) == value


@pytest.mark.parametrize(
    ("words", "amount"),
    [("12 tickets", (12.0, "tickets")), ("95%", (95.0, "%")), ("6 hours", (6.0, "hours")),
     ("twelve tickets", (12.0, "tickets")), ("Median first response 11 h", (None, "")),
     ("3 of 8 reports on time", (None, "")), ("8 per week", (None, ""))],
)  # fmt: skip
def test_words_are_a_number_only_when_they_are_one_amount(words, amount):
    assert read_amount(words) == amount


def test_from_to_gives_baseline_target_and_the_unit_after_the_target():
    analysis = analysed(
        "Reduce the backlog from 12 to 8 tickets by 8 June 2028",
        baseline="12", target="8", quantity="12", metric="the backlog",
    )  # fmt: skip
    assert measure_of(analysis) == Measure(12.0, 8.0, "tickets")


def test_the_unit_the_amounts_carry_wins():
    analysis = analysed("Cut response time from 6 hours to 4 hours", baseline="6 hours",
                        target="4 hours")  # fmt: skip
    assert measure_of(analysis) == Measure(6.0, 4.0, "hours")
    assert measure_of(analysed("Raise coverage from 60% to 90%", baseline="60%", target="90%"))
    assert measure_of(analysed("x", baseline="60%", target="90%")).unit == "%"


def test_a_lone_amount_is_the_target_only_when_it_is_what_the_goal_counts():
    deals = analysed("Close 12 deals per quarter", quantity="12", metric="12 deals")
    assert measure_of(deals) == Measure(None, 12.0, "deals")
    nps = analysed("Increase NPS to 40 by June", quantity="40", metric="NPS")
    assert measure_of(nps) == Measure(None, 40.0, "")
    timing = analysed("Send a summary within one business day", quantity="one",
                      metric="a summary")  # fmt: skip
    assert measure_of(timing) == Measure()


def test_a_relative_change_is_not_a_target():
    assert measure_of(analysed("Cut churn by 15%", target="by 15%")).target is None


def test_amounts_in_words():
    assert amount_text(1200.0, "tickets") == "1,200 tickets"
    assert amount_text(95.0, "%") == "95%"
    assert amount_text(2.5) == "2.5"
    assert amount_text(None, "tickets") == ""
