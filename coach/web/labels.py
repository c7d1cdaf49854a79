"""The words the pages show for stored values: criteria, severities, plan and goal statuses,
outcomes, lifecycle actions, tracking choices, roles and account changes. One place, so a label
reads the same on every page; templates get them through the one context processor
(coach/web/__init__.py).
"""

from __future__ import annotations

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
STATUS_LABELS = {
    "draft": "Draft",
    "issued": "Issued, waiting for the employee",
    "acknowledged": "Acknowledged",
    "active": "Active",
    "extended": "Extended",
    "closed": "Closed",
}
OUTCOME_LABELS = {"succeeded": "Succeeded", "not_met": "Not met", "withdrawn": "Withdrawn"}
ACTION_LABELS = moves.ACTION_LABELS  # the lifecycle table's buttons (services/moves.py)
GOAL_STATUS_LABELS = {"open": "Open", "met": "Met", "not_met": "Not met"}
ROLE_LABELS = {
    "employee": "Employee",
    "manager": "Manager",
    "hr": "HR",
    "coach": "Coach or mentor",
    "admin": "Admin",
}
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
}
# Who made a change with no account behind it: the command line, or a public page.
NO_ACTOR_LABELS = {"password_reset_mail": "Someone on the forgot-password page"}
NO_ACTOR_LABEL = "Command line"
# Tracking choices: action and learning statuses, ratings, evidence and check-in kinds.
TRACKING_LABELS = {
    "todo": "To do",
    "doing": "Doing",
    "done": "Done",
    "planned": "Planned",
    "in_progress": "In progress",
    "on_track": "On track",
    "at_risk": "At risk",
    "off_track": "Off track",
    "low": "Low",
    "medium": "Medium",
    "high": "High",
    "achievement": "Achievement",
    "note": "Note",
    "scheduled": "Scheduled",
    "milestone": "Milestone",
    "final": "Final review",
    "ad_hoc": "Ad hoc",
}


def label(value: str | None) -> str:
    """The words shown for a stored choice ("in_progress" -> "In progress")."""
    if not value:
        return ""
    return TRACKING_LABELS.get(value, value.replace("_", " ").capitalize())
