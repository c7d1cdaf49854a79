"""The goal checker page: full page without JavaScript, the result alone for htmx."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

VAGUE = "Improve communication with the team and be more proactive"
SMART = "Respond to 95% of customer emails within 24 hours by 30 June 2026"


def parse(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def checklist(soup: BeautifulSoup) -> dict[str, str]:
    """Criterion name -> the verdict word shown next to it."""
    return {
        item.select_one(".check__name").get_text(strip=True): item.select_one(
            ".badge__text"
        ).get_text(strip=True)
        for item in soup.select(".checklist li")
    }


def test_empty_page_has_a_labelled_goal_box_and_a_real_form(client):
    response = client.get("/analyze")
    soup = parse(response)
    assert response.status_code == 200
    form = soup.select_one("form#goal-form")
    assert form["method"] == "post" and form["action"] == "/analyze"
    assert soup.select_one("label[for=goal]").get_text(strip=True) == "Goal"
    assert soup.select_one("textarea#goal")["name"] == "goal"
    assert "Feedback appears here as you type." in soup.select_one("#verdict").get_text()


def test_live_update_settings_debounce_and_let_the_latest_request_win(client):
    form = parse(client.get("/analyze")).select_one("form#goal-form")
    assert form["hx-post"] == "/analyze"
    assert form["hx-trigger"].startswith("input changed delay:300ms")
    assert form["hx-sync"] == "this:replace"
    assert form["hx-target"] == "#analysis"


def test_submitting_without_javascript_returns_the_whole_page_with_the_result(browser):
    response = browser.post("/analyze", {"goal": VAGUE})
    soup = parse(response)
    assert response.status_code == 200
    assert soup.select_one("html") and soup.select_one("form#goal-form")
    assert soup.select_one("textarea#goal").get_text().strip() == VAGUE
    assert checklist(soup)["Specific"] in {"Missing", "Partly"}
    assert soup.select(".goal-text mark"), "vague words are highlighted"


def test_htmx_request_gets_only_the_result_and_the_live_region_update(browser):
    response = browser.post("/analyze", {"goal": VAGUE}, htmx=True)
    soup = parse(response)
    assert response.status_code == 200
    assert soup.select_one("html") is None and soup.select_one("form#goal-form") is None
    assert soup.select(".checklist li")
    verdict = soup.select_one("#verdict[hx-swap-oob]")
    assert verdict.get_text().startswith("Score ")


def test_both_renderings_say_they_vary_by_hx_request(browser):
    for htmx in (False, True):
        response = browser.post("/analyze", {"goal": VAGUE}, htmx=htmx)
        assert "HX-Request" in response.headers["Vary"]
    assert "HX-Request" in browser.get("/analyze").headers["Vary"]


def test_smart_goal_meets_specific_measurable_and_time_bound(browser):
    soup = parse(browser.post("/analyze", {"goal": SMART}, htmx=True))
    verdicts = checklist(soup)
    assert [verdicts[name] for name in ("Specific", "Measurable", "Time-bound")] == ["Met"] * 3


def test_every_criterion_shows_a_word_and_an_icon_not_only_colour(browser):
    soup = parse(browser.post("/analyze", {"goal": VAGUE}, htmx=True))
    items = soup.select(".checklist li")
    assert [item.select_one(".check__name").get_text() for item in items] == [
        "Specific",
        "Measurable",
        "Achievable",
        "Relevant",
        "Time-bound",
    ]
    for item in items:
        assert item.select_one(".badge__icon").get_text(strip=True)
        assert item.select_one(".badge__text").get_text(strip=True)


def test_flagged_words_are_focusable_and_described_by_their_suggestion(browser):
    soup = parse(browser.post("/analyze", {"goal": VAGUE}, htmx=True))
    marks = soup.select(".goal-text mark")
    assert marks
    for mark in marks:
        assert mark["tabindex"] == "0"
        for finding_id in mark["aria-describedby"].split():
            suggestion = soup.select_one(f"#{finding_id}")
            assert suggestion is not None and suggestion.select_one(".finding__suggestion")
        assert mark.select_one(".flag__tip").get_text(strip=True)


def test_highlighted_text_reads_exactly_as_typed(browser):
    goal = "Try to be more proactive\nand improve communication."
    soup = parse(browser.post("/analyze", {"goal": goal}, htmx=True))
    for tip in soup.select(".goal-text .flag__tip"):
        tip.decompose()
    assert soup.select_one(".goal-text").get_text() == goal


def test_rewrite_comes_with_a_button_that_works_without_javascript(browser):
    soup = parse(browser.post("/analyze", {"goal": VAGUE, "start": "2026-01-05"}, htmx=True))
    rewrite = soup.select_one(".rewrite__text").get_text()
    form = soup.select_one("form[data-rewrite-into=goal]")
    assert form["method"] == "post" and form["action"] == "/analyze"
    assert form.select_one("input[name=goal]")["value"] == rewrite
    assert form.select_one("input[name=start]")["value"] == "2026-01-05"
    assert form.select_one("button").get_text(strip=True) == "Use this rewrite"

    page = parse(browser.post("/analyze", {"goal": rewrite}))
    assert page.select_one("textarea#goal").get_text().strip() == rewrite


def test_clearing_the_box_shows_the_waiting_message_not_an_error(browser):
    response = browser.post("/analyze", {"goal": "   "}, htmx=True)
    assert response.status_code == 200
    assert "Type or paste a goal" in parse(response).get_text()


def test_plan_dates_in_the_wrong_order_are_explained(browser):
    response = browser.post(
        "/analyze", {"goal": SMART, "start": "2026-06-01", "end": "2026-03-01"}, htmx=True
    )
    assert response.status_code == 422
    assert "before it starts" in parse(response).select_one(".notice").get_text()


def test_issue_types_are_offered_by_their_labels(client):
    options = parse(client.get("/analyze")).select("select#issue_type option")
    assert options[0].get_text() == "Not set" and options[0]["value"] == ""
    assert all(option.get_text()[:1].isupper() for option in options[1:])


def test_context_fields_change_the_analysis(browser, engine):
    if not engine.issue_type_cues:
        pytest.skip("the rules define no issue types")
    issue_type = next(iter(engine.issue_type_cues))
    without = parse(browser.post("/analyze", {"goal": SMART}, htmx=True))
    with_context = parse(
        browser.post(
            "/analyze",
            {"goal": SMART, "issue_type": issue_type, "start": "2026-01-05", "end": "2026-03-31"},
            htmx=True,
        )
    )
    assert checklist(without)["Relevant"] == "Can't tell"
    assert checklist(with_context) != checklist(without)


def test_unknown_issue_type_is_refused_politely(browser):
    response = browser.post("/analyze", {"goal": SMART, "issue_type": "no_such_type"})
    assert response.status_code == 422
    assert "Choose the issue type from the list" in response.get_data(as_text=True)


def test_a_form_without_its_csrf_token_is_refused_with_advice(client):
    response = client.post("/analyze", data={"goal": VAGUE})
    assert response.status_code == 400
    assert "reload the page" in response.get_data(as_text=True)


def test_htmx_may_send_the_csrf_token_as_a_header_only(browser):
    response = browser.client.post(
        "/analyze",
        data={"goal": VAGUE},
        headers={"HX-Request": "true", "X-CSRFToken": browser.token},
    )
    assert response.status_code == 200


def test_home_page_links_to_the_checker(client):
    soup = parse(client.get("/"))
    assert soup.select_one("main a[href='/analyze']")
    assert soup.select_one("main a[href='/analyze/batch']")


# --- Support that fits ---------------------------------------------------------------------------

DEADLINES = "Hand in every weekly report by its deadline and stop missing due dates"


def support_titles(soup: BeautifulSoup) -> list[str]:
    return [title.get_text(strip=True) for title in soup.select(".support-item__title")]


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "fragment"])
def test_support_that_fits_comes_with_the_feedback(browser, htmx):
    soup = parse(browser.post("/analyze", {"goal": DEADLINES}, htmx=htmx))
    support = soup.select_one(".support")
    assert support.select_one("h3").get_text(strip=True) == "Support that fits"
    items = support.select(".support-item")
    assert 3 <= len(items) <= 5
    for item in items:
        assert item.select_one(".support-item__title").get_text(strip=True)
        assert item.select_one(".tag--kind").get_text(strip=True)
        assert " over " in item.select_one(".support-item__meta").get_text()
        assert item.select_one(".support-item__reason").get_text().startswith("Why: Matches")
    assert "time management" in items[0].select_one(".support-item__reason").get_text()


def test_found_issue_types_are_shown_with_their_words_when_none_was_chosen(browser):
    soup = parse(browser.post("/analyze", {"goal": DEADLINES}, htmx=True))
    found = soup.select(".found-types li")
    assert found[0].select_one(".found-types__label").get_text() == "Time management"
    assert "deadline" in found[0].select_one(".found-types__cues").get_text()


def test_a_chosen_issue_type_steers_the_suggestions(browser):
    goal = "Be more proactive at work"  # no type of its own (a goal's own type goes first)
    without = parse(browser.post("/analyze", {"goal": goal}, htmx=True))
    chosen = parse(
        browser.post("/analyze", {"goal": goal, "issue_type": "customer_service"}, htmx=True)
    )
    assert support_titles(chosen) != support_titles(without)
    assert not chosen.select(".found-types")
    assert "For the issue type you chose: Customer service." in chosen.select_one(".support").text
    reasons = [reason.get_text() for reason in chosen.select(".support-item__reason")]
    assert sum("customer service" in reason for reason in reasons) * 2 >= len(reasons)
    assert not any(
        "customer service" in reason.get_text()
        for reason in without.select(".support-item__reason")
    )


def test_suggestions_fit_inside_the_plan_dates(browser):
    form = {"goal": DEADLINES, "start": "2026-03-01", "end": "2026-03-07"}
    soup = parse(browser.post("/analyze", form, htmx=True))
    metas = [meta.get_text() for meta in soup.select(".support-item__meta")]
    assert metas
    days = [int(meta.split(" over ")[1].split()[0]) for meta in metas]
    assert max(days) <= 7
    assert "fits in the plan’s 7 days" in soup.select_one(".support").get_text()


def test_a_goal_with_nothing_to_go_on_gets_a_gentle_hint(browser):
    soup = parse(browser.post("/analyze", {"goal": "Do the thing by Friday"}, htmx=True))
    support = soup.select_one(".support")
    assert not support.select(".support-item")
    assert "Naming the skill or the problem" in support.get_text()
    assert "picking the plan’s issue type" in support.get_text()


def test_no_support_section_for_a_goal_that_could_not_be_checked(browser):
    response = browser.post("/analyze", {"goal": "Close\x1b tickets"}, htmx=True)
    assert response.status_code == 422
    assert parse(response).select_one(".support") is None


def test_the_goal_is_parsed_once_for_feedback_and_support(browser, engine, monkeypatch):
    calls = []
    original = engine.nlp

    class CountingPipeline:
        """The engine's pipeline, counting every text it parses one at a time (the engine
        hands it the Doc its tokenizer made, whose token count it checked first)."""

        def __call__(self, text, *args, **kwargs):
            calls.append(getattr(text, "text", text))
            return original(text, *args, **kwargs)

        def __getattr__(self, name):
            return getattr(original, name)

    monkeypatch.setattr(engine, "nlp", CountingPipeline())
    browser.post("/analyze", {"goal": DEADLINES}, htmx=True)
    assert calls == [DEADLINES]
