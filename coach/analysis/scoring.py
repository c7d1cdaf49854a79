"""From findings and evidence to verdicts and a 0-100 score (the rewrite: rewrite.py).

Verdicts: an error finding on a criterion makes it `missing`, or `partly` when the goal also
has evidence for it; evidence alone makes it `met`; with neither, the criterion keeps its
default, `unknown` (specific needs positive evidence from the goal frame, and `achievable`
and `relevant` stay `unknown` unless a check could judge them). Warnings and info never change
a verdict: they lower the score (warnings) or only inform.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence

from coach.analysis.model import CRITERIA, Finding

PLACEHOLDER = re.compile(r"\[[^\[\]]{1,60}\]")
DEFAULT_VERDICT = {
    "specific": "unknown",
    "measurable": "unknown",
    "achievable": "unknown",
    "relevant": "unknown",
    "time_bound": "unknown",
}
WEIGHTS = {"specific": 25, "measurable": 25, "time_bound": 25, "achievable": 15, "relevant": 10}
VERDICT_VALUE = {"met": 1.0, "partly": 0.5, "missing": 0.0}
PENALTY = {("fairness", "error"): 15, ("fairness", "warning"): 6}
WARNING_PENALTY = 4
MAX_PENALTY = 40
# A goal with an error on a criterion (or on fairness) is not ready, so it must never score
# near a ready one: its score is scaled down to at most 60, well below a clean goal's 85-100,
# keeping the order between two goals that both have errors.
ERROR_SCALE = 0.6
# A counted target is stronger evidence of measurability than a yes/no deliverable.
MEASURE_STRENGTH = (("change", 1.0), ("quantity", 0.95), ("threshold", 0.95), ("deliverable", 0.85))


def verdicts(findings: Sequence[Finding], evidence: Collection[str]) -> dict[str, str]:
    """The verdict of every SMART criterion."""
    result = {}
    for criterion in CRITERIA:
        errors = any(f.criterion == criterion and f.severity == "error" for f in findings)
        if errors:
            result[criterion] = "partly" if criterion in evidence else "missing"
        elif criterion in evidence:
            result[criterion] = "met"
        else:
            result[criterion] = DEFAULT_VERDICT[criterion]
    return result


def score(
    criteria: Mapping[str, str], findings: Sequence[Finding], fields: Collection[str] = ()
) -> int:
    """0-100: the weighted share of criteria met (unknown ones left out), less penalties.

    A met `measurable` counts fully for a baseline -> target change and a little less for a
    count or a yes/no deliverable (`fields` names the extracted fields found in the goal).
    """
    known = [c for c in CRITERIA if criteria[c] in VERDICT_VALUE]
    values = {c: VERDICT_VALUE[criteria[c]] for c in known}
    if criteria["measurable"] == "met":
        values["measurable"] = next((s for name, s in MEASURE_STRENGTH if name in fields), 1.0)
    total = sum(WEIGHTS[c] for c in known)
    base = 100 * sum(WEIGHTS[c] * values[c] for c in known) / total if total else 0
    penalty = 0
    for finding in findings:
        if finding.criterion == "fairness":
            penalty += PENALTY.get((finding.criterion, finding.severity), 0)
        elif finding.severity == "warning":
            penalty += WARNING_PENALTY
    scale = ERROR_SCALE if any(finding.severity == "error" for finding in findings) else 1.0
    return max(0, min(100, round((base - min(penalty, MAX_PENALTY)) * scale)))
