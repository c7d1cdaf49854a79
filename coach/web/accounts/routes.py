"""One's own account, and accounts as HR sees them.

- `/account/password`: change your password (with the current one). Every other session of the
  account ends; this browser gets a new one, so it stays logged in.
- `/accounts/history`: every account change (created, roles changed, activated or deactivated,
  password changed, erased), so that what admins do to accounts is on record for someone who is
  not an admin. Read-only; everyone but HR gets 404.
"""

from __future__ import annotations

from flask import Blueprint, Response, g, request, url_for

from coach.errors import ValidationError
from coach.services import passwords
from coach.web.accounts.screens import account_changes
from coach.web.auth.routes import start_session
from coach.web.extensions import get_db
from coach.web.forms import FormState
from coach.web.rendering import done, render

bp = Blueprint("accounts", __name__)


@bp.get("/accounts/history")
def history() -> Response:
    changes = account_changes(get_db(), g.user)
    return render("accounts/history.html", "accounts/_history.html", changes=changes)


@bp.route("/account/password", methods=["GET", "POST"])
def password() -> Response:
    """Change one's own password; the form again with a message per field if it cannot be."""
    if request.method == "GET":
        return password_page(FormState())
    current = request.form.get("current_password", "")
    new = request.form.get("new_password", "")
    if new != request.form.get("confirm_password", ""):
        return password_page(FormState(errors={"confirm_password": "The two do not match."}), 422)
    try:
        passwords.change_password(
            session=get_db(), actor=g.user, current_password=current, new_password=new
        )
    except ValidationError as error:
        return password_page(FormState.refused(error), 422)
    start_session(g.user)  # change_password ended every session, this one too
    message = "Password changed. Any other device logged in to this account has been logged out."
    return done(lambda: password_page(FormState(), done=message), url_for("home.index"), message)


def password_page(state: FormState, status: int = 200, **context: object) -> Response:
    return render(
        "accounts/password.html", "accounts/_password.html", status=status, state=state, **context
    )
