"""A forgotten password: a single-use link by e-mail, valid for 30 minutes (OWASP's Forgot
Password cheat sheet).

`request_reset` mails an active account a link carrying a token signed with the app's secret
key (itsdangerous, salt "password-reset"): the account's id and a fingerprint of its current
password hash and password_changed_at. Setting a password through the link changes both, so the
link then no longer matches: it works once, and any other password change (or deactivation)
ends it too; after LINK_MAX_AGE the signature itself has expired. Nothing is stored for a link.

The caller answers the same way whatever the address (unknown, inactive, over the limit or
mailed): no account enumeration. At most MAILS_PER_HOUR links per account and hour, counted
from the audit trail, where each mail is recorded ("password_reset_mail", no actor: whoever
typed the address) as is the reset itself ("password_reset", by the account's owner).
Setting the password goes through passwords.replace_password: the policy, every session
ended, audited, one commit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import smtplib
from collections.abc import Callable
from email.message import EmailMessage
from email.utils import formataddr

from itsdangerous import BadData, SignatureExpired, URLSafeTimedSerializer
from sqlmodel import Session, func, select

from coach.db import audit
from coach.db.tables import AuditEvent, User, utcnow
from coach.db.unit_of_work import commit, serialise_on
from coach.errors import ResetLinkError
from coach.services.passwords import replace_password
from coach.services.validation import EMAIL_MAX, normalise_email

SALT = "password-reset"
LINK_MAX_AGE = dt.timedelta(minutes=30)
MAILS_PER_HOUR = 3
MAIL_ACTION = "password_reset_mail"
RESET_ACTION = "password_reset"
SUBJECT = "Reset your PIP Coach password"

log = logging.getLogger(__name__)

Send = Callable[[EmailMessage], None]
LinkFor = Callable[[str], str]


def request_reset(
    *, session: Session, email: str, secret_key: str, link_for: LinkFor, send: Send
) -> bool:
    """Mail a reset link (`link_for(token)`, an absolute URL) to the active account with this
    address, unless it had MAILS_PER_HOUR already this hour. True when a mail went out; callers
    must not let the answer differ (the address may belong to no one)."""
    address = normalise_email(email if isinstance(email, str) else "")[:EMAIL_MAX]
    serialise_on(session, f"reset:{address}")  # count, mail and record: one request at a time
    user = session.exec(select(User).where(User.email == address)).first()
    if user is None or not user.is_active or mails_this_hour(session, user) >= MAILS_PER_HOUR:
        return False
    message = reset_message(user, link_for(make_token(user, secret_key)))
    try:
        send(message)
    except (OSError, smtplib.SMTPException) as error:
        # The page still says "if an account has this address...": a failure must not tell
        # the visitor that the address exists. The operator sees it here (no address logged).
        log.warning("Could not send the password reset mail for account #%s: %r", user.id, error)
        return False
    audit.record(session, actor=None, action=MAIL_ACTION, entity=user, plan_id=None)
    commit(session, "account")
    return True


def mails_this_hour(session: Session, user: User) -> int:
    query = select(func.count()).where(
        AuditEvent.entity == User.__tablename__,
        AuditEvent.entity_id == user.id,
        AuditEvent.action == MAIL_ACTION,
        AuditEvent.at > utcnow() - dt.timedelta(hours=1),
    )
    return session.exec(query).one()


def user_for_link(*, session: Session, token: str, secret_key: str) -> User:
    """The account a reset link is for, or ResetLinkError: "broken" (not signed by us),
    "expired" (older than LINK_MAX_AGE) or "used" (the password changed since, or the account
    is gone or inactive)."""
    try:
        payload = serializer(secret_key).loads(token, max_age=LINK_MAX_AGE.total_seconds())
    except SignatureExpired:
        raise ResetLinkError("expired") from None
    except BadData:
        raise ResetLinkError("broken") from None
    if not (isinstance(payload, list) and len(payload) == 2 and isinstance(payload[0], int)):
        raise ResetLinkError("broken")
    user = session.get(User, payload[0])
    if user is None or not user.is_active:
        raise ResetLinkError("used")
    if not hmac.compare_digest(str(payload[1]), fingerprint(user, secret_key)):
        raise ResetLinkError("used")
    return user


def reset_password(*, session: Session, token: str, secret_key: str, new_password: str) -> User:
    """Set the password of the link's account (ResetLinkError, or ValidationError under
    "new_password" with nothing changed); ends every session of the account; audited as
    RESET_ACTION by the account's owner (who proved they read its mail)."""
    user = user_for_link(session=session, token=token, secret_key=secret_key)
    replace_password(
        session, user, new_password, field="new_password", actor=user, action=RESET_ACTION
    )
    return user


def serializer(secret_key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt=SALT)


def make_token(user: User, secret_key: str) -> str:
    return serializer(secret_key).dumps([user.id, fingerprint(user, secret_key)])


def fingerprint(user: User, secret_key: str) -> str:
    """A keyed digest of the password hash and when it was set: changes with every password
    change, and tells a reader of the link nothing about the hash."""
    changed = user.password_changed_at.replace(tzinfo=None).isoformat()  # UTC, stored naive
    data = f"{user.password_hash}|{changed}".encode()
    return hmac.new(secret_key.encode(), data, hashlib.sha256).hexdigest()[:32]


def reset_message(user: User, link: str) -> EmailMessage:
    """The mail: no secret in the subject; the link, how long it works, what to do if you did
    not ask. From, Date and Message-ID are the Mailer's to add."""
    minutes = int(LINK_MAX_AGE.total_seconds() // 60)
    message = EmailMessage()
    message["To"] = formataddr((user.name, user.email))
    message["Subject"] = SUBJECT
    body = (
        f"Hello {user.name},\n\n"
        f"Someone asked to reset the password of your PIP Coach account ({user.email}).\n"
        "If it was you, open this link to choose a new password:\n\n"
        f"{link}\n\n"
        f"The link works once, for {minutes} minutes. If it has expired, ask for a new one\n"
        'with "Forgot your password?" on the log-in page.\n\n'
        "If you did not ask, you need do nothing: your password stays as it is, and the link\n"
        "is of no use to anyone without this mailbox. If these mails keep coming, tell\n"
        "whoever runs PIP Coach for your organisation.\n\n"
        "PIP Coach\n"
    )
    # Plain 7- or 8-bit text, not quoted-printable: the link stays whole and clickable even
    # in an .eml file read as it is (its line is longer than quoted-printable's 76).
    message.set_content(body, cte="7bit" if body.isascii() else "8bit")
    return message
