"""The time normaliser on forms a first reading missed: workplace periods ("two pay periods"),
the end or rest of anything ("by the end of the summer season"), qualified cadences ("each
calendar month") and misspelt words of time ("within the frist two weeks")."""

from __future__ import annotations

import pytest

from coach.analysis.timex import find_times
from coach.analysis.timex.typos import correct_time_typos, time_word_for


def kinds(text: str) -> list[tuple[str, str]]:
    return [(e.kind, e.text) for e in find_times(text)]


@pytest.mark.parametrize(
    ("text", "kind", "span"),
    [
        ("Cut rework over the next 3 pay periods.", "duration", "over the next 3 pay periods"),
        ("Clear the queue within 2 billing cycles.", "duration", "within 2 billing cycles"),
        ("Audit one payroll run each pay period.", "cadence", "each pay period"),
        ("Close 80% of cases during each calendar month.", "cadence", "during each calendar month"),
        ("File one report every financial quarter.", "cadence", "every financial quarter"),
        ("Reopen the terrace by the end of the spring season.", "relative",
         "by the end of the spring season"),
        ("Hand over the keys before the close of the tenancy.", "relative",
         "before the close of the tenancy"),
        ("Cover the late desk for the rest of the quarter.", "duration",
         "for the rest of the quarter"),
        ("Mentor the apprentice for the remainder of the contract.", "duration",
         "for the remainder of the contract"),
        # a stint with its length, a modifier between: the goal's window
        ("Log 40 prescriptions during your six-week pharmacy placement.", "duration",
         "during your six-week pharmacy placement"),
        ("Shadow the ward sister in my 4-week rotation.", "duration", "in my 4-week rotation"),
        # the plan's own weeks, with "my" or "your" as well as "the"
        ("Sign off the induction checklist by the end of your fifth week.", "deadline",
         "by the end of your fifth week"),
        # a range of years: up to its last
        ("Refurbish both playgrounds in 2027-2028.", "deadline", "in 2027-2028"),
        ("Clear the backlog of appraisals in FY2027/28.", "deadline", "in FY2027/28"),
    ],
)  # fmt: skip
def test_periods_and_ends_are_time(text: str, kind: str, span: str) -> None:
    assert (kind, span) in kinds(text)


def test_a_year_range_ends_with_its_last_year_and_a_month_is_no_range() -> None:
    (expression,) = find_times("Refurbish both playgrounds in 2027-28.")
    assert expression.date is not None and expression.date.year == 2028
    assert kinds("Publish the budget for 2027-03.") == []  # March, not back to 2003
    assert kinds("Reuse the 2027-28 budget template.") == []  # which budget, not when


def test_the_end_of_a_calendar_period_keeps_its_date() -> None:
    """The generic "end of ..." reading never takes over a calendar one, which has a date."""
    assert kinds("Ship the form by the end of the month all teams use.") == [
        ("deadline", "by the end of the month")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Put the summary at the end of the report.",  # a place
        "Fix the end of the conveyor belt.",
        "Count 3 periods of absence as one.",
    ],
)
def test_ends_and_periods_that_are_not_time(text: str) -> None:
    assert kinds(text) == []


@pytest.mark.parametrize(
    ("text", "kind", "span"),
    [
        ("Finish the checklist within the frist two weeks.", "duration",
         "within the frist two weeks"),
        ("Reply to referrals wihtin 3 days.", "duration", "wihtin 3 days"),
        ("Restock the van evrey Friday.", "cadence", "evrey Friday"),
        ("Submit the rota by the end of teh month.", "deadline", "by the end of teh month"),
        ("Walk the floor ecah shift.", "cadence", "ecah shift"),
        # "withe" is a noun, so "withing" is no inflection of it: "-ing" is a verb's ending
        ("Return missed calls withing 2 hours.", "duration", "withing 2 hours"),
    ],
)  # fmt: skip
def test_misspelt_words_of_time_are_read(text: str, kind: str, span: str) -> None:
    assert (kind, span) in kinds(text)


def test_english_words_near_a_word_of_time_stay_as_typed() -> None:
    assert time_word_for("weak") is None  # English: not "week"
    assert time_word_for("seek") is None
    assert time_word_for("weeded") is None  # a verb's "-ed": English, not "weekend"
    assert time_word_for("frist") == "first"
    assert kinds("Improve the weak areas of the seed catalogue.") == []


def test_corrections_keep_every_offset() -> None:
    text = "within the fiirst week"  # a letter too many: read as "first" and a space
    corrected = correct_time_typos(text)
    assert len(corrected) == len(text)
    assert corrected.startswith("within the first ")
    assert [e.text for e in find_times(text)] == ["within the fiirst week"]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Repaint the beach huts by the summer.", "by the summer"),
        ("Clear the refurbishment snags before Christmas.", "before Christmas"),
        ("Run two parents' evenings over the winter.", "over the winter"),
        ("Mark all Year 9 mocks by half-term.", "by half-term"),
        ("Train the kiosk staff by launch.", "by launch"),
        ("Migrate the ledgers before go-live.", "before go-live"),
        ("Agree the care plan by our next supervision.", "by our next supervision"),
        ("Cut missed scans to 2 a week by the 60-day mark.", "the 60-day mark"),
    ],
)
def test_seasons_holidays_and_bare_events_bound_a_goal(text: str, span: str) -> None:
    assert span in [e.text for e in find_times(text)]


def test_handover_is_an_occasion_each_shift() -> None:
    assert ("cadence", "at shift handover") in kinds("Brief the charge nurse at shift handover.")


@pytest.mark.parametrize(
    "text",
    ["Write the summer menu.", "Launch the loyalty app.", "Plan the Christmas party."],
)
def test_seasons_and_events_as_names_are_not_time(text: str) -> None:
    assert kinds(text) == []


def test_the_end_of_the_plans_own_month_or_week_is_a_deadline() -> None:
    import datetime as dt

    found = find_times("Finish all e-learning by the end of the first month.", dt.date(2026, 3, 2))
    assert [(e.kind, e.text, e.date) for e in found] == [
        ("deadline", "by the end of the first month", dt.date(2026, 4, 1))
    ]
    # "within the first week" stays a window of seven days
    assert [(e.kind, e.days) for e in find_times("Log in within the first week.")] == [
        ("duration", 7)
    ]


def test_through_an_occasion_is_a_window() -> None:
    assert ("duration", "through their first audit cycle") in kinds(
        "Mentor two juniors through their first audit cycle."
    )
    assert kinds("Walk the visitors through the system.") == []


@pytest.mark.parametrize(
    ("text", "kind", "span"),
    [
        # occasions that recur, in the plural with no determiner: timed by them
        ("Write up a reflection after lessons.", "relative", "after lessons"),
        ("Raise blockers at team meetings.", "relative", "at team meetings"),
        # a stint everyone in it knows the length of, said without its length
        ("See 5 patients a week during my preceptorship.", "duration", "during my preceptorship"),
        ("Shadow the charge nurse until the end of the internship.", "duration",
         "until the end of the internship"),
        # a limit on how long something may take
        ("No query waits more than one business day for an answer.", "duration",
         "more than one business day"),
        ("Keep no ticket open for longer than 3 days.", "duration", "for longer than 3 days"),
        # the window a metric is averaged over
        ("Keep a 7-day average rating of 4.5 stars.", "duration", "a 7-day average"),
        # "by" the plan's or a stint's nth week: by the time it begins
        ("By the second week of the placement, present one case.", "deadline",
         "By the second week"),
    ],
)  # fmt: skip
def test_occasions_stints_limits_and_windows_are_time(text: str, kind: str, span: str) -> None:
    assert (kind, span) in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        # the value a time metric keeps to is its measure; by when is still to say
        "Keep average handling time under 5 minutes.",
        "Keep wait times to average no longer than 15 minutes.",
        "Cut the wait to no more than 10 minutes.",
        # occasions a goal names, not ones it is timed by
        "Speak at events.",
        "Attend meetings.",
    ],
)
def test_time_metric_values_and_named_occasions_are_not_time(text: str) -> None:
    assert kinds(text) == []


@pytest.mark.parametrize(
    ("text", "kind", "span"),
    [
        # the year a result is reached in, after a verb of ending
        ("Finish 2027 with a whole-school attendance rate of 95%.", "deadline", "Finish 2027"),
        ("End 2026 on budget.", "deadline", "End 2026"),
        # a date slot marked by an X
        ("Hand in the signed risk assessments by X date.", "deadline", "by X date"),
        # the end of an amount of time is a window of that length
        ("Run the mentoring scheme by the end of one year.", "duration",
         "by the end of one year"),
        ("Clear the filing backlog by the end of 6 weeks.", "duration", "by the end of 6 weeks"),
    ],
)  # fmt: skip
def test_a_year_ended_and_a_marked_date_slot_are_time(text: str, kind: str, span: str) -> None:
    assert (kind, span) in kinds(text)


@pytest.mark.parametrize(
    "text",
    ["Finish the 2025 accounts.", "Finish 2025 accounts for the charity.", "Sign up with X."],
)
def test_a_year_that_names_a_thing_is_not_time(text: str) -> None:
    assert kinds(text) == []
