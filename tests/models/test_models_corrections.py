"""Corrections with a trail (issue 12, item 7): authors edit and remove their own entries while
the plan runs, the manager corrects a check-in for 14 days, drafts never issued can be deleted;
every change is audited and told in the history, removed entries are gone from every read."""

from __future__ import annotations

import datetime as dt

import pytest
from builders import advance_in_world, fake_analyze, make_plan
from sqlmodel import select

from coach.db.tables import AuditEvent, CheckInRating, Evidence, Plan, SelfAssessment
from coach.errors import ConflictError, NotFound, TransitionError, ValidationError
from coach.policy import permissions
from coach.services import corrections, history, plans, privacy, tracking


@pytest.fixture
def running(session, world):
    """Maria's active plan for Eli with an evidence entry, a self-assessment and a check-in."""
    plan = make_plan(session, world, "active")
    (goal,) = plans.plan_goals(session, plan)
    evidence = tracking.add_evidence(
        session=session, actor=world.eli, plan_id=plan.id, kind="achievement",
        date="2026-01-20", text="Closed 40 tickets in a day", goal_id=goal.id,
    )  # fmt: skip
    assessment = tracking.add_self_assessment(
        session=session, actor=world.eli, goal_id=goal.id, rating=3, confidence="medium"
    )
    check_in = tracking.add_check_in(
        session=session, actor=world.maria, plan_id=plan.id, date="2026-01-19",
        notes="Good week.", ratings=[{"goal_id": goal.id, "status": "at_risk"}],
    )  # fmt: skip
    return {"plan": plan, "goal": goal, "evidence": evidence, "assessment": assessment,
            "check_in": check_in}  # fmt: skip


def sentences(session, world, plan_id):
    return [line.sentence for line in history.plan_history(session, world.hana, plan_id).lines]


def edit_evidence(session, user, row, **changes):
    fields = {"kind": row.kind, "date": row.date, "text": row.text, "goal_id": row.goal_id}
    return corrections.edit_evidence(
        session=session, actor=user, evidence_id=row.id, version=row.version, **fields | changes
    )


def test_the_author_corrects_an_entry_and_the_history_says_what_changed(session, world, running):
    row = running["evidence"]
    edit_evidence(session, world.eli, row, text="Closed 42 tickets in a day")
    assert session.get(Evidence, row.id).text == "Closed 42 tickets in a day"
    line = history.plan_history(session, world.hana, running["plan"].id).lines[-1]
    assert line.sentence == (
        "Eli corrected the evidence entry of 20 Jan 2026: ‘Closed 40 tickets in a day’."
    )
    assert [(c.field, c.before, c.after) for c in line.changes] == [
        ("Text", "Closed 40 tickets in a day", "Closed 42 tickets in a day")
    ]


def test_removal_is_soft_gone_from_reads_and_told_in_the_history(session, world, running):
    plan, row = running["plan"], running["evidence"]
    corrections.remove_entry(
        session=session, actor=world.eli, kind="evidence", entry_id=row.id,
        version=row.version, confirmed=True,
    )  # fmt: skip
    stored = session.get(Evidence, row.id)
    assert stored.deleted_at is not None and stored.deleted_by == world.eli.id
    assert tracking.plan_rows(session, world.maria, plan.id, Evidence) == []
    assert sentences(session, world, plan.id)[-1] == (
        "Eli removed the evidence entry of 20 Jan 2026: ‘Closed 40 tickets in a day’."
    )
    exported = privacy.export_user(session, world.eli.email)["plans"][0]
    assert exported["evidence"] == []
    assert exported["removed_evidence"][0]["text"] == "Closed 40 tickets in a day"
    with pytest.raises(ConflictError, match="removed evidence entry cannot be changed"):
        edit_evidence(session, world.eli, stored, text="Again")


def test_removing_needs_the_confirmation_step(session, world, running):
    row = running["assessment"]
    with pytest.raises(ValidationError) as refused:
        corrections.remove_entry(
            session=session, actor=world.eli, kind="self_assessment", entry_id=row.id,
            version=row.version, confirmed=False,
        )  # fmt: skip
    assert "confirm" in refused.value.errors
    assert session.get(SelfAssessment, row.id).deleted_at is None


def test_only_the_author_may_correct(session, world, running):
    """The manager reads the evidence log but cannot touch Eli's entries; Cole's mentor session
    is his own, not Eli's."""
    row = running["evidence"]
    with pytest.raises(NotFound):
        edit_evidence(session, world.maria, row, text="Mine now")
    mentor = tracking.add_mentor_session(
        session=session, actor=world.cole, plan_id=running["plan"].id, date="2026-01-21",
        mentor="Cole Coach",
    )  # fmt: skip
    with pytest.raises(NotFound):
        corrections.edit_mentor_session(
            session=session, actor=world.eli, session_id=mentor.id, version=mentor.version,
            date="2026-01-21", mentor="Someone else",
        )  # fmt: skip
    corrections.edit_mentor_session(
        session=session, actor=world.cole, session_id=mentor.id, version=mentor.version,
        date="2026-01-22", mentor="Cole Coach", topics="Triage",
    )  # fmt: skip
    assert sentences(session, world, running["plan"].id)[-1] == (
        "Cole corrected the mentor session of 21 Jan 2026 with Cole Coach."
    )


def test_a_stale_edit_is_a_conflict_and_bad_input_names_the_field(session, world, running):
    row = running["assessment"]
    stale = row.version
    corrections.edit_self_assessment(
        session=session, actor=world.eli, assessment_id=row.id, version=stale, rating=4,
        confidence="high",
    )  # fmt: skip
    with pytest.raises(ConflictError, match="Someone else changed this self-assessment"):
        corrections.edit_self_assessment(
            session=session, actor=world.eli, assessment_id=row.id, version=stale, rating=2,
            confidence="low",
        )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        corrections.edit_self_assessment(
            session=session, actor=world.eli, assessment_id=row.id,
            version=session.get(SelfAssessment, row.id).version, rating=9, confidence="high",
        )  # fmt: skip
    assert list(refused.value.errors) == ["rating"]


def test_a_closed_plan_refuses_corrections_in_words(session, world, running):
    advance_in_world(session, world, running["plan"], "closed")
    row = session.get(Evidence, running["evidence"].id)
    with pytest.raises(TransitionError, match="The plan is closed; a closed plan cannot change"):
        edit_evidence(session, world.eli, row, text="Later")


def test_the_manager_corrects_a_check_in_within_14_days(session, world, running):
    check_in, goal = running["check_in"], running["goal"]
    view = corrections.edit_check_in(
        session=session, actor=world.maria, check_in_id=check_in.id, version=check_in.version,
        date="2026-01-19", notes="Good week; two escalations.",
        ratings=[{"goal_id": goal.id, "status": "on_track", "current_value": "85%"}],
    )  # fmt: skip
    assert view.notes == "Good week; two escalations."
    assert [(r.status, r.current_value) for r in view.ratings] == [("on_track", "85%")]
    assert len(session.exec(select(CheckInRating)).all()) == 1
    line = history.plan_history(session, world.hana, running["plan"].id).lines[-1]
    assert line.sentence == "Maria corrected the check-in held on 19 Jan 2026."
    assert ("Goal ratings", "Goal 1: At risk", "Goal 1: On track, 85%") in [
        (c.field, c.before, c.after) for c in line.changes
    ]
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=15)
    with pytest.raises(TransitionError, match="can be corrected for 14 days"):
        corrections.edit_check_in(
            session=session, actor=world.maria, check_in_id=check_in.id, version=view.version,
            date="2026-01-19", notes="Too late.", now=later,
        )  # fmt: skip
    with pytest.raises(NotFound):
        corrections.edit_check_in(
            session=session, actor=world.eli, check_in_id=check_in.id, version=view.version,
            date="2026-01-19",
        )  # fmt: skip


def test_a_draft_never_issued_can_be_deleted_by_its_manager(session, world):
    draft = make_plan(session, world, "draft")
    with pytest.raises(ValidationError):
        plans.delete_draft(
            session=session, actor=world.maria, plan_id=draft.id, version=draft.version,
            confirmed=False,
        )  # fmt: skip
    with pytest.raises(NotFound):
        plans.delete_draft(
            session=session, actor=world.hana, plan_id=draft.id, version=draft.version,
            confirmed=True,
        )  # fmt: skip
    plans.delete_draft(
        session=session, actor=world.maria, plan_id=draft.id, version=draft.version,
        confirmed=True,
    )  # fmt: skip
    for user in (world.maria, world.hana):
        assert draft.id not in [plan.id for plan in permissions.visible_plans(session, user)]
        with pytest.raises(NotFound):
            permissions.plan_for(session, user, draft.id)
    kept = session.exec(select(AuditEvent).where(AuditEvent.plan_id == draft.id)).all()
    assert kept[-1].action == "delete" and kept[-1].actor_id == world.maria.id


def test_a_plan_ever_issued_cannot_be_deleted(session, world):
    plan = make_plan(session, world, "issued")
    plans.recall_plan(session=session, actor=world.maria, plan_id=plan.id, version=plan.version)
    with pytest.raises(TransitionError, match="part of the record and cannot be deleted"):
        plans.delete_draft(
            session=session, actor=world.maria, plan_id=plan.id, version=plan.version,
            confirmed=True,
        )  # fmt: skip
    assert session.get(Plan, plan.id).deleted_at is None


def test_action_items_are_the_authors_and_gone_once_removed(session, world, running):
    item = tracking.add_action_item(
        session=session, actor=world.eli, goal_id=running["goal"].id,
        text="Answer 5 tickets by 10:00 daily.", analyze=fake_analyze,
    )  # fmt: skip
    corrections.remove_entry(
        session=session, actor=world.eli, kind="action_item", entry_id=item.id,
        version=item.version, confirmed=True,
    )  # fmt: skip
    assert sentences(session, world, running["plan"].id)[-1] == (
        "Eli removed the step ‘Answer 5 tickets by 10:00 daily.’ on goal 1."
    )
    with pytest.raises(ConflictError, match="removed action item"):
        tracking.update_action_item(
            session=session, actor=world.eli, item_id=item.id, version=item.version,
            text="Again.", due_date=None, status="done", analyze=fake_analyze,
        )  # fmt: skip


def test_a_corrected_check_in_stays_near_the_due_date_it_was_held_for(session, world, running):
    check_in = running["check_in"]  # held on 19 Jan for the one due that week
    assert check_in.due_date is not None
    too_early = check_in.due_date - dt.timedelta(days=4)
    with pytest.raises(ValidationError) as refused:
        corrections.edit_check_in(
            session=session, actor=world.maria, check_in_id=check_in.id,
            version=check_in.version, date=too_early, notes="Moved.",
        )  # fmt: skip
    assert "at most 3 days before" in refused.value.errors["date"]


def test_a_learning_item_is_corrected_by_whoever_added_it(session, world, running):
    item = tracking.add_learning_item(
        session=session, actor=world.maria, plan_id=running["plan"].id, title="Zendesk macros"
    )
    with pytest.raises(NotFound):
        corrections.edit_learning_item(
            session=session, actor=world.eli, item_id=item.id, version=item.version,
            title="Mine",
        )  # fmt: skip
    corrections.edit_learning_item(
        session=session, actor=world.maria, item_id=item.id, version=item.version,
        title="Zendesk macros course", goal_id=running["goal"].id,
    )  # fmt: skip
    assert sentences(session, world, running["plan"].id)[-1] == (
        "Maria changed “Zendesk macros course” in the learning plan."
    )
