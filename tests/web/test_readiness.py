"""Verdict, score and readiness agree on the pages: a goal with an achievability or fairness
error is marked not ready on the plan page, issuing is refused with the blocking goals named
(an override reason still issues), and no summary says "nothing to fix" while an error stands."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from builders import DEADLINE, READY_GOAL, draft_plan

from coach.db.tables import Plan

# Invented goals, each with one clear-cut blocking error today.
ZERO_BUGS = "Ship zero bugs in every release by {deadline}"  # achievable: an absolute outcome
LAZY = "Submit the weekly report by Friday without being so lazy"  # fairness: a personality label


def parse(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def words(node) -> str:
    return " ".join(node.get_text(" ").split())


@pytest.fixture
def plan(world, unit, analyze) -> Plan:
    with unit() as session:
        return draft_plan(session, world["maria"], world["eli"], world["cole"], world["hana"],
                          analyze, goal_texts=(READY_GOAL, ZERO_BUGS, LAZY))  # fmt: skip


def badges(soup: BeautifulSoup) -> list[str]:
    """The Ready / Needs work badge of every goal card, in order."""
    return [words(card.select_one(".goal-card__head .tag")) for card in soup.select(".goal-card")]


def test_the_plan_page_marks_achievability_and_fairness_errors_not_ready(auth, plan):
    soup = parse(auth.login("maria").tab(plan.id, "goals"))
    assert badges(soup) == ["Ready", "Needs work", "Needs work"]
    readiness = words(soup.select_one("#readiness"))
    assert "1 of 3 goals are ready to issue" in readiness
    assert [item.get_text() for item in soup.select("#readiness .reasons li")] == [
        "Goal 2 “Ship zero bugs in every…”: achievable",
        "Goal 3 “Submit the weekly report by…”: fair wording",
    ]
    second = soup.select(".goal-card")[1]
    assert "Achievable:" in words(second.select_one(".blocking"))


def test_issuing_is_refused_with_the_blocking_goals_named_then_overridden(auth, plan, unit):
    maria = auth.login("maria")
    refused = maria.post(f"/plans/{plan.id}/issue", {"version": plan.version})
    assert refused.status_code == 422
    notice = words(parse(refused).select_one("#lifecycle .notice--problem"))
    assert "2 goals are not ready to issue" in notice
    assert "Goal 2 “Ship zero bugs in every…”: achievable" in notice
    assert "Goal 3 “Submit the weekly report by…”: fair wording" in notice
    assert "Goal 1" not in notice
    with unit() as session:
        assert session.get(Plan, plan.id).status == "draft"
    reason = "Release targets agreed with HR."
    issued = maria.post(
        f"/plans/{plan.id}/issue", {"version": plan.version, "override_reason": reason}
    )
    assert issued.status_code == 303
    with unit() as session:
        stored = session.get(Plan, plan.id)
        assert stored.status == "issued" and stored.override_reason == reason


def test_the_live_goal_preview_says_not_ready_for_an_achievability_error(auth, plan):
    text = ZERO_BUGS.format(deadline=DEADLINE.isoformat())
    maria = auth.login("maria")
    preview = maria.post(f"/plans/{plan.id}/goals/preview", {"text": text}, htmx=True)
    summary = words(parse(preview).select_one(".preview__summary"))
    assert "Not ready yet" in summary and "Achievable" in summary.title()
    assert "nothing to fix" not in summary.lower()


@pytest.mark.parametrize("goal", [ZERO_BUGS.format(deadline="30 June 2026"), LAZY])
def test_the_analyser_never_says_nothing_to_fix_while_an_error_stands(browser, goal):
    soup = parse(browser.post("/analyze", {"goal": goal}, htmx=True))
    verdict = words(soup.select_one("#verdict"))
    assert verdict.startswith("Score ") and "Not ready yet" in verdict
    assert "nothing to fix" not in verdict.lower()
    page = words(soup).lower()
    assert "not ready" in words(soup.select_one(".score__ready")).lower()
    assert "nothing to rewrite" not in page and "well done" not in page


def test_a_clean_goal_is_ready_on_the_analyser(browser):
    goal = "Reduce invoice errors from 12 to 4 per month by 30 June 2026"
    soup = parse(browser.post("/analyze", {"goal": goal}, htmx=True))
    assert words(soup.select_one(".score__ready")).startswith("Ready")
    assert "Not ready" not in words(soup.select_one("#verdict"))


def test_a_goal_with_unfilled_placeholders_is_not_praised_as_reading_well(browser):
    soup = parse(
        browser.post("/analyze", {"goal": "Raise the pick rate to XX% by [date]"}, htmx=True)
    )
    notes = [words(item) for item in soup.select(".finding__message")]
    assert any("“XX%” is a placeholder" in note for note in notes)
    page = words(soup).lower()
    assert "fill in each placeholder" in page and "already reads well" not in page
    # the same verdict as the plan's gate: not ready until filled in, and which words to fill
    assert words(soup.select_one(".score__ready")).startswith("Not ready Fill in XX%, [date]")
    verdict = words(soup.select_one("#verdict"))
    assert "Not ready yet: fill in XX% and [date] first." in verdict
    assert "nothing to fix" not in verdict.lower() and "nothing that blocks" not in verdict.lower()


UNFILLED = "Cut picking errors from 12 to [target] a week by {deadline}"  # a template's slot left


@pytest.fixture
def templated_plan(world, unit, analyze) -> Plan:
    texts = (READY_GOAL, UNFILLED.format(deadline=DEADLINE.isoformat()))
    with unit() as session:
        return draft_plan(session, world["maria"], world["eli"], world["cole"], world["hana"],
                          analyze, goal_texts=texts)  # fmt: skip


def test_a_goal_with_a_placeholder_left_blocks_issuing_until_filled_in(auth, templated_plan, unit):
    maria = auth.login("maria")
    soup = parse(maria.tab(templated_plan.id, "goals"))
    assert badges(soup) == ["Ready", "Needs work"]
    assert [item.get_text() for item in soup.select("#readiness .reasons li")] == [
        "Goal 2 “Cut picking errors from 12…”: placeholders to fill in"
    ]
    refused = maria.post(f"/plans/{templated_plan.id}/issue", {"version": templated_plan.version})
    assert refused.status_code == 422
    assert "placeholders to fill in" in words(
        parse(refused).select_one("#lifecycle .notice--problem")
    )
    with unit() as session:
        assert session.get(Plan, templated_plan.id).status == "draft"
