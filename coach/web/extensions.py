"""The heavy objects the web app holds, one of each per process: the analysis engine, the
resource catalogue, and the database engine with one session per request.

Analysis. Loading the engine (spaCy pipeline plus compiled rules) takes seconds and the
catalogue about half a second, so each happens once, on first use or when `coach serve` warms
the app up before forking its workers (which then share that memory). Config: `RULES_DIR`
(default: the repository's `rules/`, which also holds the issue types and every `resources:`
catalogue file) and `RULE_OVERRIDES` (`{rule_id: {"enabled": false}}` or `{"severity": "info"}`).
`get_issue_types()` gives the issue types the context form offers, read once per rules folder
and process (like the catalogue);
`get_catalogue()` the resource catalogue, or None when the rules define no issue types;
`preload()` loads all of it at once.

Database. `DATABASE_URL` (env `COACH_DATABASE_URL`) names it; the default is the SQLite file
`coach.sqlite3` in the app's instance folder, the same file `coach db upgrade` and `coach demo`
write. The engine is made on first use (creating the app touches no file) and kept on
`app.extensions`; `get_db()` gives the request's Session, cached on `g` and closed on teardown
(the flaskr pattern). GET and HEAD requests read through `read_only()`, so on SQLite they begin
DEFERRED and never queue behind the write lock; every other request writes under BEGIN IMMEDIATE.
Making the engine also takes this process's shared hold on the database (`hold_database`,
coach/db/holders.py), so `coach db restore` refuses while the app has it open;
`close_database()` disposes of the engine and lets go (tests that restore in-process).

Mail. `MAIL_URL` and `MAIL_FROM` make the app's one Mailer (coach/services/mail.py) when the
app is created, so a MAIL_URL that cannot work stops the app at start, not at the first mail;
`get_mailer()` gives it (files in `<instance>/mail/` when MAIL_URL is empty).
"""

from __future__ import annotations

import functools
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from flask import Flask, current_app, g, has_request_context, request
from sqlalchemy.engine import Engine as SQLEngine
from sqlmodel import Session

from coach.analysis import Engine, load_engine
from coach.analysis.engine import DEFAULT_RULES_DIR
from coach.db import holders
from coach.db.engine import make_engine, read_only
from coach.services import mail
from coach.web.cpu_budget import uncharged

if TYPE_CHECKING:
    from coach.resources import Catalogue

ANALYSIS_KEY = "coach.engine"
DATABASE_KEY = "coach.database"
READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
ISSUE_TYPES_KEY = "coach.issue_types"
CATALOGUE_KEY = "coach.catalogue"
MAIL_KEY = "coach.mail"
ISSUE_TYPES_FILE = "issue-types.yaml"
_load_lock = threading.Lock()
_engine_lock = threading.Lock()


def init_analysis(app: Flask, engine: Engine | None = None) -> None:
    """Register the analysis slots on `app`; pass `engine` to use an already loaded one."""
    app.extensions[ANALYSIS_KEY] = engine
    app.extensions[ISSUE_TYPES_KEY] = None
    app.extensions[CATALOGUE_KEY] = None


def get_engine(app: Flask | None = None) -> Engine:
    """The app's engine, loaded on first call (thread-safe: the dev server is threaded)."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    engine = app.extensions.get(ANALYSIS_KEY)
    if engine is None:
        with _load_lock, uncharged():
            engine = app.extensions.get(ANALYSIS_KEY)
            if engine is None:
                engine = app.extensions[ANALYSIS_KEY] = load_engine(
                    rules_dir=rules_dir(app), overrides=app.config.get("RULE_OVERRIDES")
                )
    return engine


def get_issue_types(app: Flask | None = None) -> dict[str, str]:
    """Issue type id -> label (capitalised), in the rules' order; {} when none are defined."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    issue_types = app.extensions.get(ISSUE_TYPES_KEY)
    if issue_types is None:
        with uncharged():
            issue_types = app.extensions[ISSUE_TYPES_KEY] = read_issue_types(app)
    return issue_types


def read_issue_types(app: Flask) -> dict[str, str]:
    if not get_engine(app).issue_type_cues:
        return {}
    return dict(cached_issue_types(str(rules_dir(app).resolve())))


@functools.cache
def cached_issue_types(directory: str) -> dict[str, str]:
    """One reading of a rules folder's issue types per process, shared by every app: reading
    them parses every YAML file in the folder (about half a second), and tests make many apps.
    Callers get a copy (read_issue_types)."""
    from coach.resources import load_issue_types

    return {
        issue_id: issue.label[:1].upper() + issue.label[1:]
        for issue_id, issue in load_issue_types(Path(directory)).items()
    }


def get_catalogue(app: Flask | None = None) -> Catalogue | None:
    """The resource catalogue of the app's rules folder, loaded on first call.

    None when the rules define no issue types: then the analyser page shows no suggestions and
    the resources API answers 404. A broken catalogue file raises ResourceError (`<file>: <id>:
    <reason>`); `coach serve` loads the catalogue before forking, so it refuses to start.
    """
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    if app.extensions.get(CATALOGUE_KEY) is None:
        directory = rules_dir(app)
        if not (directory / ISSUE_TYPES_FILE).exists():
            return None
        with _load_lock, uncharged():
            if app.extensions.get(CATALOGUE_KEY) is None:
                app.extensions[CATALOGUE_KEY] = cached_catalogue(str(directory.resolve()))
    return app.extensions[CATALOGUE_KEY]


@functools.cache
def cached_catalogue(directory: str) -> Catalogue:
    """One catalogue per rules folder and process, shared by every app (tests make many)."""
    from coach.resources import load_catalogue

    return load_catalogue(Path(directory))


def preload(app: Flask) -> None:
    """Load everything heavy now rather than on the first request: the engine, the catalogue
    and the issue-type classifier compiled for the engine's pipeline. `coach serve` calls this
    before forking its workers."""
    engine = get_engine(app)
    catalogue = get_catalogue(app)
    if catalogue is not None:
        from coach.resources import classifier_for

        classifier_for(catalogue.issue_types, engine.nlp)


def rules_dir(app: Flask) -> Path:
    return Path(app.config.get("RULES_DIR") or DEFAULT_RULES_DIR)


# -- the database ------------------------------------------------------------------------


def init_database(app: Flask, engine: SQLEngine | None = None) -> None:
    """Register the database slot; pass `engine` to use one already made (tests do)."""
    if not app.config.get("DATABASE_URL"):
        app.config["DATABASE_URL"] = default_url(app)
    app.extensions[DATABASE_KEY] = engine
    app.teardown_appcontext(close_db)


def default_url(app: Flask) -> str:
    return f"sqlite:///{Path(app.instance_path) / 'coach.sqlite3'}"


def get_db_engine(app: Flask | None = None) -> SQLEngine:
    """The app's database engine, made on first call (thread-safe), with this process's hold
    on the database taken first."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    engine = app.extensions.get(DATABASE_KEY)
    if engine is None:
        with _engine_lock:
            engine = app.extensions.get(DATABASE_KEY)
            if engine is None:
                hold_database(app)
                engine = app.extensions[DATABASE_KEY] = make_engine(app.config["DATABASE_URL"])
    return engine


def hold_database(app: Flask) -> bool:
    """Hold the app's database shared for the rest of this process (once per process; waits
    for a restore that is running). `coach serve` calls it in every worker as it starts."""
    return holders.hold(app.config["DATABASE_URL"])


def close_database(app: Flask) -> None:
    """Dispose of the app's engine and let go of the database, so this process may restore it."""
    engine = app.extensions.get(DATABASE_KEY)
    app.extensions[DATABASE_KEY] = None
    if engine is not None:
        engine.dispose()
    holders.release(app.config["DATABASE_URL"])


def get_db() -> Session:
    """The request's unit of work; services commit it, teardown closes it."""
    if "db" not in g:
        engine = get_db_engine()
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


# -- mail ----------------------------------------------------------------------------------


def init_mail(app: Flask) -> None:
    """Make the app's Mailer from MAIL_URL and MAIL_FROM (MailConfigError if they cannot work)."""
    app.extensions[MAIL_KEY] = mail.make_mailer(
        str(app.config.get("MAIL_URL") or ""),
        str(app.config.get("MAIL_FROM") or ""),
        app.instance_path,
    )


def get_mailer(app: Flask | None = None) -> mail.Mailer:
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    return app.extensions[MAIL_KEY]
