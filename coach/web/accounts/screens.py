"""What the account-history page shows: each change to an account, with names, not ids."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from coach.db.tables import AuditEvent, User
from coach.services import accounts
from coach.web.labels import ACCOUNT_ACTION_LABELS, NO_ACTOR_LABEL, NO_ACTOR_LABELS


@dataclass(frozen=True)
class AccountChange:
    event: AuditEvent
    actor: str  # who made the change ("Command line" when no one logged in did)
    account: str  # whose account it was
    what: str  # the change in words ("Password reset with an emailed link")


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
            actor=names.get(event.actor_id, NO_ACTOR_LABEL)
            if event.actor_id
            else NO_ACTOR_LABELS.get(event.action, NO_ACTOR_LABEL),
            account=names.get(event.entity_id, f"account #{event.entity_id}"),
            what=ACCOUNT_ACTION_LABELS.get(event.action, event.action.replace("_", " ")),
        )
        for event in events
    ]
