"""Fixtures for the Flask test-client tests: one engine per session, a fresh app per test.

Loading spaCy and the rules takes seconds, so the session loads the engine once and every app
gets that same engine. CSRF protection stays on, as in production: `browser` posts forms the
way a browser does, with the token the page hands out.
"""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from coach import create_app
from coach.analysis import Engine
from coach.web import engine as engine_slot

TEST_CONFIG = {"TESTING": True, "SECRET_KEY": "test secret key, not for production"}
CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)">')


@pytest.fixture(scope="session")
def engine() -> Engine:
    """The analysis engine, loaded once for the whole test session."""
    return engine_slot.get_engine(create_app(TEST_CONFIG))


@pytest.fixture
def app(engine: Engine) -> Flask:
    app = create_app(TEST_CONFIG)
    engine_slot.init_app(app, engine)
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
