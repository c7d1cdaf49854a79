"""Accounts: creating them, their roles and activation, and their history for HR.

Admins manage accounts; granting hr or admin needs an HR user (or the command line), and no one
changes their own roles. Passwords are in passwords.py, log-in and sessions in sessions.py.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from sqlmodel import Session, col, select

from coach import vocabulary
from coach.db import audit
from coach.db.tables import ROLES, AuditEvent, User
from coach.db.unit_of_work import commit
from coach.errors import NotFound, ValidationError
from coach.policy.permissions import require_admin
from coach.services.passwords import hash_password, password_problem
from coach.services.sessions import end_all_sessions
from coach.services.validation import EMAIL_MAX, NAME_MAX, Checker, normalise_email

# Roles that open every plan (hr) or every account (admin): only HR may hand them out (or the
# command line, run by whoever runs the server), so an admin cannot make itself HR.
PRIVILEGED_ROLES = frozenset({"hr", "admin"})
log = logging.getLogger(__name__)


# Who sets reporting lines: HR (who knows the organisation) and admins (who run the accounts).
REPORTING_LINE_ROLES = frozenset({"hr", "admin"})


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
        words = "; ".join(vocabulary.ROLE_WORDS[role] for role in ROLES)
        check.fail("roles", f"Choose one or more roles: {words}.")
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
    log_change("create", user, actor, roles=role_text)
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
    log_change("roles", user, actor, roles=role_text)
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
        end_all_sessions(session, user.id)
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
    log_change("activate" if active else "deactivate", user, actor)
    return user


def set_manager(
    *, session: Session, actor: User | None, user_id: int, manager_id: int | None
) -> User:
    """Set who the person reports to (None: nobody). HR or an admin, or None for the command
    line. The manager must be an active account with the manager role, other than the person,
    and the line cannot loop back (no one manages their own manager)."""
    if actor is not None:
        require_reporting_lines(actor)
    user = session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None:
        raise ValidationError({"user_id": "No such account."})
    check = Checker()
    manager = _manager(session, check, user, manager_id)
    check.raise_if_any()
    new_id = manager.id if manager else None
    if user.manager_id == new_id:
        return user
    before = {"manager_id": user.manager_id}
    user.manager_id = new_id
    session.add(user)
    audit.record(
        session,
        actor=actor,
        action="manager",
        entity=user,
        plan_id=None,
        before=before,
        after={"manager_id": new_id},
    )
    commit(session, "account")
    log_change("manager", user, actor, manager_id=new_id)
    return user


def require_reporting_lines(actor: User) -> None:
    """Reporting lines are HR's and admins' to set; for anyone else the page does not exist."""
    if not (actor.is_active and actor.role_set & REPORTING_LINE_ROLES):
        raise NotFound("page")


def reporting_lines(session: Session, actor: User) -> tuple[list[User], list[User]]:
    """Every account with the employee role (active first, by name), and the active managers
    they may report to: what the reporting-lines page shows (HR or admin)."""
    require_reporting_lines(actor)
    everyone = session.exec(select(User).order_by(User.name)).all()
    people = [user for user in everyone if user.has_role("employee")]
    people.sort(key=lambda user: not user.is_active)
    managers = [user for user in everyone if user.is_active and user.has_role("manager")]
    return people, managers


def _manager(session: Session, check: Checker, user: User, manager_id: object) -> User | None:
    """The chosen manager, or None for "nobody"; a field error when the choice cannot stand."""
    if manager_id is None or manager_id == "":
        return None
    manager = session.get(User, manager_id) if isinstance(manager_id, int) else None
    if manager is None or not manager.is_active or not manager.has_role("manager"):
        check.fail("manager_id", "Choose an active account with the Manager role.")
        return None
    if manager.id == user.id:
        check.fail("manager_id", f"{user.name} cannot be their own manager.")
        return None
    above: User | None = manager
    seen: set[int] = set()
    while above is not None and above.manager_id is not None and above.id not in seen:
        seen.add(above.id or 0)
        if above.manager_id == user.id:
            check.fail(
                "manager_id",
                f"{manager.name} reports to {user.name} (directly or further up); "
                "a reporting line cannot go round in a circle.",
            )
            return None
        above = session.get(User, above.manager_id)
    return manager


def reports_of(session: Session, manager: User) -> list[User]:
    """The active employees who report to `manager`, by name (the new-plan form's choice)."""
    query = select(User).where(User.manager_id == manager.id, User.is_active)
    return [user for user in session.exec(query.order_by(User.name)) if user.has_role("employee")]


def log_change(action: str, user: User, actor: User | None, **fields: object) -> None:
    """The application log's line for an account change: ids and the action, never the
    e-mail address or name (the audit trail has those, for HR)."""
    log.info(
        "Account changed: %s",
        action,
        extra={
            "event": f"account.{action}",
            "user_id": user.id,
            "actor_id": actor.id if actor else None,
            **fields,
        },
    )


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
