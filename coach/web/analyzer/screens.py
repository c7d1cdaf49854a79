"""What the analyser pages do between the form and the template: read, check, analyse, present.

Views hand the submitted form to `check_goal` or `check_goals` and get back an outcome that the
templates render: the analysis (with its text cut into highlightable segments) or a message
for the person, plus the HTTP status that goes with it (200, or 422 for input we cannot
analyse). Nothing here knows about requests or HTML.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flask import current_app

from coach.analysis import (
    Analysis,
    ContextError,
    Engine,
    GoalTextError,
)
from coach.web.analyzer.forms import AnalyzerForm, build_context
from coach.web.extensions import get_engine
from coach.web.feedback import GoalView
from coach.web.feedback.support import Support, support_for


@dataclass(frozen=True)
class Outcome:
    """What the analyser page shows: a form, and a result or a message, with an HTTP status.

    `support` is the "Support that fits" part for one goal (None without a resource catalogue).
    """

    form: AnalyzerForm
    goal: GoalView | None = None
    rows: list[Row] | None = None
    message: str = ""
    status: int = 200
    support: Support | None = None

    @property
    def batch_summary(self) -> str:
        return batch_summary(self.rows or [])


@dataclass(frozen=True)
class Row:
    """One line of the "several goals" table: the goal's number in the pasted block and result."""

    number: int
    text: str
    goal: GoalView | None = None
    problem: str = ""

    @property
    def sort_key(self) -> tuple[int, int]:
        """Goals that could not be checked first, then the lowest score: worst goal first."""
        return (-1, self.number) if self.goal is None else (self.goal.analysis.score, self.number)


def batch_summary(rows: Sequence[Row]) -> str:
    """One sentence about a checked block of goals, for the live region."""
    strong = sum(1 for row in rows if row.goal and not row.goal.needs_work)
    unreadable = sum(1 for row in rows if row.goal is None)
    sentence = f"Checked {len(rows)} goal{'s' if len(rows) != 1 else ''}: {strong} ready"
    sentence += f", {len(rows) - strong - unreadable} worth strengthening"
    if unreadable:
        sentence += f", {unreadable} could not be checked"
    return sentence + ". The goal that needs most work comes first."


def check_goal(form: AnalyzerForm) -> Outcome:
    """Analyse the form's goal and find support that fits it (one parse serves both).

    An empty goal is not an error: the page just waits for one.
    """
    if not form.goal.strip():
        return Outcome(form)
    engine = get_engine()
    try:
        context = build_context(form)
        analysis, doc = engine.analyze_with_doc(form.goal, context)
    except (GoalTextError, ContextError) as error:
        return Outcome(form, message=str(error), status=422)
    return Outcome(form, goal=GoalView.build(analysis), support=support_for(doc, context))


def check_goals(form: AnalyzerForm) -> Outcome:
    """Analyse a pasted block of goals; rows come worst goal first."""
    if not form.goal.strip():
        return Outcome(form)
    engine = get_engine()
    try:
        context = build_context(form)
        goals = split_block(form.goal, engine)
    except (GoalTextError, ContextError) as error:
        return Outcome(form, message=str(error), status=422)
    results = engine.analyze_many(goals, context)
    numbered = enumerate(zip(goals, results, strict=True), start=1)
    rows = [make_row(number, text, result) for number, (text, result) in numbered]
    return Outcome(form, rows=sorted(rows, key=lambda row: row.sort_key))


def split_block(block: str, engine: Engine) -> Sequence[str]:
    """The goals in a pasted block, within the configured limits (else GoalTextError)."""
    config = current_app.config
    if len(block) > config["MAX_BATCH_CHARS"]:
        raise GoalTextError(
            f"That is {len(block):,} characters; paste up to {config['MAX_BATCH_CHARS']:,} "
            "at a time."
        )
    goals = engine.split_goals(block)
    if len(goals) > config["MAX_BATCH_GOALS"]:
        raise GoalTextError(
            f"That block holds {len(goals)} goals; check up to {config['MAX_BATCH_GOALS']} "
            "at a time."
        )
    return goals


def make_row(number: int, text: str, result: Analysis | GoalTextError) -> Row:
    if isinstance(result, GoalTextError):
        return Row(number, text, problem=str(result))
    return Row(number, text, goal=GoalView.build(result))
