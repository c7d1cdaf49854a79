"""One URL, two renderings: the whole page normally, just the changed part for htmx.

Every view that htmx updates in place answers through `render()`, which picks the full page
or the partial it is built from and marks the response `Vary: HX-Request`, so no cache ever
hands a fragment to a normal page load or the other way round.

How a change answers, everywhere:
- **done**: `done(fresh, url, message)`: htmx gets `fresh()` (the changed part, saying so);
  a plain form post gets a 303 to `url` (Post/Redirect/Get) with the message flashed there.
- **refused**: the view renders the form again through `render()` with what was typed, the
  message per field, and the status of the error (`errors.status_of`: 422, or 409 when someone
  else saved first), for htmx and plain posts alike.
- **read**: `render(page, fragment, ...)`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Response, flash, make_response, redirect, render_template
from htmx_flask import request


def wants_fragment() -> bool:
    """True for htmx requests that swap part of a page. Boosted requests want whole pages, and
    so does htmx restoring a page pushed into the history (`hx-push-url`) after the back
    button: it keeps no snapshots (historyCacheSize 0), so it asks for the page again."""
    htmx = request.htmx
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def render(page: str, fragment: str, status: int = 200, **context: Any) -> Response:
    """Render `fragment` for an htmx request, else `page`; both see the same context."""
    template = fragment if wants_fragment() else page
    response = make_response(render_template(template, **context), status)
    response.vary.add("HX-Request")
    return response


def done(fresh: Callable[[], Response], url: str, message: str = "") -> Response:
    """A change succeeded: the fresh part for htmx, else 303 to `url` with `message` flashed."""
    if wants_fragment():
        return fresh()
    if message:
        flash(message, "notice")
    response = redirect(url, 303)
    response.vary.add("HX-Request")
    return response
