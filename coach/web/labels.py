"""The words the pages show for stored values: criteria, severities, plan and goal statuses,
outcomes, lifecycle actions, tracking choices, roles and account changes. The words for stored
values come from coach/vocabulary.py, which services word their messages with too, so a label
reads the same on every page and in every message; templates get them through the one context
processor
(coach/web/__init__.py).
"""

from __future__ import annotations

import datetime as dt

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
# Account changes as HR's account history shows them (the audit rows' actions on accounts).
ACCOUNT_ACTION_LABELS = {
    "create": "Account created",
    "roles": "Roles changed",
    "activate": "Activated",
    "deactivate": "Deactivated",
    "password": "Password changed",
    "password_reset_mail": "Password reset link emailed",
    "password_reset": "Password reset with an emailed link",
    "user.erased": "Erased (personal data removed)",
    "manager": "Manager changed",
    "calendar_feed": "New calendar feed link made (any earlier link stopped working)",
    "calendar_feed_revoke": "Calendar feed turned off",
    "notifications": "Notification choices changed",
}
# Who made a change with no account behind it: the command line, or a public page.
NO_ACTOR_LABELS = {"password_reset_mail": "Someone on the forgot-password page"}
NO_ACTOR_LABEL = "Command line"


def label(value: str | None) -> str:
    """The words shown for a stored choice ("in_progress" -> "In progress")."""
    return vocabulary.word(value)


def as_date(value: object) -> dt.date | None:
    """A date stored as text ("2026-09-08", as in a plan's dated evidence), to show in the
    site's format; None when it is not one (the template then shows it as typed)."""
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None
