"""The CPU budget per client on public endpoints: a client is charged what its requests cost
the server, so one sending only the costliest accepted inputs is refused long before one
sending ordinary goals, and the people beside it keep their own budget."""

from __future__ import annotations

import gc
import uuid

import pytest
import redis
from builders import TEST_CONFIG

from coach import create_app
from coach.web import extensions

REDIS_URL = "redis://127.0.0.1:6379/15"
ORDINARY_GOAL = "Close 10 tickets by Friday"
# The costliest single goal the caps accept: about 140 words and symbols.
COSTLY_GOAL = " ".join(["Resolve 12 escalated tickets for the Berlin team by 30 June,"] * 11)


@pytest.fixture(autouse=True)
def no_garbage_collection_while_counting():
    """A full collection of what earlier tests left (parsed docs, apps) can cost tens of
    milliseconds inside one request and be charged to it: these tests compare costs."""
    gc.collect()
    gc.disable()
    yield
    gc.enable()


def budgeted_app(engine, budget="300 per minute", **config):
    settings = {**TEST_CONFIG, "RATE_LIMIT": "", "RATE_LIMIT_CPU": budget}
    app = create_app({**settings, "DATABASE_URL": "sqlite://", **config})
    extensions.init_analysis(app, engine)
    return app


def analyse(client, text, address="192.0.2.1"):
    return client.post("/api/analyze", json={"text": text}, environ_base={"REMOTE_ADDR": address})


def requests_until_refused(client, text, address="192.0.2.1", most=400):
    for sent in range(most):
        answer = analyse(client, text, address)
        if answer.status_code == 429:
            return sent
        assert answer.status_code == 200, answer.get_data(as_text=True)
    return most


def test_costly_requests_spend_the_budget_faster_than_ordinary_ones(engine):
    client = budgeted_app(engine).test_client()
    costly = requests_until_refused(client, COSTLY_GOAL, "192.0.2.1")
    ordinary = requests_until_refused(client, ORDINARY_GOAL, "192.0.2.2")
    assert costly >= 1
    assert ordinary >= 3 * costly, (ordinary, costly)


def test_a_spent_client_gets_429_with_retry_after_and_others_are_served(engine):
    client = budgeted_app(engine, budget="40 per minute").test_client()
    requests_until_refused(client, COSTLY_GOAL)
    refused = analyse(client, ORDINARY_GOAL)
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    body = refused.get_json()
    assert body["error"] == "Too Many Requests"
    assert "wait" in body["message"] and "seconds" in body["message"]
    assert analyse(client, ORDINARY_GOAL, "198.51.100.7").status_code == 200


def test_public_pages_refused_by_the_budget_are_pages_with_retry_after(engine):
    client = budgeted_app(engine, budget="1 per minute").test_client()
    assert client.get("/analyze").status_code == 200
    refused = client.get("/analyze")
    assert refused.status_code == 429
    assert refused.mimetype == "text/html" and "Retry-After" in refused.headers
    assert "wait" in refused.get_data(as_text=True)


def test_endpoints_that_need_no_budget_are_not_charged(engine):
    client = budgeted_app(engine, budget="1 per minute").test_client()
    for _ in range(3):
        assert client.get("/healthz").status_code == 200
    assert client.get("/analyze").status_code == 200


def test_an_empty_setting_turns_the_budget_off(engine):
    client = budgeted_app(engine, budget="").test_client()
    assert requests_until_refused(client, COSTLY_GOAL, most=15) == 15


def test_workers_share_the_budget_through_redis(engine):
    redis.Redis.from_url(REDIS_URL).flushdb()
    config = {"REDIS_URL": REDIS_URL, "RATE_LIMIT_CPU": "40 per minute"}
    first = budgeted_app(engine, **config).test_client()
    second = budgeted_app(engine, **config).test_client()
    address = f"192.0.2.{uuid.uuid4().int % 200 + 1}"
    requests_until_refused(first, COSTLY_GOAL, address)
    assert analyse(second, ORDINARY_GOAL, address).status_code == 429


def test_loading_the_language_model_is_not_the_first_visitors_cost():
    # No engine passed in: the first request loads spaCy and the rules (seconds of CPU).
    app = create_app({**TEST_CONFIG, "RATE_LIMIT": "", "RATE_LIMIT_CPU": "500 per minute"})
    client = app.test_client()
    assert [client.get(url).status_code for url in ("/", "/analyze", "/analyze")] == [200] * 3
    assert analyse(client, ORDINARY_GOAL, "127.0.0.1").status_code == 200
