"""A full disk: 503 with Retry-After and a page saying nothing was saved (showing what was typed,
to copy), the message in the page's alert slot for htmx, JSON under /api/, logged at ERROR.

The database really is full here: SQLite's `max_page_count`, set to the file's current size on
every connection, makes the next write that needs a page fail with "database or disk is full",
exactly as a full disk does."""

from __future__ import annotations

import errno
import logging
import sqlite3
import uuid
from collections.abc import Iterator

import psycopg
import pytest
from bs4 import BeautifulSoup
from builders import WEB_CAST, Browser, build_world, make_app
from sqlalchemy import event, func
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, SQLModel, select
from test_plans import new_plan_form

from coach import create_app
from coach.db.engine import make_engine, storage_full
from coach.db.tables import AuditEvent, Goal, Plan
from coach.web import extensions
from coach.web.auth.routes import public
from coach.web.errors import STORAGE_FULL_MESSAGE


class CappedDatabase:
    """A SQLite file whose size can be frozen: `cap()` lets it grow no further."""

    def __init__(self, path) -> None:
        self.path = path
        self.engine = make_engine(f"sqlite:///{path}")
        self.pages: int | None = None
        event.listen(self.engine, "connect", self._limit)
        SQLModel.metadata.create_all(self.engine)

    def _limit(self, connection, _record) -> None:
        if self.pages is not None:
            connection.execute(f"PRAGMA max_page_count = {self.pages}")

    def cap(self) -> None:
        with sqlite3.connect(self.path) as connection:
            self.pages = connection.execute("PRAGMA page_count").fetchone()[0]
        self.engine.dispose()  # every connection from now on is capped

    def uncap(self) -> None:
        self.pages = None
        self.engine.dispose()

    def counts(self) -> tuple[int, int, int]:
        with Session(self.engine) as session:
            return tuple(
                session.exec(select(func.count()).select_from(table)).one()
                for table in (Plan, Goal, AuditEvent)
            )


@pytest.fixture
def full(tmp_path, engine) -> Iterator[tuple[CappedDatabase, Browser, dict]]:
    """maria logged in on an app whose database is then full."""
    database = CappedDatabase(tmp_path / "coach.sqlite3")
    with Session(database.engine, expire_on_commit=False) as session:
        world = build_world(session, WEB_CAST)
    app = make_app(engine, database.engine)
    maria = Browser(app)
    assert maria.login(world["maria"].email).status_code == 302
    maria.token  # noqa: B018  (read the page's CSRF token while the database can still grow)
    database.cap()
    yield database, maria, world
    database.engine.dispose()


def plan_form(world, marker: str) -> dict:
    """A plan whose row needs more room than any page has left (about 6 kB of text)."""
    gap = f"Weekly status reports arrive two days late ({marker}). " + "Details follow. " * 120
    baseline = "4 of the last 6 reports were late. " * 110
    return new_plan_form(world, title=f"Reports {marker}", gap=gap[:2000], baseline=baseline)


def test_a_form_post_on_a_full_database_is_a_503_page_with_what_was_typed(full, caplog):
    database, maria, world = full
    marker = f"quokka{uuid.uuid4().hex[:8]}"
    before = database.counts()
    response = maria.post("/plans/new", plan_form(world, marker))
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert soup.h1.get_text() == STORAGE_FULL_MESSAGE[0]
    page = soup.get_text(" ")
    assert "was not saved" in page and "administrator" in page
    kept = {box.get_text() for box in soup.select("textarea.typed")}
    assert f"Reports {marker}" in kept and any(marker in text for text in kept)
    assert all(maria.token not in text for text in kept)  # no csrf token, no ids, no version
    assert database.counts() == before  # nothing half-written
    with sqlite3.connect(database.path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    (record,) = [r for r in caplog.records if getattr(r, "event", "") == "storage_full"]
    assert record.levelno == logging.ERROR and "database or disk is full" in record.exc_text
    assert marker not in record.exc_text  # the statement's parameters are hidden

    database.uncap()  # space freed: the same form now saves
    assert maria.post("/plans/new", plan_form(world, marker)).status_code == 303
    assert database.counts()[0] == before[0] + 1


def test_htmx_gets_the_message_in_the_alert_slot_and_keeps_its_form(full):
    database, maria, world = full
    before = database.counts()
    response = maria.post("/plans/new", plan_form(world, "htmx"), htmx=True)
    assert response.status_code == 503 and response.headers["Retry-After"]
    assert response.headers["HX-Retarget"] == "#page-alert"
    assert response.headers["HX-Reswap"] == "innerHTML"
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert soup.select_one("html") is None
    assert (
        soup.select_one("[role=alert]")
        .get_text(" ", strip=True)
        .startswith(STORAGE_FULL_MESSAGE[0])
    )
    assert database.counts() == before
    assert maria.get("/plans/new").status_code == 200  # reading still works
    page = BeautifulSoup(maria.get("/plans/new").get_data(as_text=True), "html.parser")
    assert page.select_one("main > #page-alert") is not None


def full_sqlite_error() -> OperationalError:
    """The error SQLAlchemy raises for a write to a full SQLite database (made for real)."""
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE t (x)")
    pages = connection.execute("PRAGMA page_count").fetchone()[0]
    connection.execute(f"PRAGMA max_page_count = {pages}")
    try:
        connection.execute("INSERT INTO t VALUES (?)", ("x" * 10_000,))
    except sqlite3.OperationalError as error:
        return OperationalError("INSERT INTO t VALUES (?)", ("x",), error)
    finally:
        connection.close()
    raise AssertionError("the capped database took the row")


@pytest.fixture
def failing_app(engine):
    config = {"TESTING": False, "SECRET_KEY": "test", "PROPAGATE_EXCEPTIONS": False}
    app = create_app({**config, "WTF_CSRF_ENABLED": False, "DATABASE_URL": "sqlite://"})
    extensions.init_analysis(app, engine)
    failures = {
        "sqlite": full_sqlite_error,
        "postgresql": lambda: OperationalError(
            "INSERT", {}, psycopg.errors.DiskFull('could not extend file "base/1/2": wrote only')
        ),
        "enospc": lambda: OSError(errno.ENOSPC, "No space left on device", "instance/mail"),
        "permission": lambda: PermissionError(errno.EACCES, "Permission denied"),
        "locked": lambda: OperationalError("UPDATE", {}, sqlite3.OperationalError("locked")),
    }

    @app.post("/api/fail/<kind>")
    @app.post("/fail/<kind>")
    @public
    def fail(kind):
        raise failures[kind]()

    return app


@pytest.mark.parametrize("kind", ["sqlite", "postgresql", "enospc"])
def test_every_kind_of_full_disk_is_a_503(failing_app, kind):
    client = failing_app.test_client()
    page = client.post(f"/fail/{kind}", data={"goal": "Answer calls"})
    assert page.status_code == 503 and page.headers["Retry-After"]
    assert STORAGE_FULL_MESSAGE[0] in page.get_data(as_text=True)
    api = client.post(f"/api/fail/{kind}", json={"text": "Answer calls"})
    assert api.status_code == 503 and api.headers["Retry-After"]
    assert api.json["error"] == "Service Unavailable"
    assert "run out of storage space" in api.json["message"]


@pytest.mark.parametrize("kind", ["permission", "locked"])
def test_other_database_and_file_errors_stay_500(failing_app, kind):
    response = failing_app.test_client().post(f"/fail/{kind}")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.get_data(as_text=True)


def test_storage_full_reads_the_drivers_errors():
    assert storage_full(full_sqlite_error())
    assert storage_full(OperationalError("x", {}, psycopg.errors.DiskFull("disk full")))
    io_error = psycopg.errors.IoError('could not write to file "x": No space left on device')
    assert storage_full(OperationalError("x", {}, io_error))
    assert storage_full(OSError(errno.EDQUOT, "Disk quota exceeded"))
    assert not storage_full(OperationalError("x", {}, sqlite3.OperationalError("locked")))
    assert not storage_full(ValueError("no space left on device"))  # not from a driver
    assert not storage_full(OSError(errno.ENOENT, "No such file"))
