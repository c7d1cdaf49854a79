"""The issue types of a whole plan: its gap, the gap's dated evidence and its goals, together.

Each part is classified on its own (a gap about errors and evidence about late arrivals make a
plan about both), and a type's confidence over the parts is their noisy-or: 1 - the product of
(1 - confidence) over the parts that found it, so two parts agreeing at 0.5 give 0.75. Its cues
are those of every part, most confident part first.

A type the manager picked always stays, found or not; every other type at PROPOSE_AT or more is
proposed. The plan form shows proposals and the manager confirms them: nothing here ticks a box.
Parts that cannot be read (empty, another language, control characters) are skipped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coach.resources.classify import TypeMatch, classifier_for
from coach.resources.issue_types import IssueType
from coach.resources.text import UnreadableTextError, bounded_doc, readable_text

if TYPE_CHECKING:
    from spacy.language import Language

PROPOSE_AT = 0.5
MAX_PART_CHARS = 4000  # the longest field of the plan form
CUES_SHOWN = 4


@dataclass(frozen=True)
class PlanType:
    """One issue type of a plan: picked by the manager, proposed from the plan's words, or both."""

    id: str
    label: str
    confidence: float | None  # None: picked by the manager, not found in the plan's words
    cues: tuple[str, ...]
    chosen: bool

    @property
    def percent(self) -> int | None:
        return None if self.confidence is None else round(self.confidence * 100)


def plan_types(
    *,
    gap: str,
    evidence: Iterable[str] = (),
    goals: Iterable[str] = (),
    chosen: Iterable[str] = (),
    nlp: Language,
    issue_types: Mapping[str, IssueType],
    propose_at: float = PROPOSE_AT,
) -> list[PlanType]:
    """The picked types (always), then the proposed ones, most confident first."""
    found = combined(part_matches([gap, *evidence, *goals], nlp, issue_types))
    picked = [t for t in dict.fromkeys(chosen) if t in issue_types]
    result = [plan_type(t, found.get(t), issue_types, chosen=True) for t in picked]
    proposed = [
        plan_type(t, match, issue_types, chosen=False)
        for t, match in found.items()
        if t not in picked and match.confidence >= propose_at
    ]
    return result + sorted(proposed, key=lambda p: -(p.confidence or 0.0))


def plan_type(
    type_id: str, match: TypeMatch | None, issue_types: Mapping[str, IssueType], *, chosen: bool
) -> PlanType:
    label = issue_types[type_id].label
    return PlanType(
        id=type_id,
        label=label[:1].upper() + label[1:],
        confidence=match.confidence if match else None,
        cues=match.cues[:CUES_SHOWN] if match else (),
        chosen=chosen,
    )


def part_matches(
    parts: Sequence[str], nlp: Language, issue_types: Mapping[str, IssueType]
) -> list[list[TypeMatch]]:
    """The types found in each readable part of the plan."""
    readable = []
    for part in parts:
        try:
            readable.append(readable_text(part[:MAX_PART_CHARS]))
        except UnreadableTextError:
            continue
    classifier = classifier_for(issue_types, nlp)
    docs = nlp.pipe(bounded_doc(part, nlp) for part in readable)  # at most MAX_PARSED_TOKENS
    return [classifier.classify(doc) for doc in docs]


def combined(per_part: Iterable[list[TypeMatch]]) -> dict[str, TypeMatch]:
    """One match per type over all parts: noisy-or confidence, cues of every part."""
    parts: dict[str, list[TypeMatch]] = {}
    for matches in per_part:
        for match in matches:
            parts.setdefault(match.id, []).append(match)
    result = {}
    for type_id, matches in parts.items():
        missed = 1.0
        for match in matches:
            missed *= 1 - match.confidence
        ordered = sorted(matches, key=lambda m: -m.confidence)
        cues = tuple(dict.fromkeys(cue for m in ordered for cue in m.cues))
        result[type_id] = TypeMatch(type_id, 1 - missed, cues)
    return dict(sorted(result.items(), key=lambda item: -item[1].confidence))
