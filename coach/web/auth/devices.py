"""Device cookies (OWASP's answer to lock-out attacks): a browser that has logged in to an
account before is trusted by that account's throttle.

After a successful log-in the browser gets `coach_device`, signed with the app's secret key and
naming the account by a hash of its e-mail (never the address itself). Five failures lock an
account for every other device; a device that then fails once loses its cookie, and with it
the exemption. The address throttle applies to everyone.
"""

from __future__ import annotations

import hashlib

from flask import Response, current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from coach.services.validation import normalise_email

DEVICE_COOKIE = "coach_device"
DEVICE_DAYS = 90
SALT = "coach-device-cookie"


def _signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def _account(email: str) -> str:
    return hashlib.sha256(normalise_email(email).encode()).hexdigest()[:32]


def trusted_for(email: str) -> bool:
    """True when this browser holds a valid device cookie for the account `email`."""
    value = request.cookies.get(DEVICE_COOKIE, "")
    if not value:
        return False
    try:
        data = _signer().loads(value, max_age=DEVICE_DAYS * 86_400)
    except BadSignature:
        return False
    return isinstance(data, dict) and data.get("account") == _account(email)


def remember(response: Response, email: str) -> None:
    """Mark this browser as a device of the account (after a successful log-in)."""
    response.set_cookie(
        DEVICE_COOKIE,
        _signer().dumps({"account": _account(email)}),
        max_age=DEVICE_DAYS * 86_400,
        httponly=True,
        samesite="Lax",
        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
    )


def forget(response: Response) -> None:
    response.delete_cookie(DEVICE_COOKIE)
