"""The password-reset service: who gets a mail, the hourly limit from the audit trail, and what
makes a link unusable (services/password_reset.py)."""

from __future__ import annotations

import base64
import datetime as dt
import json
import threading

import pytest
from sqlmodel import Session, select

from coach.db.tables import AuditEvent, User, utcnow
from coach.errors import ResetLinkError, ValidationError
from coach.services import accounts, password_reset, passwords

KEY = "a test secret key of enough length"
PASSWORD = "correct horse battery"


@pytest.fixture
def dana(session):
    return accounts.create_user(
        session=session,
        actor=None,
        email="dana@example.com",
        name="Dana Rivers",
        roles=["employee"],
        password=PASSWORD,
    )


def ask(session, address, outbox, send=None):
    return password_reset.request_reset(
        session=session,
        email=address,
        secret_key=KEY,
        link_for=lambda token: f"https://coach.example/account/reset/{token}",
        send=send or outbox.append,
    )


def token_of(message) -> str:
    return message.get_content().split("/account/reset/")[1].split()[0]


def mail_rows(session, user):
    query = select(AuditEvent).where(
        AuditEvent.entity_id == user.id, AuditEvent.action == password_reset.MAIL_ACTION
    )
    return list(session.exec(query))


def test_only_an_active_account_gets_a_mail(session, dana):
    outbox = []
    assert ask(session, "nobody@example.com", outbox) is False
    assert ask(session, " DANA@example.com ", outbox) is True
    assert [message["To"] for message in outbox] == ["Dana Rivers <dana@example.com>"]
    dana.is_active = False
    session.add(dana)
    session.commit()
    assert ask(session, "dana@example.com", outbox) is False and len(outbox) == 1
    assert ask(session, None, outbox) is False  # not even text


def test_the_hourly_limit_counts_the_last_hour_only(session, dana):
    outbox = []
    session.add(AuditEvent(at=utcnow() - dt.timedelta(minutes=61), entity="user_account",
                           entity_id=dana.id, action=password_reset.MAIL_ACTION))  # fmt: skip
    session.commit()
    results = [ask(session, dana.email, outbox) for _ in range(4)]
    assert results == [True, True, True, False]
    assert len(mail_rows(session, dana)) == 4 and mail_rows(session, dana)[1].actor_id is None


def test_parallel_requests_mail_no_more_than_the_hourly_limit(file_db):
    """Ten requests for one address at once, each in its own unit of work: count-and-record
    is one serialised step, so the victim of a mail flood gets MAILS_PER_HOUR mails, not 10."""
    with Session(file_db) as setup:
        accounts.create_user(session=setup, actor=None, email="target@example.com",
                             name="Target", roles=["employee"], password=PASSWORD)  # fmt: skip
    start = threading.Barrier(10)
    sent = []

    def slow_send(message):
        threading.Event().wait(0.05)  # a mail server takes its time; the others wait their turn
        sent.append(message)

    def request(_n):
        start.wait()
        with Session(file_db) as unit:
            ask(unit, "target@example.com", sent, send=slow_send)

    threads = [threading.Thread(target=request, args=(n,)) for n in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(sent) == password_reset.MAILS_PER_HOUR


def test_a_failed_mail_is_not_recorded(session, dana):
    def broken(message):
        raise ConnectionRefusedError(111, "Connection refused")

    assert ask(session, dana.email, [], send=broken) is False
    assert mail_rows(session, dana) == []


def test_the_link_carries_no_password_hash_and_works_until_the_password_changes(session, dana):
    outbox = []
    ask(session, dana.email, outbox)
    token = token_of(outbox[0])
    payload = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    assert payload[0] == dana.id and dana.password_hash not in token and len(payload[1]) == 32
    assert password_reset.user_for_link(session=session, token=token, secret_key=KEY).id == dana.id
    with pytest.raises(ResetLinkError) as broken:
        password_reset.user_for_link(session=session, token=token, secret_key="another key")
    assert broken.value.reason == "broken"
    passwords.replace_password(session, dana, "a second long phrase", field="password", actor=None)
    with pytest.raises(ResetLinkError) as used:
        password_reset.user_for_link(session=session, token=token, secret_key=KEY)
    assert used.value.reason == "used"


def test_the_reset_is_audited_by_the_owner_and_a_refusal_changes_nothing(session, dana):
    outbox = []
    ask(session, dana.email, outbox)
    token = token_of(outbox[0])
    with pytest.raises(ValidationError) as weak:
        password_reset.reset_password(session=session, token=token, secret_key=KEY,
                                      new_password="danarivers1")  # fmt: skip
    assert "your name" in weak.value.errors["new_password"]
    password_reset.reset_password(session=session, token=token, secret_key=KEY,
                                  new_password="walnut prism tundra oak")  # fmt: skip
    stored = session.exec(select(User).where(User.id == dana.id)).one()
    assert passwords.verify_password(stored.password_hash, "walnut prism tundra oak")
    last = session.exec(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (last.action, last.actor_id, last.entity_id) == ("password_reset", dana.id, dana.id)
