"""The analyser's plain data: context in, findings and analysis out.

Everything here is a frozen dataclass with no spaCy objects inside, so an `Analysis` can be
cached, compared, pickled and serialised. `Analysis.to_dict()` is the one JSON shape shared by
the CLI (`--format json`), the web API and the web pages; README.md documents it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

CRITERIA: tuple[str, ...] = ("specific", "measurable", "achievable", "relevant", "time_bound")
# An error on one of these keeps a goal from being ready to issue; `relevant` is left out
# because a bare sentence cannot be judged against a plan it does not know.
READINESS_CONCERNS: tuple[str, ...] = (
    "specific",
    "measurable",
    "achievable",
    "time_bound",
    "fairness",
)
VERDICTS: tuple[str, ...] = ("met", "partly", "missing", "unknown")
SEVERITIES: tuple[str, ...] = ("error", "warning", "info")


class ContextError(ValueError):
    """The optional plan context is invalid (bad date, end before start, unknown field)."""


@dataclass(frozen=True)
class Context:
    """What the analyser may know about the plan a goal belongs to. All of it is optional."""

    issue_types: tuple[str, ...] = ()
    gap: str = ""
    start: dt.date | None = None
    end: dt.date | None = None

    def __post_init__(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ContextError(
                f"The plan ends ({self.end.isoformat()}) before it starts "
                f"({self.start.isoformat()})."
            )

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any] | None) -> Context:
        """Build a context from JSON-like input (ISO `start`/`end`), or raise ContextError."""
        if not data:
            return cls()
        if not isinstance(data, Mapping):
            raise ContextError("The context must be an object.")
        unknown = sorted(set(data) - {"issue_types", "issue_type", "gap", "start", "end"})
        if unknown:
            raise ContextError(f"Unknown context field(s): {', '.join(unknown)}.")
        issue_types = data.get("issue_types", data.get("issue_type", ()))
        if isinstance(issue_types, str):
            issue_types = [issue_types]
        if not isinstance(issue_types, Iterable) or not all(
            isinstance(item, str) for item in issue_types
        ):
            raise ContextError("issue_types must be a list of issue type ids.")
        gap = data.get("gap") or ""
        if not isinstance(gap, str):
            raise ContextError("gap must be text.")
        return cls(
            issue_types=tuple(item.strip() for item in issue_types if item.strip()),
            gap=gap,
            start=parse_iso_date(data.get("start"), "start"),
            end=parse_iso_date(data.get("end"), "end"),
        )

    @property
    def is_empty(self) -> bool:
        return not (self.issue_types or self.gap.strip() or self.start or self.end)


def parse_iso_date(value: Any, name: str) -> dt.date | None:
    """Parse an ISO date (YYYY-MM-DD) or return None for an empty value."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise ContextError(f"{name} must be a date written as YYYY-MM-DD.")
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ContextError(f"{name} must be a date written as YYYY-MM-DD, not {value!r}.") from None


@dataclass(frozen=True)
class Finding:
    """One problem in a goal: which rule, which words (character span), why, and what to do."""

    rule: str
    criterion: str
    severity: str
    message: str
    suggestion: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Extracted:
    """The parts of a goal the analyser recognised; None where it found nothing."""

    action: str | None = None
    object: str | None = None
    metric: str | None = None
    baseline: str | None = None
    target: str | None = None
    quantity: str | None = None
    deliverable: str | None = None
    deadline: str | None = None
    deadline_date: str | None = None
    duration: str | None = None
    cadence: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Analysis:
    """The result of analysing one goal. `criteria` maps every SMART criterion to a verdict."""

    text: str
    findings: tuple[Finding, ...]
    criteria: Mapping[str, str]
    extracted: Extracted
    score: int
    rewrite: str
    evidence: Mapping[str, tuple[tuple[int, int], ...]] = field(default_factory=dict)
    version: str = ""  # the rules and pipeline that produced it (Engine.version)

    @property
    def ready(self) -> bool:
        """No error on specific, measurable, achievable, time-bound or fairness."""
        return not any(
            finding.severity == "error" and finding.criterion in READINESS_CONCERNS
            for finding in self.findings
        )

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON shape (see README.md, "The analysis JSON")."""
        return {
            "text": self.text,
            "findings": [finding.to_dict() for finding in self.findings],
            "criteria": dict(self.criteria),
            "extracted": self.extracted.to_dict(),
            "score": self.score,
            "ready": self.ready,
            "rewrite": self.rewrite,
            "version": self.version,
        }

    def flagged(self, criterion: str) -> bool:
        """True when the criterion is not (fully) met: the verdict is missing or partly."""
        return self.criteria.get(criterion) in ("missing", "partly")

    def findings_for(self, criterion: str) -> list[Finding]:
        return [finding for finding in self.findings if finding.criterion == criterion]
