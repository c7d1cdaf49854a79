"""A throttle that cannot be turned on a victim: five failures lock an account against other
devices, never against a browser that has logged in to it before (its device cookie)."""

from __future__ import annotations

from builders import CSRF_META, PASSWORD
from flask import Flask


def attempt(client, email: str, password: str, address: str) -> int:
    environ = {"REMOTE_ADDR": address}
    page = client.get("/login", environ_base=environ).get_data(as_text=True)
    token = CSRF_META.search(page).group(1)
    form = {"email": email, "password": password, "csrf_token": token}
    return client.post("/login", data=form, environ_base=environ).status_code


def log_out(client) -> None:
    """Log out as the page does (its CSRF token), keeping the browser's other cookies."""
    token = CSRF_META.search(client.get("/analyze").get_data(as_text=True)).group(1)
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302


def test_a_locked_account_still_lets_its_owners_browser_in(db_app: Flask, world):
    email = world["maria"].email
    own_browser = db_app.test_client()
    assert attempt(own_browser, email, PASSWORD, "10.0.0.1") == 302  # an earlier visit
    log_out(own_browser)
    attacker = db_app.test_client()
    for n in range(5):  # from five addresses, so no address limit is reached
        assert attempt(attacker, email, "wrong guess", f"192.0.2.{n + 1}") == 401
    stranger = db_app.test_client()
    assert attempt(stranger, email, PASSWORD, "198.51.100.9") == 429
    assert attempt(own_browser, email, PASSWORD, "10.0.0.1") == 302


def test_a_failure_on_a_trusted_browser_ends_its_exemption(db_app: Flask, world):
    email = world["eli"].email
    browser = db_app.test_client()
    assert attempt(browser, email, PASSWORD, "10.0.0.2") == 302
    log_out(browser)
    for n in range(5):
        attempt(db_app.test_client(), email, "wrong guess", f"192.0.2.{n + 10}")
    assert attempt(browser, email, "a typo", "10.0.0.2") == 401  # the cookie is dropped
    assert attempt(browser, email, PASSWORD, "10.0.0.2") == 429


def test_a_device_cookie_for_another_account_is_no_exemption(db_app: Flask, world):
    browser = db_app.test_client()
    assert attempt(browser, world["eli"].email, PASSWORD, "10.0.0.3") == 302
    log_out(browser)
    target = world["hana"].email
    for n in range(5):
        attempt(db_app.test_client(), target, "wrong guess", f"192.0.2.{n + 20}")
    assert attempt(browser, target, PASSWORD, "10.0.0.3") == 429


def test_the_address_limit_holds_for_trusted_browsers_too(db_app: Flask, world):
    email = world["cole"].email
    browser = db_app.test_client()
    assert attempt(browser, email, PASSWORD, "10.0.0.4") == 302
    log_out(browser)
    for _ in range(5):
        attempt(db_app.test_client(), world["erin"].email, "wrong guess", "10.0.0.4")
    assert attempt(browser, email, PASSWORD, "10.0.0.4") == 429
