"""The notifications pages. A notification is its recipient's alone: anyone else's id is a 404.

- `GET /notifications`: the person's notifications, newest first, unread ones marked.
- `POST /notifications/<id>/open`: mark it read and go to its page (the plan's tab).
- `POST /notifications/<id>/read`: mark it read and stay (htmx swaps the item and the header
  count; a plain post comes back to the list).
- `POST /notifications/read`: mark them all read.
- `GET|POST /notifications/preferences`: per kind, mail at once, in the daily digest, or off.

Every full page shows the unread count in the header: `count_unread` reads it once per full
page load (not for htmx fragments, which carry no header) and hands the value to the template.
"""

from __future__ import annotations

from flask import Blueprint, Response, g, redirect, request, url_for

from coach.errors import ValidationError
from coach.services import notifications
from coach.web.extensions import get_db
from coach.web.forms import FormState
from coach.web.notifications import screens
from coach.web.notifications.links import target
from coach.web.rendering import done, render, wants_fragment

bp = Blueprint("notifications", __name__)
# Answers without the page header: static files, the health check, the JSON API.
NO_HEADER_ENDPOINTS = frozenset({"static", "home.health"})
NO_HEADER_BLUEPRINTS = frozenset({"api", "plans_api"})


@bp.before_app_request
def count_unread() -> None:
    """`g.unread_notifications` for the header of a full page someone logged in reads."""
    endpoint = request.endpoint or ""
    if g.get("user") is None or request.method != "GET" or wants_fragment():
        return
    if endpoint in NO_HEADER_ENDPOINTS or endpoint.partition(".")[0] in NO_HEADER_BLUEPRINTS:
        return
    g.unread_notifications = notifications.unread_count(get_db(), g.user)


@bp.get("/notifications")
def index() -> Response:
    return list_page()


def list_page(status: int = 200, message: str = "") -> Response:
    listing = screens.notification_list(get_db(), g.user)
    return render(
        "notifications/index.html",
        "notifications/_list.html",
        status=status,
        listing=listing,
        message=message,
    )


@bp.post("/notifications/<int:notification_id>/open")
def open_one(notification_id: int) -> Response:
    """Mark it read, then show what it is about."""
    found = notifications.mark_read(session=get_db(), actor=g.user, notification_id=notification_id)
    return redirect(target(found), 303)


@bp.post("/notifications/<int:notification_id>/read")
def read(notification_id: int) -> Response:
    notifications.mark_read(session=get_db(), actor=g.user, notification_id=notification_id)

    def fresh() -> Response:
        item = screens.item_for(get_db(), g.user, notification_id)
        unread = notifications.unread_count(get_db(), g.user)
        fragment = "notifications/_item_read.html"
        return render(fragment, fragment, item=item, unread=unread)

    return done(fresh, url_for("notifications.index"))


@bp.post("/notifications/read")
def read_all() -> Response:
    count = notifications.mark_all_read(session=get_db(), actor=g.user)
    message = f"Marked {count} notification{'s' * (count != 1)} read." if count else ""
    return done(lambda: list_page(message=message), url_for("notifications.index"), message)


@bp.route("/notifications/preferences", methods=["GET", "POST"])
def preferences() -> Response:
    """Each kind this person can get: mail at once, in the daily digest, or off."""
    if request.method == "GET":
        return preferences_page(FormState())
    typed = {kind: request.form.get(kind, "") for kind in notifications.KINDS}
    try:
        notifications.set_choices(session=get_db(), actor=g.user, form=typed)
    except ValidationError as error:
        return preferences_page(FormState.refused(error, typed), 422)
    message = "Your notification choices are saved."
    url = url_for("notifications.preferences")
    return done(lambda: preferences_page(FormState(), saved=message), url, message)


def preferences_page(state: FormState, status: int = 200, saved: str = "") -> Response:
    return render(
        "notifications/preferences.html",
        "notifications/_preferences.html",
        status=status,
        state=state,
        screen=screens.preferences(get_db(), g.user),
        saved=saved,
    )
