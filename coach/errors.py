"""The small set of domain errors the data layer raises; the web layer maps each to a status.

NotFound → 404 (also for objects the user may not see: no existence leak), ValidationError →
422 with a message per field, ConflictError → 409, TransitionError and NotReadyError → 422 with
the reason, Throttled → 429, InvalidCredentials → the same log-in failure page for every cause,
ResetLinkError → 410 (a password-reset link that is expired, used or broken).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar


class DomainError(Exception):
    """Base class: `str(error)` is a sentence that may be shown to the user as is."""


class NotFound(DomainError):
    def __init__(self, entity: str = "record") -> None:
        super().__init__(f"No such {entity}.")
        self.entity = entity


class ValidationError(DomainError):
    """Input that cannot be saved. `errors` maps each field name to its message."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__(" ".join(self.errors.values()))


class ConflictError(DomainError):
    """Someone else changed the record since the form was loaded (stale version)."""


class TransitionError(DomainError):
    """An illegal lifecycle move; the message says why."""


class NotReadyError(TransitionError):
    """The plan cannot be issued: `blocking` lists (goal id, finding) pairs that stop it."""

    def __init__(self, message: str, blocking: list[tuple[int | None, dict]]) -> None:
        super().__init__(message)
        self.blocking = blocking


class InvalidCredentials(DomainError):
    def __init__(self) -> None:
        super().__init__("The email address or password is not right.")


class Throttled(DomainError):
    def __init__(self) -> None:
        super().__init__("Too many failed log-in attempts. Wait 15 minutes and try again.")


class ResetLinkError(DomainError):
    """A password-reset link that cannot be used: `reason` is "expired", "used" (or the
    password changed since, or the account is off) or "broken" (not a link we signed)."""

    MESSAGES: ClassVar[dict[str, str]] = {
        "expired": "This link has expired: a reset link works for 30 minutes after it is sent.",
        "used": "This link has been used already, or the password was changed since it was sent.",
        "broken": "This link is incomplete or not one of ours: copy the whole link from the mail.",
    }

    def __init__(self, reason: str) -> None:
        super().__init__(self.MESSAGES[reason])
        self.reason = reason
