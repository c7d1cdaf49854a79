"""Load and faults: writes under a loopback load while a gunicorn worker is SIGKILLed.

    .venv/bin/python benchmarks/bench_faults.py [--clients 8] [--seconds 15] [--requests 3000]

A fresh SQLite database in a temporary folder (migrations, then the demo data); `coach serve`
(gunicorn, 2 workers) on a free 127.0.0.1 port with that database and a fixed secret key. Each
client thread logs in as Eli and, for a bounded time and number of requests, repeats: add an
evidence entry with a unique marker text (POST /plans/<id>/evidence, htmx and plain forms in
turn), GET the plan page, POST the live analyser. Half-way through, one worker is SIGKILLed
(gunicorn starts another). Afterwards the database is read directly.

Guarantees checked (SECURITY.md, "Load and faults"); the exit status is 1 if one is broken:
- no HTTP 5xx;
- every marker whose POST was acknowledged (2xx/3xx) is in the database exactly once;
- no marker at all is stored twice (also those whose connection the kill cut).
Requests that failed only because the killed worker dropped the connection are counted apart.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import os
import signal
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass

from _serve import (
    HOST,
    Client,
    demo_plan_id,
    free_port,
    fresh_database,
    percentile,
    start_server,
    stop_server,
    worker_pids,
)
from bench_web import GOALS
from sqlalchemy import text

from coach.cli.demo import DEMO_PASSWORD, ELI_TITLE
from coach.db.engine import make_engine

ELI = "eli@demo.test"
SECRET_KEY = "bench-faults-fixed-secret-key"  # fixed: every worker, old or new, reads sessions
KINDS = ("evidence", "plan page", "analyse")


@dataclass
class Outcome:
    """One request as the client saw it: a status, or the connection error instead."""

    kind: str
    started: float
    ms: float
    status: int | None = None
    error: str = ""
    marker: str = ""


def run_load(plan_id: int, clients: list[Client], seconds: float, limit: int,
             halfway: threading.Event) -> list[Outcome]:  # fmt: skip
    """Each client repeats KINDS until the time or the request budget runs out; `halfway` is
    set at half the time or half the budget, whichever comes first."""
    outcomes: list[Outcome] = []
    lock = threading.Lock()
    budget = iter(range(limit))
    deadline = time.monotonic() + seconds
    today = dt.date.today().isoformat()

    def one(client: Client, kind: str, sequence: int, number: int) -> None:
        marker = ""
        if kind == "evidence":
            marker = f"fault-marker-{number}-{sequence}-{time.time_ns()}"
            form = {"kind": "note", "date": today, "text": marker, "goal_id": ""}
            request = ("POST", f"/plans/{plan_id}/evidence", form, sequence % 2 == 0)
        elif kind == "plan page":
            request = ("GET", f"/plans/{plan_id}", None, False)
        else:
            request = ("POST", "/analyze", {"goal": GOALS[sequence % len(GOALS)]}, True)
        started = time.perf_counter()
        outcome = Outcome(kind, time.monotonic(), 0.0, marker=marker)
        try:
            outcome.status, _ = client.send(*request)
        except (OSError, http.client.HTTPException) as error:
            outcome.error = type(error).__name__
        outcome.ms = (time.perf_counter() - started) * 1000
        with lock:
            outcomes.append(outcome)

    def loop(number: int, client: Client) -> None:
        sequence = 0
        while time.monotonic() < deadline:
            for kind in KINDS:
                with lock:
                    index = next(budget, None)
                if index is None:
                    return
                if index >= limit // 2 or time.monotonic() > deadline - seconds / 2:
                    halfway.set()
                one(client, kind, sequence, number)
            sequence += 1

    threads = [threading.Thread(target=loop, args=pair) for pair in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def stored_markers(url: str) -> Counter:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT text FROM evidence WHERE text LIKE 'fault-marker-%'")
            ).scalars()
            return Counter(rows)
    finally:
        engine.dispose()


def report(outcomes: list[Outcome], seconds: float, stored: Counter, killed: str) -> list[str]:
    """Print the figures; the broken guarantees, if any."""
    by_kind: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        by_kind[outcome.kind].append(outcome)
    answered = [o for o in outcomes if o.status is not None]
    errors = [o for o in outcomes if o.error]
    server_errors = [o for o in answered if o.status >= 500]
    print(f"{len(outcomes)} requests in {seconds:.1f} s: {len(outcomes) / seconds:.1f} req/s; "
          f"killed {killed}")  # fmt: skip
    for kind in KINDS:
        latencies = [o.ms for o in by_kind[kind] if o.status is not None]
        statuses = Counter(o.status for o in by_kind[kind] if o.status is not None)
        shown = ", ".join(f"{status}: {n}" for status, n in sorted(statuses.items()))
        if latencies:
            print(f"  {kind:<10} {len(by_kind[kind]):>5} requests, p50 "
                  f"{statistics.median(latencies):6.1f} ms, p95 {percentile(latencies, 0.95):6.1f}"
                  f" ms  ({shown})")  # fmt: skip
    print(f"HTTP 5xx: {len(server_errors)}")
    print(f"connection errors: {len(errors)} "
          f"{dict(Counter(f'{o.kind}: {o.error}' for o in errors))}")  # fmt: skip

    writes = by_kind["evidence"]
    acknowledged = [o.marker for o in writes if o.status is not None and o.status < 400]
    refused = [o for o in writes if o.status is not None and o.status >= 400]
    cut = [o.marker for o in writes if o.error]
    lost = [m for m in acknowledged if stored[m] == 0]
    twice = [m for m, n in stored.items() if n > 1]
    print(f"acknowledged writes: {len(acknowledged)}, found: "
          f"{sum(1 for m in acknowledged if stored[m])}, lost: {len(lost)}, "
          f"stored twice or more: {len(twice)}")  # fmt: skip
    print(f"writes refused (4xx): {len(refused)}; writes cut by the kill: {len(cut)}, of which "
          f"committed anyway: {sum(1 for m in cut if stored[m])}")  # fmt: skip

    violations = []
    if server_errors:
        violations.append(f"{len(server_errors)} HTTP 5xx: "
                          f"{Counter((o.kind, o.status) for o in server_errors)}")  # fmt: skip
    if lost:
        violations.append(f"{len(lost)} acknowledged writes lost, e.g. {lost[:3]}")
    if twice:
        violations.append(f"{len(twice)} markers stored more than once, e.g. {twice[:3]}")
    if refused:
        violations.append(f"{len(refused)} evidence POSTs refused: "
                          f"{Counter(o.status for o in refused)}")  # fmt: skip
    return violations


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=8, help="client threads (default 8)")
    parser.add_argument("--seconds", type=float, default=15.0, help="load time (default 15)")
    parser.add_argument("--requests", type=int, default=3000, help="at most this many requests")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-faults-") as folder:
        url = fresh_database(folder)
        plan = demo_plan_id(url, ELI, ELI_TITLE)
        # start_server passes its environment on to `coach serve`.
        os.environ["COACH_DATABASE_URL"] = url
        os.environ["COACH_SECRET_KEY"] = SECRET_KEY
        port = free_port()
        server = start_server(port, args.workers)
        halfway = threading.Event()
        try:
            print(f"gunicorn, {args.workers} workers, http://{HOST}:{port}/, {args.clients} "
                  f"clients logged in as {ELI}, plan {plan}")  # fmt: skip
            clients = [Client(port) for _ in range(args.clients)]
            for client in clients:
                client.log_in(ELI, DEMO_PASSWORD, plan)
            killed = ["none"]

            started = time.perf_counter()

            def kill_one() -> None:
                halfway.wait()
                pids = worker_pids(server) if killed[0] == "none" else []
                if pids:
                    os.kill(pids[0], signal.SIGKILL)
                    moment = time.perf_counter() - started
                    killed[0] = f"worker {pids[0]} at {moment:.1f} s"

            killer = threading.Thread(target=kill_one)
            killer.start()
            try:
                outcomes = run_load(plan, clients, args.seconds, args.requests, halfway)
            finally:
                if not halfway.is_set():
                    killed[0] = "none (the load ended first)"
                halfway.set()  # the killer never waits past the load
                killer.join()
            elapsed = time.perf_counter() - started
            after = worker_pids(server)
            print(f"workers after the run: {len(after)} {after}")
        finally:
            stop_server(server)
        violations = report(outcomes, elapsed, stored_markers(url), killed[0])
    if not killed[0].startswith("worker"):
        violations.append("no worker was killed (the load ended before half-time?)")
    for violation in violations:
        print(f"VIOLATION: {violation}")
    print("OK: every guarantee held." if not violations else "FAILED")
    sys.exit(1 if violations else 0)


if __name__ == "__main__":
    main()
