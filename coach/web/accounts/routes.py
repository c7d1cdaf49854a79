"""Accounts as HR sees them: the history of every account change (created, roles changed,
activated or deactivated, erased), so that what admins do to accounts is on record for someone
who is not an admin. Read-only; everyone but HR gets 404."""

from __future__ import annotations

from flask import Blueprint, Response, g

from coach.web.accounts.screens import account_changes
from coach.web.extensions import get_db
from coach.web.rendering import render

bp = Blueprint("accounts", __name__, url_prefix="/accounts")


@bp.get("/history")
def history() -> Response:
    changes = account_changes(get_db(), g.user)
    return render("accounts/history.html", "accounts/_history.html", changes=changes)
