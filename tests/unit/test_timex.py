"""The time normaliser: what a goal says about when, read from the raw text."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from coach.analysis.timex import TimeExpression, find_times

START = dt.date(2026, 3, 2)  # a Monday
BOUNDS = {"deadline", "duration", "cadence", "relative"}


def only(text: str, start: dt.date | None = START) -> TimeExpression:
    """The one time expression in `text`."""
    found = find_times(text, start)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "span", "date"),
    [
        ("Hand in the stock report by 30 June 2026.", "by 30 June 2026", dt.date(2026, 6, 30)),
        ("Publish the style guide by June 30th.", "by June 30th", dt.date(2026, 6, 30)),
        ("Book the venue by Jun. 30 at the latest.", "by Jun. 30", dt.date(2026, 6, 30)),
        ("Send the invoices out by Sept. 5.", "by Sept. 5", dt.date(2026, 9, 5)),
        ("Migrate the wiki by Monday, 1 June 2026.", "by Monday, 1 June 2026", dt.date(2026, 6, 1)),
        ("Renew the licence on 30.06.2026.", "on 30.06.2026", dt.date(2026, 6, 30)),
        ("Renew the licence by 2026-06-30.", "by 2026-06-30", dt.date(2026, 6, 30)),
        ("Renew the licence by 06/30/2026.", "by 06/30/2026", dt.date(2026, 6, 30)),
        ("Renew the licence by 30/6.", "by 30/6", dt.date(2026, 6, 30)),
        ("Retire the old scanner by Q3.", "by Q3", dt.date(2026, 9, 30)),
        ("Retire the old scanner by Q1 2027.", "by Q1 2027", dt.date(2027, 3, 31)),
        ("Cut returns by the second quarter.", "by the second quarter", dt.date(2026, 6, 30)),
        (
            "Sell 200 units in the first and second quarters.",
            "in the first and second quarters",
            dt.date(2026, 6, 30),
        ),
        (
            "Cut returns by the end of the fourth quarter.",
            "by the end of the fourth quarter",
            dt.date(2026, 12, 31),
        ),
        ("Open the new depot in H1.", "in H1", dt.date(2026, 6, 30)),
        ("Open the new depot in FY2027.", "in FY2027", dt.date(2027, 12, 31)),
        ("Open the new depot in FY27.", "in FY27", dt.date(2027, 12, 31)),
        ("File the expense claims by EOW.", "by EOW", dt.date(2026, 3, 6)),
        ("File the expense claims by EOM.", "by EOM", dt.date(2026, 3, 31)),
        ("File the expense claims by EOQ.", "by EOQ", dt.date(2026, 3, 31)),
        ("File the expense claims by EOY.", "by EOY", dt.date(2026, 12, 31)),
        (
            "Clear the backlog by the end of the month.",
            "by the end of the month",
            dt.date(2026, 3, 31),
        ),
        (
            "Clear the backlog by the end of next month.",
            "by the end of next month",
            dt.date(2026, 4, 30),
        ),
        ("Train two cover staff by Week 6.", "by Week 6", dt.date(2026, 4, 13)),
        ("Train two cover staff by Month 3.", "by Month 3", dt.date(2026, 5, 31)),
        ("Return the signed form next Friday.", "next Friday", dt.date(2026, 3, 6)),
        ("Return the signed form by mid-June.", "by mid-June", dt.date(2026, 6, 15)),
        ("Return the signed form by the 15th.", "by the 15th", dt.date(2026, 3, 15)),
        ("Ship the mobile build in March 2027.", "in March 2027", dt.date(2027, 3, 31)),
        ("Ship the mobile build by year-end.", "by year-end", dt.date(2026, 12, 31)),
        ("Ship the mobile build by 2027.", "by 2027", dt.date(2027, 12, 31)),
    ],
)
def test_deadlines_resolve_against_the_plan_start(text: str, span: str, date: dt.date) -> None:
    expression = only(text)
    assert (expression.kind, expression.text, expression.date) == ("deadline", span, date)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Clock in by 9:00 on the dot.", "by 9:00"),
        ("Post the rota by 5 PM.", "by 5 PM"),
        ("Post the rota by 7:30 a.m.", "by 7:30 a.m."),
        ("Post the rota by noon.", "by noon"),
        ("Post the rota by end of business.", "by end of business"),
        ("Post the rota by [date].", "by [date]"),
        ("Post the rota by December 20XX.", "by December 20XX"),
        ("Post the rota by DD/MM/YYYY.", "by DD/MM/YYYY"),
        ("Post the rota by ____.", "by ____"),
        ("Mark the essays by the end of the school year.", "by the end of the school year"),
        ("Mark the essays this term.", "this term"),
    ],
)
def test_times_of_day_and_placeholders_are_deadlines_without_a_date(text: str, span: str) -> None:
    expression = only(text)
    assert (expression.kind, expression.text, expression.date) == ("deadline", span, None)


@pytest.mark.parametrize(
    ("text", "span", "days", "date"),
    [
        ("Answer the audit queries within 60 days.", "within 60 days", 60, dt.date(2026, 5, 1)),
        ("Answer the audit queries within a week.", "within a week", 7, dt.date(2026, 3, 9)),
        (
            "Meet every new starter within the first week.",
            "within the first week",
            7,
            dt.date(2026, 3, 9),
        ),
        (
            "Run two demos in the next two months.",
            "in the next two months",
            60,
            dt.date(2026, 5, 1),
        ),
        ("Coach the new hires over twelve weeks.", "over twelve weeks", 84, dt.date(2026, 5, 25)),
        (
            "Shadow a senior nurse within the first 30 days.",
            "within the first 30 days",
            30,
            dt.date(2026, 4, 1),
        ),
        (
            "Log every near miss for forty-five days.",
            "for forty-five days",
            45,
            dt.date(2026, 4, 16),
        ),
        (
            "Pass the exam in one hundred and twenty days.",
            "in one hundred and twenty days",
            120,
            dt.date(2026, 6, 30),
        ),
        ("Rebuild the index in a dozen weeks.", "in a dozen weeks", 84, dt.date(2026, 5, 25)),
        (
            "Keep the error log during a 90-day period.",
            "during a 90-day period",
            90,
            dt.date(2026, 5, 31),
        ),
        (
            "Reach the target within three to six months.",
            "within three to six months",
            180,
            dt.date(2026, 8, 29),
        ),
        (
            "Fix the printer within 5 business days.",
            "within 5 business days",
            7,
            dt.date(2026, 3, 9),
        ),
        (
            "Sign up 40 members in the second two months.",
            "in the second two months",
            60,
            dt.date(2026, 6, 30),
        ),
        (
            "Reach the target 90 days from the start.",
            "90 days from the start",
            90,
            dt.date(2026, 5, 31),
        ),
    ],
)
def test_durations_count_days_and_end_from_the_start(
    text: str, span: str, days: int, date: dt.date
) -> None:
    expression = only(text)
    assert (expression.kind, expression.text, expression.days, expression.date) == (
        "duration",
        span,
        days,
        date,
    )


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Take no sick days without notice during the PIP.", "during the PIP"),
        ("Keep the checklist up for the rest of the plan.", "for the rest of the plan"),
        # the plan's window however it is said: "over / during / throughout the course of"
        ("Cut late starts to zero over the course of the plan.", "over the course of the plan"),
        ("Log every fall during the course of the PIP.", "during the course of the PIP"),
        (
            "Sign each chart throughout the length of the probation.",
            "throughout the length of the probation",
        ),
        ("Answer every page within 4 hours.", "within 4 hours"),
        (
            "Hold the stand-up between [start date] and [end date].",
            "between [start date] and [end date]",
        ),
    ],
)
def test_durations_without_a_length_in_days(text: str, span: str) -> None:
    expression = only(text)
    assert (expression.kind, expression.text, expression.days) == ("duration", span, None)


def test_a_date_range_is_one_period_not_two_deadlines() -> None:
    expression = only("Cover the front desk from 3 May to 28 June.")
    assert (expression.kind, expression.text) == ("duration", "from 3 May to 28 June")
    assert (expression.date, expression.days) == (dt.date(2026, 6, 28), 56)


@pytest.mark.parametrize(
    ("text", "span", "every_days"),
    [
        ("Email the client a daily summary.", "daily", 1),
        ("Hold weekly one-to-ones with each picker.", "weekly", 7),
        ("Run fortnightly fire drills.", "fortnightly", 14),
        ("Meet the mentor biweekly.", "biweekly", 14),
        ("Meet the mentor bi-weekly.", "bi-weekly", 14),
        ("Refresh the risk register annually.", "annually", 365),
        ("Complete the annual compliance course.", "annual", 365),
        ("Back up the laptop every 3 months.", "every 3 months", 90),
        ("Rotate the on-call phone every other week.", "every other week", 14),
        ("Visit the branch twice a month.", "twice a month", 15),
        ("Exercise the backup generator three times a week.", "three times a week", 2),
        ("Demo one feature per sprint.", "per sprint", None),
        ("Count the till at the end of each shift.", "at the end of each shift", None),
        ("Water the plants on Mondays.", "on Mondays", 7),
        ("Water the plants every Friday.", "every Friday", 7),
        ("Share one blocker at each stand-up.", "at each stand-up", None),
        ("Report the spend per quarter.", "per quarter", 91),
        ("Make 40 outbound calls a day.", "a day", 1),
        ("Walk the warehouse floor 3x/week.", "3x/week", 2),
        (
            "Publish the bulletin on the first Monday of every month.",
            "on the first Monday of every month",
            30,
        ),
        ("Reconcile the timesheets each pay period.", "each pay period", None),
    ],
)
def test_cadences_know_their_period(text: str, span: str, every_days: int | None) -> None:
    expression = only(text)
    assert (expression.kind, expression.text, expression.every_days) == (
        "cadence",
        span,
        every_days,
    )


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Refresh the test data before the next review.", "before the next review"),
        ("Run the smoke tests before each release.", "before each release"),
        ("Reconcile the ledgers prior to the audit.", "prior to the audit"),
        ("Draft the training plan by the mid-point review.", "by the mid-point review"),
        ("Acknowledge complaints within 24 hours of receipt.", "within 24 hours of receipt"),
        ("Circulate the minutes two days in advance.", "two days in advance"),
        ("Prepare the figures ahead of the board meeting.", "ahead of the board meeting"),
        ("Raise the pick rate by the end of the PIP.", "by the end of the PIP"),
        ("Close the ticket within the agreed timeframe.", "within the agreed timeframe"),
        ("Flag a delay 3 days before the deadline.", "3 days before the deadline"),
        ("Lock the cabinet before leaving the ward.", "before leaving"),
        # a pronoun with a verb of its own is an event, as "before the van leaves" would be
        ("Label every pallet before it leaves the dock.", "before it"),
        ("Record the patient's weight on admission.", "on admission"),
        ("Answer every referral the same day.", "the same day"),
    ],
)
def test_timing_tied_to_an_event(text: str, span: str) -> None:
    expression = only(text)
    assert (expression.kind, expression.text) == ("relative", span)


@pytest.mark.parametrize(
    "phrase",
    [
        "on time",
        "in a timely way",
        "in a timely manner",
        "in a timely fashion",
        "ongoing",
        "on an ongoing basis",
        "forever",
        "as soon as they arise",
        "as needed",
        "at all times",
        "regularly",
        "asap",
        "soon",
        "eventually",
        "going forward",
        "over time",
        "within a reasonable timeframe",
        "in the coming weeks",
    ],
)
def test_wording_that_sets_no_bound_is_named_but_never_counts(phrase: str) -> None:
    expression = only(f"Return customer calls {phrase}.")
    assert (expression.kind, expression.text) == ("not_a_bound", phrase)


@pytest.mark.parametrize(
    "text",
    [
        "Reduce picking errors by 30.",
        "Raise the survey score from 3 to 5.",
        "Have a 1:1 with the manager.",
        "Goal 4: label every shelf.",
        "Roll out version 2.0 of the handbook.",
        "Staff may attend two workshops.",
        "March the new pallets to bay 3.",
        "Staff may 5x their output with the new scanner.",
        "Score 4/5 on the survey and cut waste by 1/3.",
        "Cut the waste bill by 2000 units.",
        "Complete a 6-week course on forklift safety.",
        "Grow monthly revenue and cut annual churn.",
        "Raise the margin per order by $4.",
        "Beat the sales of last year.",
        "Speak at a regional conference.",
        "Get approval from the review board.",
        "Ask Jan for the keys, approved by Jan.",
        "Keep a 3:1 ratio of pickers to packers.",
        "Fix the leak before it is too late.",
    ],
)
def test_numbers_and_words_that_are_not_times(text: str) -> None:
    assert [e for e in find_times(text, START) if e.kind in BOUNDS] == []


@pytest.mark.parametrize(
    "text",
    [
        "Cut handling time from 45 days to 30 days.",
        "Cut response time from 72h to 24h.",
        "Cut the queue wait from 10 min to 3 min.",
        "Cut waits from 40 minutes per call to 25 minutes per call.",
    ],
)
def test_a_change_in_a_time_metric_is_a_measure_not_a_window(text: str) -> None:
    assert find_times(text, START) == []


@pytest.mark.parametrize(
    "text",
    [
        "Cut complaints from 20/month to 5/month.",
        "Reduce late deliveries from 12 per week to 3 per week.",
        "Bring patient falls down from 6 a month to 2 a month.",
    ],
)
def test_a_change_in_a_rate_is_a_measure_whose_period_is_its_unit(text: str) -> None:
    # Changed 2026-12-02 (branch timemeasure): this test used to read the rate's period as a
    # cadence ("the target is held month by month"). The labelled goals say otherwise, three
    # to one ("from 20/month to 5/month", "from 2/week to 10/week", "1M to 10M req/day" are
    # not time-bound; "from 8 per month to <3 per month" was labelled so): a change says
    # where a figure goes, and still needs a when. "5 complaints a month" alone, a standard
    # held, stays a cadence (test below).
    assert [e for e in find_times(text, START) if e.kind == "cadence"] == []


def test_a_rate_held_as_a_standard_is_a_cadence() -> None:
    kinds = [e.kind for e in find_times("Keep complaints under 5 a month.", START)]
    assert kinds == ["cadence"]


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Send the rota by Septmber 5.", dt.date(2026, 9, 5)),
        ("Send the rota by Feburary 2027.", dt.date(2027, 2, 28)),
        ("Send the rota by 12 Decemeber 2026.", dt.date(2026, 12, 12)),
        ("Send the rota in Agust.", dt.date(2026, 8, 31)),
    ],
)
def test_misspelt_months_still_resolve(text: str, date: dt.date) -> None:
    expression = only(text)
    assert (expression.kind, expression.date) == ("deadline", date)


def test_an_english_word_close_to_a_month_is_not_one() -> None:
    assert find_times("Win the match 5 to nil.", START) == []


@pytest.mark.parametrize(
    "text",
    [
        "Finish the audit by 31 February 2026.",
        "Finish the audit by 2026-13-45.",
        "Finish the audit by 1 January 9999.",
        "Finish the audit within 9999999 years.",
    ],
)
def test_impossible_dates_keep_the_expression_but_no_date(text: str) -> None:
    expression = only(text)
    assert expression.kind in ("deadline", "duration")
    assert expression.date is None


def test_without_a_start_only_dates_with_a_year_resolve() -> None:
    found = find_times("By 30 June 2026, and again by Week 6, within 60 days and next Friday.")
    dates = {e.text: e.date for e in found}
    assert dates == {
        "By 30 June 2026": dt.date(2026, 6, 30),
        "by Week 6": None,
        "within 60 days": None,
        "next Friday": None,
    }


def test_spans_are_offsets_into_exactly_the_text_given() -> None:
    text = "🚀 Ünïcode first — then ship by 30 June 2026 and review every Friday, ASAP."
    found = find_times(text, START)
    assert [e.text for e in found] == ["by 30 June 2026", "every Friday", "ASAP"]
    assert all(text[e.start : e.end] == e.text for e in found)


def test_expressions_come_in_text_order_and_never_overlap() -> None:
    text = (
        "Within the next two months, cut the average resolution time from 9 hours to 6 hours by "
        "reviewing the queue every Friday, sending a summary two days before each monthly "
        "review, and passing the course by 30 June 2026, so tickets close on time."
    )
    found = find_times(text, START)
    assert [e.kind for e in found] == [
        "duration",
        "cadence",
        "relative",
        "deadline",
        "not_a_bound",
    ]
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))


@pytest.mark.parametrize(
    "text",
    ["", " ", "x" * 1000, "," * 10_000, "9" * 500, "by " * 300, "[[[[[[", "1:1:1:1:1"],
)
def test_odd_input_gives_no_error(text: str) -> None:
    assert isinstance(find_times(text, START), list)


@pytest.mark.parametrize(
    ("text", "occasion"),
    [
        ("Wipe down the tables after each sitting.", "after each sitting"),
        ("Check the tyre pressures before every delivery run.", "before every delivery run"),
        ("Reset line 3 after each product changeover.", "after each product changeover"),
        ("Count the float at the close of every trading day.", "at the close of every trading day"),
    ],
)
def test_a_time_word_before_each_or_every_makes_an_occasion(text: str, occasion: str) -> None:
    # Any noun after "after each" is an occasion, whether or not it is a known event word.
    assert [(e.kind, e.text) for e in find_times(text, START)] == [("cadence", occasion)]


def test_each_or_every_alone_is_not_an_occasion() -> None:
    assert find_times("Greet each customer and thank every caller.", START) == []


def test_for_the_plan_alone_is_a_purpose_not_the_plans_window() -> None:
    assert find_times("Prepare three talking points for my plan.", START) == []
