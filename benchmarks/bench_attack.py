"""Many ordinary users against a few attackers: `coach serve` behind a (simulated) proxy.

    .venv/bin/python benchmarks/bench_attack.py [--seconds 15] [--quick]
        [--scenarios abcd] [--attack KIND,...] [--per-attack] [--workers 2] [--clients 4,16]

A fresh SQLite database with the demo data in a temporary folder; `coach serve` (gunicorn,
2 workers) on a free 127.0.0.1 port with COACH_PROXY_HOPS=1, so each simulated client carries
its own address in X-Forwarded-For, as it would behind a reverse proxy; the per-address rate
limit (RATE_LIMIT, default 300 per minute, counted per worker) and the CPU budget
(RATE_LIMIT_CPU, default 3,000 ms per minute, counted per worker) key on it. Each phase runs for
--seconds (and at most --requests requests); clients are closed-loop threads with http.client.

a. victims only: POST /api/analyze with ordinary goals (../shared/eval/dev-goals.jsonl when
   present), 4 and 16 clients, every request from another address of 10.0.0.0/8 (many users,
   each far under the limit): req/s, p50/p95/p99, the server's own p95 (Server-Timing),
   errors, 429s.
b. the same with two attackers, each from ONE fixed address, sending in turn the worst inputs
   (benchmarks/_inputs.py) as fast as they can: /api/classify with 10,000 dashes, with
   10,000 spaced letters (refused: tokens) and with text at the token limit,
   /api/analyze/batch with the worst goals to the visitors' token budget and with 50
   token-dense goals (refused), /api/analyze with a token-dense goal at the token limit,
   /api/resources?text= with 10,000 characters (gunicorn answers 414 itself: its request line
   holds 4,094 bytes) and with the longest text that request line lets through. Run with the
   default limits and again with both off (COACH_RATE_LIMIT="" COACH_RATE_LIMIT_CPU=""): what
   the cost caps alone achieve and what the limits add. Target: the victims' p95 under 50 ms
   (PASS/MISS).
   --attack picks some of the kinds; --per-attack also runs b with one kind at a time (4
   victims), to see which input does the harm and whether the limit ever bites.
c. log-in flood against page reads: four demo users, logged in, read their plan pages (4
   clients); then 3 attackers POST /login with wrong passwords as fast as they can (with a
   CSRF token from the log-in page), first from one fixed address each against the demo
   accounts, then from a new address and an unknown email per attempt (what the per-address
   and per-account throttles cannot stop). Page p50/p95 with and without, log-ins by status.
d. kills under write load: benchmarks/bench_faults.py, run as it is (a worker SIGKILLed
   half-way; every acknowledged write must be stored once).

Exit status 1 when a guarantee is broken: an HTTP 5xx, a dropped connection or timeout, a
worker killed by gunicorn's timeout, or bench_faults.py failing. A victim p95 over 50 ms is a
missed target (MISS), not a failure. gunicorn is stopped at the end, whatever happens.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import _inputs as inputs
from _serve import (
    HOST,
    SERVER_TIMING,
    Client,
    demo_plan_id,
    free_port,
    fresh_database,
    percentile,
    request,
    start_server,
    stop_server,
)

from coach.cli.demo import DEMO_PASSWORD, ELI_TITLE, ERIN_TITLE

TARGET_P95_MS = 50.0
DEFAULT_LIMITS = "default (300 requests and 3,000 CPU ms a minute)"
SECRET_KEY = "bench-attack-fixed-secret-key-0123456789"
ATTACKER_ADDRESSES = ("203.0.113.1", "203.0.113.2")  # TEST-NET-3: one fixed address each
LOGIN_ATTACKERS = 3
# Logged-in readers: (email, the employee and title of a plan they may read).
READERS = (
    ("eli@demo.test", "eli@demo.test", ELI_TITLE),
    ("erin@demo.test", "erin@demo.test", ERIN_TITLE),
    ("maria@demo.test", "erin@demo.test", ERIN_TITLE),
    ("hana@demo.test", "eli@demo.test", ELI_TITLE),
)
JSON = {"Content-Type": "application/json"}


@dataclass(frozen=True)
class Call:
    """One request as it is sent: a worst input, or a victim's analysis."""

    name: str
    method: str
    path: str
    body: bytes | None = None


def attacks() -> dict[str, Call]:
    def resources(text: str) -> str:
        return "/api/resources?" + urllib.parse.urlencode({"text": text})

    worst_batch = {"goals": inputs.BATCH_API_WORST}
    return {
        "classify-dashes": Call(
            "classify 10,000 dashes",
            "POST",
            "/api/classify",
            inputs.json_body({"text": inputs.TEXT_DASHES}),
        ),
        "classify-spaced": Call(
            "classify 10,000 spaced letters",
            "POST",
            "/api/classify",
            inputs.json_body({"text": inputs.TEXT_SPACED}),
        ),
        "classify-limit": Call(
            f"classify {inputs.MAX_TEXT_TOKENS} spaced letters (token limit)",
            "POST",
            "/api/classify",
            inputs.json_body({"text": inputs.TEXT_AT_TOKEN_LIMIT}),
        ),
        "batch-budget": Call(
            f"batch {len(inputs.BATCH_BUDGET_WORST)} worst goals (visitors' token budget)",
            "POST",
            "/api/analyze/batch",
            inputs.json_body({"goals": inputs.BATCH_BUDGET_WORST}),
        ),
        "batch": Call(
            f"batch {len(inputs.BATCH_API_WORST)} token-dense goals (refused)",
            "POST",
            "/api/analyze/batch",
            inputs.json_body(worst_batch),
        ),
        "analyze": Call(
            "analyze token-dense goal at the token limit",
            "POST",
            "/api/analyze",
            inputs.json_body({"text": inputs.TOKEN_DENSE_GOAL}),
        ),
        "resources-10k": Call(
            "resources text= 10,000 spaced letters", "GET", resources(inputs.TEXT_SPACED)
        ),
        "resources-line": Call(
            f"resources text= {len(inputs.TEXT_SPACED_GET):,} (request-line limit)",
            "GET",
            resources(inputs.TEXT_SPACED_GET),
        ),
    }


@dataclass
class Sample:
    """One request as a client saw it."""

    kind: str
    ms: float
    status: int | None = None
    server_ms: float | None = None
    error: str = ""


@dataclass
class Phase:
    """One measured phase: every sample, and how long the measured clients ran."""

    name: str
    samples: list[Sample] = field(default_factory=list)
    seconds: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, sample: Sample) -> None:
        with self.lock:
            self.samples.append(sample)


def timed(kind: str, send: Callable[[], tuple[int, dict[str, str]]]) -> Sample:
    started = time.perf_counter()
    sample = Sample(kind, 0.0)
    try:
        sample.status, headers = send()
        timing = SERVER_TIMING.search(headers.get("Server-Timing", ""))
        sample.server_ms = float(timing.group(1)) if timing else None
    except (OSError, http.client.HTTPException) as error:
        sample.error = type(error).__name__
    sample.ms = (time.perf_counter() - started) * 1000
    return sample


def send_raw(port: int, call: Call, address: str, timeout: float):
    headers = {"X-Forwarded-For": address, **(JSON if call.body is not None else {})}
    status, response_headers, _ = request(
        port, call.method, call.path, call.body, headers, timeout=timeout
    )
    return status, response_headers


def victim_addresses(seed: int) -> Iterator[str]:
    """A new address of 10.0.0.0/8 for every request: many users, none near the limit."""
    rng = random.Random(seed)
    while True:
        number = rng.randrange(1, 1 << 24)
        yield f"10.{number >> 16}.{(number >> 8) & 255}.{number & 255}"


def closed_loop(deadline: float, budget: Iterator[int], lock: threading.Lock,
                step: Callable[[int], None]) -> None:  # fmt: skip
    """Call `step(n)` again and again until the deadline or the shared budget runs out."""
    while time.monotonic() < deadline:
        with lock:
            number = next(budget, None)
        if number is None:
            return
        step(number)


def analysis_phase(port: int, name: str, clients: int, seconds: float, limit: int,
                   goals: list[str], attack_list: list[Call]) -> Phase:  # fmt: skip
    """`clients` victims analysing ordinary goals, beside one attacker thread per fixed
    attacker address when `attack_list` is not empty."""
    phase = Phase(name)
    lock = threading.Lock()
    budget = iter(range(limit))
    deadline = time.monotonic() + seconds
    bodies = [inputs.json_body({"text": goal}) for goal in goals]
    addresses = victim_addresses(clients)

    def victim_step(number: int) -> None:
        with lock:
            address = next(addresses)
        analyse = Call("victim", "POST", "/api/analyze", bodies[number % len(bodies)])
        phase.add(timed("victim", lambda: send_raw(port, analyse, address, 120)))

    def attacker(address: str, offset: int) -> None:
        turns = itertools.islice(itertools.cycle(attack_list), offset, None)
        for attack in turns:
            if time.monotonic() >= deadline:
                return
            phase.add(timed(attack.name, lambda a=attack: send_raw(port, a, address, 120)))

    threads = [
        threading.Thread(target=attacker, args=(address, index))
        for index, address in enumerate(ATTACKER_ADDRESSES)
        if attack_list
    ]
    victims = [
        threading.Thread(target=closed_loop, args=(deadline, budget, lock, victim_step))
        for _ in range(clients)
    ]
    started = time.perf_counter()
    for thread in threads + victims:
        thread.start()
    for thread in victims:
        thread.join()
    phase.seconds = time.perf_counter() - started
    for thread in threads:
        thread.join()
    return phase


# c. Log-in flood against page reads ------------------------------------------------------


def readers(port: int, url: str) -> list[tuple[Client, int]]:
    """The logged-in demo users, each from its own address, and the plan each reads."""
    logged_in = []
    for number, (email, employee, title) in enumerate(READERS, start=1):
        plan = demo_plan_id(url, employee, title)
        client = Client(port, address=f"198.51.100.{number}", timeout=120)
        client.log_in(email, DEMO_PASSWORD, plan)
        logged_in.append((client, plan))
    return logged_in


def login_phase(port: int, name: str, reading: list[tuple[Client, int]], attackers: int,
                fresh_addresses: bool, seconds: float, limit: int) -> Phase:  # fmt: skip
    """The readers GET their plan pages while `attackers` threads POST wrong passwords."""
    phase = Phase(name)
    lock = threading.Lock()
    budget = iter(range(limit))
    deadline = time.monotonic() + seconds
    addresses = victim_addresses(seed=7 + attackers)
    targets = itertools.cycle(email for email, _, _ in READERS)

    def read_step(client: Client, plan: int) -> Callable[[int], None]:
        def step(_: int) -> None:
            phase.add(timed("page", partial(client.send, "GET", f"/plans/{plan}", full=True)))

        return step

    def attacker(number: int) -> None:
        client = Client(port, address=f"192.0.2.{number + 1}", timeout=120)
        if fresh_addresses:  # the fixed addresses may still be over their limits from before
            with lock:
                client.address = next(addresses)
        client.open_login_page()
        while time.monotonic() < deadline:
            with lock:
                if fresh_addresses:
                    client.address = next(addresses)
                    email = f"nobody-{random.getrandbits(48):x}@example.test"
                else:
                    email = next(targets)
            form = {"email": email, "password": "wrong-password-1234", "csrf_token": client.token}
            phase.add(timed("log-in", partial(client.send, "POST", "/login", form, full=True)))

    threads = [threading.Thread(target=attacker, args=(n,)) for n in range(attackers)]
    victims = [
        threading.Thread(target=closed_loop, args=(deadline, budget, lock, read_step(c, p)))
        for c, p in reading
    ]
    started = time.perf_counter()
    for thread in threads + victims:
        thread.start()
    for thread in victims:
        thread.join()
    phase.seconds = time.perf_counter() - started
    for thread in threads:
        thread.join()
    return phase


# Reporting ---------------------------------------------------------------------------------


def statuses(samples: list[Sample]) -> str:
    counts = Counter(s.status if s.status is not None else s.error for s in samples)
    return ", ".join(f"{key}: {n}" for key, n in sorted(counts.items(), key=str)) or "-"


def figures(samples: list[Sample]) -> str:
    answered = [s.ms for s in samples if s.status is not None]
    if not answered:
        return "no answers"
    servers = [s.server_ms for s in samples if s.server_ms is not None]
    server = f"{percentile(servers, 0.95):8.1f}" if servers else f"{'-':>8}"
    return (f"{statistics.median(answered):8.1f} {percentile(answered, 0.95):8.1f} "
            f"{percentile(answered, 0.99):8.1f} {max(answered):8.1f} {server}")  # fmt: skip


HEADER = (
    f"{'':<44} {'n':>6} {'req/s':>7} {'p50':>8} {'p95':>8} {'p99':>8} {'max':>8} {'srv p95':>8}"
)


def report_phase(phase: Phase, measured: str, target: bool) -> str | None:
    """Print the phase; the target's verdict line for the summary, when `target`."""
    print(f"\n{phase.name}")
    print(HEADER)
    groups: dict[str, list[Sample]] = defaultdict(list)
    for sample in phase.samples:
        groups[sample.kind].append(sample)
    ordered = [measured, *sorted(kind for kind in groups if kind != measured)]
    for kind in ordered:
        samples = groups.get(kind, [])
        rate = len(samples) / phase.seconds if phase.seconds else 0.0
        print(f"  {kind:<42.42} {len(samples):>6} {rate:>7.1f} {figures(samples)}")
        print(f"  {'':<42} statuses: {statuses(samples)}")
    victims = [s.ms for s in groups.get(measured, []) if s.status is not None]
    if not target or not victims:
        return None
    p95 = percentile(victims, 0.95)
    verdict = "PASS" if p95 < TARGET_P95_MS else "MISS"
    line = f"{verdict}: {phase.name}: {measured} p95 {p95:.1f} ms (target < {TARGET_P95_MS:.0f})"
    print(f"  {line}")
    return line


def broken(phase: Phase) -> list[str]:
    """The phase's broken guarantees: 5xx answers, dropped connections and timeouts."""
    problems = []
    failures = Counter(
        (s.kind, s.status or s.error)
        for s in phase.samples
        if s.error or (s.status is not None and s.status >= 500)
    )
    for (kind, what), count in sorted(failures.items(), key=str):
        problems.append(f"{phase.name}: {kind}: {count} x {what}")
    return problems


def server_troubles(log: Path) -> list[str]:
    """What gunicorn's log says went wrong: workers killed by its timeout, and the last line of
    each traceback (the exception), each with how often it happened."""
    if not log.exists():
        return []
    found: list[str] = []
    in_traceback = False
    for line in log.read_text(errors="replace").splitlines():
        if "WORKER TIMEOUT" in line:
            found.append("WORKER TIMEOUT (gunicorn killed a worker busy for longer than 30 s)")
        elif line.startswith("Traceback"):
            in_traceback = True
        elif in_traceback and line.strip() and not line.startswith((" ", "\t")):
            found.append(f"exception in a worker: {line.strip()[:200]}")
            in_traceback = False
    return [f"{count} x {what}" for what, count in Counter(found).items()]


# Main ----------------------------------------------------------------------------------------


@dataclass
class Run:
    """What the whole run found: target verdicts and broken guarantees."""

    verdicts: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def phase(self, phase: Phase, measured: str, target: bool = False) -> None:
        verdict = report_phase(phase, measured, target)
        if verdict:
            self.verdicts.append(verdict)
        self.problems += broken(phase)


def serve(port: int, workers: int, url: str, rate_limit: str | None, log: Path):
    environment = {
        "COACH_DATABASE_URL": url,
        "COACH_SECRET_KEY": SECRET_KEY,
        "COACH_PROXY_HOPS": "1",
        "COACH_RATE_LIMIT": rate_limit,  # None: the app's default
        "COACH_RATE_LIMIT_CPU": rate_limit,  # the CPU budget per client goes with it
    }
    return start_server(port, workers, environment, log)


def warm_up(port: int, goals: list[str]) -> None:
    """A few analyses per worker, so the first measured requests pay no lazy loading."""
    addresses = victim_addresses(seed=1)
    for goal in goals[:20]:
        body = inputs.json_body({"text": goal})
        send_raw(port, Call("warm", "POST", "/api/analyze", body), next(addresses), 60)


def run_limited(run: Run, args, url: str, folder: Path, goals: list[str], chosen: list[Call],
                rate_limit: str | None, label: str) -> None:  # fmt: skip
    """Scenarios a, b and c against one server with the given rate limit."""
    port = free_port()
    log = folder / f"gunicorn-limit-{'default' if rate_limit is None else 'off'}.log"
    server = serve(port, args.workers, url, rate_limit, log)
    try:
        print(f"\n=== gunicorn, {args.workers} workers, http://{HOST}:{port}/, rate limit "
              f"{label}, COACH_PROXY_HOPS=1 ===")  # fmt: skip
        warm_up(port, goals)
        for clients in args.clients:
            if "a" in args.scenarios and rate_limit is None:
                phase = analysis_phase(port, f"a. victims only, c={clients}, limit {label}",
                                       clients, args.seconds, args.requests, goals, [])  # fmt: skip
                run.phase(phase, "victim")
            if "b" in args.scenarios:
                name = f"b. victims c={clients} + 2 attackers, limit {label}"
                phase = analysis_phase(port, name, clients, args.seconds, args.requests, goals,
                                       chosen)  # fmt: skip
                run.phase(phase, "victim", target=True)
            if "b" in args.scenarios and args.per_attack and clients == args.clients[0]:
                for attack in chosen:  # which input does the harm, and does the limit bite
                    name = (
                        f"b. victims c={clients} + 2 attackers, {attack.name} only, limit {label}"
                    )
                    phase = analysis_phase(port, name, clients, args.seconds, args.requests,
                                           goals, [attack])  # fmt: skip
                    run.phase(phase, "victim", target=True)
        if "c" in args.scenarios and rate_limit is None:
            reading = readers(port, url)
            for attackers, fresh in ((0, False), (LOGIN_ATTACKERS, False), (LOGIN_ATTACKERS, True)):
                if not attackers:
                    name = "c. plan pages, 4 logged-in readers, no flood"
                elif fresh:
                    name = (f"c. plan pages + log-in flood, {attackers} attackers, a new address "
                            "and unknown email per attempt")  # fmt: skip
                else:
                    name = (f"c. plan pages + log-in flood, {attackers} attackers, one address "
                            "each, against the demo accounts")  # fmt: skip
                phase = login_phase(port, name, reading, attackers, fresh, args.seconds,
                                    args.requests)  # fmt: skip
                run.phase(phase, "page")
    finally:
        stop_server(server)
    for trouble in server_troubles(log):
        run.problems.append(f"gunicorn, rate limit {label}: {trouble}")


def run_faults(run: Run, args) -> None:
    """d. bench_faults.py as it is: a worker SIGKILLed under write load."""
    seconds = max(4.0, args.seconds)
    command = [sys.executable, str(Path(__file__).with_name("bench_faults.py")),
               "--seconds", f"{seconds:g}", "--requests", str(args.faults_requests)]  # fmt: skip
    print(f"\n=== d. kills under write load: {' '.join(command[1:])} ===")
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    for line in (result.stdout + result.stderr).splitlines():
        print(f"  {line}")
    if result.returncode != 0:
        run.problems.append(f"d. bench_faults.py exited with status {result.returncode}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=15.0, help="per phase (default 15)")
    parser.add_argument("--requests", type=int, default=20000, help="at most, per phase")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--scenarios", default="abcd", help="which of a, b, c, d (default all)")
    parser.add_argument("--attack", default="", help="attack kinds, comma-separated (default "
                        f"all: {', '.join(attacks())})")  # fmt: skip
    parser.add_argument("--per-attack", action="store_true",
                        help="also run b once per attack kind (4 victims)")  # fmt: skip
    parser.add_argument("--quick", action="store_true", help="a short smoke run: 3 s phases")
    parser.add_argument("--clients", default="4,16", help="victim counts (default 4,16)")
    args = parser.parse_args()
    try:
        args.clients = tuple(int(n) for n in args.clients.split(",") if n.strip())
    except ValueError:
        parser.error(f"--clients takes numbers separated by commas, not {args.clients!r}")
    args.faults_requests = 3000
    if args.quick:
        args.seconds, args.requests, args.faults_requests = 3.0, 2000, 400
    known = attacks()
    names = [name.strip() for name in args.attack.split(",") if name.strip()] or list(known)
    unknown = [name for name in names if name not in known]
    if unknown:
        parser.error(f"unknown attack kind(s) {unknown}; known: {', '.join(known)}")
    chosen = [known[name] for name in names]

    goals = inputs.ordinary_goals()
    print(f"Victims: {len(goals)} ordinary goals from {inputs.goals_source()}; attackers send "
          f"in turn: {'; '.join(a.name for a in chosen)}")  # fmt: skip
    run = Run()
    with tempfile.TemporaryDirectory(prefix="bench-attack-") as name:
        folder = Path(name)
        url = fresh_database(folder)
        if set(args.scenarios) & set("abc"):
            run_limited(run, args, url, folder, goals, chosen, None, DEFAULT_LIMITS)
        if "b" in args.scenarios:
            run_limited(run, args, url, folder, goals, chosen, "", "off")
    if "d" in args.scenarios:
        run_faults(run, args)

    print("\n=== Summary ===")
    for verdict in run.verdicts:
        print(verdict)
    for problem in run.problems:
        print(f"BROKEN: {problem}")
    print("OK: no guarantee broken." if not run.problems else "FAILED")
    sys.exit(1 if run.problems else 0)


if __name__ == "__main__":
    main()
