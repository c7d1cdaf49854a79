"""The JSON API, one blueprint under /api: analysis, issue types and resources.

Analysis: `POST /api/analyze` (one goal) and `POST /api/analyze/batch` (several).

The answers use `Analysis.to_dict()`, the same JSON as `coach analyze --format json`. Errors are
JSON too (see errors.py): 400 malformed JSON, a missing or empty goal or unknown fields; 413 a
body or goal over the limit (characters, or words and symbols as spaCy counts them) or a batch
over the visitors' limits (goals, characters, words and symbols in all: config.py's
ANONYMOUS_BATCH_*, since the API reads no session); 415 anything but `application/json`; 422 a
goal the analyser refuses (control characters) or an invalid context (end before start, a bad
date).

CSRF: these endpoints are exempt from CSRF tokens. They only accept `application/json`, which a
cross-site page cannot send without a CORS preflight that this app never grants, they read no
cookie or session, and they change nothing; a forged request can only compute an analysis.

Issue types and resources: `POST /api/classify` and `GET /api/resources`, three doors onto
coach.resources, each answering with the JSON of the matching command:

* `POST /api/classify` `{"text": ...}` -> `{"text": ..., "types": [{"id", "confidence",
  "cues"}]}`, types most confident first (`coach classify --format json`);
* `GET /api/resources?q=...` -> `{"results": [{"resource", "score"}]}`, a typo-tolerant search
  (`coach resources search --format json`);
* `GET /api/resources?text=...&issue_type=...&days_left=...&exclude=...&limit=...` ->
  `{"suggestions": [{"resource", "score", "reason"}]}`, best first (`coach resources suggest
  --format json`). `issue_type` and `exclude` may be repeated or comma-separated.

Text to classify or suggest for goes through `coach.resources.text.readable_text` first: long
runs without a space are cut before spaCy sees them (a 10,000-character run answers in a few
milliseconds); text of more than MAX_TEXT_TOKENS (300) words and symbols is refused with 413;
control characters, lone surrogates and text in another language with 422, as the analysis
API refuses them.

Errors are JSON (errors.py): 400 missing or malformed input (no query, a search mixed with
suggestion parameters, an unknown field or parameter, a number that is not a whole number,
JSON nested too deeply); 413 a text or query over its limit; 415 a POST that is not
`application/json`; 422 values that cannot be used (an unknown issue type, negative days, a
limit outside 1-50, control characters or lone surrogates, another language); 404 when the
server has no resource catalogue.

The contract: every request goes through a pydantic model of schemas.py (their `refusal()`
gives the messages above), and `GET /api/openapi.json` describes every endpoint from those same
models (OpenAPI 3.1, see coach/web/openapi.py).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, current_app, jsonify

from coach.analysis import Context, ContextError, GoalTextError, TextTooLongError
from coach.resources import Catalogue, UnknownIssueTypeError, classify, search, suggest
from coach.resources.text import UnreadableTextError, readable_text
from coach.web import openapi
from coach.web.api.schemas import (
    MAX_QUERY_CHARS,
    MAX_TEXT_CHARS,
    BatchAnswer,
    ClassifyAnswer,
    ClassifyRequest,
    PlanContext,
    ResourcesAnswer,
    ResourcesQuery,
    analysis_requests,
)
from coach.web.budget import batch_limits
from coach.web.contract import Analysis, Description, described, parse_body, parse_query
from coach.web.errors import json_error
from coach.web.extensions import get_catalogue, get_engine
from coach.web.security import csrf, rate_limited

__all__ = ["MAX_QUERY_CHARS", "MAX_TEXT_CHARS", "bp"]

bp = Blueprint("api", __name__, url_prefix="/api")
csrf.exempt(bp)
rate_limited(bp)  # anyone may call it: a limit per client address (security.py)

POST_ERRORS = (400, 413, 415, 422, 429)
DEFAULT_SEARCH_LIMIT = 10
DEFAULT_SUGGEST_LIMIT = 5


@bp.post("/analyze")
@described(
    Description(
        "Analyse one goal against the SMART criteria",
        answer=Analysis,
        errors=POST_ERRORS,
        body=lambda config: analysis_requests(config).analyze,
        tag="analysis",
    )
)
def analyze() -> Response:
    """Analyse one goal: `{"text": ..., "context": {...}}` -> the analysis JSON."""
    goal = parse_body(analysis_requests(current_app.config).analyze)
    analysis = get_engine().analyze(goal.text, context_of(goal.context))
    return jsonify(analysis.to_dict())


@bp.post("/analyze/batch")
@described(
    Description(
        "Analyse several goals, in order",
        answer=BatchAnswer,
        errors=POST_ERRORS,
        body=lambda config: analysis_requests(config).batch,
        tag="analysis",
        notes='A goal the analyser refuses gets {"error": message} in its place.',
    )
)
def analyze_batch() -> Response:
    """Analyse several goals: `{"goals": [...]}` -> `{"results": [...]}` in the same order.

    A goal the analyser refuses gets `{"error": message}` in its place; the others still count.
    """
    batch = parse_body(analysis_requests(current_app.config).batch)
    limits = batch_limits(anonymous=True)  # the API reads no session: the visitors' budget
    limits.check_size(batch.goals)  # goals and characters now; tokens when parsed
    results = get_engine().analyze_many(batch.goals, context_of(batch.context), limits=limits)
    return jsonify(results=[result_json(result) for result in results])


@bp.errorhandler(GoalTextError)
@bp.errorhandler(ContextError)
def unprocessable(error: ValueError) -> tuple[Response, int]:
    return json_error(422, str(error))


def context_of(context: PlanContext | None) -> Context:
    """The analyser's context; ContextError (422) for a date that is no date, end before start."""
    return Context.from_mapping(context.as_mapping() if context else None)


@bp.errorhandler(TextTooLongError)  # a goal of too many tokens; a batch over its limits
def too_large(error: TextTooLongError) -> tuple[Response, int]:
    return json_error(413, str(error))


def result_json(result: Any) -> dict[str, Any]:
    if isinstance(result, GoalTextError):
        return {"error": str(result)}
    return result.to_dict()


# -- issue types and resources ------------------------------------------------------------


@bp.post("/classify")
@described(
    Description(
        "Find the issue types of a text",
        answer=ClassifyAnswer,
        errors=(400, 404, 413, 415, 422, 429),
        body=ClassifyRequest,
        tag="resources",
    )
)
def classify_text() -> Response:
    """The issue types of a text: `{"text": ...}` -> `{"text": ..., "types": [...]}`."""
    text = parse_body(ClassifyRequest).text
    catalogue = require_catalogue()
    matches = classify(readable(text), nlp=get_engine().nlp, issue_types=catalogue.issue_types)
    return jsonify(text=text, types=[match.to_dict() for match in matches])


@bp.get("/resources")
@described(
    Description(
        "Search the resource catalogue, or suggest resources for a goal or issue types",
        answer=ResourcesAnswer,
        errors=(400, 404, 413, 422, 429),
        query=ResourcesQuery,
        tag="resources",
        notes="With `q` (and `limit`): search results. With `text` and/or `issue_type` (and "
        "`days_left`, `exclude`, `limit`): suggestions. Not both; one of them is needed (400). "
        "An unknown issue type is a 422 listing the known ones.",
    )
)
def resources() -> Response:
    """Search the catalogue (`q`), or suggest resources for a text and/or issue types."""
    query = parse_query(ResourcesQuery)
    if query.q is not None:
        return search_resources(query)
    return suggest_resources(query)


@bp.errorhandler(UnknownIssueTypeError)
def unknown_issue_type(error: UnknownIssueTypeError) -> tuple[Response, int]:
    return json_error(422, str(error))


def search_resources(query: ResourcesQuery) -> Response:
    """`q` (and `limit`): catalogue entries matching the query, best first."""
    mixed = sorted(query.model_fields_set - {"q", "limit"})
    if mixed:
        abort(400, f"Use q to search, or {', '.join(mixed)} for suggestions, not both.")
    limit = query.limit or DEFAULT_SEARCH_LIMIT
    hits = search(require_catalogue(), (query.q or "").strip(), limit=limit)
    return jsonify(results=[hit.to_dict() for hit in hits])


def suggest_resources(query: ResourcesQuery) -> Response:
    """`text` and/or `issue_type`, with `days_left`, `exclude` and `limit`: ranked suggestions."""
    if query.text is None and not query.issue_type:
        abort(
            400,
            "Give q to search the catalogue, or text and/or issue_type for suggestions, "
            "for example text=Meet+every+deadline.",
        )
    catalogue = require_catalogue()
    suggestions = suggest(
        catalogue,
        text=readable(query.text) if query.text is not None else None,
        issue_types=query.issue_type,
        exclude_ids=query.exclude,
        days_left=query.days_left,
        limit=query.limit or DEFAULT_SUGGEST_LIMIT,
        nlp=get_engine().nlp,
    )
    return jsonify(suggestions=[suggestion.to_dict() for suggestion in suggestions])


def require_catalogue() -> Catalogue:
    catalogue = get_catalogue()
    if catalogue is None:
        abort(404, "This server has no issue types or resource catalogue configured.")
    return catalogue


def readable(text: str) -> str:
    """The text with long runs cut; 422 for control characters or another language."""
    try:
        return readable_text(text, nlp=get_engine().nlp)
    except UnreadableTextError as error:  # over the token limit: 413; else text no one can read
        abort(413 if error.kind == "length" else 422, str(error))


# -- the description ----------------------------------------------------------------------


@bp.get("/openapi.json")
@described(
    Description(
        "This API's OpenAPI 3.1 description",
        answer=None,
        errors=(429,),
        tag="meta",
    )
)
def openapi_document() -> Response:
    """The OpenAPI document, built once per app from the routes and their models."""
    return jsonify(openapi.document(current_app))
