"""The data layer: tables, the plan lifecycle, permissions, services and accounts.

Everything below the web pages lives here. The web layer parses input, calls a service with
keyword arguments (`session=`, `actor=`, explicit fields) and renders what comes back; the
services check permission (NotFound for what the actor may not see), validate, write one audit
event per change and commit once. This package never imports spaCy: services that analyse
text take an `analyze(text, plan_context) -> dict` callable.

    engine = make_engine("sqlite:///instance/coach.sqlite3")
    with session_scope(engine) as session:
        plan = plans.create_plan(session=session, actor=maria, employee_id=eli.id, ...)
"""

from coach.models.db import make_engine, read_only, session_scope
from coach.models.errors import (
    ConflictError,
    DomainError,
    InvalidCredentials,
    NotFound,
    NotReadyError,
    Throttled,
    TransitionError,
    ValidationError,
)
from coach.models.permissions import Forbidden

__all__ = [
    "ConflictError",
    "DomainError",
    "Forbidden",
    "InvalidCredentials",
    "NotFound",
    "NotReadyError",
    "Throttled",
    "TransitionError",
    "ValidationError",
    "make_engine",
    "read_only",
    "session_scope",
]
