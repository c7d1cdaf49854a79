"""`/healthz`: 200 when the database answers and the analyser is loaded, else 503; nothing more."""

from __future__ import annotations

from builders import TEST_CONFIG

from coach import create_app
from coach.web import extensions


def health(app):
    response = app.test_client().get("/healthz")
    return response.status_code, response.get_json()


def test_healthy_when_the_database_answers_and_the_analyser_is_loaded(engine):
    app = create_app({**TEST_CONFIG, "DATABASE_URL": "sqlite://"})
    extensions.init_analysis(app, engine)
    assert health(app) == (200, {"status": "ok", "database": "ok", "analyser": "loaded"})


def test_unavailable_until_the_analyser_is_loaded():
    app = create_app({**TEST_CONFIG, "DATABASE_URL": "sqlite://"})
    status, body = health(app)
    assert status == 503 and body["analyser"] == "not loaded" and body["status"] == "unavailable"
    assert app.extensions[extensions.ANALYSIS_KEY] is None  # asking did not load it


def test_unavailable_when_the_database_does_not_answer(engine):
    unreachable = "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=1"
    app = create_app({**TEST_CONFIG, "DATABASE_URL": unreachable})
    extensions.init_analysis(app, engine)
    status, body = health(app)
    assert (status, body["database"]) == (503, "unreachable")
    assert set(body) == {"status", "database", "analyser"}  # no error text, paths or versions
