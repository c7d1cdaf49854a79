"""The JSON APIs: the analysis and resource APIs are public and take JSON only (a form post is
415); the plans API needs a session (401 without) and answers 404 for plans one may not see;
the OpenAPI description is public."""

from route_matrix import expect, readers

ROUTES = {
    "api.analyze": {"url": "/api/analyze", "POST": expect(415, anonymous=415)},
    "api.analyze_batch": {"url": "/api/analyze/batch", "POST": expect(415, anonymous=415)},
    "api.classify_text": {"url": "/api/classify", "POST": expect(415, anonymous=415)},
    "api.openapi_document": {"url": "/api/openapi.json", "GET": expect(200, anonymous=200)},
    "api.resources": {"url": "/api/resources", "GET": expect(400, anonymous=400)},
    "plans_api.index": {"url": "/api/plans", "GET": expect(200, anonymous=401)},
    "plans_api.show": {"url": "/api/plans/{plan}", "GET": readers(200, anonymous=401)},
}
