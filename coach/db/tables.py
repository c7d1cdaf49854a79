"""The SQLModel tables: people and their log-ins, plans and everything tracked on them, audit.

Conventions: times are timezone-aware UTC (`utcnow()`; SQLModel's UTCDateTime stores and
returns them so on SQLite and PostgreSQL alike); every text column has a length that the services
check before saving (validation.py); rows that two people may edit at once carry a `version` that
SQLAlchemy checks on every UPDATE (`UPDATE ... WHERE version = :seen`), so a concurrent edit
raises instead of silently overwriting. Their version Columns are module constants so that
`__mapper_args__` can name them (a Column in the class body would become a pydantic default and
be deep-copied into every instance).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Column, Integer, UniqueConstraint
from sqlmodel import Field, SQLModel

from coach.measures import UNIT_MAX
from coach.services.validation import EMAIL_MAX, GOAL_MAX, NAME_MAX, REASON_MAX, SHORT_MAX, TEXT_MAX

ROLES = ("employee", "manager", "hr", "coach", "admin")
NOTICE_MAX = 500  # a notification's sentence: names, a date, a plan title quoted short


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def version_column() -> Column:
    return Column("version", Integer, nullable=False, default=1)


class User(SQLModel, table=True):
    __tablename__ = "user_account"  # "user" is reserved in PostgreSQL

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=EMAIL_MAX, unique=True, index=True)  # stored lower-case
    name: str = Field(max_length=NAME_MAX)
    password_hash: str = Field(max_length=SHORT_MAX)
    # Space-separated subset of ROLES; the names are chosen so that none contains another.
    roles: str = Field(default="employee", max_length=SHORT_MAX)
    is_active: bool = Field(default=True)
    # The reporting line: who manages this person (set by HR or an admin, accounts.set_manager).
    # A manager opens plans only for the people who report to them.
    manager_id: int | None = Field(default=None, foreign_key="user_account.id", index=True)
    created_at: dt.datetime = Field(default_factory=utcnow)
    password_changed_at: dt.datetime = Field(default_factory=utcnow)
    last_login_at: dt.datetime | None = None

    @property
    def role_set(self) -> frozenset[str]:
        return frozenset(self.roles.split())

    def has_role(self, role: str) -> bool:
        return role in self.role_set


class UserSession(SQLModel, table=True):
    """A server-side log-in session. Only a hash of the cookie's token is stored."""

    __tablename__ = "user_session"

    token_hash: str = Field(primary_key=True, max_length=64)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    created_at: dt.datetime = Field(default_factory=utcnow)
    last_seen_at: dt.datetime = Field(default_factory=utcnow)
    ended_at: dt.datetime | None = None
    address: str = Field(default="", max_length=64)


class CalendarFeed(SQLModel, table=True):
    """A personal calendar feed link (services/calendar_feeds.py): only the SHA-256 of its
    secret token is kept. A person has at most one live link; making a new one or turning the
    feed off sets `revoked_at`, and a revoked link answers 404."""

    __tablename__ = "calendar_feed"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    created_at: dt.datetime = Field(default_factory=utcnow)
    revoked_at: dt.datetime | None = None


class LoginAttempt(SQLModel, table=True):
    """One log-in attempt, counted by every worker for throttling (accounts.py)."""

    __tablename__ = "login_attempt"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=EMAIL_MAX, index=True)
    address: str = Field(max_length=64, index=True)
    at: dt.datetime = Field(default_factory=utcnow, index=True)
    succeeded: bool = False


PLAN_VERSION = version_column()


class Plan(SQLModel, table=True):
    __tablename__ = "plan"

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=SHORT_MAX)
    employee_id: int = Field(foreign_key="user_account.id", index=True)
    manager_id: int = Field(foreign_key="user_account.id", index=True)
    hr_contact_id: int | None = Field(default=None, foreign_key="user_account.id")
    coach_id: int | None = Field(default=None, foreign_key="user_account.id", index=True)
    issue_types: list[str] = Field(default_factory=list, sa_type=JSON)
    gap: str = Field(default="", max_length=TEXT_MAX)
    # Dated evidence of the gap: [{"date": "YYYY-MM-DD", "text": "..."}].
    gap_evidence: list[dict[str, str]] = Field(default_factory=list, sa_type=JSON)
    baseline: str = Field(default="", max_length=TEXT_MAX)
    start_date: dt.date
    end_date: dt.date
    length: str = Field(default="90", max_length=10)  # "30" | "60" | "90" | "custom"
    checkin_cadence: str = Field(default="weekly", max_length=20)
    status: str = Field(default="draft", max_length=20, index=True)
    outcome: str | None = Field(default=None, max_length=20)
    override_reason: str | None = Field(default=None, max_length=REASON_MAX)
    outcome_note: str = Field(default="", max_length=REASON_MAX)  # why withdrawn / closed
    issued_at: dt.datetime | None = None  # the current issue; a recall clears it
    # The first time the plan was issued, never cleared: from then on the employee and the coach
    # have seen it, whatever its state now (permissions.RELATIONS reads this, not the status).
    first_issued_at: dt.datetime | None = None
    acknowledged_at: dt.datetime | None = None
    # The employee's word at sign-off: "agree", or "disagree" (received but not agreed).
    agreement: str | None = Field(default=None, max_length=20)
    employee_comment: str = Field(default="", max_length=REASON_MAX)
    activated_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None
    # A draft never issued may be deleted by its manager (plans.delete_draft): it is kept, with
    # its audit trail, but no list or page shows it again (permissions.relations).
    deleted_at: dt.datetime | None = None
    deleted_by: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow)
    version: int = Field(default=1, sa_column=PLAN_VERSION)
    __mapper_args__ = {"version_id_col": PLAN_VERSION}


GOAL_VERSION = version_column()


class Goal(SQLModel, table=True):
    __tablename__ = "goal"

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    position: int = 0
    text: str = Field(max_length=GOAL_MAX)
    analysis: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    # The goal's numbers (services/goal_numbers.py): where it starts, where it must get to and
    # what is counted. `baseline` and `target` are the same amounts in words ("12 tickets"),
    # kept for the history and the revisions; goals written before numbers were kept may hold
    # words there that are not a number, and no value.
    baseline: str = Field(default="", max_length=SHORT_MAX)
    target: str = Field(default="", max_length=SHORT_MAX)
    baseline_value: float | None = None
    target_value: float | None = None
    unit: str = Field(default="", max_length=UNIT_MAX)
    deadline: dt.date | None = None
    status: str = Field(default="open", max_length=20)  # open | met | not_met
    # Set when the goal changed after the employee signed: they must acknowledge again.
    needs_acknowledgement: bool = False
    created_at: dt.datetime = Field(default_factory=utcnow)
    version: int = Field(default=1, sa_column=GOAL_VERSION)
    __mapper_args__ = {"version_id_col": GOAL_VERSION}


class GoalComment(SQLModel, table=True):
    """The employee's word on one goal (services.goals.comment_on_goal): never edited."""

    __tablename__ = "goal_comment"

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    goal_id: int = Field(foreign_key="goal.id", index=True)
    author_id: int = Field(foreign_key="user_account.id")
    text: str = Field(max_length=TEXT_MAX)
    created_at: dt.datetime = Field(default_factory=utcnow)


class GoalRevision(SQLModel, table=True):
    """The goal as it was before a change made after acknowledgement (kept to show the diff)."""

    __tablename__ = "goal_revision"

    id: int | None = Field(default=None, primary_key=True)
    goal_id: int = Field(foreign_key="goal.id", index=True)
    changed_by: int = Field(foreign_key="user_account.id")
    changed_at: dt.datetime = Field(default_factory=utcnow)
    old_text: str = Field(max_length=GOAL_MAX)
    new_text: str = Field(max_length=GOAL_MAX)
    old_baseline: str = Field(default="", max_length=SHORT_MAX)
    new_baseline: str = Field(default="", max_length=SHORT_MAX)
    old_target: str = Field(default="", max_length=SHORT_MAX)
    new_target: str = Field(default="", max_length=SHORT_MAX)
    old_deadline: dt.date | None = None
    new_deadline: dt.date | None = None
    reason: str = Field(default="", max_length=REASON_MAX)
    acknowledged_at: dt.datetime | None = None


ACTION_ITEM_VERSION = version_column()


class ActionItem(SQLModel, table=True):
    __tablename__ = "action_item"

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    goal_id: int = Field(foreign_key="goal.id", index=True)
    text: str = Field(max_length=GOAL_MAX)
    analysis: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    due_date: dt.date | None = None
    status: str = Field(default="todo", max_length=20)  # todo | doing | done
    created_by: int = Field(foreign_key="user_account.id")
    created_at: dt.datetime = Field(default_factory=utcnow)
    # Removed by its author (services.corrections): kept for the record, read by nobody.
    deleted_at: dt.datetime | None = None
    deleted_by: int | None = Field(default=None, foreign_key="user_account.id")
    version: int = Field(default=1, sa_column=ACTION_ITEM_VERSION)
    __mapper_args__ = {"version_id_col": ACTION_ITEM_VERSION}


CHECK_IN_VERSION = version_column()


class CheckIn(SQLModel, table=True):
    __tablename__ = "check_in"

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    date: dt.date  # when it was held
    # The due date it was held for (policy/schedule.py); None for an ad hoc check-in, and for
    # those stored before due dates were recorded (the schedule then infers it).
    due_date: dt.date | None = None
    kind: str = Field(default="scheduled", max_length=20)
    notes: str = Field(default="", max_length=TEXT_MAX)
    # Seen by the manager and HR only: never by the employee or the coach (permissions.py).
    private_notes: str = Field(default="", max_length=TEXT_MAX)
    employee_comment: str = Field(default="", max_length=TEXT_MAX)
    created_by: int = Field(foreign_key="user_account.id")
    created_at: dt.datetime = Field(default_factory=utcnow)
    version: int = Field(default=1, sa_column=CHECK_IN_VERSION)
    __mapper_args__ = {"version_id_col": CHECK_IN_VERSION}


class CheckInRating(SQLModel, table=True):
    """The manager's view of one goal at one check-in."""

    __tablename__ = "check_in_rating"
    __table_args__ = (UniqueConstraint("check_in_id", "goal_id"),)

    id: int | None = Field(default=None, primary_key=True)
    check_in_id: int = Field(foreign_key="check_in.id", index=True)
    goal_id: int = Field(foreign_key="goal.id", index=True)
    status: str = Field(max_length=20)  # on_track | at_risk | off_track
    # The number at this check-in, in the goal's unit; `current_value` is it in words ("9
    # tickets"), or what was typed before numbers were kept.
    current_value: str = Field(default="", max_length=SHORT_MAX)
    value: float | None = None


SELF_ASSESSMENT_VERSION = version_column()


class SelfAssessment(SQLModel, table=True):
    __tablename__ = "self_assessment"

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    goal_id: int = Field(foreign_key="goal.id", index=True)
    rating: int  # 1..5
    confidence: str = Field(max_length=10)  # low | medium | high
    evidence: str = Field(default="", max_length=TEXT_MAX)
    created_by: int = Field(foreign_key="user_account.id")
    created_at: dt.datetime = Field(default_factory=utcnow)
    # Removed by its author (services.corrections): kept for the record, read by nobody.
    deleted_at: dt.datetime | None = None
    deleted_by: int | None = Field(default=None, foreign_key="user_account.id")
    version: int = Field(default=1, sa_column=SELF_ASSESSMENT_VERSION)
    __mapper_args__ = {"version_id_col": SELF_ASSESSMENT_VERSION}


LEARNING_ITEM_VERSION = version_column()


class LearningItem(SQLModel, table=True):
    __tablename__ = "learning_item"

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    goal_id: int | None = Field(default=None, foreign_key="goal.id")
    resource_id: str | None = Field(default=None, max_length=SHORT_MAX)
    title: str = Field(max_length=SHORT_MAX)
    status: str = Field(default="planned", max_length=20)  # planned | in_progress | done
    due_date: dt.date | None = None
    completed_at: dt.datetime | None = None
    created_by: int = Field(foreign_key="user_account.id")
    created_at: dt.datetime = Field(default_factory=utcnow)
    # Removed by its author (services.corrections): kept for the record, read by nobody.
    deleted_at: dt.datetime | None = None
    deleted_by: int | None = Field(default=None, foreign_key="user_account.id")
    version: int = Field(default=1, sa_column=LEARNING_ITEM_VERSION)
    __mapper_args__ = {"version_id_col": LEARNING_ITEM_VERSION}


MENTOR_SESSION_STATUSES = ("planned", "held")
MENTOR_SESSION_VERSION = version_column()


class MentorSession(SQLModel, table=True):
    """A mentoring session: planned for a date (then held afterwards, takeaways filled in), or
    logged once held. A held session is never in the future."""

    __tablename__ = "mentor_session"

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    date: dt.date
    status: str = Field(default="held", max_length=20)  # planned | held
    mentor: str = Field(max_length=NAME_MAX)
    topics: str = Field(default="", max_length=TEXT_MAX)
    takeaways: str = Field(default="", max_length=TEXT_MAX)
    next_steps: str = Field(default="", max_length=TEXT_MAX)
    created_by: int = Field(foreign_key="user_account.id")
    created_at: dt.datetime = Field(default_factory=utcnow)
    # Removed by its author (services.corrections): kept for the record, read by nobody.
    deleted_at: dt.datetime | None = None
    deleted_by: int | None = Field(default=None, foreign_key="user_account.id")
    version: int = Field(default=1, sa_column=MENTOR_SESSION_VERSION)
    __mapper_args__ = {"version_id_col": MENTOR_SESSION_VERSION}


class CoachNote(SQLModel, table=True):
    """A coach's private note on a plan they coach: read by that coach alone, never by the
    employee, the manager or HR (permissions.coach_notes_for). Its audit event has no text."""

    __tablename__ = "coach_note"

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    author_id: int = Field(foreign_key="user_account.id", index=True)
    text: str = Field(max_length=TEXT_MAX)
    created_at: dt.datetime = Field(default_factory=utcnow)


EVIDENCE_VERSION = version_column()


class Evidence(SQLModel, table=True):
    """An entry in the employee's evidence log: an achievement or a note."""

    __tablename__ = "evidence"

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    goal_id: int | None = Field(default=None, foreign_key="goal.id")
    kind: str = Field(default="achievement", max_length=20)  # achievement | note
    date: dt.date
    text: str = Field(max_length=TEXT_MAX)
    created_by: int = Field(foreign_key="user_account.id")
    created_at: dt.datetime = Field(default_factory=utcnow)
    # Removed by its author (services.corrections): kept for the record, read by nobody.
    deleted_at: dt.datetime | None = None
    deleted_by: int | None = Field(default=None, foreign_key="user_account.id")
    version: int = Field(default=1, sa_column=EVIDENCE_VERSION)
    __mapper_args__ = {"version_id_col": EVIDENCE_VERSION}


class AuditEvent(SQLModel, table=True):
    """Who changed what, when, from what to what. Written with the change; never altered."""

    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(default_factory=utcnow, index=True)
    actor_id: int | None = Field(default=None, foreign_key="user_account.id")
    plan_id: int | None = Field(default=None, foreign_key="plan.id", index=True)
    entity: str = Field(max_length=40)
    entity_id: int | None = None
    action: str = Field(max_length=40)
    before: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    after: dict[str, Any] | None = Field(default=None, sa_type=JSON)


class Notification(SQLModel, table=True):
    """Something one person should know about a plan (coach/services/notifications.py).

    `key` makes it unique: kind, the object it is about, the date it is for, and the recipient
    ("check_in_due_today:plan-3:2026-12-01:user-5"), so no run or retry makes it twice.
    `delivery` is the recipient's choice for its kind when it was made: "immediate" (a mail of
    its own), "digest" (in the next daily digest) or "off" (neither mailed nor listed).
    `tab` and `anchor` say where on the plan page it leads (coach/web/plan_tabs.py)."""

    __tablename__ = "notification"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=200, unique=True)
    recipient_id: int = Field(foreign_key="user_account.id", index=True)
    plan_id: int | None = Field(default=None, foreign_key="plan.id", index=True)
    kind: str = Field(max_length=40)
    text: str = Field(max_length=NOTICE_MAX)  # the sentence in the app (may quote the title)
    mail_text: str = Field(max_length=NOTICE_MAX)  # the sentence in a mail: no title, no goal
    tab: str = Field(default="overview", max_length=20)
    anchor: str = Field(default="", max_length=60)
    due_date: dt.date | None = None  # the day it is about (a check-in's due date, the end)
    delivery: str = Field(default="immediate", max_length=20)
    created_at: dt.datetime = Field(default_factory=utcnow, index=True)
    read_at: dt.datetime | None = None
    mailed_at: dt.datetime | None = None  # when its mail (or the digest holding it) left
    digest_id: int | None = Field(default=None, foreign_key="notification_digest.id")


class NotificationPreference(SQLModel, table=True):
    """A person's choice for one kind of notification; without a row, the kind's default."""

    __tablename__ = "notification_preference"
    __table_args__ = (UniqueConstraint("user_id", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    kind: str = Field(max_length=40)
    delivery: str = Field(max_length=20)  # immediate | digest | off


class NotificationDigest(SQLModel, table=True):
    """One daily digest mail sent to one person: at most one per person and day."""

    __tablename__ = "notification_digest"
    __table_args__ = (UniqueConstraint("user_id", "day"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    day: dt.date
    sent_at: dt.datetime = Field(default_factory=utcnow)
    items: int = 0
