"""The `require` kind: flag a goal in which none of the named evidence fields was found.

A found field is evidence for the rule's criterion (a verdict is `met` only on evidence). The
finding, on the whole goal, is left out when an error already says what is wrong with that
criterion in the goal's own words, which is why this kind runs last and reads the findings.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

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

REQUIRED = FINDING_KEYS | {"evidence"}
OPTIONAL: frozenset[str] = frozenset()
FIELD_KEYS = ("evidence",)


@dataclass(frozen=True)
class RequireSpec:
    """The fields of which at least one must be found."""

    evidence: tuple[str, ...]

    @classmethod
    def from_mapping(cls, spec: Mapping[str, Any]) -> RequireSpec:
        return cls(evidence=tuple(spec["evidence"]))


SPEC = RequireSpec  # the kind's typed spec, for the registry


def validate(spec: Mapping[str, Any], fail: Fail) -> None:
    require_field_names(spec["evidence"], "evidence", fail)
    if not spec["evidence"]:
        fail("`evidence` must name at least one extracted field")
    validate_finding_keys(spec, fail)


def compile(spec: RequireSpec) -> None:
    """A require rule matches nothing itself: it reads the fields other rules found."""
    return None


def run(rules: Sequence[Rule], goal: Goal, findings: Sequence[Finding] = ()) -> Outcome:
    """Evidence for each rule whose field was found; a whole-goal finding for the others,
    unless an error (one already made, or one of these) speaks for the same criterion."""
    seen = list(findings)
    found: list[Finding] = []
    evidence: set[str] = set()
    for rule in rules:
        if goal.has_any(rule.spec.evidence):
            evidence.add(rule.criterion)
        elif not any(f.criterion == rule.criterion and f.severity == "error" for f in seen):
            finding = make_finding(rule, whole_goal(goal.doc), {})
            found.append(finding)
            seen.append(finding)
    return Outcome(tuple(found), frozenset(evidence))
