"""Analysis in, analysis out, in one place: a text judged in its plan's context, and a stored
snapshot shown again.

Goals, action items and their live previews are all analysed as the saved record will be: the
app's engine with the plan's context (dates, issue types, the gap), `analysis_context(plan)`.
`analyze_for_plan` is the `analyze(text, context) -> dict` callable the services take;
`preview` is the feedback while typing (or why the text cannot be checked); `stored_view`
rebuilds a stored `Analysis.to_dict()` snapshot for display.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import current_app

from coach.analysis import Analysis, Context, ContextError, GoalTextError
from coach.db.tables import Plan
from coach.services.plans import analysis_context
from coach.web.extensions import get_engine
from coach.web.feedback import GoalView


def analyze_for_plan(text: str, context: Mapping[str, Any]) -> dict[str, Any]:
    """The `analyze` callable the services take: the app's engine, the plan's context."""
    return get_engine().analyze(text, Context.from_mapping(context)).to_dict()


@dataclass(frozen=True)
class Preview:
    """Feedback on a text being written, or why it cannot be checked."""

    feedback: GoalView | None = None
    message: str = ""


def preview(text: str, plan: Plan) -> Preview:
    """The live feedback on `text` in the plan's context, as it will be judged once saved."""
    if not text.strip():
        return Preview()
    limit = current_app.config["MAX_GOAL_CHARS"]
    if len(text) > limit:
        return Preview(
            message=f"The text is {len(text):,} characters long; the limit is {limit:,}."
        )
    try:
        analysis = get_engine().analyze(text, Context.from_mapping(analysis_context(plan)))
    except (GoalTextError, ContextError) as error:  # text the analyser cannot read
        return Preview(message=str(error))
    return Preview(GoalView.build(analysis))


def stored_analysis(data: Mapping[str, Any] | None) -> Analysis | None:
    """A stored snapshot (Analysis.to_dict() shape) rebuilt; None if nothing was stored."""
    if not data or "findings" not in data:
        return None
    return Analysis.from_dict(data)


def stored_view(data: Mapping[str, Any] | None) -> GoalView | None:
    """A stored snapshot ready to show; None if nothing was stored."""
    analysis = stored_analysis(data)
    return GoalView.build(analysis) if analysis else None
