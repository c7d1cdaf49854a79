"""Fixtures for the Flask test-client tests: one engine per session, a fresh app per test.

Loading spaCy and the rules takes seconds, so the session loads the engine once and every app
gets that same engine. CSRF protection stays on, as in production: `browser` posts forms the
way a browser does, with the token the page hands out.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pg_schema import pg_schema_url
from sqlalchemy.engine import Engine as DatabaseEngine
from sqlmodel import SQLModel
from web_builders import (
    CSRF_META,
    TEST_CONFIG,
    Visitor,
    World,
    build_world,
    make_db_app,
)
from werkzeug.test import TestResponse

from coach import create_app
from coach.analysis import Context, Engine
from coach.db.engine import make_engine, session_scope
from coach.web import extensions


@pytest.fixture(scope="session")
def engine() -> Engine:
    """The analysis engine, loaded once for the whole test session."""
    return extensions.get_engine(create_app(TEST_CONFIG))


@pytest.fixture
def app(engine: Engine) -> Flask:
    app = create_app(TEST_CONFIG)
    extensions.init_analysis(app, engine)
    return app


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


class Browser:
    """Fetches pages and posts forms like a browser: cookies kept, CSRF token included."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client
        self._token: str | None = None

    @property
    def token(self) -> str:
        if self._token is None:
            page = self.client.get("/analyze").get_data(as_text=True)
            match = CSRF_META.search(page)
            assert match, "the page carries no csrf-token meta tag"
            self._token = match.group(1)
        return self._token

    def get(self, url: str, **kwargs) -> TestResponse:
        return self.client.get(url, **kwargs)

    def post(self, url: str, data: dict[str, str], htmx: bool = False) -> TestResponse:
        """Submit a form; `htmx=True` sends it as htmx does: its header and our CSRF header."""
        headers = {}
        if htmx:
            headers = {"HX-Request": "true", "X-CSRFToken": self.token}
        return self.client.post(url, data={"csrf_token": self.token, **data}, headers=headers)


@pytest.fixture
def browser(client: FlaskClient) -> Browser:
    return Browser(client)


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
        SQLModel.metadata.create_all(engine)
    else:
        engine = make_engine(request.getfixturevalue("web_pg_url"))
        tables = ", ".join(f'"{table.name}"' for table in SQLModel.metadata.sorted_tables)
        with engine.begin() as connection:
            connection.exec_driver_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
    yield engine
    engine.dispose()


@pytest.fixture
def analyze(engine: Engine) -> Callable[[str, dict[str, Any]], dict[str, Any]]:
    """The real analyser as the services' `analyze` callable."""
    return lambda text, context: engine.analyze(text, Context.from_mapping(context)).to_dict()


@pytest.fixture
def unit(db_engine: DatabaseEngine) -> Callable[[], Any]:
    """`with unit() as session:` a unit of work of its own on the test's database."""
    return lambda: session_scope(db_engine)


@pytest.fixture
def world(unit) -> World:
    """maria and mo (managers), eli, erin, zoe (employees), cole, cara (coaches), hana (HR),
    adam (admin); everyone's password is PASSWORD."""
    with unit() as session:
        return build_world(session)


@pytest.fixture
def db_app(engine: Engine, db_engine: DatabaseEngine) -> Flask:
    """The app on the test's database, CSRF protection on as in production."""
    return make_db_app(engine, db_engine)


@pytest.fixture
def visitor(db_app: Flask) -> Visitor:
    """Someone who has not logged in."""
    return Visitor(db_app)


@pytest.fixture
def login_as(db_app: Flask, world: World) -> Callable[[str], Visitor]:
    """`login_as("maria")`: a browser logged in as one of the world's people."""

    def log_in(name: str) -> Visitor:
        browser = Visitor(db_app)
        response = browser.log_in(world[name].email)
        assert response.status_code == 302, f"{name} could not log in"
        return browser

    return log_in
