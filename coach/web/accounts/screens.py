"""What the account-history page shows: each change to an account, with names, not ids."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from coach.db.tables import AuditEvent, User
from coach.services import accounts
from coach.services.notifications import DELIVERY_WORDS, KINDS
from coach.web.labels import ACCOUNT_ACTION_LABELS, NO_ACTOR_LABEL, NO_ACTOR_LABELS


@dataclass(frozen=True)
class AccountChange:
    event: AuditEvent
    actor: str  # who made the change ("Command line" when no one logged in did)
    account: str  # whose account it was
    what: str  # the change in words ("Password reset with an emailed link")
    before: dict | None = None  # the values before and after, as shown (no ids)
    after: dict | None = None


def account_changes(session: Session, viewer: User) -> list[AccountChange]:
    """Every account change, newest first (NotFound unless `viewer` is HR)."""
    events = accounts.account_history(session, viewer)
    ids = {event.actor_id for event in events} | {event.entity_id for event in events}
    for event in events:
        ids |= {(data or {}).get("manager_id") for data in (event.before, event.after)}
    ids.discard(None)
    names = {}
    if ids:
        rows = session.exec(select(User).where(User.id.in_(ids))).all()  # type: ignore[union-attr]
        names = {user.id: f"{user.name} <{user.email}>" for user in rows}
    return [
        AccountChange(
            event=event,
            before=_in_words(event.action, event.before),
            after=_in_words(event.action, event.after),
            actor=names.get(event.actor_id, NO_ACTOR_LABEL)
            if event.actor_id
            else NO_ACTOR_LABELS.get(event.action, NO_ACTOR_LABEL),
            account=names.get(event.entity_id, f"account #{event.entity_id}"),
            what=_what(event, names),
        )
        for event in events
    ]


def _what(event: AuditEvent, names: dict) -> str:
    """The change as a sentence; a new manager names both people ("Manager changed from
    Maria Manager to Mo Manager")."""
    label = ACCOUNT_ACTION_LABELS.get(event.action, event.action.replace("_", " "))
    if event.action != "manager":
        return label
    old = (event.before or {}).get("manager_id")
    new = (event.after or {}).get("manager_id")
    old_name, new_name = _person(old, names), _person(new, names)
    if old is None:
        return f"Manager set to {new_name}"
    if new is None:
        return f"Manager removed (was {old_name})"
    return f"Manager changed from {old_name} to {new_name}"


def _person(user_id: int | None, names: dict) -> str:
    name = names.get(user_id, "an account no longer here")
    return name.split(" <")[0]  # the name alone, without the address


def _in_words(action: str, data: dict | None) -> dict | None:
    """The stored values as the page shows them. A manager's id is left out: the sentence in
    "What" names both managers already. Notification choices read as on their page."""
    if data and action == "notifications":
        return {
            KINDS[kind].label if kind in KINDS else kind: DELIVERY_WORDS.get(value, value)
            for kind, value in data.items()
        }
    if not data or "manager_id" not in data:
        return data
    return {key: value for key, value in data.items() if key != "manager_id"} or None
