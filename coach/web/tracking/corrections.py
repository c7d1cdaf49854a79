"""Correcting tracking entries on the plan page: edit or remove one's own self-assessments,
evidence, mentor sessions, learning items and action items, and the manager's check-ins.

Each entry kind has an edit URL (GET: its widget with the entry as a form; POST: save) and a
remove URL (GET: its widget asking to confirm, a real form step; POST: remove), answering like
every tracking widget (widgets.py): the fresh widget for htmx, a redirect back to the plan for
a plain post, or the form again with the typed text and a message per field (422), a stale or
removed entry in words (409), a closed plan's refusal said once at the top (422). Someone
else's entry answers 404, as for one they cannot see.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, request

from coach.db.tables import Goal, Plan, utcnow
from coach.db.unit_of_work import check_live
from coach.errors import ConflictError
from coach.policy import permissions, stages
from coach.services import corrections, tracking
from coach.services.corrections import ENTRY_KINDS
from coach.web.extensions import get_db
from coach.web.tracking.forms import optional_id, ratings_from
from coach.web.tracking.widgets import save, show, user

bp = Blueprint("corrections", __name__)


@dataclass(frozen=True)
class Place:
    """Where an entry kind shows: its widget, and whether that widget is per goal."""

    widget: str
    per_goal: bool


PLACES = {
    "action_item": Place("actions", per_goal=True),
    "self_assessment": Place("self", per_goal=True),
    "learning_item": Place("learning", per_goal=False),
    "mentor_session": Place("mentoring", per_goal=False),
    "evidence": Place("evidence", per_goal=False),
}


def _own(kind: str, entry_id: int) -> tuple[Any, Plan]:
    """The user's own entry of `kind` and its plan (NotFound for anyone else's)."""
    found = ENTRY_KINDS[kind]
    return permissions.own_entry_for(get_db(), user(), found.table, entry_id, found.capability)


def _goal_of(kind: str, row: Any) -> int | None:
    return getattr(row, "goal_id", None) if PLACES[kind].per_goal else None


def _correct(kind: str, entry_id: int, step: str, change: Callable[[Any], object]) -> Response:
    """GET: the widget with the entry in `step` ("correcting" or "removing"); POST: `change`.

    A removed entry answers 409 with why, whatever was asked."""
    row, plan = _own(kind, entry_id)
    place, key = PLACES[kind], f"{kind}-{row.id}"
    plan_id, goal_id = plan.id, _goal_of(kind, row)
    try:
        check_live(row, ENTRY_KINDS[kind].words)
    except ConflictError as error:
        return show(place.widget, plan_id, goal_id, 409, notice=str(error))
    if request.method == "GET":
        why = stages.why_not(user(), plan, ENTRY_KINDS[kind].doing)
        if why:  # a closed plan: said once at the top, no form
            return show(place.widget, plan_id, goal_id, 422, notice=why)
        return show(place.widget, plan_id, goal_id, **{step: key})
    form_key = f"{key}-{'edit' if step == 'correcting' else 'remove'}"
    return save(place.widget, plan_id, form_key, lambda: change(row), goal_id, state={step: key})


def _remove(kind: str, entry_id: int) -> Response:
    form = request.form
    return _correct(
        kind,
        entry_id,
        "removing",
        lambda row: corrections.remove_entry(
            session=get_db(),
            actor=user(),
            kind=kind,
            entry_id=row.id,
            version=form.get("version", ""),
            confirmed=form.get("confirm") == "yes",
        ),
    )


# -- self-assessments -------------------------------------------------------------------------


@bp.route("/self-assessments/<int:entry_id>/edit", methods=["GET", "POST"])
def edit_self_assessment(entry_id: int) -> Response:
    form = request.form
    return _correct(
        "self_assessment",
        entry_id,
        "correcting",
        lambda row: corrections.edit_self_assessment(
            session=get_db(),
            actor=user(),
            assessment_id=row.id,
            version=form.get("version", ""),
            rating=form.get("rating", ""),
            confidence=form.get("confidence", ""),
            evidence=form.get("evidence", ""),
        ),
    )


@bp.route("/self-assessments/<int:entry_id>/remove", methods=["GET", "POST"])
def remove_self_assessment(entry_id: int) -> Response:
    return _remove("self_assessment", entry_id)


# -- evidence ---------------------------------------------------------------------------------


@bp.route("/evidence/<int:entry_id>/edit", methods=["GET", "POST"])
def edit_evidence(entry_id: int) -> Response:
    form = request.form
    return _correct(
        "evidence",
        entry_id,
        "correcting",
        lambda row: corrections.edit_evidence(
            session=get_db(),
            actor=user(),
            evidence_id=row.id,
            version=form.get("version", ""),
            kind=form.get("kind", ""),
            date=form.get("date", ""),
            text=form.get("text", ""),
            goal_id=optional_id(form.get("goal_id", "")),
        ),
    )


@bp.route("/evidence/<int:entry_id>/remove", methods=["GET", "POST"])
def remove_evidence(entry_id: int) -> Response:
    return _remove("evidence", entry_id)


# -- mentor sessions --------------------------------------------------------------------------


@bp.route("/mentor-sessions/<int:entry_id>/edit", methods=["GET", "POST"])
def edit_mentor_session(entry_id: int) -> Response:
    form = request.form
    return _correct(
        "mentor_session",
        entry_id,
        "correcting",
        lambda row: corrections.edit_mentor_session(
            session=get_db(),
            actor=user(),
            session_id=row.id,
            version=form.get("version", ""),
            date=form.get("date", ""),
            mentor=form.get("mentor", ""),
            topics=form.get("topics", ""),
            takeaways=form.get("takeaways", ""),
            next_steps=form.get("next_steps", ""),
        ),
    )


@bp.route("/mentor-sessions/<int:entry_id>/remove", methods=["GET", "POST"])
def remove_mentor_session(entry_id: int) -> Response:
    return _remove("mentor_session", entry_id)


# -- learning items and action items ----------------------------------------------------------


@bp.route("/learning/<int:entry_id>/edit", methods=["GET", "POST"])
def edit_learning_item(entry_id: int) -> Response:
    form = request.form
    return _correct(
        "learning_item",
        entry_id,
        "correcting",
        lambda row: corrections.edit_learning_item(
            session=get_db(),
            actor=user(),
            item_id=row.id,
            version=form.get("version", ""),
            title=form.get("title", ""),
            goal_id=optional_id(form.get("goal_id", "")),
            due_date=form.get("due_date", ""),
        ),
    )


@bp.route("/learning/<int:entry_id>/remove", methods=["GET", "POST"])
def remove_learning_item(entry_id: int) -> Response:
    return _remove("learning_item", entry_id)


@bp.route("/actions/<int:entry_id>/remove", methods=["GET", "POST"])
def remove_action_item(entry_id: int) -> Response:
    """Editing a step is tracking.edit_action; removing it is here, with the others."""
    return _remove("action_item", entry_id)


# -- check-ins ----------------------------------------------------------------------------------


@bp.route("/check-ins/<int:check_in_id>/edit", methods=["GET", "POST"])
def edit_check_in(check_in_id: int) -> Response:
    """The manager corrects a check-in, for 14 days after recording it."""
    session = get_db()
    check_in, plan = permissions.check_in_row_for(session, user(), check_in_id, "check_in.write")
    key = f"check_in-{check_in.id}"
    if request.method == "GET":
        why = stages.why_not(user(), plan, "check_in.correct")
        why = why or stages.check_in_locked(check_in.created_at, utcnow())
        if why:
            return show("check_ins", plan.id, status=422, notice=why)
        return show("check_ins", plan.id, correcting=key)
    form = request.form
    goals = tracking.plan_rows(session, user(), plan.id, Goal)
    return save(
        "check_ins",
        plan.id,
        f"{key}-edit",
        lambda: corrections.edit_check_in(
            session=session,
            actor=user(),
            check_in_id=check_in.id,
            version=form.get("version", ""),
            date=form.get("date", ""),
            notes=form.get("notes", ""),
            private_notes=form.get("private_notes", ""),
            ratings=ratings_from(form, goals),
        ),
        state={"correcting": key},
    )
