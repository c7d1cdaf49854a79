"""The plan pages: the list, a new plan, the plan page, draft edits, people, the lifecycle and
the audit trail.

The plan page has tabs (coach/web/plan_tabs.py): `/plans/<id>` is its Overview, `/plans/<id>/
goals`, `/progress` and `/support` the others, `/plans/<id>/history` the audit trail (HR). A tab
link asks htmx for the tabs part only; a change answers with the whole plan part.

Views are thin: read the form (forms.py), call a service from coach.services, render. Every
read goes through the data layer's permission getters, so a plan the user may not see answers
404 wherever it is asked for. A failed save shows the form again with what was typed and a
message next to each field (422), a stale `version` says someone else saved first (409), and a
lifecycle move the plan cannot take says why (422). After a change a plain form post is
redirected to the plan page; an htmx request gets the plan part of the page to swap in.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, flash, g, make_response, redirect, request, url_for

from coach.db.tables import User
from coach.errors import ConflictError, NotFound, TransitionError, ValidationError
from coach.policy import permissions, stages
from coach.policy.lifecycle import STATUSES
from coach.resources.plan_types import PlanType, plan_types
from coach.services import history as plan_history
from coach.services import plans as plan_services
from coach.services.accounts import reports_of, users_with_role
from coach.services.moves import MOVES
from coach.web.errors import status_of
from coach.web.extensions import get_catalogue, get_db, get_engine, get_issue_types
from coach.web.feedback.in_plan import analyze_for_plan
from coach.web.forms import FormState
from coach.web.plan_tabs import PAGE_TABS, tab_url
from coach.web.plans.forms import CADENCES, LENGTHS, PlanForm, optional_id
from coach.web.plans.paper import paper_pdf, plan_paper
from coach.web.plans.screens import plan_page, users_named
from coach.web.rendering import done, render

bp = Blueprint("plans", __name__)


@bp.get("/plans")
def index() -> Response:
    """Every plan the user may see; `?status=` narrows the list to one state."""
    status = request.args.get("status", "")
    status = status if status in STATUSES else ""
    session = get_db()
    plans = permissions.visible_plans(session, g.user, status or None)
    ids = {plan.employee_id for plan in plans} | {plan.manager_id for plan in plans}
    return render(
        "plans/index.html",
        "plans/_list.html",
        plans=plans,
        names=users_named(session, ids),
        chosen=status,
        statuses=STATUSES,
    )


def require_manager() -> None:
    if not (g.user.is_active and g.user.has_role("manager")):
        raise NotFound("page")


def form_page(
    form: PlanForm, status: int = 200, fragment: str = "plans/_form.html", **context: Any
) -> Response:
    """The plan form (new or draft edit), with the people who may be chosen."""
    session = get_db()
    return render(
        "plans/form.html",
        fragment,
        status=status,
        form=form,
        state=FormState(errors=context.pop("errors", {})),
        employees=reports_of(session, g.user),
        coaches=users_with_role(session, "coach"),
        hr_people=users_with_role(session, "hr"),
        issue_types=get_issue_types(),
        lengths=LENGTHS,
        cadences=CADENCES,
        **context,
    )


def proposed_types(form: PlanForm, goals: list[str] | None = None) -> list[PlanType]:
    """The plan's issue types: those picked, then those its gap, evidence and goals suggest."""
    catalogue = get_catalogue()
    if catalogue is None:
        return []
    return plan_types(
        gap=form.gap,
        evidence=[entry.get("text", "") for entry in form.evidence],
        goals=goals or [],
        chosen=form.issue_types,
        nlp=get_engine().nlp,
        issue_types=catalogue.issue_types,
    )


def proposals(form: PlanForm, goals: list[str] | None = None) -> dict[str, Any]:
    """Template context: the types to show (picked and proposed) and the proposed ones' ids."""
    found = proposed_types(form, goals)
    return {
        "plan_types": found,
        "proposed": [t.id for t in found if not t.chosen],
    }


def goal_texts(plan_id: str | None) -> list[str]:
    """The goals of a plan being edited, for classifying it whole (none for a new plan)."""
    if not plan_id or not plan_id.isdigit():
        return []
    session = get_db()
    plan = permissions.plan_for(session, g.user, int(plan_id), "plan.edit")
    return [goal.text for goal in plan_services.plan_goals(session, plan)]


@bp.route("/plans/new", methods=["GET", "POST"])
def new() -> Response:
    """A manager drafts a plan; it opens as a draft only they (and HR) can see.

    Saved with no issue type while the plan's words suggest some, the form comes back with the
    proposals for the manager to tick (nothing is ticked for them); saved again as it is, the
    plan is kept without types.
    """
    require_manager()
    if request.method == "GET":
        return form_page(PlanForm())
    form = PlanForm.from_form(request.form)
    if not form.issue_types and not request.form.get("types_reviewed"):
        context = proposals(form)
        if context["proposed"]:
            return form_page(form, confirm_types=True, **context)
    try:
        plan = plan_services.create_plan(
            session=get_db(),
            actor=g.user,
            employee_id=optional_id(form.employee_id),
            another_open_plan_confirmed=request.form.get("another_open_plan_confirmed") == "yes",
            **form.details(),
        )
    except ValidationError as error:
        return form_page(form, status=422, errors=error.errors)
    url = tab_url(plan.id, "goals")
    message = "Draft saved. Add the goals, then issue the plan."
    return done(lambda: show_plan(plan.id, tab="goals"), url, message)


@bp.post("/plans/issue-types")
def issue_types() -> Response:
    """htmx: the types the plan's words suggest, with their confidence and words.

    Typing in the gap or evidence gets only the suggestions back (the checkboxes are the
    manager's and are never re-rendered under their hands); "Tick the suggested types" gets the
    whole set of choices with the suggested ones ticked.
    """
    require_manager()
    form = PlanForm.from_form(request.form)
    context = proposals(form, goal_texts(request.form.get("plan_id")))
    if not request.form.get("accept_proposals"):
        return form_page(form, fragment="plans/_issue_type_proposals.html", **context)
    form.issue_types = [*form.issue_types, *context["proposed"]]
    context = proposals(form, goal_texts(request.form.get("plan_id")))
    return form_page(form, fragment="plans/_issue_types.html", **context)


@bp.route("/plans/<int:plan_id>/edit", methods=["GET", "POST"])
def edit(plan_id: int) -> Response:
    """Edit a draft plan's details (its manager)."""
    session = get_db()
    plan = permissions.plan_for(session, g.user, plan_id, "plan.edit")
    stages.require_now(g.user, plan, "plan.edit")
    employee = session.get(User, plan.employee_id)
    context = {"plan": plan, "employee_name": employee.name if employee else ""}
    if request.method == "GET":
        return form_page(PlanForm.from_plan(plan), **context)
    form = PlanForm.from_form(request.form)
    try:
        plan_services.update_plan(
            session=session,
            actor=g.user,
            plan_id=plan.id,
            version=form.version,
            analyze=analyze_for_plan,
            **form.details(),
        )
    except ValidationError as error:
        return form_page(form, status=422, errors=error.errors, **context)
    except ConflictError as error:
        form.version = str(plan.version)
        return form_page(form, status=409, conflict=str(error), **context)
    return after_change(plan.id, "Plan details saved.")


@bp.get("/plans/<int:plan_id>")
def show(plan_id: int) -> Response:
    """The plan page on its Overview tab."""
    return show_plan(plan_id, fragment=TABS_FRAGMENT)


@bp.get("/plans/<int:plan_id>.pdf")
def pdf(plan_id: int) -> Response:
    """The plan on paper (web/plans/paper.py) for whoever may read the plan; HR adds
    `?private=1` for their copy with the check-ins' private notes (others asking for it get
    the ordinary copy). Never cached: it is HR data."""
    paper = plan_paper(get_db(), g.user, plan_id, private=request.args.get("private") == "1")
    response = make_response(paper_pdf(paper))
    response.mimetype = "application/pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{paper.filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/plans/<int:plan_id>/<any(" + ", ".join(PAGE_TABS) + "):tab>")
def tab(plan_id: int, tab: str) -> Response:
    """The plan page on its Goals, Progress or Support tab (htmx: just the tabs part)."""
    return show_plan(plan_id, tab=tab, fragment=TABS_FRAGMENT)


TABS_FRAGMENT = "plans/_tabs.html"  # what a tab link asks for: the tabs and the shown panel


def show_plan(
    plan_id: int,
    status: int = 200,
    tab: str = "overview",
    fragment: str = "plans/_plan.html",
    **context: Any,
) -> Response:
    """The plan page with `tab` shown; for htmx `fragment`: the plan part (after a change, the
    default) or the tabs part (a tab link). `context` carries a problem to show."""
    session = get_db()
    page = plan_page(session, g.user, plan_id, tab=tab)
    if page.may("plan.people"):
        context.setdefault("coaches", users_with_role(session, "coach"))
        context.setdefault("hr_people", users_with_role(session, "hr"))
    return render(
        "plans/show.html",
        fragment,
        status=status,
        plan_view=page,
        plan=page.plan,
        user=g.user,
        typed=request.form if request.method == "POST" else {},
        **context,
    )


def after_change(
    plan_id: int, message: str, anchor: str | None = None, tab: str = "overview"
) -> Response:
    """After a successful change: the plan part for htmx (with the message, on `tab`), else
    back to that tab of the plan page (the message flashed there)."""
    url = tab_url(plan_id, tab, anchor)
    return done(lambda: show_plan(plan_id, tab=tab, done=message), url, message)


MOVE_RULE = "/plans/<int:plan_id>/<any(" + ", ".join(MOVES) + "):action>"


@bp.post(MOVE_RULE)
def transition(plan_id: int, action: str) -> Response:
    """Move the plan through its lifecycle; refused moves come back with the reason."""
    move = MOVES[action]
    try:
        move.run(
            session=get_db(),
            actor=g.user,
            plan_id=plan_id,
            version=request.form.get("version"),
            form=request.form,
        )
    except (ValidationError, TransitionError, ConflictError) as error:
        problem = {"action": action, "error": error, "state": FormState.refused(error)}
        return show_plan(plan_id, status=status_of(error), problem=problem)
    return after_change(plan_id, move.done, anchor="lifecycle")


@bp.route("/plans/<int:plan_id>/delete", methods=["GET", "POST"])
def delete(plan_id: int) -> Response:
    """Delete a draft that was never issued (its manager): GET asks to confirm, POST deletes.

    The plan is kept with its history but leaves every list; a plan once issued is refused."""
    session = get_db()
    plan = permissions.plan_for(session, g.user, plan_id, "plan.lifecycle")
    refusal = stages.why_not(g.user, plan, "plan.delete")
    if request.method == "GET" or refusal:
        status = 422 if refusal else 200
        return render("plans/delete.html", "plans/_delete.html", status, plan=plan, refusal=refusal)
    try:
        plan_services.delete_draft(
            session=session,
            actor=g.user,
            plan_id=plan.id,
            version=request.form.get("version"),
            confirmed=request.form.get("confirm") == "yes",
        )
    except (ValidationError, TransitionError, ConflictError) as error:
        return render(
            "plans/delete.html",
            "plans/_delete.html",
            status_of(error),
            plan=plan,
            state=FormState.refused(error),
            problem=str(error) if not isinstance(error, ValidationError) else "",
        )
    flash(f"The draft “{plan.title}” has been deleted.", "notice")
    return redirect(url_for("plans.index"), 303)  # the confirmation page is a plain form


@bp.post("/plans/<int:plan_id>/people")
def people(plan_id: int) -> Response:
    """Change the plan's coach and HR contact (its manager, or HR)."""
    try:
        plan_services.assign_people(
            session=get_db(),
            actor=g.user,
            plan_id=plan_id,
            version=request.form.get("version"),
            coach_id=optional_id(request.form.get("coach_id")),
            hr_contact_id=optional_id(request.form.get("hr_contact_id")),
        )
    except (ValidationError, TransitionError, ConflictError) as error:
        problem = {"action": "people", "error": error, "state": FormState.refused(error)}
        return show_plan(plan_id, status=status_of(error), problem=problem)
    return after_change(plan_id, "The plan's people have been updated.", anchor="people")


@bp.get("/plans/<int:plan_id>/history")
def history(plan_id: int) -> Response:
    """The plan page on its History tab: the audit trail as sentences, oldest first, filtered
    by kind and person (for those who read the audit trail, HR; read-only)."""
    session = get_db()
    person = request.args.get("person", "")
    found = plan_history.plan_history(
        session,
        g.user,
        plan_id,
        kind=request.args.get("kind", ""),
        person=int(person) if person.isdigit() and len(person) < 10 else None,
    )
    return show_plan(
        plan_id, tab="history", fragment=TABS_FRAGMENT, history=found, kinds=plan_history.KINDS
    )
