"""A plan's goals: add, edit, remove, live analysis in the plan's context, re-acknowledgement
and goal status.

Each goal on the plan page is a self-replacing widget (`hx-target="this"`): Edit swaps in the
form, Save swaps the goal back with its new analysis and refreshes the plan's readiness out of
band. Adding or removing a goal changes the whole plan part. The goal box analyses as the
manager types (`POST /plans/<id>/goals/preview`), with the plan's issue types and dates as
context, exactly as the saved goal will be analysed (`analyze_for_plan`). Every step works as a
plain form post too.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, g, redirect, request

from coach.db.tables import Goal, Plan
from coach.errors import ConflictError, TransitionError, ValidationError
from coach.measures import amount_text, number_text
from coach.policy import permissions, stages
from coach.services import goals as goal_services
from coach.services.goal_numbers import NumbersDiffer
from coach.web.errors import status_of
from coach.web.extensions import get_db
from coach.web.feedback.in_plan import analyze_for_plan
from coach.web.feedback.in_plan import preview as preview_text
from coach.web.forms import FormState
from coach.web.goals import numbers as goal_numbers
from coach.web.goals.forms import GoalForm
from coach.web.plan_tabs import tab_url
from coach.web.plans.routes import after_change, show_plan
from coach.web.plans.screens import goal_card, plan_page
from coach.web.rendering import done, render, wants_fragment

bp = Blueprint("goals", __name__)
bp.add_app_template_filter(amount_text, "amount")
bp.add_app_template_filter(number_text, "number")


@bp.post("/plans/<int:plan_id>/goals/preview")
def preview(plan_id: int) -> Response:
    """htmx: feedback on the goal being typed, before it is saved (nothing is stored)."""
    plan = permissions.plan_for(get_db(), g.user, plan_id, "goal.write")
    result = preview_text(request.form.get("text", ""), plan)
    view, message = result.feedback, result.message
    status = 422 if message else 200
    analysis = view.analysis.to_dict() if view else None
    return render(
        "plans/preview.html",
        "plans/_goal_preview.html",
        status=status,
        plan=plan,
        view=view,
        message=message,
        preview_numbers=goal_numbers.preview_panel(request.form, analysis)
        if wants_fragment()
        else None,
    )


@bp.post("/plans/<int:plan_id>/goals")
def add(plan_id: int) -> Response:
    """Add a goal to a draft plan; it is analysed in the plan's context and stored with it."""
    form = GoalForm.from_form(request.form)
    try:
        goal = goal_services.add_goal(
            session=get_db(),
            actor=g.user,
            plan_id=plan_id,
            analyze=analyze_for_plan,
            **form.fields(),
        )
    except (ValidationError, TransitionError) as error:
        errors = getattr(error, "errors", {"text": str(error)})
        differs = error if isinstance(error, NumbersDiffer) else None
        return show_plan(
            plan_id,
            status=422,
            tab="goals",
            new_goal=form,
            goal_state=FormState(errors=errors),
            new_goal_numbers=goal_numbers.form_panel("new-goal", form, differs),
        )
    return after_change(plan_id, "Goal added.", anchor=f"goal-{goal.id}", tab="goals")


def goal_widget(goal: Goal, status: int = 200, **context: Any) -> Response:
    """One goal as the plan page shows it (htmx), or the whole plan page."""
    page = plan_page(get_db(), g.user, goal.plan_id, tab="goals")
    card = next(card for card in page.goals if card.goal.id == goal.id)
    return render(
        "plans/show.html",
        "plans/_goal_fragment.html",
        status=status,
        plan_view=page,
        plan=page.plan,
        user=g.user,
        card=card,
        typed={},
        **context,
    )


@bp.get("/goals/<int:goal_id>")
def show(goal_id: int) -> Response:
    """htmx: the goal widget (Cancel on the edit form); a page load goes to the plan."""
    goal = permissions.goal_for(get_db(), g.user, goal_id)
    if wants_fragment():
        return goal_widget(goal)
    return redirect(tab_url(goal.plan_id, "goals", f"goal-{goal.id}"))


def edit_form(goal: Goal, form: GoalForm, status: int = 200, **context: Any) -> Response:
    session = get_db()
    plan = session.get(Plan, goal.plan_id)
    card = goal_card(session, g.user, goal)
    view = preview_text(form.text, plan).feedback if form.text != goal.text else card.view
    differs = context.pop("differs", None)
    return render(
        "plans/goal_edit.html",
        "plans/_goal_form.html",
        status=status,
        plan=plan,
        card=card,
        form=form,
        view=view,
        state=FormState(errors=context.pop("errors", {})),
        numbers=goal_numbers.form_panel(f"goal-{goal.id}", form, differs, goal),
        **context,
    )


@bp.route("/goals/<int:goal_id>/edit", methods=["GET", "POST"])
def edit(goal_id: int) -> Response:
    """The goal's edit form, and saving it (after signing: old version kept, re-sign asked)."""
    goal = permissions.goal_for(get_db(), g.user, goal_id, "goal.write")
    if request.method == "GET":
        # The form opens only when saving it can succeed (an issued plan is recalled first).
        stages.require_now(g.user, get_db().get(Plan, goal.plan_id), "goal.write", "goal")
        return edit_form(goal, GoalForm.from_goal(goal))
    form = GoalForm.from_form(request.form)
    try:
        goal = goal_services.update_goal(
            session=get_db(),
            actor=g.user,
            goal_id=goal_id,
            version=form.version,
            analyze=analyze_for_plan,
            reason=form.reason,
            **form.fields(),
        )
    except ValidationError as error:
        differs = error if isinstance(error, NumbersDiffer) else None
        return edit_form(goal, form, status=422, errors=error.errors, differs=differs)
    except (ConflictError, TransitionError) as error:
        form.version = str(goal.version)  # saving again now replaces the other change, knowingly
        return edit_form(goal, form, status=status_of(error), conflict=str(error))
    return saved(goal)


def saved(goal: Goal) -> Response:
    url = tab_url(goal.plan_id, "goals", f"goal-{goal.id}")
    return done(lambda: goal_widget(goal, saved=True), url)


@bp.post("/goals/<int:goal_id>/remove")
def remove(goal_id: int) -> Response:
    """Remove a goal from a draft plan."""
    session = get_db()
    goal = permissions.goal_for(session, g.user, goal_id, "goal.write")
    plan_id = goal.plan_id
    try:
        goal_services.remove_goal(
            session=session, actor=g.user, goal_id=goal_id, version=request.form.get("version")
        )
    except (ValidationError, TransitionError, ConflictError) as error:
        problem = {"action": "goals", "error": error}
        return show_plan(plan_id, status=status_of(error), tab="goals", problem=problem)
    return after_change(plan_id, "Goal removed.", anchor="goals", tab="goals")


@bp.post("/goals/<int:goal_id>/acknowledge")
def acknowledge(goal_id: int) -> Response:
    """The employee signs a goal that changed after they acknowledged the plan."""
    return goal_step(goal_id, goal_services.acknowledge_goal_change)


@bp.post("/goals/<int:goal_id>/status")
def status(goal_id: int) -> Response:
    """The manager marks a goal open, met or not met while the plan runs."""
    return goal_step(goal_id, goal_services.set_goal_status, status=request.form.get("status"))


@bp.post("/goals/<int:goal_id>/comments")
def comment(goal_id: int) -> Response:
    """The employee comments on a goal; a refusal keeps what they typed."""
    session = get_db()
    goal = permissions.goal_for(session, g.user, goal_id)
    text = request.form.get("comment", "")
    try:
        goal_services.comment_on_goal(session=session, actor=g.user, goal_id=goal_id, text=text)
    except (ValidationError, TransitionError) as error:
        errors = getattr(error, "errors", None) or {"comment": str(error)}
        state = FormState({"comment": text}, errors=errors)
        return goal_widget(goal, status=status_of(error), comment_state=state, comment_goal=goal.id)
    return saved(goal)


def goal_step(goal_id: int, service: Any, **fields: Any) -> Response:
    """A one-button change to a goal; a refusal is shown on the goal itself."""
    session = get_db()
    goal = permissions.goal_for(session, g.user, goal_id)
    try:
        goal = service(
            session=session,
            actor=g.user,
            goal_id=goal_id,
            version=request.form.get("version"),
            **fields,
        )
    except (ValidationError, TransitionError, ConflictError) as error:
        if wants_fragment():
            return goal_widget(goal, status=status_of(error), goal_problem=str(error))
        problem = {"action": "goals", "error": error}
        return show_plan(goal.plan_id, status=status_of(error), tab="goals", problem=problem)
    return saved(goal)
