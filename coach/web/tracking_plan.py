"""Tracking for the whole plan: the learning plan, mentor sessions, the evidence log, check-ins.

Like the per-goal widgets (tracking.py), each section has one URL: GET answers the widget (htmx)
or a small page holding it; POST saves through the data layer and answers the fresh widget or
redirects back to the plan, or shows the form again with a message beside each field. Forms map
to explicit service arguments; nothing a POST carries can set an owner, a plan or a status it
should not.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import Blueprint, Response, request

from coach.models import permissions, tracking
from coach.models.tables import Goal
from coach.web.database import get_db
from coach.web.tracking_pages import save, show, user

bp = Blueprint("tracking_plan", __name__)


def readable_plan(plan_id: int) -> int:
    """The plan's id once the user may read it (NotFound otherwise)."""
    return permissions.plan_for(get_db(), user(), plan_id).id


def optional_id(value: str) -> int | str | None:
    """A goal picked from a list: its id, None for "none", or the raw text (the service says
    what is wrong with it)."""
    value = value.strip()
    if not value:
        return None
    return int(value) if value.isdigit() else value


# -- learning plan ------------------------------------------------------------------------------


@bp.route("/plans/<int:plan_id>/learning", methods=["GET", "POST"])
def learning(plan_id: int) -> Response:
    """The learning plan; POST adds an item of the person's own choosing."""
    plan_id = readable_plan(plan_id)
    if request.method == "GET":
        return show("learning", plan_id)
    form = request.form
    return save(
        "learning",
        plan_id,
        "learning-new",
        lambda: tracking.add_learning_item(
            session=get_db(),
            actor=user(),
            plan_id=plan_id,
            title=form.get("title", ""),
            goal_id=optional_id(form.get("goal_id", "")),
            due_date=form.get("due_date", ""),
        ),
    )


@bp.post("/learning/<int:item_id>/status")
def learning_status(item_id: int) -> Response:
    """Move a learning item between planned, in progress and done."""
    item = permissions.learning_item_for(get_db(), user(), item_id)
    form = request.form
    return save(
        "learning",
        item.plan_id,
        f"learning-{item.id}",
        lambda: tracking.set_learning_status(
            session=get_db(),
            actor=user(),
            item_id=item.id,
            version=form.get("version", ""),
            status=form.get("status", ""),
        ),
    )


# -- mentor sessions and evidence ---------------------------------------------------------------


@bp.route("/plans/<int:plan_id>/mentor-sessions", methods=["GET", "POST"])
def mentoring(plan_id: int) -> Response:
    plan_id = readable_plan(plan_id)
    if request.method == "GET":
        return show("mentoring", plan_id)
    form = request.form
    return save(
        "mentoring",
        plan_id,
        "mentoring-new",
        lambda: tracking.add_mentor_session(
            session=get_db(),
            actor=user(),
            plan_id=plan_id,
            date=form.get("date", ""),
            mentor=form.get("mentor", ""),
            topics=form.get("topics", ""),
            takeaways=form.get("takeaways", ""),
            next_steps=form.get("next_steps", ""),
        ),
    )


@bp.route("/plans/<int:plan_id>/evidence", methods=["GET", "POST"])
def evidence(plan_id: int) -> Response:
    plan_id = readable_plan(plan_id)
    if request.method == "GET":
        return show("evidence", plan_id)
    form = request.form
    return save(
        "evidence",
        plan_id,
        "evidence-new",
        lambda: tracking.add_evidence(
            session=get_db(),
            actor=user(),
            plan_id=plan_id,
            kind=form.get("kind", ""),
            date=form.get("date", ""),
            text=form.get("text", ""),
            goal_id=optional_id(form.get("goal_id", "")),
        ),
    )


# -- check-ins ----------------------------------------------------------------------------------


def ratings_from(form: Mapping[str, str], goals: list[Goal]) -> list[dict[str, object]]:
    """One rating per goal the manager filled in: `status-<goal id>` and `value-<goal id>`."""
    ratings = []
    for goal in goals:
        status = form.get(f"status-{goal.id}", "")
        value = form.get(f"value-{goal.id}", "")
        if status or value.strip():
            ratings.append({"goal_id": goal.id, "status": status, "current_value": value})
    return ratings


@bp.route("/plans/<int:plan_id>/check-ins", methods=["GET", "POST"])
def check_ins(plan_id: int) -> Response:
    """The plan's check-ins; POST records one (the manager)."""
    plan_id = readable_plan(plan_id)
    if request.method == "GET":
        return show("check_ins", plan_id)
    form = request.form
    goals = tracking.plan_rows(get_db(), user(), plan_id, Goal)
    return save(
        "check_ins",
        plan_id,
        "check-in-new",
        lambda: tracking.add_check_in(
            session=get_db(),
            actor=user(),
            plan_id=plan_id,
            date=form.get("date", ""),
            kind=form.get("kind", "scheduled"),
            notes=form.get("notes", ""),
            private_notes=form.get("private_notes", ""),
            ratings=ratings_from(form, goals),
        ),
    )


@bp.post("/check-ins/<int:check_in_id>/comment")
def comment(check_in_id: int) -> Response:
    """The employee's comment on a check-in."""
    check_in = permissions.check_in_for(get_db(), user(), check_in_id)
    form = request.form
    return save(
        "check_ins",
        check_in.plan_id,
        f"comment-{check_in.id}",
        lambda: tracking.comment_on_check_in(
            session=get_db(),
            actor=user(),
            check_in_id=check_in.id,
            version=form.get("version", ""),
            comment=form.get("comment", ""),
        ),
    )
