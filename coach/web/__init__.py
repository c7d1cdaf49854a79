"""The web app: `create_app()` wires configuration, the analysis engine, security and blueprints.

The factory only wires; it reads no rules and loads no spaCy pipeline itself (the engine loads
on first use, see engine.py). Templates live in the repository's top-level `templates/`
folder; static files (htmx, the stylesheet, app.js) in `coach/web/static/`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask, g
from htmx_flask import Htmx
from werkzeug.routing import IntegerConverter

from coach.analysis import CRITERIA
from coach.paths import instance_dir, templates_dir
from coach.web import errors, extensions, labels, logs, security
from coach.web.accounts.routes import bp as accounts
from coach.web.admin.routes import bp as admin
from coach.web.analyzer.routes import bp as analyzer
from coach.web.api.routes import bp as api
from coach.web.auth import routes as auth
from coach.web.calendars.routes import bp as calendars
from coach.web.config import load_config
from coach.web.exports.routes import bp as exports
from coach.web.goals.routes import bp as goals
from coach.web.home.routes import bp as home
from coach.web.notifications.routes import bp as notifications
from coach.web.plan_tabs import tab_url
from coach.web.plans.api import bp as plans_api
from coach.web.plans.routes import bp as plans
from coach.web.plans.screens import days_left, days_to_start, plan_days
from coach.web.tracking.corrections import bp as corrections
from coach.web.tracking.routes import bp as tracking

# Read by htmx from <meta name="htmx-config">: talk only to this origin, never evaluate
# script from responses or attributes, keep no page snapshots (HR text) in localStorage, and
# leave styling to our stylesheet (htmx's own inline <style> would break the CSP).
# 422 answers (input we cannot analyse or save) and 409 (someone else saved first) are swapped
# in like successes: they carry a message and the form with what the person typed.
HTMX_CONFIG = {
    "selfRequestsOnly": True,
    "allowScriptTags": False,
    "allowEval": False,
    "historyCacheSize": 0,
    "includeIndicatorStyles": False,
    # htmx copies these from an element to its replacement while settling; "style" is left
    # out because setting a style attribute is inline style, which the CSP refuses (Chromium
    # puts style="" on some form fields, and every swap of them was reported as a violation).
    "attributesToSettle": ["class", "width", "height"],
    "responseHandling": [
        {"code": "204", "swap": False},
        {"code": "[23]..", "swap": True},
        {"code": "(400|409|413|422)", "swap": True, "error": False},
        # 503 (the disk is full) brings a message for the page's alert slot (HX-Retarget), so
        # the form keeps what was typed and the person can copy it.
        {"code": "503", "swap": True, "error": True},
        {"code": "[45]..", "swap": False, "error": True},
    ],
}


class RowId(IntegerConverter):
    """`<int:...>` in every route: an id bigger than the id columns can hold (PostgreSQL's
    INTEGER, 2**31 - 1) becomes 0, an id no row has, so it is a 404 like any id that does not
    exist, not an overflow in the database driver."""

    def to_python(self, value: str) -> int:
        number = int(super().to_python(value))
        return number if number <= MAX_ROW_ID else 0


MAX_ROW_ID = 2**31 - 1


class CoachFlask(Flask):
    """Flask, logging unexpected errors our way: the route, never a raw path (logs.py)."""

    def log_exception(self, exc_info) -> None:  # type: ignore[override]
        logs.log_exception(exc_info)


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the PIP Coach web app. `test_config` overrides every other configuration source."""
    app = CoachFlask(
        __name__,
        instance_path=str(instance_dir()),  # the CLI's too (coach/paths.py)
        instance_relative_config=True,
        template_folder=str(templates_dir()),
    )
    load_config(app, dict(test_config) if test_config is not None else None)
    logs.init_app(app)  # first: its hooks see every request, even one a rate limit refuses
    app.url_map.converters["int"] = RowId  # before any route is added: ids that fit a column
    app.json.sort_keys = False  # keep the documented key order of Analysis.to_dict()
    Htmx(app)
    security.init_app(app)
    extensions.init_analysis(app)
    extensions.init_database(app)
    extensions.init_mail(app)
    errors.init_app(app)
    auth.init_app(app)  # its blueprint, and the log-in check before every request
    for blueprint in (home, analyzer, api):  # open to everyone (auth.PUBLIC_*)
        app.register_blueprint(blueprint)
    for blueprint in (
        plans,
        goals,
        tracking,
        corrections,
        plans_api,
        admin,
        accounts,
        calendars,  # its personal feed is @public: the token is the key
        exports,
        notifications,  # after auth: its header count reads g.user
    ):  # log-in needed
        app.register_blueprint(blueprint)
    app.context_processor(template_globals)
    return app


def template_globals() -> dict[str, Any]:
    """The one context processor: htmx settings, the logged-in user and the label tables.

    Templates get values to show, never functions that load data: every screen's data comes
    from its view, read once with one permission check (see ARCHITECTURE.md)."""
    return {
        "htmx_config": HTMX_CONFIG,
        "current_user": g.get("user"),
        "unread_notifications": g.get("unread_notifications"),  # a number, read per full page
        "criteria": CRITERIA,
        "criterion_labels": labels.CRITERION_LABELS,
        "severity_labels": labels.SEVERITY_LABELS,
        "status_labels": labels.STATUS_LABELS,
        "outcome_labels": labels.OUTCOME_LABELS,
        "action_labels": labels.ACTION_LABELS,
        "goal_status_labels": labels.GOAL_STATUS_LABELS,
        "role_labels": labels.ROLE_LABELS,
        "tracking_label": labels.label,
        "as_date": labels.as_date,  # "2026-09-08" as a date, for date_text
        "days_left": days_left,  # date sums on the plan row they are given; read nothing
        "days_to_start": days_to_start,
        "plan_days": plan_days,
        "plan_tab_url": tab_url,  # url_for for the plan page's tabs (plan_tabs.py)
    }


__all__ = ["create_app"]
