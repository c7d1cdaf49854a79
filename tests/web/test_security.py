"""SECURITY.md "Input and output": headers, no inline script, htmx settings, escaping."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

XSS_PAYLOADS = [
    "<script>alert('goal')</script> Close 10 tickets",
    '<div hx-get="/x" hx-trigger="load">Close 10 tickets</div>',
    '"><img src=x onerror=alert(1)> Close 10 tickets by Friday',
    "' onmouseover='alert(1)' x='",
    "</textarea><script>alert(1)</script>",
    '<svg onload="alert(1)"></svg> Improve quality',
    '<a href="javascript:alert(1)">Improve</a> communication',
    "{{ 7 * 7 }} tickets closed by {% raw %}Friday",
    '<form hx-post="/api/analyze" hx-trigger="every 1s"><input name=text></form>',
]
# The vendored htmx, as recorded in README.md ("Web app and API"): npm `htmx.org@2.0.11`,
# file dist/htmx.min.js. Updating htmx means updating these two lines and the README.
HTMX_VERSION = "2.0.11"
HTMX_SHA256 = "d6fdc75f204e6bdefa99b69bf1e6d4ac69b8a364f77929f45c13476b4000f717"
PAGES = [("/", "get"), ("/analyze", "get"), ("/analyze/batch", "get"), ("/nothing", "get")]


def parse(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def goal_as_shown(soup: BeautifulSoup) -> str:
    """The goal's text as the page shows it, without the notes on flagged words."""
    for tip in soup.select(".goal-text .flag__tip"):
        tip.decompose()
    return soup.select_one(".goal-text").get_text()


def markup(soup: BeautifulSoup) -> set[tuple[str, str]]:
    """(element, attribute) pairs of a page, plus (element, "") for every element."""
    pairs = set()
    for tag in soup.find_all(True):
        pairs.add((tag.name, ""))
        pairs.update((tag.name, attribute) for attribute in tag.attrs)
    return pairs


@pytest.fixture
def known_markup(browser) -> set[tuple[str, str]]:
    """Every element and attribute our templates produce for ordinary goals."""
    known = set()
    for goal in (
        "Improve communication and be more proactive",
        "Close 10 tickets by 2 May 2026",
        "Use the Pomodoro technique to stop procrastinating",  # a suggestion with a link
    ):
        for htmx in (False, True):
            form = {"goal": goal, "gap": "Tickets wait too long."}
            known |= markup(parse(browser.post("/analyze", form, htmx=htmx)))
            known |= markup(parse(browser.post("/analyze/batch", {"goals": goal}, htmx=htmx)))
    return known


@pytest.mark.parametrize(("url", "method"), PAGES)
def test_pages_carry_the_security_headers(client, url, method):
    headers = getattr(client, method)(url).headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cache-Control"] == "no-store"


def test_api_answers_and_static_files_carry_them_too(client):
    api = client.post("/api/analyze", data="{}", content_type="application/json")
    static = client.get("/static/htmx.min.js")
    for response in (api, static):
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert api.headers["Cache-Control"] == "no-store"
    assert "no-store" not in static.headers.get("Cache-Control", "")


@pytest.mark.parametrize("url", ["/", "/analyze", "/analyze/batch"])
def test_pages_have_no_inline_script_or_style(client, url):
    soup = parse(client.get(url))
    scripts = soup.find_all("script")
    assert [script["src"] for script in scripts] == ["/static/htmx.min.js", "/static/app.js"]
    assert all(not script.string for script in scripts)
    assert not soup.find_all("style") and not soup.select("[style]")
    assert not [tag for tag in soup.find_all(True) if any(a.startswith("on") for a in tag.attrs)]


def test_htmx_is_served_locally_and_configured_safely(client):
    soup = parse(client.get("/analyze"))
    config = json.loads(soup.select_one("meta[name=htmx-config]")["content"])
    assert config["selfRequestsOnly"] is True
    assert config["allowScriptTags"] is False
    assert config["allowEval"] is False
    assert config["historyCacheSize"] == 0
    htmx = client.get("/static/htmx.min.js")
    assert htmx.status_code == 200


def test_vendored_htmx_is_the_pinned_release():
    import coach.web

    data = (Path(coach.web.__file__).parent / "static" / "htmx.min.js").read_bytes()
    assert hashlib.sha256(data).hexdigest() == HTMX_SHA256
    assert f'version:"{HTMX_VERSION}"'.encode() in data


def test_session_cookie_is_http_only_and_same_site(client):
    cookie = client.get("/analyze").headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "fragment"])
def test_goal_markup_is_shown_as_text_in_the_checker(browser, known_markup, payload, htmx):
    response = browser.post("/analyze", {"goal": payload, "gap": payload}, htmx=htmx)
    soup = parse(response)
    assert response.status_code == 200
    assert_no_injection(soup, known_markup)
    assert goal_as_shown(soup) == payload


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_goal_markup_is_shown_as_text_in_the_table(browser, known_markup, payload):
    soup = parse(browser.post("/analyze/batch", {"goals": payload}))
    assert_no_injection(soup, known_markup)
    assert payload.strip() in soup.select_one(".results__goal").get_text()


@pytest.mark.parametrize("field", ["start", "end", "issue_type"])
def test_markup_in_context_fields_is_escaped_in_the_message(browser, known_markup, field):
    payload = '<script>alert(1)</script><div hx-get="/x" hx-trigger="load"></div>'
    response = browser.post("/analyze", {"goal": "Close 10 tickets", field: payload})
    assert response.status_code == 422
    assert_no_injection(parse(response), known_markup)


def assert_no_injection(soup: BeautifulSoup, known: set[tuple[str, str]]) -> None:
    """No element, attribute or htmx instruction came from the payload."""
    assert markup(soup) <= known, markup(soup) - known
    for tag in soup.find_all(True):
        assert tag.get("hx-post") in (None, "/analyze", "/analyze/batch"), tag
        assert tag.get("hx-trigger") in (None, "input changed delay:300ms, submit"), tag
        assert not str(tag.get("href", "")).startswith("javascript:"), tag
    scripts = [tag["src"] for tag in soup.find_all("script")]
    assert scripts in ([], ["/static/htmx.min.js", "/static/app.js"])
