"""Context checks: the closed set of comparisons a `context` rule can ask for.

Each check looks at the goal (its tokens, extracted structure and field spans) and the plan's
context and returns a `CheckResult`: not applicable, passed (evidence for the rule's criterion),
or failed (a finding on the given span, with values for the rule's message template).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from coach.analysis.dates import duration_days
from coach.analysis.model import Context, Extracted

NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)?")
CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ"})
STEM_LENGTH = 5  # "communicate" ~ "communication", "deadline" ~ "deadlines"


@dataclass(frozen=True)
class CheckResult:
    applies: bool
    passed: bool = False
    span: tuple[int, int] | None = None
    values: Mapping[str, str] = field(default_factory=dict)


NOT_APPLICABLE = CheckResult(applies=False)


@dataclass(frozen=True)
class CheckInput:
    """What every check may look at: the goal as parsed and read, and the plan's context."""

    doc: Doc
    extracted: Extracted
    fields: Mapping[str, Sequence[Span]]
    context: Context


Params = Mapping[str, object]
Cues = Mapping[str, Sequence[str]]


def whole(doc: Doc) -> tuple[int, int]:
    return (0, len(doc.text))


def content_stems(words: Sequence[str]) -> set[str]:
    return {word.lower()[:STEM_LENGTH] for word in words if len(word) > 2}


def check_relevance(data: CheckInput, params: Params, cues: Cues) -> CheckResult:
    """Does the goal share any content word with the plan's gap or issue types' cues?"""
    context = data.context
    if not (context.issue_types or context.gap.strip()):
        return NOT_APPLICABLE
    cue_words = [word for issue in context.issue_types for word in issue.split("_")]
    for issue in context.issue_types:
        for cue in cues.get(issue, ()):
            cue_words.extend(cue.split())
    cue_words.extend(re.findall(r"[A-Za-z]+", context.gap))
    goal_words = [t.lemma_ for t in data.doc if t.pos_ in CONTENT_POS and not t.is_stop]
    goal_words += [t.text for t in data.doc if t.pos_ in CONTENT_POS and not t.is_stop]
    if content_stems(goal_words) & content_stems(cue_words):
        return CheckResult(applies=True, passed=True)
    described = ", ".join(issue.replace("_", " ") for issue in context.issue_types)
    return CheckResult(
        applies=True, span=whole(data.doc), values={"issue_types": described or "the gap"}
    )


def check_deadline_within_plan(data: CheckInput, params: Params, cues: Cues) -> CheckResult:
    """Is the goal's resolved deadline inside the plan's start and end dates?"""
    context, deadline = data.context, data.extracted.deadline_date
    if deadline is None or (context.start is None and context.end is None):
        return NOT_APPLICABLE
    due = dt.date.fromisoformat(deadline)
    spans = list(data.fields.get("deadline", ())) + list(data.fields.get("duration", ()))
    span = (spans[0].start_char, spans[0].end_char) if spans else whole(data.doc)
    values = {"deadline": due.isoformat(), "start": _iso(context.start), "end": _iso(context.end)}
    if context.end and due > context.end:
        return CheckResult(
            applies=True, span=span, values={**values, "problem": "after the plan ends"}
        )
    if context.start and due < context.start:
        return CheckResult(
            applies=True, span=span, values={**values, "problem": "before the plan starts"}
        )
    return CheckResult(applies=True, passed=True)


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else "?"


def check_achievable_change(data: CheckInput, params: Params, cues: Cues) -> CheckResult:
    """Is the baseline -> target change plausible in the days available?"""
    baseline, target = first_number(data.extracted.baseline), first_number(data.extracted.target)
    days = available_days(data.extracted, data.context)
    if baseline is None or target is None or days is None or days <= 0:
        return NOT_APPLICABLE
    relative = abs(target - baseline) / max(abs(baseline), 1.0)
    per_month = relative * 30 / days
    limit = float(params.get("max_relative_change_per_30_days", 1.0))
    if per_month <= limit:
        return CheckResult(applies=True, passed=True)
    spans = data.fields.get("change", ())
    span = (spans[0].start_char, spans[0].end_char) if spans else whole(data.doc)
    values = {
        "change": f"{relative:.0%}",
        "days": str(days),
        "baseline": data.extracted.baseline,
        "target": data.extracted.target,
    }
    return CheckResult(applies=True, span=span, values=values)


def first_number(text: str | None) -> float | None:
    match = NUMBER.search(text or "")
    return float(match.group().replace(",", "")) if match else None


def available_days(extracted: Extracted, context: Context) -> int | None:
    """Days to reach the target: the goal's own duration, else until its deadline or plan end."""
    if extracted.duration and (days := duration_days(extracted.duration)):
        return days
    if context.start is None:
        return None
    if extracted.deadline_date:
        return (dt.date.fromisoformat(extracted.deadline_date) - context.start).days
    if context.end:
        return (context.end - context.start).days
    return None


CHECKS: Mapping[str, Callable[[CheckInput, Params, Cues], CheckResult]] = {
    "relevance": check_relevance,
    "deadline_within_plan": check_deadline_within_plan,
    "achievable_change": check_achievable_change,
}
