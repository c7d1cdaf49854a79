"""Notifications: who hears about what on a plan, in the app and by mail, and how they choose.

Events and who hears of them (KINDS): a plan issued (the employee); acknowledged, agreeing or
not (the manager and HR); a check-in due tomorrow and due today (the manager and the employee);
a check-in overdue (the manager and HR); learning or an action overdue (the employee and the
coach); a goal changed after signing (the employee); a plan ending in 7 days (the manager and
HR). "HR" is the plan's HR contact, or every active HR account when the plan has none.

Two sources. The services write the event ones (issued, acknowledged, goal changed) with the
change itself, in the same transaction (`plan_issued`, `plan_acknowledged`, `goal_changed`):
they exist exactly when the change was committed. The reminders (due, overdue, ending) are read
from the plans' state by `coach reminders run` (services/reminders.py), which the worker runs on
a schedule. Either way a notification is written through `save()`, which skips the person who
caused it, inactive accounts and anyone who turned the kind off, and never writes a key twice
(kind + object + date + recipient): a run repeated, or two at once, adds nothing.

Each person chooses per kind: "immediate" (a mail of its own), "digest" (one mail a day with
everything waiting) or "off" (nothing, not even in the app). The defaults are immediate for the
three events, which happen once per plan or change, and the digest for the reminders, which are
the noisy kinds. Mail never names the plan or quotes a goal: `mail_text` says who and when, the
link leads to the page (services/delivery.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, func, select

from coach.db import audit
from coach.db.tables import (
    NOTICE_MAX,
    Goal,
    Notification,
    NotificationPreference,
    Plan,
    User,
    utcnow,
)
from coach.db.unit_of_work import commit
from coach.errors import NotFound, ValidationError

IMMEDIATE, DIGEST, OFF = "immediate", "digest", "off"
DELIVERIES = (IMMEDIATE, DIGEST, OFF)
DELIVERY_WORDS = {
    IMMEDIATE: "Mail me at once",
    DIGEST: "In the daily digest",
    OFF: "Off",
}
LIST_LIMIT = 100  # the notifications page shows this many, newest first
INSERT_CHUNK = 300
TITLE_CHARS = 60


@dataclass(frozen=True)
class Kind:
    """One kind of notification: what the preferences page calls it, who may get it, its
    default choice, the mail's subject (nothing sensitive) and the plan tab it leads to."""

    id: str
    label: str
    roles: tuple[str, ...]
    default: str
    subject: str
    tab: str
    anchor: str = ""


KINDS = {
    kind.id: kind
    for kind in (
        Kind("plan_issued", "A plan is issued to you", ("employee",), IMMEDIATE,
             "A plan has been shared with you", "overview", "lifecycle"),
        Kind("plan_acknowledged", "The employee signs a plan, agreeing or not",
             ("manager", "hr"), IMMEDIATE, "A plan has been signed", "overview", "lifecycle"),
        Kind("goal_changed", "A goal of your plan is changed after you signed it",
             ("employee",), IMMEDIATE, "A goal of your plan has changed", "goals"),
        Kind("check_in_due_tomorrow", "A check-in is due tomorrow", ("manager", "employee"),
             DIGEST, "A check-in is due tomorrow", "progress", "plan-check-ins"),
        Kind("check_in_due_today", "A check-in is due today", ("manager", "employee"), DIGEST,
             "A check-in is due today", "progress", "plan-check-ins"),
        Kind("check_in_overdue", "A check-in is overdue", ("manager", "hr"), DIGEST,
             "A check-in is overdue", "progress", "plan-check-ins"),
        Kind("learning_overdue", "Learning is overdue", ("employee", "coach"), DIGEST,
             "Learning is overdue", "support"),
        Kind("action_overdue", "An action is overdue", ("employee", "coach"), DIGEST,
             "An action is overdue", "goals"),
        Kind("plan_ending", "A plan ends within 7 days", ("manager", "hr"), DIGEST,
             "A plan ends within 7 days", "overview"),
    )
}  # fmt: skip


@dataclass(frozen=True)
class Draft:
    """A notification to write, if it is new and the recipient wants it."""

    kind: str
    recipient_id: int
    plan_id: int | None
    about: str  # the object: "plan-3", "goal-9", "learning-5"
    when: str  # the date (or moment) it is for, ISO
    text: str
    mail_text: str
    anchor: str = ""
    due_date: dt.date | None = None

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.about}:{self.when}:user-{self.recipient_id}"


def day(date: dt.date) -> str:
    return f"{date:%a %-d %b}"


def quoted(text: str) -> str:
    short = text if len(text) <= TITLE_CHARS else text[: TITLE_CHARS - 1].rstrip() + "…"
    return f"“{short}”"


# -- who ---------------------------------------------------------------------------------------


def hr_people(session: Session, plan: Plan) -> list[int]:
    """The plan's HR contact, or every active HR account when it has none."""
    if plan.hr_contact_id is not None:
        return [plan.hr_contact_id]
    return all_hr(session)


def all_hr(session: Session) -> list[int]:
    query = select(User.id, User.roles).where(User.is_active)
    return [user_id for user_id, roles in session.exec(query).all() if "hr" in roles.split()]


def choices_of(session: Session, user_ids: Iterable[int]) -> dict[tuple[int, str], str]:
    """(user id, kind) -> the delivery each person chose; kinds left out use their default."""
    ids = sorted(set(user_ids))
    if not ids:
        return {}
    query = select(NotificationPreference).where(col(NotificationPreference.user_id).in_(ids))
    return {(row.user_id, row.kind): row.delivery for row in session.exec(query).all()}


def delivery_of(choices: Mapping[tuple[int, str], str], user_id: int, kind: str) -> str:
    return choices.get((user_id, kind), KINDS[kind].default)


# -- writing -----------------------------------------------------------------------------------


def save(session: Session, drafts: Sequence[Draft], actor_id: int | None = None) -> int:
    """Write the drafts that are new, wanted and for an active account other than the actor's
    (no commit: the caller's unit of work commits). Returns how many were written."""
    drafts = [draft for draft in drafts if draft.recipient_id != actor_id]
    if not drafts:
        return 0
    people = {draft.recipient_id for draft in drafts}
    active = set(session.exec(select(User.id).where(col(User.id).in_(people), User.is_active)))
    choices = choices_of(session, active)
    now = utcnow()
    rows = [
        row(draft, delivery_of(choices, draft.recipient_id, draft.kind), now)
        for draft in drafts
        if draft.recipient_id in active
        and delivery_of(choices, draft.recipient_id, draft.kind) != OFF
    ]
    return insert_new(session, rows)


def row(draft: Draft, delivery: str, now: dt.datetime) -> dict:
    kind = KINDS[draft.kind]
    return {
        "key": draft.key,
        "recipient_id": draft.recipient_id,
        "plan_id": draft.plan_id,
        "kind": draft.kind,
        "text": draft.text[:NOTICE_MAX],
        "mail_text": draft.mail_text[:NOTICE_MAX],
        "tab": kind.tab,
        "anchor": draft.anchor or kind.anchor,
        "due_date": draft.due_date,
        "delivery": delivery,
        "created_at": now,
    }


def insert_new(session: Session, rows: list[dict]) -> int:
    """INSERT … ON CONFLICT (key) DO NOTHING, in chunks: a key written before (or by a run at
    the same moment) is left as it is. SQLite and PostgreSQL spell it the same way."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    written = 0
    for start in range(0, len(rows), INSERT_CHUNK):
        chunk = rows[start : start + INSERT_CHUNK]
        table = Notification.__table__
        statement = (
            dialect.insert(table).values(chunk).on_conflict_do_nothing(index_elements=["key"])
        )
        written += len(session.execute(statement.returning(table.c.id)).all())  # rowcount: -1 on PG
    return written


# -- the events, written by the services with the change ---------------------------------------


def plan_issued(session: Session, plan: Plan, actor: User) -> None:
    """The employee hears that their plan was issued (each issue, a recall and re-issue too)."""
    when = plan.issued_at or utcnow()
    text = f"{actor.name} issued your plan {quoted(plan.title)}: read it and sign it"
    mail = f"{actor.name} has issued a plan to you in PIP Coach. Read it and sign it there."
    about, stamp = f"plan-{plan.id}", when.isoformat(timespec="seconds")
    draft = Draft("plan_issued", plan.employee_id, plan.id, about, stamp, text, mail)
    save(session, [draft], actor.id)


def plan_acknowledged(session: Session, plan: Plan, actor: User) -> None:
    """The manager and HR hear that the employee signed, and whether they agree."""
    agrees = plan.agreement != "disagree"
    answer = "agrees with it" if agrees else "has received it but does not agree"
    comment = " (with a comment)" if plan.employee_comment else ""
    text = f"{actor.name} signed {quoted(plan.title)} and {answer}{comment}"
    mail = f"{actor.name} signed a plan you follow and {answer}{comment}."
    when = (plan.acknowledged_at or utcnow()).isoformat(timespec="seconds")
    recipients = [plan.manager_id, *hr_people(session, plan)]
    drafts = [
        Draft("plan_acknowledged", person, plan.id, f"plan-{plan.id}", when, text, mail)
        for person in dict.fromkeys(recipients)
    ]
    save(session, drafts, actor.id)


def goal_changed(session: Session, plan: Plan, goal: Goal, number: int, actor: User) -> None:
    """The employee hears that a goal they signed was changed and waits for their signature."""
    text = f"{actor.name} changed goal {number} of {quoted(plan.title)}: read it and sign again"
    mail = f"{actor.name} changed a goal of your plan after you signed it. Read it and sign again."
    draft = Draft(
        "goal_changed",
        plan.employee_id,
        plan.id,
        f"goal-{goal.id}",
        utcnow().isoformat(timespec="seconds"),
        text,
        mail,
        anchor=f"goal-{goal.id}",
    )
    save(session, [draft], actor.id)


# -- reading and marking read ------------------------------------------------------------------


def for_user(session: Session, user: User, limit: int = LIST_LIMIT) -> list[Notification]:
    """The user's own notifications, newest first."""
    query = (
        select(Notification)
        .where(Notification.recipient_id == user.id)
        .order_by(col(Notification.created_at).desc(), col(Notification.id).desc())
        .limit(limit)
    )
    return list(session.exec(query).all())


def unread_count(session: Session, user: User) -> int:
    query = select(func.count()).where(
        Notification.recipient_id == user.id, col(Notification.read_at).is_(None)
    )
    return session.exec(query).one()


def notification_for(session: Session, user: User, notification_id: int) -> Notification:
    """The user's own notification, or NotFound: nobody else's is anyone's business."""
    found = session.get(Notification, notification_id)
    if found is None or found.recipient_id != user.id:
        raise NotFound("notification")
    return found


# Marking read writes no audit event: `read_at` is the record, and it changes nothing of a plan
# or an account (like a session's last-seen time, sessions.record_session_check).


def mark_read(*, session: Session, actor: User, notification_id: int) -> Notification:
    """Mark one of the actor's notifications read (once; again changes nothing)."""
    found = notification_for(session, actor, notification_id)
    if found.read_at is None:
        found.read_at = utcnow()
        session.add(found)
        commit(session, "notification")
    return found


def mark_all_read(*, session: Session, actor: User) -> int:
    """Mark every unread notification of the actor read; returns how many."""
    unread = (Notification.recipient_id == actor.id, col(Notification.read_at).is_(None))
    count = session.exec(select(func.count()).where(*unread)).one()
    if count:
        session.execute(update(Notification).where(*unread).values(read_at=utcnow()))
        commit(session, "notification")
    return count


# -- choices -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    kind: Kind
    delivery: str


def kinds_for(user: User) -> list[Kind]:
    """The kinds this person can receive, by their roles (HR and managers: no employee ones)."""
    return [kind for kind in KINDS.values() if user.role_set & set(kind.roles)]


def choices(session: Session, user: User) -> list[Choice]:
    chosen = choices_of(session, [user.id])
    return [Choice(kind, delivery_of(chosen, user.id, kind.id)) for kind in kinds_for(user)]


def set_choices(*, session: Session, actor: User, form: Mapping[str, object]) -> list[Choice]:
    """Save the actor's choice for each kind they can receive (`form`: kind -> delivery).
    A missing or unknown answer is a ValidationError naming the kind; nothing is saved."""
    wanted: dict[str, str] = {}
    problems: dict[str, str] = {}
    for kind in kinds_for(actor):
        answer = form.get(kind.id)
        if answer not in DELIVERIES:
            problems[kind.id] = "Choose one: mail me at once, in the daily digest, or off."
        else:
            wanted[kind.id] = str(answer)
    if problems:
        raise ValidationError(problems)
    mine = select(NotificationPreference).where(NotificationPreference.user_id == actor.id)
    stored = {row.kind: row for row in session.exec(mine).all()}
    before = {
        kind: stored[kind].delivery if kind in stored else KINDS[kind].default for kind in wanted
    }
    for kind, delivery in wanted.items():
        preference = stored.get(kind) or NotificationPreference(user_id=actor.id, kind=kind)
        preference.delivery = delivery
        session.add(preference)
    old, new = audit.changed_fields(before, wanted)
    if new:
        audit.record(
            session,
            actor=actor,
            action="notifications",
            entity=actor,
            plan_id=None,
            before=old,
            after=new,
        )
    commit(session, "notification choices")
    return choices(session, actor)
