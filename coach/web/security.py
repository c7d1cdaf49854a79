"""Response hardening and CSRF: the "Input and output" lines of SECURITY.md for every page.

- Content-Security-Policy: scripts, styles and requests only from this origin; no inline script
  or style, no framing, no plugins, forms post only here.
- nosniff, a same-origin Referrer-Policy, no caching of pages or API answers (they carry HR text).
- CSRF tokens on every unsafe page request through Flask-WTF; htmx sends the token as the
  `X-CSRFToken` header (static/app.js reads it from `<meta name="csrf-token">`).
- `Server-Timing: app;dur=<ms>` on every response, so the benchmark can read the server's own
  time per request without instrumenting the code.
- Rate limits (Flask-Limiter) on what anyone may ask without logging in: the JSON API, the
  analyser pages, the front page, the log-in and password-reset pages, `RATE_LIMIT` per client
  address (default 300 per minute; the real address behind trusted proxies, see config.py).
  Counters live in memory per process, or in Redis shared by every worker and instance when
  `REDIS_URL` (`COACH_REDIS_URL`) is set. The same endpoints also draw on a budget of server
  CPU time per client (`RATE_LIMIT_CPU`, cpu_budget.py). Over either: 429 with `Retry-After`,
  as JSON under /api/.
"""

from __future__ import annotations

import time

from flask import Flask, Response, current_app, g, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from coach.web import cpu_budget
from coach.web.cpu_budget import Public

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    )
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}

csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, headers_enabled=True)


def public_rate() -> str:
    """The limit on anonymous-reachable endpoints, read per request from the app's config."""
    return str(current_app.config["RATE_LIMIT"])


def rate_limited(public: Public) -> Public:
    """Decorate a view (or a blueprint) anyone may reach without logging in: a limit on the
    requests per client, and on the server CPU time they cost (cpu_budget.py)."""
    limited = limiter.limit(public_rate)(public)  # a view's wrapper; None for a blueprint
    return cpu_budget.budgeted(public if limited is None else limited)


HSTS = "max-age=31536000; includeSubDomains"


def init_app(app: Flask) -> None:
    """Turn on CSRF protection, the security headers and the server timing header; trust the
    configured number of reverse proxies."""
    hops = int(app.config.get("PROXY_HOPS") or 0)
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
    csrf.init_app(app)
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config.get("REDIS_URL") or "memory://")
    app.config.setdefault("RATELIMIT_ENABLED", bool(app.config.get("RATE_LIMIT")))
    limiter.init_app(app)
    cpu_budget.init_app(app)
    app.before_request(start_timer)
    app.after_request(add_security_headers)
    app.after_request(add_server_timing)


def add_security_headers(response: Response) -> Response:
    """Set the security headers; keep everything but static files out of caches."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if current_app.config["HTTPS"]:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    if request.endpoint != "static":
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def start_timer() -> None:
    g.request_started = time.perf_counter()


def add_server_timing(response: Response) -> Response:
    started = g.get("request_started")
    if started is not None:
        elapsed_ms = (time.perf_counter() - started) * 1000
        response.headers["Server-Timing"] = f"app;dur={elapsed_ms:.2f}"
    return response
