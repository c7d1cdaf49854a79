"""A screen is read once: one permission check per plan page, and templates that only display.

The plan page used to re-check the same plan's permission 13 to 16 times per request (its
template loaded the tracking itself); now the view builds one read model with one check.
"""

from __future__ import annotations

import pytest
from builders import build_cast
from flask import Flask

from coach.policy import permissions
from coach.services import reads

# Functions a template may call: URL building, the CSRF token, flashed messages, and pure
# formatting of values it was handed. Anything else in the template globals would let a
# template load data behind its view's back.
PURE_GLOBALS = {
    "url_for",
    "csrf_token",
    "csrf_meta_tag",
    "session",  # Flask's cookie session (a proxy object, so callable)
    "get_flashed_messages",
    "days_left",
    "days_to_start",
    "plan_days",
    "plan_tab_url",  # url_for for the plan page's tabs
    "tracking_label",
    "as_date",  # "2026-09-08" -> a date: reads nothing
    "range",
    "dict",
    "lipsum",
    "cycler",
    "joiner",
    "namespace",
}


@pytest.fixture
def cast(unit, world, analyze):
    with unit() as session:
        return build_cast(session, world, analyze)


@pytest.fixture
def counted_checks(monkeypatch):
    """How many times the permission predicate runs (every capability check goes through it)."""
    calls = []
    original = permissions.relations

    def counting(user, plan):
        calls.append(plan.id)
        return original(user, plan)

    monkeypatch.setattr(permissions, "relations", counting)
    monkeypatch.setattr(reads, "relations", counting)
    return calls


@pytest.mark.parametrize("name", ["maria", "eli", "cole", "hana"])
@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize("tab", ["", "/goals", "/progress", "/support"])
def test_the_plan_page_checks_permission_once(auth, cast, counted_checks, name, htmx, tab):
    browser = auth.login(name)
    counted_checks.clear()
    response = browser.get(f"/plans/{cast.eli_plan}{tab}", htmx=htmx)
    assert response.status_code == 200
    assert counted_checks == [cast.eli_plan]


def test_a_plan_the_user_may_not_see_is_still_404_after_one_check(auth, cast, counted_checks):
    erin = auth.login("erin")
    counted_checks.clear()
    assert erin.get(f"/plans/{cast.eli_plan}").status_code == 404
    assert counted_checks == [cast.eli_plan]


def test_templates_get_no_data_loading_functions(db_app: Flask):
    with db_app.test_request_context("/"):
        context: dict = {}
        for processors in db_app.template_context_processors.values():
            for processor in processors:
                context.update(processor())
        names = {**db_app.jinja_env.globals, **context}
        callables = {name for name, value in names.items() if callable(value)}
    assert callables <= PURE_GLOBALS, callables - PURE_GLOBALS
