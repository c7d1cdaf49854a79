"""The OpenAPI 3.1 description of the JSON API, served at `/api/openapi.json`.

Built from the app itself, once per app (on first request; nothing is read at import): every
rule of `app.url_map` under /api/ with the `Description` its view declares (contract.py), its
path parameters from the rule, its query parameters and body from the request models that
validate them, its answers and errors from the answer models. A route under /api/ whose view
declares nothing is an error here, so none can be left out. The schemas are pydantic's JSON
Schema (2020-12, the dialect of OpenAPI 3.1), without per-field titles.

Errors all have one shape (`ErrorBody`, errors.py); each status is a shared response under
`components/responses`. An operation that answers 401 needs the session cookie of the pages
(`components/securitySchemes/session`); 429 comes with `Retry-After`.
"""

import re
from collections.abc import Iterator, Mapping
from http import HTTPStatus
from importlib.metadata import PackageNotFoundError, version
from typing import Any, NamedTuple

from flask import Flask
from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaMode, models_json_schema

from coach.web.contract import Description, ErrorBody

DOCUMENT_KEY = "coach.openapi"
API_PREFIX = "/api/"
REF = "#/components/schemas/{model}"
RESPONSE_REF = "#/components/responses/{}"
PATH_PARAMETER = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")
PATH_SCHEMAS = {"int": {"type": "integer", "minimum": 1}}
DOCUMENT = {"type": "object", "description": "An OpenAPI 3.1 document."}
ERROR_NOTES = {
    400: "Malformed input: not a JSON object, a missing or blank value, an unknown field or "
    "parameter, a value of the wrong type.",
    401: "No session: log in at /login first.",
    404: "Not found (or not yours to see); for the resource endpoints, a server without a "
    "resource catalogue.",
    413: "Over a limit: the body, a text, a query, or the number of goals.",
    415: "The body is not sent as application/json.",
    422: "Well-formed, but a value that cannot be used: text the analyser refuses (control "
    "characters, another language), an invalid context, an unknown issue type, a number out "
    "of range.",
    429: "Too many requests from this address; Retry-After says when to try again.",
}
INFO = {
    "title": "PIP Coach API",
    "summary": "SMART analysis of goals, issue types and resources, and the plans you may see.",
    "description": 'JSON in, JSON out. Errors are `{"error", "message"}`, the message '
    "written for a person. The analysis and resource endpoints are public and rate-limited "
    "per address; the plans endpoints need the session cookie of the pages.",
}


class Schemas(GenerateJsonSchema):
    """pydantic's JSON Schema without a title on every field (the names say it)."""

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False


def document(app: Flask) -> dict[str, Any]:
    """The app's OpenAPI document, built on first use and kept for the app's life."""
    if DOCUMENT_KEY not in app.extensions:
        app.extensions[DOCUMENT_KEY] = build(app)
    return app.extensions[DOCUMENT_KEY]


class Route(NamedTuple):
    """One method of one API rule, with what its view declares (models for this app)."""

    path: str
    method: str
    endpoint: str
    description: Description
    body: type[BaseModel] | None
    query: type[BaseModel] | None


def build(app: Flask) -> dict[str, Any]:
    routes = list(api_routes(app))
    models = {(ErrorBody, "serialization")}
    models |= {(route.body, "validation") for route in routes if route.body}
    models |= {(r.description.answer, "serialization") for r in routes if r.description.answer}
    refs, definitions = component_schemas(models)  # type: ignore[arg-type]
    paths: dict[str, dict[str, Any]] = {}
    for route in routes:
        paths.setdefault(openapi_path(route.path), {})[route.method] = operation(route, refs)
    statuses = sorted({code for route in routes for code in route.description.errors})
    return {
        "openapi": "3.1.0",
        "info": {**INFO, "version": package_version()},
        "paths": paths,
        "components": {
            "schemas": definitions,
            "responses": {name(code): error_response(code, refs) for code in statuses},
            "securitySchemes": {
                "session": {
                    "type": "apiKey",
                    "in": "cookie",
                    "name": app.config["SESSION_COOKIE_NAME"],
                    "description": "The session cookie of the pages, set by logging in at "
                    "/login (HttpOnly, SameSite=Lax).",
                }
            },
        },
    }


def api_routes(app: Flask) -> Iterator[Route]:
    """Every method of every rule under /api/; LookupError for a view that declares nothing."""
    for rule in sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule):
        if not rule.rule.startswith(API_PREFIX):
            continue
        description = getattr(app.view_functions[rule.endpoint], "openapi", None)
        if not isinstance(description, Description):
            raise LookupError(f"{rule.endpoint} ({rule.rule}) declares no @described contract")
        body = description.model(description.body, app.config)
        query = description.model(description.query, app.config)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            yield Route(rule.rule, method.lower(), rule.endpoint, description, body, query)


def operation(route: Route, refs: Mapping[Any, Any]) -> dict[str, Any]:
    """The OpenAPI operation object of one route."""
    description = route.description
    parameters = path_parameters(route.path)
    parameters += query_parameters(route.query) if route.query else []
    result: dict[str, Any] = {"operationId": route.endpoint.replace(".", "_")}
    result["summary"] = description.summary
    if description.notes:
        result["description"] = description.notes
    if description.tag:
        result["tags"] = [description.tag]
    if parameters:
        result["parameters"] = parameters
    if route.body is not None:
        content = {"application/json": {"schema": refs[(route.body, "validation")]}}
        result["requestBody"] = {"required": True, "content": content}
    answer = refs[(description.answer, "serialization")] if description.answer else DOCUMENT
    result["responses"] = {
        "200": {"description": "OK", "content": {"application/json": {"schema": answer}}},
        **{str(code): {"$ref": RESPONSE_REF.format(name(code))} for code in description.errors},
    }
    if 401 in description.errors:  # the plans API: the session cookie of the pages
        result["security"] = [{"session": []}]
    return result


def component_schemas(
    models: set[tuple[type[BaseModel], JsonSchemaMode]],
) -> tuple[Mapping[tuple[type[BaseModel], JsonSchemaMode], Any], dict[str, Any]]:
    ordered = sorted(models, key=lambda pair: (pair[0].__name__, pair[1]))
    refs, schema = models_json_schema(ordered, ref_template=REF, schema_generator=Schemas)
    return refs, dict(sorted(schema.get("$defs", {}).items()))


def query_parameters(model: type[BaseModel]) -> list[dict[str, Any]]:
    """A query model's fields as OpenAPI parameters: not given is absent, never null."""
    schema = model.model_json_schema(schema_generator=Schemas)
    required = set(schema.get("required", ()))
    parameters = []
    for field, spec in schema["properties"].items():
        spec = dict(spec)
        description = spec.pop("description", "")
        if spec.get("default", ...) in (None, []):
            del spec["default"]
        if "anyOf" in spec:
            branches = [b for b in flattened(spec.pop("anyOf")) if b != {"type": "null"}]
            spec = {**(branches[0] if len(branches) == 1 else {"anyOf": branches}), **spec}
        parameter = {"name": field, "in": "query", "required": field in required, "schema": spec}
        if description:
            parameter["description"] = description
        parameters.append(parameter)
    return parameters


def flattened(branches: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`anyOf` branches with nested bare `anyOf`s lifted into one list."""
    flat = []
    for branch in branches:
        if set(branch) == {"anyOf"}:
            flat.extend(flattened(branch["anyOf"]))
        else:
            flat.append(branch)
    return flat


def path_parameters(path: str) -> list[dict[str, Any]]:
    return [
        {
            "name": argument,
            "in": "path",
            "required": True,
            "schema": PATH_SCHEMAS.get(converter or "", {"type": "string"}),
        }
        for converter, argument in PATH_PARAMETER.findall(path)
    ]


def openapi_path(path: str) -> str:
    """`/api/plans/<int:plan_id>` -> `/api/plans/{plan_id}`."""
    return PATH_PARAMETER.sub(lambda match: "{" + match.group(2) + "}", path)


def name(code: int) -> str:
    return HTTPStatus(code).phrase.replace(" ", "").replace("-", "")


def error_response(code: int, refs: Mapping[Any, Any]) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": ERROR_NOTES.get(code, HTTPStatus(code).phrase),
        "content": {"application/json": {"schema": refs[(ErrorBody, "serialization")]}},
    }
    if code == 429:
        response["headers"] = {
            "Retry-After": {
                "description": "Seconds to wait before trying again.",
                "schema": {"type": "integer", "minimum": 0},
            }
        }
    return response


def package_version() -> str:
    try:
        return version("pip-coach")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "0+unknown"
