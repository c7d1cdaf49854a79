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
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Blueprint, Response, abort, current_app, jsonify, request
from werkzeug.datastructures import MultiDict

from coach.analysis import Context, ContextError, GoalTextError, TextTooLongError
from coach.resources import Catalogue, UnknownIssueTypeError, classify, search, suggest
from coach.resources.text import UnreadableTextError, readable_text
from coach.web.budget import batch_limits
from coach.web.errors import json_error
from coach.web.extensions import get_catalogue, get_engine
from coach.web.security import csrf, rate_limited

bp = Blueprint("api", __name__, url_prefix="/api")
csrf.exempt(bp)
rate_limited(bp)  # anyone may call it: a limit per client address (security.py)

SINGLE_FIELDS = frozenset({"text", "context"})
BATCH_FIELDS = frozenset({"goals", "context"})


@bp.post("/analyze")
def analyze() -> Response:
    """Analyse one goal: `{"text": ..., "context": {...}}` -> the analysis JSON."""
    payload = json_payload(SINGLE_FIELDS)
    text = goal_text(payload.get("text"))
    analysis = get_engine().analyze(text, Context.from_mapping(payload.get("context")))
    return jsonify(analysis.to_dict())


@bp.post("/analyze/batch")
def analyze_batch() -> Response:
    """Analyse several goals: `{"goals": [...]}` -> `{"results": [...]}` in the same order.

    A goal the analyser refuses gets `{"error": message}` in its place; the others still count.
    """
    payload = json_payload(BATCH_FIELDS)
    goals = goal_list(payload.get("goals"))
    results = get_engine().analyze_many(
        goals, Context.from_mapping(payload.get("context")), limits=batch_limits(anonymous=True)
    )
    return jsonify(results=[result_json(result) for result in results])


@bp.errorhandler(GoalTextError)
@bp.errorhandler(ContextError)
def unprocessable(error: ValueError) -> tuple[Response, int]:
    return json_error(422, str(error))


@bp.errorhandler(TextTooLongError)  # a goal of too many tokens; a batch over its limits
def too_large(error: TextTooLongError) -> tuple[Response, int]:
    return json_error(413, str(error))


def json_payload(allowed: frozenset[str]) -> Mapping[str, Any]:
    """The request's JSON object, or abort with 415 (not JSON) or 400 (malformed, unknown keys)."""
    if request.mimetype != "application/json":
        abort(415, "Send the request body as JSON with Content-Type: application/json.")
    try:
        payload = request.get_json(silent=True)
    except RecursionError:  # nested thousands deep: the decoder gives up before we would
        abort(400, "The JSON is nested too deeply; send a flat object.")
    if not isinstance(payload, dict):
        abort(400, 'The body must be a JSON object, for example {"text": "..."}.')
    unknown = sorted(set(payload) - allowed)
    if unknown:
        abort(
            400, f"Unknown field(s): {', '.join(unknown)}. Expected: {', '.join(sorted(allowed))}."
        )
    return payload


def goal_text(value: Any) -> str:
    """A goal to analyse: a non-empty string within the length limit (else 400 or 413)."""
    if not isinstance(value, str) or not value.strip():
        abort(400, 'Send the goal as non-empty text in the "text" field.')
    limit = current_app.config["MAX_GOAL_CHARS"]
    if len(value) > limit:
        abort(413, f"The goal is {len(value):,} characters long; the limit is {limit:,}.")
    return value


def goal_list(value: Any) -> list[str]:
    """The goals of a batch: a list of strings within the visitors' batch limits (else 413)."""
    if not isinstance(value, list) or not all(isinstance(goal, str) for goal in value):
        abort(400, 'Send the goals as a list of strings in the "goals" field.')
    batch_limits(anonymous=True).check_size(value)  # goals and characters; tokens when parsed
    return value


def result_json(result: Any) -> dict[str, Any]:
    if isinstance(result, GoalTextError):
        return {"error": str(result)}
    return result.to_dict()


# -- issue types and resources ------------------------------------------------------------

CLASSIFY_FIELDS = frozenset({"text"})
SEARCH_PARAMETERS = frozenset({"q", "limit"})
SUGGEST_PARAMETERS = frozenset({"text", "issue_type", "days_left", "exclude", "limit"})
MAX_TEXT_CHARS = 10_000  # a goal, a gap description or a plan's goals; spaCy's max_length
MAX_QUERY_CHARS = 200
LIMIT_RANGE = (1, 50)
DAYS_RANGE = (0, 3650)
DEFAULT_SEARCH_LIMIT = 10
DEFAULT_SUGGEST_LIMIT = 5


@bp.post("/classify")
def classify_text() -> Response:
    """The issue types of a text: `{"text": ...}` -> `{"text": ..., "types": [...]}`."""
    payload = json_payload(CLASSIFY_FIELDS)
    text = text_value(payload.get("text"), 'Send the text to classify in the "text" field.')
    catalogue = require_catalogue()
    matches = classify(readable(text), nlp=get_engine().nlp, issue_types=catalogue.issue_types)
    return jsonify(text=text, types=[match.to_dict() for match in matches])


@bp.get("/resources")
def resources() -> Response:
    """Search the catalogue (`q`), or suggest resources for a text and/or issue types."""
    args = request.args
    unknown = sorted(set(args) - SEARCH_PARAMETERS - SUGGEST_PARAMETERS)
    if unknown:
        known = ", ".join(sorted(SEARCH_PARAMETERS | SUGGEST_PARAMETERS))
        abort(400, f"Unknown parameter(s): {', '.join(unknown)}. Expected: {known}.")
    if "q" in args:
        return search_resources(args)
    return suggest_resources(args)


@bp.errorhandler(UnknownIssueTypeError)
def unknown_issue_type(error: UnknownIssueTypeError) -> tuple[Response, int]:
    return json_error(422, str(error))


def search_resources(args: MultiDict[str, str]) -> Response:
    """`q` (and `limit`): catalogue entries matching the query, best first."""
    mixed = sorted(set(args) - SEARCH_PARAMETERS)
    if mixed:
        abort(400, f"Use q to search, or {', '.join(mixed)} for suggestions, not both.")
    query = (single(args, "q") or "").strip()
    if not query:
        abort(400, "Give the words to search for in q, for example q=conflict+resolution.")
    if len(query) > MAX_QUERY_CHARS:
        abort(413, f"The query is {len(query):,} characters long; the limit is {MAX_QUERY_CHARS}.")
    limit = whole_number(args, "limit", DEFAULT_SEARCH_LIMIT, LIMIT_RANGE)
    hits = search(require_catalogue(), query, limit=limit)
    return jsonify(results=[hit.to_dict() for hit in hits])


def suggest_resources(args: MultiDict[str, str]) -> Response:
    """`text` and/or `issue_type`, with `days_left`, `exclude` and `limit`: ranked suggestions."""
    text = within_limit(single(args, "text") or "")
    issue_types = listed(args, "issue_type")
    if not text.strip() and not issue_types:
        abort(
            400,
            "Give q to search the catalogue, or text and/or issue_type for suggestions, "
            "for example text=Meet+every+deadline.",
        )
    catalogue = require_catalogue()
    suggestions = suggest(
        catalogue,
        text=readable(text) if text.strip() else None,
        issue_types=issue_types,
        exclude_ids=listed(args, "exclude"),
        days_left=whole_number(args, "days_left", None, DAYS_RANGE),
        limit=whole_number(args, "limit", DEFAULT_SUGGEST_LIMIT, LIMIT_RANGE),
        nlp=get_engine().nlp,
    )
    return jsonify(suggestions=[suggestion.to_dict() for suggestion in suggestions])


def require_catalogue() -> Catalogue:
    catalogue = get_catalogue()
    if catalogue is None:
        abort(404, "This server has no issue types or resource catalogue configured.")
    return catalogue


def text_value(value: Any, missing: str) -> str:
    """Non-empty text within the limit (else 400 with the `missing` message, or 413)."""
    if not isinstance(value, str) or not value.strip():
        abort(400, missing)
    return within_limit(value)


def within_limit(text: str) -> str:
    """The text, unless it is longer than the pipeline will parse (413)."""
    limit = min(MAX_TEXT_CHARS, get_engine().nlp.max_length)
    if len(text) > limit:
        abort(413, f"The text is {len(text):,} characters long; the limit is {limit:,}.")
    return text


def readable(text: str) -> str:
    """The text with long runs cut; 400 for control characters, 422 for another language."""
    try:
        return readable_text(text, nlp=get_engine().nlp)
    except UnreadableTextError as error:  # over the token limit: 413; else text no one can read
        abort(413 if error.kind == "length" else 422, str(error))


def single(args: MultiDict[str, str], name: str) -> str | None:
    """A parameter that may appear once; None when absent."""
    values = args.getlist(name)
    if len(values) > 1:
        abort(400, f"Give {name} once, not {len(values)} times.")
    return values[0] if values else None


def listed(args: MultiDict[str, str], name: str) -> list[str]:
    """A parameter that may be repeated and/or comma-separated: `a,b` or `name=a&name=b`."""
    items = (item.strip() for value in args.getlist(name) for item in value.split(","))
    return [item for item in items if item]


def whole_number(
    args: MultiDict[str, str], name: str, default: int | None, bounds: tuple[int, int]
) -> int | None:
    """An optional whole-number parameter: 400 if it is not one, 422 outside `bounds`."""
    value = single(args, name)
    if value is None or not value.strip():
        return default
    try:
        number = int(value.strip())
    except ValueError:
        abort(400, f"{name} must be a whole number, not {value!r}.")
    low, high = bounds
    if not low <= number <= high:
        abort(422, f"{name} must be between {low:,} and {high:,}, not {number:,}.")
    return number
