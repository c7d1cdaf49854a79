"""Tracking services while a plan runs: action items, check-ins, self-assessments, the learning
plan, mentor sessions and the evidence log, plus the permission-checked lists pages show.

Same rules as every service: keyword arguments, permission first (NotFound for what the actor may
not see), explicit fields, validation with a message per field, one audit event, one commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from sqlmodel import Session, SQLModel, select

from coach import vocabulary
from coach.db import audit
from coach.db.tables import (
    MENTOR_SESSION_STATUSES,
    ActionItem,
    CheckIn,
    CheckInRating,
    Evidence,
    Goal,
    LearningItem,
    MentorSession,
    Plan,
    SelfAssessment,
    User,
    utcnow,
)
from coach.db.unit_of_work import check_live, check_version, commit
from coach.errors import TransitionError
from coach.measures import amount_text
from coach.policy import schedule
from coach.policy.permissions import (
    CheckInView,
    check_in_row_for,
    check_in_view,
    goal_for,
    learning_item_for,
    mentor_session_for,
    own_entry_for,
    plan_for,
)
from coach.policy.stages import require_now
from coach.services import goal_numbers, reads
from coach.services.goals import Analyze, run_analysis
from coach.services.validation import GOAL_MAX, NAME_MAX, SHORT_MAX, TEXT_MAX, Checker

ACTION_STATUSES = ("todo", "doing", "done")
CHECK_IN_KINDS = ("scheduled", "milestone", "final", "ad_hoc")
RATING_STATUSES = ("on_track", "at_risk", "off_track")
CONFIDENCE = ("low", "medium", "high")
LEARNING_STATUSES = ("planned", "in_progress", "done")
EVIDENCE_KINDS = ("achievement", "note")


def not_future(check: Checker, field: str, value: dt.date | None) -> None:
    # One day of slack: the server's UTC date may be behind the user's local date.
    if value is not None and value > dt.date.today() + dt.timedelta(days=1):
        check.fail(field, "The date cannot be in the future.")


def _by_plan_end(check: Checker, plan: Plan, field: str, value: dt.date | None) -> None:
    """A due date must fall inside the plan: the plan is judged at its end."""
    if value is not None and value > plan.end_date:
        check.fail(
            field,
            f"The plan ends on {plan.end_date:%-d %b %Y}; choose a due date by then "
            "(or extend the plan first).",
        )


def _create(session: Session, actor: User, row: SQLModel, plan_id: int) -> None:
    """Add a new row with its creation audit event."""
    session.add(row)
    session.flush()
    fields = [name for name in type(row).model_fields if name not in ("analysis",)]
    after = audit.snapshot(row, fields)
    audit.record(session, actor=actor, action="create", entity=row, plan_id=plan_id, after=after)


def add_action_item(
    *,
    session: Session,
    actor: User,
    goal_id: int,
    text: str,
    due_date: dt.date | str | None = None,
    analyze: Analyze,
) -> ActionItem:
    """The employee breaks a goal into a step, analysed like a goal for feedback."""
    goal = goal_for(session, actor, goal_id, "action_item.write")
    plan = session.get(Plan, goal.plan_id)
    require_now(actor, plan, "action_item.write", "goal")
    check = Checker()
    text = check.text("text", text, max_chars=GOAL_MAX, label="Action")
    due = check.date("due_date", due_date, required=False)
    check.order("plan start", plan.start_date, "due_date", due)
    _by_plan_end(check, plan, "due_date", due)
    check.raise_if_any()
    item = ActionItem(plan_id=plan.id, goal_id=goal.id, text=text, due_date=due)
    item.created_by = actor.id
    item.analysis = run_analysis(analyze, text, plan)
    _create(session, actor, item, plan.id)
    commit(session, "action item")
    return item


def update_action_item(
    *,
    session: Session,
    actor: User,
    item_id: int,
    version: int,
    text: str,
    due_date: dt.date | str | None,
    status: str,
    analyze: Analyze,
) -> ActionItem:
    """The employee moves their own step on or corrects it (not once it has been removed)."""
    item, plan = own_entry_for(session, actor, ActionItem, item_id, "action_item.write")
    check_live(item, "action item")
    check_version(item, version, "action item")
    require_now(actor, plan, "action_item.write", "action item")
    check = Checker()
    fields = {
        "text": check.text("text", text, max_chars=GOAL_MAX, label="Action"),
        "due_date": check.date("due_date", due_date, required=False),
        "status": check.choice("status", status, ACTION_STATUSES),
    }
    check.order("plan start", plan.start_date, "due_date", fields["due_date"])
    _by_plan_end(check, plan, "due_date", fields["due_date"])
    check.raise_if_any()
    if fields["text"] != item.text:
        item.analysis = run_analysis(analyze, fields["text"], plan)
    apply_changes(session, actor, item, fields)
    commit(session, "action item")
    return item


def apply_changes(session: Session, actor: User, row: SQLModel, fields: Mapping[str, Any]) -> None:
    """Set `fields` on an existing row and audit what changed."""
    before = audit.snapshot(row, fields)
    for name, value in fields.items():
        setattr(row, name, value)
    session.add(row)
    old, new = audit.changed_fields(before, audit.snapshot(row, fields))
    plan_id = row.plan_id  # type: ignore[attr-defined]
    audit.record(
        session, actor=actor, action="update", entity=row, plan_id=plan_id, before=old, after=new
    )


def checked_ratings(
    session: Session, check: Checker, plan: Plan, ratings: Sequence[Mapping[str, Any]]
) -> list[CheckInRating]:
    """One rating per goal of this plan: status and the metric's current value, a number in
    the goal's unit."""
    in_order = select(Goal).where(Goal.plan_id == plan.id).order_by(Goal.position, Goal.id)
    goals = {goal.id: goal for goal in session.exec(in_order)}
    numbers = {goal_id: n for n, goal_id in enumerate(goals, start=1)}
    seen: set[int] = set()
    cleaned = []
    for rating in ratings:
        goal_id = rating.get("goal_id")
        if goal_id not in numbers or goal_id in seen:
            check.fail("ratings", "Each rating must be for a different goal of this plan.")
            continue
        seen.add(goal_id)
        status = rating.get("status")
        if not status:
            statuses = vocabulary.either(RATING_STATUSES)
            message = f"Goal {numbers[goal_id]} has a value but no status: choose {statuses}."
            check.fail("ratings", message)
        status = check.choice(
            "ratings", status, RATING_STATUSES, label=f"Status of goal {numbers[goal_id]}"
        )
        value = check.text(
            "ratings", rating.get("current_value", ""), max_chars=SHORT_MAX, required=False
        )
        number = goal_numbers.check_in_value(check, goals[goal_id], numbers[goal_id], value)
        words = amount_text(number, goals[goal_id].unit) if number is not None else ""
        cleaned.append(
            CheckInRating(goal_id=goal_id, status=status, current_value=words, value=number)
        )
    return cleaned


def add_check_in(
    *,
    session: Session,
    actor: User,
    plan_id: int,
    date: dt.date | str,
    kind: str = "scheduled",
    due_date: dt.date | str | None = None,
    notes: str = "",
    private_notes: str = "",
    ratings: Sequence[Mapping[str, Any]] = (),
) -> CheckInView:
    """The manager records a check-in held on `date`, with a status per goal. A scheduled one
    is for a due date: `due_date`, else the oldest still open (a missed one is made up first)."""
    plan = plan_for(session, actor, plan_id, "check_in.write")
    require_now(actor, plan, "check_in.write")
    check = Checker()
    day = check.date("date", date)
    check.order("plan start", plan.start_date, "date", day)
    not_future(check, "date", day)
    kind = check.choice("kind", kind, CHECK_IN_KINDS)
    fields = {
        "kind": kind,
        "due_date": _due_date_for(session, actor, plan, check, kind, day, due_date),
        "notes": check.text("notes", notes, max_chars=TEXT_MAX, required=False),
        "private_notes": check.text(
            "private_notes", private_notes, max_chars=TEXT_MAX, required=False
        ),
    }
    rating_rows = checked_ratings(session, check, plan, ratings)
    check.raise_if_any()
    check_in = CheckIn(plan_id=plan.id, date=day, created_by=actor.id, **fields)
    _create(session, actor, check_in, plan.id)
    for row in rating_rows:
        row.check_in_id = check_in.id
        session.add(row)
    commit(session, "check-in")
    return check_in_view(session, actor, plan, check_in)


def check_in_schedule(
    session: Session, user: User, plan: Plan, today: dt.date | None = None
) -> schedule.Schedule:
    """The plan's due check-ins and which were held, as `user` may read them."""
    held = reads.check_ins(session, reads.open_plan(session, user, plan.id))
    return schedule_of(plan, held, today)


def schedule_of(
    plan: Plan, held: Sequence[CheckInView], today: dt.date | None = None
) -> schedule.Schedule:
    """The schedule from check-ins already read (a page that lists them reads them once)."""
    return schedule.build(
        plan.start_date,
        plan.end_date,
        plan.checkin_cadence,
        [schedule.Held(row.date, row.kind, row.due_date) for row in held],
        today or dt.date.today(),
    )


def _due_date_for(
    session: Session,
    actor: User,
    plan: Plan,
    check: Checker,
    kind: str,
    held_on: dt.date | None,
    wanted: dt.date | str | None,
) -> dt.date | None:
    """The due date a new check-in is for, checked against the plan's schedule."""
    if kind not in schedule.COVERING_KINDS:
        if kind == "ad_hoc" and wanted not in (None, ""):
            check.fail("due_date", "An ad hoc check-in is not for a due date; leave it empty.")
        return None
    due = check.date("due_date", wanted, required=False) if wanted not in (None, "") else None
    if held_on is None or check.errors:
        return None
    plan_schedule = check_in_schedule(session, actor, plan, held_on)
    if due is None:
        return plan_schedule.default_for(held_on)
    if due not in plan_schedule.due:
        check.fail("due_date", f"No check-in is due on {due:%-d %b %Y} in this plan.")
    elif due in plan_schedule.covered:
        held = plan_schedule.covered[due]
        check.fail("due_date", f"The check-in due on {due:%-d %b} was held on {held:%-d %b}.")
    elif due > held_on + dt.timedelta(days=schedule.EARLY_DAYS):
        check.fail(
            "due_date",
            f"A check-in held on {held_on:%-d %b} is too early for the one due on "
            f"{due:%-d %b} (at most {schedule.EARLY_DAYS} days early).",
        )
    return due


def comment_on_check_in(
    *, session: Session, actor: User, check_in_id: int, version: int, comment: str
) -> CheckInView:
    """The employee's side of a check-in."""
    check_in, plan = check_in_row_for(session, actor, check_in_id, "check_in.comment")
    check_version(check_in, version, "check-in")
    require_now(actor, plan, "check_in.comment", "check in")
    check = Checker()
    comment = check.text("comment", comment, max_chars=TEXT_MAX, label="Comment")
    check.raise_if_any()
    apply_changes(session, actor, check_in, {"employee_comment": comment})
    commit(session, "check-in")
    return check_in_view(session, actor, plan, check_in)


def add_self_assessment(
    *,
    session: Session,
    actor: User,
    goal_id: int,
    rating: int | str,
    confidence: str,
    evidence: str = "",
) -> SelfAssessment:
    """The employee rates their progress on a goal (1–5), at any time while the plan runs."""
    goal = goal_for(session, actor, goal_id, "self_assessment.write")
    plan = session.get(Plan, goal.plan_id)
    require_now(actor, plan, "self_assessment.write", "goal")
    check = Checker()
    fields = self_assessment_fields(check, rating, confidence, evidence)
    check.raise_if_any()
    row = SelfAssessment(plan_id=plan.id, goal_id=goal.id, created_by=actor.id, **fields)
    _create(session, actor, row, plan.id)
    commit(session, "self-assessment")
    return row


def self_assessment_fields(
    check: Checker, rating: int | str, confidence: str, evidence: str
) -> dict[str, Any]:
    """A self-assessment's fields, checked (the messages go into `check`)."""
    return {
        "rating": check.integer("rating", rating, low=1, high=5),
        "confidence": check.choice("confidence", confidence, CONFIDENCE),
        "evidence": check.text("evidence", evidence, max_chars=TEXT_MAX, required=False),
    }


def add_learning_item(
    *,
    session: Session,
    actor: User,
    plan_id: int,
    title: str,
    resource_id: str | None = None,
    goal_id: int | None = None,
    due_date: dt.date | str | None = None,
) -> LearningItem:
    """Add to the learning plan: the manager while drafting or running, the employee while
    running."""
    plan = plan_for(session, actor, plan_id, "learning.add")
    require_now(actor, plan, "learning.add")
    check = Checker()
    item = LearningItem(
        plan_id=plan.id,
        resource_id=check.text("resource_id", resource_id, max_chars=SHORT_MAX, required=False)
        or None,
        created_by=actor.id,
        **learning_fields(session, check, plan, title, goal_id, due_date),
    )
    check.raise_if_any()
    _create(session, actor, item, plan.id)
    commit(session, "learning item")
    return item


def learning_fields(
    session: Session,
    check: Checker,
    plan: Plan,
    title: str,
    goal_id: int | None,
    due_date: dt.date | str | None,
) -> dict[str, Any]:
    """A learning item's own fields, checked: what, for which goal, due inside the plan."""
    due = check.date("due_date", due_date, required=False)
    check.order("plan start", plan.start_date, "due_date", due)
    _by_plan_end(check, plan, "due_date", due)
    return {
        "title": check.text("title", title, max_chars=SHORT_MAX),
        "goal_id": _plan_goal(session, check, plan, goal_id),
        "due_date": due,
    }


def _plan_goal(session: Session, check: Checker, plan: Plan, goal_id: int | None) -> int | None:
    if goal_id is None or goal_id == "":
        return None
    goal = session.get(Goal, goal_id) if isinstance(goal_id, int) else None
    if goal is None or goal.plan_id != plan.id:
        check.fail("goal_id", "Choose one of this plan's goals.")
        return None
    return goal.id


def set_learning_status(
    *, session: Session, actor: User, item_id: int, version: int, status: str
) -> LearningItem:
    item = learning_item_for(session, actor, item_id, "learning.status")
    plan = session.get(Plan, item.plan_id)
    check_version(item, version, "learning item")
    require_now(actor, plan, "learning.status", "learning item")
    check = Checker()
    status = check.choice("status", status, LEARNING_STATUSES)
    check.raise_if_any()
    completed = utcnow() if status == "done" else None
    apply_changes(session, actor, item, {"status": status, "completed_at": completed})
    commit(session, "learning item")
    return item


def add_mentor_session(
    *,
    session: Session,
    actor: User,
    plan_id: int,
    date: dt.date | str,
    mentor: str,
    topics: str = "",
    takeaways: str = "",
    next_steps: str = "",
    status: str = "held",
) -> MentorSession:
    """Log a mentoring session that was held, or plan one for a date to come (the employee or
    their coach). A held session is not in the future; a planned one is not in the past, falls
    inside the plan and has no takeaways yet (they are written once it is held)."""
    plan = plan_for(session, actor, plan_id, "mentor_session.write")
    require_now(actor, plan, "mentor_session.write")
    check = Checker()
    status = check.choice("status", status, MENTOR_SESSION_STATUSES, label="Session") or "held"
    fields = mentor_session_fields(check, plan, status, date, mentor, topics, takeaways, next_steps)
    check.raise_if_any()
    row = MentorSession(plan_id=plan.id, status=status, created_by=actor.id, **fields)
    _create(session, actor, row, plan.id)
    commit(session, "mentor session")
    return row


def mentor_session_fields(
    check: Checker,
    plan: Plan,
    status: str | None,
    date: dt.date | str,
    mentor: str,
    topics: str,
    takeaways: str,
    next_steps: str,
) -> dict[str, Any]:
    """A mentor session's fields, checked, for a new one or a correction: with whom and notes;
    held on a day not in the future, or planned for a day from today to the plan's end,
    without takeaways yet (they are written once it is held)."""
    day = check.date("date", date)
    fields = {
        "date": day,
        "mentor": check.text("mentor", mentor, max_chars=NAME_MAX),
        "topics": check.text("topics", topics, max_chars=TEXT_MAX, required=False),
        "takeaways": check.text("takeaways", takeaways, max_chars=TEXT_MAX, required=False),
        "next_steps": check.text("next_steps", next_steps, max_chars=TEXT_MAX, required=False),
    }
    if status == "planned":
        _planned_date(check, plan, day)
        if fields["takeaways"]:
            check.fail("takeaways", "Takeaways are written once the session is held.")
    elif day is not None and day > dt.date.today() + dt.timedelta(days=1):
        check.fail(
            "date",
            "A session marked held cannot be in the future; to schedule it, choose Planned.",
        )
    return fields


def _planned_date(check: Checker, plan: Plan, value: dt.date | None) -> None:
    if value is None:
        return
    if value < dt.date.today():
        check.fail(
            "date",
            "A planned session is for today or later; for one that took place, choose Held.",
        )
    elif value > plan.end_date:
        check.fail(
            "date",
            f"The plan ends on {plan.end_date:%-d %b %Y}; plan the session by then.",
        )


def mark_session_held(
    *,
    session: Session,
    actor: User,
    session_id: int,
    date: dt.date | str | None = None,
    topics: str | None = None,
    takeaways: str = "",
    next_steps: str = "",
) -> MentorSession:
    """A planned session took place: record when (the planned date unless told), what was
    covered and what came of it. Not before it happened, and only once."""
    row = mentor_session_for(session, actor, session_id, "mentor_session.write")
    check_live(row, "mentor session")
    plan = session.get(Plan, row.plan_id)
    require_now(actor, plan, "mentor_session.write", "mentor session")
    if row.status != "planned":  # not about what was typed: the widget says it at the top
        raise TransitionError("This session is already marked held.")
    check = Checker()
    held_on = check.date("date", date) if date not in (None, "") else row.date
    if held_on is not None and held_on > dt.date.today() + dt.timedelta(days=1):
        check.fail(
            "date",
            f"The session cannot be marked held before it takes place ({held_on:%a %-d %b}).",
        )
    changes = {
        "status": "held",
        "date": held_on,
        "takeaways": check.text("takeaways", takeaways, max_chars=TEXT_MAX, required=False),
        "next_steps": check.text("next_steps", next_steps, max_chars=TEXT_MAX, required=False),
    }
    if topics is not None:
        changes["topics"] = check.text("topics", topics, max_chars=TEXT_MAX, required=False)
    check.raise_if_any()
    before = audit.snapshot(row, list(changes))
    for name, value in changes.items():
        setattr(row, name, value)
    old, new = audit.changed_fields(before, audit.snapshot(row, list(changes)))
    session.add(row)
    audit.record(
        session, actor=actor, action="held", entity=row, plan_id=plan.id, before=old, after=new
    )
    commit(session, "mentor session")
    return row


def add_evidence(
    *,
    session: Session,
    actor: User,
    plan_id: int,
    kind: str,
    date: dt.date | str,
    text: str,
    goal_id: int | None = None,
) -> Evidence:
    """An achievement or note in the employee's evidence log."""
    plan = plan_for(session, actor, plan_id, "evidence.write")
    require_now(actor, plan, "evidence.write")
    check = Checker()
    fields = evidence_fields(session, check, plan, kind, date, text, goal_id)
    check.raise_if_any()
    row = Evidence(plan_id=plan.id, created_by=actor.id, **fields)
    _create(session, actor, row, plan.id)
    commit(session, "evidence")
    return row


def evidence_fields(
    session: Session,
    check: Checker,
    plan: Plan,
    kind: str,
    date: dt.date | str,
    text: str,
    goal_id: int | None,
) -> dict[str, Any]:
    """An evidence entry's fields, checked: its kind, a date not in the future, the text."""
    day = check.date("date", date)
    not_future(check, "date", day)
    return {
        "kind": check.choice("kind", kind, EVIDENCE_KINDS),
        "date": day,
        "text": check.text("text", text, max_chars=TEXT_MAX, label="Evidence"),
        "goal_id": _plan_goal(session, check, plan, goal_id),
    }


Row = TypeVar("Row", bound=SQLModel)


def plan_rows(session: Session, user: User, plan_id: int, table: type[Row]) -> list[Row]:
    """All rows of `table` on a plan the user may read, oldest first (removed ones left out).

    For ActionItem, SelfAssessment, LearningItem, MentorSession, Evidence and Goal; check-ins
    have their own reader because of their private notes.
    """
    if table is CheckIn:
        raise TypeError("use plan_check_ins: check-ins carry private notes")
    return reads.rows(session, reads.open_plan(session, user, plan_id), table)


def plan_check_ins(session: Session, user: User, plan_id: int) -> list[CheckInView]:
    """The plan's check-ins, newest first, with private notes only for those allowed."""
    return reads.check_ins(session, reads.open_plan(session, user, plan_id))
