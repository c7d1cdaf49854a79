"""A goal's numbers on the plan page: prefilled from the text as the manager types, refused in
words when they are not numbers, confirmed when they disagree with the text, recorded at each
check-in beside the goal's unit, drawn as a chart, and in the JSON API."""

from __future__ import annotations

import datetime as dt

import pytest
from builders import START, TODAY, advance, draft_plan, field_error, parse
from sqlmodel import select

from coach.db.tables import Goal, Plan
from coach.services import tracking

BACKLOG = "Reduce the open ticket backlog from 40 to 10 tickets by the end of the plan."
BACKLOG_SIX = "Reduce the open ticket backlog from 40 to 6 tickets by the end of the plan."


@pytest.fixture
def plan(unit, world, analyze):
    """Maria's draft for eli, with one goal: "from 40 to 10 tickets"."""
    with unit() as session:
        draft = draft_plan(session, world["maria"], world["eli"], world["cole"], world["hana"],
                           analyze, goal_texts=(BACKLOG,))  # fmt: skip
        goal = session.exec(select(Goal).where(Goal.plan_id == draft.id)).one()
        return {"plan": draft.id, "goal": goal.id, "version": goal.version}


def stored(unit, goal_id):
    with unit() as session:
        return session.get(Goal, goal_id)


def test_the_goal_box_prefills_the_numbers_the_text_says(auth, plan):
    maria = auth.login("maria")
    typed = {"text": BACKLOG, "numbers_prefix": "new-goal", "baseline": "", "target": ""}
    soup = parse(maria.post(f"/plans/{plan['plan']}/goals/preview", typed, htmx=True))
    fields = soup.select_one("#new-goal-numbers[hx-swap-oob]")
    values = {
        name: fields.select_one(f"[name={name}]")["value"]
        for name in ("baseline", "target", "unit")
    }
    assert values == {"baseline": "40", "target": "10", "unit": "tickets"}
    assert "Filled in from the goal’s text" in fields.get_text()


def test_a_number_the_manager_typed_is_kept_and_the_difference_said(auth, plan):
    maria = auth.login("maria")
    typed = {"text": BACKLOG_SIX, "numbers_prefix": "new-goal", "baseline": "40",
             "prefilled_baseline": "40", "target": "12", "prefilled_target": "10",
             "unit": "tickets", "prefilled_unit": "tickets"}  # fmt: skip
    soup = parse(maria.post(f"/plans/{plan['plan']}/goals/preview", typed, htmx=True))
    fields = soup.select_one("#new-goal-numbers")
    assert fields.select_one("[name=target]")["value"] == "12"
    assert "The text says 6 tickets; you entered 12 tickets as the target." in fields.get_text()


def test_the_plan_page_has_the_number_fields_without_javascript(auth, plan):
    soup = parse(auth.login("maria").get(f"/plans/{plan['plan']}/goals"))
    form = soup.select_one("#add-goal form")
    assert form.select_one("#new-goal-baseline[inputmode=decimal]")
    assert form.select_one("#new-goal-unit")


def test_a_target_that_is_not_a_number_is_refused_and_the_typing_kept(auth, plan):
    maria = auth.login("maria")
    text = "Close 12 support tickets a day by the end of the plan."
    response = maria.post(f"/plans/{plan['plan']}/goals", {"text": text, "target": "twelve-ish"})
    assert response.status_code == 422
    soup = parse(response)
    assert soup.select_one("#new-goal-text").get_text().strip() == text
    assert soup.select_one("#new-goal-target")["value"] == "twelve-ish"
    assert field_error(soup, "new-goal-target") == (
        "Target: enter a number, for example 12 or 2.5 (“twelve-ish” is not one)."
    )


def edit(browser, plan, **fields):
    form = {"text": BACKLOG_SIX, "baseline": "40", "target": "10", "unit": "tickets",
            "version": plan["version"]} | fields  # fmt: skip
    return browser.post(f"/goals/{plan['goal']}/edit", form, htmx=True)


def test_a_new_wording_with_other_numbers_asks_which_is_right(auth, plan, unit):
    maria = auth.login("maria")
    asked = edit(maria, plan)
    assert asked.status_code == 422
    soup = parse(asked)
    question = soup.select_one(".goal-numbers__question")
    assert "The text now says 6 tickets; the target is 10 tickets. Which is right?" in (
        question.get_text(" ", strip=True)
    )
    buttons = {b.get_text(strip=True): b["value"] for b in question.select("button[name=numbers]")}
    assert buttons == {"Use 6 tickets": "text", "Keep 10 tickets": "typed"}
    assert soup.select_one("textarea[name=text]").get_text().strip() == BACKLOG_SIX
    assert stored(unit, plan["goal"]).text == BACKLOG, "nothing saved before the answer"
    assert edit(maria, plan, numbers="text").status_code == 200
    goal = stored(unit, plan["goal"])
    assert (goal.text, goal.target_value, goal.target) == (BACKLOG_SIX, 6.0, "6 tickets")


def test_keeping_the_typed_number_saves_it_beside_the_new_text(auth, plan, unit):
    maria = auth.login("maria")
    saved = maria.post(
        f"/goals/{plan['goal']}/edit",
        {"text": BACKLOG_SIX, "baseline": "40", "target": "10", "unit": "tickets",
         "version": plan["version"], "numbers": "typed"},
    )  # fmt: skip
    assert saved.status_code == 303
    assert stored(unit, plan["goal"]).target_value == 10.0


def test_changing_only_a_number_warns_that_the_text_says_otherwise(auth, plan, unit):
    response = edit(auth.login("maria"), plan, text=BACKLOG, target="8")
    assert response.status_code == 422
    assert "The text says 10 tickets; you entered 8 tickets as the target." in (
        parse(response).get_text(" ", strip=True)
    )
    assert stored(unit, plan["goal"]).target_value == 10.0


@pytest.fixture
def tracked(unit, world, analyze, plan):
    """The plan running, with two check-ins that recorded 31 and then 22 tickets."""
    with unit() as session:
        running = session.get(Plan, plan["plan"])
        advance(session, running, world["maria"], world["eli"], "active")
        for offset, value in ((3, "31"), (10, "22 tickets")):
            tracking.add_check_in(
                session=session, actor=world["maria"], plan_id=running.id,
                date=START + dt.timedelta(days=offset), kind="ad_hoc",
                ratings=[{"goal_id": plan["goal"], "status": "at_risk", "current_value": value}],
            )  # fmt: skip
    return plan


def test_progress_is_drawn_with_the_numbers_in_words(auth, unit, tracked):
    deadline = stored(unit, tracked["goal"]).deadline
    for name in ("maria", "eli", "cole", "hana"):
        soup = parse(auth.login(name).get(f"/plans/{tracked['plan']}/goals"))
        chart = soup.select_one(f"#goal-{tracked['goal']} .progress-chart--values")
        assert chart is not None, name
        assert (
            chart.select_one("figcaption")
            .get_text(" ", strip=True)
            .endswith(f"40 → 31 → 22 tickets · target 10 tickets by {deadline.day} {deadline:%b}")
        )
        assert len(chart.select("svg circle.chart__point")) == 3  # the baseline and 2 check-ins
        assert chart.select_one("svg .chart__planned") and chart.select_one("svg .chart__target")
        rows = [[td.get_text() for td in row.select("td")][1:] for row in chart.select("tbody tr")]
        assert rows == [
            ["Baseline", "40 tickets"], ["Check-in", "31 tickets"], ["Check-in", "22 tickets"],
            ["Target", "10 tickets"],
        ]  # fmt: skip
        assert not chart.select("script") and not chart.select("[onload]")


def test_the_check_in_form_shows_the_unit_and_refuses_what_is_not_a_number(auth, tracked):
    maria = auth.login("maria")
    goal = tracked["goal"]
    soup = parse(maria.get(f"/plans/{tracked['plan']}/progress"))
    assert soup.select_one(f"#check-in-new-unit-{goal}").get_text() == "tickets"
    response = maria.post(
        f"/plans/{tracked['plan']}/check-ins",
        {"date": TODAY.isoformat(), "kind": "ad_hoc", f"status-{goal}": "on_track",
         f"value-{goal}": "nine-ish", "notes": "KEEP-THESE-NOTES"},
    )  # fmt: skip
    assert response.status_code == 422
    soup = parse(response)
    assert soup.select_one(f"#check-in-new-value-{goal}")["value"] == "nine-ish"
    assert "(“nine-ish” is not one)" in field_error(soup, "check-in-new-ratings")
    assert "KEEP-THESE-NOTES" in soup.select_one("#check-in-new-notes").get_text()


def test_the_api_gives_the_goals_numbers(auth, tracked):
    answer = auth.login("maria").get(f"/api/plans/{tracked['plan']}").get_json()
    (goal,) = answer["goals"]
    assert (goal["baseline_value"], goal["target_value"], goal["unit"]) == (40.0, 10.0, "tickets")
    assert (goal["baseline"], goal["target"]) == ("40 tickets", "10 tickets")
