"""The analyser's plain data: context in, findings and analysis out.

Everything here is a frozen dataclass with no spaCy objects inside, so an `Analysis` can be
cached, compared, pickled and serialised. `Analysis.to_dict()` is the one JSON shape shared by
the CLI (`--format json`), the web API and the web pages; README.md documents it.
`Analysis.from_dict()` reads that shape back (a stored snapshot), refusing a malformed one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields
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
# The keys `Analysis.from_dict` needs; `ready` is derived and `version` came later, so they are
# read when present (`ready` is checked for its type only).
ANALYSIS_KEYS: tuple[str, ...] = ("text", "findings", "criteria", "extracted", "score", "rewrite")
OPTIONAL_ANALYSIS_KEYS: tuple[str, ...] = ("ready", "version")


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

    @classmethod
    def from_dict(cls, data: Any, where: str = "finding") -> Finding:
        """The finding `to_dict()` gave; ValueError naming what is missing or wrong."""
        names = [item.name for item in fields(cls)]
        data = checked_keys(data, where, required=names)
        values = {
            name: checked_value(data, name, int if name in ("start", "end") else str, where)
            for name in names
        }
        return cls(**values)


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

    @classmethod
    def from_dict(cls, data: Any, where: str = "extracted") -> Extracted:
        """The parts `to_dict()` gave (an absent part is None); ValueError for a wrong one."""
        names = [item.name for item in fields(cls)]
        data = checked_keys(data, where, optional=names)
        return cls(**{name: checked_value(data, name, str, where, none=True) for name in data})


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

    @classmethod
    def from_dict(cls, data: Any) -> Analysis:
        """The analysis `to_dict()` gave, rebuilt: `from_dict(a.to_dict()).to_dict() ==
        a.to_dict()`. A missing key (see ANALYSIS_KEYS), an unknown one or a value of the wrong
        type raises ValueError naming it. `ready` is not read back (it follows from the
        findings); `version` may be absent (snapshots stored before analyses carried one); the
        evidence spans are not part of the shape, so they come back empty."""
        data = checked_keys(data, "analysis", ANALYSIS_KEYS, OPTIONAL_ANALYSIS_KEYS)
        if "ready" in data:
            checked_value(data, "ready", bool, "analysis")
        findings = checked_value(data, "findings", list, "analysis")
        criteria = checked_value(data, "criteria", Mapping, "analysis")
        for criterion in criteria:
            checked_value(criteria, criterion, str, "analysis criteria")
        return cls(
            text=checked_value(data, "text", str, "analysis"),
            findings=tuple(
                Finding.from_dict(finding, f"analysis findings[{index}]")
                for index, finding in enumerate(findings)
            ),
            criteria=dict(criteria),
            extracted=Extracted.from_dict(data["extracted"], "analysis extracted"),
            score=checked_value(data, "score", int, "analysis"),
            rewrite=checked_value(data, "rewrite", str, "analysis"),
            version=checked_value(data, "version", str, "analysis") if "version" in data else "",
        )

    def flagged(self, criterion: str) -> bool:
        """True when the criterion is not (fully) met: the verdict is missing or partly."""
        return self.criteria.get(criterion) in ("missing", "partly")

    def findings_for(self, criterion: str) -> list[Finding]:
        return [finding for finding in self.findings if finding.criterion == criterion]


def checked_keys(
    data: Any, where: str, required: Sequence[str] = (), optional: Sequence[str] = ()
) -> Mapping[str, Any]:
    """`data` as a mapping with every required key and no unknown one, or ValueError."""
    if not isinstance(data, Mapping):
        raise ValueError(f"{where} must be an object, not {type(data).__name__}.")
    missing = [key for key in required if key not in data]
    if missing:
        raise ValueError(f"{where} is missing the key(s): {', '.join(map(repr, missing))}.")
    unknown = sorted(str(key) for key in data if key not in required and key not in optional)
    if unknown:
        raise ValueError(f"{where} has unknown key(s): {', '.join(map(repr, unknown))}.")
    return data


def checked_value(
    data: Mapping[str, Any], key: str, kind: type, where: str, *, none: bool = False
) -> Any:
    """`data[key]`, if it is of `kind` (a bool is no int here; None only when `none`)."""
    value = data[key]
    if value is None and none:
        return None
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        expected = f"{kind.__name__} or None" if none else kind.__name__
        raise ValueError(
            f"{where} {key!r} must be {expected}, not {type(value).__name__}: {value!r:.60}."
        )
    return value
