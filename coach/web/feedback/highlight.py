"""Cut a goal into segments for display, each marked with the findings that cover it.

Findings may overlap ("be more proactive" inside "try to be more proactive"), so the text is cut
at every finding boundary and each piece lists all findings over it: the template wraps a piece
in one `<mark>` per piece, never nested, and Jinja escapes the text. Nothing here builds HTML.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from itertools import pairwise

from coach.analysis import Finding

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class Segment:
    """A run of the goal's text and the numbers (indices) of the findings covering it."""

    text: str
    finding_numbers: tuple[int, ...] = ()

    @property
    def flagged(self) -> bool:
        return bool(self.finding_numbers)


def segments(text: str, findings: Sequence[Finding], skip: Collection[int] = ()) -> list[Segment]:
    """Split `text` at every finding boundary; segments joined give back `text` exactly.

    Findings whose numbers are in `skip` (e.g. those about the whole goal) are not marked.
    """
    spans = [
        None if number in skip else clamp(finding, len(text))
        for number, finding in enumerate(findings)
    ]
    cuts = sorted({0, len(text), *(edge for span in spans if span for edge in span)})
    pieces = []
    for begin, end in pairwise(cuts):
        covering = tuple(
            number
            for number, span in enumerate(spans)
            if span and span[0] <= begin and end <= span[1]
        )
        pieces.append(Segment(text[begin:end], covering))
    return merge_neighbours(pieces)


def clamp(finding: Finding, length: int) -> tuple[int, int] | None:
    """The finding's span inside the text, or None when it covers no character."""
    begin, end = max(0, finding.start), min(length, finding.end)
    return (begin, end) if begin < end else None


def merge_neighbours(pieces: list[Segment]) -> list[Segment]:
    """Join adjacent pieces covered by the same findings (e.g. two unflagged runs)."""
    merged: list[Segment] = []
    for piece in pieces:
        if merged and merged[-1].finding_numbers == piece.finding_numbers:
            merged[-1] = Segment(merged[-1].text + piece.text, piece.finding_numbers)
        else:
            merged.append(piece)
    return merged


def worst_severity(findings: Sequence[Finding], numbers: Sequence[int]) -> str:
    """The most serious severity among the given findings ("info" when there are none)."""
    severities = [findings[number].severity for number in numbers] or ["info"]
    return min(severities, key=lambda severity: SEVERITY_ORDER.get(severity, 3))


def by_severity(findings: Sequence[Finding]) -> list[tuple[int, Finding]]:
    """Findings with their numbers, most serious first, then in text order."""
    numbered = list(enumerate(findings))
    return sorted(
        numbered, key=lambda item: (SEVERITY_ORDER.get(item[1].severity, 3), item[1].start)
    )
