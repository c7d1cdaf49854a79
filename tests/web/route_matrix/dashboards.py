"""The home page: the public front page, or the user's dashboard once logged in."""

from route_matrix import expect

ROUTES = {
    "home.index": {"url": "/", "GET": expect(200, anonymous=200)},
    # The health check is public: a load balancer asks it without logging in.
    "home.health": {"url": "/healthz", "GET": expect(200, anonymous=200)},
}
