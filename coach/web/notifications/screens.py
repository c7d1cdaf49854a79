"""What the notifications pages show: the person's own notifications and choices, in words."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session

from coach.db.tables import Notification, User
from coach.services import notifications
from coach.services.notifications import DELIVERIES, DELIVERY_WORDS, Choice


@dataclass(frozen=True)
class Item:
    notification: Notification
    kind: str  # the kind in words ("A check-in is due today")

    @property
    def unread(self) -> bool:
        return self.notification.read_at is None

    @property
    def created(self) -> dt.datetime:
        return self.notification.created_at


@dataclass(frozen=True)
class NotificationList:
    items: list[Item]
    unread: int

    @property
    def has_more(self) -> bool:
        return len(self.items) >= notifications.LIST_LIMIT


def notification_list(session: Session, user: User) -> NotificationList:
    rows = notifications.for_user(session, user)
    items = [Item(row, notifications.KINDS[row.kind].subject) for row in rows]
    return NotificationList(items, notifications.unread_count(session, user))


def item_for(session: Session, user: User, notification_id: int) -> Item:
    row = notifications.notification_for(session, user, notification_id)
    return Item(row, notifications.KINDS[row.kind].subject)


@dataclass(frozen=True)
class Preferences:
    choices: list[Choice]
    options: tuple[tuple[str, str], ...] = tuple((d, DELIVERY_WORDS[d]) for d in DELIVERIES)


def preferences(session: Session, user: User) -> Preferences:
    return Preferences(notifications.choices(session, user))
