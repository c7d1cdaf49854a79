"""The analyser issue's bad inputs, through every door of the web app: never a 500."""

from __future__ import annotations

import json

import pytest

BAD_INPUTS = {
    "empty": "",
    "whitespace": " \t\n  \n",
    "over-long": "Close tickets. " * 100,
    "control characters": "Close 10 tickets\x00\x1b[31m by Friday",
    "emoji": "Close 10 tickets 🎯🚀 by Friday 👍",
    "mixed scripts": "Закрыть 10 заявок by Friday, 每周 完成 5 个 review, مراجعة",
    "10,000 commas": "," * 10_000,
    "html": "<b>Close</b> <i>10</i> tickets &amp; <br> by Friday",
    "lone surrogate-like escapes": "Close \\ud800 tickets",
    "right-to-left override": "Close 10 \u202etickets by Friday",
    "only punctuation": "?!.;:-",
    "one very long word": "a" * 999,
}


@pytest.fixture(params=list(BAD_INPUTS), ids=list(BAD_INPUTS))
def bad_input(request) -> str:
    return BAD_INPUTS[request.param]


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "fragment"])
def test_checker_page_never_fails(browser, bad_input, htmx):
    response = browser.post("/analyze", {"goal": bad_input}, htmx=htmx)
    assert response.status_code in (200, 413, 422)
    assert "went wrong on our side" not in response.get_data(as_text=True)


def test_batch_page_never_fails(browser, bad_input):
    response = browser.post("/analyze/batch", {"goals": bad_input})
    assert response.status_code in (200, 413, 422)


def test_api_never_fails(client, bad_input):
    for url, payload in (("/api/analyze", {"text": bad_input}),
                         ("/api/analyze/batch", {"goals": [bad_input]})):  # fmt: skip
        response = client.post(url, data=json.dumps(payload), content_type="application/json")
        assert response.status_code in (200, 400, 413, 422)
        assert "message" in response.json or response.status_code == 200


def test_resource_api_never_fails(client, bad_input):
    classified = client.post(
        "/api/classify", data=json.dumps({"text": bad_input}), content_type="application/json"
    )
    searched = client.get("/api/resources", query_string={"q": bad_input})
    suggested = client.get("/api/resources", query_string={"text": bad_input})
    for response in (classified, searched, suggested):
        assert response.status_code in (200, 400, 413, 422)
        assert "message" in response.json or response.status_code == 200


def test_a_100_kb_goal_is_refused_quickly(browser):
    response = browser.post("/analyze", {"goal": "a" * 100_000})
    assert response.status_code == 413
    assert "more text than we can check" in response.get_data(as_text=True)
