"""Log-in and sessions: throttled authentication and server-side sessions.

Log-in failures look the same whatever the cause (unknown address, wrong password, inactive
account): one InvalidCredentials, after the same Argon2 work. Failures are counted in the
database so every worker process shares the count. Sessions live in the database too, so that
log-out and revocation end them for real; the cookie carries a random token and only its SHA-256
is stored. `prune` deletes what is no longer needed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, func, update
from sqlmodel import Session, col, select

from coach.db.tables import LoginAttempt, User, UserSession, utcnow
from coach.db.unit_of_work import commit, serialise_on
from coach.errors import InvalidCredentials, Throttled
from coach.services import passwords
from coach.services.validation import EMAIL_MAX, normalise_email

log = logging.getLogger(__name__)

MAX_FAILURES = 5


FAILURE_WINDOW = dt.timedelta(minutes=15)


IDLE_TIMEOUT = dt.timedelta(minutes=20)


ABSOLUTE_TIMEOUT = dt.timedelta(hours=10)


# Refreshing last_seen_at on every request would turn each read into a write; once a minute is
# precise enough for a 20-minute idle timeout.
TOUCH_INTERVAL = dt.timedelta(minutes=1)


ATTEMPTS_KEPT = dt.timedelta(days=30)  # long past any throttle window; enough to investigate


SESSIONS_KEPT = dt.timedelta(days=30)  # after a session ended or could no longer be used


def prune(*, session: Session, now: dt.datetime | None = None) -> dict[str, int]:
    """Delete log-in attempts older than ATTEMPTS_KEPT and sessions ended (or past their
    absolute lifetime) more than SESSIONS_KEPT ago: personal data kept no longer than needed.
    Returns how many rows of each went."""
    now = now or utcnow()
    old_attempts = delete(LoginAttempt).where(LoginAttempt.at < now - ATTEMPTS_KEPT)
    cutoff = now - SESSIONS_KEPT
    old_sessions = delete(UserSession).where(
        (col(UserSession.ended_at) < cutoff) | (UserSession.created_at < cutoff - ABSOLUTE_TIMEOUT)
    )
    counts = {
        "log-in attempts": session.exec(old_attempts).rowcount,  # type: ignore[call-overload]
        "sessions": session.exec(old_sessions).rowcount,  # type: ignore[call-overload]
    }
    commit(session, "pruning")
    return counts


def _recent_failures(session: Session, now: dt.datetime, **match: str) -> int:
    """Failures in the window for an account (since its last success) or an address."""
    since = now - FAILURE_WINDOW
    if "email" in match:
        last_success = session.exec(
            select(func.max(LoginAttempt.at)).where(
                LoginAttempt.email == match["email"], LoginAttempt.succeeded
            )
        ).one()
        if last_success is not None and last_success > since:
            since = last_success
    column = LoginAttempt.email if "email" in match else LoginAttempt.address
    query = select(func.count()).where(
        column == next(iter(match.values())), LoginAttempt.at > since, ~col(LoginAttempt.succeeded)
    )
    return session.exec(query).one()


def is_throttled(
    session: Session,
    email: str,
    address: str,
    now: dt.datetime | None = None,
    *,
    trusted_device: bool = False,
) -> bool:
    """Too many recent failures from this address, or (unless the attempt comes from a device
    this account logged in from before) for this account."""
    now = now or utcnow()
    email = normalise_email(email)[:EMAIL_MAX]
    if _recent_failures(session, now, address=address) >= MAX_FAILURES:
        return True
    return not trusted_device and _recent_failures(session, now, email=email) >= MAX_FAILURES


def authenticate(
    *,
    session: Session,
    email: str,
    password: str,
    address: str,
    now: dt.datetime | None = None,
    trusted_device: bool = False,
) -> User:
    """The user for these credentials, or InvalidCredentials / Throttled (→ 429).

    Five failures in 15 minutes throttle the address, and the account for every device that
    has not logged in to it before (`trusted_device`, the web layer's signed device cookie,
    after OWASP): an attacker can lock an account against strangers, not against its owner's
    own browser. The throttle is checked and the attempt recorded (as a failure until the
    password proves right) in one short transaction, serialised per account (an advisory lock
    on PostgreSQL, the write lock on SQLite), so N parallel guesses get at most five
    verifications. The password is verified with no transaction open.
    """
    now = now or utcnow()
    email = normalise_email(email if isinstance(email, str) else "")[:EMAIL_MAX]
    address = (address or "")[:64]
    session.rollback()  # start from a fresh transaction, whatever the caller read before
    serialise_on(session, email)
    if is_throttled(session, email, address, now, trusted_device=trusted_device):
        user_id = session.exec(select(User.id).where(User.email == email)).first()
        session.rollback()
        log.warning(
            "Log-in throttled",
            extra={"event": "login.throttled", "user_id": user_id or "unknown"},
        )
        raise Throttled()
    user = session.exec(select(User).where(User.email == email)).first()
    user_id = user.id if user else None
    stored_hash = user.password_hash if user else None
    active = bool(user and user.is_active)
    attempt = LoginAttempt(email=email, address=address, at=now, succeeded=False)
    session.add(attempt)
    commit(session, "log-in")  # the attempt counts from now on, for every worker
    ok = (
        passwords.verify_password(stored_hash or passwords.dummy_hash(), str(password)[:1024])
        and active
    )
    if not ok:
        reason = "unknown account" if user_id is None else "inactive account"
        if user_id is not None and active:
            reason = "wrong password"
        log.warning(
            "Log-in failed",
            extra={"event": "login.failed", "user_id": user_id or "unknown", "reason": reason},
        )
        raise InvalidCredentials()
    attempt.succeeded = True
    session.add(attempt)
    user = session.get(User, user_id)
    user.last_login_at = now
    if passwords.HASHER.check_needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    session.add(user)
    commit(session, "log-in")
    log.info("Log-in succeeded", extra={"event": "login.succeeded", "user_id": user_id})
    return user


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(
    *, session: Session, user: User, address: str = "", now: dt.datetime | None = None
) -> str:
    """A new session for `user`; returns the token for the cookie (a new one at every log-in)."""
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    session.add(
        UserSession(
            token_hash=_token_hash(token),
            user_id=user.id,
            created_at=now,
            last_seen_at=now,
            address=(address or "")[:64],
        )
    )
    commit(session, "session")
    return token


@dataclass(frozen=True)
class SessionCheck:
    """What a session token is worth now, and what (if anything) must be written about it."""

    user: User | None
    expired: bool = False  # end the session record now
    touch: bool = False  # refresh its idle timer (at most once a TOUCH_INTERVAL)


def check_session(
    *, session: Session, token: str | None, now: dt.datetime | None = None
) -> SessionCheck:
    """Read only: the user of a live session (None if ended or expired) and what to record.
    Pages read this in a read-only unit, so a page view never takes the write lock."""
    if not token or not isinstance(token, str):
        return SessionCheck(None)
    now = now or utcnow()
    record = session.get(UserSession, _token_hash(token))
    if record is None or record.ended_at is not None:
        return SessionCheck(None)
    if now - record.last_seen_at > IDLE_TIMEOUT or now - record.created_at > ABSOLUTE_TIMEOUT:
        return SessionCheck(None, expired=True)
    user = session.get(User, record.user_id)
    if user is None or not user.is_active:
        return SessionCheck(None)
    return SessionCheck(user, touch=now - record.last_seen_at >= TOUCH_INTERVAL)


def record_session_check(
    *, session: Session, token: str, check: SessionCheck, now: dt.datetime | None = None
) -> None:
    """The short write a check asked for: end an expired session, or refresh the idle timer."""
    if not (check.expired or check.touch):
        return
    now = now or utcnow()
    record = session.get(UserSession, _token_hash(token))
    if record is None or record.ended_at is not None:
        return
    if check.expired:
        record.ended_at = now
    else:
        record.last_seen_at = max(record.last_seen_at, now)
    session.add(record)
    commit(session, "session")


def session_user(
    *, session: Session, token: str | None, now: dt.datetime | None = None
) -> User | None:
    """The user of a live session, refreshing its idle timer; None if ended or expired."""
    check = check_session(session=session, token=token, now=now)
    if token and isinstance(token, str):
        record_session_check(session=session, token=token, check=check, now=now)
    return check.user


def end_session(*, session: Session, token: str | None, now: dt.datetime | None = None) -> None:
    """Log-out: the token stops working at once, in every worker."""
    if not token or not isinstance(token, str):
        return
    record = session.get(UserSession, _token_hash(token))
    if record is not None and record.ended_at is None:
        record.ended_at = now or utcnow()
        session.add(record)
        commit(session, "session")


def end_all_sessions(session: Session, user_id: int) -> None:
    session.exec(  # type: ignore[call-overload]
        update(UserSession)
        .where(UserSession.user_id == user_id, UserSession.ended_at.is_(None))  # type: ignore[union-attr]
        .values(ended_at=utcnow())
    )


def revoke_sessions(*, session: Session, user_id: int) -> None:
    """End every session of a user (password change, compromise, deactivation)."""
    end_all_sessions(session, user_id)
    commit(session, "session")
