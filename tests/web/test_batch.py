"""Checking several goals at once: a table, worst goal first."""

from __future__ import annotations

from bs4 import BeautifulSoup

VAGUE = "Be more proactive."
SMART = "Close 40 support tickets per week by 31 March 2026."
MIDDLE = "Improve the onboarding guide by 31 March 2026."


def parse(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def table_rows(soup: BeautifulSoup) -> list[tuple[str, str, str]]:
    """(number, goal, score) of every row, top to bottom."""
    return [
        tuple(cell.get_text(strip=True) for cell in row.select("td")[:3])
        for row in soup.select("table.results tbody tr")
    ]


def test_empty_batch_page_explains_what_to_paste(client):
    soup = parse(client.get("/analyze/batch"))
    assert soup.select_one("label[for=goals]").get_text(strip=True) == "Goals"
    assert soup.select_one("form#batch-form")["action"] == "/analyze/batch"
    assert "Results appear here" in soup.select_one("#batch-verdict").get_text()


def test_one_goal_per_line_comes_back_worst_first(browser):
    block = f"{SMART}\n{VAGUE}\n\n{MIDDLE}\n"
    soup = parse(browser.post("/analyze/batch", {"goals": block}))
    rows = table_rows(soup)
    assert sorted(row[1] for row in rows) == sorted([SMART, VAGUE, MIDDLE])
    scores = [int(row[2]) for row in rows]
    assert scores == sorted(scores)
    assert rows[-1][1] == SMART and rows[-1][0] == "1"


def test_a_paragraph_is_split_into_its_sentences(browser):
    soup = parse(browser.post("/analyze/batch", {"goals": f"{SMART} {VAGUE}"}, htmx=True))
    assert sorted(row[1] for row in table_rows(soup)) == sorted([SMART, VAGUE])


def test_htmx_gets_the_table_and_a_summary_for_the_live_region(browser):
    response = browser.post("/analyze/batch", {"goals": f"{SMART}\n{VAGUE}"}, htmx=True)
    soup = parse(response)
    assert soup.select_one("html") is None
    assert "HX-Request" in response.headers["Vary"]
    summary = soup.select_one("#batch-verdict[hx-swap-oob]").get_text()
    assert summary.startswith("Checked 2 goals")


def test_a_goal_that_cannot_be_checked_is_listed_first_with_the_reason(browser):
    soup = parse(browser.post("/analyze/batch", {"goals": f"{SMART}\nStop\x07 now"}))
    first = soup.select("table.results tbody tr")[0]
    assert "control character" in first.get_text()


def test_each_row_opens_its_goal_in_the_checker(browser):
    soup = parse(browser.post("/analyze/batch", {"goals": SMART}))
    form = soup.select_one("table.results form")
    assert form["action"] == "/analyze"
    assert form.select_one("input[name=goal]")["value"] == SMART


def test_too_many_goals_are_refused_with_the_limit(browser, app):
    limit = app.config["ANONYMOUS_BATCH_GOALS"]  # the browser has not logged in
    block = "\n".join(f"Close {n} tickets by Friday." for n in range(limit + 1))
    response = browser.post("/analyze/batch", {"goals": block})
    assert response.status_code == 422
    assert f"up to {limit}" in parse(response).select_one(".notice").get_text()
