"""Notifications: everyone logged in has a list and choices; a notification is its
recipient's alone ({notification} is eli's), so everyone else gets 404 for it."""

from route_matrix import expect, only

ROUTES = {
    "notifications.index": {"url": "/notifications", "GET": expect(200)},
    "notifications.open_one": {
        "url": "/notifications/{notification}/open",
        "POST": only(employee=303),
    },
    "notifications.read": {"url": "/notifications/{notification}/read", "POST": only(employee=303)},
    # Nothing unread, or all marked: back to the list either way.
    "notifications.read_all": {"url": "/notifications/read", "POST": expect(303)},
    # An empty form chooses nothing (422); the admin, on no plan, has nothing to choose (saved).
    "notifications.preferences": {
        "url": "/notifications/preferences",
        "GET": expect(200),
        "POST": expect(422, admin=303),
    },
}
