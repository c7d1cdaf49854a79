""" "Needs your attention" at the top of every dashboard: per persona, what waits for someone
(acknowledgement, check-ins, learning, changed goals to sign; for HR, plans issued with an
override), each linking to the tab of the plan page where it is done."""

from __future__ import annotations

import datetime as dt

import pytest
from builders import TODAY, VAGUE_GOAL, advance, build_objects, draft_plan, parse
from sqlmodel import select

from coach.db.tables import Goal, LearningItem, Plan
from coach.services import goals as goal_services


def attention(browser) -> list[tuple[str, str]]:
    """(text, link) of each item under "Needs your attention" on the dashboard."""
    soup = parse(browser.get("/"))
    section = soup.find(attrs={"aria-labelledby": "attention-heading"})
    assert section is not None, "the dashboard starts with Needs your attention"
    first_card = soup.select_one("main .card")
    assert first_card is section, "it comes first"
    return [(" ".join(a.get_text().split()), a["href"]) for a in section.select("li a")]


def texts(items: list[tuple[str, str]]) -> str:
    return " | ".join(text for text, _ in items)


@pytest.fixture
def ids(world, unit, analyze) -> dict[str, int]:
    with unit() as session:
        mine = build_objects(session, world, "maria", "eli", "cole", analyze, tag="mine")
        theirs = build_objects(session, world, "mo", "erin", "cara", analyze, tag="theirs")
    return {**mine, "theirs": theirs["plan"]}


@pytest.fixture
def overdue(unit, ids) -> Plan:
    """The active plan moved four weeks back: two weekly check-ins missed."""
    with unit() as session:
        plan = session.get(Plan, ids["plan"])
        plan.start_date = TODAY - dt.timedelta(days=28)
        session.add(plan)
        session.commit()
        session.refresh(plan)
        return plan


def link_of(items, words: str) -> str:
    found = [href for text, href in items if words in text]
    assert found, f"no item saying {words!r} in {texts(items)}"
    return found[0]


def test_the_manager_is_asked_to_record_an_overdue_check_in(auth, overdue):
    items = attention(auth.login("maria"))
    since = f"{TODAY - dt.timedelta(days=21):%a %-d %b}"
    href = link_of(items, f"Record the check-in with Eli: overdue since {since} (2 missed)")
    assert href == f"/plans/{overdue.id}/progress#plan-check-ins", "where the form is"
    page = parse(auth.login("maria").get(href.split("#")[0]))
    assert page.select_one("#plan-check-ins form"), "the place to act"


@pytest.mark.parametrize("name", ["eli", "cole", "hana"])
def test_everyone_on_the_plan_sees_the_overdue_check_in(auth, overdue, name):
    assert "overdue since" in texts(attention(auth.login(name)))


def test_overdue_learning_for_the_employee_and_the_coach(auth, ids, unit):
    with unit() as session:
        item = session.exec(select(LearningItem).where(LearningItem.plan_id == ids["plan"])).first()
    eli, cole = attention(auth.login("eli")), attention(auth.login("cole"))
    href = link_of(eli, "Your learning is overdue: “Ticket triage course mine”")
    assert href == f"/plans/{ids['plan']}/support#learning-{item.id}"
    assert link_of(cole, "Eli’s learning is overdue") == href
    assert "theirs" not in texts(eli) + texts(cole), "only their own plans"


def test_an_issued_plan_waits_for_the_employees_acknowledgement(auth, world, unit, analyze):
    with unit() as session:
        plan = draft_plan(session, world["maria"], world["erin"], None, world["hana"], analyze,
                          title="Reporting on time")  # fmt: skip
        advance(session, plan, world["maria"], world["erin"], "issued")
    erin = attention(auth.login("erin"))
    href = link_of(erin, "Read your plan “Reporting on time” and acknowledge it")
    assert href == f"/plans/{plan.id}#lifecycle"
    assert parse(auth.login("erin").get(href)).select_one("#lifecycle form[action$=acknowledge]")
    assert "Waiting for Erin to acknowledge “Reporting on time”" in texts(
        attention(auth.login("maria"))
    )


def test_a_changed_goal_waits_for_the_employees_signature(auth, world, unit, ids, analyze):
    with unit() as session:
        goal = session.get(Goal, ids["goal"])
        goal_services.update_goal(
            session=session, actor=world["maria"], goal_id=goal.id, version=goal.version,
            text=goal.text.replace("90%", "85%"), target="85%", deadline=goal.deadline,
            reason="Agreed at the check-in", analyze=analyze,
        )  # fmt: skip
    eli = attention(auth.login("eli"))
    href = link_of(eli, "Goal 1 of “Active plan mine” changed: read and sign the change")
    assert href == f"/plans/{ids['plan']}/goals#goal-{goal.id}"
    card = parse(auth.login("eli").get(href.split("#")[0])).select_one(f"#goal-{goal.id}")
    assert card.select_one("form[action$=acknowledge]"), "the place to sign"
    assert "Waiting for Eli to sign the change to goal 1" in texts(attention(auth.login("maria")))


def test_hr_sees_plans_issued_with_an_override(auth, world, unit, analyze):
    with unit() as session:
        plan = draft_plan(session, world["maria"], world["erin"], None, world["hana"], analyze,
                          title="Vague plan", goal_texts=(VAGUE_GOAL,))  # fmt: skip
        advance(session, plan, world["maria"], world["erin"], "issued")
        assert session.get(Plan, plan.id).override_reason == "Agreed with HR."
    hana = attention(auth.login("hana"))
    href = link_of(hana, "“Vague plan” (Erin) was issued although goals still needed work")
    assert "“Agreed with HR.”" in texts(hana) and href.startswith(f"/plans/{plan.id}#")
    assert "still needed work" not in texts(attention(auth.login("maria"))), "HR's to follow"


def test_nothing_waiting_is_said_in_words(auth, world):
    soup = parse(auth.login("zoe").get("/"))
    section = soup.find(attrs={"aria-labelledby": "attention-heading"})
    assert "Nothing needs your attention right now" in section.get_text()
    assert not section.select("li")
