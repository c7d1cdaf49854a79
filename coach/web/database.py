"""The database as the web app sees it: one engine per process, one session per request.

`DATABASE_URL` (env `COACH_DATABASE_URL`) names it; the default is the SQLite file
`coach.sqlite3` in the app's instance folder, the same file `coach db upgrade` and `coach demo`
write. The engine is made on first use (creating the app touches no file) and kept on
`app.extensions`; `get_db()` gives the request's Session, cached on `g` and closed on teardown
(the flaskr pattern). GET and HEAD requests read through `read_only()`, so on SQLite they begin
DEFERRED and never queue behind the write lock; every other request writes under BEGIN IMMEDIATE.
"""

from __future__ import annotations

import threading
from pathlib import Path

from flask import Flask, current_app, g, has_request_context, request
from sqlalchemy.engine import Engine
from sqlmodel import Session

from coach.models import make_engine, read_only

EXTENSION_KEY = "coach.database"
READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_engine_lock = threading.Lock()


def init_app(app: Flask, engine: Engine | None = None) -> None:
    """Register the database slot; pass `engine` to use one already made (tests do)."""
    if not app.config.get("DATABASE_URL"):
        app.config["DATABASE_URL"] = default_url(app)
    app.extensions[EXTENSION_KEY] = engine
    app.teardown_appcontext(close_db)


def default_url(app: Flask) -> str:
    return f"sqlite:///{Path(app.instance_path) / 'coach.sqlite3'}"


def get_engine(app: Flask | None = None) -> Engine:
    """The app's database engine, made on first call (thread-safe)."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    engine = app.extensions.get(EXTENSION_KEY)
    if engine is None:
        with _engine_lock:
            engine = app.extensions.get(EXTENSION_KEY)
            if engine is None:
                engine = app.extensions[EXTENSION_KEY] = make_engine(app.config["DATABASE_URL"])
    return engine


def get_db() -> Session:
    """The request's unit of work; services commit it, teardown closes it."""
    if "db" not in g:
        engine = get_engine()
        if has_request_context() and request.method in READ_ONLY_METHODS:
            engine = read_only(engine)
        g.db = Session(engine, expire_on_commit=False)
    return g.db


def close_db(error: BaseException | None = None) -> None:
    """Roll back whatever a failed request left uncommitted, and give the connection back."""
    session = g.pop("db", None)
    if session is None:
        return
    if error is not None:
        session.rollback()
    session.close()
