"""Accounts: Argon2id passwords, log-in with throttling, server-side sessions, user admin.

Log-in failures look the same whatever the cause (unknown address, wrong password, inactive
account): one InvalidCredentials, after the same Argon2 work. Failures are counted in the
database so every worker process shares the count. Sessions live in the database too, so that
log-out and revocation end them for real; the cookie carries a random token and only its SHA-256
is stored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, text, update
from sqlmodel import Session, col, select

from coach.db import audit
from coach.db.tables import ROLES, AuditEvent, LoginAttempt, User, UserSession, utcnow
from coach.db.unit_of_work import commit
from coach.errors import InvalidCredentials, NotFound, Throttled, ValidationError
from coach.policy.permissions import require_admin
from coach.services.validation import EMAIL_MAX, NAME_MAX, Checker

# OWASP's Argon2id minimum (m = 19 MiB, t = 2, p = 1): strong, and quick enough per log-in.
HASHER = PasswordHasher(time_cost=2, memory_cost=19_456, parallelism=1)
PASSWORD_MIN, PASSWORD_MAX = 8, 128
MAX_FAILURES = 5
FAILURE_WINDOW = dt.timedelta(minutes=15)
IDLE_TIMEOUT = dt.timedelta(minutes=20)
ABSOLUTE_TIMEOUT = dt.timedelta(hours=10)
# Refreshing last_seen_at on every request would turn each read into a write; once a minute is
# precise enough for a 20-minute idle timeout.
TOUCH_INTERVAL = dt.timedelta(minutes=1)


@cache
def common_passwords() -> frozenset[str]:
    text = resources.files("coach.services").joinpath("data/common-passwords.txt").read_text()
    lines = (line.strip().lower() for line in text.splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))


@cache
def _dummy_hash() -> str:
    # Verified against when the address is unknown, so that case costs the same time.
    return HASHER.hash(secrets.token_urlsafe(16))


def normalise_email(email: str) -> str:
    return email.strip().lower()


def password_problem(password: object, email: str = "", name: str = "") -> str | None:
    """Why `password` cannot be used, or None: length, blank, one unit repeated, a common
    password, or built on the person's own name or e-mail or the product's name."""
    if not isinstance(password, str):
        return "The password must be text."
    if not password.strip():
        return "A password cannot be only spaces."
    if len(password) < PASSWORD_MIN:
        return f"Use at least {PASSWORD_MIN} characters."
    if len(password) > PASSWORD_MAX:
        return f"Use at most {PASSWORD_MAX} characters."
    lowered = password.lower()
    if lowered in common_passwords() or (email and lowered == normalise_email(email)):
        return "This password is too common; choose a longer or less predictable one."
    if _repeats_one_unit(lowered):
        return "This password repeats one word or character; choose a less predictable one."
    if any(word in lowered for word in _personal_words(email, name)):
        return "Do not build the password on your name, your e-mail or the product's name."
    return None


PRODUCT_WORDS = ("pipcoach", "pip coach", "pip-coach")


def _repeats_one_unit(text: str) -> bool:
    """ "passwordpassword", "abcabcabc", "aaaaaaaa": one unit (of up to half) over and over."""
    return any(
        len(text) % size == 0 and text == text[:size] * (len(text) // size)
        for size in range(1, len(text) // 2 + 1)
    )


def _personal_words(email: str, name: str) -> list[str]:
    """The person's name parts and e-mail name (4 letters or more), and the product's name."""
    local = normalise_email(email).split("@")[0]
    parts = [local, *local.replace(".", " ").replace("_", " ").split(), *name.lower().split()]
    return [*PRODUCT_WORDS, *(part for part in parts if len(part) >= 4)]


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


# Roles that open every plan (hr) or every account (admin): only HR may hand them out (or the
# command line, run by whoever runs the server), so an admin cannot make itself HR.
PRIVILEGED_ROLES = frozenset({"hr", "admin"})
PRIVILEGED_MESSAGE = (
    "Only someone with the HR role can grant HR or admin: ask HR, or use the command "
    "coach user create on the server."
)


def _check_grant(check: Checker, actor: User | None, before: str, after: str) -> None:
    """Refuse a grant of hr or admin by anyone but an HR user (None: the command line)."""
    granted = set(after.split()) - set(before.split())
    if actor is not None and granted & PRIVILEGED_ROLES and not actor.has_role("hr"):
        check.fail("roles", PRIVILEGED_MESSAGE)


def _clean_roles(check: Checker, roles: Iterable[str]) -> str:
    chosen = sorted(set(roles), key=ROLES.index) if set(roles) <= set(ROLES) else []
    if not chosen:
        check.fail("roles", f"Choose one or more roles from: {', '.join(ROLES)}.")
    return " ".join(chosen)


def create_user(
    *,
    session: Session,
    actor: User | None,
    email: str,
    name: str,
    roles: Iterable[str],
    password: str,
) -> User:
    """Create an account. `actor` is an admin, or None for the command line (no web caller)."""
    if actor is not None:
        require_admin(actor)
    roles = list(roles)
    check = Checker()
    email = normalise_email(check.text("email", email, max_chars=EMAIL_MAX, label="Email"))
    if email and ("@" not in email or " " in email):
        check.fail("email", "Enter an email address such as name@example.com.")
    name = check.text("name", name, max_chars=NAME_MAX)
    role_text = _clean_roles(check, roles)
    _check_grant(check, actor, "", role_text)
    problem = password_problem(password, email, name or "")
    if problem:
        check.fail("password", problem)
    if email and session.exec(select(User.id).where(User.email == email)).first():
        check.fail("email", "An account with this email address already exists.")
    check.raise_if_any()
    user = User(email=email, name=name, roles=role_text, password_hash=hash_password(password))
    session.add(user)
    audit.record(
        session,
        actor=actor,
        action="create",
        entity=user,
        plan_id=None,
        after={"email": email, "name": name, "roles": role_text},
    )
    commit(session, "account")
    return user


def set_roles(*, session: Session, actor: User, user_id: int, roles: Iterable[str]) -> User:
    require_admin(actor)
    user = session.get(User, user_id)
    if user is None:
        raise ValidationError({"user_id": "No such account."})
    check = Checker()
    if user.id == actor.id:
        check.fail("roles", "You cannot change your own roles; ask another admin.")
    role_text = _clean_roles(check, list(roles))
    _check_grant(check, actor, user.roles, role_text)
    check.raise_if_any()
    before = {"roles": user.roles}
    user.roles = role_text
    session.add(user)
    audit.record(
        session,
        actor=actor,
        action="roles",
        entity=user,
        plan_id=None,
        before=before,
        after={"roles": role_text},
    )
    commit(session, "account")
    return user


def set_active(*, session: Session, actor: User, user_id: int, active: bool) -> User:
    """Enable or disable an account; disabling also ends all its sessions."""
    require_admin(actor)
    user = session.get(User, user_id)
    if user is None:
        raise ValidationError({"user_id": "No such account."})
    if user.id == actor.id and not active:
        raise ValidationError({"user_id": "You cannot disable your own account."})
    before = {"is_active": user.is_active}
    user.is_active = active
    session.add(user)
    if not active:
        _end_all_sessions(session, user.id)
    audit.record(
        session,
        actor=actor,
        action="activate" if active else "deactivate",
        entity=user,
        plan_id=None,
        before=before,
        after={"is_active": active},
    )
    commit(session, "account")
    return user


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


def account_history(session: Session, actor: User) -> list[AuditEvent]:
    """Every change to an account (created, roles, activated, erased), newest first: HR only,
    so that what admins do to accounts is seen by someone who is not an admin."""
    if not (actor.is_active and actor.has_role("hr")):
        raise NotFound("page")
    query = select(AuditEvent).where(AuditEvent.entity == User.__tablename__)
    return list(session.exec(query.order_by(AuditEvent.id.desc())).all())  # type: ignore[union-attr]


def list_users(session: Session, actor: User) -> list[User]:
    require_admin(actor)
    return list(session.exec(select(User).order_by(User.email)).all())


def users_with_role(session: Session, role: str) -> list[User]:
    """Active users holding `role` (for choosing a plan's employee, coach or HR contact)."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    query = select(User).where(User.is_active, col(User.roles).contains(role))
    return [user for user in session.exec(query.order_by(User.name)) if user.has_role(role)]


# ---- log-in and throttling -------------------------------------------------------------------


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
    _serialise_attempts(session, email)
    if is_throttled(session, email, address, now, trusted_device=trusted_device):
        session.rollback()
        raise Throttled()
    user = session.exec(select(User).where(User.email == email)).first()
    user_id = user.id if user else None
    stored_hash = user.password_hash if user else None
    active = bool(user and user.is_active)
    attempt = LoginAttempt(email=email, address=address, at=now, succeeded=False)
    session.add(attempt)
    commit(session, "log-in")  # the attempt counts from now on, for every worker
    ok = verify_password(stored_hash or _dummy_hash(), str(password)[:1024]) and active
    if not ok:
        raise InvalidCredentials()
    attempt.succeeded = True
    session.add(attempt)
    user = session.get(User, user_id)
    user.last_login_at = now
    if HASHER.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    session.add(user)
    commit(session, "log-in")
    return user


def _serialise_attempts(session: Session, email: str) -> None:
    """One attempt at a time per account: PostgreSQL's transaction-level advisory lock on the
    address (SQLite's transactions already take the one write lock)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:email))"), {"email": email})


# ---- server-side sessions ---------------------------------------------------------------------


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


def _end_all_sessions(session: Session, user_id: int) -> None:
    session.exec(  # type: ignore[call-overload]
        update(UserSession)
        .where(UserSession.user_id == user_id, UserSession.ended_at.is_(None))  # type: ignore[union-attr]
        .values(ended_at=utcnow())
    )


def revoke_sessions(*, session: Session, user_id: int) -> None:
    """End every session of a user (password change, compromise, deactivation)."""
    _end_all_sessions(session, user_id)
    commit(session, "session")


def set_password(*, session: Session, email: str, new_password: str) -> User:
    """The server operator sets an account's password (`coach user set-password`): for a
    forgotten password or a first log-in. Ends the account's sessions; audited with no actor."""
    user = session.exec(select(User).where(User.email == normalise_email(email))).first()
    if user is None:
        raise ValidationError({"email": "No account has this email address."})
    problem = password_problem(new_password, user.email, user.name)
    if problem:
        raise ValidationError({"password": problem})
    user.password_hash = hash_password(new_password)
    user.password_changed_at = utcnow()
    session.add(user)
    _end_all_sessions(session, user.id)
    audit.record(session, actor=None, action="password", entity=user, plan_id=None)
    commit(session, "account")
    return user


def change_password(
    *, session: Session, actor: User, current_password: str, new_password: str
) -> None:
    """Change one's own password. Ends all the user's sessions: the caller starts a new one."""
    if not verify_password(actor.password_hash, current_password):
        raise ValidationError({"current_password": "The current password is not right."})
    problem = password_problem(new_password, actor.email, actor.name)
    if problem:
        raise ValidationError({"new_password": problem})
    actor.password_hash = hash_password(new_password)
    actor.password_changed_at = utcnow()
    session.add(actor)
    _end_all_sessions(session, actor.id)
    audit.record(session, actor=actor, action="password", entity=actor, plan_id=None)
    commit(session, "account")
