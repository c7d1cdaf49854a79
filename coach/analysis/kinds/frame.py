"""The `frame` kind: flag a problem the goal frame found in the main action.

The frame (coach/analysis/frame/) reads the sentence's main actions and what they act on,
and names the problem of each action that is not concrete ("be more proactive" is a trait,
"improve communication" a vague action). A frame rule reports the actions with its `problem`,
but only when no main action is concrete: one concrete action makes the goal specific. A
concrete action, or a field named by `unless`, is evidence for the rule's criterion.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from coach.analysis.frame import PROBLEMS, Action
from coach.analysis.kinds.common import (
    FINDING_KEYS,
    Fail,
    Goal,
    Outcome,
    make_finding,
    require_field_names,
    validate_finding_keys,
    whole_goal,
)
from coach.analysis.model import Finding

if TYPE_CHECKING:
    from coach.analysis.rules import Rule

REQUIRED = FINDING_KEYS | {"problem"}
OPTIONAL = frozenset({"unless"})
FIELD_KEYS = ("unless",)


@dataclass(frozen=True)
class FrameSpec:
    """The frame problem the rule reports, and the fields that silence it."""

    problem: str
    unless: tuple[str, ...] = ()

    @classmethod
    def from_mapping(cls, spec: Mapping[str, Any]) -> FrameSpec:
        return cls(problem=spec["problem"], unless=tuple(spec.get("unless", ())))


SPEC = FrameSpec  # the kind's typed spec, for the registry


def validate(spec: Mapping[str, Any], fail: Fail) -> None:
    if spec["problem"] not in PROBLEMS:
        fail(f"unknown problem {spec['problem']!r} (expected one of {', '.join(PROBLEMS)})")
    require_field_names(spec.get("unless", []), "unless", fail)
    validate_finding_keys(spec, fail)


def compile(spec: FrameSpec) -> None:
    """A frame rule matches nothing itself: the frame is built once for every rule."""
    return None


def run(rules: Sequence[Rule], goal: Goal, findings: Sequence[Finding] = ()) -> Outcome:
    """Findings on the main actions with each rule's problem; evidence when one is concrete."""
    evidence = {
        rule.criterion for rule in rules if goal.frame.concrete or goal.has_any(rule.spec.unless)
    }
    return Outcome(tuple(frame_findings(rules, goal)), frozenset(evidence))


def frame_findings(rules: Sequence[Rule], goal: Goal) -> list[Finding]:
    """Problems of the main actions, when none of them is concrete."""
    frame = goal.frame
    if frame.concrete:
        return []
    problems = [(a.problem, (a.span.start_char, a.span.end_char), a) for a in frame.actions]
    if not frame.actions:
        problems = [("no_action", whole_goal(goal.doc), None)]
    findings = []
    for rule in rules:
        if goal.has_any(rule.spec.unless):
            continue
        for problem, span, action in problems:
            if problem == rule.spec.problem:
                findings.append(make_finding(rule, span, action_values(action)))
    return findings


def action_values(action: Action | None) -> dict[str, str]:
    """The values a frame rule's message may name: {match}, {verb}, {object}."""
    if action is None:
        return {"match": "", "verb": "", "object": ""}
    match = action.span.text
    if action.read_as:
        match = f"{match} (read as “{action.read_as}”)"
    return {"match": match, "verb": action.lemma, "object": action.object_text}
