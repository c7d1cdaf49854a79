"""Helpers every service uses to finish its unit of work: version checks and the single commit."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session

from coach.errors import ConflictError, ValidationError

STALE_MESSAGE = (
    "Someone else changed this {entity} since you opened it. Reload to see their changes; "
    "what you typed has not been saved."
)


def serialise_on(session: Session, key: str) -> None:
    """Let one unit of work at a time hold `key` until it commits or rolls back, so that a
    count-then-record (log-in failures, reset mails of one address) cannot be raced.

    PostgreSQL: a transaction-level advisory lock on the key. SQLite: nothing to do, its
    write transactions already take the database's one write lock (BEGIN IMMEDIATE).
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": key})


def check_version(row: object, seen_version: int | str | None, entity: str) -> None:
    """ConflictError unless the form was built from the version now stored.

    This catches the usual case early, with a clear message; the version column's
    `WHERE version = :seen` on UPDATE catches a change committed between this check and ours.
    """
    try:
        seen = int(seen_version)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValidationError({"version": "The form is missing its version; reload it."}) from None
    if seen != row.version:  # type: ignore[attr-defined]
        raise ConflictError(STALE_MESSAGE.format(entity=entity))


def check_live(row: object, entity: str) -> None:
    """ConflictError when `row` has been removed (soft-deleted): a removed entry stays as it was."""
    removed = getattr(row, "deleted_at", None)
    if removed is not None:
        raise ConflictError(
            f"This {entity} was removed on {removed:%-d %b %Y}; a removed {entity} cannot be "
            "changed. Reload to see the current entries."
        )


def commit(session: Session, entity: str = "record") -> None:
    """Commit the unit of work, turning a lost concurrent update into ConflictError."""
    try:
        session.commit()
    except StaleDataError:
        session.rollback()
        raise ConflictError(STALE_MESSAGE.format(entity=entity)) from None
    except IntegrityError:
        session.rollback()
        raise ConflictError(
            f"This {entity} could not be saved because it clashes with another record."
        ) from None
