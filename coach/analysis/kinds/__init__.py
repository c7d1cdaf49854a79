"""The closed set of rule kinds, each a unit in its own module (like Vale's checks).

Rules are data (YAML under `rules/`); kinds are code. Every kind module owns:

- `REQUIRED` and `OPTIONAL`: its keys, beside the keys every rule has (`COMMON_KEYS`);
- `validate(spec, fail)`: refuse a bad rule, calling `fail(reason)` with the key named;
- `SPEC`: a frozen dataclass of its keys, built by `SPEC.from_mapping` from the validated YAML;
- `compile(spec)`: the patterns it adds to the one shared scan (matching.py), or None;
- `run(...)`: what its rules conclude about one goal. Extract's gives the evidence fields;
  the judging kinds' `run(rules, goal, findings)` gives an `Outcome` (findings, evidence);
- `FIELD_KEYS`: the keys that name evidence fields, checked against what extract rules find.

Kinds:
- find:    flag words, lemmas (typo-tolerant), phrases or token patterns;
- require: flag a goal in which none of the named extracted fields was found;
- extract: recognise a part of the goal (deadline, quantity, ...) for the structure and for
           `require`/`unless`;
- context: compare the goal with the plan's context by one of a closed set of checks;
- frame:   flag a problem the goal frame found in the main action (coach/analysis/frame/);
- second_opinion: a model learnt from labelled goals weighs the rules' verdict on a criterion
           (clears a false alarm to a warning, or flags what the rules passed).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import ModuleType
from typing import TYPE_CHECKING, Any

from coach.analysis.kinds import context, extract, find, frame, require, second_opinion
from coach.analysis.kinds.common import RulePatterns
from coach.analysis.kinds.context import ContextSpec
from coach.analysis.kinds.extract import ExtractSpec
from coach.analysis.kinds.find import FindSpec
from coach.analysis.kinds.frame import FrameSpec
from coach.analysis.kinds.require import RequireSpec
from coach.analysis.kinds.second_opinion import SecondOpinionSpec

if TYPE_CHECKING:
    from coach.analysis.rules import Rule

# In the order rule errors list them ("expected one of find, require, ...").
KINDS: Mapping[str, ModuleType] = {
    "find": find,
    "require": require,
    "extract": extract,
    "context": context,
    "frame": frame,
    "second_opinion": second_opinion,
}
KIND_NAMES: tuple[str, ...] = tuple(KINDS)
COMMON_KEYS = frozenset({"kind", "description", "examples", "link"})

# The order the judging kinds run in over one goal (extract runs before them all: they read
# its fields). Findings of these may nest, and the weaker of nested ones is dropped ...
FINDING_KINDS: tuple[str, ...] = ("frame", "find", "context")
# ... before these run, which read the findings that stand (the second opinion last: it
# weighs every other rule's conclusion).
CLOSING_KINDS: tuple[str, ...] = ("require", "second_opinion")

Spec = FindSpec | RequireSpec | ExtractSpec | ContextSpec | FrameSpec | SecondOpinionSpec


def spec_of(kind: str, written: Mapping[str, Any]) -> Spec:
    """The typed spec of a validated rule of this kind."""
    return KINDS[kind].SPEC.from_mapping(written)


def rule_patterns(rules: Iterable[Rule]) -> list[tuple[Rule, RulePatterns]]:
    """Each rule's contribution to the shared scan, in rule order (rules of kinds that match
    nothing themselves are left out)."""
    compiled = ((rule, KINDS[rule.kind].compile(rule.spec)) for rule in rules)
    return [(rule, patterns) for rule, patterns in compiled if patterns is not None]
