"""The `context` kind: compare the goal with the plan's context by one of a closed set of checks.

The checks themselves (relevance to the plan's issue types, a deadline inside the plan, a
plausible pace of change) are in context_checks.py. A passed check is evidence for the rule's
criterion; a failed one is a finding; a check with nothing to compare (no plan dates, no
baseline) says neither.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from coach.analysis.kinds.common import (
    FINDING_KEYS,
    Fail,
    Goal,
    Outcome,
    make_finding,
    validate_finding_keys,
)
from coach.analysis.kinds.context_checks import CHECKS
from coach.analysis.model import Finding

if TYPE_CHECKING:
    from coach.analysis.rules import Rule

REQUIRED = FINDING_KEYS | {"check"}
OPTIONAL = frozenset({"params"})
FIELD_KEYS: tuple[str, ...] = ()


@dataclass(frozen=True)
class ContextSpec:
    """Which check the rule runs, and the numbers that tune it."""

    check: str
    params: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_mapping(cls, spec: Mapping[str, Any]) -> ContextSpec:
        return cls(check=spec["check"], params=dict(spec.get("params") or {}))


SPEC = ContextSpec  # the kind's typed spec, for the registry


def validate(spec: Mapping[str, Any], fail: Fail) -> None:
    if spec["check"] not in CHECKS:
        fail(f"unknown check {spec['check']!r} (expected one of {', '.join(CHECKS)})")
    if not isinstance(spec.get("params", {}), dict):
        fail("`params` must be a mapping")
    validate_finding_keys(spec, fail)


def compile(spec: ContextSpec) -> None:
    """A context rule matches nothing itself: its check reads the goal as already read."""
    return None


def run(rules: Sequence[Rule], goal: Goal, findings: Sequence[Finding] = ()) -> Outcome:
    """Each rule's check: evidence when it passed, a finding when it failed."""
    found: list[Finding] = []
    evidence: set[str] = set()
    for rule in rules:
        result = CHECKS[rule.spec.check](goal, rule.spec.params)
        if result.passed:
            evidence.add(rule.criterion)
        elif result.applies and result.span is not None:
            found.append(make_finding(rule, result.span, result.values))
    return Outcome(tuple(found), frozenset(evidence))
