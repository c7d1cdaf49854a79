"""The plans JSON API: `GET /api/plans` and `GET /api/plans/<id>`, read-only.

Authenticated by the same session cookie as the pages (no session: 401) and answered through
the same permission functions: the list holds exactly the plans the user may see, and a plan
they may not see is a 404, like one that does not exist. `?status=` narrows the list, which
comes a page at a time: `?page=` (from 1) and `?per_page=` (1 to 100, default 20), with
`total` and `links` to the next and previous pages in the body. Unknown parameters or values
are a 400, as on the analysis API: the query goes through `schemas.PlansQuery`, and the
answers are described by the models beside it in `GET /api/openapi.json`. Check-ins and their
private notes are not part of these answers. Errors are JSON (errors.py).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, g, jsonify, url_for

from coach.db.tables import Goal, Plan
from coach.policy import lifecycle, permissions
from coach.services.plans import plan_goals
from coach.web.contract import Description, described, parse_query
from coach.web.extensions import get_db
from coach.web.plans.schemas import PlanDetail, PlanPage, PlansQuery
from coach.web.plans.screens import days_left, people_of

bp = Blueprint("plans_api", __name__, url_prefix="/api/plans")


def person_json(user: Any) -> dict[str, Any] | None:
    return {"id": user.id, "name": user.name} if user else None


def plan_summary(plan: Plan) -> dict[str, Any]:
    return {
        "id": plan.id,
        "title": plan.title,
        "status": plan.status,
        "outcome": plan.outcome,
        "employee_id": plan.employee_id,
        "manager_id": plan.manager_id,
        "coach_id": plan.coach_id,
        "hr_contact_id": plan.hr_contact_id,
        "start_date": plan.start_date.isoformat(),
        "end_date": plan.end_date.isoformat(),
        "days_left": days_left(plan),
    }


def goal_json(goal: Goal) -> dict[str, Any]:
    return {
        "id": goal.id,
        "text": goal.text,
        "baseline": goal.baseline,
        "target": goal.target,
        "baseline_value": goal.baseline_value,
        "target_value": goal.target_value,
        "unit": goal.unit,
        "deadline": goal.deadline.isoformat() if goal.deadline else None,
        "status": goal.status,
        "needs_acknowledgement": goal.needs_acknowledgement,
        "ready": lifecycle.is_ready(goal.analysis),
        "analysis": goal.analysis or None,
        "version": goal.version,
    }


def plan_detail(plan: Plan) -> dict[str, Any]:
    session = get_db()
    people = {role: person_json(user) for role, user in people_of(session, plan).items()}
    return {
        **plan_summary(plan),
        "people": people,
        "issue_types": list(plan.issue_types),
        "gap": plan.gap,
        "gap_evidence": list(plan.gap_evidence),
        "baseline": plan.baseline,
        "length": plan.length,
        "checkin_cadence": plan.checkin_cadence,
        "override_reason": plan.override_reason,
        "outcome_note": plan.outcome_note,
        "issued_at": plan.issued_at.isoformat() if plan.issued_at else None,
        "acknowledged_at": plan.acknowledged_at.isoformat() if plan.acknowledged_at else None,
        "version": plan.version,
        "goals": [goal_json(goal) for goal in plan_goals(session, plan)],
    }


@bp.get("")
@described(
    Description(
        "The plans you may see, newest first, a page at a time",
        answer=PlanPage,
        errors=(400, 401),
        query=PlansQuery,
        tag="plans",
    )
)
def index() -> Response:
    """`{"plans": [...], "page", "per_page", "total", "links"}`: the plans the user may see,
    newest first, one page at a time."""
    query = parse_query(PlansQuery)
    status, page, per_page = query.status, query.page, query.per_page
    session = get_db()
    total = permissions.count_visible_plans(session, g.user, status)
    plans = permissions.visible_plans(
        session, g.user, status, offset=(page - 1) * per_page, limit=per_page
    )
    return jsonify(
        plans=[plan_summary(plan) for plan in plans],
        page=page,
        per_page=per_page,
        total=total,
        links={
            "next": page_link(page + 1, per_page, status) if page * per_page < total else None,
            "prev": page_link(page - 1, per_page, status) if page > 1 else None,
        },
    )


def page_link(page: int, per_page: int, status: str | None) -> str:
    extra = {"status": status} if status else {}
    return url_for("plans_api.index", page=page, per_page=per_page, **extra)


@bp.get("/<int:plan_id>")
@described(
    Description(
        "One plan with its people and goals",
        answer=PlanDetail,
        errors=(401, 404),
        tag="plans",
        notes="A plan you may not see is a 404, exactly like one that does not exist.",
    )
)
def show(plan_id: int) -> Response:
    """One plan with its people and goals (each with its stored analysis)."""
    return jsonify(plan_detail(permissions.plan_for(get_db(), g.user, plan_id)))
