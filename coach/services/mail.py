"""Outgoing mail: the one place every e-mail of the app goes through (no Flask here).

A `Mailer` is made once from two settings, `MAIL_URL` and `MAIL_FROM` (coach/web/config.py;
env `COACH_MAIL_URL`, `COACH_MAIL_FROM`), and sends `email.message.EmailMessage`s:

- `MAIL_URL` empty (the default): each message is written to `<instance>/mail/` as an `.eml`
  file named by the time and a random part, readable by this user only (0600), for a machine
  without a mail server and for tests; any mail program opens them.
- `smtp://host[:port]` (port 25): SMTP, in the clear unless `?starttls=1` (then STARTTLS,
  with the certificate checked; port 587 is the usual one).
- `smtps://host[:port]` (port 465): SMTP over TLS from the first byte.
- `user:password@host` in either (percent-encoded): the server's log-in. A password is only
  sent encrypted, so it needs `smtps://` or `?starttls=1`.

`send()` fills in From (`MAIL_FROM`), Date and Message-ID when the message has none. Errors
of the transport (OSError, smtplib.SMTPException) reach the caller, which decides whether a
failed mail fails its request; a bad `MAIL_URL` is a MailConfigError when the Mailer is made,
that is when the app starts.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

DEFAULT_SENDER = "PIP Coach <no-reply@localhost>"
MAIL_FOLDER = "mail"
SMTP_TIMEOUT = 10  # seconds to connect and for each reply of the server
TRUE_WORDS = frozenset({"1", "true", "yes", "on"})


class MailConfigError(ValueError):
    """MAIL_URL or MAIL_FROM cannot be used; the message says what to change."""


@dataclass(frozen=True)
class SmtpServer:
    host: str
    port: int
    tls: bool  # TLS from the first byte (smtps://)
    starttls: bool
    username: str = ""
    password: str = ""


@dataclass(frozen=True)
class Mailer:
    """Sends messages through SMTP when `server` is set, else into files in `folder`."""

    sender: str
    folder: Path
    server: SmtpServer | None = None

    @property
    def transport(self) -> str:
        """How mail leaves, for logs and the README: "files in …" or "smtp://host:port"."""
        if self.server is None:
            return f"files in {self.folder}"
        scheme = "smtps" if self.server.tls else "smtp"
        return f"{scheme}://{self.server.host}:{self.server.port}"

    def send(self, message: EmailMessage) -> None:
        """Send `message` (From, Date and Message-ID are filled in when missing)."""
        if "From" not in message:
            message["From"] = self.sender
        if "Date" not in message:
            message["Date"] = formatdate(usegmt=True)
        if "Message-ID" not in message:
            message["Message-ID"] = make_msgid(domain=sender_domain(self.sender))
        if self.server is None:
            write_file(self.folder, message)
        else:
            send_smtp(self.server, message)


def make_mailer(url: str, sender: str, instance_path: str | Path) -> Mailer:
    """The Mailer for `MAIL_URL` and `MAIL_FROM`; MailConfigError when they cannot work."""
    sender = (sender or DEFAULT_SENDER).strip()
    if "@" not in parseaddr(sender)[1]:
        raise MailConfigError(f"MAIL_FROM {sender!r} is not an address such as {DEFAULT_SENDER}.")
    folder = Path(instance_path) / MAIL_FOLDER
    url = (url or "").strip()
    return Mailer(sender=sender, folder=folder, server=parse_url(url) if url else None)


def parse_url(url: str) -> SmtpServer:
    """`smtp://[user:password@]host[:port][?starttls=1]` or `smtps://…` as an SmtpServer."""
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise MailConfigError(
            "MAIL_URL must be empty (mail into files) or smtp://host:port or smtps://host:port."
        )
    try:
        port = parts.port
    except ValueError:
        raise MailConfigError(f"MAIL_URL has a port that is not a number: {url!r}.") from None
    tls = parts.scheme == "smtps"
    query = parse_qs(parts.query)
    unknown = set(query) - {"starttls"}
    if unknown:
        raise MailConfigError(f"MAIL_URL: unknown option(s) {', '.join(sorted(unknown))}.")
    starttls = query.get("starttls", ["0"])[-1].lower() in TRUE_WORDS
    username, password = unquote(parts.username or ""), unquote(parts.password or "")
    if password and not (tls or starttls):
        raise MailConfigError(
            "MAIL_URL has a password but no encryption: use smtps:// or add ?starttls=1."
        )
    return SmtpServer(
        host=parts.hostname,
        port=port or (465 if tls else 25),
        tls=tls,
        starttls=starttls,
        username=username,
        password=password,
    )


def sender_domain(sender: str) -> str:
    return parseaddr(sender)[1].rpartition("@")[2] or "localhost"


def write_file(folder: Path, message: EmailMessage) -> Path:
    """Write `message` to a new file in `folder` (made 0700 if missing), mode 0600."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    path = folder / f"{stamp}-{secrets.token_hex(4)}.eml"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(message.as_bytes())  # lines end in \n: a file for reading on this machine
    return path


def send_smtp(server: SmtpServer, message: EmailMessage) -> None:
    context = ssl.create_default_context()
    client: smtplib.SMTP
    if server.tls:
        client = smtplib.SMTP_SSL(server.host, server.port, timeout=SMTP_TIMEOUT, context=context)
    else:
        client = smtplib.SMTP(server.host, server.port, timeout=SMTP_TIMEOUT)
    with client:
        if server.starttls:
            client.starttls(context=context)
        if server.username:
            client.login(server.username, server.password)
        client.send_message(message)
