"""A plan's audit trail as people read it: each event a sentence with names, its changes in words.

The audit rows stay as they were written (never altered); this module only words them. People
are named, not numbered; goals are "goal 2" by their place in the plan; stored values are their
words (coach/vocabulary.py); dates read "5 Jan 2026"; lists and dated entries become phrases.
No raw JSON reaches a reader. The same lines serve the history page and, later, its export.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from coach import vocabulary
from coach.db.tables import AuditEvent, Goal, User
from coach.policy.permissions import audit_for

# Which events a reader may ask for, by what they are about.
KINDS = {
    "plan": "The plan and its stages",
    "goal": "Goals",
    "check_in": "Check-ins",
    "tracking": "Action items, self-assessments, learning, mentoring and evidence",
}
TRACKING_ENTITIES = (
    "action_item",
    "self_assessment",
    "learning_item",
    "mentor_session",
    "evidence",
    "coach_note",
)
PLAN_MOVES = {
    "create": "drafted the plan",
    "issue": "issued the plan to the employee",
    "recall": "recalled the plan to draft",
    "activate": "started the plan",
    "withdraw": "withdrew the plan",
    "update": "changed the plan",
    "people": "changed who supports the plan",
    "export_history": "downloaded this history as a spreadsheet (CSV)",
    "export_check_ins": "downloaded the check-ins as a spreadsheet (CSV), private notes included",
}
ENTITY_WORDS = {
    "action_item": "an action item",
    "self_assessment": "a self-assessment",
    "learning_item": "a learning item",
    "mentor_session": "a mentor session",
    "evidence": "evidence",
    "check_in": "a check-in",
}
# Fields a reader does not need in the list of changes: ids and bookkeeping.
HIDDEN_FIELDS = frozenset(
    {"id", "plan_id", "analysis", "version", "created_by", "position", "held_on", "deleted_at"}
)
QUOTED = 60  # an entry named by its text quotes this many characters of it
PERSON_FIELDS = frozenset({"employee_id", "manager_id", "hr_contact_id", "coach_id"})
LONG_TEXT = 160  # longer values are shortened in the list (the full text stays in the record)


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class HistoryLine:
    at: dt.datetime
    actor_id: int | None
    actor: str
    kind: str
    sentence: str
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class History:
    lines: list[HistoryLine]
    people: dict[int, str]  # who appears as an actor, for the filter
    kind: str
    person: int | None


def plan_history(
    session: Session, user: User, plan_id: int, kind: str = "", person: int | None = None
) -> History:
    """The plan's history for `user` (HR; NotFound otherwise), oldest first, optionally only
    events of one kind or by one person."""
    events = audit_for(session, user, plan_id)
    names = _names(session, events)
    numbers = _goal_numbers(session, plan_id, events)
    # What each entry said when it was added: an edit or removal names the entry by it.
    created = {
        (event.entity, event.entity_id): event.after or {}
        for event in events
        if event.action == "create" and event.entity in TRACKING_ENTITIES
    }
    lines = [_line(event, names, numbers, created) for event in events]
    actors = {line.actor_id: line.actor for line in lines if line.actor_id is not None}
    kind = kind if kind in KINDS else ""
    chosen = [
        line
        for line in lines
        if (not kind or line.kind == kind) and (person is None or line.actor_id == person)
    ]
    return History(lines=chosen, people=actors, kind=kind, person=person)


def _names(session: Session, events: Sequence[AuditEvent]) -> dict[int, str]:
    ids = {event.actor_id for event in events if event.actor_id}
    for event in events:
        for data in (event.before or {}, event.after or {}):
            ids |= {data[key] for key in PERSON_FIELDS if isinstance(data.get(key), int)}
    if not ids:
        return {}
    rows = session.exec(select(User).where(col(User.id).in_(ids))).all()
    return {row.id: row.name for row in rows if row.id is not None}


def _goal_numbers(session: Session, plan_id: int, events: Sequence[AuditEvent]) -> dict[int, int]:
    """Goal id -> its number in the plan: today's order, then removed goals in order of adding."""
    goals = session.exec(
        select(Goal).where(Goal.plan_id == plan_id).order_by(Goal.position, Goal.id)
    ).all()
    numbers = {goal.id: n for n, goal in enumerate(goals, start=1) if goal.id is not None}
    for event in events:
        if event.entity == "goal" and event.entity_id and event.entity_id not in numbers:
            numbers[event.entity_id] = len(numbers) + 1
    return numbers


def _line(
    event: AuditEvent,
    names: Mapping[int, str],
    numbers: Mapping[int, int],
    created: Mapping[tuple[str, int | None], Mapping[str, Any]],
) -> HistoryLine:
    actor = names.get(event.actor_id or 0, "The system" if event.actor_id is None else "Someone")
    before, after = event.before or {}, event.after or {}
    added = event.action in ("create", "delete")  # the entry as it stood, not a change
    changes = tuple(_changes(before, after, names, numbers, created=added))
    return HistoryLine(
        at=event.at,
        actor_id=event.actor_id,
        actor=actor,
        kind=_kind(event.entity),
        sentence=f"{actor} {_what(event, before, after, numbers, created)}.",
        changes=changes,
    )


def _kind(entity: str) -> str:
    if entity in ("plan", "goal", "check_in"):
        return entity
    if entity == "goal_comment":
        return "goal"
    return "tracking" if entity in TRACKING_ENTITIES else "plan"


def _what(
    event: AuditEvent,
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    numbers: Mapping,
    created: Mapping[tuple[str, int | None], Mapping[str, Any]],
) -> str:
    """The verb phrase of the sentence: what the actor did."""
    action, entity = event.action, event.entity
    if entity == "plan":
        return _plan_move(action, after)
    goal_number = (
        numbers.get(event.entity_id)
        if entity == "goal"
        else numbers.get(after.get("goal_id") or before.get("goal_id"))
    )
    goal = f"goal {goal_number}" if goal_number else "a goal"
    if entity == "goal":
        if action == "create":
            return f"added {goal}"
        if action == "delete":
            return f"removed {goal}"
        if action == "status":
            return f"marked {goal} {vocabulary.word(after.get('status')).lower()}"
        if action == "acknowledge":
            return f"signed the change to {goal}"
        if action == "reanalyse":
            return f"had {goal} analysed again"
        fields = ", ".join(vocabulary.field_word(name).lower() for name in after)
        return f"changed {goal}'s {fields}" if fields else f"changed {goal}"
    if entity == "goal_comment":
        return f"commented on {goal}"
    if entity == "check_in":
        day = _date(after.get("date") or before.get("date"))
        if action == "create":
            return f"recorded a check-in held on {day}" if day else "recorded a check-in"
        if "employee_comment" in after:
            return "commented on a check-in"
        held = _date(after.get("held_on"))
        return f"corrected the check-in held on {held}" if held else "changed a check-in"
    thing = ENTITY_WORDS.get(entity, entity.replace("_", " "))
    target = f" for {goal}" if goal_number else ""
    if entity == "self_assessment" and action == "create":
        return f"rated their progress on {goal} {after.get('rating')}/5"
    if action == "delete" or (action == "update" and entity in CORRECTED):
        # Named by what it said when it was added (a removal keeps that in the event).
        entry = {**created.get((entity, event.entity_id), {}), **before}
        verb = "removed" if action == "delete" else "corrected"
        return f"{verb} {_entry_named(entity, entry, numbers)}"
    if entity == "learning_item":
        title = after.get("title") or before.get("title")
        title = title or created.get((entity, event.entity_id), {}).get("title")
        named = f"“{title}”" if title else "a learning item"
        if action == "create":
            return f"added {named} to the learning plan{target}"
        if "status" in after:
            return f"marked {named} {vocabulary.word(after['status']).lower()}"
        return f"changed {named} in the learning plan"
    if entity == "mentor_session" and action in ("create", "held"):
        return _mentor_session(action, before, after)
    if entity == "coach_note":
        return "wrote a private coaching note (only the coach reads it)"
    if action == "create":
        return f"added {thing}{target}"
    return f"changed {thing}{target}"


def _mentor_session(action: str, before: Mapping[str, Any], after: Mapping[str, Any]) -> str:
    day = _date(after.get("date") or before.get("date"))
    mentor = after.get("mentor") or before.get("mentor")
    with_whom = f" with {mentor}" if mentor else ""
    on_day = f" on {day}" if day else ""
    if action == "create" and after.get("status") == "planned":
        return f"planned a mentor session{with_whom}{on_day}"
    if action == "create":
        return f"logged a mentor session{with_whom} held{on_day}"
    return f"marked a planned mentor session held{on_day}"


CORRECTED = ("self_assessment", "mentor_session", "evidence")  # edits read "corrected …"


def _entry_named(entity: str, entry: Mapping[str, Any], numbers: Mapping) -> str:
    """An entry as a reader recognises it: "the evidence entry of 3 Nov 2026: ‘Closed 40’"."""
    number = numbers.get(entry.get("goal_id"))
    of_goal = f" on goal {number}" if number else ""
    if entity == "evidence":
        return f"the evidence entry of {_date(entry.get('date'))}: ‘{_quote(entry.get('text'))}’"
    if entity == "self_assessment":
        day = _date(entry.get("created_at")).split(",")[0]
        rating = f" ({entry['rating']}/5, {day})" if entry.get("rating") else ""
        return f"their self-assessment{of_goal}{rating}"
    if entity == "mentor_session":
        return f"the mentor session of {_date(entry.get('date'))} with {entry.get('mentor')}"
    if entity == "action_item":
        return f"the step ‘{_quote(entry.get('text'))}’{of_goal}"
    if entity == "learning_item":
        return f"‘{_quote(entry.get('title'))}’ from the learning plan"
    return ENTITY_WORDS.get(entity, "an entry")


def _quote(text: Any) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= QUOTED else text[: QUOTED - 1].rstrip() + "…"


def _plan_move(action: str, after: Mapping[str, Any]) -> str:
    if action == "acknowledge":
        if after.get("agreement") == "disagree":
            return "acknowledged receiving the plan but does not agree with it"
        return "acknowledged the plan"
    if action == "extend":
        return f"extended the plan to {_date(after.get('end_date'))}"
    if action == "close":
        return f"closed the plan: {vocabulary.word(after.get('outcome')).lower()}"
    if action == "delete":
        return f"deleted the draft ‘{_quote(after.get('title'))}’, which was never issued"
    return PLAN_MOVES.get(action, f"{vocabulary.word(action).lower()} the plan")


def _changes(
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    names: Mapping[int, str],
    numbers: Mapping[int, int],
    created: bool,
) -> list[Change]:
    fields = [name for name in dict.fromkeys([*before, *after]) if name not in HIDDEN_FIELDS]
    changes = []
    for name in fields:
        old, new = before.get(name), after.get(name)
        if created and new in (None, "", [], {}):
            continue
        changes.append(
            Change(
                field=vocabulary.field_word(name),
                before="" if created else _value(name, old, names, numbers),
                after=_value(name, new, names, numbers),
            )
        )
    return changes


def _value(name: str, value: Any, names: Mapping[int, str], numbers: Mapping[int, int]) -> str:
    """A stored value in words: people by name, goals by number, choices, dates, lists."""
    if value is None or value == "" or value == []:
        return "—"
    if name in PERSON_FIELDS and isinstance(value, int):
        return names.get(value, "someone no longer here")
    if name == "goal_id" and isinstance(value, int):
        return f"Goal {numbers[value]}" if value in numbers else "a removed goal"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if name == "ratings" and isinstance(value, list):
        return "; ".join(_rating_words(item, numbers) for item in value)
    if isinstance(value, list):
        return "; ".join(_entry(item) for item in value)
    if isinstance(value, dict):
        return _entry(value)
    text = str(value)
    if day := _date(text):
        return day
    if text in vocabulary.WORDS or (name in ("status", "outcome", "kind") and "_" in text):
        return vocabulary.word(text)
    if name == "roles":
        return ", ".join(vocabulary.word(role) for role in text.split())
    return text if len(text) <= LONG_TEXT else text[: LONG_TEXT - 1].rstrip() + "…"


def _rating_words(rating: Mapping[str, Any], numbers: Mapping[int, int]) -> str:
    """One goal's rating at a check-in: "Goal 1: At risk, 70%"."""
    number = numbers.get(rating.get("goal_id"))
    words = f"Goal {number}: " if number else ""
    words += vocabulary.word(rating.get("status")) or "Not rated"
    return f"{words}, {rating['current_value']}" if rating.get("current_value") else words


def _entry(item: Any) -> str:
    """One entry of a list: a dated note reads "5 Jan 2026: text"; an id reads as its words."""
    if isinstance(item, dict):
        day = _date(item.get("date"))
        text = str(item.get("text", ""))
        return f"{day}: {text}" if day else text
    return vocabulary.word(str(item))


def _date(value: Any) -> str:
    """ "2026-01-05" or an ISO timestamp as "5 Jan 2026"; "" when it is not a date."""
    if not isinstance(value, str) or len(value) < 10 or value[4] != "-" or value[7] != "-":
        return ""
    try:
        day = dt.date.fromisoformat(value[:10])
    except ValueError:
        return ""
    if len(value) > 10:
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            return ""
        return f"{moment:%-d %b %Y, %H:%M} UTC"
    return f"{day:%-d %b %Y}"
