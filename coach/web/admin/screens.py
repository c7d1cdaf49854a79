"""What the accounts pages show: every account, for an admin (accounts.list_users checks); the
reporting lines, for HR or an admin (accounts.reporting_lines checks)."""

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


@dataclass(frozen=True)
class ReportingLinesScreen:
    people: list[User]  # everyone with the employee role
    managers: list[User]  # the active managers they may report to

    def manager_of(self, person: User) -> User | None:
        return next((m for m in self.managers if m.id == person.manager_id), None)

    @property
    def without_manager(self) -> int:
        return sum(1 for person in self.people if person.is_active and not person.manager_id)


def reporting_lines_screen(session: Session, actor: User) -> ReportingLinesScreen:
    people, managers = accounts.reporting_lines(session, actor)
    return ReportingLinesScreen(people=people, managers=managers)
