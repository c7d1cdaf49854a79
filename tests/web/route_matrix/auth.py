"""Log-in and log-out: open to everyone (log-out ends whatever session there is)."""

from route_matrix import expect

ROUTES = {
    "auth.login": {
        "url": "/login",
        # Logged in: straight on to the dashboard. An empty form is a failed log-in; after
        # five failures from one address the next are throttled.
        "GET": expect(302, anonymous=200),
        "POST": expect((401, 429), anonymous=(401, 429)),
    },
    "auth.logout": {"url": "/logout", "POST": expect(302, anonymous=302)},
    "static": {"url": "/static/app.css", "GET": expect(200, anonymous=200)},
}
