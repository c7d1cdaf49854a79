"""Who may read and write each tracking widget (a forbidden object answers 404 and leaks
nothing), CSRF on every form, and user text shown as text, never as markup."""

from __future__ import annotations

import datetime as dt

import pytest
from builders import TODAY, Cast, advance, build_cast, draft_plan, parse, tracked_objects
from sqlmodel import select

from coach.db.tables import (
    ActionItem,
    CheckIn,
    Evidence,
    LearningItem,
    MentorSession,
    Plan,
    SelfAssessment,
)
from coach.services.plans import plan_goals

TABLES = (ActionItem, CheckIn, Evidence, LearningItem, MentorSession, SelfAssessment)
OUTSIDERS = ["erin", "cara", "mo", "adam"]  # another employee, another coach, manager, admin


@pytest.fixture
def cast(unit, world, analyze) -> Cast:
    with unit() as session:
        return build_cast(session, world, analyze)


@pytest.fixture
def ids(unit, world, analyze, cast) -> dict[str, int]:
    """One of everything tracked on eli's plan (tagged ELI-DATA), and the cast's ids."""
    with unit() as session:
        plan = session.get(Plan, cast.eli_plan)
        goal = plan_goals(session, plan)[0]
        people = (world["maria"], world["eli"], world["cole"])
        tracked = tracked_objects(session, plan, goal.id, *people, analyze, "ELI-DATA")
    return {"plan": cast.eli_plan, "goal": cast.eli_goals[0], **tracked}


def count_rows(unit) -> dict[str, int]:
    with unit() as session:
        return {table.__name__: len(session.exec(select(table)).all()) for table in TABLES}


GETS = [
    "/goals/{goal}/actions",
    "/goals/{goal}/self-assessments",
    "/goals/{goal}/support",
    "/actions/{action_item}/edit",
    "/plans/{plan}/learning",
    "/plans/{plan}/mentor-sessions",
    "/plans/{plan}/evidence",
    "/plans/{plan}/check-ins",
]
TODAY_ISO = TODAY.isoformat()
# Every form, with valid data, and who may send it on eli's plan.
POSTS = [
    ("/goals/{goal}/actions", {"text": "Reply to 5 tickets a day by Friday"}, {"eli"}),
    ("/goals/{goal}/actions/preview", {"text": "Reply to 5 tickets"}, {"eli"}),
    (
        "/actions/{action_item}",
        {"text": "Reply to 6 tickets a day by Friday", "status": "doing", "version": "1"},
        {"eli"},
    ),
    ("/goals/{goal}/self-assessments", {"rating": "4", "confidence": "high"}, {"eli"}),
    ("/goals/{goal}/support", {"resource_id": "RESOURCE"}, {"eli", "maria"}),
    ("/plans/{plan}/learning", {"title": "Triage course"}, {"eli", "maria"}),
    ("/learning/{learning_item}/status", {"status": "done", "version": "1"}, {"eli", "maria"}),
    ("/plans/{plan}/mentor-sessions", {"date": TODAY_ISO, "mentor": "Cole"}, {"eli", "cole"}),
    ("/plans/{plan}/evidence", {"kind": "note", "date": TODAY_ISO, "text": "Done"}, {"eli"}),
    ("/plans/{plan}/check-ins", {"date": TODAY_ISO, "kind": "scheduled"}, {"maria"}),
    ("/check-ins/{check_in}/comment", {"comment": "Thanks", "version": "1"}, {"eli"}),
]
EVERYONE = ["eli", "maria", "cole", "hana", *OUTSIDERS]


def first_resource(auth, ids) -> str:
    page = parse(auth.login("eli").get(f"/goals/{ids['goal']}/support"))
    return page.select_one("[name=resource_id]")["value"]


@pytest.mark.parametrize("name", OUTSIDERS)
def test_outsiders_get_404_and_none_of_the_plans_data(auth, ids, name):
    visitor = auth.login(name)
    for url in GETS:
        for htmx in (False, True):
            response = visitor.get(url.format(**ids), htmx=htmx)
            assert response.status_code == 404, url
            assert "ELI-DATA" not in response.get_data(as_text=True)


@pytest.mark.parametrize("name", ["eli", "maria", "cole", "hana"])
def test_the_plans_people_read_every_widget(auth, ids, name):
    visitor = auth.login(name)
    for url in GETS[:3] + GETS[4:]:
        assert visitor.get(url.format(**ids), htmx=True).status_code == 200, url


@pytest.mark.parametrize("name", EVERYONE)
def test_every_form_is_refused_with_404_to_whoever_may_not_send_it(auth, unit, ids, name):
    resource = first_resource(auth, ids)
    visitor, before = auth.login(name), count_rows(unit)
    for url, data, allowed in POSTS:
        if name in allowed:
            continue
        if data.get("resource_id") == "RESOURCE":
            data = {"resource_id": resource}
        response = visitor.post(url.format(**ids), data, htmx=True)
        assert response.status_code == 404, url
        assert "ELI-DATA" not in response.get_data(as_text=True)
    assert count_rows(unit) == before


def test_the_edit_form_of_another_persons_action_is_404(auth, ids):
    for name in ("maria", "cole", "hana"):
        assert auth.login(name).get(f"/actions/{ids['action_item']}/edit").status_code == 404


@pytest.mark.parametrize("htmx", [False, True])
def test_logged_out_visitors_are_sent_to_log_in(visitor, ids, htmx):
    response = visitor.get(f"/plans/{ids['plan']}/check-ins", htmx=htmx)
    if htmx:
        assert response.status_code == 401 and response.headers["HX-Redirect"].startswith("/login")
    else:
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_every_form_needs_the_csrf_token(auth, unit, ids):
    people = {name: auth.login(name) for name in ("eli", "maria", "cole")}
    before = count_rows(unit)
    for url, data, allowed in POSTS:
        client = people[sorted(allowed)[0]].client
        plain = client.post(url.format(**ids), data=data)
        htmx = client.post(url.format(**ids), data=data, headers={"HX-Request": "true"})
        assert plain.status_code == htmx.status_code == 400, url
    assert count_rows(unit) == before


def test_a_plan_not_yet_signed_takes_no_tracking(auth, unit, world, analyze, cast):
    """A second plan issued to erin: she sees it, but tracking starts once she signs."""
    with unit() as session:
        people = (world["maria"], world["erin"], world["cara"], world["hana"])
        plan = draft_plan(session, *people, analyze, title="Second plan")
        advance(session, plan, world["maria"], world["erin"], "issued")
        goal_id = plan_goals(session, plan)[0].id
    response = auth.login("erin").post(
        f"/goals/{goal_id}/self-assessments",
        {"rating": "3", "confidence": "low"},
        htmx=True,
    )
    assert response.status_code == 422
    assert "once it is acknowledged" in response.get_data(as_text=True)


XSS = [
    "<script>alert('x')</script>",
    '<div hx-get="/plans" hx-trigger="load">x</div>',
    '"><img src=x onerror=alert(1)>',
    "' onmouseover='alert(1)' x='",
    "</textarea><script>alert(1)</script>",
    '<a href="javascript:alert(1)">x</a>',
    "{{ 7 * 7 }}",
]
RATED, DATED = {"rating": "2", "confidence": "low"}, {"date": TODAY_ISO}
# Forms whose text comes back on the page: (person, url, data with "{x}" for the payload).
TEXT_FORMS = [
    ("eli", "/goals/{goal}/actions", {"text": "Reply to 5 tickets {x}"}),
    ("eli", "/goals/{goal}/self-assessments", {**RATED, "evidence": "{x}"}),
    ("eli", "/plans/{plan}/learning", {"title": "{x}"}),
    ("cole", "/plans/{plan}/mentor-sessions", {**DATED, "mentor": "{x}", "topics": "{x}"}),
    ("eli", "/plans/{plan}/evidence", {"kind": "note", "date": TODAY_ISO, "text": "{x}"}),
    ("maria", "/plans/{plan}/check-ins", {**DATED, "notes": "{x}", "private_notes": "{x}"}),
]  # fmt: skip
TAB_OF_FORM = {
    "/goals/{goal}/actions": "goals",
    "/goals/{goal}/self-assessments": "goals",
    "/plans/{plan}/learning": "support",
    "/plans/{plan}/mentor-sessions": "progress",
    "/plans/{plan}/evidence": "progress",
    "/plans/{plan}/check-ins": "progress",
}


def injected(soup) -> list[str]:
    """Elements or attributes that could only have come from a payload (a goal's own progress
    charts, templates/charts/*.svg inside their figure.progress-chart, are the only svg the
    app draws)."""
    found = [
        tag.name
        for tag in soup.find_all(["script", "img", "svg"])
        if not (tag.name == "svg" and "progress-chart" in tag.parent.get("class", []))
    ]
    for tag in soup.find_all(True):
        for attribute, value in tag.attrs.items():
            if attribute.startswith("on") or "javascript:" in str(value):
                found.append(f"{tag.name}[{attribute}]")
        if tag.get("hx-trigger") == "load":
            found.append(f"{tag.name}[hx-trigger=load]")
    return found


@pytest.mark.parametrize(("name", "url", "data"), TEXT_FORMS, ids=[form[1] for form in TEXT_FORMS])
def test_user_text_is_shown_escaped_in_every_view(auth, ids, name, url, data):
    person = auth.login(name)
    for payload in XSS:
        filled = {key: value.replace("{x}", payload) for key, value in data.items()}
        assert person.post(url.format(**ids), filled, htmx=True).status_code == 200
    shown_on = f"/plans/{ids['plan']}/{TAB_OF_FORM[url]}"  # the plan page's tab showing it
    for viewer in ("eli", "maria"):
        for page in (shown_on, url.format(**ids)):
            for htmx in (False, True):
                soup = parse(auth.login(viewer).get(page, htmx=htmx))
                for tag in soup.select("script[src]"):
                    tag.decompose()  # the page's own scripts (htmx.min.js, app.js)
                assert injected(soup) == []
                assert "{{ 7 * 7 }}" in soup.get_text()


def test_a_date_in_a_text_box_is_refused_not_crashed(auth, ids):
    data = {"date": "2026-02-30", "kind": "scheduled"}
    response = auth.login("maria").post(f"/plans/{ids['plan']}/check-ins", data, htmx=True)
    assert response.status_code == 422
    late = (dt.date.today() + dt.timedelta(days=400)).isoformat()
    ok = auth.login("eli").post(f"/plans/{ids['plan']}/evidence", {"kind": "note", "date": late})
    assert ok.status_code == 422
