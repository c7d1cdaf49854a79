"""What the accounts page shows: every account, for an admin (accounts.list_users checks)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from coach.db.tables import User
from coach.services import accounts


@dataclass(frozen=True)
class UsersScreen:
    users: list[User]


def users_screen(session: Session, actor: User) -> UsersScreen:
    return UsersScreen(users=accounts.list_users(session, actor))
