"""The words people read for stored values and form fields, in one place for every layer.

Services word their refusals with these ("Outcome: choose Succeeded or Not met.") and the web
layer labels its pages with the same dictionaries (coach/web/labels.py), so a value reads the
same in a message as on the page around it, and no message shows a stored value such as
`not_met`. Nothing here imports Flask or the database.
"""

from __future__ import annotations

from collections.abc import Iterable

STATUS_WORDS = {
    "draft": "Draft",
    "issued": "Issued, waiting for the employee",
    "acknowledged": "Acknowledged",
    "active": "Active",
    "extended": "Extended",
    "closed": "Closed",
}
OUTCOME_WORDS = {"succeeded": "Succeeded", "not_met": "Not met", "withdrawn": "Withdrawn"}
GOAL_STATUS_WORDS = {"open": "Open", "met": "Met", "not_met": "Not met"}
ROLE_WORDS = {
    "employee": "Employee",
    "manager": "Manager",
    "hr": "HR",
    "coach": "Coach or mentor",
    "admin": "Admin",
}
AGREEMENT_WORDS = {
    "agree": "I agree with this plan",
    "disagree": "I have received this plan but do not agree",
}
CADENCE_WORDS = {"weekly": "Weekly", "fortnightly": "Every two weeks", "monthly": "Monthly"}
LENGTH_WORDS = {"30": "30 days", "60": "60 days", "90": "90 days", "custom": "Custom end date"}
# Tracking choices: action and learning statuses, ratings, confidence, evidence and check-in kinds.
TRACKING_WORDS = {
    "todo": "To do",
    "doing": "Doing",
    "done": "Done",
    "planned": "Planned",
    "held": "Held",
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
WORDS: dict[str, str] = {
    **STATUS_WORDS,
    **OUTCOME_WORDS,
    **GOAL_STATUS_WORDS,
    **ROLE_WORDS,
    **AGREEMENT_WORDS,
    **CADENCE_WORDS,
    **LENGTH_WORDS,
    **TRACKING_WORDS,
}
# Form fields whose name does not read as words once its underscores become spaces.
FIELD_WORDS = {
    "checkin_cadence": "Check-in cadence",
    "hr_contact_id": "HR contact",
    "coach_id": "Coach",
    "employee_id": "Employee",
    "manager_id": "Manager",
    "goal_id": "Goal",
    "new_end_date": "New end date",
    "issue_types": "Issue types",
    "ratings": "Goal ratings",
    "url": "Link",
    "override_reason": "Reason to issue anyway",
    "outcome_note": "Closing note",
    "gap_evidence": "Evidence of the gap",
    "employee_comment": "Employee's comment",
    "agreement": "Employee's answer",
    "resource_id": "Resource",
    "completed_at": "Completed",
    "needs_acknowledgement": "Waiting for the employee's signature",
    "current_value": "Value now",
}


def word(value: str | None) -> str:
    """The words for a stored value ("in_progress" -> "In progress")."""
    if not value:
        return ""
    return WORDS.get(value, value.replace("_", " ").capitalize())


def field_word(field: str) -> str:
    """The words for a form field ("due_date" -> "Due date")."""
    return FIELD_WORDS.get(field, field.replace("_", " ").capitalize())


def either(values: Iterable[str]) -> str:
    """Choices as a sentence ends them: "A", "A or B", "A, B or C"."""
    words = [word(value) for value in values]
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} or {words[-1]}"
