"""Reading the tracking forms: explicit values for the services, nothing more.

A form maps to explicit service arguments; nothing a POST carries can set an owner, a plan or a
status it should not. What is wrong with a value is for the service to say.
"""

from __future__ import annotations

from collections.abc import Mapping

from coach.db.tables import Goal


def optional_id(value: str) -> int | str | None:
    """A goal picked from a list: its id, None for "none", or the raw text (the service says
    what is wrong with it)."""
    value = value.strip()
    if not value:
        return None
    return int(value) if value.isdigit() else value


def ratings_from(form: Mapping[str, str], goals: list[Goal]) -> list[dict[str, object]]:
    """One rating per goal the manager filled in: `status-<goal id>` and `value-<goal id>`."""
    ratings = []
    for goal in goals:
        status = form.get(f"status-{goal.id}", "")
        value = form.get(f"value-{goal.id}", "")
        if status or value.strip():
            ratings.append({"goal_id": goal.id, "status": status, "current_value": value})
    return ratings
