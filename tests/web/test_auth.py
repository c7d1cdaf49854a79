"""Log-in, log-out and sessions (SECURITY.md "Accounts and sessions"), and deny by default."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlmodel import select

from coach.db.tables import UserSession, utcnow
from coach.web.auth.routes import safe_next

TOKEN_FIELD = re.compile(r'(name="csrf_token" value|name="csrf-token" content)="[^"]*"')


def cookie_value(browser) -> str:
    cookie = browser.client.get_cookie("session")
    return cookie.value if cookie else ""


def test_log_in_lands_on_the_dashboard_and_log_out_ends_it(auth):
    maria = auth.login("maria")
    page = maria.get("/")
    assert page.status_code == 200 and "Plans you manage" in page.get_data(as_text=True)
    response = maria.post("/logout")
    assert response.status_code == 302 and response.location.startswith("/login")
    assert maria.get("/plans").status_code == 302


def test_a_replayed_cookie_after_log_out_gets_nothing(auth):
    eli = auth.login("eli")
    captured = cookie_value(eli)
    assert eli.get("/plans").status_code == 200
    eli.post("/logout")
    eli.client.set_cookie("session", captured)
    response = eli.get("/plans")
    assert response.status_code == 302
    assert response.location.startswith("/login?next=/plans")


def test_every_log_in_gets_a_new_session(visitor, world, unit):
    visitor.login(world["eli"].email)
    first = cookie_value(visitor)
    visitor.login(world["eli"].email)
    second = cookie_value(visitor)
    assert first and second and first != second
    with unit() as session:
        rows = session.exec(select(UserSession).where(UserSession.user_id == world["eli"].id))
        rows = list(rows)
    assert len(rows) == 2
    assert sum(row.ended_at is None for row in rows) == 1, "the earlier session was ended"


def age_sessions(unit, user_id: int, **delta: int) -> None:
    with unit() as session:
        for row in session.exec(select(UserSession).where(UserSession.user_id == user_id)):
            row.last_seen_at = utcnow() - dt.timedelta(**delta)
            session.add(row)
        session.commit()


def test_an_idle_session_expires(auth, world, unit):
    eli = auth.login("eli")
    age_sessions(unit, world["eli"].id, minutes=21)
    response = eli.get("/plans")
    assert response.status_code == 302 and response.location.startswith("/login")
    assert "Your session has ended" in eli.get("/login").get_data(as_text=True)


def test_a_session_used_within_the_idle_time_lives_on(auth, world, unit):
    eli = auth.login("eli")
    age_sessions(unit, world["eli"].id, minutes=19)
    assert eli.get("/plans").status_code == 200


def test_an_expired_htmx_request_is_sent_to_log_in_not_given_a_fragment(auth, world, unit):
    eli = auth.login("eli")
    age_sessions(unit, world["eli"].id, minutes=30)
    response = eli.get("/plans?status=active", htmx=True)
    assert response.status_code == 401
    assert response.headers["HX-Redirect"].startswith("/login?next=")
    assert not response.get_data()


def test_the_sixth_bad_attempt_is_throttled(visitor, world):
    for _ in range(5):
        assert visitor.login(world["eli"].email, "wrong password!").status_code == 401
    response = visitor.login(world["eli"].email, "wrong password!")
    assert response.status_code == 429
    assert "Too many failed log-in attempts" in response.get_data(as_text=True)
    assert visitor.login(world["eli"].email).status_code == 429, "even the right password"


def normalised(response) -> str:
    """The page without what legitimately differs: the CSRF token and the typed address."""
    text = TOKEN_FIELD.sub("TOKEN", response.get_data(as_text=True))
    return re.sub(r'name="email" value="[^"]*"', 'name="email" value=""', text)


def test_unknown_user_and_wrong_password_look_the_same(visitor, world):
    unknown = visitor.login("nobody@test.example", "some password 1")
    wrong = visitor.login(world["eli"].email, "some password 1")
    assert unknown.status_code == wrong.status_code == 401
    assert normalised(unknown) == normalised(wrong)
    assert "The email address or password is not right." in unknown.get_data(as_text=True)


def test_the_typed_address_is_kept_after_a_failure(visitor):
    page = visitor.login("someone@test.example", "bad password 1").get_data(as_text=True)
    assert 'value="someone@test.example"' in page


def test_log_in_returns_to_the_page_asked_for(visitor, world):
    response = visitor.get("/plans?status=draft")
    assert response.location == "/login?next=/plans?status%3Ddraft"
    response = visitor.post(
        "/login", {"email": world["maria"].email, "password": "demo-pass-1234", "next": "/plans"}
    )
    assert response.status_code == 302 and response.location == "/plans"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/x",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "/plans\r\nSet-Cookie: x=1",
        "http:/evil.example",
        "",
    ],
)
def test_log_in_refuses_to_redirect_off_the_site(visitor, world, target):
    response = visitor.post(
        "/login", {"email": world["maria"].email, "password": "demo-pass-1234", "next": target}
    )
    assert response.status_code == 302 and response.location == "/"


@pytest.mark.parametrize(
    ("target", "safe"),
    [("/plans/3", "/plans/3"), ("/plans?status=active", "/plans?status=active"), ("plans", None)],
)
def test_safe_next_keeps_paths_on_this_site(target, safe):
    assert safe_next(target) == safe


def test_the_session_cookie_is_http_only_and_same_site(visitor, world):
    response = visitor.post("/login", {"email": world["eli"].email, "password": "demo-pass-1234"})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_the_cookie_is_secure_when_configured(engine, db_engine, world):
    from builders import Browser, make_app

    app = make_app(engine, db_engine, SESSION_COOKIE_SECURE=True)
    browser = Browser(app)
    response = browser.post("/login", {"email": world["eli"].email, "password": "demo-pass-1234"})
    assert "Secure" in response.headers["Set-Cookie"]


def test_a_deactivated_user_is_logged_out_at_once(auth, world):
    erin = auth.login("erin")
    adam = auth.login("adam")
    adam.post(f"/admin/users/{world['erin'].id}/active", {"active": "0"})
    assert erin.get("/plans").status_code == 302


@pytest.mark.parametrize("url", ["/", "/analyze", "/analyze/batch", "/login"])
def test_public_pages_need_no_log_in(visitor, url):
    assert visitor.get(url).status_code == 200


def test_the_analysis_api_needs_no_log_in(visitor):
    response = visitor.client.post("/api/analyze", json={"text": "Close 10 tickets by Friday"})
    assert response.status_code == 200


def test_the_plans_api_answers_401_without_a_session(visitor):
    response = visitor.get("/api/plans")
    assert response.status_code == 401 and response.json["error"] == "Unauthorized"


def test_log_out_needs_the_csrf_token(auth):
    eli = auth.login("eli")
    assert eli.client.post("/logout").status_code == 400
    assert eli.get("/plans").status_code == 200
