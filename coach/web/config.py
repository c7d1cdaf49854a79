"""Configuration of the web app: the defaults, and where overrides come from.

Sources, later ones winning: these defaults -> `instance/config.py` -> `COACH_*` environment
variables (values parsed as JSON when they can be, e.g. `COACH_MAX_BATCH_GOALS=20`) -> the
`test_config` mapping handed to `create_app`. Nothing here reads a file or the environment at
import time; `coach.web.create_app` does, once per app.
"""

from __future__ import annotations

import secrets

from flask import Flask

from coach.analysis import MAX_GOAL_CHARS

ENV_PREFIX = "COACH"

DEFAULTS: dict[str, object] = {
    # Whole request bodies: a page form or API call with a full batch fits well inside 64 KiB;
    # anything larger is refused with 413 before a byte of it is parsed.
    "MAX_CONTENT_LENGTH": 64 * 1024,
    "MAX_FORM_MEMORY_SIZE": 64 * 1024,
    "MAX_GOAL_CHARS": MAX_GOAL_CHARS,
    "MAX_BATCH_CHARS": 20_000,
    "MAX_BATCH_GOALS": 50,
    "MAX_GAP_CHARS": 2_000,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_SECURE": False,  # set COACH_SESSION_COOKIE_SECURE=true behind HTTPS
    # The CSRF token lives as long as the session: a page left open over lunch keeps working.
    "WTF_CSRF_TIME_LIMIT": None,
    # Static files may be cached; pages and API answers never are (see security.py).
    "SEND_FILE_MAX_AGE_DEFAULT": 3600,
}


def load_config(app: Flask, test_config: dict[str, object] | None) -> None:
    """Fill `app.config` from every source in order, then make sure there is a secret key."""
    app.config.from_mapping(DEFAULTS)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env(ENV_PREFIX)
    if test_config is not None:
        app.config.from_mapping(test_config)
    ensure_secret_key(app)


def ensure_secret_key(app: Flask) -> None:
    """Use the configured SECRET_KEY, or a random one for this process (fine for development).

    A random key means sessions and CSRF tokens do not survive a restart; `coach serve` creates
    the app before forking its workers, so they all share the same key.
    """
    if app.config.get("SECRET_KEY"):
        return
    app.config["SECRET_KEY"] = secrets.token_hex(32)
    if not app.testing:
        app.logger.warning(
            "No SECRET_KEY configured: using a random one for this run. "
            "Set COACH_SECRET_KEY or SECRET_KEY in instance/config.py to keep sessions "
            "across restarts."
        )
