"""Services: validation, audit in the same transaction, optimistic concurrency, literal storage,
goal changes after signing."""

from __future__ import annotations

import datetime as dt

import pytest
from builders import FIXED_READY_GOAL, FIXED_START, build_world, fake_analyze, make_plan
from sqlalchemy import event
from sqlmodel import Session, select

from coach.db import audit
from coach.db.tables import AuditEvent, Evidence, Goal, GoalRevision, Plan
from coach.db.unit_of_work import commit
from coach.errors import ConflictError, NotFound, TransitionError, ValidationError
from coach.services import goals, plans, tracking


def audit_rows(session, **match):
    query = select(AuditEvent).order_by(AuditEvent.id)
    for name, value in match.items():
        query = query.where(getattr(AuditEvent, name) == value)
    return session.exec(query).all()


def create(session, world, **changes):
    arguments = {
        "session": session,
        "actor": world.maria,
        "employee_id": world.eli.id,
        "title": "Plan",
        "start_date": FIXED_START,
        "length": "30",
        "another_open_plan_confirmed": True,  # test_a_second_open_plan_needs_confirming asks
    } | changes
    return plans.create_plan(**arguments)


def test_a_second_open_plan_needs_confirming(session, world):
    first = create(session, world, another_open_plan_confirmed=False)
    with pytest.raises(ValidationError) as refused:
        create(session, world, another_open_plan_confirmed=False)
    assert list(refused.value.errors) == ["another_open_plan_confirmed"]
    plans.withdraw_plan(
        session=session, actor=world.maria, plan_id=first.id, version=first.version, reason="R"
    )
    assert create(session, world, another_open_plan_confirmed=False).id != first.id


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"title": "bell\x07"}, "title"),
        ({"gap": "g" * 4001}, "gap"),
        ({"start_date": "05/01/2026"}, "start_date"),
        ({"length": "45"}, "length"),
        ({"length": "custom", "end_date": "2026-01-01"}, "end_date"),
        ({"length": "custom", "end_date": None}, "end_date"),
        ({"checkin_cadence": "hourly"}, "checkin_cadence"),
        ({"issue_types": ["Robert'); DROP TABLE plan;--"]}, "issue_types"),
        ({"gap_evidence": [{"date": "yesterday", "text": "x"}]}, "gap_evidence"),
        ({"coach_id": 10_000}, "coach_id"),
        ({"employee_id": None}, "employee_id"),
    ],
)
def test_plan_validation(session, world, changes, field):
    with pytest.raises(ValidationError) as raised:
        create(session, world, **changes)
    assert field in raised.value.errors
    assert session.exec(select(Plan)).all() == []


def test_people_must_hold_their_roles(session, world):
    with pytest.raises(ValidationError) as raised:
        create(
            session,
            world,
            employee_id=world.cole.id,
            coach_id=world.eli.id,
            hr_contact_id=world.maria.id,
        )
    assert set(raised.value.errors) == {"employee_id", "coach_id", "hr_contact_id"}
    with pytest.raises(NotFound):  # only managers create plans
        plans.create_plan(
            session=session,
            actor=world.eli,
            employee_id=world.erin.id,
            title="x",
            start_date=FIXED_START,
        )


def test_lengths_set_the_end_date(session, world):
    assert create(session, world, length="60").end_date == FIXED_START + dt.timedelta(days=60)
    custom = create(session, world, length="custom", end_date="2026-02-20")
    assert custom.end_date == dt.date(2026, 2, 20)


def test_every_change_is_audited(session, world):
    plan = make_plan(session, world, "active")
    (goal,) = plans.plan_goals(session, plan)
    tracking.add_self_assessment(
        session=session,
        actor=world.eli,
        goal_id=goal.id,
        rating="4",
        confidence="high",
        evidence="Hit 92% this week",
    )
    actions = [(e.entity, e.action, e.actor_id) for e in audit_rows(session, plan_id=plan.id)]
    assert actions == [
        ("plan", "create", world.maria.id),
        ("goal", "create", world.maria.id),
        ("plan", "issue", world.maria.id),
        ("plan", "acknowledge", world.eli.id),
        ("plan", "activate", world.maria.id),
        ("self_assessment", "create", world.eli.id),
    ]
    issue = audit_rows(session, plan_id=plan.id, action="issue")[0]
    assert issue.before["status"] == "draft" and issue.after["status"] == "issued"
    assert "title" not in issue.after  # only what changed


def test_audit_and_change_roll_back_together(session, world, db):
    plan = make_plan(session, world)
    plan_id, before = plan.id, len(audit_rows(session))

    def fail(*_args, **_kwargs):
        raise RuntimeError("disk full")

    event.listen(session, "before_commit", fail)
    with pytest.raises(RuntimeError):
        plans.update_plan(
            session=session,
            actor=world.maria,
            plan_id=plan.id,
            version=plan.version,
            title="Renamed",
            start_date=FIXED_START,
            length="90",
        )
    event.remove(session, "before_commit", fail)
    session.close()
    with Session(db) as fresh:
        assert fresh.get(Plan, plan_id).title == "Support response times"
        assert len(fresh.exec(select(AuditEvent)).all()) == before


def test_audit_events_cannot_be_changed(session, world):
    make_plan(session, world)
    event_row = audit_rows(session)[0]
    event_row.action = "forged"
    with pytest.raises(audit.AuditImmutableError):
        session.commit()
    session.rollback()
    session.delete(audit_rows(session)[0])
    with pytest.raises(audit.AuditImmutableError):
        session.commit()


def test_stale_version_is_a_conflict_not_an_overwrite(session, world):
    plan = make_plan(session, world)
    seen = plan.version
    plans.update_plan(
        session=session,
        actor=world.maria,
        plan_id=plan.id,
        version=seen,
        title="First save",
        start_date=FIXED_START,
        length="90",
    )
    with pytest.raises(ConflictError, match="Someone else changed this plan"):
        plans.update_plan(
            session=session,
            actor=world.maria,
            plan_id=plan.id,
            version=seen,
            title="Second save",
            start_date=FIXED_START,
            length="90",
        )
    session.expire_all()
    assert session.get(Plan, plan.id).title == "First save"


def test_concurrent_commit_detected_by_version_column(file_db):
    """A unit of work holding version 1 in memory cannot overwrite version 2: its
    UPDATE ... WHERE version = 1 matches no row, and the caller gets ConflictError."""
    session = Session(file_db, expire_on_commit=False)
    world = build_world(session)
    plan = make_plan(session, world)
    session.close()
    other = Session(file_db, expire_on_commit=False)
    mine = other.get(Plan, plan.id)
    other.commit()  # ends the read; `mine` keeps version 1 in memory
    with Session(file_db, expire_on_commit=False) as theirs:
        plans.update_plan(
            session=theirs,
            actor=world.maria,
            plan_id=plan.id,
            version=plan.version,
            title="Theirs",
            start_date=FIXED_START,
            length="90",
        )
    mine.title = "Mine"
    other.add(mine)
    with pytest.raises(ConflictError):
        commit(other, "plan")
    other.close()
    with Session(file_db) as fresh:
        assert fresh.get(Plan, plan.id).title == "Theirs"


INJECTION = '\' OR 1=1--; DROP TABLE plan; <script>alert(1)</script> "quoted" \\ 😀'


def test_hostile_text_is_stored_and_read_back_literally(session, world, db):
    plan = make_plan(session, world, "active")
    row = tracking.add_evidence(
        session=session,
        actor=world.eli,
        plan_id=plan.id,
        kind="note",
        date=dt.date(2026, 1, 6),
        text=INJECTION,
    )
    plans.assign_people(
        session=session,
        actor=world.maria,
        plan_id=plan.id,
        version=plan.version,
        coach_id=None,
        hr_contact_id=None,
    )
    row_id = row.id
    session.close()
    with Session(db) as fresh:
        assert fresh.get(Evidence, row_id).text == INJECTION
        assert len(fresh.exec(select(Plan)).all()) == 1


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"rating": 0}, "rating"),
        ({"rating": 6}, "rating"),
        ({"rating": "four"}, "rating"),
        ({"rating": True}, "rating"),
        ({"confidence": "total"}, "confidence"),
        ({"evidence": "e" * 4001}, "evidence"),
    ],
)
def test_self_assessment_validation(session, world, arguments, field):
    plan = make_plan(session, world, "active")
    (goal,) = plans.plan_goals(session, plan)
    base = {"rating": 3, "confidence": "low"}
    with pytest.raises(ValidationError) as raised:
        tracking.add_self_assessment(
            session=session, actor=world.eli, goal_id=goal.id, **(base | arguments)
        )
    assert field in raised.value.errors


def test_tracking_dates_and_states(session, world):
    plan = make_plan(session, world, "active")
    (goal,) = plans.plan_goals(session, plan)
    with pytest.raises(ValidationError, match="before the plan start"):
        tracking.add_check_in(
            session=session,
            actor=world.maria,
            plan_id=plan.id,
            date=FIXED_START - dt.timedelta(days=1),
        )
    with pytest.raises(ValidationError, match="future"):
        tracking.add_mentor_session(
            session=session,
            actor=world.eli,
            plan_id=plan.id,
            date=dt.date.today() + dt.timedelta(days=3),
            mentor="Cole",
        )
    with pytest.raises(ValidationError, match="different goal"):
        tracking.add_check_in(
            session=session,
            actor=world.maria,
            plan_id=plan.id,
            date=FIXED_START,
            ratings=[{"goal_id": goal.id, "status": "on_track"}] * 2,
        )
    view = tracking.add_check_in(
        session=session,
        actor=world.maria,
        plan_id=plan.id,
        date=FIXED_START,
        notes="Week 1",
        ratings=[{"goal_id": goal.id, "status": "on_track", "current_value": "81%"}],
    )
    assert view.ratings[0].current_value == "81%"
    issued = make_plan(session, world, "issued")
    (issued_goal,) = plans.plan_goals(session, issued)
    with pytest.raises(TransitionError, match="once it is acknowledged"):
        tracking.add_self_assessment(
            session=session, actor=world.eli, goal_id=issued_goal.id, rating=3, confidence="low"
        )


def test_learning_status_and_completion(session, world):
    plan = make_plan(session, world, "active")
    item = tracking.add_learning_item(
        session=session,
        actor=world.eli,
        plan_id=plan.id,
        title="De-escalation workshop",
        resource_id="cs.deesc",
        due_date="2026-02-01",
    )
    tracking.set_learning_status(
        session=session, actor=world.eli, item_id=item.id, version=item.version, status="done"
    )
    assert item.status == "done" and item.completed_at is not None
    with pytest.raises(ValidationError):
        tracking.set_learning_status(
            session=session,
            actor=world.eli,
            item_id=item.id,
            version=item.version,
            status="skipped",
        )


def test_goal_change_after_signing_needs_reacknowledgement(session, world):
    plan = make_plan(session, world, "active")
    (goal,) = plans.plan_goals(session, plan)
    goals.update_goal(
        session=session,
        actor=world.maria,
        goal_id=goal.id,
        version=goal.version,
        text=goal.text,
        target="95%",
        deadline=dt.date(2026, 3, 15),
        analyze=fake_analyze,
        reason="Team target raised",
    )
    assert goal.needs_acknowledgement
    (revision,) = goals.goal_revisions(session, world.eli, goal.id)
    assert (revision.old_target, revision.new_target) == ("90%", "95%")
    assert (revision.old_deadline, revision.new_deadline) == (
        dt.date(2026, 3, 1),
        dt.date(2026, 3, 15),
    )
    assert revision.acknowledged_at is None
    goals.acknowledge_goal_change(
        session=session, actor=world.eli, goal_id=goal.id, version=goal.version
    )
    session.expire_all()
    assert not session.get(Goal, goal.id).needs_acknowledgement
    assert session.get(GoalRevision, revision.id).acknowledged_at is not None
    with pytest.raises(TransitionError):
        goals.acknowledge_goal_change(
            session=session,
            actor=world.eli,
            goal_id=goal.id,
            version=session.get(Goal, goal.id).version,
        )


def test_goal_rules(session, world):
    plan = make_plan(session, world)
    with pytest.raises(ValidationError, match="within the plan"):
        goals.add_goal(
            session=session,
            actor=world.maria,
            plan_id=plan.id,
            text=FIXED_READY_GOAL,
            deadline="2027-01-01",
            analyze=fake_analyze,
        )
    with pytest.raises(ValidationError, match="1,001 characters"):
        goals.add_goal(
            session=session,
            actor=world.maria,
            plan_id=plan.id,
            text="g" * 1001,
            analyze=fake_analyze,
        )
    extra = goals.add_goal(
        session=session,
        actor=world.maria,
        plan_id=plan.id,
        text="Close 20 tickets weekly.",
        analyze=fake_analyze,
    )
    assert extra.position == 1 and extra.analysis["context"]["start"] == "2026-01-05"
    goals.remove_goal(session=session, actor=world.maria, goal_id=extra.id, version=extra.version)
    assert [g.text for g in plans.plan_goals(session, plan)] == [FIXED_READY_GOAL]
    active = make_plan(session, world, "active")
    (signed,) = plans.plan_goals(session, active)
    with pytest.raises(ValidationError, match="not ready"):  # no override on this plan
        plan_without_override(session, active)
        goals.update_goal(
            session=session,
            actor=world.maria,
            goal_id=signed.id,
            version=signed.version,
            text="Do better.",
            analyze=fake_analyze,
        )


def plan_without_override(session, plan):
    # make_plan issues with an override; clear it directly to test the signed-wording check.
    session.exec(Plan.__table__.update().where(Plan.id == plan.id).values(override_reason=None))
    session.commit()
    session.expire_all()
