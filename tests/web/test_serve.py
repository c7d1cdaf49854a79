"""`coach serve`: its options, and the gunicorn settings it builds."""

from __future__ import annotations

import socket

import pytest
from click.testing import CliRunner

from coach.db import holders
from coach.web import create_app
from coach.web.serve import (
    GunicornServer,
    display_address,
    gunicorn_options,
    port_problem,
    serve,
)


def test_help_lists_the_options():
    result = CliRunner().invoke(serve, ["--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--workers", "--dev"):
        assert option in result.output


def test_gunicorn_is_configured_with_several_workers_and_a_preloaded_app(app):
    server = GunicornServer(app, gunicorn_options("127.0.0.1", 5099, 3))
    assert server.cfg.bind == ["127.0.0.1:5099"]
    assert server.cfg.workers == 3
    assert server.cfg.preload_app is True
    assert server.load() is app


def test_address_is_printed_as_a_url():
    assert display_address("127.0.0.1", 5000) == "http://127.0.0.1:5000/"
    assert display_address("::1", 8000) == "http://[::1]:8000/"


def test_bad_port_is_refused_before_anything_starts():
    result = CliRunner().invoke(serve, ["--port", "0"])
    assert result.exit_code == 2


def test_a_taken_port_is_refused_in_one_sentence_before_anything_loads(monkeypatch):
    loaded = []
    monkeypatch.setattr("coach.web.serve.create_app", lambda: loaded.append(1))
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        result = CliRunner().invoke(serve, ["--port", str(port)])
    assert result.exit_code == 1
    assert f"Port {port} on 127.0.0.1 is already in use" in result.output
    assert "Traceback" not in result.output and not loaded


def test_a_free_port_passes_the_check():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert port_problem("127.0.0.1", port) is None


def test_each_worker_holds_the_database_once_it_has_forked(tmp_path):
    url = f"sqlite:///{tmp_path / 'coach.sqlite3'}"
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "DATABASE_URL": url})
    options = gunicorn_options("127.0.0.1", 5099, 2, app)
    assert options["accesslog"] is None  # the app writes the access log itself
    assert not holders.held(url)
    options["post_worker_init"](None)  # what gunicorn calls in a worker after the fork
    try:
        assert holders.held(url)
        with (
            pytest.raises(holders.DatabaseInUse, match="The app is running"),
            holders.exclusive(url),
        ):
            pass
    finally:
        holders.release(url)


def test_serve_runs_the_job_worker_beside_it_and_stops_it(tmp_path, monkeypatch):
    """`coach serve` starts `coach worker` as a child (WorkerProcess) and stops it on its way
    out; a forked gunicorn worker unwinding the same frame leaves it alone."""
    import os

    from coach.web.serve import WorkerProcess

    monkeypatch.setenv("COACH_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("COACH_DATABASE_URL", f"sqlite:///{tmp_path / 'coach.sqlite3'}")
    worker = WorkerProcess()
    try:
        assert worker.process.args[-3:] == ["-m", "coach", "worker"]
        worker.owner = os.getpid() + 1  # as seen from a forked process
        worker.stop()
        assert worker.process.poll() is None, "only the process that started it stops it"
        worker.owner = os.getpid()
        worker.stop()
        assert worker.process.poll() is not None
    finally:
        if worker.process.poll() is None:
            worker.process.kill()
            worker.process.wait()


def test_the_workers_mail_links_point_where_this_server_answers(monkeypatch):
    """Without a configured BASE_URL the worker's mails link to the port `coach serve` uses
    (`make run PORT=8000`), not to the default 5000; a configured one is left alone."""
    from coach import create_app
    from coach.web.serve import worker_environment

    monkeypatch.delenv("COACH_BASE_URL", raising=False)
    plain = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": "sqlite://"})
    assert worker_environment(plain, "127.0.0.1", 8000) == {
        "COACH_BASE_URL": "http://127.0.0.1:8000/"
    }
    configured = create_app(
        {"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": "sqlite://",
         "BASE_URL": "https://pip.example.com/"}
    )  # fmt: skip
    assert worker_environment(configured, "127.0.0.1", 8000) == {}
