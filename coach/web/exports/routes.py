"""HR's CSV exports: every plan, and one plan's history and check-ins (services/exports.py).

- `/plans.csv` (`?status=` as on the plan list): every plan HR may see, with its people, dates,
  status, outcome and overdue check-ins.
- `/plans/<id>/history.csv`: the History tab's sentences, with time and person.
- `/plans/<id>/check-ins.csv`: each check-in with its notes, the manager's private notes (in
  a column of their own: HR reads them on the plan page too) and per goal the rating and value.

HR only: for everyone else these are 404, like a page that does not exist. A plan's export is
recorded in its history.
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Response, g, make_response, request

from coach.db.engine import session_scope
from coach.policy.lifecycle import STATUSES
from coach.services import exports
from coach.web.extensions import get_db, get_db_engine

bp = Blueprint("exports", __name__)


@bp.get("/plans.csv")
def plans() -> Response:
    status = request.args.get("status", "")
    body = exports.plans_csv(get_db(), g.user, status if status in STATUSES else None)
    return csv_response(body, f"plans-{dt.date.today():%Y-%m-%d}.csv")


@bp.get("/plans/<int:plan_id>/history.csv")
def history(plan_id: int) -> Response:
    body = exports.history_csv(get_db(), g.user, plan_id)
    record(plan_id, "history")
    return csv_response(body, f"plan-{plan_id}-history.csv")


@bp.get("/plans/<int:plan_id>/check-ins.csv")
def check_ins(plan_id: int) -> Response:
    body = exports.check_ins_csv(get_db(), g.user, plan_id)
    record(plan_id, "check_ins")
    return csv_response(body, f"plan-{plan_id}-check-ins.csv")


def record(plan_id: int, file: str) -> None:
    """The export's audit event, in a write unit of its own: this GET read through a
    read-only one (extensions.get_db), which is ended first."""
    get_db().rollback()
    with session_scope(get_db_engine()) as unit:
        exports.record_export(session=unit, actor=g.user, plan_id=plan_id, file=file)


def csv_response(body: str, filename: str) -> Response:
    response = make_response(body.encode("utf-8"))
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
