"""Error pages and JSON errors: one handler for every HTTP error, including unexpected ones.

Under `/api/` errors are JSON (`{"error": "Not Found", "message": "..."}`); an htmx request
gets a short message fragment to show where the result would have gone; everything else gets
a full page. Messages are written for the person reading them: what happened, what to do.

The data layer's errors (coach.errors) that a view does not handle itself land here
too: NotFound (and Forbidden) → 404, exactly like a missing page, so nothing leaks whether an
object exists; ValidationError → 422 listing the messages; ConflictError → 409; TransitionError
and NotReadyError → 422 with the reason (and the blocking findings); Throttled → 429;
ResetLinkError → 410 (the reset pages show their own page for it).

A full disk (the database says so, or writing a file fails with ENOSPC) is 503 with
Retry-After and a message saying that nothing was saved: the full page shows what the form
held, so it can be copied; an htmx request gets the message in the page's alert slot
(`#page-alert`), leaving the form and what was typed in it where they were.
"""

from __future__ import annotations

import logging
from http import HTTPStatus

from flask import Flask, Response, jsonify, request
from flask_limiter.errors import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.exceptions import NotFound as PageNotFound

from coach.db.engine import storage_full
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
from coach.web.rendering import render, wants_fragment

API_PREFIX = "/api/"
log = logging.getLogger(__name__)

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
STORAGE_FULL_MESSAGE = (
    "The server has run out of storage space",
    "What you typed was not saved. Copy it before leaving this page, and tell your "
    "administrator that the server's disk is full.",
)
STORAGE_FULL_API_MESSAGE = (
    "The server has run out of storage space: nothing was saved. Keep what you sent, and tell "
    "your administrator."
)
STORAGE_RETRY_AFTER = 300  # seconds: someone has to free space first
ALERT_SLOT = "#page-alert"  # in base.html: where an htmx request's 503 message goes
# Form fields never shown back on the 503 page: secrets, and bookkeeping nobody typed.
UNTYPED_FIELDS = ("csrf_token", "version", "next", "password", "token")
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
    app.register_error_handler(DBAPIError, handle_storage_error)
    app.register_error_handler(OSError, handle_storage_error)


def json_error(status: int, message: str) -> tuple[Response, int]:
    """The API's error body: the HTTP status name and a message saying what to change."""
    return jsonify(error=HTTPStatus(status).phrase, message=message), status


def handle_http_error(error: HTTPException) -> Response:
    """Every HTTP error (and unexpected exceptions, which Flask turns into a 500)."""
    status = error.code or 500
    log_http_error(error, status)
    if request.path.startswith(API_PREFIX):
        response, _ = json_error(status, api_message(error))
        response.status_code = status
    else:
        title, advice = page_message(error, status)
        response = render("error.html", "_message.html", status=status, title=title, advice=advice)
    return with_error_headers(response, error)


def with_error_headers(response: Response, error: HTTPException) -> Response:
    """Keep what the error itself says in headers (`Retry-After` on a 429, `Allow` on a 405)."""
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers.setdefault(name, value)
    return response


def log_http_error(error: HTTPException, status: int) -> None:
    """Rate limits refusing a request, and server errors Flask has not logged already (an
    unexpected exception was, with its traceback, by logs.log_exception)."""
    fields = {"status": status, "endpoint": request.endpoint}
    if isinstance(error, RateLimitExceeded):
        log.warning(
            "Rate limit reached: %s",
            error.description,
            extra={"event": "rate_limited", "limit": error.description, **fields},
        )
    elif status >= 500 and getattr(error, "original_exception", None) is None:
        log.error(
            "Server error %s: %s", status, error.name, extra={"event": "server_error", **fields}
        )


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


def handle_storage_error(error: Exception) -> Response:
    """503 when the database or disk is full; any other database or OS error is unexpected and
    goes on to Flask's 500 handling (logged there with its traceback)."""
    if not storage_full(error):
        raise error
    log.error(
        "Storage full: the request's changes were not saved",
        exc_info=error,
        extra={"event": "storage_full", "status": 503, "endpoint": request.endpoint},
    )
    title, advice = STORAGE_FULL_MESSAGE
    if request.path.startswith(API_PREFIX):
        response, _ = json_error(503, STORAGE_FULL_API_MESSAGE)
        response.status_code = 503
    else:
        response = render(
            "error.html", "_message.html", status=503, title=title, advice=advice, typed=typed()
        )
        if wants_fragment():
            response.headers["HX-Retarget"] = ALERT_SLOT
            response.headers["HX-Reswap"] = "innerHTML"
    response.headers["Retry-After"] = str(STORAGE_RETRY_AFTER)
    return response


def typed() -> list[tuple[str, str]]:
    """(label, text) for what the person typed into the form that could not be saved: the free
    text (words, or anything long), not the choices, dates and numbers picked from lists."""
    if request.method != "POST" or request.mimetype not in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        return []
    return [
        (name.replace("_", " ").capitalize(), value)
        for name, value in request.form.items(multi=True)
        if (" " in value.strip() or len(value) > 30)
        and not name.endswith("_id")
        and not any(part in name for part in UNTYPED_FIELDS)
    ]
