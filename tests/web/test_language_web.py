"""Goals in other languages are refused on every web door, with the same message."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

FRENCH = "Répondre à tous les appels des clients en moins de deux minutes"
REFUSAL = "PIP Coach reads English goals only; this looks like French."


def post_json(client, url: str, payload) -> object:
    return client.post(url, data=json.dumps(payload), content_type="application/json")


def test_api_answers_422_with_the_message(client):
    response = post_json(client, "/api/analyze", {"text": FRENCH})
    assert response.status_code == 422
    assert response.json["message"] == REFUSAL


def test_api_batch_reports_the_foreign_goal_in_place(client):
    goals = ["Close 5 deals by May", FRENCH]
    results = post_json(client, "/api/analyze/batch", {"goals": goals}).json["results"]
    assert results[0]["criteria"]["time_bound"] == "met"
    assert results[1] == {"error": REFUSAL}


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "fragment"])
def test_checker_shows_the_message_and_no_verdict(browser, htmx):
    response = browser.post("/analyze", {"goal": FRENCH}, htmx=htmx)
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert response.status_code == 422
    assert REFUSAL in soup.select_one(".notice").get_text()
    assert not soup.select(".checklist li"), "no criterion is judged"
    assert (soup.select_one("html") is None) == htmx


def test_english_goal_with_a_foreign_word_is_judged(browser):
    response = browser.post("/analyze", {"goal": "Run the fiesta night for 40 guests by June"})
    assert response.status_code == 200
    assert "English goals only" not in response.get_data(as_text=True)
