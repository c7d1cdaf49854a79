"""How the tracking widgets answer: one widget or a page around it, saves and their failures.

Used by every tracking route (per goal and per plan, routes.py).
A widget is named after its template, `templates/tracking/_<name>.html`; htmx gets the widget
alone, a normal request the small page `tracking/section.html` holding it. `save()` runs one
service call and answers: the fresh widget (htmx), a redirect back to the plan (plain post), or,
when the service refuses, the widget again with the typed values and a message per field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Response, render_template, request

from coach.db.tables import Goal, User
from coach.errors import ConflictError, NotFound, TransitionError, ValidationError
from coach.web.auth.routes import current_user
from coach.web.errors import status_of
from coach.web.extensions import get_db
from coach.web.forms import FormState
from coach.web.plan_tabs import part_url
from coach.web.rendering import done, render, wants_fragment
from coach.web.tracking.screens import PlanTracking, plan_tracking

SECTIONS = {
    "actions": "Action plan",
    "self": "Self-assessments",
    "support": "Support for this goal",
    "learning": "Learning plan",
    "mentoring": "Mentor sessions",
    "evidence": "Evidence log",
    "check_ins": "Check-ins",
    "coach_notes": "Private coaching notes",
}


# Widgets whose saves change what the goal's card draws: its charts are swapped in with them.
REDRAWN = {"self": "tracking/_goal_charts.html"}


def user() -> User:
    """The logged-in user (auth.py has already turned anonymous requests away)."""
    viewer = current_user()
    if viewer is None:
        raise NotFound("page")
    return viewer


def plan_page_url(plan_id: int, name: str, goal: Goal | None) -> str:
    """Where widget `name` is on the plan page: its tab, at the widget."""
    return part_url(plan_id, name, anchor(name, goal))


def anchor(name: str, goal: Goal | None) -> str:
    """The id of a widget on the plan page, where a plain post returns to."""
    if goal is not None:
        return f"goal-{goal.id}-{name}"
    return f"plan-{name.replace('_', '-')}"


def widget(
    name: str,
    view: PlanTracking,
    goal: Goal | None = None,
    status: int = 200,
    also: tuple[str, ...] = (),
) -> Response:
    """The widget `name` for htmx, else a small page holding just that widget.

    `also` names plan-level widgets that changed too: htmx swaps them in out of band.
    """
    response = render(
        "tracking/section.html",
        f"tracking/_{name}.html",
        status=status,
        tracking=view,
        goal=goal,
        widget=name,
        section_title=SECTIONS[name],
        plan_url=plan_page_url(view.plan.id, name, goal),
    )
    if also and wants_fragment():
        extra = render_template("tracking/_out_of_band.html", names=also, tracking=view)
        response.set_data(response.get_data(as_text=True) + extra)
    if name in REDRAWN and goal and status < 400 and request.method == "POST" and wants_fragment():
        extra = render_template(REDRAWN[name], tracking=view, goal=goal)
        response.set_data(response.get_data(as_text=True) + extra)
    return response


def show(
    name: str,
    plan_id: int,
    goal_id: int | None = None,
    status: int = 200,
    also: tuple[str, ...] = (),
    **state: Any,
) -> Response:
    """Read the plan's tracking for the current user and answer widget `name`."""
    view = plan_tracking(get_db(), user(), plan_id, **state)
    goal = view.goal(goal_id) if goal_id is not None else None
    if name == "support" and goal is not None:
        view.read_support([goal.id])
    return widget(name, view, goal, status, also)


def typed() -> dict[str, str]:
    """The submitted fields, to show again after a failed save (never the CSRF token)."""
    return {key: value for key, value in request.form.items() if key != "csrf_token"}


def save(
    name: str,
    plan_id: int,
    form_key: str,
    action: Callable[[], object],
    goal_id: int | None = None,
    editing: int | None = None,
    also: tuple[str, ...] = (),
    state: dict[str, Any] | None = None,
) -> Response:
    """Run one service call and answer for it (see the module docstring).

    `form_key` names the form that failed, so that only it shows the typed values and messages;
    `editing` keeps an action item's edit form open, `state` an entry being corrected or
    removed (PlanTracking.correcting / removing); `also` names other widgets the change shows
    up in (swapped out of band for htmx).
    """
    notice = ""
    try:
        action()
    except ValidationError as error:
        form, status = FormState(typed(), error.errors), 422
    except ConflictError as error:
        form, status = FormState(typed(), message=str(error)), status_of(error)
    except TransitionError as error:
        # Not about what was typed: said once at the top of the widget, form or no form.
        form, status, notice = FormState(typed()), 422, str(error)
    else:
        goal = get_db().get(Goal, goal_id) if goal_id is not None else None
        url = plan_page_url(plan_id, name, goal)
        return done(lambda: show(name, plan_id, goal_id, also=also), url)
    kept = {"forms": {form_key: form}, "editing": editing, "notice": notice, **(state or {})}
    return show(name, plan_id, goal_id, status, **kept)
