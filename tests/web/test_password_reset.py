"""A forgotten password: the mailed single-use link, valid for 30 minutes.

The app here has its instance folder in the test's tmp_path, so the mails (MAIL_URL empty) land
in `<tmp_path>/mail/` where the tests read them. The same page answers every address, after the
same time; the link works once; it dies with any password change and after 30 minutes; a weak
new password is refused beside its field; the reset ends every session; CSRF is checked.
"""

from __future__ import annotations

import email
import re
import stat
import time
from email.policy import default

import pytest
from builders import PASSWORD, Browser, make_app, parse
from itsdangerous import TimestampSigner
from sqlmodel import select

from coach.db.tables import AuditEvent, User
from coach.services import mail, password_reset
from coach.web.auth import routes

NEW_PASSWORD = "seven quiet lanterns walk"
SENT = "If an account has the address"
LINK = re.compile(r"http://localhost(/account/reset/[\w.-]+)")


@pytest.fixture
def reset_app(engine, db_engine, tmp_path, monkeypatch):
    monkeypatch.setenv("COACH_INSTANCE_PATH", str(tmp_path))
    return make_app(engine, db_engine)


@pytest.fixture
def visitor(reset_app):
    return Browser(reset_app)


def mails(tmp_path) -> list[email.message.EmailMessage]:
    folder = tmp_path / "mail"
    files = sorted(folder.glob("*.eml")) if folder.exists() else []
    return [email.message_from_bytes(path.read_bytes(), policy=default) for path in files]


def ask(browser, address):
    return browser.post("/account/reset", {"email": address})


def link_in(message) -> str:
    return LINK.search(message.get_content()).group(1)


def reset(browser, path, new=NEW_PASSWORD, confirm=None):
    form = {"new_password": new, "confirm_password": new if confirm is None else confirm}
    response = browser.post(path, form)
    if response.status_code == 303:
        browser._token = None  # a new cookie session (logged out), with a new CSRF token
    return response


def mailed_link(browser, world, tmp_path, name="maria") -> str:
    assert ask(browser, world[name].email).status_code == 200
    return link_in(mails(tmp_path)[-1])


def test_the_log_in_page_offers_the_reset(visitor):
    login = parse(visitor.get("/login"))
    assert login.select_one("a[href='/account/reset']").get_text() == "Forgot your password?"
    page = visitor.get("/account/reset")
    assert page.status_code == 200 and parse(page).select_one("input#email[type=email]")


def test_the_mail_lands_in_the_instance_folder_and_its_link_works_once(
    visitor, world, tmp_path, reset_app
):
    response = ask(visitor, f"  {world['maria'].email.upper()} ")  # as typed, any case
    assert response.status_code == 200 and SENT in response.get_data(as_text=True)
    sent = mails(tmp_path)[-1]
    (path_on_disk,) = sorted((tmp_path / "mail").glob("*.eml"))[-1:]
    assert stat.S_IMODE(path_on_disk.stat().st_mode) == 0o600
    assert sent["To"].addresses[0].addr_spec == world["maria"].email
    assert sent["Subject"] == "Reset your PIP Coach password"
    assert sent["From"] == "PIP Coach <no-reply@localhost>"
    body = sent.get_content()
    assert "30 minutes" in body and "If you did not ask" in body
    path = link_in(sent)
    assert path.split("/")[-1] not in sent["Subject"]
    assert path.encode() in path_on_disk.read_bytes()  # whole, as typed: not quoted-printable

    form = visitor.get(path)
    assert form.status_code == 200
    assert parse(form).select_one("input[name=username]")["value"] == world["maria"].email
    done = reset(visitor, path)
    assert done.status_code == 303 and done.location == "/login"
    assert "Your password has been changed" in visitor.get("/login").get_data(as_text=True)
    assert Browser(reset_app).login(world["maria"].email, NEW_PASSWORD).status_code == 302
    assert Browser(reset_app).login(world["maria"].email, PASSWORD).status_code == 401

    again = visitor.get(path)
    assert again.status_code == 410
    assert "used already" in parse(again).select_one("#reset-link-problem").get_text()
    assert parse(again).select_one("a[href='/account/reset']")
    assert reset(visitor, path, "another fine long phrase").status_code == 410
    assert Browser(reset_app).login(world["maria"].email, NEW_PASSWORD).status_code == 302


TOKEN_FIELD = re.compile(r'(name="csrf_token" value|name="csrf-token" content)="[^"]*"')


def normalised(response) -> str:
    """The page without what differs by request: the CSRF token and the typed address."""
    text = TOKEN_FIELD.sub("TOKEN", response.get_data(as_text=True))
    return re.sub(r"<strong>[^<]*</strong>", "ADDRESS", text)


def test_every_address_gets_the_same_page_after_the_same_time(visitor, world, unit, tmp_path):
    adam = Browser(visitor.client.application)
    adam.login(world["adam"].email)
    adam.post(f"/admin/users/{world['zoe'].id}/active", {"active": "0"})
    answers, times = [], []
    for address in (world["eli"].email, "nobody@test.example", world["zoe"].email):
        started = time.monotonic()
        answers.append(ask(visitor, address))
        times.append(time.monotonic() - started)
    assert [answer.status_code for answer in answers] == [200, 200, 200]
    assert normalised(answers[0]) == normalised(answers[1]) == normalised(answers[2])
    assert all(taken >= routes.RESET_ANSWER_SECONDS for taken in times)
    assert max(times) - min(times) < 0.15, times
    sent = mails(tmp_path)
    assert [message["To"].addresses[0].addr_spec for message in sent] == [world["eli"].email]


def test_an_address_that_is_not_one_is_asked_again(visitor, tmp_path):
    for typed in ("", "not an address"):
        response = ask(visitor, typed)
        assert response.status_code == 422
        assert "Enter the email address" in parse(response).select_one("#email-error").get_text()
    assert mails(tmp_path) == []


def test_at_most_three_mails_an_hour_per_account(visitor, world, tmp_path):
    for _ in range(password_reset.MAILS_PER_HOUR + 2):
        assert ask(visitor, world["eli"].email).status_code == 200
    assert len(mails(tmp_path)) == password_reset.MAILS_PER_HOUR
    ask(visitor, world["erin"].email)
    assert len(mails(tmp_path)) == password_reset.MAILS_PER_HOUR + 1  # another account's own


def test_an_expired_link_fails(visitor, world, tmp_path, monkeypatch):
    now = time.time()
    with monkeypatch.context() as frozen:  # the link was signed 30 minutes and a second ago
        frozen.setattr(TimestampSigner, "get_timestamp", lambda self: int(now) - 30 * 60 - 1)
        path = mailed_link(visitor, world, tmp_path)
    for response in (visitor.get(path), reset(visitor, path)):
        assert response.status_code == 410
        assert "expired" in parse(response).select_one("#reset-link-problem").get_text()
    with monkeypatch.context() as frozen:  # 29 minutes ago: still fine
        frozen.setattr(TimestampSigner, "get_timestamp", lambda self: int(now) - 29 * 60)
        path = mailed_link(visitor, world, tmp_path)
    assert visitor.get(path).status_code == 200


@pytest.mark.parametrize(
    "path",
    ["/account/reset/garbage", "/account/reset/" + "A" * 300, "/account/reset/%00%ff"],
)
def test_a_broken_link_says_so_and_is_never_a_500(visitor, path):
    response = visitor.get(path)
    assert response.status_code == 410
    assert "incomplete" in parse(response).select_one("#reset-link-problem").get_text()


def test_a_tampered_or_foreign_link_is_broken(visitor, world, tmp_path, reset_app):
    path = mailed_link(visitor, world, tmp_path)
    token = path.rsplit("/", 1)[1]
    assert visitor.get(path[:-2] + ("AA" if not path.endswith("AA") else "BB")).status_code == 410
    foreign = password_reset.serializer("another app's key").dumps([world["maria"].id, "x"])
    assert "incomplete" in visitor.get(f"/account/reset/{foreign}").get_data(as_text=True)
    shape = password_reset.serializer(reset_app.config["SECRET_KEY"]).dumps({"id": 1})
    assert visitor.get(f"/account/reset/{shape}").status_code == 410
    assert visitor.get(f"/account/reset/{token}").status_code == 200


def test_a_weak_new_password_is_refused_beside_its_field_and_the_link_still_works(
    visitor, world, tmp_path, reset_app
):
    path = mailed_link(visitor, world, tmp_path)
    for new, confirm, field, why in [
        ("P@ssw0rd123", None, "new_password", "commonly used password"),
        ("mariamanager1", None, "new_password", "your name"),
        ("short", None, "new_password", "at least 8"),
        (NEW_PASSWORD, "something else entirely", "confirm_password", "do not match"),
    ]:
        response = reset(visitor, path, new, confirm)
        assert response.status_code == 422
        page = parse(response)
        assert why in page.select_one(f"#{field}-error").get_text()
        assert page.select_one(f"#{field}")["aria-invalid"] == "true"
        assert page.select_one("form")["action"] == path
    assert Browser(reset_app).login(world["maria"].email, PASSWORD).status_code == 302
    assert reset(visitor, path).status_code == 303


def test_the_reset_ends_every_session_of_the_account(auth, world, tmp_path, reset_app):
    elsewhere = Browser(reset_app)
    elsewhere.login(world["maria"].email)
    here = Browser(reset_app)
    here.login(world["maria"].email)  # the same person, logged in on this browser too
    assert elsewhere.get("/plans").status_code == 200
    path = mailed_link(here, world, tmp_path)
    assert reset(here, path).status_code == 303
    assert elsewhere.get("/plans").status_code == 302
    assert here.get("/plans").status_code == 302  # this browser logs in afresh too


def test_a_password_change_or_deactivation_ends_an_unused_link(visitor, world, tmp_path, reset_app):
    path = mailed_link(visitor, world, tmp_path)
    maria = Browser(reset_app)
    maria.login(world["maria"].email)
    form = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    changed = maria.post("/account/password", {**form, "confirm_password": NEW_PASSWORD})
    assert changed.status_code == 303
    assert visitor.get(path).status_code == 410
    path = mailed_link(visitor, world, tmp_path, "zoe")
    adam = Browser(reset_app)
    adam.login(world["adam"].email)
    adam.post(f"/admin/users/{world['zoe'].id}/active", {"active": "0"})
    assert visitor.get(path).status_code == 410


def test_the_forms_need_their_csrf_token(visitor, world, tmp_path, reset_app):
    refused = visitor.client.post("/account/reset", data={"email": world["maria"].email})
    assert refused.status_code == 400 and mails(tmp_path) == []
    path = mailed_link(visitor, world, tmp_path)
    form = {"new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD}
    assert visitor.client.post(path, data=form).status_code == 400
    assert Browser(reset_app).login(world["maria"].email, PASSWORD).status_code == 302


def test_hr_sees_the_mail_and_the_reset_in_words(visitor, world, tmp_path, reset_app, unit):
    assert reset(visitor, mailed_link(visitor, world, tmp_path, "eli")).status_code == 303
    hana = Browser(reset_app)
    hana.login(world["hana"].email)
    page = parse(hana.get("/accounts/history"))
    rows = [row.get_text(" ", strip=True) for row in page.select("#account-history tbody tr")]
    assert "Password reset with an emailed link" in rows[0] and world["eli"].email in rows[0]
    assert rows[0].count("Eli") == 2  # by Eli, to Eli's account
    assert "Password reset link emailed" in rows[1]
    assert "Someone on the forgot-password page" in rows[1]
    with unit() as session:
        actions = session.exec(
            select(AuditEvent.action).where(AuditEvent.entity_id == world["eli"].id)
        ).all()
    assert {"password_reset_mail", "password_reset"} <= set(actions)


def test_a_mail_that_cannot_be_sent_changes_nothing_on_the_page(
    engine, db_engine, tmp_path, monkeypatch, world, unit
):
    monkeypatch.setenv("COACH_INSTANCE_PATH", str(tmp_path))
    app = make_app(engine, db_engine, MAIL_URL="smtp://127.0.0.1:1")  # nothing listens there
    response = ask(Browser(app), world["maria"].email)
    assert response.status_code == 200 and SENT in response.get_data(as_text=True)
    with unit() as session:
        mailed = session.exec(select(AuditEvent).where(AuditEvent.action == "password_reset_mail"))
        assert list(mailed) == []
        assert session.exec(select(User).where(User.email == world["maria"].email)).one()


def test_a_mail_url_that_cannot_work_stops_the_app_at_start(engine):
    with pytest.raises(mail.MailConfigError):
        make_app(engine, MAIL_URL="smtp://me:secret@mail.example")


def test_the_fixed_answer_time_is_charged_to_the_clients_budget(
    engine, db_engine, tmp_path, monkeypatch
):
    # The answer is held to RESET_ANSWER_SECONDS whatever the address; a sleep costs no CPU,
    # so uncharged it would let one client hold every worker while staying within budget.
    monkeypatch.setenv("COACH_INSTANCE_PATH", str(tmp_path))
    budget_ms = round(routes.RESET_ANSWER_SECONDS * 1000 * 3.5)
    app = make_app(engine, db_engine, RATE_LIMIT_CPU=f"{budget_ms} per minute")
    visitor = Browser(app)
    statuses = [ask(visitor, f"nobody{n}@test.example").status_code for n in range(6)]
    assert statuses[:3] == [200, 200, 200]
    assert 429 in statuses[3:5], statuses
