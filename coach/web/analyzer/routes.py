"""The public analyser pages: one goal with live feedback, and several goals in a table.

Both pages are one URL each: GET shows the empty form; POST (a plain form submit, or htmx as
the person types) analyses it and answers with the whole page or, for htmx, only the result.
"""

from __future__ import annotations

from flask import Blueprint, Response, request

from coach.web.analyzer.forms import AnalyzerForm
from coach.web.analyzer.screens import check_goal, check_goals
from coach.web.budget import batch_limits, logged_in_allows_more
from coach.web.extensions import get_issue_types
from coach.web.rendering import render
from coach.web.security import rate_limited

bp = Blueprint("analyzer", __name__)


@bp.route("/analyze", methods=["GET", "POST"])
@rate_limited
def analyze() -> Response:
    """Check one goal for SMART wording."""
    outcome = check_goal(AnalyzerForm.from_mapping(request.form))
    return render(
        "analyzer/analyze.html",
        "analyzer/_live.html",
        status=outcome.status,
        outcome=outcome,
        issue_types=get_issue_types(),
    )


@bp.route("/analyze/batch", methods=["GET", "POST"])
@rate_limited
def batch() -> Response:
    """Check a pasted block of goals; the table shows the weakest goal first. Visitors have
    a smaller batch than people logged in (budget.py); the page says which, and what more
    logging in allows."""
    outcome = check_goals(AnalyzerForm.from_mapping(request.form, text_field="goals"))
    return render(
        "analyzer/batch.html",
        "analyzer/_batch_live.html",
        status=outcome.status,
        outcome=outcome,
        issue_types=get_issue_types(),
        limits=batch_limits(),
        more=logged_in_allows_more(),
    )
