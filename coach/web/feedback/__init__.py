"""How an analysis is shown, by every feature: a goal's text cut into highlighted segments, its
findings by severity and its verdict in words (GoalView); the support that fits it (support.py).

The analyser page, the plan page's goal cards and the action items all show feedback through
GoalView, so a flagged word looks and reads the same everywhere. Nothing here knows about
requests.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from coach.analysis import CRITERIA, Analysis, Finding
from coach.policy.lifecycle import UNFILLED_RULES
from coach.web.feedback.highlight import Segment, by_severity, segments, worst_severity
from coach.web.labels import CRITERION_LABELS, SEVERITY_LABELS


@dataclass(frozen=True)
class GoalView:
    """One analysed goal, ready for the template."""

    analysis: Analysis
    segments: list[Segment]
    findings: list[tuple[int, Finding]]
    whole_goal: frozenset[int] = field(default_factory=frozenset)

    @classmethod
    def build(cls, analysis: Analysis) -> GoalView:
        whole = frozenset(
            number
            for number, finding in enumerate(analysis.findings)
            if covers_whole_goal(finding, analysis.text)
        )
        return cls(
            analysis=analysis,
            segments=segments(analysis.text, analysis.findings, skip=whole),
            findings=by_severity(analysis.findings),
            whole_goal=whole,
        )

    def severity(self, segment: Segment) -> str:
        """The most serious severity of the findings on a highlighted segment."""
        return worst_severity(self.analysis.findings, segment.finding_numbers)

    def messages(self, segment: Segment) -> list[str]:
        return [self.analysis.findings[number].message for number in segment.finding_numbers]

    def described_by(self, segment: Segment, prefix: str = "finding") -> str:
        """ids of the suggestions that explain a highlighted segment, for aria-describedby."""
        return " ".join(f"{prefix}-{number}" for number in segment.finding_numbers)

    @property
    def first_concern(self) -> Finding | None:
        return self.findings[0][1] if self.findings else None

    @property
    def unfilled(self) -> list[str]:
        """The placeholders left to fill in ("[target]", "XX%"): the plan's gate holds the goal
        back until they are (policy/lifecycle.py), so every page says so."""
        text = self.analysis.text
        return [text[f.start : f.end] for f in self.analysis.findings if f.rule in UNFILLED_RULES]

    @property
    def ready(self) -> bool:
        """Ready to go into a plan and be issued: the analyser's `ready`, nothing to fill in."""
        return self.analysis.ready and not self.unfilled

    @property
    def needs_work(self) -> bool:
        return not self.ready or bool(self.to_work_on)

    @property
    def to_work_on(self) -> list[str]:
        """Every criterion not fully met, then every other concern an error stands on (fair
        wording has no verdict of its own; its errors count all the same)."""
        flagged = [c for c in CRITERIA if self.analysis.flagged(c)]
        errors = [f.criterion for f in self.analysis.findings if f.severity == "error"]
        concerns = dict.fromkeys([*flagged, *errors])
        return [CRITERION_LABELS.get(concern, concern) for concern in concerns]

    @property
    def summary(self) -> str:
        """The verdict in words, for the ARIA live region and the page. It says "not ready"
        whenever an error stands, and "nothing to fix" only when nothing is flagged at all."""
        criteria = self.analysis.criteria
        met = [CRITERION_LABELS[c] for c in CRITERIA if criteria.get(c) == "met"]
        sentence = f"Score {self.analysis.score} out of 100."
        if not self.analysis.ready:
            label = SEVERITY_LABELS["error"]
            sentence += f" Not ready yet: fix what is marked “{label}” first."
        elif self.unfilled:
            sentence += f" Not ready yet: fill in {join_words(self.unfilled, as_typed=True)} first."
        if met:
            sentence += f" Already there: {join_words(met)}."
        if self.to_work_on:
            sentence += f" Worth strengthening: {join_words(self.to_work_on)}."
        elif self.unfilled:
            pass  # what is left was said first: the placeholders to fill in
        elif self.analysis.findings:
            sentence += " Nothing that blocks; the notes are worth a look."
        else:
            sentence += " Nothing to fix in what we can check."
        return sentence


def join_words(words: Sequence[str], *, as_typed: bool = False) -> str:
    """["a", "b", "c"] -> "a, b and c" (lower case, for the middle of a sentence, unless the
    words are quoted `as_typed`)."""
    words = list(words) if as_typed else [word.lower() for word in words]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def covers_whole_goal(finding: Finding, text: str) -> bool:
    """A finding about the goal as a whole (e.g. "no deadline") rather than some of its words."""
    stripped = text.strip()
    first = text.find(stripped[:1]) if stripped else 0
    return finding.start <= first and finding.end >= first + len(stripped)
