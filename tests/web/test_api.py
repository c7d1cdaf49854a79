"""The JSON API: the analysis JSON on success, a JSON error with a message otherwise."""

from __future__ import annotations

import json

import pytest

SMART = "Respond to 95% of customer emails within 24 hours by 30 June 2026"
VAGUE = "Improve communication with the team and be more proactive"


def post_json(client, url: str, payload) -> object:
    return client.post(url, data=json.dumps(payload), content_type="application/json")


def test_analyze_returns_the_engines_json(client, engine):
    response = post_json(client, "/api/analyze", {"text": SMART})
    assert response.status_code == 200
    assert response.json == engine.analyze(SMART).to_dict()
    assert set(response.json["criteria"]) == {
        "specific",
        "measurable",
        "achievable",
        "relevant",
        "time_bound",
    }


def test_analyze_uses_the_context(client, engine):
    from coach.analysis import Context

    context = {"start": "2026-01-05", "end": "2026-03-31"}
    response = post_json(client, "/api/analyze", {"text": SMART, "context": context})
    assert response.json == engine.analyze(SMART, Context.from_mapping(context)).to_dict()


def test_batch_keeps_the_order_and_reports_bad_goals_in_place(client):
    goals = [VAGUE, "\x00", SMART]
    response = post_json(client, "/api/analyze/batch", {"goals": goals})
    assert response.status_code == 200
    results = response.json["results"]
    assert [result.get("text") for result in results] == [VAGUE, None, SMART]
    assert "control character" in results[1]["error"]


def test_batch_of_nothing_is_an_empty_list(client):
    assert post_json(client, "/api/analyze/batch", {"goals": []}).json == {"results": []}


def test_api_needs_no_csrf_token_but_only_takes_json(client):
    response = client.post("/api/analyze", data={"text": SMART})
    assert response.status_code == 415
    assert response.json["message"].startswith("Send the request body as JSON")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("{not json", "JSON object"),
        ("[1, 2]", "JSON object"),
        ('"text"', "JSON object"),
        ("{}", '"text"'),
        ('{"text": null}', '"text"'),
        ('{"text": 42}', '"text"'),
        ('{"text": "   "}', '"text"'),
        ('{"text": "x", "txt": "y"}', "Unknown field(s): txt"),
    ],
)
def test_malformed_requests_get_400_with_a_message(client, body, message):
    response = client.post("/api/analyze", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.json["error"] == "Bad Request"
    assert message in response.json["message"]


@pytest.mark.parametrize("goals", [None, "one goal", [1, 2], [SMART, None]])
def test_batch_needs_a_list_of_strings(client, goals):
    response = post_json(client, "/api/analyze/batch", {"goals": goals})
    assert response.status_code == 400
    assert '"goals"' in response.json["message"]


def test_goal_over_the_limit_is_413(client, app):
    limit = app.config["MAX_GOAL_CHARS"]
    response = post_json(client, "/api/analyze", {"text": "a" * (limit + 1)})
    assert response.status_code == 413
    assert f"{limit:,}" in response.json["message"]


def test_body_over_the_limit_is_413_json(client, app):
    body = json.dumps({"text": "a" * app.config["MAX_CONTENT_LENGTH"]})
    response = client.post("/api/analyze", data=body, content_type="application/json")
    assert response.status_code == 413
    assert response.json["error"] == "Request Entity Too Large"


def test_too_many_goals_is_413(client, app):
    goals = [SMART] * (app.config["MAX_BATCH_GOALS"] + 1)
    assert post_json(client, "/api/analyze/batch", {"goals": goals}).status_code == 413


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded"])
def test_wrong_content_type_is_415(client, content_type):
    response = client.post(
        "/api/analyze", data=json.dumps({"text": SMART}), content_type=content_type
    )
    assert response.status_code == 415
    assert response.json["error"] == "Unsupported Media Type"


@pytest.mark.parametrize(
    ("context", "message"),
    [
        ({"start": "2026-06-01", "end": "2026-03-01"}, "before it starts"),
        ({"start": "1 June"}, "YYYY-MM-DD"),
        ({"colour": "blue"}, "Unknown context field"),
        ("soon", "must be an object"),
    ],
)
def test_invalid_context_is_422(client, context, message):
    response = post_json(client, "/api/analyze", {"text": SMART, "context": context})
    assert response.status_code == 422
    assert message in response.json["message"]


def test_goal_with_control_characters_is_422(client):
    response = post_json(client, "/api/analyze", {"text": "Close\x1b tickets"})
    assert response.status_code == 422
    assert "control character" in response.json["message"]


def test_unknown_api_url_and_wrong_method_answer_in_json(client):
    missing = client.get("/api/nothing-here")
    assert missing.status_code == 404 and missing.json["error"] == "Not Found"
    wrong_method = client.get("/api/analyze")
    assert wrong_method.status_code == 405 and "message" in wrong_method.json
