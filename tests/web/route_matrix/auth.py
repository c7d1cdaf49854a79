"""Log-in, log-out and a forgotten password: open to everyone (log-out ends whatever session
there is)."""

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
    # Asking for a reset link: an empty form is 422 (an address is needed), for anyone.
    "auth.reset_request": {
        "url": "/account/reset",
        "GET": expect(200, anonymous=200),
        "POST": expect(422, anonymous=422),
    },
    # The mailed link: one that is not ours is 410 (gone) for everyone, never a 500.
    "auth.reset_password": {
        "url": "/account/reset/not-a-link-we-sent",
        "GET": expect(410, anonymous=410),
        "POST": expect(410, anonymous=410),
    },
    "static": {"url": "/static/app.css", "GET": expect(200, anonymous=200)},
}
