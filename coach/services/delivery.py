"""Notification mail: each "immediate" notification in a mail of its own, the "digest" ones in
one mail per person and day (at most: the `notification_digest` row for the person and day is
unique), from `digest_hour` on.

Mail goes out through the `send` callable (the app's one Mailer, services/mail.py) and says
nothing sensitive in its subject: the kind only ("A check-in is due tomorrow"), never a name, a
plan's title or a goal. The body has the notification's `mail_text` (who and when, no title)
and a link into the app (`Links`, built by the web layer on BASE_URL).

Each mail is claimed before it is sent: its notifications get `mailed_at` (and the digest row
is written) in a committed transaction of its own, so two runs at once never both send it, and
no transaction (no SQLite write lock) stays open while an SMTP server answers. A mail the
server refuses is released again and tried at the next run; a run that dies between the claim
and the send loses that one mail (the notification stays in the app).

Out of date: a "due tomorrow" notice not mailed by the due day, or a "due today" one not
mailed that day, is passed over (its `mailed_at` set, no mail): the next notice says it better.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr
from typing import Protocol

from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from coach.db.tables import Notification, NotificationDigest, User, utcnow
from coach.services.notifications import DIGEST, IMMEDIATE, KINDS

log = logging.getLogger(__name__)
Send = Callable[[EmailMessage], None]
MAIL_ERRORS = (OSError, smtplib.SMTPException)


class Links(Protocol):
    """Absolute URLs into the app, for mails (the web layer knows the routes and BASE_URL)."""

    def notification(self, notification: Notification) -> str: ...

    def notifications(self) -> str: ...

    def preferences(self) -> str: ...


@dataclass
class Delivered:
    mails: int = 0  # immediate ones
    digests: int = 0
    passed_over: int = 0
    failed: int = 0


def deliver(
    *, session: Session, send: Send, links: Links, now: dt.datetime, digest_hour: int
) -> Delivered:
    """Send what is waiting: immediate mails always, the day's digests from `digest_hour`
    (`now` is local time, as the day of a digest is)."""
    result = Delivered()
    send_immediate(session, send, links, now.date(), result)
    if now.hour >= digest_hour:
        send_digests(session, send, links, now.date(), result)
    return result


def out_of_date(notification: Notification, today: dt.date) -> bool:
    due = notification.due_date
    if due is None:
        return False
    if notification.kind == "check_in_due_tomorrow":
        return due <= today
    return notification.kind == "check_in_due_today" and due < today


# -- one mail each -------------------------------------------------------------------------------


def send_immediate(
    session: Session, send: Send, links: Links, today: dt.date, result: Delivered
) -> None:
    waiting = select(Notification.id).where(
        Notification.delivery == IMMEDIATE, col(Notification.mailed_at).is_(None)
    )
    ids = list(session.exec(waiting.order_by(Notification.id)).all())
    session.rollback()  # end the read before the claims
    for notification_id in ids:
        if not claim(session, [notification_id]):
            continue  # another run has it
        notification = session.get(Notification, notification_id)
        user = session.get(User, notification.recipient_id)
        if out_of_date(notification, today) or not user.is_active:
            result.passed_over += 1
            continue
        try:
            send(single_message(user, notification, links))
        except MAIL_ERRORS as error:
            release(session, [notification_id])
            result.failed += 1
            log.warning("Could not mail notification #%s: %r", notification_id, error)
            continue
        result.mails += 1


def claim(session: Session, ids: Sequence[int], digest_id: int | None = None) -> bool:
    """Mark these notifications mailed now, if nobody has; commit. True when all were ours."""
    statement = (
        update(Notification)
        .where(col(Notification.id).in_(ids), col(Notification.mailed_at).is_(None))
        .values(mailed_at=utcnow(), digest_id=digest_id)
    )
    claimed = session.execute(statement).rowcount
    if claimed != len(ids):
        session.rollback()
        return False
    session.commit()
    return True


def release(session: Session, ids: Sequence[int]) -> None:
    """The mail did not leave: let the next run try again."""
    statement = (
        update(Notification)
        .where(col(Notification.id).in_(ids))
        .values(mailed_at=None, digest_id=None)
    )
    session.execute(statement)
    session.commit()


def single_message(user: User, notification: Notification, links: Links) -> EmailMessage:
    kind = KINDS[notification.kind]
    body = (
        f"Hello {user.name},\n\n"
        f"{notification.mail_text}\n\n"
        f"Open it in PIP Coach:\n{links.notification(notification)}\n\n"
        "You get a mail of its own for this because of your notification choices. Change\n"
        f"them (to the daily digest, or off) here:\n{links.preferences()}\n\n"
        "PIP Coach\n"
    )
    return message(user, f"PIP Coach: {kind.subject}", body)


def message(user: User, subject: str, body: str) -> EmailMessage:
    mail = EmailMessage()
    mail["To"] = formataddr((user.name, user.email))
    mail["Subject"] = subject
    # Plain 7- or 8-bit text (not quoted-printable), so the links stay whole in an .eml file.
    mail.set_content(body, cte="7bit" if body.isascii() else "8bit")
    return mail


# -- the daily digest ----------------------------------------------------------------------------


def send_digests(
    session: Session, send: Send, links: Links, today: dt.date, result: Delivered
) -> None:
    waiting = select(Notification.recipient_id).where(
        Notification.delivery == DIGEST, col(Notification.mailed_at).is_(None)
    )
    people = set(session.exec(waiting.distinct()).all())
    sent = select(NotificationDigest.user_id).where(NotificationDigest.day == today)
    people -= set(session.exec(sent).all())
    session.rollback()
    for user_id in sorted(people):
        send_digest(session, send, links, session.get(User, user_id), today, result)


def send_digest(
    session: Session, send: Send, links: Links, user: User, today: dt.date, result: Delivered
) -> None:
    query = select(Notification).where(
        Notification.recipient_id == user.id,
        Notification.delivery == DIGEST,
        col(Notification.mailed_at).is_(None),
    )
    items = list(session.exec(query.order_by(Notification.created_at, Notification.id)).all())
    current = [item for item in items if not out_of_date(item, today)]
    stale = [item.id for item in items if out_of_date(item, today)]
    if stale and claim(session, stale):
        result.passed_over += len(stale)
    if not current or not user.is_active:
        session.rollback()
        return
    digest = NotificationDigest(user_id=user.id, day=today, sent_at=utcnow(), items=len(current))
    session.add(digest)
    try:
        session.flush()
    except IntegrityError:  # another run sent today's digest a moment ago
        session.rollback()
        return
    if not claim(session, [item.id for item in current], digest.id):
        return  # claim() rolled the digest row back with it
    try:
        send(digest_message(user, current, links))
    except MAIL_ERRORS as error:
        release(session, [item.id for item in current])
        session.execute(delete(NotificationDigest).where(NotificationDigest.id == digest.id))
        session.commit()
        result.failed += 1
        log.warning("Could not mail the digest of account #%s: %r", user.id, error)
        return
    result.digests += 1


def digest_message(user: User, items: Sequence[Notification], links: Links) -> EmailMessage:
    count = f"{len(items)} item{'s' * (len(items) != 1)}"
    lines = "".join(f"- {item.mail_text}\n  {links.notification(item)}\n" for item in items)
    body = (
        f"Hello {user.name},\n\n"
        f"Your daily summary from PIP Coach ({count}):\n\n"
        f"{lines}\n"
        f"All your notifications:\n{links.notifications()}\n\n"
        f"Change what you get and when:\n{links.preferences()}\n\n"
        "PIP Coach\n"
    )
    return message(user, f"PIP Coach: Your daily summary ({count})", body)
