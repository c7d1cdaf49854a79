"""Error pages and JSON errors: one handler for every HTTP error, including unexpected ones.

Under `/api/` errors are JSON (`{"error": "Not Found", "message": "..."}`); an htmx request
gets a short message fragment to show where the result would have gone; everything else gets
a full page. Messages are written for the person reading them: what happened, what to do.

The data layer's errors (coach.errors) that a view does not handle itself land here
too: NotFound (and Forbidden) → 404, exactly like a missing page, so nothing leaks whether an
object exists; ValidationError → 422 listing the messages; ConflictError → 409; TransitionError
and NotReadyError → 422 with the reason (and the blocking findings); Throttled → 429;
ResetLinkError → 410 (the reset pages show their own page for it).
"""

from __future__ import annotations

from http import HTTPStatus

from flask import Flask, Response, jsonify, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.exceptions import NotFound as PageNotFound

from coach.errors import (
    ConflictError,
    DomainError,
    NotFound,
    NotReadyError,
    ResetLinkError,
    Throttled,
    TransitionError,
    ValidationError,
)
from coach.web.rendering import render

API_PREFIX = "/api/"

PAGE_MESSAGES = {
    400: (
        "That request did not look right",
        "Please go back, check what you entered and try again.",
    ),
    404: ("We could not find that page", "The address may be mistyped, or the page has moved."),
    405: ("That action is not available here", "Please use the links and buttons on the page."),
    413: (
        "That is more text than we can check at once",
        "Please shorten it, or split it into separate goals, and try again.",
    ),
    409: (
        "Someone else changed this first",
        "Reload the page to see their changes, then make yours again.",
    ),
    422: ("We could not check that", "Please look at what you entered and try again."),
    429: ("Too many attempts", "Please wait a few minutes and try again."),
    500: (
        "Something went wrong on our side",
        "Nothing you typed was saved or lost on purpose, and it was not your fault. "
        "Please try again in a moment.",
    ),
}
CSRF_MESSAGE = (
    "This page has expired",
    "For your security, forms stop working when the page is very old or cookies are blocked. "
    "Copy your text, reload the page and try again.",
)


DOMAIN_STATUS: tuple[tuple[type[DomainError], int, str], ...] = (
    (NotFound, 404, ""),
    (ConflictError, 409, "Someone else changed this first"),
    (Throttled, 429, "Too many attempts"),
    (ResetLinkError, 410, "This link no longer works"),
    (NotReadyError, 422, "The plan is not ready to issue"),
    (TransitionError, 422, "That step is not possible now"),
    (ValidationError, 422, "Some of what you entered cannot be saved"),
)


def status_of(error: DomainError) -> int:
    """The one error -> status map: what a refused change answers (422 unless listed)."""
    return next((code for kind, code, _ in DOMAIN_STATUS if isinstance(error, kind)), 422)


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(DomainError, handle_domain_error)


def json_error(status: int, message: str) -> tuple[Response, int]:
    """The API's error body: the HTTP status name and a message saying what to change."""
    return jsonify(error=HTTPStatus(status).phrase, message=message), status


def handle_http_error(error: HTTPException) -> Response | tuple[Response, int]:
    """Every HTTP error (and unexpected exceptions, which Flask turns into a 500)."""
    status = error.code or 500
    if request.path.startswith(API_PREFIX):
        return json_error(status, api_message(error))
    title, advice = page_message(error, status)
    return render("error.html", "_message.html", status=status, title=title, advice=advice)


def api_message(error: HTTPException) -> str:
    if isinstance(error, InternalServerError):
        return "Something went wrong on our side. Please try again."
    return error.description or HTTPStatus(error.code or 500).phrase


def page_message(error: HTTPException, status: int) -> tuple[str, str]:
    """Title and advice for an error page; messages we raised ourselves are shown as written."""
    if isinstance(error, CSRFError):
        return CSRF_MESSAGE
    return PAGE_MESSAGES.get(status, (error.name, "Please go back and try again."))


def handle_domain_error(error: DomainError) -> Response | tuple[Response, int]:
    """A data-layer error no view handled: the status that goes with it and its own message."""
    status, title = next(
        ((code, title) for kind, code, title in DOMAIN_STATUS if isinstance(error, kind)),
        (422, "That cannot be done"),
    )
    if status == 404:
        return handle_http_error(PageNotFound())
    if request.path.startswith(API_PREFIX):
        return json_error(status, str(error))
    reasons = [
        f"{finding.get('goal', 'Goal')}: {finding.get('message', '')}"
        for _, finding in getattr(error, "blocking", [])
    ]
    context = {"title": title, "advice": str(error), "reasons": reasons}
    return render("error.html", "_message.html", status=status, **context)
