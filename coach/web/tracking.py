"""Tracking per goal on the plan page: the employee's action items (with live SMART feedback),
self-assessments, and resource suggestions that go into the learning plan in one click.

Each part is a self-replacing htmx widget with its own URL; how widgets answer, save and fail is
shared with the plan-level sections and lives in tracking_pages.py. Every read and write goes
through the data layer's permission-checked getters and services, so an object the user may not
see, or may not change, answers 404 whatever the page showed them.
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Response, make_response, render_template, request

from coach.models import ValidationError, permissions, tracking
from coach.models.tables import Goal, Plan
from coach.web.database import get_db
from coach.web.engine import get_catalogue
from coach.web.rendering import wants_fragment
from coach.web.tracking_pages import save, show, template_globals, typed, user
from coach.web.tracking_views import FormState, analyze_for_plan, preview

bp = Blueprint("tracking", __name__)
bp.app_context_processor(template_globals)


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
