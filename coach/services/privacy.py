"""An employee's right of access and right to erasure (GDPR Art. 15 and 17).

`export_user` gathers, as JSON-safe data, everything stored about one person as an employee:
their account (never the password hash), their log-in sessions (never the token hash),
log-in attempts and calendar feed links (when made and revoked), and every plan where they
are the employee with its goals, goal revisions, action items, check-ins and ratings,
self-assessments, learning items, mentor sessions, evidence and audit events. Other people
appear only by id.

The export includes the manager's **private notes** on check-ins. They are opinions about the
employee, and opinions about a person are that person's personal data (CJEU C-434/16, Nowak), so
Art. 15 covers them; the app hides them from the employee in daily use, but whether an
exemption applies (Art. 15(4), national law) is for HR or the data protection officer to decide
on the file before it is released, not for this code to decide silently. They are kept under
their own key, `private_notes`, so they are easy to find and redact. A coach's private coaching
notes (`coach_notes`, which only that coach reads in the app) are exported on the same footing.

`erase_user` removes the employee's personal data in one transaction: every plan where they are
the employee and everything under it (the notifications about them included), their sessions,
log-in attempts, calendar feed links, notifications and notification choices, and the audit
events of those plans and of their account (these carry their name, email and plan texts). Their
account row stays, anonymised (name and email replaced, password unusable, no roles, inactive),
so that ids in other people's records still resolve. One audit event, `user.erased`, records
who erased whom (by id) and when, and nothing personal.

Deleting those audit events is the one sanctioned exception to the audit trail being
append-only: it happens here only, through SQL DELETE statements (the ORM guard in audit.py
still refuses any change to an AuditEvent object), and the app offers no way to edit or delete
audit events. Whether the data must be kept instead (Art. 17(3), e.g. for a legal claim) is
HR's decision before running the command.
"""

from __future__ import annotations

import logging
import secrets
from typing import Any

from sqlalchemy import delete
from sqlmodel import Session, SQLModel, select

from coach.db import audit
from coach.db.engine import truncate_wal
from coach.db.tables import (
    ActionItem,
    AuditEvent,
    CalendarFeed,
    CheckIn,
    CheckInRating,
    CoachNote,
    Evidence,
    Goal,
    GoalComment,
    GoalRevision,
    LearningItem,
    LoginAttempt,
    MentorSession,
    Notification,
    NotificationDigest,
    NotificationPreference,
    Plan,
    SelfAssessment,
    User,
    UserSession,
    utcnow,
)
from coach.db.unit_of_work import commit
from coach.errors import NotFound, ValidationError
from coach.policy.permissions import Forbidden
from coach.services.validation import normalise_email

ERASERS = ("hr", "admin")
ERASED_NAME = "Erased user"
ERASED_ACTION = "user.erased"
SECRET_COLUMNS = {"password_hash", "token_hash"}
# Rows directly under a plan (plan_id column), exported and erased alike.
PLAN_CHILDREN: dict[str, type[SQLModel]] = {
    "action_items": ActionItem,
    "self_assessments": SelfAssessment,
    "learning_items": LearningItem,
    "mentor_sessions": MentorSession,
    "evidence": Evidence,
    "goal_comments": GoalComment,
    # The coach's private notes: about the employee, so theirs under Art. 15 too (reviewed
    # before release, like the manager's private notes), and erased with the plan.
    "coach_notes": CoachNote,
    # What the plan's people were told about it (names, dates, the plan's title).
    "notifications": Notification,
}


def find_user(session: Session, email: str) -> User:
    """The account with this email address, or NotFound."""
    user = session.exec(select(User).where(User.email == normalise_email(email))).first()
    if user is None:
        raise NotFound("account")
    return user


def row_data(row: SQLModel) -> dict[str, Any]:
    """Every column of `row` as JSON-safe values, secrets left out."""
    names = [column.key for column in row.__table__.columns]  # type: ignore[attr-defined]
    return audit.snapshot(row, [name for name in names if name not in SECRET_COLUMNS])


def _rows(session: Session, table: type[SQLModel], *conditions: Any) -> list[SQLModel]:
    query = select(table).where(*conditions).order_by(*table.__table__.primary_key.columns)  # type: ignore[attr-defined]
    return list(session.exec(query).all())


# ---- export (Art. 15) ---------------------------------------------------------------------------


def export_user(session: Session, email: str) -> dict[str, Any]:
    """Everything stored about the person with this email, as JSON-safe data."""
    user = find_user(session, email)
    plans = _rows(session, Plan, Plan.employee_id == user.id)
    deleted = [plan for plan in plans if plan.deleted_at is not None]  # drafts never issued
    return {
        "exported_at": utcnow().isoformat(),
        "account": row_data(user),
        "sessions": [
            row_data(r) for r in _rows(session, UserSession, UserSession.user_id == user.id)
        ],
        "login_attempts": [
            row_data(r) for r in _rows(session, LoginAttempt, LoginAttempt.email == user.email)
        ],
        "calendar_feeds": [  # when each feed link was made and revoked (never its hash)
            row_data(r) for r in _rows(session, CalendarFeed, CalendarFeed.user_id == user.id)
        ],
        "account_audit_events": [row_data(r) for r in _account_events(session, user)],
        "notifications_received": [
            row_data(r) for r in _rows(session, Notification, Notification.recipient_id == user.id)
        ],
        "notification_choices": [
            row_data(r)
            for r in _rows(
                session, NotificationPreference, NotificationPreference.user_id == user.id
            )
        ],
        "plans": [_plan_export(session, plan) for plan in plans if plan not in deleted],
        "deleted_drafts": [_plan_export(session, plan) for plan in deleted],
    }


def _account_events(session: Session, user: User) -> list[SQLModel]:
    return _rows(
        session, AuditEvent, AuditEvent.entity == "user_account", AuditEvent.entity_id == user.id
    )


def _plan_export(session: Session, plan: Plan) -> dict[str, Any]:
    goals = _rows(session, Goal, Goal.plan_id == plan.id)
    goal_ids = [goal.id for goal in goals]
    data = row_data(plan)
    data["goals"] = [row_data(goal) for goal in goals]
    data["goal_revisions"] = [
        row_data(r)
        for r in _rows(session, GoalRevision, GoalRevision.goal_id.in_(goal_ids))  # type: ignore[attr-defined]
    ]
    for key, table in PLAN_CHILDREN.items():
        rows = [row_data(r) for r in _rows(session, table, table.plan_id == plan.id)]  # type: ignore[attr-defined]
        # Entries their author removed are still held, so they are exported, apart: never as
        # live entries of the plan.
        data[key] = [row for row in rows if row.get("deleted_at") is None]
        if len(data[key]) < len(rows):
            data[f"removed_{key}"] = [row for row in rows if row.get("deleted_at") is not None]
    data["check_ins"] = [_check_in_export(session, c) for c in _plan_check_ins(session, plan)]
    data["audit_events"] = [
        row_data(r) for r in _rows(session, AuditEvent, AuditEvent.plan_id == plan.id)
    ]
    return data


def _plan_check_ins(session: Session, plan: Plan) -> list[SQLModel]:
    return _rows(session, CheckIn, CheckIn.plan_id == plan.id)


def _check_in_export(session: Session, check_in: CheckIn) -> dict[str, Any]:
    data = row_data(check_in)
    ratings = _rows(session, CheckInRating, CheckInRating.check_in_id == check_in.id)
    data["ratings"] = [row_data(rating) for rating in ratings]
    return data


# ---- erasure (Art. 17) --------------------------------------------------------------------------


def erase_user(*, session: Session, actor: User, email: str) -> AuditEvent:
    """Erase the employee with this email (see the module docstring); one commit.

    `actor` must be an active account with the hr or admin role (Forbidden otherwise) and
    cannot erase themselves. Returns the `user.erased` audit event.
    """
    if not (actor.is_active and actor.role_set & set(ERASERS)):
        raise Forbidden("account", "user.erase")
    user = find_user(session, email)
    if user.id == actor.id:
        raise ValidationError({"email": "You cannot erase your own account."})
    plan_ids = list(session.exec(select(Plan.id).where(Plan.employee_id == user.id)).all())
    _delete_plans(session, plan_ids)
    _delete_log_ins(session, user)
    _delete_notifications(session, user)
    _delete_account_events(session, user)
    _anonymise(session, user)
    event = audit.record(
        session,
        actor=actor,
        action=ERASED_ACTION,
        entity=user,
        plan_id=None,
        after={"erased_user_id": user.id, "by_user_id": actor.id, "plans_erased": len(plan_ids)},
    )
    commit(session, "erasure")
    truncate_wal(session.get_bind())  # no copy of the erased rows left in SQLite's -wal file
    logging.getLogger(__name__).info(
        "Account changed: erased",
        extra={"event": "account.erased", "user_id": user.id, "actor_id": actor.id},
    )
    return event


def _delete_plans(session: Session, plan_ids: list[int]) -> None:
    """Delete the plans and everything under them, children before parents."""
    goal_ids = select(Goal.id).where(Goal.plan_id.in_(plan_ids))  # type: ignore[attr-defined]
    check_in_ids = select(CheckIn.id).where(CheckIn.plan_id.in_(plan_ids))  # type: ignore[attr-defined]
    _delete(session, AuditEvent, AuditEvent.plan_id.in_(plan_ids))  # type: ignore[union-attr]
    _delete(session, CheckInRating, CheckInRating.check_in_id.in_(check_in_ids))  # type: ignore[attr-defined]
    _delete(session, GoalRevision, GoalRevision.goal_id.in_(goal_ids))  # type: ignore[attr-defined]
    for table in (*PLAN_CHILDREN.values(), CheckIn, Goal):
        _delete(session, table, table.plan_id.in_(plan_ids))  # type: ignore[attr-defined]
    _delete(session, Plan, Plan.id.in_(plan_ids))  # type: ignore[union-attr]


def _delete_notifications(session: Session, user: User) -> None:
    """What the person was told about any plan, their digests and their choices."""
    _delete(session, Notification, Notification.recipient_id == user.id)
    _delete(session, NotificationDigest, NotificationDigest.user_id == user.id)
    _delete(session, NotificationPreference, NotificationPreference.user_id == user.id)


def _delete_log_ins(session: Session, user: User) -> None:
    _delete(session, UserSession, UserSession.user_id == user.id)
    _delete(session, LoginAttempt, LoginAttempt.email == user.email)
    _delete(session, CalendarFeed, CalendarFeed.user_id == user.id)


def _delete_account_events(session: Session, user: User) -> None:
    # Account events (creation, role changes) carry the name and email address; an earlier
    # user.erased event carries neither and stays.
    _delete(
        session,
        AuditEvent,
        AuditEvent.entity == "user_account",
        AuditEvent.entity_id == user.id,
        AuditEvent.action != ERASED_ACTION,
    )


def _delete(session: Session, table: type[SQLModel], *conditions: Any) -> None:
    # A Core DELETE: no AuditEvent object passes through the ORM's append-only guard.
    session.exec(delete(table).where(*conditions))  # type: ignore[call-overload]


def _anonymise(session: Session, user: User) -> None:
    user.name = ERASED_NAME
    user.email = f"erased-{user.id}@erased.invalid"
    user.password_hash = f"!erased:{secrets.token_hex(16)}"  # no Argon2 hash verifies against it
    user.roles = ""
    user.is_active = False
    user.last_login_at = None
    session.add(user)
