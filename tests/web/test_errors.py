"""Error pages: friendly HTML for people, JSON under /api, a fragment for htmx."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from coach import create_app
from coach.web import extensions
from coach.web.auth.routes import public


@pytest.fixture
def failing_client(engine):
    """An app with one extra route that fails, to see the 500 handling."""
    app = create_app({"TESTING": False, "SECRET_KEY": "test", "PROPAGATE_EXCEPTIONS": False})
    extensions.init_analysis(app, engine)

    @app.get("/boom")
    @public  # deny by default: a route needs a log-in unless marked public
    def boom():
        raise RuntimeError("a bug")

    @app.get("/api/boom")
    @public
    def api_boom():
        raise RuntimeError("a bug")

    return app.test_client()


def test_404_is_a_friendly_page_with_a_way_back(client):
    response = client.get("/no/such/page")
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert response.status_code == 404
    assert soup.h1.get_text() == "We could not find that page"
    assert soup.select_one("main a[href='/analyze']")


def test_405_on_a_page_is_explained(client):
    response = client.put("/analyze")
    assert response.status_code == 405
    assert "not available here" in response.get_data(as_text=True)


def test_413_page_suggests_splitting_the_text(browser):
    response = browser.post("/analyze/batch", {"goals": "x" * 70_000})
    assert response.status_code == 413
    assert "split it into separate goals" in response.get_data(as_text=True)


def test_unexpected_error_is_a_calm_500_page(failing_client):
    response = failing_client.get("/boom")
    text = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong on our side" in text and "RuntimeError" not in text


def test_unexpected_api_error_is_json_without_details(failing_client):
    response = failing_client.get("/api/boom")
    assert response.status_code == 500
    assert response.json["error"] == "Internal Server Error"
    assert "bug" not in response.json["message"]


def test_htmx_errors_come_back_as_a_short_message(client):
    response = client.post("/analyze", data={"goal": "x"}, headers={"HX-Request": "true"})
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert response.status_code == 400
    assert soup.select_one("html") is None
    assert (
        soup.select_one("[role=alert]")
        .get_text(" ", strip=True)
        .startswith("This page has expired")
    )
