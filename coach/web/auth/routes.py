"""Log-in, log-out and who is asking: server-side sessions behind Flask's signed cookie.

The cookie holds only a random token; the session itself lives in the database
(`sessions.start_session`), so log-out, idle expiry (20 minutes) and the absolute lifetime (10
hours) end it for every worker at once and a replayed cookie gets nothing. A new token and a new
cookie session (and with it a new CSRF token) are issued at every log-in.

Deny by default: every endpoint needs a logged-in user unless it is listed in PUBLIC_ENDPOINTS,
belongs to a blueprint in PUBLIC_BLUEPRINTS, or its view is marked `@public`. A logged-out
request for anything else is sent to `/login?next=...` (an htmx request gets `HX-Redirect`, the
JSON API a 401). What a logged-in user may then see is decided per object by the data layer.
"""

from __future__ import annotations

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
from coach.errors import InvalidCredentials, Throttled
from coach.services import sessions
from coach.web.auth import devices
from coach.web.errors import json_error
from coach.web.extensions import get_db, get_db_engine
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
