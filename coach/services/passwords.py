"""Passwords: Argon2id hashes, what makes a password unusable, and changing one.

A password needs 8 to 128 characters and is refused when it is common, only spaces, one unit
repeated, or built on the person's name, e-mail or the product's name. Changing or setting a
password ends the account's sessions (sessions.py) and is audited.
"""

from __future__ import annotations

import logging
import secrets
from functools import cache
from importlib import resources

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, select

from coach.db import audit
from coach.db.tables import User, utcnow
from coach.db.unit_of_work import commit
from coach.errors import ValidationError
from coach.services.sessions import end_all_sessions
from coach.services.validation import normalise_email

# OWASP's Argon2id minimum (m = 19 MiB, t = 2, p = 1): strong, and quick enough per log-in.
HASHER = PasswordHasher(time_cost=2, memory_cost=19_456, parallelism=1)


PASSWORD_MIN, PASSWORD_MAX = 8, 128


@cache
def common_passwords() -> frozenset[str]:
    text = resources.files("coach.services").joinpath("data/common-passwords.txt").read_text()
    lines = (line.strip().lower() for line in text.splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))


@cache
def dummy_hash() -> str:
    # Verified against when the address is unknown, so that case costs the same time.
    return HASHER.hash(secrets.token_urlsafe(16))


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


def set_password(*, session: Session, email: str, new_password: str) -> User:
    """The server operator sets an account's password (`coach user set-password`): for a
    forgotten password or a first log-in. Ends the account's sessions; audited with no actor."""
    user = session.exec(select(User).where(User.email == normalise_email(email))).first()
    if user is None:
        raise ValidationError({"email": "No account has this email address."})
    _replace_password(session, user, new_password, field="password", actor=None)
    return user


def change_password(
    *, session: Session, actor: User, current_password: str, new_password: str
) -> None:
    """Change one's own password. Ends all the user's sessions: the caller starts a new one."""
    if not verify_password(actor.password_hash, current_password):
        raise ValidationError({"current_password": "The current password is not right."})
    _replace_password(session, actor, new_password, field="new_password", actor=actor)


def _replace_password(
    session: Session, user: User, new_password: str, *, field: str, actor: User | None
) -> None:
    """Check the new password (its message under `field`), store its hash, end every session
    of the account and audit the change; one commit."""
    problem = password_problem(new_password, user.email, user.name)
    if problem:
        raise ValidationError({field: problem})
    user.password_hash = hash_password(new_password)
    user.password_changed_at = utcnow()
    session.add(user)
    end_all_sessions(session, user.id)
    audit.record(session, actor=actor, action="password", entity=user, plan_id=None)
    commit(session, "account")
    logging.getLogger(__name__).info(
        "Account changed: password",
        extra={
            "event": "account.password",
            "user_id": user.id,
            "actor_id": getattr(actor, "id", None),
        },
    )
