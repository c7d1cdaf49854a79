"""Tracking per goal on the plan page: the employee's action items (with live SMART feedback),
self-assessments, and resource suggestions that go into the learning plan in one click.

Each part is a self-replacing htmx widget with its own URL; how widgets answer, save and fail is
shared with the plan-level sections and lives in widgets.py. Every read and write goes
through the data layer's permission-checked getters and services, so an object the user may not
see, or may not change, answers 404 whatever the page showed them.

The plan-level sections (the learning plan, mentor sessions, the evidence log, check-ins) work
the same way: GET answers the widget (htmx) or a small page holding it; POST saves through the
services and answers the fresh widget, redirects back to the plan, or shows the form again with
a message beside each field.
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Response, make_response, render_template, request

from coach.db.tables import Goal, Plan
from coach.errors import ValidationError
from coach.policy import permissions
from coach.services import coach_notes as coach_note_services
from coach.services import tracking
from coach.web.extensions import get_catalogue, get_db
from coach.web.feedback.in_plan import analyze_for_plan, preview
from coach.web.forms import FormState
from coach.web.rendering import wants_fragment
from coach.web.tracking.forms import optional_id, ratings_from
from coach.web.tracking.widgets import save, show, typed, user

bp = Blueprint("tracking", __name__)


def readable_goal(goal_id: int, capability: str = permissions.READ) -> Goal:
    return permissions.goal_for(get_db(), user(), goal_id, capability)


# -- per goal: action items -----------------------------------------------------------------


@bp.get("/goals/<int:goal_id>/actions")
def actions(goal_id: int) -> Response:
    """The goal's action plan."""
    goal = readable_goal(goal_id)
    return show("actions", goal.plan_id, goal.id)


@bp.post("/goals/<int:goal_id>/actions")
def add_action(goal_id: int) -> Response:
    goal = readable_goal(goal_id)
    form = request.form
    return save(
        "actions",
        goal.plan_id,
        f"action-new-{goal.id}",
        lambda: tracking.add_action_item(
            session=get_db(),
            actor=user(),
            goal_id=goal.id,
            text=form.get("text", ""),
            due_date=form.get("due_date", ""),
            analyze=analyze_for_plan,
        ),
        goal.id,
    )


@bp.post("/goals/<int:goal_id>/actions/preview")
def preview_action(goal_id: int) -> Response:
    """Feedback on an action item as the employee types it, judged with the plan's context.

    htmx asks as they type and gets the feedback alone; the "Check wording" button without
    JavaScript gets the goal's action plan with the typed text and the feedback under it.
    """
    goal = readable_goal(goal_id, "action_item.write")
    plan = get_db().get(Plan, goal.plan_id)
    result = preview(request.form.get("text", ""), plan)
    status = 422 if result.message else 200
    if not wants_fragment():
        key = f"action-new-{goal.id}"
        forms = {key: FormState(typed())}
        return show("actions", plan.id, goal.id, status, forms=forms, previews={key: result})
    item_id = request.form.get("item_id", "")
    prefix = f"action-{int(item_id)}" if item_id.isdigit() else f"goal-{goal.id}-new-action"
    fragment = render_template("tracking/_preview.html", preview=result, prefix=prefix)
    response = make_response(fragment, status)
    response.vary.add("HX-Request")
    return response


@bp.get("/actions/<int:item_id>/edit")
def edit_action(item_id: int) -> Response:
    """The goal's action plan with this item as a form."""
    item = permissions.action_item_for(get_db(), user(), item_id, "action_item.write")
    return show("actions", item.plan_id, item.goal_id, editing=item.id)


@bp.post("/actions/<int:item_id>")
def update_action(item_id: int) -> Response:
    item = permissions.action_item_for(get_db(), user(), item_id)
    form = request.form
    return save(
        "actions",
        item.plan_id,
        f"action-edit-{item.id}",
        lambda: tracking.update_action_item(
            session=get_db(),
            actor=user(),
            item_id=item.id,
            version=form.get("version", ""),
            text=form.get("text", ""),
            due_date=form.get("due_date", ""),
            status=form.get("status", ""),
            analyze=analyze_for_plan,
        ),
        item.goal_id,
        editing=item.id,
    )


# -- per goal: self-assessments and support -------------------------------------------------


@bp.get("/goals/<int:goal_id>/self-assessments")
def self_assessments(goal_id: int) -> Response:
    goal = readable_goal(goal_id)
    return show("self", goal.plan_id, goal.id)


@bp.post("/goals/<int:goal_id>/self-assessments")
def add_self_assessment(goal_id: int) -> Response:
    goal = readable_goal(goal_id)
    form = request.form
    return save(
        "self",
        goal.plan_id,
        f"self-new-{goal.id}",
        lambda: tracking.add_self_assessment(
            session=get_db(),
            actor=user(),
            goal_id=goal.id,
            rating=form.get("rating", ""),
            confidence=form.get("confidence", ""),
            evidence=form.get("evidence", ""),
        ),
        goal.id,
    )


@bp.get("/goals/<int:goal_id>/support")
def support(goal_id: int) -> Response:
    """Resources that fit this goal and the days left, with "Add to learning plan"."""
    goal = readable_goal(goal_id)
    return show("support", goal.plan_id, goal.id)


@bp.post("/goals/<int:goal_id>/support")
def add_suggestion(goal_id: int) -> Response:
    """Put a suggested resource into the learning plan, linked to this goal."""
    goal = readable_goal(goal_id)
    plan = permissions.plan_for(get_db(), user(), goal.plan_id, "learning.add")
    return save(
        "support",
        plan.id,
        f"support-{goal.id}",
        lambda: add_resource(plan, goal, request.form.get("resource_id", "")),
        goal.id,
        also=("learning",),
    )


def add_resource(plan: Plan, goal: Goal, resource_id: str) -> None:
    """Add a catalogue resource, due when its usual duration ends (within the plan)."""
    catalogue = get_catalogue()
    resource = catalogue.by_id.get(resource_id) if catalogue is not None else None
    if resource is None:
        raise ValidationError({"resource_id": "Choose one of the suggested resources."})
    start = max(dt.date.today(), plan.start_date)
    due = min(plan.end_date, start + dt.timedelta(days=resource.duration_days))
    tracking.add_learning_item(
        session=get_db(),
        actor=user(),
        plan_id=plan.id,
        title=resource.title,
        resource_id=resource.id,
        goal_id=goal.id,
        due_date=due,
    )


# -- per plan ------------------------------------------------------------------------------


def readable_plan(plan_id: int) -> int:
    """The plan's id once the user may read it (NotFound otherwise)."""
    return permissions.plan_for(get_db(), user(), plan_id).id


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
            status=form.get("status", "held"),
        ),
    )


@bp.post("/mentor-sessions/<int:session_id>/held")
def session_held(session_id: int) -> Response:
    """A planned session took place: mark it held, with its takeaways."""
    row = permissions.mentor_session_for(get_db(), user(), session_id)
    form = request.form
    return save(
        "mentoring",
        row.plan_id,
        f"held-{row.id}",
        lambda: tracking.mark_session_held(
            session=get_db(),
            actor=user(),
            session_id=row.id,
            date=form.get("date", ""),
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


# -- the coach's private notes ------------------------------------------------------------------


@bp.route("/plans/<int:plan_id>/coach-notes", methods=["GET", "POST"])
def coach_notes(plan_id: int) -> Response:
    """The coach's private notes on a plan they coach; for anyone else there is nothing here."""
    plan = permissions.plan_for(get_db(), user(), plan_id, "coach_note.read")
    if request.method == "GET":
        return show("coach_notes", plan.id)
    form = request.form
    return save(
        "coach_notes",
        plan.id,
        "coach-note-new",
        lambda: coach_note_services.add_note(
            session=get_db(), actor=user(), plan_id=plan.id, text=form.get("text", "")
        ),
    )


# -- check-ins ----------------------------------------------------------------------------------


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
            due_date=form.get("due_date"),
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
