"""Log-in, log-out and who is asking: server-side sessions behind Flask's signed cookie.

The cookie holds only a random token; the session itself lives in the database
(`sessions.start_session`), so log-out, idle expiry (20 minutes) and the absolute lifetime (10
hours) end it for every worker at once and a replayed cookie gets nothing. A new token and a new
cookie session (and with it a new CSRF token) are issued at every log-in.

Deny by default: every endpoint needs a logged-in user unless it is listed in PUBLIC_ENDPOINTS,
belongs to a blueprint in PUBLIC_BLUEPRINTS, or its view is marked `@public`. A logged-out
request for anything else is sent to `/login?next=...` (an htmx request gets `HX-Redirect`, the
JSON API a 401). What a logged-in user may then see is decided per object by the data layer.

A forgotten password (services/password_reset.py): "Forgot your password?" on the log-in page
leads to `/account/reset`, which takes an address and always answers with the same page, after
the same time (RESET_ANSWER_SECONDS), whether a mail went out or not; the mail's link,
`/account/reset/<token>`, shows a form for the new password (twice) and sets it, ending every
session of the account, then sends the person to log in. A link that is expired, used or broken
gets a page saying which, with the way to ask again (410).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    Response,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from htmx_flask import request as htmx_request

from coach.db.engine import read_only, session_scope
from coach.db.tables import User
from coach.errors import InvalidCredentials, ResetLinkError, Throttled, ValidationError
from coach.services import password_reset, sessions
from coach.services.validation import EMAIL_MAX
from coach.web import cpu_budget
from coach.web.auth import devices
from coach.web.errors import json_error
from coach.web.extensions import get_db, get_db_engine, get_mailer
from coach.web.forms import FormState
from coach.web.security import rate_limited

bp = Blueprint("auth", __name__)

TOKEN_KEY = "auth_token"
PUBLIC_ENDPOINTS = frozenset({"static", "home.index", "analyzer.analyze", "analyzer.batch"})
# The analysis and resource APIs compute answers from the text they are sent and read no data.
PUBLIC_BLUEPRINTS = frozenset({"api"})
EXPIRED_MESSAGE = "Your session has ended. Please log in again."
View = TypeVar("View", bound=Callable[..., Any])


def public(view: View) -> View:
    """Mark a view as open to everyone (the only way to opt out of the log-in check)."""
    view.is_public = True  # type: ignore[attr-defined]
    return view


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.before_request(load_user)
    app.before_request(require_login)


def is_public(endpoint: str | None) -> bool:
    """True for endpoints anyone may reach; None (no route matched) lets the 404 through."""
    if endpoint is None or endpoint in PUBLIC_ENDPOINTS:
        return True
    if endpoint.partition(".")[0] in PUBLIC_BLUEPRINTS and "." in endpoint:
        return True
    view = current_app.view_functions.get(endpoint)
    return bool(getattr(view, "is_public", False))


def current_user() -> User | None:
    return g.get("user")


def load_user() -> None:
    """Set `g.user` from the session token: None when absent, ended or expired."""
    g.user = None
    token = session.get(TOKEN_KEY)
    if not token:
        return
    engine = get_db_engine()
    with session_scope(read_only(engine)) as unit:  # a page view never takes the write lock
        check = sessions.check_session(session=unit, token=token)
    if check.expired or check.touch:  # at most once a minute: its own short write
        with session_scope(engine) as unit:
            sessions.record_session_check(session=unit, token=token, check=check)
    g.user = check.user
    if g.user is None:
        session.pop(TOKEN_KEY, None)
        flash(EXPIRED_MESSAGE, "notice")


def require_login() -> Response | tuple[Response, int] | None:
    """Let the request through if it may be anonymous or someone is logged in."""
    if g.user is not None or is_public(request.endpoint):
        return None
    if request.path.startswith("/api/"):
        return json_error(401, "Log in first: this endpoint needs a session.")
    target = url_for("auth.login", next=request.full_path.rstrip("?"))
    if htmx_request.htmx:
        response = current_app.response_class(status=401)
        response.headers["HX-Redirect"] = target
        return response
    return redirect(target)


def safe_next(target: str | None) -> str | None:
    """`target` if it is a path on this site ("/plans/3"), else None: no open redirects."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(char) < 32 or ord(char) == 127 for char in target):
        return None
    parts = urlsplit(target)
    return None if parts.scheme or parts.netloc else target


@bp.route("/login", methods=["GET", "POST"])
@public
@rate_limited
def login() -> Response | str | tuple[str, int]:
    """The log-in form; on success a new server-side session and a fresh cookie."""
    next_url = safe_next(request.values.get("next"))
    if g.user is not None and request.method == "GET":
        return redirect(next_url or url_for("home.index"))
    if request.method == "GET":
        return render_template("auth/login.html", email="", next_url=next_url)
    email = request.form.get("email", "")
    trusted = devices.trusted_for(email)
    try:
        user = sessions.authenticate(
            session=get_db(),
            email=email,
            password=request.form.get("password", ""),
            address=request.remote_addr or "",
            trusted_device=trusted,
        )
    except (InvalidCredentials, Throttled) as error:
        status = 429 if isinstance(error, Throttled) else 401
        page = render_template("auth/login.html", email=email, next_url=next_url, problem=error)
        response = current_app.make_response((page, status))
        if trusted and isinstance(error, InvalidCredentials):
            devices.forget(response)  # a failure on this device ends its exemption
        return response
    start_session(user)
    response = redirect(next_url or url_for("home.index"))
    devices.remember(response, user.email)
    return response


def start_session(user: User) -> None:
    """A new server-side session; the old one ends and the old cookie contents (and CSRF token)
    are dropped."""
    sessions.end_session(session=get_db(), token=session.get(TOKEN_KEY))
    token = sessions.start_session(session=get_db(), user=user, address=request.remote_addr or "")
    session.clear()
    session[TOKEN_KEY] = token


@bp.post("/logout")
@public
def logout() -> Response:
    """End the session on the server, then forget the cookie."""
    sessions.end_session(session=get_db(), token=session.get(TOKEN_KEY))
    session.clear()
    flash("You have logged out.", "notice")
    return redirect(url_for("auth.login"))


# -- a forgotten password --------------------------------------------------------------------

# The reset request answers after at least this long, mail or no mail, so its timing does not
# tell whether the address has an account (writing the mail file and the audit row takes a few
# milliseconds; an SMTP server that is slower than this still shows).
RESET_ANSWER_SECONDS = 0.25
EMAIL_MESSAGE = "Enter the email address of your account, such as name@example.com."
DONE_MESSAGE = (
    "Your password has been changed. Log in with the new one: every device that was logged "
    "in to your account has been logged out."
)


@bp.route("/account/reset", methods=["GET", "POST"])
@public
@rate_limited
def reset_request() -> Response | str | tuple[str, int]:
    """Ask for a reset link; the same answer for every address (no account enumeration)."""
    if request.method == "GET":
        return render_template("auth/reset_request.html", state=FormState())
    email = request.form.get("email", "").strip()
    if not email or "@" not in email or len(email) > EMAIL_MAX:
        state = FormState({"email": email[:EMAIL_MAX]}, errors={"email": EMAIL_MESSAGE})
        return render_template("auth/reset_request.html", state=state), 422
    answer_at = time.monotonic() + RESET_ANSWER_SECONDS
    password_reset.request_reset(
        session=get_db(),
        email=email,
        secret_key=current_app.config["SECRET_KEY"],
        link_for=lambda token: url_for("auth.reset_password", token=token, _external=True),
        send=get_mailer().send,
    )
    cpu_budget.hold_worker(answer_at - time.monotonic())
    return render_template("auth/reset_sent.html", email=email)


@bp.route("/account/reset/<token>", methods=["GET", "POST"])
@public
@rate_limited
def reset_password(token: str) -> Response | str | tuple[str, int]:
    """The mailed link: a form for the new password, which then replaces the old one."""
    secret_key = current_app.config["SECRET_KEY"]
    try:
        user = password_reset.user_for_link(session=get_db(), token=token, secret_key=secret_key)
        if request.method == "GET":
            return reset_page(token, user.email, FormState())
        new = request.form.get("new_password", "")
        if new != request.form.get("confirm_password", ""):
            refused = FormState(errors={"confirm_password": "The two do not match."})
            return reset_page(token, user.email, refused), 422
        password_reset.reset_password(
            session=get_db(), token=token, secret_key=secret_key, new_password=new
        )
    except ResetLinkError as error:
        return render_template("auth/reset_link.html", problem=error), 410
    except ValidationError as error:
        return reset_page(token, user.email, FormState.refused(error)), 422
    sessions.end_session(session=get_db(), token=session.get(TOKEN_KEY))
    session.clear()  # whoever was logged in here, this browser now logs in afresh
    flash(DONE_MESSAGE, "notice")
    return redirect(url_for("auth.login"), 303)


def reset_page(token: str, email: str, state: FormState) -> str:
    return render_template("auth/reset_password.html", token=token, email=email, state=state)
