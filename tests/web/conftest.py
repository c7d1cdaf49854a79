"""Fixtures for the Flask test-client tests: one engine per session, a fresh app per test.

Loading spaCy, the rules and the issue types takes seconds, so the session loads them once and
every app shares them (builders.make_app). CSRF protection stays on, as in production: a
`Browser` posts forms the way a browser does, with the token the page hands out. Two ways in,
as in flaskr: `browser` on the app without a database (the analyser pages), and `auth` on the
app with the test's database: `auth.login("maria")` gives a browser logged in as maria,
`auth.visitor` one that has not logged in.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from builders import WEB_CAST, Browser, World, build_world, create_schema, make_app
from flask import Flask
from flask.testing import FlaskClient
from pg_schema import pg_schema_url
from sqlalchemy.engine import Engine as DatabaseEngine
from sqlmodel import SQLModel

from coach.analysis import Context, Engine
from coach.db.engine import make_engine, session_scope


@pytest.fixture
def app(engine: Engine) -> Flask:
    return make_app(engine)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def browser(app: Flask) -> Browser:
    """A browser on the app without a database."""
    return Browser(app)


# -- database-backed apps: log-in, plans, dashboards, admin, the route matrix -----------------
# A fresh database per test: SQLite in memory, and PostgreSQL too when COACH_TEST_DATABASE_URL
# is set (one schema per test process, its tables truncated before every test).


PG_URL = os.environ.get("COACH_TEST_DATABASE_URL", "")
DATABASE_BACKENDS = ["sqlite", "postgresql"] if PG_URL else ["sqlite"]


@pytest.fixture(scope="session")
def web_pg_url() -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a schema private to this test process."""
    url, drop = pg_schema_url(PG_URL, f"web_test_{os.getpid()}")
    engine = make_engine(url)
    SQLModel.metadata.create_all(engine)
    engine.dispose()
    yield url
    drop()


@pytest.fixture(params=DATABASE_BACKENDS)
def db_engine(request: pytest.FixtureRequest) -> Iterator[DatabaseEngine]:
    """An empty database with every table, for one test."""
    if request.param == "sqlite":
        engine = make_engine("sqlite://")
        create_schema(engine)
    else:
        engine = make_engine(request.getfixturevalue("web_pg_url"))
        tables = ", ".join(f'"{table.name}"' for table in SQLModel.metadata.sorted_tables)
        with engine.begin() as connection:
            connection.exec_driver_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def analysed() -> dict[tuple[str, str], dict[str, Any]]:
    """The engine's analyses by (text, context), kept for the session: the builders analyse
    the same few goals and actions in every test, and the engine is deterministic."""
    return {}


@pytest.fixture
def analyze(engine: Engine, analysed) -> Callable[[str, dict[str, Any]], dict[str, Any]]:
    """The real analyser as the services' `analyze` callable (each caller gets its own copy)."""

    def run(text: str, context: dict[str, Any]) -> dict[str, Any]:
        key = (text, repr(sorted(context.items())))
        if key not in analysed:
            analysed[key] = engine.analyze(text, Context.from_mapping(context)).to_dict()
        return copy.deepcopy(analysed[key])

    return run


@pytest.fixture
def unit(db_engine: DatabaseEngine) -> Callable[[], Any]:
    """`with unit() as session:` a unit of work of its own on the test's database."""
    return lambda: session_scope(db_engine)


@pytest.fixture
def world(unit) -> World:
    """maria and mo (managers), eli, erin, zoe (employees), cole, cara (coaches), hana (HR),
    adam (admin); everyone's password is PASSWORD."""
    with unit() as session:
        return build_world(session, WEB_CAST)


@pytest.fixture
def db_app(engine: Engine, db_engine: DatabaseEngine) -> Flask:
    """The app on the test's database, CSRF protection on as in production."""
    return make_app(engine, db_engine)


class Auth:
    """flaskr's `auth`: browsers on the test's app, logged in as the world's people or not."""

    def __init__(self, app: Flask, world: Callable[[], World]) -> None:
        self.app = app
        self._world = world
        self._visitor: Browser | None = None

    @property
    def visitor(self) -> Browser:
        """The test's browser of someone who has not logged in (the same one each time)."""
        if self._visitor is None:
            self._visitor = Browser(self.app)
        return self._visitor

    def login(self, name: str) -> Browser:
        """A new browser logged in as the world's `name`."""
        browser = Browser(self.app)
        response = browser.login(self._world()[name].email)
        assert response.status_code == 302, f"{name} could not log in"
        return browser


@pytest.fixture
def auth(db_app: Flask, request: pytest.FixtureRequest) -> Auth:
    return Auth(db_app, lambda: request.getfixturevalue("world"))


@pytest.fixture
def visitor(auth: Auth) -> Browser:
    """Someone who has not logged in: `auth.visitor`."""
    return auth.visitor
