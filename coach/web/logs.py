"""Logs: JSON lines on stderr, one access line per request, and a request id on everything.

Configured here and nowhere else (`init_app`, called by the factory; nothing happens at import).
Every record of the `coach` loggers (and warnings from libraries) is written to stderr as one
JSON object per line: `time`, `level`, `logger`, `message`, `request_id`, then the record's extra
fields (`logger.info("...", extra={"event": "login.failed", "user_id": 3})`), and `exception`
with the traceback when there is one. `coach serve` gives gunicorn's own messages the same shape
(`serve.GunicornLogger`); gunicorn's access log stays off, so each request is logged once, here.

The access line (logger `coach.access`, written by an after_request hook, so `flask run`,
gunicorn and the test client all get it): method, path, route, endpoint, status, duration_ms,
size, client (the address ProxyFix resolved), request_id and user_id when someone is logged
in. Never the query string (it can hold goal text: `/api/resources?text=...`), never a path
segment that could be free text or a token: the path is logged as is only when every variable
part of the matched route is a number; otherwise the route itself is logged
(`/account/reset/<token>`), and an unmatched path has its word-like segments kept and the rest
replaced by `<redacted>`. Never an e-mail address, a cookie or a body.

Request ids: a new random one per request, or a sane incoming `X-Request-ID` when the app sits
behind trusted proxies (`PROXY_HOPS` > 0); echoed in the `X-Request-ID` response header.

Config: `LOG_LEVEL` (env COACH_LOG_LEVEL, default INFO), `ACCESS_LOG` (default on),
`LOG_STDERR` (default on, off for testing apps: the tests read the records, not stderr).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import sys
import time
import traceback
import uuid
from typing import Any

from flask import Flask, Response, current_app, g, has_request_context, request
from flask.logging import default_handler

ROOT_LOGGER = "coach"
access_log = logging.getLogger("coach.access")
error_log = logging.getLogger("coach.web.errors")

REQUEST_ID_HEADER = "X-Request-ID"
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")
# A segment of an unmatched path is logged only if it looks like a word or a number, not like a
# token or free text: short, plain characters, and not a long mix of letters and digits.
WORD_SEGMENT = re.compile(r"[A-Za-z0-9_.-]{1,40}")
TOKEN_LIKE = re.compile(r"(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9_-]{16,}")
REDACTED = "<redacted>"

# Attributes every LogRecord has; anything else on a record came from `extra=`.
STANDARD_ATTRIBUTES = frozenset(
    set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "taskName"}
)


# ---- JSON lines -----------------------------------------------------------------------------


class JsonFormatter(logging.Formatter):
    """One JSON object per record, on one line."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or current_request_id(),
        }
        for name, value in vars(record).items():
            if name not in STANDARD_ATTRIBUTES and name not in line:
                line[name] = value
        if record.exc_info:
            line["exception"] = "".join(traceback.format_exception(*record.exc_info)).rstrip()
        if record.stack_info:
            line["stack"] = record.stack_info
        return json.dumps(line, default=str, ensure_ascii=False)


class StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is at the moment (test runners swap it), in JSON."""

    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(JsonFormatter())

    @property  # type: ignore[override]
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def configure(level: str | int = "INFO", *, to_stderr: bool = True) -> None:
    """Set the app's log level and (once per process) put the JSON handler on the root logger."""
    name = level.upper() if isinstance(level, str) else logging.getLevelName(level)
    if name not in LEVELS:
        raise ValueError(f"LOG_LEVEL (COACH_LOG_LEVEL) must be one of {', '.join(LEVELS)}.")
    logging.getLogger(ROOT_LOGGER).setLevel(name)
    if not to_stderr:
        return
    root = logging.getLogger()
    if not any(isinstance(handler, StderrHandler) for handler in root.handlers):
        root.addHandler(StderrHandler())
    # Flask gives the app's logger a plain-text handler of its own if it was used before this
    # ran (a warning about the secret key): our handler replaces it, or each line comes twice.
    logging.getLogger("coach.web").removeHandler(default_handler)


# ---- the request id and the access line -----------------------------------------------------


def init_app(app: Flask) -> None:
    """Configure logging from the app's config and register the request hooks. Call it before
    anything else registers hooks: its before_request must run first (a rate limit refuses a
    request in a before_request), its after_request last (it sees the final response)."""
    app.config.setdefault("LOG_STDERR", not app.testing)
    configure(app.config["LOG_LEVEL"], to_stderr=bool(app.config["LOG_STDERR"]))
    app.before_request(start_request)
    app.after_request(finish_request)


def current_request_id() -> str | None:
    if not has_request_context():
        return None
    return g.get("request_id")


def start_request() -> None:
    g.request_id = incoming_request_id() or uuid.uuid4().hex
    g.log_started = time.perf_counter()


def incoming_request_id() -> str | None:
    """The proxy's X-Request-ID, if the app trusts proxies and the value is a plain id."""
    if not current_app.config.get("PROXY_HOPS"):
        return None
    value = request.headers.get(REQUEST_ID_HEADER, "")
    return value if SANE_REQUEST_ID.fullmatch(value) else None


def finish_request(response: Response) -> Response:
    if "request_id" not in g:  # a hook before ours answered: give the request an id anyway
        start_request()
    response.headers[REQUEST_ID_HEADER] = g.request_id
    if current_app.config["ACCESS_LOG"]:
        log_access(response)
    return response


def log_access(response: Response) -> None:
    started = g.get("log_started")
    duration = round((time.perf_counter() - started) * 1000, 2) if started else None
    path = logged_path()
    user = g.get("user")
    fields = {
        "event": "request",
        "method": request.method,
        "path": path,
        "route": request.url_rule.rule if request.url_rule is not None else None,
        "endpoint": request.endpoint,
        "status": response.status_code,
        "duration_ms": duration,
        "size": response.content_length,
        "client": request.remote_addr,
        "request_id": g.request_id,
        "user_id": getattr(user, "id", None),
    }
    access_log.info(
        "%s %s %s %sms", request.method, path, response.status_code, duration, extra=fields
    )


def logged_path() -> str:
    """The request path without its query string and without any free text or token."""
    rule = request.url_rule
    if rule is None:
        return redact_path(request.path)
    if request.endpoint == "static" or all(
        isinstance(value, int) for value in (request.view_args or {}).values()
    ):
        return request.path
    return rule.rule


def redact_path(path: str) -> str:
    """`path` with every segment that could be a token or free text replaced by <redacted>."""
    segments = path.split("/")
    return "/".join(
        segment
        if not segment or (WORD_SEGMENT.fullmatch(segment) and not TOKEN_LIKE.fullmatch(segment))
        else REDACTED
        for segment in segments
    )


# ---- unexpected errors ----------------------------------------------------------------------


def log_exception(exc_info) -> None:
    """Flask's log_exception: the traceback, with the route rather than the raw path (it may
    hold a token) and nothing of the request body."""
    error_log.error(
        "Unhandled exception in %s %s",
        request.method,
        logged_path(),
        exc_info=exc_info,
        extra={"event": "server_error", "endpoint": request.endpoint, "status": 500},
    )
