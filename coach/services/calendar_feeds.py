"""Personal calendar feed links: a secret URL for calendar apps that cannot log in.

A person makes a link on their "Calendar feed" page; its token is shown once, then only its
SHA-256 is kept (like log-in sessions), so a copy of the database gives nobody a working link.
A person has one live link at most: making a new one revokes the old, and turning the feed off
revokes it too; a revoked or unknown token finds nobody (the web layer answers 404). Each change
is an audit event on the person's account (HR reads it in the account history), holding neither
the token nor its hash. The token is 32 random bytes (256 bits), URL-safe.
"""

from __future__ import annotations

import hashlib
import secrets

from sqlmodel import Session, col, select

from coach.db import audit
from coach.db.tables import CalendarFeed, User, utcnow
from coach.db.unit_of_work import commit, serialise_on

NEW_ACTION = "calendar_feed"  # a new link (any earlier one stops working)
REVOKE_ACTION = "calendar_feed_revoke"  # the feed turned off
TOKEN_BYTES = 32


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def live_feed(session: Session, user: User) -> CalendarFeed | None:
    """The person's working link, if they have one."""
    query = select(CalendarFeed).where(
        CalendarFeed.user_id == user.id, col(CalendarFeed.revoked_at).is_(None)
    )
    return session.exec(query.order_by(col(CalendarFeed.id).desc())).first()


def new_feed_token(*, session: Session, actor: User) -> str:
    """A new link for `actor`'s own feed; any earlier link stops working. Returns the token,
    which is not stored and cannot be shown again."""
    serialise_on(session, f"calendar-feed:{actor.id}")  # two clicks at once: still one live link
    _revoke_live(session, actor)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    session.add(CalendarFeed(user_id=actor.id, token_hash=token_hash(token)))
    audit.record(
        session,
        actor=actor,
        action=NEW_ACTION,
        entity=actor,
        plan_id=None,
    )
    commit(session, "calendar feed")
    return token


def revoke_feed(*, session: Session, actor: User) -> bool:
    """Turn `actor`'s feed off: their link stops working. False when there was none."""
    serialise_on(session, f"calendar-feed:{actor.id}")
    revoked = _revoke_live(session, actor)
    if not revoked:
        return False
    audit.record(
        session,
        actor=actor,
        action=REVOKE_ACTION,
        entity=actor,
        plan_id=None,
    )
    commit(session, "calendar feed")
    return True


def user_for_token(session: Session, token: str) -> User | None:
    """The active person whose live link has this token; None for anything else."""
    if not token or len(token) > 200:
        return None
    query = select(CalendarFeed).where(
        CalendarFeed.token_hash == token_hash(token), col(CalendarFeed.revoked_at).is_(None)
    )
    feed = session.exec(query).first()
    user = session.get(User, feed.user_id) if feed else None
    return user if user is not None and user.is_active else None


def _revoke_live(session: Session, user: User) -> int:
    query = select(CalendarFeed).where(
        CalendarFeed.user_id == user.id, col(CalendarFeed.revoked_at).is_(None)
    )
    live = list(session.exec(query).all())
    for feed in live:
        feed.revoked_at = utcnow()
        session.add(feed)
    return len(live)
