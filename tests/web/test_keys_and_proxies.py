"""The secret key survives restarts and is shared by workers; behind a proxy the app sees the
real client; behind TLS it says so (Secure cookies, HSTS)."""

from __future__ import annotations

import stat

from flask import request

from coach import create_app
from coach.web.auth.routes import public


def production_app(tmp_path, monkeypatch, **config):
    monkeypatch.setenv("COACH_INSTANCE_PATH", str(tmp_path))
    return create_app({"DATABASE_URL": "sqlite://", **config})


def test_without_a_configured_key_one_is_made_once_and_reused(tmp_path, monkeypatch):
    first = production_app(tmp_path, monkeypatch)
    key_file = tmp_path / "secret_key"
    assert key_file.read_text() == first.config["SECRET_KEY"]
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    again = production_app(tmp_path, monkeypatch)  # a restart, or another worker
    assert again.config["SECRET_KEY"] == first.config["SECRET_KEY"]


def test_a_configured_key_wins_and_nothing_is_written(tmp_path, monkeypatch):
    app = production_app(tmp_path, monkeypatch, SECRET_KEY="configured-" + "k" * 32)
    assert app.config["SECRET_KEY"].startswith("configured-")
    assert not (tmp_path / "secret_key").exists()


def test_an_unwritable_instance_folder_falls_back_to_a_key_for_this_run(tmp_path, monkeypatch):
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("")
    monkeypatch.setenv("COACH_INSTANCE_PATH", str(blocked / "instance"))
    app = create_app({"DATABASE_URL": "sqlite://"})
    assert len(app.config["SECRET_KEY"]) >= 32


def show_address() -> str:
    return f"{request.remote_addr} {request.scheme}"


def client_address_app(tmp_path, monkeypatch, **config):
    app = production_app(tmp_path, monkeypatch, **config)
    app.add_url_rule(
        "/_address", "address", public(lambda: f"{request.remote_addr} {request.scheme}")
    )
    return app


def test_without_trusted_proxies_forwarded_headers_are_ignored(tmp_path, monkeypatch):
    client = client_address_app(tmp_path, monkeypatch).test_client()
    answer = client.get("/_address", headers={"X-Forwarded-For": "203.0.113.9"})
    assert answer.get_data(as_text=True) == "127.0.0.1 http"


def test_one_trusted_proxy_gives_the_real_client_address(tmp_path, monkeypatch):
    monkeypatch.setenv("COACH_PROXY_HOPS", "1")
    client = client_address_app(tmp_path, monkeypatch).test_client()
    headers = {"X-Forwarded-For": "198.51.100.7, 203.0.113.9", "X-Forwarded-Proto": "https"}
    # Only the last hop is the proxy's own word; what the client wrote before it is not trusted.
    assert client.get("/_address", headers=headers).get_data(as_text=True) == "203.0.113.9 https"


def test_behind_tls_cookies_are_secure_and_hsts_is_sent(tmp_path, monkeypatch):
    monkeypatch.setenv("COACH_HTTPS", "1")
    response = production_app(tmp_path, monkeypatch).test_client().get("/login")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    cookie = response.headers.get("Set-Cookie", "")
    assert "Secure" in cookie and "HttpOnly" in cookie


def test_without_tls_no_hsts_is_sent(tmp_path, monkeypatch):
    response = production_app(tmp_path, monkeypatch).test_client().get("/login")
    assert "Strict-Transport-Security" not in response.headers
