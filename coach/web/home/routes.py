"""The front page: what PIP Coach does and the way in; once logged in, the user's dashboard.
And `/healthz` for load balancers and monitors: is the database reachable, is the analyser
loaded (200), or not yet / not any more (503). It names no versions, paths or errors."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, g, jsonify, render_template, request
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from coach.web import extensions
from coach.web.auth.routes import public
from coach.web.extensions import get_db
from coach.web.home.screens import dashboard
from coach.web.rendering import render
from coach.web.security import rate_limited

bp = Blueprint("home", __name__)


@bp.get("/")
@rate_limited
def index() -> str | Response:
    if g.get("user") is None:
        return render_template("home.html")
    board = dashboard(get_db(), g.user, hr_status=request.args.get("status", ""))
    return render("dashboard/index.html", "dashboard/_hr.html", board=board)


@bp.get("/healthz")
@public
def health() -> tuple[Response, int]:
    database = "ok" if database_reachable() else "unreachable"
    loaded = current_app.extensions.get(extensions.ANALYSIS_KEY) is not None
    analyser = "loaded" if loaded else "not loaded"
    healthy = database == "ok" and loaded
    body = {
        "status": "ok" if healthy else "unavailable",
        "database": database,
        "analyser": analyser,
    }
    return jsonify(body), 200 if healthy else 503


def database_reachable() -> bool:
    try:
        with extensions.get_db_engine().connect() as connection:
            connection.execute(text("SELECT 1"))
    except (SQLAlchemyError, OSError):
        return False
    return True
