"""How much analysis one request may ask for: the batch limits for visitors and for people
logged in (config.py's ANONYMOUS_BATCH_* and MAX_BATCH_*).

Anyone may reach the batch page and the JSON API without logging in, so what they may send is
kept to about 100 ms of CPU; a person logged in may check a whole plan's goals at once. The
JSON API reads no session (api/routes.py), so it always has the visitors' budget.
"""

from __future__ import annotations

from flask import current_app, g

from coach.analysis import BatchLimits


def batch_limits(*, anonymous: bool | None = None) -> BatchLimits:
    """The limits for this request: the visitors' unless someone is logged in (`anonymous`
    None), or the set asked for."""
    if anonymous is None:
        anonymous = g.get("user") is None
    config = current_app.config
    prefix = "ANONYMOUS_BATCH_" if anonymous else "MAX_BATCH_"
    return BatchLimits(
        goals=int(config[f"{prefix}GOALS"]),
        chars=int(config[f"{prefix}CHARS"]),
        tokens=int(config[f"{prefix}TOKENS"]),
    )


def logged_in_allows_more() -> BatchLimits | None:
    """The logged-in limits when this visitor is anonymous and logging in would allow more."""
    if g.get("user") is not None:
        return None
    full = batch_limits(anonymous=False)
    visitor = batch_limits(anonymous=True)
    more = full.goals > visitor.goals or full.chars > visitor.chars or full.tokens > visitor.tokens
    return full if more else None
