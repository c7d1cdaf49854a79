"""The audit trail: one AuditEvent per change, added to the same transaction as the change.

Audit rows are append-only: a flush that would update or delete one is refused, so no code path
of the app (web, CLI, services) can alter the record HR relies on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import event
from sqlmodel import Session, SQLModel

from coach.db.tables import AuditEvent, User


def snapshot(record: SQLModel, fields: Iterable[str]) -> dict[str, Any]:
    """The named fields of `record` as JSON-safe values (dates as ISO strings)."""
    return {name: _json_safe(getattr(record, name)) for name in fields}


def _json_safe(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, list):
        return [_json_safe(item) for item in value]
    if isinstance(value, dict):
        return {key: _json_safe(item) for key, item in value.items()}
    return value


def record(
    session: Session,
    *,
    actor: User | None,
    action: str,
    entity: SQLModel,
    plan_id: int | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add the audit event for a change to `entity` (flushing first so a new row has its id)."""
    if getattr(entity, "id", None) is None:
        session.flush()
    event_row = AuditEvent(
        actor_id=actor.id if actor else None,
        plan_id=plan_id,
        entity=str(entity.__tablename__),
        entity_id=getattr(entity, "id", None),
        action=action,
        before=before,
        after=after,
    )
    session.add(event_row)
    return event_row


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict, dict]:
    """Only the fields that differ, so an audit row says what changed and nothing else."""
    keys = [key for key in after if before.get(key) != after[key]]
    return {key: before.get(key) for key in keys}, {key: after[key] for key in keys}


class AuditImmutableError(RuntimeError):
    """Raised when code tries to change or delete an audit event."""


@event.listens_for(Session, "before_flush")
def _refuse_audit_changes(session: Session, _context: Any, _instances: Any) -> None:
    for instance in (*session.dirty, *session.deleted):
        if isinstance(instance, AuditEvent):
            raise AuditImmutableError("Audit events cannot be changed or deleted.")
