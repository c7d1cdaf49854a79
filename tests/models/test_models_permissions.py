"""Who sees and does what: every role × relation against every getter and service.

Cast (builders.World): maria manages the plan, eli is its employee, cole its coach, hana
is HR, adam the admin; mo, erin and cara are a manager, employee and coach with no link to it.
"""

from __future__ import annotations

import datetime as dt

import pytest
from builders import FIXED_READY_GOAL, fake_analyze, make_plan

from coach.db.tables import (
    ActionItem,
    Evidence,
    Goal,
    LearningItem,
    MentorSession,
    SelfAssessment,
)
from coach.errors import NotFound
from coach.policy import permissions
from coach.policy.permissions import Forbidden
from coach.services import accounts, goals, plans, tracking

SENTINEL = "PRIVATE-SENTINEL-7f3a"
READERS = {"maria", "eli", "cole", "hana"}
EVERYONE = ("maria", "mo", "eli", "erin", "cole", "cara", "hana", "adam")


@pytest.fixture
def tracked(session, world):
    """An active plan with one of everything, and a check-in with private notes."""
    plan = make_plan(session, world, "active")
    (goal,) = plans.plan_goals(session, plan)
    ids = {"plan": plan.id, "goal": goal.id}
    ids["check_in"] = tracking.add_check_in(
        session=session,
        actor=world.maria,
        plan_id=plan.id,
        date=dt.date(2026, 1, 12),
        notes="Good week.",
        private_notes=SENTINEL,
        ratings=[{"goal_id": goal.id, "status": "at_risk", "current_value": "70%"}],
    ).id
    ids["action_item"] = tracking.add_action_item(
        session=session,
        actor=world.eli,
        goal_id=goal.id,
        text="Triage the queue daily by 10:00.",
        analyze=fake_analyze,
    ).id
    ids["self_assessment"] = tracking.add_self_assessment(
        session=session, actor=world.eli, goal_id=goal.id, rating=3, confidence="medium"
    ).id
    ids["learning_item"] = tracking.add_learning_item(
        session=session, actor=world.maria, plan_id=plan.id, title="Zendesk macros course"
    ).id
    ids["mentor_session"] = tracking.add_mentor_session(
        session=session,
        actor=world.cole,
        plan_id=plan.id,
        date=dt.date(2026, 1, 14),
        mentor="Cole",
        topics="Prioritising",
    ).id
    ids["evidence"] = tracking.add_evidence(
        session=session,
        actor=world.eli,
        plan_id=plan.id,
        kind="achievement",
        date=dt.date(2026, 1, 15),
        text="Cleared the backlog.",
    ).id
    return ids


GETTERS = {
    "plan": permissions.plan_for,
    "goal": permissions.goal_for,
    "check_in": lambda session, user, row_id: permissions.check_in_for(session, user, row_id),
    "action_item": permissions.action_item_for,
    "self_assessment": permissions.self_assessment_for,
    "learning_item": permissions.learning_item_for,
    "mentor_session": permissions.mentor_session_for,
    "evidence": permissions.evidence_for,
}


@pytest.mark.parametrize("entity", GETTERS)
def test_read_matrix(session, world, tracked, entity):
    for name in EVERYONE:
        user = getattr(world, name)
        if name in READERS:
            assert GETTERS[entity](session, user, tracked[entity]).id == tracked[entity], name
        else:
            with pytest.raises(NotFound) as raised:
                GETTERS[entity](session, user, tracked[entity])
            assert type(raised.value) is NotFound, name  # the same as a missing id
    with pytest.raises(NotFound):
        GETTERS[entity](session, world.hana, 987654)


TABLES = [Goal, ActionItem, SelfAssessment, LearningItem, MentorSession, Evidence]


@pytest.mark.parametrize("table", TABLES, ids=lambda table: table.__name__)
def test_list_matrix(session, world, tracked, table):
    for name in EVERYONE:
        user = getattr(world, name)
        if name in READERS:
            assert len(tracking.plan_rows(session, user, tracked["plan"], table)) == 1, name
        else:
            with pytest.raises(NotFound):
                tracking.plan_rows(session, user, tracked["plan"], table)


def test_private_notes_only_for_manager_and_hr(session, world, tracked):
    for name in READERS:
        user = getattr(world, name)
        views = [
            permissions.check_in_for(session, user, tracked["check_in"]),
            *tracking.plan_check_ins(session, user, tracked["plan"]),
        ]
        for view in views:
            assert (SENTINEL in repr(view)) == (name in {"maria", "hana"}), name
    for name in ("eli", "cole"):
        user = getattr(world, name)
        readable = [permissions.plan_for(session, user, tracked["plan"])]
        for table in TABLES:
            readable += tracking.plan_rows(session, user, tracked["plan"], table)
        assert all(SENTINEL not in repr(row) for row in readable), name
        with pytest.raises(NotFound):  # the audit trail holds the notes: HR only
            permissions.audit_for(session, user, tracked["plan"])
    assert any(
        SENTINEL in repr(e.after)
        for e in permissions.audit_for(session, world.hana, tracked["plan"])
    )


def write_calls(session, world, ids):
    """One call per service, made as `user` against the tracked plan's objects."""

    def fresh(table, row_id):
        session.expire_all()
        return session.get(table, row_id).version

    from coach.db.tables import CheckIn, Plan

    return {
        "update_goal": lambda user: goals.update_goal(
            session=session,
            actor=user,
            goal_id=ids["goal"],
            version=fresh(Goal, ids["goal"]),
            text=FIXED_READY_GOAL,
            target="95%",
            analyze=fake_analyze,
        ),
        "set_goal_status": lambda user: goals.set_goal_status(
            session=session,
            actor=user,
            goal_id=ids["goal"],
            version=fresh(Goal, ids["goal"]),
            status="open",
        ),
        "add_action_item": lambda user: tracking.add_action_item(
            session=session,
            actor=user,
            goal_id=ids["goal"],
            text="Review 5 tickets by Friday.",
            analyze=fake_analyze,
        ),
        "add_check_in": lambda user: tracking.add_check_in(
            session=session, actor=user, plan_id=ids["plan"], date="2026-01-19"
        ),
        "comment_on_check_in": lambda user: tracking.comment_on_check_in(
            session=session,
            actor=user,
            check_in_id=ids["check_in"],
            version=fresh(CheckIn, ids["check_in"]),
            comment="Agreed.",
        ),
        "add_self_assessment": lambda user: tracking.add_self_assessment(
            session=session, actor=user, goal_id=ids["goal"], rating=4, confidence="high"
        ),
        "add_learning_item": lambda user: tracking.add_learning_item(
            session=session, actor=user, plan_id=ids["plan"], title="Time management course"
        ),
        "set_learning_status": lambda user: tracking.set_learning_status(
            session=session,
            actor=user,
            item_id=ids["learning_item"],
            version=fresh(LearningItem, ids["learning_item"]),
            status="in_progress",
        ),
        "add_mentor_session": lambda user: tracking.add_mentor_session(
            session=session, actor=user, plan_id=ids["plan"], date="2026-01-20", mentor="Cole"
        ),
        "add_evidence": lambda user: tracking.add_evidence(
            session=session,
            actor=user,
            plan_id=ids["plan"],
            kind="note",
            date="2026-01-20",
            text="Shadowed a senior agent.",
        ),
        "assign_people": lambda user: plans.assign_people(
            session=session,
            actor=user,
            plan_id=ids["plan"],
            version=fresh(Plan, ids["plan"]),
            coach_id=world.cole.id,
            hr_contact_id=world.hana.id,
        ),
        "extend_plan": lambda user: plans.extend_plan(
            session=session,
            actor=user,
            plan_id=ids["plan"],
            version=fresh(Plan, ids["plan"]),
            new_end_date=session.get(Plan, ids["plan"]).end_date + dt.timedelta(days=1),
            reason="Leave",
        ),
        "audit_for": lambda user: permissions.audit_for(session, user, ids["plan"]),
    }


WRITERS = {
    "update_goal": {"maria"},
    "set_goal_status": {"maria"},
    "add_action_item": {"eli"},
    "add_check_in": {"maria"},
    "comment_on_check_in": {"eli"},
    "add_self_assessment": {"eli"},
    "add_learning_item": {"maria", "eli"},
    "set_learning_status": {"maria", "eli"},
    "add_mentor_session": {"eli", "cole"},
    "add_evidence": {"eli"},
    "assign_people": {"maria", "hana"},
    "extend_plan": {"maria", "hana"},
    "audit_for": {"hana"},
}


@pytest.mark.parametrize("service", WRITERS)
def test_write_matrix(session, world, tracked, service):
    call = write_calls(session, world, tracked)[service]
    for name in EVERYONE:
        user = getattr(world, name)
        if name in WRITERS[service]:
            call(user)
            continue
        with pytest.raises(NotFound) as raised:
            call(user)
        session.rollback()
        # Those who can read the plan learn only that they may not; others learn nothing.
        expected = Forbidden if name in READERS else NotFound
        assert type(raised.value) is expected, (service, name)


def test_drafts_are_the_managers_until_issued(session, world):
    draft = make_plan(session, world)
    for name in EVERYONE:
        visible = name in {"maria", "hana"}
        user = getattr(world, name)
        assert (draft in permissions.visible_plans(session, user)) == visible, name
        if not visible:
            with pytest.raises(NotFound):
                permissions.plan_for(session, user, draft.id)


def test_plan_lists(session, world):
    elis = make_plan(session, world, "active")
    erins = make_plan(session, world, "issued", employee=world.erin, coach=world.cara)
    listed = {
        name: {p.id for p in permissions.visible_plans(session, getattr(world, name))}
        for name in EVERYONE
    }
    assert listed == {
        "maria": {elis.id, erins.id},
        "mo": set(),
        "eli": {elis.id},
        "erin": {erins.id},
        "cole": {elis.id},
        "cara": {erins.id},
        "hana": {elis.id, erins.id},
        "adam": set(),
    }
    assert [p.id for p in permissions.visible_plans(session, world.hana, "issued")] == [erins.id]


def test_role_needed_as_well_as_link(session, world):
    plan = make_plan(session, world, "active")
    world.cole.roles = "employee"  # no longer a coach: the coach_id link alone grants nothing
    session.add(world.cole)
    session.commit()
    with pytest.raises(NotFound):
        permissions.plan_for(session, world.cole, plan.id)
    world.eli.is_active = False
    with pytest.raises(NotFound):
        permissions.plan_for(session, world.eli, plan.id)


def test_admin_manages_accounts_only(session, world):
    assert len(accounts.list_users(session, world.adam)) == 8
    for name in EVERYONE:
        if name != "adam":
            with pytest.raises(NotFound):
                accounts.list_users(session, getattr(world, name))
