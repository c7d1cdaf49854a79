"""Calendars: a plan's .ics, the personal feed behind a secret link, and the page that makes it.

- `/plans/<id>/calendar.ics`: one plan's check-ins due, mentor sessions and end, for the people
  on the plan and HR (the plan page's permission check; anyone else 404).
- `/calendar/<token>.ics`: every plan the link's owner may see, for calendar apps that cannot
  log in (public, rate-limited). An unknown or revoked token is a 404. The access log shows the
  route (`/calendar/<token>.ics`), never the token (logs.logged_path).
- `/account/calendar`: the person's "Calendar feed" page: make a new link (shown once; any
  earlier link stops working) or turn the feed off.

Event UIDs end in an id of this installation (derived from SECRET_KEY, not revealing it), so
two PIP Coach instances subscribed in one calendar never share a UID.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import Blueprint, Response, current_app, g, make_response, request, url_for

from coach.errors import NotFound
from coach.services import calendar_feeds, calendars
from coach.web.auth.routes import public
from coach.web.extensions import get_db
from coach.web.forms import FormState
from coach.web.plan_tabs import tab_url
from coach.web.rendering import done, render
from coach.web.security import rate_limited

bp = Blueprint("calendars", __name__)

ACTIONS = {"new", "revoke"}
CHOOSE_MESSAGE = "Choose “Make a new link” or “Turn the feed off”."


@bp.get("/plans/<int:plan_id>/calendar.ics")
def plan(plan_id: int) -> Response:
    """One plan's calendar, to download or import."""
    body = calendars.plan_calendar(
        get_db(), g.user, plan_id, uid_suffix=uid_suffix(), link_for=link_for
    )
    return ics_response(body, f"plan-{plan_id}.ics")


@bp.get("/calendar/<token>.ics")
@public
@rate_limited
def feed(token: str) -> Response:
    """The personal feed: every plan the link's owner may see, as they may see it."""
    session = get_db()
    owner = calendar_feeds.user_for_token(session, token)
    if owner is None:
        raise NotFound("calendar")
    body = calendars.feed_calendar(session, owner, uid_suffix=uid_suffix(), link_for=link_for)
    return ics_response(body, "pip-coach.ics")


@bp.route("/account/calendar", methods=["GET", "POST"])
def account() -> Response:
    """The person's calendar feed: whether they have a link, and the buttons to change that."""
    if request.method == "GET":
        return feed_page()
    action = request.form.get("action", "")
    if action not in ACTIONS:
        return feed_page(FormState(errors={"action": CHOOSE_MESSAGE}), 422)
    session = get_db()
    if action == "new":
        token = calendar_feeds.new_feed_token(session=session, actor=g.user)
        # Shown on this answer only (not flashed: the cookie session is readable by its holder
        # and kept by the browser); the database keeps only its hash.
        return feed_page(link=url_for("calendars.feed", token=token, _external=True))
    calendar_feeds.revoke_feed(session=session, actor=g.user)
    message = "Your calendar feed is off: the link no longer works."
    return done(lambda: feed_page(done=message), url_for("calendars.account"), message)


def feed_page(state: FormState | None = None, status: int = 200, **context: object) -> Response:
    live = calendar_feeds.live_feed(get_db(), g.user)
    return render(
        "calendars/account.html",
        "calendars/_account.html",
        status=status,
        state=state or FormState(),
        live=live,
        **context,
    )


def ics_response(body: bytes, filename: str) -> Response:
    response = make_response(body)
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def link_for(plan_id: int, tab: str) -> str:
    """The absolute URL of a tab of the plan page, for an event's link."""
    return request.host_url.rstrip("/") + tab_url(plan_id, tab)


def uid_suffix() -> str:
    """This installation's part of every event UID: stable while SECRET_KEY is."""
    key = str(current_app.config["SECRET_KEY"]).encode()
    digest = hmac.new(key, b"calendar event uid", hashlib.sha256).hexdigest()
    return f"pip-coach-{digest[:16]}"
