"""Changing one's own password: the current one first, every other session ends, this browser
stays logged in; refusals say which field and why, and nothing changes."""

from __future__ import annotations

import pytest
from builders import PASSWORD, Browser, parse

NEW_PASSWORD = "four unrelated words here"


def change(browser, current=PASSWORD, new=NEW_PASSWORD, confirm=None, htmx=False):
    form = {"current_password": current, "new_password": new,
            "confirm_password": new if confirm is None else confirm}  # fmt: skip
    return browser.post("/account/password", form, htmx=htmx)


def test_a_changed_password_ends_the_other_sessions_and_keeps_this_one(auth, world, db_app):
    maria = auth.login("maria")
    elsewhere = auth.login("maria")  # the same account on another device
    response = change(maria)
    assert response.status_code == 303
    assert maria.get("/plans").status_code == 200
    assert elsewhere.get("/plans").status_code == 302  # sent to log in again
    stranger = Browser(db_app)
    assert stranger.login(world["maria"].email, PASSWORD).status_code == 401
    assert stranger.login(world["maria"].email, NEW_PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"current": "not my password"}, "current_password", "current password is not right"),
        ({"confirm": "something else entirely"}, "confirm_password", "do not match"),
        ({"new": "passwordpassword"}, "new_password", "repeats one word"),
        ({"new": "        "}, "new_password", "only spaces"),
        ({"new": "short"}, "new_password", "at least 8 characters"),
    ],
)
def test_a_refused_change_says_why_beside_the_field(auth, world, db_app, kwargs, field, message):
    maria = auth.login("maria")
    for htmx in (False, True):
        response = change(maria, htmx=htmx, **kwargs)
        assert response.status_code == 422
        error = parse(response).select_one(f"#{field}-error")
        assert error is not None and message in error.get_text()
    assert Browser(db_app).login(world["maria"].email, PASSWORD).status_code == 302


def test_the_change_is_on_the_account_history(auth):
    change(auth.login("eli"))
    page = parse(auth.login("hana").get("/accounts/history"))
    first = page.select_one("#account-history tbody tr").get_text(" ", strip=True)
    assert "Password changed" in first and "Eli" in first
