"""Coaches and reporting lines (issue 12, item 10) in the services: who reports to whom and who
sets it, plans only for one's reports, planned mentor sessions marked held afterwards, and the
coach's private notes that nobody else reads."""

from __future__ import annotations

import datetime as dt

import pytest
from builders import FIXED_START, make_plan
from sqlmodel import select

from coach.db.tables import AuditEvent, CoachNote, MentorSession
from coach.errors import ConflictError, NotFound, TransitionError, ValidationError
from coach.services import (
    accounts,
    coach_notes,
    corrections,
    history,
    plans,
    privacy,
    reads,
    tracking,
)

TODAY = dt.date.today()
NOTE = "COACH-NOTE-SENTINEL: worried about the weekend rota"


# -- reporting lines --------------------------------------------------------------------------


@pytest.mark.parametrize("setter", ["hana", "adam"])
def test_hr_and_admins_set_a_reporting_line_with_an_audit_event(session, world, setter):
    accounts.set_manager(
        session=session, actor=world[setter], user_id=world.erin.id, manager_id=world.mo.id
    )
    assert world.erin.manager_id == world.mo.id
    (event,) = session.exec(select(AuditEvent).where(AuditEvent.action == "manager")).all()
    assert event.actor_id == world[setter].id and event.entity_id == world.erin.id
    assert event.before == {"manager_id": world.maria.id} and event.after == {
        "manager_id": world.mo.id
    }


def test_setting_the_same_manager_again_records_nothing(session, world):
    accounts.set_manager(
        session=session, actor=world.hana, user_id=world.eli.id, manager_id=world.maria.id
    )
    assert session.exec(select(AuditEvent).where(AuditEvent.action == "manager")).all() == []


@pytest.mark.parametrize("name", ["maria", "eli", "cole"])
def test_nobody_else_sets_reporting_lines(session, world, name):
    with pytest.raises(NotFound):
        accounts.set_manager(
            session=session, actor=world[name], user_id=world.erin.id, manager_id=world[name].id
        )
    assert world.erin.manager_id == world.maria.id


@pytest.mark.parametrize(
    ("employee", "manager", "words"),
    [
        ("erin", "cole", "Manager role"),  # not a manager
        ("maria", "maria", "cannot be their own manager"),
        ("erin", 10_000, "Manager role"),  # no such account
        ("erin", "two", "Manager role"),  # not an id at all
    ],
)
def test_a_reporting_line_that_cannot_stand_is_refused_in_words(
    session, world, employee, manager, words
):
    manager_id = world[manager].id if manager in world.users else manager
    with pytest.raises(ValidationError) as refused:
        accounts.set_manager(
            session=session, actor=world.hana, user_id=world[employee].id, manager_id=manager_id
        )
    assert words in refused.value.errors["manager_id"]
    assert "_" not in refused.value.errors["manager_id"]


def test_a_reporting_line_cannot_go_round_in_a_circle(session, world):
    world.mo.roles = "manager employee"
    session.add(world.mo)
    session.commit()
    accounts.set_manager(
        session=session, actor=world.hana, user_id=world.mo.id, manager_id=world.maria.id
    )
    world.maria.roles = "manager employee"
    with pytest.raises(ValidationError) as refused:
        accounts.set_manager(
            session=session, actor=world.hana, user_id=world.maria.id, manager_id=world.mo.id
        )
    assert "circle" in refused.value.errors["manager_id"]


def test_a_manager_opens_plans_only_for_their_reports(session, world):
    accounts.set_manager(
        session=session, actor=world.hana, user_id=world.erin.id, manager_id=world.mo.id
    )
    with pytest.raises(ValidationError) as refused:
        plans.create_plan(
            session=session,
            actor=world.maria,
            employee_id=world.erin.id,
            title="Not mine",
            start_date=FIXED_START,
        )
    assert "only for someone who reports to you" in refused.value.errors["employee_id"]
    assert "Erin" not in refused.value.errors["employee_id"]  # names nobody she may not see
    plan = plans.create_plan(
        session=session,
        actor=world.mo,
        employee_id=world.erin.id,
        title="Mo's",
        start_date=FIXED_START,
    )
    assert plan.manager_id == world.mo.id
    assert [user.name for user in accounts.reports_of(session, world.maria)] == ["Eli"]
    assert [user.name for user in accounts.reports_of(session, world.mo)] == ["Erin"]


def test_the_second_open_plan_still_needs_confirming_for_a_report(session, world):
    common = {
        "session": session,
        "actor": world.maria,
        "employee_id": world.eli.id,
        "title": "P",
        "start_date": FIXED_START,
    }
    plans.create_plan(**common)
    with pytest.raises(ValidationError) as refused:
        plans.create_plan(**common)
    assert list(refused.value.errors) == ["another_open_plan_confirmed"]


# -- planned mentor sessions ------------------------------------------------------------------


@pytest.fixture
def running(session, world):
    """An active plan of maria's for eli coached by cole, running from a week ago."""
    plan = make_plan(session, world, "draft")
    plan.start_date, plan.end_date = TODAY - dt.timedelta(days=7), TODAY + dt.timedelta(days=53)
    session.add(plan)
    session.commit()
    for action, actor in (("issue", world.maria), ("acknowledge", world.eli)):
        extra = {"override_reason": "Agreed."} if action == "issue" else {}
        getattr(plans, f"{action}_plan")(
            session=session, actor=actor, plan_id=plan.id, version=plan.version, **extra
        )
    plans.activate_plan(session=session, actor=world.maria, plan_id=plan.id, version=plan.version)
    return plan


def planned(session, world, plan, days=3, actor="cole", **extra):
    return tracking.add_mentor_session(
        session=session,
        actor=world[actor],
        plan_id=plan.id,
        status="planned",
        date=TODAY + dt.timedelta(days=days),
        mentor="Sam Mentor",
        topics="The queue",
        **extra,
    )


def test_a_session_is_planned_then_marked_held_with_its_takeaways(session, world, running):
    row = planned(session, world, running)
    assert row.status == "planned" and row.takeaways == ""
    with pytest.raises(ValidationError) as early:
        tracking.mark_session_held(session=session, actor=world.eli, session_id=row.id)
    assert "before it takes place" in early.value.errors["date"]
    held = tracking.mark_session_held(
        session=session,
        actor=world.eli,
        session_id=row.id,
        date=TODAY.isoformat(),
        takeaways="Oldest first works.",
    )
    assert (held.status, held.date, held.takeaways) == ("held", TODAY, "Oldest first works.")
    with pytest.raises(TransitionError, match="This session is already marked held"):
        tracking.mark_session_held(session=session, actor=world.cole, session_id=row.id)
    sentences = [
        line.sentence for line in history.plan_history(session, world.hana, running.id).lines
    ]
    planned_on = f"{TODAY + dt.timedelta(days=3):%-d %b %Y}"
    assert f"Cole planned a mentor session with Sam Mentor on {planned_on}." in sentences
    assert f"Eli marked a planned mentor session held on {TODAY:%-d %b %Y}." in sentences


@pytest.mark.parametrize(
    ("status", "days", "extra", "field", "words"),
    [
        ("held", 5, {}, "date", "cannot be in the future; to schedule it, choose Planned"),
        ("planned", -2, {}, "date", "for one that took place, choose Held"),
        ("planned", 90, {}, "date", "The plan ends on"),
        ("planned", 3, {"takeaways": "Too soon"}, "takeaways", "once the session is held"),
        ("maybe", 0, {}, "status", "Session: choose Planned or Held."),
    ],
)
def test_session_dates_and_states_are_refused_in_words(
    session, world, running, status, days, extra, field, words
):
    with pytest.raises(ValidationError) as refused:
        tracking.add_mentor_session(
            session=session,
            actor=world.eli,
            plan_id=running.id,
            status=status,
            date=TODAY + dt.timedelta(days=days),
            mentor="Sam Mentor",
            **extra,
        )
    assert words in refused.value.errors[field]
    assert session.exec(select(MentorSession)).all() == []


def test_a_session_held_in_the_past_is_logged_as_before(session, world, running):
    row = tracking.add_mentor_session(
        session=session,
        actor=world.cole,
        plan_id=running.id,
        date=TODAY - dt.timedelta(days=2),
        mentor="Cole",
        takeaways="Fine",
    )
    assert row.status == "held"


def test_only_the_employee_and_coach_mark_a_session_held(session, world, running):
    row = planned(session, world, running)
    with pytest.raises(NotFound):  # the manager reads the plan but logs no sessions
        tracking.mark_session_held(session=session, actor=world.maria, session_id=row.id)
    with pytest.raises(NotFound):  # another coach does not even see it
        tracking.mark_session_held(session=session, actor=world.cara, session_id=row.id)
    assert session.get(MentorSession, row.id).status == "planned"


def test_a_planned_session_is_corrected_as_planned_and_a_removed_one_is_never_held(
    session, world, running
):
    row = planned(session, world, running)
    later = TODAY + dt.timedelta(days=10)
    corrections.edit_mentor_session(
        session=session, actor=world.cole, session_id=row.id, version=row.version,
        date=later.isoformat(), mentor="Sam Mentor", topics="The queue",
    )  # fmt: skip
    assert (row.status, row.date) == ("planned", later)  # a future date is right for a plan
    with pytest.raises(ValidationError, match="once the session is held"):
        corrections.edit_mentor_session(
            session=session, actor=world.cole, session_id=row.id, version=row.version,
            date=later.isoformat(), mentor="Sam Mentor", takeaways="Too soon",
        )  # fmt: skip
    corrections.remove_entry(
        session=session, actor=world.cole, kind="mentor_session", entry_id=row.id,
        version=row.version, confirmed=True,
    )  # fmt: skip
    with pytest.raises(ConflictError, match="removed"):
        tracking.mark_session_held(session=session, actor=world.cole, session_id=row.id)


# -- the coach's private notes ----------------------------------------------------------------


def test_only_the_coach_reads_their_notes(session, world, running):
    note = coach_notes.add_note(session=session, actor=world.cole, plan_id=running.id, text=NOTE)
    for name, count in (("cole", 1), ("eli", 0), ("maria", 0), ("hana", 0)):
        access = reads.open_plan(session, world[name], running.id)
        assert [n.text for n in reads.coach_notes(session, access)] == [NOTE] * count, name
    with pytest.raises(TypeError):  # the generic reader refuses: it would show them to all
        reads.rows(session, reads.open_plan(session, world.maria, running.id), CoachNote)
    (event,) = session.exec(select(AuditEvent).where(AuditEvent.entity == "coach_note")).all()
    assert event.entity_id == note.id and "SENTINEL" not in str(event.before) + str(event.after)
    lines = history.plan_history(session, world.hana, running.id, kind="tracking").lines
    assert "Cole wrote a private coaching note (only the coach reads it)." in [
        line.sentence for line in lines
    ]
    assert "SENTINEL" not in repr(lines)


def test_a_new_coach_does_not_read_the_old_coachs_notes(session, world, running):
    coach_notes.add_note(session=session, actor=world.cole, plan_id=running.id, text=NOTE)
    plans.assign_people(
        session=session,
        actor=world.maria,
        plan_id=running.id,
        version=running.version,
        coach_id=world.cara.id,
        hr_contact_id=world.hana.id,
    )
    access = reads.open_plan(session, world.cara, running.id)
    assert reads.coach_notes(session, access) == []
    with pytest.raises(NotFound):
        reads.open_plan(session, world.cole, running.id)


@pytest.mark.parametrize("name", ["eli", "maria", "hana", "cara"])
def test_nobody_else_writes_a_coaching_note(session, world, running, name):
    with pytest.raises(NotFound):
        coach_notes.add_note(session=session, actor=world[name], plan_id=running.id, text="x")


def test_a_note_needs_words_and_an_open_plan(session, world, running):
    with pytest.raises(ValidationError) as empty:
        coach_notes.add_note(session=session, actor=world.cole, plan_id=running.id, text="  ")
    assert empty.value.errors == {"text": "Note is required."}
    plans.withdraw_plan(
        session=session, actor=world.maria, plan_id=running.id, version=running.version, reason="R"
    )
    with pytest.raises(TransitionError, match="closed"):
        coach_notes.add_note(session=session, actor=world.cole, plan_id=running.id, text="Late")


def test_notes_are_exported_for_review_and_erased_with_the_plan(session, world, running):
    coach_notes.add_note(session=session, actor=world.cole, plan_id=running.id, text=NOTE)
    (exported,) = privacy.export_user(session, world.eli.email)["plans"]
    assert [note["text"] for note in exported["coach_notes"]] == [NOTE]
    privacy.erase_user(session=session, actor=world.hana, email=world.eli.email)
    assert session.exec(select(CoachNote)).all() == []
