"""Corrections with a trail: authors edit or remove their own tracking entries while the plan
runs, and the manager corrects a check-in for two weeks after recording it.

An entry is its author's (`created_by`; permissions.own_entry_for): anyone else gets NotFound,
as for an entry they cannot see. Removing is a soft delete (deleted_at, deleted_by): the row
stays for the record and its history, and no page, list or export reads it as a live entry
(services.reads.rows). A removed entry cannot be edited or removed again (ConflictError, in
words). Every change is version-checked (a stale form is a ConflictError, 409), stage-checked
(policy.stages "<thing>.correct": never on a closed plan), audited with what changed, and
committed once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, SQLModel, select

from coach.db import audit
from coach.db.tables import (
    ActionItem,
    CheckInRating,
    Evidence,
    LearningItem,
    MentorSession,
    Plan,
    SelfAssessment,
    User,
    utcnow,
)
from coach.db.unit_of_work import check_live, check_version, commit
from coach.errors import TransitionError, ValidationError
from coach.policy.permissions import CheckInView, check_in_row_for, check_in_view, own_entry_for
from coach.policy.schedule import EARLY_DAYS
from coach.policy.stages import check_in_locked, require_now
from coach.services import tracking
from coach.services.validation import TEXT_MAX, Checker


@dataclass(frozen=True)
class EntryKind:
    """One kind of tracking entry its author may correct."""

    table: type[SQLModel]
    capability: str  # the capability that writes it (permissions.CAPABILITIES)
    doing: str  # the stage rule for correcting it (policy.stages.RULES)
    words: str  # how a message names one ("evidence entry")
    # The fields a removal keeps in its audit event, so the history can say what went.
    described_by: tuple[str, ...]


ENTRY_KINDS: dict[str, EntryKind] = {
    "action_item": EntryKind(
        ActionItem, "action_item.write", "action_item.correct", "action item",
        ("goal_id", "text", "due_date", "status"),
    ),
    "self_assessment": EntryKind(
        SelfAssessment, "self_assessment.write", "self_assessment.correct", "self-assessment",
        ("goal_id", "rating", "confidence", "evidence", "created_at"),
    ),
    "learning_item": EntryKind(
        LearningItem, "learning.add", "learning.correct", "learning item",
        ("goal_id", "title", "due_date", "status"),
    ),
    "mentor_session": EntryKind(
        MentorSession, "mentor_session.write", "mentor_session.correct", "mentor session",
        ("date", "mentor", "topics", "takeaways", "next_steps"),
    ),
    "evidence": EntryKind(
        Evidence, "evidence.write", "evidence.correct", "evidence entry",
        ("goal_id", "kind", "date", "text"),
    ),
}  # fmt: skip


def open_own_entry(
    session: Session, actor: User, kind: str, entry_id: int, version: int | str | None
) -> tuple[Any, Plan]:
    """The actor's own live entry and its plan, checked for correcting it now: NotFound for
    someone else's, ConflictError if removed or changed since the form was loaded,
    TransitionError when the plan's stage does not allow corrections."""
    found = ENTRY_KINDS[kind]
    row, plan = own_entry_for(session, actor, found.table, entry_id, found.capability)
    check_live(row, found.words)
    check_version(row, version, found.words)
    require_now(actor, plan, found.doing, found.words)
    return row, plan


def remove_entry(
    *,
    session: Session,
    actor: User,
    kind: str,
    entry_id: int,
    version: int | str | None,
    confirmed: bool,
) -> Any:
    """Remove one's own entry (a soft delete, after a confirmation step), with an audit event
    that keeps what it said."""
    found = ENTRY_KINDS[kind]
    row, plan = open_own_entry(session, actor, kind, entry_id, version)
    if not confirmed:
        raise ValidationError({"confirm": f"Confirm that you want to remove this {found.words}."})
    before = audit.snapshot(row, found.described_by)
    row.deleted_at = utcnow()
    row.deleted_by = actor.id
    session.add(row)
    audit.record(session, actor=actor, action="delete", entity=row, plan_id=plan.id, before=before)
    commit(session, found.words)
    return row


def _save(session: Session, actor: User, kind: str, row: Any, fields: Mapping[str, Any]) -> Any:
    tracking.apply_changes(session, actor, row, fields)
    commit(session, ENTRY_KINDS[kind].words)
    return row


def edit_self_assessment(
    *,
    session: Session,
    actor: User,
    assessment_id: int,
    version: int | str | None,
    rating: int | str,
    confidence: str,
    evidence: str = "",
) -> SelfAssessment:
    """The employee corrects one of their self-assessments."""
    row, _plan = open_own_entry(session, actor, "self_assessment", assessment_id, version)
    check = Checker()
    fields = tracking.self_assessment_fields(check, rating, confidence, evidence)
    check.raise_if_any()
    return _save(session, actor, "self_assessment", row, fields)


def edit_evidence(
    *,
    session: Session,
    actor: User,
    evidence_id: int,
    version: int | str | None,
    kind: str,
    date: dt.date | str,
    text: str,
    goal_id: int | str | None = None,
) -> Evidence:
    """The employee corrects an entry of their evidence log."""
    row, plan = open_own_entry(session, actor, "evidence", evidence_id, version)
    check = Checker()
    fields = tracking.evidence_fields(session, check, plan, kind, date, text, goal_id)  # type: ignore[arg-type]
    check.raise_if_any()
    return _save(session, actor, "evidence", row, fields)


def edit_mentor_session(
    *,
    session: Session,
    actor: User,
    session_id: int,
    version: int | str | None,
    date: dt.date | str,
    mentor: str,
    topics: str = "",
    takeaways: str = "",
    next_steps: str = "",
) -> MentorSession:
    """The employee or the coach corrects a mentor session they logged."""
    row, plan = open_own_entry(session, actor, "mentor_session", session_id, version)
    check = Checker()
    fields = tracking.mentor_session_fields(
        check, plan, row.status, date, mentor, topics, takeaways, next_steps
    )
    check.raise_if_any()
    return _save(session, actor, "mentor_session", row, fields)


def edit_learning_item(
    *,
    session: Session,
    actor: User,
    item_id: int,
    version: int | str | None,
    title: str,
    goal_id: int | str | None = None,
    due_date: dt.date | str | None = None,
) -> LearningItem:
    """Whoever added a learning item corrects what it is, its goal or its due date."""
    row, plan = open_own_entry(session, actor, "learning_item", item_id, version)
    check = Checker()
    fields = tracking.learning_fields(session, check, plan, title, goal_id, due_date)  # type: ignore[arg-type]
    check.raise_if_any()
    return _save(session, actor, "learning_item", row, fields)


def edit_check_in(
    *,
    session: Session,
    actor: User,
    check_in_id: int,
    version: int | str | None,
    date: dt.date | str,
    notes: str = "",
    private_notes: str = "",
    ratings: Sequence[Mapping[str, Any]] = (),
    now: dt.datetime | None = None,
) -> CheckInView:
    """The manager corrects a check-in (its date, notes, private notes and ratings) within
    CHECK_IN_EDIT_DAYS of recording it; the due date it was held for stays."""
    check_in, plan = check_in_row_for(session, actor, check_in_id, "check_in.write")
    check_version(check_in, version, "check-in")
    require_now(actor, plan, "check_in.correct", "check in")
    locked = check_in_locked(check_in.created_at, now or utcnow())
    if locked:
        raise TransitionError(locked)
    check = Checker()
    day = check.date("date", date)
    check.order("plan start", plan.start_date, "date", day)
    tracking.not_future(check, "date", day)
    due = check_in.due_date
    if day is not None and due is not None and day < due - dt.timedelta(days=EARLY_DAYS):
        check.fail(
            "date",
            f"This check-in is for the one due on {due:%-d %b %Y}; it can be held at most "
            f"{EARLY_DAYS} days before that.",
        )
    fields = {
        "date": day,
        "notes": check.text("notes", notes, max_chars=TEXT_MAX, required=False),
        "private_notes": check.text(
            "private_notes", private_notes, max_chars=TEXT_MAX, required=False
        ),
    }
    new_ratings = tracking.checked_ratings(session, check, plan, ratings)
    check.raise_if_any()
    _replace_ratings(session, actor, check_in, fields, new_ratings)
    commit(session, "check-in")
    return check_in_view(session, actor, plan, check_in)


def _replace_ratings(
    session: Session,
    actor: User,
    check_in: Any,
    fields: dict[str, Any],
    new_ratings: list[CheckInRating],
) -> None:
    """Set the check-in's fields and ratings, with one audit event saying what changed."""
    query = select(CheckInRating).where(CheckInRating.check_in_id == check_in.id)
    old_rows = list(session.exec(query.order_by(CheckInRating.goal_id)).all())
    old = [_rating(row) for row in old_rows]
    new = sorted((_rating(row) for row in new_ratings), key=lambda rating: rating["goal_id"])
    before = audit.snapshot(check_in, fields)
    for name, value in fields.items():
        setattr(check_in, name, value)
    before_changed, after_changed = audit.changed_fields(before, audit.snapshot(check_in, fields))
    if old != new:
        before_changed["ratings"], after_changed["ratings"] = old, new
        for row in old_rows:
            session.delete(row)
        session.flush()
        for row in new_ratings:
            row.check_in_id = check_in.id
            session.add(row)
    if not after_changed:  # saved as it was: nothing to record
        return
    # The day it was held names it in the history even when the date did not change.
    after_changed["held_on"] = check_in.date.isoformat()
    session.add(check_in)
    audit.record(
        session,
        actor=actor,
        action="update",
        entity=check_in,
        plan_id=check_in.plan_id,
        before=before_changed,
        after=after_changed,
    )


def _rating(row: CheckInRating) -> dict[str, Any]:
    return {
        "goal_id": row.goal_id,
        "status": row.status,
        "current_value": row.current_value,
        "value": row.value,
    }
