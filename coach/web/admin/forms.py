"""The new-account form: what a submitted form means, as keyword arguments for the service.

Only these fields are read, so a post cannot set anything else on an account; the password is
never typed back into a form that is shown again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from werkzeug.datastructures import MultiDict


@dataclass(frozen=True)
class AccountForm:
    email: str = ""
    name: str = ""
    roles: list[str] = field(default_factory=list)
    password: str = field(default="", repr=False)

    @classmethod
    def from_form(cls, form: MultiDict[str, str]) -> AccountForm:
        return cls(
            email=form.get("email", ""),
            name=form.get("name", ""),
            roles=form.getlist("roles"),
            password=form.get("password", ""),
        )

    def fields(self) -> dict[str, Any]:
        return {
            "email": self.email,
            "name": self.name,
            "roles": self.roles,
            "password": self.password,
        }

    def typed(self) -> dict[str, Any]:
        """What to show again after a refusal: everything but the password."""
        return {"email": self.email, "name": self.name, "roles": self.roles}


def optional_id(value: str) -> int | str | None:
    """A person picked from a list: their id, None for "nobody", or the raw text (the service
    says what is wrong with it)."""
    value = value.strip()
    if not value:
        return None
    return int(value) if value.isdigit() else value
