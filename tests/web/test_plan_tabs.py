"""The plan page's tabs (Overview · Goals · Progress · Support · History): each a real URL that
works as a full page load, and as an htmx fragment of the same template that swaps the tabs part
and pushes the tab's URL; each goal shown once; support folded after the first suggestion."""

from __future__ import annotations

import pytest
from builders import build_objects, parse

from coach.db.tables import Goal, Plan
from coach.services import plans as plan_services

# tab -> what its panel shows (a selector)
PANELS = {
    "overview": "#lifecycle",
    "goals": "#goals .goal-card",
    "progress": "#plan-check-ins",
    "support": "#plan-learning",
    "history": "#history .history__event",
}
PLAN_TABS = ("overview", "goals", "progress", "support")


@pytest.fixture
def ids(world, unit, analyze) -> dict[str, int]:
    with unit() as session:
        mine = build_objects(session, world, "maria", "eli", "cole", analyze, tag="mine")
        theirs = build_objects(session, world, "mo", "erin", "cara", analyze, tag="theirs")
    return {**mine, "theirs": theirs["plan"]}


def tab_url(plan_id: int, tab: str) -> str:
    return f"/plans/{plan_id}" if tab == "overview" else f"/plans/{plan_id}/{tab}"


def current(soup) -> list[str]:
    """The ids of the tab links marked as the page shown."""
    return [link["id"] for link in soup.select("nav.tabs a[aria-current=page]")]


@pytest.mark.parametrize("tab", [*PLAN_TABS, "history"])
def test_each_tab_is_a_page_of_its_own(auth, ids, tab):
    hana = auth.login("hana")  # HR gets every tab, History too
    response = hana.get(tab_url(ids["plan"], tab))
    assert response.status_code == 200 and "HX-Request" in response.headers["Vary"]
    soup = parse(response)
    assert soup.select_one("html") and soup.select_one("h1").get_text() == "Active plan mine"
    assert current(soup) == [f"tab-{tab}"], "the nav says which tab is shown"
    assert soup.select_one(f"#plan-panel {PANELS[tab]}"), f"the {tab} panel's content"
    others = [name for name in PANELS if name != tab]
    assert not any(soup.select_one(f"#plan-panel {PANELS[name]}") for name in others)


@pytest.mark.parametrize("tab", [*PLAN_TABS, "history"])
def test_with_htmx_a_tab_swaps_only_the_tabs_part(auth, ids, tab):
    response = auth.login("hana").get(tab_url(ids["plan"], tab), htmx=True)
    assert response.status_code == 200 and "HX-Request" in response.headers["Vary"]
    soup = parse(response)
    root = soup.find(True)
    assert soup.select_one("html") is None and root["id"] == "plan-tabs"
    assert not soup.select("h1"), "the plan's head stays where it is"
    assert current(soup) == [f"tab-{tab}"]
    assert soup.select_one(f"#plan-panel {PANELS[tab]}")


def test_every_tab_link_is_a_plain_link_that_htmx_follows_and_pushes(auth, ids):
    soup = parse(auth.login("hana").get(f"/plans/{ids['plan']}"))
    links = soup.select("nav.tabs[aria-label] a")
    assert [link.get_text(" ", strip=True).split()[0] for link in links] == [
        "Overview", "Goals", "Progress", "Support", "History"
    ]  # fmt: skip
    for link in links:
        assert link["href"] == link["hx-get"]
        assert link["hx-push-url"] == "true" and link["hx-target"] == "#plan-tabs"
        assert auth.login("hana").get(link["href"]).status_code == 200


def test_the_back_button_gets_the_whole_page_not_a_fragment(auth, ids):
    """htmx keeps no page snapshots here, so after Back it asks for the pushed URL again."""
    browser = auth.login("maria")
    headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    response = browser.client.get(f"/plans/{ids['plan']}/support", headers=headers)
    soup = parse(response)
    assert soup.select_one("html") and soup.select_one("h1") and current(soup) == ["tab-support"]


def test_only_those_who_read_the_audit_trail_get_the_history_tab(auth, ids):
    for name in ("maria", "eli", "cole"):
        soup = parse(auth.login(name).get(f"/plans/{ids['plan']}"))
        tabs = [link["id"] for link in soup.select("nav.tabs a")]
        assert tabs == ["tab-overview", "tab-goals", "tab-progress", "tab-support"], name
    assert (
        "tab-history"
        in parse(auth.login("hana").get(f"/plans/{ids['plan']}")).select_one("nav.tabs").decode()
    )


@pytest.mark.parametrize("tab", ["goals", "progress", "support"])
def test_another_persons_plan_is_404_on_every_tab(auth, ids, tab):
    for name in ("eli", "maria", "cole"):
        response = auth.login(name).get(tab_url(ids["theirs"], tab))
        assert response.status_code == 404 and "theirs" not in response.get_data(as_text=True)


def test_an_unknown_tab_is_not_found(auth, ids):
    assert auth.login("maria").get(f"/plans/{ids['plan']}/nonsense").status_code == 404


def test_each_goal_is_shown_once(auth, ids, unit):
    with unit() as session:
        goals = plan_services.plan_goals(session, session.get(Plan, ids["plan"]))
        texts = [goal.text for goal in goals]
    for name in ("maria", "eli"):
        browser = auth.login(name)
        goals_tab = browser.tab(ids["plan"], "goals").get_data(as_text=True)
        overview = browser.get(f"/plans/{ids['plan']}").get_data(as_text=True)
        for text in texts:
            assert goals_tab.count(text) == 1, (name, text)
            assert text not in overview, "the Overview names no goal in full"


def test_support_is_folded_after_the_first_suggestion(auth, ids):
    soup = parse(auth.login("maria").tab(ids["plan"], "support"))
    widgets = soup.select("#plan-panel .widget--support")
    assert widgets, "a support widget per goal"
    for widget in widgets:
        shown = [item for item in widget.select(".support-item") if not item.find_parent("details")]
        folded = widget.select("details.support-more .support-item")
        assert len(shown) == 1, "one suggestion in view"
        if folded:
            summary = widget.select_one("details.support-more > summary").get_text()
            assert f"{len(folded)} more suggestion" in summary
            assert not widget.select_one("details.support-more").has_attr("open")
    assert len(soup.find_all(string="Support that fits")) == 1, "said once, not under every goal"


def test_a_change_answers_with_the_tab_it_was_made_on(auth, ids, unit):
    """A goal status set without JavaScript comes back to the goal on the Goals tab."""
    maria = auth.login("maria")
    with unit() as session:
        version = session.get(Goal, ids["goal"]).version
    response = maria.post(f"/goals/{ids['goal']}/status", {"version": version, "status": "met"})
    assert response.status_code == 303
    assert response.location == f"/plans/{ids['plan']}/goals#goal-{ids['goal']}"
    page = parse(maria.get(response.location.split("#")[0]))
    assert current(page) == ["tab-goals"]
    assert "Met" in page.select_one(f"#goal-{ids['goal']} .goal-card__head").get_text()
