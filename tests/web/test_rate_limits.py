"""Rate limits on what anyone may reach without logging in: per client address, 429 with
Retry-After (JSON under /api/), and counters shared through Redis by every worker."""

from __future__ import annotations

import uuid

import pytest
import redis
from builders import TEST_CONFIG

from coach import create_app
from coach.web import extensions

REDIS_URL = "redis://127.0.0.1:6379/15"


def limited_app(engine, rate="3 per minute", **config):
    app = create_app({**TEST_CONFIG, "RATE_LIMIT": rate, "DATABASE_URL": "sqlite://", **config})
    extensions.init_analysis(app, engine)
    return app


def analyse(client, address="192.0.2.1"):
    return client.post(
        "/api/analyze",
        json={"text": "Close 10 tickets by Friday"},
        environ_base={"REMOTE_ADDR": address},
    )


def test_the_api_answers_429_with_retry_after_in_its_json_shape(engine):
    client = limited_app(engine).test_client()
    assert [analyse(client).status_code for _ in range(3)] == [200, 200, 200]
    refused = analyse(client)
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    body = refused.get_json()
    assert body["error"] == "Too Many Requests" and body["message"]


def test_each_client_address_has_its_own_allowance(engine):
    client = limited_app(engine).test_client()
    for _ in range(3):
        analyse(client, "192.0.2.1")
    assert analyse(client, "192.0.2.1").status_code == 429
    assert analyse(client, "198.51.100.2").status_code == 200


def test_public_pages_are_limited_with_a_page_not_json(engine):
    client = limited_app(engine, rate="2 per minute").test_client()
    assert [client.get("/analyze").status_code for _ in range(2)] == [200, 200]
    refused = client.get("/analyze")
    assert refused.status_code == 429 and "Retry-After" in refused.headers
    assert refused.mimetype == "text/html"


@pytest.mark.parametrize("url", ["/account/reset", "/account/reset/some-link"])
def test_the_password_reset_pages_are_limited_per_address(engine, url):
    client = limited_app(engine, rate="2 per minute").test_client()
    assert [client.get(url).status_code for _ in range(2)] in ([200, 200], [410, 410])
    assert client.get(url).status_code == 429


def test_the_health_check_is_not_limited(engine):
    client = limited_app(engine, rate="1 per minute").test_client()
    assert {client.get("/healthz").status_code for _ in range(5)} == {200}


def test_an_empty_rate_limit_turns_limiting_off(engine):
    client = limited_app(engine, rate="").test_client()
    assert {analyse(client).status_code for _ in range(10)} == {200}


@pytest.fixture
def shared_redis():
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.RedisError:
        pytest.skip("no Redis at 127.0.0.1:6379 (CI has one)")
    return REDIS_URL


def test_workers_share_the_counters_through_redis(engine, shared_redis):
    prefix = f"test-{uuid.uuid4().hex}"  # counters of this test only
    config = {"REDIS_URL": shared_redis, "RATELIMIT_KEY_PREFIX": prefix}
    first = limited_app(engine, **config).test_client()
    second = limited_app(engine, **config).test_client()
    statuses = [analyse(client).status_code for client in (first, second, first)]
    assert statuses == [200, 200, 200]
    assert analyse(second).status_code == 429  # the fourth, whichever worker answers it
