"""Logs: one JSON access line per request, request ids, the important events as application
logs, and none of what people type (goal text, passwords), nor cookies or tokens, anywhere."""

from __future__ import annotations

import io
import json
import logging
import re
import uuid
from collections.abc import Iterator

import pytest
from builders import PASSWORD, TEST_CONFIG, make_app

from coach import create_app
from coach.services import accounts
from coach.web import extensions, logs
from coach.web.auth.routes import public

CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)">')
ACCESS_FIELDS = {
    "time",
    "level",
    "logger",
    "message",
    "request_id",
    "event",
    "method",
    "path",
    "route",
    "endpoint",
    "status",
    "duration_ms",
    "size",
    "client",
    "user_id",
}


class Captured:
    """Every record the app logs while the test runs: as the JSON lines the app writes, and as
    the records themselves (with every attribute, to look for secrets anywhere in them)."""

    def __init__(self) -> None:
        self.stream = io.StringIO()
        self.records: list[logging.LogRecord] = []
        self.handler = logging.StreamHandler(self.stream)
        self.handler.setFormatter(logs.JsonFormatter())
        self.handler.addFilter(self._keep)

    def _keep(self, record: logging.LogRecord) -> bool:
        self.records.append(record)
        return True

    @property
    def lines(self) -> list[dict]:
        return [json.loads(line) for line in self.stream.getvalue().splitlines()]

    def access(self) -> list[dict]:
        return [line for line in self.lines if line["logger"] == "coach.access"]

    def events(self, name: str) -> list[dict]:
        return [line for line in self.lines if line.get("event") == name]

    def everything(self) -> str:
        """All output, and every attribute of every record, as one text to search."""
        return self.stream.getvalue() + "".join(repr(vars(r)) for r in self.records)


@pytest.fixture
def captured() -> Iterator[Captured]:
    capture = Captured()
    root = logging.getLogger()
    root.addHandler(capture.handler)
    yield capture
    root.removeHandler(capture.handler)


def csrf_token(client) -> str:
    return CSRF_META.search(client.get("/analyze").get_data(as_text=True)).group(1)


def test_goal_text_passwords_cookies_and_tokens_never_reach_the_logs(auth, world, captured):
    marker = f"zanzibar{uuid.uuid4().hex[:8]}"
    wrong_password = f"not-the-{uuid.uuid4().hex}"
    goal = f"Improve {marker} reporting"
    client = auth.app.test_client()
    token = csrf_token(client)
    responses = [
        client.post("/analyze", data={"goal": goal, "csrf_token": token}),
        client.post("/api/analyze", json={"text": goal}),
        client.get(f"/api/resources?text={marker}+{marker}"),
        client.post(
            "/login",
            data={"email": world["maria"].email, "password": wrong_password, "csrf_token": token},
        ),
        client.post(
            "/login",
            data={"email": world["maria"].email, "password": PASSWORD, "csrf_token": token},
        ),
    ]
    assert [r.status_code for r in responses] == [200, 200, 200, 401, 302]
    session_cookie = client.get_cookie("session").value
    after_login = client.get("/")
    logged_in_token = CSRF_META.search(after_login.get_data(as_text=True)).group(1)

    access = captured.access()
    assert len(access) == 1 + len(responses) + 1  # the page the token came from, and "/" after
    for line in access:
        assert set(line) >= ACCESS_FIELDS, line
        assert line["level"] == "INFO" and line["request_id"] and line["duration_ms"] >= 0
        assert "?" not in line["path"] and line["client"] == "127.0.0.1"
    assert [(a["method"], a["path"], a["status"]) for a in access] == [
        ("GET", "/analyze", 200),
        ("POST", "/analyze", 200),
        ("POST", "/api/analyze", 200),
        ("GET", "/api/resources", 200),
        ("POST", "/login", 401),
        ("POST", "/login", 302),
        ("GET", "/", 200),
    ]
    assert access[-1]["user_id"] == world["maria"].id and access[1]["user_id"] is None
    assert access[-1]["request_id"] == after_login.headers["X-Request-ID"]
    assert access[3]["endpoint"] == "api.resources"
    assert all(a["size"] == len(r.get_data()) for a, r in zip(access[1:-1], responses, strict=True))

    failed, succeeded = captured.events("login.failed"), captured.events("login.succeeded")
    assert [(e["user_id"], e["reason"], e["level"]) for e in failed] == [
        (world["maria"].id, "wrong password", "WARNING")
    ]
    assert [e["user_id"] for e in succeeded] == [world["maria"].id]
    assert failed[0]["request_id"] == access[4]["request_id"]  # the event joins its request

    text = captured.everything()
    for secret in (marker, wrong_password, PASSWORD, session_cookie, token, logged_in_token):
        assert secret not in text
    assert world["maria"].email not in text


def test_an_unknown_account_is_logged_as_unknown_without_the_typed_address(auth, captured):
    typed = f"nobody-{uuid.uuid4().hex[:6]}@example.com"
    browser = auth.visitor
    assert browser.login(typed, "whatever-it-is").status_code == 401
    (event,) = captured.events("login.failed")
    assert (event["user_id"], event["reason"]) == ("unknown", "unknown account")
    assert typed not in captured.everything() and "whatever-it-is" not in captured.everything()


def test_throttled_log_ins_are_logged(auth, world, captured):
    browser = auth.visitor
    statuses = [browser.login(world["eli"].email, "wrong-password-x").status_code for _ in range(6)]
    assert statuses[-1] == 429
    (event,) = captured.events("login.throttled")
    assert event["user_id"] == world["eli"].id and event["level"] == "WARNING"


def test_account_changes_are_logged_with_ids_only(unit, world, captured):
    with unit() as session:
        adam = session.get(type(world["adam"]), world["adam"].id)
        user = accounts.create_user(
            session=session,
            actor=None,
            email="new.person@test.example",
            name="Newton Person",
            roles=["employee"],
            password="a long fresh passphrase",
        )
        accounts.set_roles(session=session, actor=adam, user_id=user.id, roles=["coach"])
        accounts.set_active(session=session, actor=adam, user_id=user.id, active=False)
    changes = [(e["event"], e["user_id"], e["actor_id"]) for e in captured.lines if "actor_id" in e]
    assert changes == [
        ("account.create", user.id, None),
        ("account.roles", user.id, adam.id),
        ("account.deactivate", user.id, adam.id),
    ]
    text = captured.everything()
    assert "new.person" not in text and "Newton" not in text and "passphrase" not in text


def test_rate_limited_requests_are_logged(engine, captured):
    app = create_app({**TEST_CONFIG, "RATE_LIMIT": "1 per minute", "DATABASE_URL": "sqlite://"})
    extensions.init_analysis(app, engine)
    client = app.test_client()
    assert [client.get("/analyze").status_code for _ in range(2)] == [200, 429]
    (event,) = captured.events("rate_limited")
    assert event["level"] == "WARNING" and event["status"] == 429 and "1 per" in event["limit"]
    assert [a["status"] for a in captured.access()] == [200, 429]  # refused, still one line


def test_a_server_error_is_logged_with_its_traceback_but_not_the_body(engine, captured):
    config = {"TESTING": False, "SECRET_KEY": "test", "PROPAGATE_EXCEPTIONS": False}
    app = create_app({**config, "WTF_CSRF_ENABLED": False})
    extensions.init_analysis(app, engine)

    @app.post("/api/boom/<name>")
    @public
    def boom(name):
        raise RuntimeError("a bug")

    marker = uuid.uuid4().hex
    response = app.test_client().post(f"/api/boom/{marker}", json={"text": marker})
    assert response.status_code == 500
    (event,) = captured.events("server_error")
    assert event["level"] == "ERROR" and "RuntimeError: a bug" in event["exception"]
    assert event["endpoint"] == "boom" and "/api/boom/<name>" in event["message"]
    assert marker not in captured.everything()
    assert captured.access()[0]["path"] == "/api/boom/<name>"


def test_paths_with_free_text_or_tokens_are_logged_as_their_route(app, captured):
    @app.get("/account/reset/<token>")
    @public
    def reset(token):
        return "ok"

    client = app.test_client()
    secret = "Zx81" + uuid.uuid4().hex
    client.get(f"/account/reset/{secret}")
    client.get(f"/no/such/{secret}/page")
    client.get("/no/such/goal%20text%20here")
    client.get("/static/app.css")
    paths = [line["path"] for line in captured.access()]
    assert paths == [
        "/account/reset/<token>",
        "/no/such/<redacted>/page",
        "/no/such/<redacted>",
        "/static/app.css",
    ]
    assert secret not in captured.everything()


def test_numeric_ids_stay_in_the_path(auth, world, captured):
    auth.login("maria").get("/plans/12345")
    assert captured.access()[-1]["path"] == "/plans/12345"


@pytest.mark.parametrize(
    ("hops", "sent", "kept"),
    [
        (0, "abc-123", False),  # no trusted proxy: anyone could choose the id
        (1, "abc-123", True),
        (1, "9f1c2b7e-4d0a-4a56-b3a5-6c1d2e3f4a5b", True),
        (1, "bad id with spaces", False),
        (1, "x" * 200, False),
        (1, "<script>", False),
    ],
)
def test_request_ids_come_from_a_trusted_proxy_or_are_made(engine, captured, hops, sent, kept):
    app = make_app(engine, PROXY_HOPS=hops)
    response = app.test_client().get("/analyze", headers={"X-Request-ID": sent})
    request_id = response.headers["X-Request-ID"]
    assert (request_id == sent) is kept
    if not kept:
        assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    assert captured.access()[0]["request_id"] == request_id


def test_the_access_log_can_be_turned_off(engine, captured):
    make_app(engine, ACCESS_LOG=False).test_client().get("/analyze")
    assert captured.access() == []


def test_the_log_level_is_configurable_and_checked(engine, captured, monkeypatch):
    monkeypatch.setenv("COACH_LOG_LEVEL", "warning")
    make_app(engine).test_client().get("/analyze")
    assert captured.access() == []
    monkeypatch.setenv("COACH_LOG_LEVEL", "chatty")
    with pytest.raises(ValueError, match="COACH_LOG_LEVEL"):
        make_app(engine)
    monkeypatch.delenv("COACH_LOG_LEVEL")
    make_app(engine)  # back to INFO for the tests after this one


def test_outside_tests_json_lines_go_to_stderr(engine, capsys):
    root = logging.getLogger()
    before = list(root.handlers)
    try:
        app = make_app(engine, LOG_STDERR=True)
        app.test_client().get("/analyze?goal=secret-goal-words")
        assert sum(isinstance(h, logs.StderrHandler) for h in root.handlers) == 1
        make_app(engine, LOG_STDERR=True)  # a second app adds no second handler
        assert sum(isinstance(h, logs.StderrHandler) for h in root.handlers) == 1
    finally:
        for handler in set(root.handlers) - set(before):
            root.removeHandler(handler)
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    assert [(line["logger"], line["path"]) for line in lines] == [("coach.access", "/analyze")]
    assert "secret-goal-words" not in json.dumps(lines)


def test_testing_apps_are_quiet_by_default(engine, capsys, monkeypatch):
    monkeypatch.delenv("COACH_LOG_STDERR", raising=False)
    make_app(engine).test_client().get("/analyze")
    assert capsys.readouterr().err == ""
