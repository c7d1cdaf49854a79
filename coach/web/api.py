"""The JSON API: `POST /api/analyze` (one goal) and `POST /api/analyze/batch` (several).

The answers use `Analysis.to_dict()`, the same JSON as `coach analyze --format json`. Errors are
JSON too (see errors.py): 400 malformed JSON, a missing or empty goal or unknown fields; 413 a
body or goal over the limit; 415 anything but `application/json`; 422 a goal the analyser
refuses (control characters) or an invalid context (end before start, a bad date).

CSRF: these endpoints are exempt from CSRF tokens. They only accept `application/json`, which a
cross-site page cannot send without a CORS preflight that this app never grants, they read no
cookie or session, and they change nothing; a forged request can only compute an analysis.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Blueprint, Response, abort, current_app, jsonify, request

from coach.analysis import Context, ContextError, GoalTextError
from coach.web.engine import get_engine
from coach.web.errors import json_error
from coach.web.security import csrf

bp = Blueprint("api", __name__, url_prefix="/api")
csrf.exempt(bp)

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
    results = get_engine().analyze_many(goals, Context.from_mapping(payload.get("context")))
    return jsonify(results=[result_json(result) for result in results])


@bp.errorhandler(GoalTextError)
@bp.errorhandler(ContextError)
def unprocessable(error: ValueError) -> tuple[Response, int]:
    return json_error(422, str(error))


def json_payload(allowed: frozenset[str]) -> Mapping[str, Any]:
    """The request's JSON object, or abort with 415 (not JSON) or 400 (malformed, unknown keys)."""
    if request.mimetype != "application/json":
        abort(415, "Send the request body as JSON with Content-Type: application/json.")
    payload = request.get_json(silent=True)
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
    """The goals of a batch: a list of strings, at most MAX_BATCH_GOALS of them."""
    if not isinstance(value, list) or not all(isinstance(goal, str) for goal in value):
        abort(400, 'Send the goals as a list of strings in the "goals" field.')
    limit = current_app.config["MAX_BATCH_GOALS"]
    if len(value) > limit:
        abort(413, f"That is {len(value)} goals; send up to {limit} per request.")
    return value


def result_json(result: Any) -> dict[str, Any]:
    if isinstance(result, GoalTextError):
        return {"error": str(result)}
    return result.to_dict()
