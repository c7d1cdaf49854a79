"""What the loopback benchmarks share: `coach serve` on a free port, a plain HTTP client, a
browser-like client with cookies and a CSRF token, a fresh demo database, percentiles.

Used by bench_web.py, bench_faults.py and bench_attack.py (run from the repository, so this
folder is on sys.path). Loopback only: every server listens on 127.0.0.1.
"""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

HOST = "127.0.0.1"  # loopback only, by design
ROOT = Path(__file__).resolve().parents[1]
CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)">')
SERVER_TIMING = re.compile(r"app;dur=([\d.]+)")
DEMO_DATABASE = "bench.sqlite3"


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def start_server(
    port: int,
    workers: int,
    environment: Mapping[str, str | None] | None = None,
    log: Path | None = None,
) -> subprocess.Popen:
    """`coach serve` (gunicorn) on `port`, once it answers; the rate limit and the CPU budget
    are off unless `environment` sets COACH_RATE_LIMIT / COACH_RATE_LIMIT_CPU (a value of None
    removes a variable, so the app's default applies). gunicorn's output goes to `log` when
    given."""
    command = [sys.executable, "-c", "from coach.web.serve import serve; serve()"]
    # The web server alone: the job worker (which `coach serve` starts too) would add its own
    # start-up and periodic CPU to what the benchmarks measure.
    command += ["--host", HOST, "--port", str(port), "--workers", str(workers), "--no-worker"]
    # By default one client address sends everything: the limits would measure themselves.
    overrides = {"COACH_RATE_LIMIT": "", "COACH_RATE_LIMIT_CPU": "", **(environment or {})}
    env = {**os.environ, **{k: v for k, v in overrides.items() if v is not None}}
    for name in (k for k, v in overrides.items() if v is None):
        env.pop(name, None)
    if log:
        with open(log, "ab") as output:  # the child keeps its own copy of the file
            server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=output)
    else:
        quiet = subprocess.DEVNULL
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=quiet, stderr=quiet)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"coach serve exited with status {server.returncode}")
        try:
            if request(port, "GET", "/static/app.css")[0] == 200:
                return server
        except OSError:
            time.sleep(0.25)
    stop_server(server)
    raise SystemExit("gunicorn did not answer within 120 s")


def stop_server(server: subprocess.Popen) -> None:
    """Stop gunicorn (its master stops the workers); SIGKILL if it has not gone in 30 s."""
    if server.poll() is not None:
        return
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=10)


def worker_pids(server: subprocess.Popen) -> list[int]:
    """The gunicorn master's children (the workers), from /proc."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def request(
    port: int,
    method: str,
    path: str,
    body: str | bytes | None = None,
    headers: Mapping[str, str] | None = None,
    timeout: float = 30,
) -> tuple[int, dict[str, str], bytes]:
    """One request on a new connection (gunicorn's sync workers close it after each answer)."""
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=dict(headers or {}))
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


@dataclass
class Client:
    """One browser: its cookies and the CSRF token of its session; `address`, when set, is sent
    as X-Forwarded-For (the app trusts it with COACH_PROXY_HOPS=1)."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)
    token: str = ""
    address: str = ""
    timeout: float = 30

    def send(self, method: str, path: str, form: dict | None = None, htmx: bool = False,
             full: bool = False):  # fmt: skip
        """(status, body text), or with `full` (status, response headers)."""
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if self.token:
            headers["X-CSRFToken"] = self.token
        if htmx:
            headers["HX-Request"] = "true"
        if self.address:
            headers["X-Forwarded-For"] = self.address
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            for cookie in response.msg.get_all("Set-Cookie") or []:
                name, _, value = cookie.split(";", 1)[0].partition("=")
                self.cookies[name.strip()] = value
            text = response.read().decode("utf-8", "replace")
            if full:
                return response.status, dict(response.getheaders())
            return response.status, text
        finally:
            connection.close()

    def open_login_page(self) -> None:
        """GET /login: a session cookie and its CSRF token, as a browser gets them."""
        status, page = self.send("GET", "/login")
        if status != 200:
            raise SystemExit(f"the log-in page answered {status}")
        self.token = CSRF_META.search(page).group(1)

    def log_in(self, email: str, password: str, plan_id: int) -> None:
        """Log in, then open the plan page for the new session's CSRF token."""
        self.open_login_page()
        form = {"email": email, "password": password, "csrf_token": self.token}
        status, _ = self.send("POST", "/login", form)
        if status != 302 and status != 303:
            raise SystemExit(f"log-in as {email} answered {status}")
        status, page = self.send("GET", f"/plans/{plan_id}")
        if status != 200:
            raise SystemExit(f"plan {plan_id} answered {status} to {email} after log-in")
        self.token = CSRF_META.search(page).group(1)


def fresh_database(folder: str | Path) -> str:
    """`coach db upgrade` + `coach demo` into a new SQLite file in `folder`; its URL."""
    from coach.cli.data import analyzer
    from coach.cli.demo import load_demo
    from coach.db.engine import make_engine, session_scope
    from coach.db.migrations import upgrade

    url = f"sqlite:///{Path(folder) / DEMO_DATABASE}"
    upgrade(url)
    engine = make_engine(url)
    try:
        with session_scope(engine) as session:
            load_demo(session, analyzer())
    finally:
        engine.dispose()
    return url


def demo_plan_id(url: str, email: str, title: str) -> int:
    """The id of the plan titled `title` whose employee has `email`."""
    from sqlalchemy import text

    from coach.db.engine import make_engine

    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(
                text(
                    "SELECT plan.id FROM plan JOIN user_account u ON u.id = plan.employee_id "
                    "WHERE u.email = :email AND plan.title = :title"
                ),
                {"email": email, "title": title},
            ).scalar_one()
    finally:
        engine.dispose()
