"""Tracking on the plan page: every form as a full page and as an htmx fragment, and what each
one refuses (ratings out of range, dates out of order, over-long text, a stale edit)."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from builders import START, TODAY, Cast, build_cast, field_error, parse
from sqlmodel import select

from coach.db.tables import ActionItem, LearningItem
from coach.services import tracking
from coach.web.extensions import get_catalogue

VAGUE_STEP = "Be more proactive with customers"
SMART_STEP = "Reply to 5 waiting tickets each morning before 10:00 for the next 4 weeks"


@pytest.fixture
def cast(unit, world, analyze) -> Cast:
    with unit() as session:
        return build_cast(session, world, analyze)


@pytest.fixture
def person(auth, cast):
    """`person("eli")`: a browser logged in as eli, with the cast's plans in the database."""
    return auth.login


def widget_root(response, widget_id: str):
    """The widget a response carries, checking it is a fragment (htmx) or a page (otherwise)."""
    soup = parse(response)
    assert soup.select_one(f"#{widget_id}"), f"#{widget_id} missing"
    return soup


# -- the plan page and the widget URLs -------------------------------------------------------


def tracking_tabs(browser, plan_id: int) -> BeautifulSoup:
    """The plan page's Goals, Progress and Support tabs together, each reached by its link."""
    pages = [browser.tab(plan_id, name) for name in ("goals", "progress", "support")]
    assert all(page.status_code == 200 for page in pages)
    return BeautifulSoup("".join(page.get_data(as_text=True) for page in pages), "html.parser")


def test_plan_page_shows_the_employee_their_tracking_forms(person, cast):
    eli = person("eli")
    soup = tracking_tabs(eli, cast.eli_plan)
    goal = cast.eli_goals[0]
    assert soup.select_one(f"#goal-{goal}-actions form[action='/goals/{goal}/actions']")
    assert soup.select_one(f"#goal-{goal}-self form[action='/goals/{goal}/self-assessments']")
    assert soup.select_one(f"#goal-{goal}-support form[action='/goals/{goal}/support']")
    assert soup.select_one("#plan-mentoring form")
    assert soup.select_one("#plan-evidence form")
    assert soup.select_one("#plan-check-ins") and not soup.select_one("#plan-check-ins > details")


def test_plan_page_shows_the_manager_the_check_in_form_and_not_the_employees_forms(person, cast):
    soup = tracking_tabs(person("maria"), cast.eli_plan)
    goal = cast.eli_goals[0]
    assert soup.select_one(f"#plan-check-ins form[action='/plans/{cast.eli_plan}/check-ins']")
    assert not soup.select_one(f"#goal-{goal}-actions form")
    assert not soup.select_one(f"#goal-{goal}-self form")
    assert not soup.select_one("#plan-mentoring form")


def test_coach_and_hr_read_without_forms(person, cast):
    for name in ("hana", "cole"):
        soup = tracking_tabs(person(name), cast.eli_plan)
        assert soup.select_one("#plan-learning") and soup.select_one("#plan-check-ins")
        assert not soup.select(f"#goal-{cast.eli_goals[0]}-tracking form")
        assert bool(soup.select_one("#plan-mentoring form")) == (name == "cole")


WIDGETS = [
    ("/goals/{goal}/actions", "goal-{goal}-actions"),
    ("/goals/{goal}/self-assessments", "goal-{goal}-self"),
    ("/goals/{goal}/support", "goal-{goal}-support"),
    ("/plans/{plan}/learning", "plan-learning"),
    ("/plans/{plan}/mentor-sessions", "plan-mentoring"),
    ("/plans/{plan}/evidence", "plan-evidence"),
    ("/plans/{plan}/check-ins", "plan-check-ins"),
]


@pytest.mark.parametrize(("url", "widget_id"), WIDGETS)
def test_each_widget_is_one_url_with_two_renderings(person, cast, url, widget_id):
    eli = person("eli")
    values = {"goal": cast.eli_goals[0], "plan": cast.eli_plan}
    url, widget_id = url.format(**values), widget_id.format(**values)
    page, fragment = eli.get(url), eli.get(url, htmx=True)
    assert page.status_code == fragment.status_code == 200
    assert "HX-Request" in page.headers["Vary"] and "HX-Request" in fragment.headers["Vary"]
    page_soup, fragment_soup = parse(page), parse(fragment)
    assert page_soup.select_one("html") and page_soup.select_one(f"main #{widget_id}")
    back = page_soup.select_one(f"a[href^='/plans/{cast.eli_plan}'][href*='#']")
    assert back, "a way back to the plan"
    assert parse(eli.get(back["href"].split("#")[0])).select_one(f"#{widget_id}"), "its tab"
    assert fragment_soup.select_one("html") is None
    root = fragment_soup.find(True)
    assert root["id"] == widget_id and root["hx-target"] == "this"


# -- action items -----------------------------------------------------------------------------


def test_adding_an_action_item_without_javascript_redirects_back_to_the_plan(person, cast):
    eli, goal = person("eli"), cast.eli_goals[0]
    response = eli.post(f"/goals/{goal}/actions", {"text": VAGUE_STEP, "due_date": ""})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/plans/{cast.eli_plan}/goals#goal-{goal}-actions"
    soup = parse(eli.get(f"/plans/{cast.eli_plan}/goals"))
    item = soup.select_one(f"#goal-{goal}-actions .action")
    assert item.select("mark.flag"), "flagged words are highlighted as on the analyser page"
    for tip in item.select(".flag__tip"):
        tip.decompose()
    assert item.select_one(".goal-text").get_text() == VAGUE_STEP


def test_adding_an_action_item_with_htmx_answers_the_fresh_widget_with_feedback(person, cast):
    eli, goal = person("eli"), cast.eli_goals[0]
    response = eli.post(f"/goals/{goal}/actions", {"text": SMART_STEP}, htmx=True)
    soup = widget_root(response, f"goal-{goal}-actions")
    assert response.status_code == 200 and soup.select_one("html") is None
    checks = {
        li.select_one(".mini-checklist__name").get_text(): li.select_one(".badge__text").get_text()
        for li in soup.select(".action .mini-checklist li")
    }
    assert checks == {"Specific": "Met", "Measurable": "Met", "Time-bound": "Met"}
    assert soup.select_one("textarea[name=text]").get_text().strip() == "", "the form is reset"


def test_live_preview_judges_the_step_with_the_plans_context(person, cast):
    eli, goal = person("eli"), cast.eli_goals[0]
    textarea = parse(eli.get(f"/goals/{goal}/actions")).select_one("textarea[name=text]")
    assert textarea["hx-post"] == f"/goals/{goal}/actions/preview"
    assert textarea["hx-trigger"] == "input changed delay:300ms"
    response = eli.post(f"/goals/{goal}/actions/preview", {"text": VAGUE_STEP}, htmx=True)
    soup = parse(response)
    assert response.status_code == 200 and soup.select_one("html") is None
    assert soup.select_one(".mini-checklist") and soup.select("mark.flag")


def test_check_wording_without_javascript_shows_the_page_with_the_typed_step(person, cast):
    eli, goal = person("eli"), cast.eli_goals[0]
    response = eli.post(f"/goals/{goal}/actions/preview", {"text": VAGUE_STEP})
    soup = parse(response)
    assert response.status_code == 200 and soup.select_one("html")
    assert soup.select_one(f"#goal-{goal}-new-action-text").get_text().strip() == VAGUE_STEP
    assert soup.select_one(f"#goal-{goal}-new-action-preview mark.flag")


def test_preview_of_unreadable_text_says_why(person, cast):
    eli, goal = person("eli"), cast.eli_goals[0]
    response = eli.post(f"/goals/{goal}/actions/preview", {"text": "Call\x07 back"}, htmx=True)
    assert response.status_code == 422
    assert parse(response).select_one("[role=alert]").get_text(strip=True)


@pytest.fixture
def item(unit, world, analyze, cast) -> ActionItem:
    """An action item of eli's on the first goal, added through the service like the form."""
    with unit() as session:
        return tracking.add_action_item(
            session=session, actor=world["eli"], goal_id=cast.eli_goals[0], text=SMART_STEP,
            analyze=analyze,
        )  # fmt: skip


@pytest.mark.parametrize("htmx", [False, True])
def test_editing_an_action_item_changes_its_status_in_place(person, cast, item, htmx):
    eli = person("eli")
    form = parse(eli.get(f"/actions/{item.id}/edit", htmx=htmx)).select_one(
        f"form[action='/actions/{item.id}']"
    )
    assert form.select_one("input[name=version]")["value"] == "1"
    data = {"text": SMART_STEP, "due_date": "", "status": "done", "version": "1"}
    response = eli.post(f"/actions/{item.id}", data, htmx=htmx)
    if not htmx:
        assert response.status_code == 303
        response = eli.get(f"/goals/{cast.eli_goals[0]}/actions")
    assert parse(response).select_one(f"#action-{item.id} .status").get_text() == "Done"


@pytest.mark.parametrize("htmx", [False, True])
def test_a_stale_edit_is_refused_and_keeps_what_was_typed(person, item, htmx):
    eli = person("eli")
    first = {"text": SMART_STEP, "due_date": "", "status": "doing", "version": "1"}
    assert eli.post(f"/actions/{item.id}", first, htmx=True).status_code == 200
    mine = {"text": "My own wording of the step, 3 a day", "status": "done", "version": "1"}
    response = eli.post(f"/actions/{item.id}", {**mine, "due_date": ""}, htmx=htmx)
    soup = parse(response)
    assert response.status_code == 409
    assert "Someone else changed" in soup.select_one(f"#action-{item.id} [role=alert]").get_text()
    assert soup.select_one(f"#action-{item.id}-text").get_text().strip() == mine["text"]


@pytest.mark.parametrize("htmx", [False, True])
def test_an_action_due_before_the_plan_starts_is_refused_beside_the_field(person, cast, htmx):
    eli, goal = person("eli"), cast.eli_goals[0]
    early = (START - dt.timedelta(days=3)).isoformat()
    response = eli.post(f"/goals/{goal}/actions", {"text": SMART_STEP, "due_date": early}, htmx)
    soup = parse(response)
    assert response.status_code == 422
    assert "before the plan start" in field_error(soup, f"goal-{goal}-new-action-due")
    assert soup.select_one(f"#goal-{goal}-new-action-due")["aria-invalid"] == "true"
    assert soup.select_one(f"#goal-{goal}-new-action-text").get_text().strip() == SMART_STEP
    assert soup.select_one(f"#goal-{goal}-new-action-due")["value"] == early


@pytest.mark.parametrize("htmx", [False, True])
def test_an_over_long_action_is_refused_and_kept(person, cast, htmx):
    eli, goal = person("eli"), cast.eli_goals[0]
    text = "Reply to 5 tickets a day " * 50
    response = eli.post(f"/goals/{goal}/actions", {"text": text}, htmx=htmx)
    soup = parse(response)
    assert response.status_code == 422
    assert "the limit is 1,000" in field_error(soup, f"goal-{goal}-new-action-text")
    assert soup.select_one(f"#goal-{goal}-new-action-text").get_text().strip() == text.strip()


# -- self-assessments -------------------------------------------------------------------------


@pytest.mark.parametrize("htmx", [False, True])
def test_a_self_assessment_is_added_and_shown_as_the_latest(person, cast, htmx):
    eli, goal = person("eli"), cast.eli_goals[0]
    data = {"rating": "3", "confidence": "high", "evidence": "Median response now 6 h."}
    response = eli.post(f"/goals/{goal}/self-assessments", data, htmx=htmx)
    if not htmx:
        assert response.status_code == 303
        assert response.headers["Location"].endswith(f"/goals#goal-{goal}-self")
        response = eli.tab(cast.eli_plan, "goals")
    latest = parse(response).select_one(f"#goal-{goal}-self .assessment--latest")
    assert "3/5" in latest.get_text() and "High confidence" in latest.get_text()
    assert "Median response now 6 h." in latest.get_text()


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize("rating", ["7", "0", "three", ""])
def test_a_rating_out_of_range_is_refused_beside_the_rating(person, cast, htmx, rating):
    eli, goal = person("eli"), cast.eli_goals[0]
    data = {"rating": rating, "confidence": "low", "evidence": "What I typed stays."}
    response = eli.post(f"/goals/{goal}/self-assessments", data, htmx=htmx)
    soup = parse(response)
    assert response.status_code == 422
    assert "from 1 to 5" in field_error(soup, f"goal-{goal}-self-new-rating")
    assert soup.select_one(f"#goal-{goal}-self-new-evidence").get_text().strip() == data["evidence"]
    assert soup.select_one(f"#goal-{goal}-self-new-confidence option[selected]")["value"] == "low"


# -- support and the learning plan ------------------------------------------------------------


def suggested_ids(soup, goal: int) -> list[str]:
    return [field["value"] for field in soup.select(f"#goal-{goal}-support [name=resource_id]")]


def test_add_to_learning_plan_with_htmx_updates_both_widgets(person, cast, db_app):
    eli, goal = person("eli"), cast.eli_goals[0]
    first = suggested_ids(parse(eli.get(f"/goals/{goal}/support")), goal)[0]
    response = eli.post(f"/goals/{goal}/support", {"resource_id": first}, htmx=True)
    soup = parse(response)
    assert response.status_code == 200
    assert first not in suggested_ids(soup, goal), "what is in the learning plan is left out"
    learning = soup.select_one("#plan-learning")
    assert learning["hx-swap-oob"] == "true"
    with db_app.app_context():
        title = get_catalogue().by_id[first].title
    assert title in learning.get_text()


def test_add_to_learning_plan_without_javascript(person, cast, unit):
    eli, goal = person("eli"), cast.eli_goals[0]
    first = suggested_ids(parse(eli.tab(cast.eli_plan, "support")), goal)[0]
    response = eli.post(f"/goals/{goal}/support", {"resource_id": first})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/plans/{cast.eli_plan}/support#goal-{goal}-support"
    with unit() as session:
        items = session.exec(select(LearningItem)).all()
    assert [(item.resource_id, item.goal_id) for item in items] == [(first, goal)]
    assert items[0].due_date is not None and items[0].due_date >= TODAY


def test_suggestions_fit_the_days_left(person, cast, db_app):
    soup = parse(person("eli").get(f"/goals/{cast.eli_goals[0]}/support"))
    days_left = (START + dt.timedelta(days=90) - TODAY).days
    assert f"{days_left} days left" in soup.get_text()
    with db_app.app_context():
        catalogue = get_catalogue()
        suggested = suggested_ids(soup, cast.eli_goals[0])
        durations = [catalogue.by_id[resource].duration_days for resource in suggested]
    assert durations and max(durations) <= days_left


def test_an_unknown_resource_is_refused(person, cast):
    response = person("eli").post(
        f"/goals/{cast.eli_goals[0]}/support", {"resource_id": "no-such-thing"}, htmx=True
    )
    assert response.status_code == 422
    assert "Choose one of the suggested resources." in response.get_data(as_text=True)
