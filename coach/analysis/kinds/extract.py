"""The `extract` kind: recognise a part of the goal (a quantity, a change, a deliverable ...).

Extract rules report nothing themselves. The spans they find become the goal's evidence
fields, beside those supplied by code (the time normaliser's and the frame's, see
common.FRAME_FIELDS); `require`, `unless` and the goal's structure (coach/analysis/extract.py)
read them. Per field the longest non-overlapping spans are kept, minus any inside a span of a
field the rule names in `outside` (the 30 of "by 30 June" is a date, not a quantity).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from spacy.tokens import Span
from spacy.util import filter_spans

from coach.analysis.kinds.common import (
    FIELDS,
    Fail,
    Pattern,
    RulePatterns,
    require_field_names,
    split_patterns,
    validate_patterns,
)

if TYPE_CHECKING:
    from coach.analysis.matching import Match
    from coach.analysis.rules import Rule

REQUIRED = frozenset({"field", "patterns"})
OPTIONAL = frozenset({"outside"})
FIELD_KEYS = ("outside",)


@dataclass(frozen=True)
class ExtractSpec:
    """The field the rule's patterns find, and the fields whose spans it must stay out of."""

    field: str
    patterns: tuple[Pattern, ...]
    outside: tuple[str, ...] = ()

    @classmethod
    def from_mapping(cls, spec: Mapping[str, Any]) -> ExtractSpec:
        return cls(
            field=spec["field"],
            patterns=tuple(spec["patterns"]),
            outside=tuple(spec.get("outside", ())),
        )


SPEC = ExtractSpec  # the kind's typed spec, for the registry


def validate(spec: Mapping[str, Any], fail: Fail) -> None:
    if spec["field"] not in FIELDS:
        fail(f"unknown field {spec['field']!r} (expected one of {', '.join(FIELDS)})")
    validate_patterns(spec["patterns"], fail)
    require_field_names(spec.get("outside", []), "outside", fail)


def compile(spec: ExtractSpec) -> RulePatterns:
    """The rule's phrases and token patterns, for the shared scan (no typo matching: a field is
    recognised by its shape, not by a word a typo could hide)."""
    token_patterns, phrases = split_patterns(spec.patterns)
    return RulePatterns(tuple(token_patterns), tuple(phrases))


def run(
    rules: Sequence[Rule],
    matches: Mapping[str, Sequence[Match]],
    supplied: Mapping[str, Sequence[Span]],
) -> dict[str, list[Span]]:
    """The spans each field was found at: the rules' matches and the `supplied` fields."""
    by_field: dict[str, list[Span]] = {name: list(spans) for name, spans in supplied.items()}
    for rule in rules:
        spans = [match.span for match in matches.get(rule.id, ())]
        by_field.setdefault(rule.spec.field, []).extend(spans)
    return select_spans(by_field, outside_fields(rules))


def outside_fields(rules: Sequence[Rule]) -> dict[str, tuple[str, ...]]:
    """Field -> the fields whose spans it must stay out of."""
    return {rule.spec.field: rule.spec.outside for rule in rules if rule.spec.outside}


def select_spans(
    matches: Mapping[str, Sequence[Span]], outside: Mapping[str, Sequence[str]]
) -> dict[str, list[Span]]:
    """Per field: non-overlapping spans, longest first, minus those inside `outside` fields."""
    chosen = {name: filter_spans(spans) for name, spans in matches.items()}
    for name, excluded_fields in outside.items():
        blocked = [span for other in excluded_fields for span in chosen.get(other, [])]
        chosen[name] = [span for span in chosen.get(name, []) if not overlaps_any(span, blocked)]
    return {name: sorted(spans, key=lambda s: s.start) for name, spans in chosen.items() if spans}


def overlaps_any(span: Span, others: Sequence[Span]) -> bool:
    return any(span.start < other.end and other.start < span.end for other in others)
