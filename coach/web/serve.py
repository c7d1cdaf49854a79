"""`coach serve`: run the web app under gunicorn with several workers, or Flask's reloader.

The app (with the analysis engine, its spaCy pipeline and the resource catalogue) is created
once in the gunicorn master before the workers fork, so the workers share that memory and one
SECRET_KEY even when none is configured. Each worker, once forked, takes its hold on the
database (`extensions.hold_database`), so `coach db restore` refuses while the app runs.
`--dev` runs Flask's development server with the reloader instead.

The job worker. `coach serve` also starts `coach worker` (reminders, notification mail,
pruning, re-analysis: coach/jobs/) as a child process and stops it when it stops, so one
command (`make run`) runs the whole app, and Ctrl+C ends both: the terminal sends it to both
processes, and the server's exit terminates the worker if it is still there. Starting it from
here, not from the Makefile, gives the same one command to an installed wheel, where there is
no Makefile. `--no-worker` leaves it out, for deployments that run `coach worker` processes of
their own (one queue on Redis for many web servers). A worker that dies is reported; the web
server goes on without it.
"""

from __future__ import annotations

import errno
import os
import signal
import socket
import subprocess
import sys
import threading
from typing import Any

import click
from flask import Flask
from gunicorn import glogging
from gunicorn.app.base import BaseApplication
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.serving import WSGIRequestHandler

from coach.db.holders import LockError
from coach.web import create_app
from coach.web.config import DEFAULTS
from coach.web.extensions import hold_database, preload
from coach.web.logs import JsonFormatter


class GunicornServer(BaseApplication):
    """gunicorn, configured from Python instead of its command line."""

    def __init__(self, app: Flask, options: dict[str, Any]) -> None:
        self.application = app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        return self.application


class GunicornLogger(glogging.Logger):
    """gunicorn's own messages (workers booting, timeouts) as JSON lines, like the app's."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        for handler in self.error_log.handlers:
            handler.setFormatter(JsonFormatter())


class QuietRequestHandler(WSGIRequestHandler):
    """The development server without its own access line (it prints the query string, which
    can hold goal text); the app writes its own (logs.py)."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


def worker_started(app: Flask):
    """gunicorn's post_worker_init hook: the worker (after the fork) holds the database."""

    def hook(_worker: Any) -> None:
        try:
            hold_database(app)
        except (LockError, OSError, SQLAlchemyError) as error:  # tried again at first use
            app.logger.warning("Worker could not hold the database yet: %s", error)

    return hook


def gunicorn_options(
    host: str, port: int, workers: int, app: Flask | None = None
) -> dict[str, Any]:
    hooks = {"post_worker_init": worker_started(app)} if app is not None else {}
    return {
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": "sync",
        "preload_app": True,
        "timeout": 30,
        "graceful_timeout": 10,
        "proc_name": "pip-coach",
        "control_socket_disable": True,  # no ~/.gunicorn socket: nothing to control remotely
        # The app writes one access line per request itself (coach/web/logs.py): gunicorn's
        # would log the query string, and twice is once too many.
        "accesslog": None,
        "logger_class": GunicornLogger,
        **hooks,
    }


def port_problem(host: str, port: int) -> str | None:
    """Why `host:port` cannot be served (taken, or not an address of this machine), or None.

    Checked by binding it for a moment before anything is loaded or announced; gunicorn binds
    it again for real (SO_REUSEADDR, so the moment's socket does not stand in the way)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                return (
                    f"Port {port} on {host} is already in use: stop what is using it, "
                    "or choose another with --port (make run PORT=...)."
                )
            return f"Cannot listen on {host}:{port}: {error.strerror}."
    return None


QUIET_EXITS = frozenset({0, 130, -signal.SIGINT, -signal.SIGTERM})


class WorkerProcess:
    """`coach worker` as a child of this process, stopped with it."""

    STOP_SECONDS = 15  # the running job finishes first (Huey's graceful stop)

    def __init__(self, environment: dict[str, str] | None = None) -> None:
        self.owner = os.getpid()  # gunicorn's forked workers unwind this frame too: not theirs
        self.stopping = False
        command = [sys.executable, "-m", "coach", "worker"]
        self.process = subprocess.Popen(command, env={**os.environ, **(environment or {})})
        threading.Thread(target=self.watch, name="coach-worker-watch", daemon=True).start()

    def watch(self) -> None:
        code = self.process.wait()
        # Ctrl+C reaches the worker too, which then ends cleanly: only a failure is news.
        if code not in QUIET_EXITS and not self.stopping and os.getpid() == self.owner:
            click.echo(
                f"The job worker stopped (exit {code}); reminders and mail wait until "
                "`coach worker` runs again. The web server goes on.",
                err=True,
            )

    def stop(self) -> None:
        if os.getpid() != self.owner or self.process.poll() is not None:
            return
        self.stopping = True
        self.process.terminate()
        try:
            self.process.wait(timeout=self.STOP_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def display_address(host: str, port: int) -> str:
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    default=5000,
    show_default=True,
    type=click.IntRange(1, 65535),
    envvar="COACH_PORT",
    help="TCP port (env COACH_PORT).",
)
@click.option(
    "--workers",
    default=2,
    show_default=True,
    type=click.IntRange(1, 64),
    help="gunicorn worker processes (each answers one request at a time).",
)
@click.option("--dev", is_flag=True, help="Flask's development server with the reloader.")
@click.option(
    "--worker/--no-worker",
    "with_worker",
    default=True,
    show_default=True,
    help="Start `coach worker` (reminders, mail, pruning) beside the server, stopped with it.",
)
def serve(host: str, port: int, workers: int, dev: bool, with_worker: bool) -> None:
    """Serve the PIP Coach web app (default http://127.0.0.1:5000/)."""
    problem = port_problem(host, port)
    if problem:
        raise click.ClickException(problem)
    app = create_app()
    reloaded = os.environ.get("WERKZEUG_RUN_MAIN") == "true"  # the reloader's inner process
    if not dev:
        preload(app)  # load spaCy, the rules and the catalogue before the workers fork
    job_worker = (
        WorkerProcess(worker_environment(app, host, port)) if with_worker and not reloaded else None
    )
    try:
        run(app, host, port, workers, dev)
    finally:
        if job_worker is not None:
            job_worker.stop()


def worker_environment(app: Flask, host: str, port: int) -> dict[str, str]:
    """The worker writes the mails, whose links need the app's address: when no BASE_URL is
    configured, the one this server answers on (`make run PORT=8000` links to port 8000)."""
    if app.config.get("BASE_URL") != DEFAULTS["BASE_URL"]:
        return {}  # set in config.py or COACH_BASE_URL: the worker reads the same
    return {"COACH_BASE_URL": display_address(host, port)}


def run(app: Flask, host: str, port: int, workers: int, dev: bool) -> None:
    if dev:
        click.echo(f"PIP Coach (development server) on {display_address(host, port)}")
        app.run(
            host=host, port=port, debug=True, use_reloader=True, request_handler=QuietRequestHandler
        )
        return
    click.echo(f"PIP Coach on {display_address(host, port)} with {workers} workers (Ctrl+C stops)")
    GunicornServer(app, gunicorn_options(host, port, workers, app)).run()
