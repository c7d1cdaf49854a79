"""The API as a contract: `/api/openapi.json` describes every /api route, and the server keeps
to it. schemathesis generates requests from the document (valid ones, and invalid ones that
must be refused with a 4xx), sends them to the app in-process and checks each answer: never a
5xx, a documented status, the documented content type and a body of the documented schema.

Bounded for a 2-core machine: a few examples per operation (the analyser runs for most of
them), deterministic, no deadline. `COACH_API_EXAMPLES=500` runs a deeper search by hand.
"""

from __future__ import annotations

import os

import hypothesis
import pytest
import schemathesis
from builders import TEST_CONFIG, advance_in_world, build_objects, draft_plan, make_app
from flask import Flask
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.specs.openapi.definitions import (
    OPENAPI_31_VALIDATOR as OPENAPI_31,
)  # the OpenAPI 3.1 meta-schema

from coach import create_app
from coach.web.contract import BLANK
from coach.web.openapi import DOCUMENT_KEY, openapi_path

DOCUMENT = "/api/openapi.json"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
REFUSED = [400, 401, 404, 413, 415, 422]  # what an invalid request may get (413: over a limit)
CONFIG_VALUES = {
    "generation": {"deterministic": True},
    "checks": {"negative_data_rejection": {"expected-statuses": REFUSED}},
}
CONFIG = schemathesis.Config.from_dict(CONFIG_VALUES)
AS_LOGGED_IN = schemathesis.Config.from_dict(
    {**CONFIG_VALUES, "generation": {"deterministic": True, "with-security-parameters": False}}
)
SETTINGS = hypothesis.settings(
    max_examples=int(os.environ.get("COACH_API_EXAMPLES", "12")),
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(hypothesis.HealthCheck),
)


def api_routes(app: Flask) -> set[tuple[str, str]]:
    """(OpenAPI path, method) of every rule under /api/ in the app."""
    return {
        (openapi_path(rule.rule), method.lower())
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/")
        for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}
    }


# -- the document ---------------------------------------------------------------------------


def test_the_document_is_openapi_3_1_and_public(client):
    response = client.get(DOCUMENT)
    assert response.status_code == 200 and response.mimetype == "application/json"
    document = response.json
    assert document["openapi"] == "3.1.0"
    assert document["info"]["title"] == "PIP Coach API" and document["info"]["version"]
    assert [error.message for error in OPENAPI_31.iter_errors(document)] == []
    operations = list(schemathesis.openapi.from_dict(document).get_all_operations())
    assert len(operations) == sum(len(item) for item in document["paths"].values())


def test_every_api_route_is_described(app):
    document = app.test_client().get(DOCUMENT).json
    described = {(path, method) for path, item in document["paths"].items() for method in item}
    assert described == api_routes(app)


def test_the_document_is_built_once_per_app(app):
    client = app.test_client()
    first = client.get(DOCUMENT).json
    built = app.extensions[DOCUMENT_KEY]
    assert client.get(DOCUMENT).json == first and app.extensions[DOCUMENT_KEY] is built


def test_the_limits_are_the_apps_own(engine):
    app = make_app(engine, MAX_GOAL_CHARS=300, MAX_BATCH_GOALS=7)
    schemas = app.test_client().get(DOCUMENT).json["components"]["schemas"]
    assert schemas["AnalyzeRequest"]["properties"]["text"]["maxLength"] == 300
    assert schemas["BatchRequest"]["properties"]["goals"]["maxItems"] == 7
    response = app.test_client().post("/api/analyze", json={"text": "x" * 301})
    assert response.status_code == 413 and "300" in response.json["message"]


def test_query_parameters_carry_their_bounds(client):
    paths = client.get(DOCUMENT).json["paths"]
    plans = {p["name"]: p["schema"] for p in paths["/api/plans"]["get"]["parameters"]}
    number, blank = plans["per_page"]["anyOf"]  # a number, or blank for the default
    assert number == {"type": "integer", "minimum": 1, "maximum": 100}
    assert blank["pattern"] == BLANK and plans["per_page"]["default"] == 20
    assert plans["page"]["anyOf"][0]["minimum"] == 1
    resources = {p["name"]: p for p in paths["/api/resources"]["get"]["parameters"]}
    assert resources["limit"]["schema"]["anyOf"][0] == {"type": "integer", "minimum": 1,
                                                        "maximum": 50}  # fmt: skip
    assert resources["issue_type"]["schema"] == {"type": "array", "items": {"type": "string"}}
    assert resources["q"]["schema"]["maxLength"] == 200
    assert not any(p["required"] for p in resources.values())


def test_the_plans_api_is_documented_as_needing_the_session(client, app):
    document = client.get(DOCUMENT).json
    scheme = document["components"]["securitySchemes"]["session"]
    assert scheme == {**scheme, "type": "apiKey", "in": "cookie",
                      "name": app.config["SESSION_COOKIE_NAME"]}  # fmt: skip
    for path, item in document["paths"].items():
        for operation in item.values():
            needs_session = path.startswith("/api/plans")
            assert ("security" in operation) == needs_session, path
            assert ("401" in operation["responses"]) == needs_session, path


def test_errors_share_one_documented_shape(client):
    components = client.get(DOCUMENT).json["components"]
    assert set(components["schemas"]["ErrorBody"]["required"]) == {"error", "message"}
    for response in components["responses"].values():
        schema = response["content"]["application/json"]["schema"]
        assert schema == {"$ref": "#/components/schemas/ErrorBody"}
    assert "Retry-After" in components["responses"]["TooManyRequests"]["headers"]


# -- the server keeps to it -----------------------------------------------------------------
# One test per operation, each a Hypothesis run over schemathesis's strategies for it (valid
# and invalid requests alike). (schemathesis.pytest.from_fixture would do the same, but its
# lazy loader does not run on pytest 9.)

OPERATIONS = sorted(api_routes(create_app({**TEST_CONFIG, "DATABASE_URL": "sqlite://"})))


def keeps_to_the_document(schema, path: str, method: str, **call) -> None:
    """Run the operation's examples against the app and check every answer."""
    operation = schema[path][method.upper()]
    strategy = st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
    )

    @SETTINGS
    @hypothesis.given(case=strategy)
    def run(case) -> None:
        response = case.call_and_validate(checks=CHECKS, **call)
        if "session" in call:
            assert response.status_code != 401, "the session was not sent"

    run()


@pytest.fixture
def public_schema(app):
    """The document of the app without a database: the plans API answers 401 there."""
    return schemathesis.openapi.from_wsgi(DOCUMENT, app, config=CONFIG)


@pytest.mark.parametrize(("path", "method"), OPERATIONS, ids=[f"{m} {p}" for p, m in OPERATIONS])
def test_every_operation_keeps_to_the_document(public_schema, path, method):
    keeps_to_the_document(public_schema, path, method)


@pytest.fixture
def hana(auth, world, unit, analyze):
    """HR's browser, on the app with plans at several stages (active, draft, closed)."""
    with unit() as session:
        build_objects(session, world, "maria", "eli", "cole", analyze)
        closed = draft_plan(session, world.maria, world.erin, None, world.hana, analyze)
        advance_in_world(session, world, closed, "closed")
    return auth.login("hana")


@pytest.fixture
def plans_schema(auth, hana):
    """The document as seen by HR's browser, which sends its own session cookie."""
    return schemathesis.openapi.from_wsgi(DOCUMENT, auth.app, config=AS_LOGGED_IN)


PLANS = [(path, method) for path, method in OPERATIONS if path.startswith("/api/plans")]


@pytest.mark.parametrize(("path", "method"), PLANS, ids=[f"{m} {p}" for p, m in PLANS])
def test_the_plans_api_keeps_to_the_document_when_logged_in(plans_schema, hana, path, method):
    keeps_to_the_document(plans_schema, path, method, session=hana.client)


def test_every_real_plan_answers_in_the_documented_shape(plans_schema, hana):
    listing = plans_schema["/api/plans"]["GET"].Case(query={"per_page": 100})
    plans = listing.call_and_validate(checks=CHECKS, session=hana.client).json()["plans"]
    assert {plan["status"] for plan in plans} >= {"draft", "active", "closed"}
    show = plans_schema["/api/plans/{plan_id}"]["GET"]
    for plan in plans:
        case = show.Case(path_parameters={"plan_id": plan["id"]})
        assert case.call_and_validate(checks=CHECKS, session=hana.client).status_code == 200
