"""The front page: what PIP Coach does and the way in; once logged in, the user's dashboard."""

from __future__ import annotations

from flask import Blueprint, Response, g, render_template, request

from coach.web.extensions import get_db
from coach.web.home.screens import dashboard
from coach.web.rendering import render

bp = Blueprint("home", __name__)


@bp.get("/")
def index() -> str | Response:
    if g.get("user") is None:
        return render_template("home.html")
    board = dashboard(get_db(), g.user, hr_status=request.args.get("status", ""))
    return render("dashboard/index.html", "dashboard/_hr.html", board=board)
