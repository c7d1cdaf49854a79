"""Hostile input answers with a clear 4xx, never a 500: ids too big for a column, JSON nested
thousands deep, dates a plan cannot hold. Run on SQLite and, in CI, PostgreSQL."""

from __future__ import annotations

import pytest
from builders import parse
from test_route_matrix import PLACEHOLDER, ROUTES

HUGE_IDS = (2**31, 10**30)  # just past the id columns, and past any 64-bit integer
# Every route with an id in its URL, and the methods it answers.
ID_ROUTES = [
    (endpoint, method, route["url"])
    for endpoint, route in sorted(ROUTES.items())
    if PLACEHOLDER.search(route["url"])
    for method in ("GET", "POST")
    if method in route
]


@pytest.mark.parametrize("huge", HUGE_IDS)
def test_ids_too_big_for_a_column_are_not_found_on_every_route(auth, huge):
    hana = auth.login("hana")  # HR may read every plan: only the size of the id can refuse
    for endpoint, method, url in ID_ROUTES:
        address = PLACEHOLDER.sub(str(huge), url)
        response = hana.get(address) if method == "GET" else hana.post(address, {})
        assert response.status_code == 404, (endpoint, method, address, response.status_code)


@pytest.mark.parametrize("path", ["/api/analyze", "/api/analyze/batch", "/api/classify"])
def test_json_nested_thousands_deep_is_a_400(client, path):
    deep = "[" * 20_000 + "]" * 20_000
    response = client.post(path, data=f'{{"text": {deep}}}', content_type="application/json")
    assert response.status_code == 400
    assert "nested too deeply" in response.get_json()["message"]


@pytest.mark.parametrize(
    ("field", "value"),
    [("start_date", "9999-12-30"), ("start_date", "0001-01-01"), ("end_date", "9999-12-31")],
)
def test_plan_dates_beyond_what_a_plan_can_hold_get_a_field_message(auth, world, field, value):
    maria = auth.login("maria")
    form = {
        "title": "Ticket times",
        "employee_id": str(world["eli"].id),
        "gap": "First responses take 11 hours against a 4-hour standard.",
        "start_date": "2026-12-01",
        "length": "custom" if field == "end_date" else "90",
        "end_date": "",
        "checkin_cadence": "weekly",
        "types_reviewed": "1",
        field: value,
    }
    response = maria.post("/plans/new", form)
    assert response.status_code == 422
    message = parse(response).select_one(f"#{field}-error")
    assert message is not None and "between 2000 and 2099" in message.get_text()
