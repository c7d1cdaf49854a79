"""What the analyser pages do between the form and the template: read, check, analyse, present.

Views hand the submitted form to `check_goal` or `check_goals` and get back an outcome that the
templates render: the analysis (with its text cut into highlightable segments) or a message
for the person, plus the HTTP status that goes with it (200, or 422 for input we cannot
analyse). Nothing here knows about requests or HTML.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from flask import current_app

from coach.analysis import (
    CRITERIA,
    Analysis,
    Context,
    ContextError,
    Engine,
    Finding,
    GoalTextError,
)
from coach.web.engine import get_engine, get_issue_types
from coach.web.highlight import Segment, by_severity, segments, worst_severity
from coach.web.support import Support, support_for

CRITERION_LABELS = {
    "specific": "Specific",
    "measurable": "Measurable",
    "achievable": "Achievable",
    "relevant": "Relevant",
    "time_bound": "Time-bound",
    "fairness": "Fair wording",
}
SEVERITY_LABELS = {"error": "Needs attention", "warning": "Worth a look", "info": "Tip"}


@dataclass(frozen=True)
class GoalForm:
    """The analyser form as submitted: the goal (or a block of goals) and the optional context."""

    goal: str = ""
    issue_type: str = ""
    start: str = ""
    end: str = ""
    gap: str = ""

    @classmethod
    def from_mapping(cls, form: Mapping[str, str], text_field: str = "goal") -> GoalForm:
        return cls(
            goal=form.get(text_field, ""),
            issue_type=form.get("issue_type", "").strip(),
            start=form.get("start", "").strip(),
            end=form.get("end", "").strip(),
            gap=form.get("gap", ""),
        )

    @property
    def has_context(self) -> bool:
        return any((self.issue_type, self.start, self.end, self.gap.strip()))


@dataclass(frozen=True)
class GoalView:
    """One analysed goal, ready for the template."""

    analysis: Analysis
    segments: list[Segment]
    findings: list[tuple[int, Finding]]
    whole_goal: frozenset[int] = field(default_factory=frozenset)

    @classmethod
    def build(cls, analysis: Analysis) -> GoalView:
        whole = frozenset(
            number
            for number, finding in enumerate(analysis.findings)
            if covers_whole_goal(finding, analysis.text)
        )
        return cls(
            analysis=analysis,
            segments=segments(analysis.text, analysis.findings, skip=whole),
            findings=by_severity(analysis.findings),
            whole_goal=whole,
        )

    def severity(self, segment: Segment) -> str:
        """The most serious severity of the findings on a highlighted segment."""
        return worst_severity(self.analysis.findings, segment.finding_numbers)

    def messages(self, segment: Segment) -> list[str]:
        return [self.analysis.findings[number].message for number in segment.finding_numbers]

    def described_by(self, segment: Segment, prefix: str = "finding") -> str:
        """ids of the suggestions that explain a highlighted segment, for aria-describedby."""
        return " ".join(f"{prefix}-{number}" for number in segment.finding_numbers)

    @property
    def first_concern(self) -> Finding | None:
        return self.findings[0][1] if self.findings else None

    @property
    def needs_work(self) -> bool:
        return not self.analysis.ready or bool(self.to_work_on)

    @property
    def to_work_on(self) -> list[str]:
        """Every criterion not fully met, then every other concern an error stands on (fair
        wording has no verdict of its own; its errors count all the same)."""
        flagged = [c for c in CRITERIA if self.analysis.flagged(c)]
        errors = [f.criterion for f in self.analysis.findings if f.severity == "error"]
        concerns = dict.fromkeys([*flagged, *errors])
        return [CRITERION_LABELS.get(concern, concern) for concern in concerns]

    @property
    def summary(self) -> str:
        """The verdict in words, for the ARIA live region and the page. It says "not ready"
        whenever an error stands, and "nothing to fix" only when nothing is flagged at all."""
        criteria = self.analysis.criteria
        met = [CRITERION_LABELS[c] for c in CRITERIA if criteria.get(c) == "met"]
        sentence = f"Score {self.analysis.score} out of 100."
        if not self.analysis.ready:
            label = SEVERITY_LABELS["error"]
            sentence += f" Not ready yet: fix what is marked “{label}” first."
        if met:
            sentence += f" Already there: {join_words(met)}."
        if self.to_work_on:
            sentence += f" Worth strengthening: {join_words(self.to_work_on)}."
        elif self.analysis.findings:
            sentence += " Nothing that blocks; the notes are worth a look."
        else:
            sentence += " Nothing to fix in what we can check."
        return sentence


@dataclass(frozen=True)
class Outcome:
    """What the analyser page shows: a form, and a result or a message, with an HTTP status.

    `support` is the "Support that fits" part for one goal (None without a resource catalogue).
    """

    form: GoalForm
    goal: GoalView | None = None
    rows: list[Row] | None = None
    message: str = ""
    status: int = 200
    support: Support | None = None


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


def join_words(words: Sequence[str]) -> str:
    """["a", "b", "c"] -> "a, b and c" (lower case, for the middle of a sentence)."""
    words = [word.lower() for word in words]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def batch_summary(rows: Sequence[Row]) -> str:
    """One sentence about a checked block of goals, for the live region."""
    strong = sum(1 for row in rows if row.goal and not row.goal.needs_work)
    unreadable = sum(1 for row in rows if row.goal is None)
    sentence = f"Checked {len(rows)} goal{'s' if len(rows) != 1 else ''}: {strong} ready"
    sentence += f", {len(rows) - strong - unreadable} worth strengthening"
    if unreadable:
        sentence += f", {unreadable} could not be checked"
    return sentence + ". The goal that needs most work comes first."


def covers_whole_goal(finding: Finding, text: str) -> bool:
    """A finding about the goal as a whole (e.g. "no deadline") rather than some of its words."""
    stripped = text.strip()
    first = text.find(stripped[:1]) if stripped else 0
    return finding.start <= first and finding.end >= first + len(stripped)


def build_context(form: GoalForm) -> Context:
    """The plan context from the form's optional fields; raises ContextError for bad input."""
    if form.issue_type and form.issue_type not in get_issue_types():
        raise ContextError("Choose the issue type from the list.")
    limit = current_app.config["MAX_GAP_CHARS"]
    if len(form.gap) > limit:
        raise ContextError(f"The gap description is over {limit:,} characters; shorten it.")
    return Context.from_mapping(
        {
            "issue_types": [form.issue_type] if form.issue_type else [],
            "gap": form.gap,
            "start": form.start,
            "end": form.end,
        }
    )


def check_goal(form: GoalForm) -> Outcome:
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


def check_goals(form: GoalForm) -> Outcome:
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
