"""Configuration of the web app: the defaults, and where overrides come from.

Sources, later ones winning: these defaults -> `instance/config.py` -> `COACH_*` environment
variables (values parsed as JSON when they can be, e.g. `COACH_MAX_BATCH_GOALS=20`) -> the
`test_config` mapping handed to `create_app`. Nothing here reads a file or the environment at
import time; `coach.web.create_app` does, once per app.

The secret key: `SECRET_KEY` when configured; else the one in `<instance>/secret_key`, made once
(mode 0600) and reused by every worker, restart and instance sharing the folder. `HTTPS`
(`COACH_HTTPS=1`) marks cookies Secure and sends Strict-Transport-Security; `PROXY_HOPS`
(`COACH_PROXY_HOPS=N`) trusts N reverse proxies' X-Forwarded-* headers (Werkzeug's ProxyFix),
so the client address the log-in throttle counts is the real one.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask

from coach.analysis import MAX_GOAL_CHARS

ENV_PREFIX = "COACH"

DEFAULTS: dict[str, object] = {
    # Whole request bodies: a page form or API call with a full batch fits well inside 64 KiB;
    # anything larger is refused with 413 before a byte of it is parsed.
    "MAX_CONTENT_LENGTH": 64 * 1024,
    "MAX_FORM_MEMORY_SIZE": 64 * 1024,
    "MAX_GOAL_CHARS": MAX_GOAL_CHARS,
    # What one batch may hold (coach.analysis.BatchLimits; budget.py picks the set). spaCy's
    # work follows tokens (a goal parsed twice ~0.35-0.6 ms each, through the analysis), so
    # the token totals are what bound a request's CPU; goals and characters are the limits
    # people can see. Logged in (accountable, fewer): 50 goals, 20,000 characters, 4,000
    # tokens (~20,000 characters of prose); the worst such batch measured took 1.4 s.
    "MAX_BATCH_GOALS": 50,
    "MAX_BATCH_CHARS": 20_000,
    "MAX_BATCH_TOKENS": 4_000,
    # Anyone, without logging in, on the batch page and POST /api/analyze/batch (the API reads
    # no session, so always this): about 100 ms of CPU at worst on a quiet machine (goals
    # spaCy parses twice cost ~0.35-0.5 ms a token, prose less: 200 such tokens took 68-106
    # ms, 250 took 80-124). Every block of ten consecutive labelled dev goals fits (the
    # largest: 188 tokens, 996 characters, 1,005 pasted one per line: the characters leave
    # room for newlines and list markers), and 97% of random sets of ten (86% at 150 tokens).
    "ANONYMOUS_BATCH_GOALS": 10,
    "ANONYMOUS_BATCH_CHARS": 1_200,
    "ANONYMOUS_BATCH_TOKENS": 200,
    "MAX_GAP_CHARS": 2_000,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_SECURE": False,  # turned on by HTTPS below
    # The CSRF token lives as long as the session: a page left open over lunch keeps working.
    "WTF_CSRF_TIME_LIMIT": None,
    # Static files may be cached; pages and API answers never are (see security.py).
    "SEND_FILE_MAX_AGE_DEFAULT": 3600,
    "HTTPS": False,  # COACH_HTTPS=1 behind TLS: Secure cookies and HSTS
    "PROXY_HOPS": 0,  # COACH_PROXY_HOPS=N: trusted reverse proxies in front of the app
    # Per client address on what anyone may reach without logging in ("" turns it off).
    "RATE_LIMIT": "300 per minute",
    # Server CPU time, in milliseconds, per client address on the same endpoints ("" turns it
    # off): a twentieth of one CPU; typing into the live analyser costs 5-15 ms a request.
    "RATE_LIMIT_CPU": "3000 per minute",
    "REDIS_URL": "",  # COACH_REDIS_URL=redis://host:6379/0: counters shared by every worker
    # JSON log lines on stderr (see logs.py); COACH_LOG_LEVEL=DEBUG|INFO|WARNING|ERROR.
    "LOG_LEVEL": "INFO",
    "ACCESS_LOG": True,  # one line per request (method, route, status, time, size, ids)
    # Outgoing mail (coach/services/mail.py), e.g. password-reset links. Empty: every mail is
    # written as an .eml file into <instance>/mail/ (mode 0600); COACH_MAIL_URL=smtp://host:25,
    # smtp://user:password@host:587?starttls=1 or smtps://user:password@host:465 sends it.
    "MAIL_URL": "",
    "MAIL_FROM": "PIP Coach <no-reply@localhost>",  # COACH_MAIL_FROM: the sender of every mail
    # Where people reach the app, for the links in mails (notifications, password resets sent
    # by the worker): COACH_BASE_URL=https://pip.example.com/ behind a proxy.
    "BASE_URL": "http://127.0.0.1:5000/",
    # Notifications (coach/services/notifications.py, run by `coach worker`): the daily
    # digest goes out from this hour (server's local time, 0-23), the reminders are looked for
    # every REMINDER_MINUTES (1-60).
    "DIGEST_HOUR": 7,
    "REMINDER_MINUTES": 15,
}
SECRET_KEY_FILE = "secret_key"


def load_config(app: Flask, test_config: dict[str, object] | None) -> None:
    """Fill `app.config` from every source in order, then make sure there is a secret key."""
    app.config.from_mapping(DEFAULTS)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env(ENV_PREFIX)
    if test_config is not None:
        app.config.from_mapping(test_config)
    if app.config["HTTPS"]:
        app.config["SESSION_COOKIE_SECURE"] = True
    ensure_secret_key(app)


def ensure_secret_key(app: Flask) -> None:
    """Use the configured SECRET_KEY, else the instance folder's (made on first use).

    Tests get a random key per app; if the instance folder cannot be written, a random key for
    this process is used with a warning (sessions then end at a restart).
    """
    if app.config.get("SECRET_KEY"):
        return
    if app.testing:
        app.config["SECRET_KEY"] = secrets.token_hex(32)
        return
    try:
        app.config["SECRET_KEY"] = stored_secret_key(Path(app.instance_path) / SECRET_KEY_FILE)
    except OSError as error:
        app.config["SECRET_KEY"] = secrets.token_hex(32)
        app.logger.warning(
            "Cannot keep a secret key in %s (%s): using a random one for this run, so "
            "sessions end at a restart. Set COACH_SECRET_KEY or make the folder writable.",
            app.instance_path,
            error.strerror,
        )


def stored_secret_key(path: Path) -> str:
    """The key in `path`, or a new one written there readable by this user only. Two processes
    starting at once agree: only one can create the file, the other reads it."""
    try:
        return read_key(path)
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return read_key(path)
    with os.fdopen(descriptor, "w") as file:
        file.write(key)
    return key


def read_key(path: Path) -> str:
    key = path.read_text().strip()
    if len(key) < 32:
        raise OSError(0, f"{path} holds no usable key")
    return key
