"""Calendars and HR's exports. A plan's calendar is for whoever reads the plan; the personal
feed is public but answers only its secret link (one nobody made: 404 for everyone); the
"Calendar feed" page is everyone's own (an empty form: 422, nothing made). The CSV exports are
HR's alone."""

from route_matrix import expect, only, readers

ROUTES = {
    "calendars.plan": {"url": "/plans/{plan}/calendar.ics", "GET": readers(200)},
    "calendars.feed": {
        "url": "/calendar/no-link-anyone-made-Qx7.ics",
        "GET": expect(404, anonymous=404),
    },
    "calendars.account": {"url": "/account/calendar", "GET": expect(200), "POST": expect(422)},
    "exports.plans": {"url": "/plans.csv", "GET": only(hr=200)},
    "exports.history": {"url": "/plans/{plan}/history.csv", "GET": only(hr=200)},
    "exports.check_ins": {"url": "/plans/{plan}/check-ins.csv", "GET": only(hr=200)},
}
