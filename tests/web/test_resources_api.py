"""The issue-type and resource API: the commands' JSON on success, a JSON error otherwise.

Also: resource text is data everywhere (JSON as written, HTML escaped), and a resource's link
reaches a page only when it is an http(s) address, opening in a new tab without an opener.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

import click
import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from coach import create_app
from coach.cli.resources import classify_command, resources_group
from coach.resources import Catalogue, Resource
from coach.web import extensions
from coach.web.api.routes import MAX_QUERY_CHARS, MAX_TEXT_CHARS
from coach.web.extensions import CATALOGUE_KEY, get_catalogue
from coach.web.feedback.support import safe_link

DEADLINES = "Meet every project deadline and stop missing due dates"


def post_json(client, url: str, payload) -> object:
    return client.post(url, data=json.dumps(payload), content_type="application/json")


def get_resources(client, **params):
    return client.get("/api/resources?" + urlencode(params, doseq=True))


def cli_json(*args: str) -> object:
    """What the matching `coach` command prints with --format json."""
    group = click.Group("coach")
    group.add_command(classify_command)
    group.add_command(resources_group)
    result = CliRunner().invoke(group, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


# --- POST /api/classify ------------------------------------------------------------------------


def test_classify_answers_like_the_command_line(client):
    response = post_json(client, "/api/classify", {"text": DEADLINES})
    assert response.status_code == 200
    assert response.json == cli_json("classify", DEADLINES, "--format", "json")
    assert list(response.json) == ["text", "types"]
    first = response.json["types"][0]
    assert first["id"] == "time_management" and 0 < first["confidence"] <= 1
    assert "due dates" in first["cues"] or "deadline" in " ".join(first["cues"])


def test_classify_orders_types_by_confidence_and_tolerates_typos(client):
    response = post_json(
        client, "/api/classify", {"text": "Meet every dedline for the sales quota"}
    )
    types = response.json["types"]
    assert {"time_management", "performance_metrics"} <= {t["id"] for t in types}
    assert [t["confidence"] for t in types] == sorted(
        (t["confidence"] for t in types), reverse=True
    )
    assert "dedline" in [cue for t in types for cue in t["cues"]]


def test_text_with_no_issue_type_gets_an_empty_list(client):
    response = post_json(client, "/api/classify", {"text": "The sky is blue"})
    assert response.status_code == 200
    assert response.json == {"text": "The sky is blue", "types": []}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("{not json", "JSON object"),
        ('["text"]', "JSON object"),
        ("{}", '"text"'),
        ('{"text": null}', '"text"'),
        ('{"text": 7}', '"text"'),
        ('{"text": "  \\n "}', '"text"'),
        ('{"text": "Meet deadlines", "goal": "x"}', "Unknown field(s): goal"),
    ],
)
def test_malformed_classify_requests_get_400(client, body, message):
    response = client.post("/api/classify", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.json["error"] == "Bad Request"
    assert message in response.json["message"]


def test_classify_text_over_the_limit_is_413(client):
    response = post_json(client, "/api/classify", {"text": "deadline " * (MAX_TEXT_CHARS // 9 + 1)})
    assert response.status_code == 413
    assert f"{MAX_TEXT_CHARS:,}" in response.json["message"]


def test_classify_body_over_the_limit_is_413(client, app):
    body = json.dumps({"text": "a" * app.config["MAX_CONTENT_LENGTH"]})
    response = client.post("/api/classify", data=body, content_type="application/json")
    assert response.status_code == 413 and response.json["error"] == "Request Entity Too Large"


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded"])
def test_classify_only_takes_json(client, content_type):
    body = json.dumps({"text": DEADLINES})
    response = client.post("/api/classify", data=body, content_type=content_type)
    assert response.status_code == 415
    assert response.json["error"] == "Unsupported Media Type"


@pytest.mark.parametrize(
    "text",
    ["x" * MAX_TEXT_CHARS, "—" * MAX_TEXT_CHARS, "Meet every deadline " + "," * 9_000],
    ids=["letters", "dashes", "commas-after-words"],
)
def test_a_long_run_without_spaces_is_read_cut_short_not_refused(client, text):
    # The run is cut before spaCy sees it (bench_resources.py times it: well under 100 ms).
    response = post_json(client, "/api/classify", {"text": text})
    assert response.status_code == 200
    assert response.json["text"] == text  # answered with what was sent


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        ('{"text": "Meet every deadline \\ud800 now"}', 422, "control character (U+D800)"),
        ('{"text": "Meet every deadline\\u0000"}', 422, "control character (U+0000)"),
        ('{"text": "Respecter tous les délais du projet chaque semaine"}', 422, "French"),
    ],
    ids=["lone-surrogate", "nul", "french"],
)
def test_text_that_cannot_be_read_is_refused_clearly(client, body, status, message):
    response = client.post("/api/classify", data=body, content_type="application/json")
    assert response.status_code == status
    assert message in response.json["message"]


def test_suggestions_refuse_unreadable_text_too(client):
    response = get_resources(client, text="Respecter tous les délais du projet chaque semaine")
    assert response.status_code == 422 and "English only" in response.json["message"]


def test_classify_is_post_only(client):
    response = client.get("/api/classify?text=deadline")
    assert response.status_code == 405 and "message" in response.json


# --- GET /api/resources?q= (search) ------------------------------------------------------------


def test_search_tolerates_typos_and_answers_like_the_command_line(client):
    response = get_resources(client, q="conflct resolution", limit=3)
    assert response.status_code == 200
    assert response.json == cli_json(
        "resources", "search", "conflct resolution", "--limit", "3", "--format", "json"
    )
    results = response.json["results"]
    assert results and len(results) <= 3
    assert results[0]["resource"]["id"] == "conflict-resolution-workshop"
    assert set(results[0]) == {"resource", "score"}
    assert set(results[0]["resource"]) >= {"id", "title", "kind", "kind_label", "link"}


def test_search_without_a_match_is_an_empty_list(client):
    assert get_resources(client, q="zzqx").json == {"results": []}


def test_search_limit_defaults_to_ten(client):
    assert len(get_resources(client, q="time management").json["results"]) == 10


# --- GET /api/resources?text=&issue_type= (suggestions) ----------------------------------------


def test_suggestions_for_a_goal_answer_like_the_command_line(client):
    response = get_resources(client, text=DEADLINES, limit=4)
    assert response.status_code == 200
    assert response.json == cli_json(
        "resources", "suggest", DEADLINES, "--limit", "4", "--format", "json"
    )
    suggestions = response.json["suggestions"]
    assert len(suggestions) == 4
    assert set(suggestions[0]) == {"resource", "score", "reason"}
    assert "time_management" in suggestions[0]["resource"]["issue_types"]
    assert suggestions[0]["reason"].startswith("matches issue type time management")
    scores = [s["score"] for s in suggestions]
    assert scores[0] == max(scores)


def test_suggestions_for_an_issue_type_alone_all_serve_it(client):
    suggestions = get_resources(client, issue_type="leadership").json["suggestions"]
    assert len(suggestions) == 5
    assert all("leadership" in s["resource"]["issue_types"] for s in suggestions)


def test_issue_types_may_be_repeated_or_comma_separated(client):
    repeated = get_resources(client, issue_type=["leadership", "communication"], limit=8)
    joined = get_resources(client, issue_type="leadership,communication", limit=8)
    assert repeated.json == joined.json
    served = {t for s in joined.json["suggestions"] for t in s["resource"]["issue_types"]}
    assert {"leadership", "communication"} <= served


def test_exclude_leaves_out_what_is_already_planned(client):
    first = get_resources(client, text=DEADLINES, limit=3).json["suggestions"]
    planned = [s["resource"]["id"] for s in first[:2]]
    for exclude in (planned, ",".join(planned)):
        again = get_resources(client, text=DEADLINES, exclude=exclude, limit=3).json
        assert not {s["resource"]["id"] for s in again["suggestions"]} & set(planned)


def test_unknown_ids_in_exclude_are_ignored(client):
    plain = get_resources(client, text=DEADLINES).json
    assert get_resources(client, text=DEADLINES, exclude="no-such-resource").json == plain


def test_days_left_keeps_only_what_fits(client):
    suggestions = get_resources(client, text=DEADLINES, days_left=3).json["suggestions"]
    assert suggestions
    assert all(s["resource"]["duration_days"] <= 3 for s in suggestions)
    assert get_resources(client, text=DEADLINES, days_left=0).json == {"suggestions": []}


def test_blank_optional_parameters_count_as_absent(client):
    plain = get_resources(client, text=DEADLINES).json
    assert get_resources(client, text=DEADLINES, days_left="", limit="", exclude="").json == plain


# --- GET /api/resources errors -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "Give q to search"),
        ({"text": "   "}, "Give q to search"),
        ({"issue_type": " , "}, "Give q to search"),
        ({"q": ""}, "Give the words to search for"),
        ({"q": "   "}, "Give the words to search for"),
        ({"q": "conflict", "text": DEADLINES}, "not both"),
        ({"q": "conflict", "issue_type": "leadership"}, "not both"),
        ({"q": ["conflict", "stress"]}, "Give q once"),
        ({"text": [DEADLINES, "more"]}, "Give text once"),
        ({"query": "conflict"}, "Unknown parameter(s): query"),
        ({"q": "conflict", "limit": "ten"}, "limit must be a whole number"),
        ({"q": "conflict", "limit": "2.5"}, "limit must be a whole number"),
        ({"text": DEADLINES, "days_left": "a month"}, "days_left must be a whole number"),
    ],
)
def test_missing_or_malformed_parameters_get_400(client, params, message):
    response = get_resources(client, **params)
    assert response.status_code == 400
    assert response.json["error"] == "Bad Request"
    assert message in response.json["message"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"issue_type": "no_such_type"}, "Unknown issue type 'no_such_type'"),
        ({"text": DEADLINES, "issue_type": "leadership,nope"}, "Unknown issue type 'nope'"),
        ({"text": DEADLINES, "days_left": "-1"}, "days_left must be between 0 and 3,650"),
        ({"text": DEADLINES, "days_left": "9" * 30}, "days_left must be between 0 and 3,650"),
        ({"q": "conflict", "limit": "0"}, "limit must be between 1 and 50"),
        ({"q": "conflict", "limit": "51"}, "limit must be between 1 and 50"),
        ({"text": DEADLINES, "limit": "-5"}, "limit must be between 1 and 50"),
    ],
)
def test_invalid_values_get_422(client, params, message):
    response = get_resources(client, **params)
    assert response.status_code == 422
    assert response.json["error"] == "Unprocessable Entity"
    assert message in response.json["message"]


def test_unknown_issue_type_error_lists_the_known_ones(client):
    message = get_resources(client, issue_type="sales").json["message"]
    assert "time_management" in message and "leadership" in message


def test_query_over_the_limit_is_413(client):
    response = get_resources(client, q="x" * (MAX_QUERY_CHARS + 1))
    assert response.status_code == 413
    assert str(MAX_QUERY_CHARS) in response.json["message"]


def test_text_over_the_limit_is_413(client):
    response = get_resources(client, text="deadline " * (MAX_TEXT_CHARS // 9 + 1))
    assert response.status_code == 413
    assert f"{MAX_TEXT_CHARS:,}" in response.json["message"]


def test_resources_is_get_only(client):
    response = post_json(client, "/api/resources", {"q": "conflict"})
    assert response.status_code == 405 and "message" in response.json


def test_without_a_catalogue_the_api_says_so(engine, tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "RULES_DIR": str(tmp_path)})
    extensions.init_analysis(app, engine)
    client = app.test_client()
    with app.app_context():
        assert get_catalogue() is None
    for response in (
        get_resources(client, q="conflict"),
        post_json(client, "/api/classify", {"text": DEADLINES}),
    ):
        assert response.status_code == 404
        assert "no issue types or resource catalogue" in response.json["message"]


# --- resource text is data; links are http(s) only ---------------------------------------------

HOSTILE_TITLE = '<script>alert("title")</script>Deadline <b>planning</b> clinic'
HOSTILE_DESCRIPTION = '<img src=x onerror=alert(1)> <div hx-get="/x" hx-trigger="load">plan</div>'
BAD_LINKS = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//evil.example/phish",
    "/analyze",
    "https://",
    "mailto:someone@example.org",
    "http://[::1",
]


def hostile_resource(number: int, link: str) -> Resource:
    return Resource(
        id=f"hostile-{number}",
        title=HOSTILE_TITLE,
        kind="workshop",
        issue_types=("time_management",),
        tags=("deadline", "planning"),
        effort_hours=2,
        duration_days=1,
        description=HOSTILE_DESCRIPTION,
        link=link,
    )


@pytest.fixture
def hostile_app(app, monkeypatch):
    """The app with a catalogue whose entries carry markup and unsafe links (the loader would
    refuse such links; the page must not rely on that)."""
    monkeypatch.setattr("coach.web.feedback.support.SUGGESTIONS_SHOWN", 20)  # show every one
    real = get_catalogue(app)
    links = [*BAD_LINKS, 'https://example.org/course?a=1&b="2"<x>']
    resources = [hostile_resource(number, link) for number, link in enumerate(links)]
    app.extensions[CATALOGUE_KEY] = Catalogue(resources, real.issue_types)
    return app


def test_api_returns_resource_text_as_written_in_json(hostile_app):
    response = get_resources(hostile_app.test_client(), text=DEADLINES, limit=20)
    assert response.mimetype == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    resources = [s["resource"] for s in response.json["suggestions"]]
    assert resources and all(r["title"] == HOSTILE_TITLE for r in resources)


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "fragment"])
def test_resource_markup_is_shown_as_text_on_the_page(hostile_app, browser, htmx):
    response = browser.post("/analyze", {"goal": DEADLINES}, htmx=htmx)
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    support = soup.select_one(".support")
    items = support.select(".support-item")
    assert items, "the hostile resources are suggested"
    assert not support.select("script, img, b, div, [onerror], [hx-get], [hx-trigger]")
    for item in items:
        assert (
            item.select_one(".support-item__title")
            .get_text(strip=True)
            .startswith('<script>alert("title")</script>Deadline <b>planning</b>')
        )
        assert HOSTILE_DESCRIPTION in item.get_text()


def test_only_http_links_reach_the_page_and_they_open_safely(hostile_app, browser):
    soup = BeautifulSoup(
        browser.post("/analyze", {"goal": DEADLINES}, htmx=True).get_data(as_text=True),
        "html.parser",
    )
    assert len(soup.select(".support-item")) == len(BAD_LINKS) + 1
    links = soup.select(".support a")
    assert [link["href"] for link in links] == ['https://example.org/course?a=1&b="2"<x>']
    for link in links:
        assert link["target"] == "_blank"
        assert set(link["rel"]) == {"noopener", "noreferrer"}
        assert "opens in a new tab" in link.get_text()


def test_real_catalogue_links_open_in_a_new_tab_without_an_opener(browser):
    soup = BeautifulSoup(
        browser.post(
            "/analyze", {"goal": "Use the Pomodoro technique to stop procrastinating"}
        ).get_data(as_text=True),
        "html.parser",
    )
    links = soup.select(".support a[href]")
    assert links, "a resource with a link is suggested"
    for link in links:
        assert link["href"].startswith("https://")
        assert link["target"] == "_blank" and set(link["rel"]) == {"noopener", "noreferrer"}


@pytest.mark.parametrize("link", BAD_LINKS)
def test_safe_link_refuses_anything_but_absolute_http_addresses(link):
    assert safe_link(link) == ""


@pytest.mark.parametrize(
    "link", ["https://example.org/", "http://example.org/a?b=c", "HTTPS://X.ORG"]
)
def test_safe_link_keeps_http_addresses(link):
    assert safe_link(link) == link
