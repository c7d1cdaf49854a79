"""Outgoing mail (coach/services/mail.py): MAIL_URL parsed and refused when it cannot work,
files in the instance folder when it is empty, SMTP otherwise.

The SMTP tests replace smtplib.SMTP and SMTP_SSL with a recorder: no SMTP server (aiosmtpd is
not installed) and no network. They prove what we ask of smtplib (TLS, STARTTLS, log-in, the
message), not a conversation with a real server.
"""

from __future__ import annotations

import email
import stat
from email.message import EmailMessage
from email.policy import default
from typing import ClassVar

import pytest

from coach.services import mail


def message(to: str = "Maria <maria@example.com>") -> EmailMessage:
    note = EmailMessage()
    note["To"] = to
    note["Subject"] = "Hello"
    note.set_content("A line of text.\n")
    return note


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://mail.example", ("mail.example", 25, False, False, "", "")),
        ("smtp://mail.example:2525", ("mail.example", 2525, False, False, "", "")),
        ("smtps://mail.example", ("mail.example", 465, True, False, "", "")),
        (
            "smtp://me%40example.com:p%3Ass@mail.example:587?starttls=1",
            ("mail.example", 587, False, True, "me@example.com", "p:ss"),
        ),
        ("smtps://me:secret@mail.example:465", ("mail.example", 465, True, False, "me", "secret")),
    ],
)
def test_mail_urls(url, expected):
    server = mail.parse_url(url)
    got = (server.host, server.port, server.tls, server.starttls, server.username, server.password)
    assert got == expected


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://mail.example", "smtp://host:port"),
        ("smtp://", "smtp://host:port"),
        ("smtp://mail.example:port", "not a number"),
        ("smtp://me:secret@mail.example", "no encryption"),
        ("smtp://mail.example?tls=1", "unknown option"),
    ],
)
def test_a_mail_url_that_cannot_work_is_refused_with_the_reason(url, why, tmp_path):
    with pytest.raises(mail.MailConfigError) as raised:
        mail.make_mailer(url, "", tmp_path)
    assert why in str(raised.value)


def test_a_sender_must_be_an_address(tmp_path):
    with pytest.raises(mail.MailConfigError):
        mail.make_mailer("", "PIP Coach", tmp_path)
    assert mail.make_mailer("", "", tmp_path).sender == mail.DEFAULT_SENDER


def test_without_a_url_each_mail_is_a_private_file_in_the_instance_folder(tmp_path):
    mailer = mail.make_mailer("", "Coach <coach@example.org>", tmp_path)
    assert mailer.transport == f"files in {tmp_path / 'mail'}"
    mailer.send(message())
    mailer.send(message("Eli <eli@example.com>"))
    files = sorted((tmp_path / "mail").glob("*.eml"))
    assert len(files) == 2 and files[0].name != files[1].name
    assert stat.S_IMODE(files[0].stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "mail").stat().st_mode) == 0o700
    sent = email.message_from_bytes(files[0].read_bytes(), policy=default)
    assert sent["From"] == "Coach <coach@example.org>" and sent["Subject"] == "Hello"
    assert sent["Date"] and sent["Message-ID"].endswith("@example.org>")
    assert sent.get_content() == "A line of text.\n"


class Recorder:
    """Stands in for smtplib.SMTP and SMTP_SSL, writing down what is asked of it."""

    calls: ClassVar[list[tuple]] = []

    def __init__(self, host, port, timeout=None, context=None):
        Recorder.calls.append(("connect", type(self).__name__, host, port, context is not None))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        Recorder.calls.append(("quit",))

    def starttls(self, context=None):
        Recorder.calls.append(("starttls", context is not None))

    def login(self, user, password):
        Recorder.calls.append(("login", user, password))

    def send_message(self, sent):
        Recorder.calls.append(("send", sent["To"], sent["From"]))


class FakeSMTP(Recorder):
    pass


class FakeSMTP_SSL(Recorder):  # smtplib's name
    pass


@pytest.fixture
def smtp(monkeypatch):
    Recorder.calls = []
    monkeypatch.setattr(mail.smtplib, "SMTP", FakeSMTP)
    monkeypatch.setattr(mail.smtplib, "SMTP_SSL", FakeSMTP_SSL)
    return Recorder.calls


def test_smtp_with_starttls_and_a_log_in(smtp, tmp_path):
    url = "smtp://coach:s%40fe@mail.example:587?starttls=1"
    mail.make_mailer(url, "", tmp_path).send(message())
    assert smtp == [
        ("connect", "FakeSMTP", "mail.example", 587, False),
        ("starttls", True),
        ("login", "coach", "s@fe"),
        ("send", "Maria <maria@example.com>", mail.DEFAULT_SENDER),
        ("quit",),
    ]
    assert not (tmp_path / "mail").exists()


def test_smtps_speaks_tls_from_the_start(smtp, tmp_path):
    mailer = mail.make_mailer("smtps://mail.example", "", tmp_path)
    assert mailer.transport == "smtps://mail.example:465"
    mailer.send(message())
    assert smtp[0] == ("connect", "FakeSMTP_SSL", "mail.example", 465, True)
    assert [call[0] for call in smtp] == ["connect", "send", "quit"]


def test_a_server_that_is_not_there_is_an_os_error(tmp_path):
    # Port 1 on this machine: nothing listens, the connection is refused at once.
    with pytest.raises(OSError):
        mail.make_mailer("smtp://127.0.0.1:1", "", tmp_path).send(message())
