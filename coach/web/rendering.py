"""One URL, two renderings: the whole page normally, just the changed part for htmx.

Every view that htmx updates in place answers through `render()`, which picks the full page
or the partial it is built from and marks the response `Vary: HX-Request`, so no cache ever
hands a fragment to a normal page load or the other way round.
"""

from __future__ import annotations

from typing import Any

from flask import Response, make_response, render_template
from htmx_flask import request


def wants_fragment() -> bool:
    """True for htmx requests that swap part of a page (boosted requests want whole pages)."""
    return bool(request.htmx) and not request.htmx.boosted


def render(page: str, fragment: str, status: int = 200, **context: Any) -> Response:
    """Render `fragment` for an htmx request, else `page`; both see the same context."""
    template = fragment if wants_fragment() else page
    response = make_response(render_template(template, **context), status)
    response.vary.add("HX-Request")
    return response
