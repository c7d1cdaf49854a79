"""What one request may make the analyser do (issue 11, item 3), through every door.

Visitors (the batch page without logging in, and the JSON API, which reads no session) have
the ANONYMOUS_BATCH_* limits; people logged in the MAX_BATCH_* ones. A goal over the token
limit, a batch over its limits and a text to classify over its token limit answer 413 on the
API, with the JSON error shape; the pages show the message where the result would go.
"""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

from coach.analysis import MAX_GOAL_TOKENS
from coach.resources.text import MAX_TEXT_TOKENS

GOAL = "Close 5 deals by May"
DENSE = " ".join(["1m"] * 150)  # 449 characters, 300 tokens: over the goal's token limit


def post_json(client, url: str, payload) -> object:
    return client.post(url, data=json.dumps(payload), content_type="application/json")


def parse(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def assert_413(response, *words: str) -> None:
    assert response.status_code == 413
    assert response.json["error"] == "Request Entity Too Large"
    for word in words:
        assert word in response.json["message"]


# -- the JSON API ---------------------------------------------------------------------------


def test_a_goal_over_the_token_limit_is_413(client):
    response = post_json(client, "/api/analyze", {"text": DENSE})
    assert_413(response, "300 words and symbols", f"the limit is {MAX_GOAL_TOKENS}")


def test_a_batch_over_the_visitors_goal_limit_is_413(client, app):
    limit = app.config["ANONYMOUS_BATCH_GOALS"]
    response = post_json(client, "/api/analyze/batch", {"goals": [GOAL] * (limit + 1)})
    assert_413(response, f"That is {limit + 1} goals", f"up to {limit}")


def test_a_batch_of_51_goals_is_413(client):
    assert_413(post_json(client, "/api/analyze/batch", {"goals": [GOAL] * 51}), "51 goals")


def test_a_batch_over_the_visitors_character_limit_is_413(client, app):
    limit = app.config["ANONYMOUS_BATCH_CHARS"]
    goals = ["x" * (limit // 2)] * 2 + ["x"]
    response = post_json(client, "/api/analyze/batch", {"goals": goals})
    assert_413(response, f"{limit + 1:,} characters", f"up to {limit:,}")


def test_a_20001_character_batch_is_413_whatever_the_goal_count(client):
    goals = ["x" * 2001] + ["x" * 2000] * 9  # ten goals, each refused on its own anyway
    assert_413(post_json(client, "/api/analyze/batch", {"goals": goals}), "20,001 characters")


def test_a_batch_over_the_visitors_token_budget_is_413(client, app):
    budget = app.config["ANONYMOUS_BATCH_TOKENS"]
    goal = " ".join(["1m"] * 70)  # 140 tokens, within a goal's limit
    goals = [goal] * (budget // 140 + 1)
    assert sum(map(len, goals)) <= app.config["ANONYMOUS_BATCH_CHARS"]
    response = post_json(client, "/api/analyze/batch", {"goals": goals})
    assert_413(response, "words and symbols in all", f"the limit is {budget:,}")


def test_a_batch_within_the_visitors_limits_is_analysed(client, app):
    goals = [GOAL] * app.config["ANONYMOUS_BATCH_GOALS"]
    response = post_json(client, "/api/analyze/batch", {"goals": goals})
    assert response.status_code == 200 and len(response.json["results"]) == len(goals)


def test_a_goal_over_the_token_limit_in_a_batch_is_refused_in_its_place(client):
    response = post_json(client, "/api/analyze/batch", {"goals": [GOAL, DENSE]})
    assert response.status_code == 200
    assert "words and symbols" in response.json["results"][1]["error"]


def test_text_to_classify_over_the_token_limit_is_413(client):
    text = "a " * (MAX_TEXT_TOKENS + 1)
    response = post_json(client, "/api/classify", {"text": text})
    assert_413(response, f"{MAX_TEXT_TOKENS + 1:,} words and symbols", f"{MAX_TEXT_TOKENS:,}")


def test_text_to_suggest_for_over_the_token_limit_is_413(client):
    response = client.get("/api/resources", query_string={"text": "1m " * MAX_TEXT_TOKENS})
    assert_413(response, "words and symbols")


def test_text_within_the_token_limit_is_classified(client):
    text = "Meet every deadline and reply on time. " * 30  # 1,170 characters, 240 tokens
    assert post_json(client, "/api/classify", {"text": text}).status_code == 200


# -- the pages ------------------------------------------------------------------------------


def test_the_batch_page_tells_visitors_their_limits_and_what_logging_in_allows(browser, app):
    hint = parse(browser.get("/analyze/batch")).select_one("#goals-hint")
    text = " ".join(hint.get_text().split())
    config = app.config
    assert f"Up to {config['ANONYMOUS_BATCH_GOALS']} goals and" in text
    assert f"{config['ANONYMOUS_BATCH_CHARS']:,} characters at a time" in text
    assert f"Log in to check up to {config['MAX_BATCH_GOALS']} goals" in text
    assert hint.select_one("a")["href"].startswith("/login?next=")
    textarea = parse(browser.get("/analyze/batch")).select_one("textarea#goals")
    assert textarea["maxlength"] == str(config["ANONYMOUS_BATCH_CHARS"])


def test_a_visitors_block_over_the_goal_limit_names_both_limits(browser, app):
    limit = app.config["ANONYMOUS_BATCH_GOALS"]
    block = "\n".join(f"Close {n} tickets by Friday." for n in range(limit + 1))
    response = browser.post("/analyze/batch", {"goals": block}, htmx=True)
    assert response.status_code == 422
    notice = " ".join(parse(response).select_one(".notice").get_text().split())
    assert f"That is {limit + 1} goals; check up to {limit} at a time." in notice
    assert f"Log in to check up to {app.config['MAX_BATCH_GOALS']} goals" in notice


def test_a_visitors_block_over_the_token_budget_is_refused_with_the_message(browser, app):
    block = "\n".join([" ".join(["1m"] * 70)] * 2)  # 280 tokens, 419 characters
    response = browser.post("/analyze/batch", {"goals": block})
    assert response.status_code == 422
    assert "words and symbols in all" in parse(response).select_one(".notice").get_text()


def test_a_visitors_block_over_the_character_limit_is_refused_before_it_is_split(
    browser, app, engine, monkeypatch
):
    limit = app.config["ANONYMOUS_BATCH_CHARS"]
    monkeypatch.setattr(engine, "split_goals", lambda block: pytest.fail("split"))
    response = browser.post("/analyze/batch", {"goals": "Close deals. " * (limit // 13 + 1)})
    assert response.status_code == 422
    assert f"up to {limit:,}" in parse(response).select_one(".notice").get_text()


def test_a_goal_over_the_token_limit_on_the_page_gets_the_message(browser):
    response = browser.post("/analyze", {"goal": DENSE}, htmx=True)
    assert response.status_code == 422
    assert "300 words and symbols long" in response.get_data(as_text=True)


def test_someone_logged_in_has_the_full_batch(auth, db_app):
    maria = auth.login("maria")
    page = parse(maria.get("/analyze/batch"))
    hint = " ".join(page.select_one("#goals-hint").get_text().split())
    assert f"Up to {db_app.config['MAX_BATCH_GOALS']} goals" in hint and "Log in" not in hint
    limit = db_app.config["ANONYMOUS_BATCH_GOALS"]
    block = "\n".join(f"Close {n} tickets by Friday." for n in range(limit + 1))
    response = maria.post("/analyze/batch", {"goals": block}, htmx=True)
    assert response.status_code == 200
    assert len(parse(response).select("table.results tbody tr")) == limit + 1
