"""What the analyser pages do between the form and the template: read, check, analyse, present.

Views hand the submitted form to `check_goal` or `check_goals` and get back an outcome that the
templates render: the analysis (with its text cut into highlightable segments) or a message
for the person, plus the HTTP status that goes with it (200, or 422 for input we cannot
analyse). Nothing here knows about requests or HTML.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from coach.analysis import (
    Analysis,
    BatchLimits,
    BatchTooLargeError,
    ContextError,
    Engine,
    GoalTextError,
)
from coach.web.analyzer.forms import AnalyzerForm, build_context
from coach.web.budget import batch_limits, logged_in_allows_more
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
    """Analyse a pasted block of goals within this visitor's batch limits; rows come worst
    goal first."""
    if not form.goal.strip():
        return Outcome(form)
    engine = get_engine()
    limits = batch_limits()
    try:
        context = build_context(form)
        goals = split_block(form.goal, engine, limits)
        results = engine.analyze_many(goals, context, limits=limits)
    except BatchTooLargeError as error:
        return Outcome(form, message=over_the_limit(error), status=422)
    except (GoalTextError, ContextError) as error:
        return Outcome(form, message=str(error), status=422)
    numbered = enumerate(zip(goals, results, strict=True), start=1)
    rows = [make_row(number, text, result) for number, (text, result) in numbered]
    return Outcome(form, rows=sorted(rows, key=lambda row: row.sort_key))


def split_block(block: str, engine: Engine, limits: BatchLimits) -> Sequence[str]:
    """The goals in a pasted block; a block over the character limit is refused before it is
    split (BatchTooLargeError). The goal count and tokens are `analyze_many`'s to check."""
    limits.check_chars(len(block))
    return engine.split_goals(block)


def over_the_limit(error: BatchTooLargeError) -> str:
    """The batch error, and for a visitor what logging in allows."""
    full = logged_in_allows_more()
    if full is None:
        return str(error)
    return (
        f"{error} Log in to check up to {full.goals:,} goals and {full.chars:,} characters "
        "at a time."
    )


def make_row(number: int, text: str, result: Analysis | GoalTextError) -> Row:
    if isinstance(result, GoalTextError):
        return Row(number, text, problem=str(result))
    return Row(number, text, goal=GoalView.build(result))
