"""User management for admins: create accounts with roles, change roles, deactivate; and the
reporting lines (who manages whom), which HR sets too.

Admins manage accounts and read no plan content: nothing here touches a plan. Everyone else
gets 404 for these pages (`require_admin`), as if they did not exist; HR finds the reporting
lines only (`HR_ENDPOINTS`), not the account management. Each user row is a
self-replacing widget (`hx-target="this"`); everything works as plain form posts too.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, g, request, url_for

from coach.db.tables import User
from coach.errors import ValidationError
from coach.policy.permissions import require_admin
from coach.services import accounts
from coach.web.admin.forms import AccountForm, optional_id
from coach.web.admin.screens import reporting_lines_screen, users_screen
from coach.web.extensions import get_db
from coach.web.forms import FormState
from coach.web.rendering import done, render, wants_fragment

bp = Blueprint("admin", __name__, url_prefix="/admin")


# The pages HR opens as well as admins: reporting lines are an organisational fact HR owns.
HR_ENDPOINTS = frozenset({"admin.reporting_lines", "admin.manager"})


@bp.before_request
def admins_only() -> None:
    if request.endpoint in HR_ENDPOINTS:
        accounts.require_reporting_lines(g.user)
    else:
        require_admin(g.user)


def users_page(status: int = 200, **context: Any) -> Response:
    return render(
        "admin/users.html",
        "admin/_users.html",
        status=status,
        users=users_screen(get_db(), g.user).users,
        typed=context.pop("typed", {}),
        state=FormState(errors=context.pop("errors", {})),
        **context,
    )


@bp.get("/users")
def users() -> Response:
    """Every account, and the form to create one."""
    return users_page()


@bp.post("/users")
def create() -> Response:
    form = AccountForm.from_form(request.form)
    try:
        user = accounts.create_user(session=get_db(), actor=g.user, **form.fields())
    except ValidationError as error:
        return users_page(status=422, errors=error.errors, typed=form.typed())
    message = f"Account created for {user.email}."
    return done(lambda: users_page(done=message), url_for("admin.users"), message)


def account(user_id: int) -> User:
    """The account to change, or 404."""
    user = get_db().get(User, user_id)
    if user is None:
        abort(404)
    return user


def user_row(user: User, status: int = 200, **context: Any) -> Response:
    """After a change to one account: its row (htmx), or back to the list."""
    if status != 200 and not wants_fragment():
        return users_page(status=status, problem=context.get("row_problem", ""))

    def row() -> Response:
        return render("admin/_user.html", "admin/_user.html", status=status, person=user, **context)

    if status != 200:
        return row()
    url = url_for("admin.users", _anchor=f"user-{user.id}")
    return done(row, url, context.get("row_done", "Saved."))


@bp.post("/users/<int:user_id>/roles")
def roles(user_id: int) -> Response:
    user = account(user_id)
    try:
        accounts.set_roles(
            session=get_db(), actor=g.user, user_id=user.id, roles=request.form.getlist("roles")
        )
    except ValidationError as error:
        return user_row(user, status=422, row_problem=str(error))
    return user_row(user, row_done="Roles saved.")


@bp.post("/users/<int:user_id>/active")
def active(user_id: int) -> Response:
    """Deactivate (ends every session of the user at once) or reactivate an account."""
    user = account(user_id)
    choice = request.form.get("active", "")
    if choice not in ("0", "1"):
        return user_row(user, status=422, row_problem="Choose to activate or deactivate.")
    try:
        accounts.set_active(session=get_db(), actor=g.user, user_id=user.id, active=choice == "1")
    except ValidationError as error:
        return user_row(user, status=422, row_problem=str(error))
    done = "Account activated." if choice == "1" else "Account deactivated."
    return user_row(user, row_done=done)


# -- reporting lines (HR and admins) ----------------------------------------------------------


def lines_page(status: int = 200, **context: Any) -> Response:
    return render(
        "admin/reporting_lines.html",
        "admin/_reporting_lines.html",
        status=status,
        screen=reporting_lines_screen(get_db(), g.user),
        **context,
    )


@bp.get("/reporting-lines")
def reporting_lines() -> Response:
    """Every employee and who they report to, each with the form to change it."""
    return lines_page()


@bp.post("/users/<int:user_id>/manager")
def manager(user_id: int) -> Response:
    """Set who the person reports to: their row again (htmx), or back to the page."""
    user = account(user_id)
    chosen = request.form.get("manager_id")
    try:
        if chosen is None:  # the form always sends the choice, "" meaning nobody
            raise ValidationError({"manager_id": "Choose the manager, or “Nobody yet”."})
        accounts.set_manager(
            session=get_db(), actor=g.user, user_id=user.id, manager_id=optional_id(chosen)
        )
    except ValidationError as error:
        chosen = chosen or ""
        problem = error.errors.get("manager_id") or str(error)
        if not wants_fragment():
            return lines_page(status=422, problem=problem, failed=user.id, typed=chosen)
        return line_row(user, status=422, row_problem=problem, typed=chosen)
    name = user.name
    message = f"Saved: {name} reports to {manager_name(user)}."
    url = url_for("admin.reporting_lines", _anchor=f"line-{user.id}")
    return done(lambda: line_row(user, row_done=message), url, message)


def manager_name(user: User) -> str:
    boss = get_db().get(User, user.manager_id) if user.manager_id else None
    return boss.name if boss else "nobody"


def line_row(user: User, status: int = 200, **context: Any) -> Response:
    screen = reporting_lines_screen(get_db(), g.user)
    return render(
        "admin/_reporting_line.html",
        "admin/_reporting_line.html",
        status=status,
        person=user,
        screen=screen,
        **context,
    )
