"""What the account-history page shows: each change to an account, with names, not ids."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from coach.db.tables import AuditEvent, User
from coach.services import accounts


@dataclass(frozen=True)
class AccountChange:
    event: AuditEvent
    actor: str  # who made the change ("Command line" when no one logged in did)
    account: str  # whose account it was


def account_changes(session: Session, viewer: User) -> list[AccountChange]:
    """Every account change, newest first (NotFound unless `viewer` is HR)."""
    events = accounts.account_history(session, viewer)
    ids = {event.actor_id for event in events} | {event.entity_id for event in events}
    ids.discard(None)
    names = {}
    if ids:
        rows = session.exec(select(User).where(User.id.in_(ids))).all()  # type: ignore[union-attr]
        names = {user.id: f"{user.name} <{user.email}>" for user in rows}
    return [
        AccountChange(
            event=event,
            actor=names.get(event.actor_id, "Command line") if event.actor_id else "Command line",
            account=names.get(event.entity_id, f"account #{event.entity_id}"),
        )
        for event in events
    ]
