"""`coach reminders run` against a real SMTP server (aiosmtpd on a loopback port): the mails
arrive through COACH_MAIL_URL, with links on COACH_BASE_URL and nothing sensitive in a subject,
and a second run sends nothing again."""

from __future__ import annotations

import socket
from email import message_from_bytes
from email.message import Message

import pytest
from aiosmtpd.controller import Controller
from builders import build_world, make_plan
from click.testing import CliRunner

from coach.cli import main
from coach.db.engine import make_engine, session_scope
from coach.db.migrations import upgrade


class Inbox:
    """aiosmtpd's handler: every message the server accepts, parsed."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.messages.append(message_from_bytes(envelope.original_content))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield inbox, controller.port
    controller.stop()


@pytest.fixture
def database(tmp_path):
    """A migrated SQLite file with an active plan (issued, signed, check-ins missed)."""
    url = f"sqlite:///{tmp_path / 'coach.sqlite3'}"
    upgrade(url)
    engine = make_engine(url)
    with session_scope(engine) as session:
        world = build_world(session)
        plan = make_plan(session, world, "active")
        title = plan.title
    engine.dispose()
    return url, title


def test_the_run_mails_through_smtp_once(smtp_server, database, tmp_path):
    inbox, port = smtp_server
    url, title = database
    env = {
        "COACH_INSTANCE_PATH": str(tmp_path / "instance"),
        "COACH_MAIL_URL": f"smtp://127.0.0.1:{port}",
        "COACH_BASE_URL": "https://pip.example.org/coach/",
        "COACH_DIGEST_HOUR": "0",
    }
    first = CliRunner().invoke(main, ["reminders", "run", "--database-url", url], env=env)
    assert first.exit_code == 0, first.output
    received = len(inbox.messages)
    # eli: "plan issued" at once; maria and hana: "signed" at once and a digest of the missed
    # check-ins (the plan started in January: every weekly one since is overdue).
    by_person = {
        person: [m["Subject"] for m in inbox.messages if person in m["To"]]
        for person in ("eli@", "maria@", "hana@")
    }
    assert by_person["eli@"] == ["PIP Coach: A plan has been shared with you"]
    for person in ("maria@", "hana@"):
        assert sorted(by_person[person])[0] == "PIP Coach: A plan has been signed"
        assert sorted(by_person[person])[1].startswith("PIP Coach: Your daily summary (")
    assert received == 5
    for message in inbox.messages:
        assert title not in message["Subject"] and "Eli" not in message["Subject"]
        assert "https://pip.example.org/coach/plans/" in message.get_payload(decode=True).decode()
    assert "mailed 3 at once and 2 digests" in first.output

    again = CliRunner().invoke(main, ["reminders", "run", "--database-url", url], env=env)
    assert again.exit_code == 0, again.output
    assert len(inbox.messages) == received
    assert again.output.strip() == "0 new notifications; mailed 0 at once and 0 digests."
