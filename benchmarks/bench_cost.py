"""CPU time per anonymous request, in process: is any request anyone may send over ~100 ms?

    .venv/bin/python benchmarks/bench_cost.py [--repeat N] [--budget SECONDS] [--quick]
                                              [--only /api/]

The app as `coach serve` builds it (CSRF on, the rate limit off so one client can repeat
itself), with the demo data in a SQLite file in a temporary folder and the engine and catalogue
loaded and warmed. Every endpoint reachable without logging in (walked from `app.url_map`,
public by coach.web.auth.routes.is_public) is sent ordinary inputs and the worst inputs its
limits allow (benchmarks/_inputs.py): goals at the token limit shaped to make spaCy and the
goal frame work hardest, max-size forms, texts at the token limit, batches at the visitors'
limits, and inputs over the limits (what refusing them costs). Every other endpoint is asked once
anonymously (its redirect or 401). Around each test-client call: `time.process_time()` (CPU of
the whole process, every thread) and `time.thread_time()` (this thread only).

Printed per endpoint x input: requests, status, CPU p50 / p95 / max in ms, wall p95, and PASS
or MISS against 100 ms of CPU for the slowest request. Exit status 1 only for a 5xx answer.
Each case runs until --repeat requests or --budget seconds of CPU, whichever comes first.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import _inputs as inputs
from _serve import CSRF_META, fresh_database, percentile

from coach.cli.demo import DEMO_PASSWORD

CPU_BAR_MS = 100.0
HTMX = {"HX-Request": "true"}
ORDINARY_BATCH = 10  # goals in an ordinary pasted block or API batch

Send = Callable[[], object]  # makes one request, returns the test client's response


@dataclass
class Case:
    """One endpoint with one kind of input; `make()` gives a fresh request each call."""

    endpoint: str
    label: str
    make: Callable[[], Send]
    cpu_ms: list[float] = field(default_factory=list)
    thread_ms: list[float] = field(default_factory=list)
    wall_ms: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)


class Browser:
    """A test client holding a session cookie and its CSRF token, like a browser tab."""

    def __init__(self, app, address: str = "127.0.0.1") -> None:
        self.client = app.test_client()
        self.environ = {"REMOTE_ADDR": address}
        page = self.client.get("/analyze", environ_base=self.environ).get_data(as_text=True)
        self.token = CSRF_META.search(page).group(1)

    def get(self, path: str, **kwargs) -> Send:
        return lambda: self.client.get(path, environ_base=self.environ, **kwargs)

    def form(self, path: str, data: dict, htmx: bool = False) -> Send:
        headers = {"X-CSRFToken": self.token, **(HTMX if htmx else {})}
        return lambda: self.client.post(path, data=data, headers=headers, environ_base=self.environ)

    def open(self, path: str, method: str) -> Send:
        headers = {} if method == "GET" else {"X-CSRFToken": self.token}
        return lambda: self.client.open(
            path, method=method, headers=headers, environ_base=self.environ
        )

    def json(self, path: str, payload: object) -> Send:
        body = inputs.json_body(payload)
        return lambda: self.client.post(
            path, data=body, content_type="application/json", environ_base=self.environ
        )


def fresh_addresses() -> Iterator[str]:
    for number in itertools.count(1):
        yield f"10.{(number >> 16) & 255}.{(number >> 8) & 255}.{number & 255}"


def login_attempt(app, addresses: Iterator[str], email: str | None, password: str,
                  address: str | None = None) -> Callable[[], Send]:  # fmt: skip
    """A log-in POST from a browser that opened the log-in page first (not timed); from a new
    address each time unless `address` is given, as a random unknown user unless `email`."""

    def make() -> Send:
        client = app.test_client()
        environ = {"REMOTE_ADDR": address or next(addresses)}
        page = client.get("/login", environ_base=environ).get_data(as_text=True)
        token = CSRF_META.search(page).group(1)
        form = {
            "email": email or f"nobody-{uuid.uuid4().hex[:12]}@example.test",
            "password": password,
            "csrf_token": token,
        }
        return lambda: client.post("/login", data=form, environ_base=environ)

    return make


def cycling(makers: list[Callable[[], Send]]) -> Callable[[], Send]:
    turns = itertools.cycle(makers)
    return lambda: next(turns)()


def public_cases(app, goals: list[str]) -> list[Case]:
    browser = Browser(app)
    addresses = fresh_addresses()

    def each_goal(send_for: Callable[[str], Send]) -> Callable[[], Send]:
        return cycling([lambda goal=goal: send_for(goal) for goal in goals])

    def blocks(size: int) -> list[list[str]]:
        return [goals[i : i + size] for i in range(0, len(goals) - size + 1, size)]

    def fixed(send: Send) -> Callable[[], Send]:
        return lambda: send

    max_form = {
        "goal": inputs.TOKEN_DENSE_GOAL,
        "issue_type": "communication",
        "start": "2026-01-05",
        "end": "2026-04-05",
        "gap": inputs.MAX_GAP,
    }
    block_form = {**max_form, "goals": inputs.BLOCK_WORST}
    del block_form["goal"]
    budget_form = {**block_form, "goals": inputs.BLOCK_BUDGET_WORST}
    huge_password = "p" * (inputs.MAX_CONTENT_LENGTH - 2_000)
    wrong = "wrong-password-1234"
    throttled = "192.0.2.55"
    for _ in range(6):  # this address is throttled from now on (5 failures in 15 minutes)
        login_attempt(app, addresses, None, wrong, address=throttled)()()

    cases = [
        Case("GET /", "front page", fixed(browser.get("/"))),
        Case("GET /healthz", "ordinary", fixed(browser.get("/healthz"))),
        Case("GET /login", "ordinary", fixed(browser.get("/login"))),
        Case("GET /login", "next= 2,000 chars", fixed(browser.get("/login?next=/" + "a" * 2000))),
        Case(
            "POST /login",
            "wrong password, unknown email, new address",
            login_attempt(app, addresses, None, wrong),
        ),
        Case(
            "POST /login",
            "wrong password, Eli, new address",
            login_attempt(app, addresses, "eli@demo.test", wrong),
        ),
        Case(
            "POST /login",
            "right password (Erin), new address",
            login_attempt(app, addresses, "erin@demo.test", DEMO_PASSWORD),
        ),
        Case(
            "POST /login",
            "max-size form (64 KiB password)",
            login_attempt(app, addresses, None, huge_password),
        ),
        Case(
            "POST /login",
            "throttled address",
            login_attempt(app, addresses, None, wrong, address=throttled),
        ),
        # Log-out ends the session and its CSRF token: a new browser each time.
        Case("POST /logout", "anonymous", lambda: Browser(app).form("/logout", {})),
        Case("GET /analyze", "empty form", fixed(browser.get("/analyze"))),
        Case("GET /analyze/batch", "empty form", fixed(browser.get("/analyze/batch"))),
        Case(
            "POST /analyze htmx",
            "ordinary goals",
            each_goal(lambda g: browser.form("/analyze", {"goal": g}, htmx=True)),
        ),
        Case(
            "POST /analyze plain",
            "ordinary goals",
            each_goal(lambda g: browser.form("/analyze", {"goal": g})),
        ),
    ]
    for name, goal in inputs.WORST_GOALS.items():
        form = {"goal": goal}
        cases.append(Case("POST /analyze htmx", name, fixed(browser.form("/analyze", form, True))))
    cases += [
        Case(
            "POST /analyze htmx",
            "1,000 chars of dash runs (refused: tokens)",
            fixed(browser.form("/analyze", {"goal": inputs.DASH_FLOOD_GOAL}, htmx=True)),
        ),
        Case(
            "POST /analyze htmx",
            "max-size form (goal + gap + context)",
            fixed(browser.form("/analyze", max_form, htmx=True)),
        ),
        Case(
            "POST /analyze plain",
            "max-size form (goal + gap + context)",
            fixed(browser.form("/analyze", max_form)),
        ),
        Case(
            "POST /analyze/batch htmx",
            f"ordinary block ({ORDINARY_BATCH} goals)",
            cycling(
                [
                    lambda b=b: browser.form("/analyze/batch", {"goals": "\n".join(b)}, True)
                    for b in blocks(ORDINARY_BATCH)
                ]
            ),
        ),
        Case(
            "POST /analyze/batch htmx",
            "worst goals to the visitors' token budget + context",
            fixed(browser.form("/analyze/batch", budget_form, htmx=True)),
        ),
        Case(
            "POST /analyze/batch plain",
            "worst goals to the visitors' token budget + context",
            fixed(browser.form("/analyze/batch", budget_form)),
        ),
        Case(
            "POST /analyze/batch htmx",
            "20,000-char block of token-dense goals (refused)",
            fixed(browser.form("/analyze/batch", block_form, htmx=True)),
        ),
        Case(
            "POST /api/analyze",
            "ordinary goals",
            each_goal(lambda g: browser.json("/api/analyze", {"text": g})),
        ),
    ]
    for name, goal in inputs.WORST_GOALS.items():
        send = browser.json("/api/analyze", {"text": goal})
        cases.append(Case("POST /api/analyze", name, fixed(send)))
    flood = browser.json("/api/analyze", {"text": inputs.DASH_FLOOD_GOAL})
    cases.append(
        Case("POST /api/analyze", "1,000 chars of dash runs (refused: tokens)", fixed(flood))
    )
    context = {"gap": inputs.MAX_GAP, "start": "2026-01-05", "end": "2026-04-05"}
    cases += [
        Case(
            "POST /api/analyze",
            "token-dense + 2,000-char gap",
            fixed(
                browser.json("/api/analyze", {"text": inputs.TOKEN_DENSE_GOAL, "context": context})
            ),
        ),
        Case(
            "POST /api/analyze/batch",
            f"ordinary ({ORDINARY_BATCH} goals)",
            cycling(
                [
                    lambda b=b: browser.json("/api/analyze/batch", {"goals": b})
                    for b in blocks(ORDINARY_BATCH)
                ]
            ),
        ),
        Case(
            "POST /api/analyze/batch",
            f"{len(inputs.BATCH_BUDGET_WORST)} worst goals, visitors' token budget",
            fixed(browser.json("/api/analyze/batch", {"goals": inputs.BATCH_BUDGET_WORST})),
        ),
        Case(
            "POST /api/analyze/batch",
            f"{len(inputs.BATCH_BUDGET_DENSE)} token-dense goals, visitors' token budget",
            fixed(browser.json("/api/analyze/batch", {"goals": inputs.BATCH_BUDGET_DENSE})),
        ),
        Case(
            "POST /api/analyze/batch",
            f"{len(inputs.BATCH_20K_WORST)} token-dense goals, 20,000 chars (refused)",
            fixed(browser.json("/api/analyze/batch", {"goals": inputs.BATCH_20K_WORST})),
        ),
        Case(
            "POST /api/analyze/batch",
            f"{len(inputs.BATCH_API_WORST)} token-dense goals, 64 KiB body (refused)",
            fixed(browser.json("/api/analyze/batch", {"goals": inputs.BATCH_API_WORST})),
        ),
        Case(
            "POST /api/classify",
            "ordinary goals",
            each_goal(lambda g: browser.json("/api/classify", {"text": g})),
        ),
        Case(
            "POST /api/classify",
            "10,000 dashes",
            fixed(browser.json("/api/classify", {"text": inputs.TEXT_DASHES})),
        ),
        Case(
            "POST /api/classify",
            f"{inputs.MAX_TEXT_TOKENS} spaced letters (the token limit)",
            fixed(browser.json("/api/classify", {"text": inputs.TEXT_AT_TOKEN_LIMIT})),
        ),
        Case(
            "POST /api/classify",
            f"{inputs.MAX_TEXT_TOKENS} tokens of '1m' (the token limit)",
            fixed(browser.json("/api/classify", {"text": inputs.TEXT_DENSE_AT_TOKEN_LIMIT})),
        ),
        Case(
            "POST /api/classify",
            "10,000 chars of spaced letters (refused)",
            fixed(browser.json("/api/classify", {"text": inputs.TEXT_SPACED})),
        ),
        Case(
            "GET /api/resources",
            "q= ordinary search",
            fixed(browser.get("/api/resources", query_string={"q": "conflict resolution"})),
        ),
        Case(
            "GET /api/resources",
            f"q= {len(inputs.LONG_QUERY)} chars",
            fixed(browser.get("/api/resources", query_string={"q": inputs.LONG_QUERY})),
        ),
        Case(
            "GET /api/resources",
            "text= ordinary goals",
            each_goal(lambda g: browser.get("/api/resources", query_string={"text": g})),
        ),
        Case(
            "GET /api/resources",
            "text= 10,000 dashes",
            fixed(browser.get("/api/resources", query_string={"text": inputs.TEXT_DASHES})),
        ),
        Case(
            "GET /api/resources",
            f"text= {inputs.MAX_TEXT_TOKENS} spaced letters (the token limit)",
            fixed(browser.get("/api/resources", query_string={"text": inputs.TEXT_AT_TOKEN_LIMIT})),
        ),
        Case(
            "GET /api/resources",
            "text= 10,000 chars of spaced letters (refused)",
            fixed(browser.get("/api/resources", query_string={"text": inputs.TEXT_SPACED})),
        ),
        Case(
            "GET /api/resources",
            f"text= {len(inputs.TEXT_SPACED_GET):,} spaced letters (request line; refused)",
            fixed(browser.get("/api/resources", query_string={"text": inputs.TEXT_SPACED_GET})),
        ),
        Case("GET /static/<path:filename>", "app.css", fixed(browser.get("/static/app.css"))),
        Case(
            "GET /static/<path:filename>", "htmx.min.js", fixed(browser.get("/static/htmx.min.js"))
        ),
        Case("GET (no route)", "404", fixed(browser.get("/no-such-page"))),
        Case(
            "POST /api/analyze",
            "body over MAX_CONTENT_LENGTH (413)",
            fixed(browser.json("/api/analyze", {"text": "a " * inputs.MAX_CONTENT_LENGTH})),
        ),
    ]
    return cases


def protected_cases(app) -> list[Case]:
    """Every endpoint that needs a log-in, asked once anonymously (with a valid CSRF token for
    unsafe methods): what a stranger's request costs before it is turned away."""
    from coach.web.auth.routes import is_public

    browser = Browser(app)
    adapter = app.url_map.bind("localhost")
    cases = []
    with app.app_context():
        for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
            if is_public(rule.endpoint):
                continue
            values = {name: example_value(rule, name) for name in rule.arguments}
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                path = adapter.build(rule.endpoint, values, method=method)
                send = browser.open(path, method)
                cases.append(Case(f"{method} {rule.rule}", "anonymous", lambda s=send: s))
    return cases


def example_value(rule, name: str) -> object:
    """A value the rule's converter accepts: the first choice of an `any(...)`, else 1."""
    items = getattr(rule._converters.get(name), "items", None)
    return sorted(items)[0] if items else 1


def uncovered(app, cases: list[Case]) -> list[str]:
    """Public rules and methods no case sends: a new endpoint this script does not know yet."""
    from coach.web.auth.routes import is_public

    covered = {tuple(case.endpoint.split(" ")[:2]) for case in cases}
    missing = []
    with app.app_context():
        for rule in app.url_map.iter_rules():
            if is_public(rule.endpoint):
                for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                    if (method, rule.rule) not in covered:
                        missing.append(f"{method} {rule.rule}")
    return missing


def measure(case: Case, repeat: int, budget_s: float) -> None:
    spent = 0.0
    while len(case.cpu_ms) < repeat and (not case.cpu_ms or spent < budget_s):
        send = case.make()
        wall, cpu, own = time.perf_counter(), time.process_time(), time.thread_time()
        response = send()
        own = time.thread_time() - own
        cpu = time.process_time() - cpu
        wall = time.perf_counter() - wall
        case.statuses[response.status_code] += 1
        case.cpu_ms.append(cpu * 1000)
        case.thread_ms.append(own * 1000)
        case.wall_ms.append(wall * 1000)
        spent += cpu


def report(cases: list[Case]) -> tuple[list[Case], list[Case]]:
    """Print the table; the cases over the bar and those that answered 5xx."""
    wide = max(len(case.endpoint) for case in cases)
    label = max(len(case.label) for case in cases)
    header = (f"{'endpoint':<{wide}} {'input':<{label}} {'n':>3} {'status':<14} {'p50':>8} "
              f"{'p95':>8} {'max':>8} {'thread':>8} {'wall95':>8}  bar")  # fmt: skip
    print(header)
    print("-" * len(header))
    over, failed = [], []
    for case in cases:
        statuses = ",".join(f"{s}" if n == len(case.cpu_ms) else f"{s}x{n}"
                            for s, n in sorted(case.statuses.items()))  # fmt: skip
        worst = max(case.cpu_ms)
        verdict = "PASS" if worst <= CPU_BAR_MS else "MISS"
        if worst > CPU_BAR_MS:
            over.append(case)
        if any(status >= 500 for status in case.statuses):
            failed.append(case)
        print(f"{case.endpoint:<{wide}} {case.label:<{label}} {len(case.cpu_ms):>3} "
              f"{statuses:<14} {statistics.median(case.cpu_ms):8.1f} "
              f"{percentile(case.cpu_ms, 0.95):8.1f} {worst:8.1f} {max(case.thread_ms):8.1f} "
              f"{percentile(case.wall_ms, 0.95):8.1f}  {verdict}")  # fmt: skip
    return over, failed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=10, help="requests per case (default 10)")
    parser.add_argument("--budget", type=float, default=20.0,
                        help="CPU seconds per case at most (default 20)")  # fmt: skip
    parser.add_argument("--quick", action="store_true", help="2 requests per case, 3 s budget")
    parser.add_argument("--only", default="", help="only the endpoints containing this text")
    args = parser.parse_args()
    if args.quick:
        args.repeat, args.budget = 2, 3.0

    from coach import create_app
    from coach.web.extensions import preload

    goals = inputs.ordinary_goals()
    with tempfile.TemporaryDirectory(prefix="bench-cost-") as folder:
        url = fresh_database(folder)
        config = {"DATABASE_URL": url, "SECRET_KEY": "bench-cost-secret-key-" + "x" * 16,
                  "RATE_LIMIT": ""}  # fmt: skip
        app = create_app(config)
        preload(app)
        cases = public_cases(app, goals) + protected_cases(app)
        missing = uncovered(app, cases)
        cases = [case for case in cases if args.only in case.endpoint]
        for case in cases:  # warm up: every lazy part of spaCy, the templates, the database
            if "ordinary" in case.label or case.label in ("anonymous", "empty form"):
                case.make()()
        for case in cases:
            measure(case, args.repeat, args.budget)
        print(f"CPU ms per anonymous request, in process ({len(goals)} ordinary goals from "
              f"{inputs.goals_source()}); p50/p95/max: process CPU, thread: this thread's max, "
              f"wall95: wall-clock p95; bar: max <= {CPU_BAR_MS:.0f} ms\n")  # fmt: skip
        over, failed = report(cases)
    print()
    for rule in missing:
        print(f"NOT MEASURED: {rule} (a public endpoint this script sends nothing to)")
    print(f"{len(cases) - len(over)} of {len(cases)} cases within {CPU_BAR_MS:.0f} ms of CPU; "
          f"MISS: {len(over)}")  # fmt: skip
    for case in failed:
        print(f"FAILED: {case.endpoint} {case.label} answered {dict(case.statuses)}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
