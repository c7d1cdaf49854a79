"""SECURITY.md "Access control": deny by default, object-level checks, private notes.

The matrix (route_matrix/*.py) lists every endpoint with the status each persona gets; a route
that is missing from it fails the first test, so no route can be added without deciding who
may use it. Then every route is requested as every persona; every object URL is requested with
another person's ids (404, and none of their data in the answer); and no page shows a manager's
private check-in notes to the employee or the coach.
"""

from __future__ import annotations

import importlib
import io
import pkgutil
import re
from typing import Any

import pytest
import route_matrix
from builders import World, build_objects, make_app
from flask import Flask
from flask.testing import FlaskClient
from route_matrix import LOGINS, PERSONAS

from coach import vocabulary
from coach.services import sessions

PLACEHOLDER = re.compile(r"\{(\w+)\}")
OBJECT_PLACEHOLDERS = frozenset(
    {"plan", "goal", "draft", "draft_goal", "action_item", "check_in", "self_assessment"}
    | {"learning_item", "mentor_session", "evidence", "notification"}
)
THEIRS = "THEIRS-SENTINEL"
PRIVATE = "PRIVATE-NOTE-SENTINEL"
METHODS = ("GET", "POST")


def gather() -> dict[str, dict[str, Any]]:
    """Every route_matrix module's ROUTES, merged; an endpoint listed twice is an error."""
    routes: dict[str, dict[str, Any]] = {}
    for module_info in pkgutil.iter_modules(route_matrix.__path__):
        module = importlib.import_module(f"route_matrix.{module_info.name}")
        for endpoint, route in module.ROUTES.items():
            assert endpoint not in routes, f"{endpoint} is listed twice in route_matrix"
            routes[endpoint] = route
    return routes


ROUTES = gather()


@pytest.fixture
def matrix_app(engine, db_engine) -> Flask:
    """The app with CSRF checks off: these tests are about who may do what."""
    return make_app(engine, db_engine, WTF_CSRF_ENABLED=False)


@pytest.fixture
def objects(world: World, unit, analyze) -> dict[str, dict[str, int]]:
    """Ids for the URL placeholders: maria's plans for eli ("mine") and mo's for erin."""
    with unit() as session:
        mine = build_objects(session, world, "maria", "eli", "cole", analyze, tag="mine")
        theirs = build_objects(session, world, "mo", "erin", "cara", analyze, tag=THEIRS)
    mine["user"] = theirs["user"] = world["zoe"].id
    return {"mine": mine, "theirs": theirs}


@pytest.fixture
def clients(matrix_app: Flask, world: World, unit) -> dict[str, FlaskClient]:
    """A client per persona, each logged in with a server-side session of its own."""
    clients = {"anonymous": matrix_app.test_client()}
    for persona, name in LOGINS.items():
        with unit() as session:
            token = sessions.start_session(session=session, user=world[name])
        client = matrix_app.test_client()
        with client.session_transaction() as cookie_session:
            cookie_session["auth_token"] = token
        clients[persona] = client
    return clients


def fill(url: str, ids: dict[str, int]) -> str:
    return PLACEHOLDER.sub(lambda match: str(ids[match.group(1)]), url)


def request(client: FlaskClient, method: str, url: str, htmx: bool = False):
    headers = {"HX-Request": "true"} if htmx else {}
    return client.open(url, method=method, data={} if method == "POST" else None, headers=headers)


def accepted(expected: int | tuple[int, ...], status: int) -> bool:
    return status in expected if isinstance(expected, tuple) else status == expected


def test_every_endpoint_is_in_the_matrix(matrix_app):
    missing, methods_wrong = [], []
    for rule in matrix_app.url_map.iter_rules():
        route = ROUTES.get(rule.endpoint)
        if route is None:
            missing.append(rule.endpoint)
            continue
        served = {method for method in METHODS if method in rule.methods}
        if served != {method for method in METHODS if method in route}:
            methods_wrong.append(f"{rule.endpoint}: serves {sorted(served)}")
    assert not missing, f"endpoints missing from tests/web/route_matrix: {sorted(missing)}"
    assert not methods_wrong, methods_wrong
    extra = set(ROUTES) - {rule.endpoint for rule in matrix_app.url_map.iter_rules()}
    assert not extra, f"the matrix lists endpoints the app does not have: {sorted(extra)}"


def test_every_persona_is_expected_everywhere():
    for endpoint, route in ROUTES.items():
        for method in METHODS:
            if method in route:
                assert set(route[method]) == set(PERSONAS), f"{endpoint} {method}"


@pytest.mark.parametrize("endpoint", sorted(ROUTES))
def test_each_persona_gets_what_the_matrix_says(endpoint, clients, objects):
    route = ROUTES[endpoint]
    url = fill(route["url"], objects["mine"])
    wrong = []
    for method in METHODS:
        for persona, expected in route.get(method, {}).items():
            status = request(clients[persona], method, url).status_code
            if not accepted(expected, status):
                wrong.append(f"{method} {url} as {persona}: {status}, expected {expected}")
    assert not wrong, "\n".join(wrong)


def object_routes() -> list[str]:
    return sorted(
        endpoint
        for endpoint, route in ROUTES.items()
        if OBJECT_PLACEHOLDERS.intersection(PLACEHOLDER.findall(route["url"]))
    )


@pytest.mark.parametrize("endpoint", object_routes())
def test_another_persons_ids_answer_404_and_show_none_of_their_data(endpoint, clients, objects):
    route = ROUTES[endpoint]
    url = fill(route["url"], objects["theirs"])
    wrong = []
    for persona in ("employee", "manager", "coach"):
        for method in METHODS:
            if method not in route:
                continue
            for htmx in (False, True):
                response = request(clients[persona], method, url, htmx=htmx)
                body = response.get_data(as_text=True)
                if response.status_code != 404 or THEIRS in body:
                    wrong.append(
                        f"{method} {url} as {persona} (htmx={htmx}): {response.status_code}"
                    )
    assert not wrong, "\n".join(wrong)


def readable_urls() -> list[str]:
    return sorted(endpoint for endpoint, route in ROUTES.items() if "GET" in route)


def shown_text(response) -> str:
    """What a reader gets to read: the page, or the text of a PDF (the plan on paper)."""
    if response.mimetype != "application/pdf":
        return response.get_data(as_text=True)
    from pypdf import PdfReader

    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)


@pytest.mark.parametrize("endpoint", readable_urls())
def test_private_notes_are_never_shown_to_the_employee_or_the_coach(endpoint, clients, objects):
    url = fill(ROUTES[endpoint]["url"], objects["mine"])
    for persona in ("employee", "coach"):
        for htmx in (False, True):
            body = shown_text(request(clients[persona], "GET", url, htmx=htmx))
            assert PRIVATE not in body, f"{url} shows private notes to {persona}"


def test_the_manager_and_hr_do_see_the_private_notes(clients, objects):
    url = f"/plans/{objects['mine']['plan']}/progress"  # the check-ins are on Progress
    for persona in ("manager", "hr"):
        assert PRIVATE in request(clients[persona], "GET", url).get_data(as_text=True)


# -- messages in users' words ------------------------------------------------------------------
# Every form posted as someone allowed to use it, empty and with nonsense in every field the
# pages have: each message the page then shows must be in words, never a stored value
# ("not_met") or a field's code name ("checkin_cadence").
NONSENSE = "zzz"
FIELDS = [
    "title",
    "date",
    "kind",
    "status",
    "outcome",
    "confidence",
    "rating",
    "length",
    "checkin_cadence",
    "due_date",
    "start_date",
    "end_date",
    "new_end_date",
    "deadline",
    "version",
    "goal_id",
    "employee_id",
    "coach_id",
    "hr_contact_id",
    "issue_types",
    "roles",
    "email",
    "name",
    "password",
    "current_password",
    "new_password",
    "text",
    "notes",
    "private_notes",
    "comment",
    "reason",
    "note",
    "mentor",
    "topics",
    "evidence",
    "gap",
    "baseline",
    "target",
    "unit",
    "numbers",
    "resource_id",
    "url",
    "is_active",
    "override_reason",
    "confirm",
]
SNAKE_CASE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")
STORED = "|".join(sorted(vocabulary.WORDS, key=len, reverse=True))
STORED_LIST = re.compile(rf"\b(?:{STORED})(?:, (?:{STORED}))+\b|must be one of")  # "a, b"
MESSAGES = ".field-error, .form-problem, .notice, [role=alert], .error-page, main h1"


def form_posts() -> list[tuple[str, str]]:
    """(endpoint, persona) for every form a persona may post and gets a refusal from."""
    return sorted(
        (endpoint, persona)
        for endpoint, route in ROUTES.items()
        for persona, expected in route.get("POST", {}).items()
        if accepted(expected, 422) and persona != "anonymous"
    )


def shown_messages(body: str) -> list[str]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(body, "html.parser")
    return [" ".join(node.get_text(" ").split()) for node in soup.select(MESSAGES)]


@pytest.mark.parametrize(("endpoint", "persona"), form_posts())
def test_every_refusal_is_in_users_words(endpoint, persona, clients, objects):
    url = fill(ROUTES[endpoint]["url"], objects["mine"])
    nonsense = dict.fromkeys(FIELDS, NONSENSE)
    nonsense |= {f"status-{objects['mine']['goal']}": "", f"value-{objects['mine']['goal']}": "7"}
    wrong = []
    for form in ({}, nonsense):
        for htmx in (False, True):
            headers = {"HX-Request": "true"} if htmx else {}
            response = clients[persona].post(url, data=form, headers=headers)
            assert response.status_code < 500, (url, persona, form)
            for message in shown_messages(response.get_data(as_text=True)):
                if SNAKE_CASE.search(message) or STORED_LIST.search(message):
                    wrong.append(f"{url} as {persona}: {message!r}")
    assert not wrong, "\n".join(sorted(set(wrong)))
