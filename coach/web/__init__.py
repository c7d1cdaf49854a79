"""The web app: `create_app()` wires configuration, the analysis engine, security and blueprints.

The factory only wires; it reads no rules and loads no spaCy pipeline itself (the engine loads
on first use, see engine.py). Templates live in the repository's top-level `templates/`
folder; static files (htmx, the stylesheet, app.js) in `coach/web/static/`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from htmx_flask import Htmx

from coach.analysis import CRITERIA
from coach.web import (
    admin,
    analyzer,
    api,
    auth,
    database,
    errors,
    home,
    plan_goals,
    plans,
    plans_api,
    resources_api,
    security,
    tracking,
    tracking_plan,
)
from coach.web import engine as engine_slot
from coach.web.config import load_config
from coach.web.goals import CRITERION_LABELS, SEVERITY_LABELS, batch_summary

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"

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
        {"code": "[45]..", "swap": False, "error": True},
    ],
}


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the PIP Coach web app. `test_config` overrides every other configuration source."""
    app = Flask(__name__, instance_relative_config=True, template_folder=str(TEMPLATES))
    load_config(app, dict(test_config) if test_config is not None else None)
    app.json.sort_keys = False  # keep the documented key order of Analysis.to_dict()
    Htmx(app)
    security.init_app(app)
    engine_slot.init_app(app)
    database.init_app(app)
    errors.init_app(app)
    auth.init_app(app)
    for blueprint in (home.bp, analyzer.bp, api.bp, resources_api.bp):
        app.register_blueprint(blueprint)
    for blueprint in (plans.bp, plan_goals.bp, plans_api.bp, admin.bp):  # log-in needed
        app.register_blueprint(blueprint)
    app.register_blueprint(tracking.bp)  # tracking per goal on the plan page
    app.register_blueprint(tracking_plan.bp)  # and per plan: learning, sessions, check-ins
    app.context_processor(template_globals)
    return app


def template_globals() -> dict[str, Any]:
    """Names every template may use: htmx settings and the labels of criteria and severities."""
    return {
        "htmx_config": HTMX_CONFIG,
        "criteria": CRITERIA,
        "criterion_labels": CRITERION_LABELS,
        "severity_labels": SEVERITY_LABELS,
        "batch_summary": batch_summary,
    }


__all__ = ["create_app"]
