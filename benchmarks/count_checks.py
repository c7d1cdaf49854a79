"""How many permission checks and SQL statements one plan-page request costs.

Builds the demo data in a throwaway SQLite file, logs in as each demo person who can see the
demo plans, and counts, per request: calls of the permission predicate (`relations()`, under
every capability check) and SQL statements sent. Requests: GET of each plan page (full page
and htmx), and a check-in saved by the manager (POST: a plain form, answered by a redirect,
and htmx, answered by the fresh widget). A POST counts the service's own checks too: services check
again whatever the page showed.

    .venv/bin/python benchmarks/count_checks.py
"""

from __future__ import annotations

import importlib
import re
import sys
import tempfile
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import event

CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')


def policy_module():
    for name in ("coach.models.permissions", "coach.policy.permissions"):  # old, new layout
        try:
            return importlib.import_module(name)
        except ImportError:
            continue
    raise SystemExit("no permissions module found")


def main() -> None:
    from coach import create_app
    from coach.cli import main as cli

    workdir = Path(tempfile.mkdtemp())
    url = f"sqlite:///{workdir / 'coach.sqlite3'}"
    runner = CliRunner()
    for args in (["db", "upgrade"], ["demo"]):
        result = runner.invoke(cli, [*args, "--database-url", url])
        assert result.exit_code == 0, result.output
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "count", "TESTING": True})
    permissions = policy_module()
    calls = {"checks": 0, "sql": 0}
    original = permissions.relations

    def counted(*args, **kwargs):
        calls["checks"] += 1
        return original(*args, **kwargs)

    # Every module that imported the predicate by name gets the counting one too.
    for module in list(sys.modules.values()):
        if getattr(module, "__name__", "").startswith("coach.") and (
            getattr(module, "relations", None) is original
        ):
            module.relations = counted
    with app.app_context():
        try:
            database = importlib.import_module("coach.web.extensions").get_db_engine(app)
        except ImportError:  # the layout before coach/web/extensions.py
            database = importlib.import_module("coach.web.database").get_engine(app)

    @event.listens_for(database, "before_cursor_execute")
    def count_sql(*_args):
        calls["sql"] += 1

    def measure(label, send, url, **kwargs):
        calls.update(checks=0, sql=0)
        response = send(url, **kwargs)
        assert response.status_code in (200, 303), (label, response.status_code)
        print(f"{label:<52} {calls['checks']:>4} checks {calls['sql']:>5} SQL statements")

    for email in ("maria@demo.test", "eli@demo.test", "hana@demo.test"):
        client = app.test_client()
        page = client.get("/login").get_data(as_text=True)
        token = CSRF.search(page).group(1)
        login = {"email": email, "password": "demo-pass-1234", "csrf_token": token}
        assert client.post("/login", data=login).status_code in (302, 303)
        for plan_id in (1, 2):
            if client.get(f"/plans/{plan_id}").status_code != 200:
                continue
            url = f"/plans/{plan_id}"
            measure(f"{email} GET {url}", client.get, url)
            measure(f"{email} GET {url} (htmx)", client.get, url, headers={"HX-Request": "true"})
        if email.startswith("maria"):
            page = client.get("/plans/1").get_data(as_text=True)
            token = CSRF.search(page).group(1)
            form = {"csrf_token": token, "date": "2026-12-01", "kind": "scheduled", "notes": "ok"}
            url = "/plans/1/check-ins"
            measure(f"{email} POST {url}", client.post, url, data=form)
            htmx = {"HX-Request": "true", "X-CSRFToken": token}
            measure(f"{email} POST {url} (htmx)", client.post, url, data=form, headers=htmx)


if __name__ == "__main__":
    sys.exit(main())
