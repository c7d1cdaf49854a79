"""The notifications pages: the unread count in the header, opening one (read, then its
page), marking read in place, and each person's choices."""

from __future__ import annotations

import pytest
from builders import advance, draft_plan, parse


@pytest.fixture
def plan_id(world, unit, analyze) -> int:
    """Maria issues eli's plan: eli has one notification, "your plan was issued"."""
    with unit() as session:
        plan = draft_plan(session, world.maria, world.eli, world.cole, world.hana, analyze)
        advance(session, plan, world.maria, world.eli, "issued")
        return plan.id


def nav_count(response) -> str:
    link = parse(response).select_one("#nav-notifications")
    assert link is not None, "the header links to the notifications"
    return " ".join(link.get_text().split())


def items(response) -> list:
    return parse(response).select("li.notification")


def test_the_header_counts_unread_notifications_on_every_page(auth, plan_id):
    eli = auth.login("eli")
    assert nav_count(eli.get("/")) == "Notifications 1 unread"
    assert nav_count(eli.get(f"/plans/{plan_id}")) == "Notifications 1 unread"
    assert nav_count(auth.login("maria").get("/")) == "Notifications"  # she issued it


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(auth, plan_id):
    eli = auth.login("eli")
    (item,) = items(eli.get("/notifications"))
    assert "Maria issued your plan “Support response times”" in item.get_text()
    assert "New" in item.select_one(".notification__meta").get_text()
    opened = eli.post(item.select_one("form.notification__open")["action"])
    assert opened.status_code == 303
    assert opened.location == f"/plans/{plan_id}#lifecycle"
    page = eli.get(opened.location)
    assert "Acknowledge" in page.get_data(as_text=True) and nav_count(page) == "Notifications"
    assert "notification--unread" not in str(items(eli.get("/notifications"))[0])


def test_marking_read_in_place_updates_the_item_and_the_header(auth, plan_id):
    eli = auth.login("eli")
    (item,) = items(eli.get("/notifications"))
    action = item.select_one("form.notification__mark")["action"]
    swapped = parse(eli.post(action, htmx=True))
    assert "notification--unread" not in swapped.select_one("li.notification")["class"]
    header = swapped.select_one("#nav-notifications")
    assert header["hx-swap-oob"] == "outerHTML" and header.get_text().strip() == "Notifications"
    plain = auth.login("eli").post(action)  # again, without htmx: back to the list
    assert plain.status_code == 303 and plain.location == "/notifications"


def test_mark_all_read(auth, plan_id):
    eli = auth.login("eli")
    done = eli.post("/notifications/read")
    assert done.status_code == 303
    assert "Marked 1 notification read." in eli.get("/notifications").get_data(as_text=True)
    assert nav_count(eli.get("/")) == "Notifications"


def test_someone_elses_notification_is_not_found(auth, plan_id):
    eli = auth.login("eli")
    (item,) = items(eli.get("/notifications"))
    action = item.select_one("form.notification__open")["action"]
    for name in ("maria", "hana", "cole"):
        assert auth.login(name).post(action).status_code == 404


def test_the_choices_offered_fit_the_persons_roles(auth):
    eli_page = auth.login("eli").get("/notifications/preferences").get_data(as_text=True)
    assert "A plan is issued to you" in eli_page and "The employee signs" not in eli_page
    hana_page = auth.login("hana").get("/notifications/preferences").get_data(as_text=True)
    assert "A check-in is overdue" in hana_page and "A plan is issued to you" not in hana_page


def test_choosing_off_saves_and_a_bad_answer_keeps_what_was_chosen(auth, world, unit, analyze):
    eli = auth.login("eli")
    kinds = [field["name"] for field in parse(eli.get("/notifications/preferences")).select(
        "input[type=radio][value=off]")]  # fmt: skip
    refused = eli.post(
        "/notifications/preferences", {**dict.fromkeys(kinds, "off"), kinds[1]: "sms"}
    )
    assert refused.status_code == 422
    page = parse(refused)
    assert page.select_one(f"#{kinds[1]}-error").get_text().startswith("Choose one")
    assert page.select_one(f"input[name={kinds[0]}][value=off]").has_attr("checked")
    saved = eli.post("/notifications/preferences", dict.fromkeys(kinds, "off"))
    assert saved.status_code == 303
    with unit() as session:  # off: a plan issued now tells eli nothing
        plan = draft_plan(session, world.maria, world.eli, world.cole, world.hana, analyze)
        advance(session, plan, world.maria, world.eli, "issued")
    assert items(eli.get("/notifications")) == []
    history = auth.login("hana").get("/accounts/history").get_data(as_text=True)
    assert "Notification choices changed" in history and "A plan is issued to you" in history
    assert "plan_issued" not in history
