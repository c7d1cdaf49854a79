"""The public analyser pages: the same for everyone, logged in or not."""

from route_matrix import expect

ROUTES = {
    "analyzer.analyze": {
        "url": "/analyze",
        "GET": expect(200, anonymous=200),
        "POST": expect(200, anonymous=200),
    },
    "analyzer.batch": {
        "url": "/analyze/batch",
        "GET": expect(200, anonymous=200),
        "POST": expect(200, anonymous=200),
    },
}
