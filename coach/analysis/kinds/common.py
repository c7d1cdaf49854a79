"""What every rule kind shares: the goal as the kinds read it, their outcome, findings, and
the validators of values several kinds accept (field names, patterns, finding keys).

A kind module (find.py, require.py, ...) is a unit like Vale's `internal/check/<kind>.go`: its
keys, validation, typed spec, compilation and run live together. Only what two or more kinds
need is here, so that a kind reads top to bottom without looking elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NoReturn

from spacy.tokens import Doc, Span

from coach.analysis.model import CRITERIA, SEVERITIES, Context, Extracted, Finding

if TYPE_CHECKING:  # matching.py and rules.py import the kinds; these names are for hints only
    from coach.analysis.frame import GoalFrame
    from coach.analysis.matching import Match
    from coach.analysis.rules import Rule

CONCERNS: tuple[str, ...] = (*CRITERIA, "fairness")
FIELDS: tuple[str, ...] = (
    "quantity",
    "change",
    "threshold",
    "deliverable",
    "deadline",
    "duration",
    "cadence",
    "time_relative",
    "action",
    "named_number",
    "judged_by",
)
# Fields supplied by code rather than extract rules: the goal frame's concrete main actions and
# observable deliverables, and the time normaliser's expressions (timex/).
FRAME_FIELDS: frozenset[str] = frozenset(
    {"action", "deliverable", "deadline", "duration", "cadence", "time_relative"}
)
# The keys of every kind that reports findings (all but extract), beside its own.
FINDING_KEYS = frozenset({"criterion", "severity", "message", "suggestion"})
PLACEHOLDER = re.compile(r"\{(\w+)\}")

Fail = Callable[[str], NoReturn]
Pattern = str | list[dict[str, Any]]  # a phrase, or a spaCy token pattern


@dataclass(frozen=True)
class RulePatterns:
    """What one rule adds to the shared scan (matching.py): all rules are matched in one pass
    over the goal, so kinds hand over their patterns instead of matching on their own."""

    token_patterns: tuple[list[dict[str, Any]], ...] = ()
    phrases: tuple[str, ...] = ()
    fuzzy_lemmas: tuple[str, ...] = ()  # also matched with a typo, when long enough


@dataclass(frozen=True)
class Goal:
    """One parsed goal as the judging kinds read it: the parse, its frame, every rule's matches,
    the evidence fields found, the structure read from them, and the plan's context."""

    doc: Doc
    frame: GoalFrame
    matches: Mapping[str, Sequence[Match]]
    fields: Mapping[str, Sequence[Span]]
    extracted: Extracted
    context: Context
    issue_type_cues: Mapping[str, Sequence[str]]

    def has_any(self, names: Sequence[str]) -> bool:
        """Was any of these fields found in the goal?"""
        return any(self.fields.get(name) for name in names)


@dataclass(frozen=True)
class Outcome:
    """What a kind's rules concluded about one goal: findings, and the criteria they found
    evidence for (a verdict is `met` only on evidence, see scoring.py)."""

    findings: tuple[Finding, ...] = ()
    evidence: frozenset[str] = frozenset()
    # findings already made that this kind replaces (the second opinion's cleared errors,
    # shown as warnings): each stands in for the finding of the same rule and words
    demoted: tuple[Finding, ...] = ()


def whole_goal(doc: Doc) -> tuple[int, int]:
    """The goal's own words: the whole text but a blanked-out list marker before it."""
    return (len(doc.text) - len(doc.text.lstrip()), len(doc.text.rstrip()))


def fill(template: str, values: Mapping[str, Any]) -> str:
    """Replace {name} with values[name]; unknown names stay as written."""
    return PLACEHOLDER.sub(lambda m: str(values.get(m[1], m[0])), template)


def make_finding(rule: Rule, span: tuple[int, int], values: Mapping[str, Any]) -> Finding:
    """The rule's finding on these characters, its message and suggestion filled in."""
    return Finding(
        rule=rule.id,
        criterion=rule.criterion,
        severity=rule.severity,
        message=fill(rule.message, values).strip(),
        suggestion=fill(rule.suggestion, values).strip(),
        start=span[0],
        end=span[1],
    )


def split_patterns(patterns: Sequence[Pattern]) -> tuple[list[list[dict]], list[str]]:
    """(token patterns, phrases): a list is a token pattern, a string a phrase."""
    token_patterns = [p for p in patterns if isinstance(p, list)]
    phrases = [p for p in patterns if isinstance(p, str)]
    return token_patterns, phrases


def validate_finding_keys(spec: Mapping[str, Any], fail: Fail) -> None:
    """Criterion, severity, message and suggestion of a rule that reports findings."""
    if spec["criterion"] not in CONCERNS:
        fail(f"unknown criterion {spec['criterion']!r} (expected one of {', '.join(CONCERNS)})")
    if spec["severity"] not in SEVERITIES:
        fail(f"unknown severity {spec['severity']!r} (expected one of {', '.join(SEVERITIES)})")
    for key in ("message", "suggestion"):
        if not isinstance(spec[key], str) or not spec[key].strip():
            fail(f"`{key}` must be non-empty text")


def require_strings(values: Any, name: str, fail: Fail) -> None:
    if not isinstance(values, list) or not values:
        fail(f"`{name}` must be a non-empty list")
    for value in values:
        if not isinstance(value, str) or not value.strip():
            fail(f"`{name}` entries must be non-empty text, not {value!r}")


def require_field_names(values: Any, name: str, fail: Fail) -> None:
    if not isinstance(values, list):
        fail(f"`{name}` must be a list of extracted fields")
    for value in values:
        if value not in FIELDS:
            fail(f"`{name}`: unknown field {value!r} (expected one of {', '.join(FIELDS)})")


def validate_patterns(patterns: Any, fail: Fail) -> None:
    """A string is a phrase (matched case-insensitively); a list is a spaCy token pattern.
    Whether a token pattern means anything to spaCy is checked when it is compiled."""
    if not isinstance(patterns, list) or not patterns:
        fail("`patterns` must be a non-empty list")
    for pattern in patterns:
        if isinstance(pattern, str):
            if not pattern.strip():
                fail("an empty phrase in `patterns`")
        elif not isinstance(pattern, list) or not pattern:
            fail(f"a pattern must be a phrase or a list of token specs, not {pattern!r}")
        elif not all(isinstance(token, dict) and token for token in pattern):
            fail(f"each token spec in a pattern must be a non-empty mapping: {pattern!r}")
