"""The words the pages show for stored values: criteria, severities, plan and goal statuses,
outcomes, lifecycle actions, tracking choices and roles. The words for stored values come from
coach/vocabulary.py, which services word their messages with too, so a label reads the same on
every page and in every message; templates get them through the one context processor
(coach/web/__init__.py).
"""

from __future__ import annotations

from coach import vocabulary
from coach.services import moves

CRITERION_LABELS = {
    "specific": "Specific",
    "measurable": "Measurable",
    "achievable": "Achievable",
    "relevant": "Relevant",
    "time_bound": "Time-bound",
    "fairness": "Fair wording",
}
SEVERITY_LABELS = {"error": "Needs attention", "warning": "Worth a look", "info": "Tip"}
STATUS_LABELS = vocabulary.STATUS_WORDS
OUTCOME_LABELS = vocabulary.OUTCOME_WORDS
ACTION_LABELS = moves.ACTION_LABELS  # the lifecycle table's buttons (services/moves.py)
GOAL_STATUS_LABELS = vocabulary.GOAL_STATUS_WORDS
ROLE_LABELS = vocabulary.ROLE_WORDS
TRACKING_LABELS = vocabulary.TRACKING_WORDS  # action, learning, rating, evidence, check-in kinds


def label(value: str | None) -> str:
    """The words shown for a stored choice ("in_progress" -> "In progress")."""
    return vocabulary.word(value)
