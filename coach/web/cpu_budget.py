"""A budget of server CPU time per client on what anyone may ask without logging in.

The request-count limit (`RATE_LIMIT`, security.py) treats a 2 ms request and a 90 ms one
alike: a client sending only the costliest inputs the caps still accept (a goal at the token
limit, the visitors' batch budget, 300 tokens to classify) stays under 300 requests a minute
and holds a worker a third of the time, and the people typing beside it wait. So each request to
a public endpoint is also charged what it actually cost: the CPU time of the thread that served
it, measured from the budget check to the end of the request, in whole milliseconds, added
to the client's counter (a sliding window in the limiter's storage: memory per process, or
Redis when `REDIS_URL` is set, shared by every worker). A client that has used its budget
(`RATE_LIMIT_CPU`, default 3,000 ms a minute, a twentieth of one CPU) gets 429 with `Retry-After`
before any work is done, until the window moves on; someone typing into the live analyser
uses 5-15 ms a request, a few hundred a minute.

Work a process does once (loading the language model and the catalogue on first use, when no
`coach serve` preloaded them) is not the client's cost: the loaders run inside `uncharged()`.
The last request that crosses the budget is charged what was left (a counter cannot go past
its limit), so a client overspends by at most one request's cost, which the caps bound.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from flask import Blueprint, Flask, current_app, g, has_request_context, request
from flask_limiter.util import get_remote_address
from limits import RateLimitItem, parse
from limits.storage import storage_from_string
from limits.strategies import SlidingWindowCounterRateLimiter
from werkzeug.exceptions import TooManyRequests

EXTENSION = "coach_cpu_budget"
NAMESPACE = "cpu-ms"
MESSAGE = (
    "You have sent a lot of work in the last minute. Please wait {seconds} seconds and try again."
)
# Marks a view function (or names a blueprint) whose requests are charged.
MARK = "_coach_cpu_budgeted"
Public = TypeVar("Public", Callable, Blueprint)


class CpuBudget:
    """The per-client counters of one app: which limit, in which storage."""

    def __init__(self, limit: RateLimitItem, storage_uri: str) -> None:
        self.limit = limit
        self.window = SlidingWindowCounterRateLimiter(storage_from_string(storage_uri))

    def allows(self, client: str) -> bool:
        return self.window.test(self.limit, NAMESPACE, client)

    def charge(self, client: str, milliseconds: int) -> None:
        if self.window.hit(self.limit, NAMESPACE, client, cost=milliseconds):
            return
        remaining = self.window.get_window_stats(self.limit, NAMESPACE, client).remaining
        if remaining > 0:
            self.window.hit(self.limit, NAMESPACE, client, cost=remaining)

    def seconds_to_wait(self, client: str) -> int:
        reset_at = self.window.get_window_stats(self.limit, NAMESPACE, client).reset_time
        return max(1, math.ceil(reset_at - time.time()))


def budgeted(public: Public) -> Public:
    """Charge every request to this view function or blueprint to its client's CPU budget."""
    if isinstance(public, Blueprint):
        name = public.name
        public.record_once(lambda state: state.app.extensions.setdefault(MARK, set()).add(name))
    else:
        setattr(public, MARK, True)
    return public


def init_app(app: Flask) -> None:
    """Read `RATE_LIMIT_CPU` ("" turns the budget off) and register the hooks; called after
    the request-count limiter, so a request it refuses is not measured."""
    app.extensions.setdefault(MARK, set())
    spec = str(app.config.get("RATE_LIMIT_CPU") or "")
    if not spec:
        return
    storage_uri = app.config.get("REDIS_URL") or "memory://"
    app.extensions[EXTENSION] = CpuBudget(parse(spec), storage_uri)
    app.before_request(refuse_spent_clients)
    app.teardown_request(charge_request)


def is_budgeted() -> bool:
    view = current_app.view_functions.get(request.endpoint or "")
    return bool(getattr(view, MARK, False)) or request.blueprint in current_app.extensions[MARK]


def refuse_spent_clients() -> None:
    if not is_budgeted():
        return
    budget: CpuBudget = current_app.extensions[EXTENSION]
    client = get_remote_address()
    if not budget.allows(client):
        seconds = budget.seconds_to_wait(client)
        raise TooManyRequests(MESSAGE.format(seconds=seconds), retry_after=seconds)
    g.cpu_budget_client = client
    g.cpu_started = time.thread_time()


def charge_request(_error: BaseException | None) -> None:
    client = g.pop("cpu_budget_client", None)
    if client is None:
        return
    seconds = time.thread_time() - g.pop("cpu_started") + g.pop("cpu_held", 0.0)
    current_app.extensions[EXTENSION].charge(client, max(1, round(seconds * 1000)))


def hold_worker(seconds: float) -> None:
    """Wait `seconds` on purpose (an answer kept to a fixed time so it tells nothing) and charge
    the wait as if it were CPU time: a sync worker waiting is a worker no one else gets, and
    a sleep costs no CPU, so without this a client could hold every worker within budget."""
    if seconds <= 0:
        return
    time.sleep(seconds)
    if has_request_context() and "cpu_started" in g:
        g.cpu_held = g.get("cpu_held", 0.0) + seconds


@contextmanager
def uncharged() -> Iterator[None]:
    """Leave the CPU time of what runs inside out of the request's charge."""
    started = time.thread_time()
    try:
        yield
    finally:
        if has_request_context() and "cpu_started" in g:
            g.cpu_started += time.thread_time() - started
