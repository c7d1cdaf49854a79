"""Absolute links into the app for the mails the worker sends, where there is no request to
build them from: the routes' own `url_for` (plan parts through plan_tabs.tab_url), on
`BASE_URL` (COACH_BASE_URL: where people reach the app, a path prefix included)."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urljoin

from flask import Flask, request, url_for

from coach.db.tables import Notification
from coach.web.plan_tabs import tab_url


class AppLinks:
    """services.delivery.Links for `app`."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.base = str(app.config.get("BASE_URL") or "http://127.0.0.1:5000/")

    def external(self, build: Callable[[], str]) -> str:
        with self.app.test_request_context("/", base_url=self.base):
            return urljoin(request.host_url, build())

    def notification(self, notification: Notification) -> str:
        return self.external(lambda: target(notification))

    def notifications(self) -> str:
        return self.external(lambda: url_for("notifications.index"))

    def preferences(self) -> str:
        return self.external(lambda: url_for("notifications.preferences"))


def target(notification: Notification) -> str:
    """Where a notification leads: the tab (and place) of its plan, else the list."""
    if notification.plan_id is None:
        return url_for("notifications.index")
    return tab_url(notification.plan_id, notification.tab, notification.anchor or None)
