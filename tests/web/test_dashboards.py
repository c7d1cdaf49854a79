"""The dashboards: each role's panel on the home page, and a panel per role for several roles."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from builders import TODAY, build_objects
from sqlmodel import select

from coach.db.tables import Goal, Plan
from coach.services import accounts


def panel(response, heading_id: str) -> str:
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    section = soup.find(attrs={"aria-labelledby": heading_id})
    return " ".join(section.get_text(" ").split()) if section else ""


@pytest.fixture
def plans(world, unit, analyze) -> dict[str, dict[str, int]]:
    with unit() as session:
        mine = build_objects(session, world, "maria", "eli", "cole", analyze, tag="mine")
        theirs = build_objects(session, world, "mo", "erin", "cara", analyze, tag="theirs")
    return {"mine": mine, "theirs": theirs}


def test_the_employee_sees_their_plan_with_days_left_and_the_next_check_in(auth, plans):
    text = panel(auth.login("eli").get("/"), "employee-heading")
    assert "Active plan mine" in text and "days left" in text and "next check-in" in text
    assert "theirs" not in text and "Draft plan mine" not in text


def test_the_manager_sees_status_and_readiness(auth, plans):
    text = panel(auth.login("maria").get("/"), "manager-heading")
    assert "Active plan mine" in text and "Draft plan mine" in text
    assert "ready to issue" in text or "goals ready" in text
    assert "theirs" not in text


def test_the_coach_follows_progress_at_a_glance(auth, plans):
    text = panel(auth.login("cole").get("/"), "coach-heading")
    assert "Eli" in text and "days left" in text
    assert "3/5" in text and "at risk" in text, "self vs manager rating per goal"
    assert "Overdue learning: Ticket triage course mine" in text
    assert "last mentor session:" in text and "none yet" not in text
    assert "theirs" not in text and "PRIVATE" not in text


def test_hr_sees_every_plan_and_filters_by_state(auth, plans):
    hana = auth.login("hana")
    text = panel(hana.get("/"), "hr-heading")
    assert "Active plan mine" in text and "Active plan theirs" in text
    drafts = hana.get("/?status=draft", htmx=True)
    body = drafts.get_data(as_text=True)
    assert "<html" not in body and "Draft plan theirs" in body and "Active plan" not in body


def test_the_admin_sees_account_management_and_no_plans(auth, plans):
    response = auth.login("adam").get("/")
    assert "Manage users" in panel(response, "admin-heading")
    assert "plan mine" not in response.get_data(as_text=True)


def test_someone_with_several_roles_sees_each_panel(auth, world, unit, plans):
    with unit() as session:
        accounts.set_roles(
            session=session, actor=world["adam"], user_id=world["hana"].id, roles=["hr", "coach"]
        )
    response = auth.login("hana").get("/")
    assert panel(response, "hr-heading") and panel(response, "coach-heading")


@pytest.fixture
def overdue(world, unit, plans) -> Plan:
    """The active plan moved four weeks back: of its weekly check-ins, the one held a week ago
    is recorded and the two before it were missed."""
    with unit() as session:
        plan = session.get(Plan, plans["mine"]["plan"])
        plan.start_date = TODAY - dt.timedelta(days=28)
        session.add(plan)
        session.commit()
        session.refresh(plan)
        return plan


def overdue_text(first: dt.date, missed: int) -> str:
    count = f" ({missed} missed)" if missed > 1 else ""
    return f"Check-in overdue since {first:%a %-d %b}{count}"


@pytest.mark.parametrize(
    "name, heading",
    [("eli", "employee-heading"), ("maria", "manager-heading"), ("cole", "coach-heading"),
     ("hana", "hr-heading")],
)  # fmt: skip
def test_a_missed_check_in_is_overdue_on_every_dashboard(auth, overdue, name, heading):
    text = panel(auth.login(name).get("/"), heading)
    assert overdue_text(TODAY - dt.timedelta(days=21), 2) in text, text


def test_recording_late_makes_up_the_missed_check_ins(auth, overdue, world, unit):
    maria = auth.login("maria")
    plan_id = overdue.id
    with unit() as session:
        goal = session.exec(select(Goal).where(Goal.plan_id == plan_id)).first()
    first_missed = TODAY - dt.timedelta(days=21)
    page = maria.tab(plan_id, "progress").get_data(as_text=True)
    assert f'<option value="{first_missed.isoformat()}" selected>' in page, "oldest first"
    saved = maria.post(
        f"/plans/{plan_id}/check-ins",
        {"date": TODAY.isoformat(), "kind": "scheduled", "due_date": first_missed.isoformat(),
         f"status-{goal.id}": "on_track", "notes": "Made up the missed one."},
    )  # fmt: skip
    assert saved.status_code == 303
    page = maria.tab(plan_id, "progress").get_data(as_text=True)
    assert "21 days late" in page
    assert overdue_text(TODAY - dt.timedelta(days=14), 1) in panel(
        maria.get("/"), "manager-heading"
    )
    twice = maria.post(
        f"/plans/{plan_id}/check-ins",
        {"date": TODAY.isoformat(), "kind": "scheduled", "due_date": first_missed.isoformat(),
         "notes": "KEEP-THIS-TEXT"},
    )  # fmt: skip
    assert twice.status_code == 422
    body = twice.get_data(as_text=True)
    assert f"The check-in due on {first_missed:%-d %b} was held on {TODAY:%-d %b}." in body
    assert "KEEP-THIS-TEXT" in body, "what was typed is kept"
    maria.post(f"/plans/{plan_id}/check-ins", {"date": TODAY.isoformat(), "kind": "scheduled"})
    text = panel(maria.get("/"), "manager-heading")
    assert "overdue" not in text and "next check-in due" in text
