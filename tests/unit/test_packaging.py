"""The package installs and runs from a wheel alone: rules and templates travel inside it.

Builds the wheel from this checkout (no network: the build backend is the one the dev lock
installs), installs it without dependencies into a folder of its own, and runs the CLI and the
web app from another folder with that folder first on the path, so nothing can come from the
checkout.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from coach.paths import CHECKOUT_DIR

IGNORED = shutil.ignore_patterns("__pycache__", "*.egg-info")
DATA_PACKAGES = {"coach.rules", "coach.templates", "coach.db.migrations.versions"}


def test_the_package_list_names_every_package_under_coach():
    config = tomllib.loads((CHECKOUT_DIR / "pyproject.toml").read_text())
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(CHECKOUT_DIR).parts)
        for init in (CHECKOUT_DIR / "coach").rglob("__init__.py")
    }
    assert listed == found | DATA_PACKAGES


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A folder holding only the installed wheel (dependencies come from this venv)."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"  # a copy, so the build writes nothing into the checkout
    for name in ("coach", "rules", "templates"):
        shutil.copytree(CHECKOUT_DIR / name, source / name, ignore=IGNORED)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(CHECKOUT_DIR / name, source / name)
    build = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "-o", str(work), "."],
        cwd=source, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert build.returncode == 0, build.stdout[-2000:] + build.stderr[-2000:]
    wheel = next(work.glob("pip_coach-*.whl"))
    site = work / "site"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site),
         str(wheel)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert install.returncode == 0, install.stderr[-2000:]
    return site


def run_installed(site: Path, cwd: Path, code: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(site), "COACH_INSTANCE_PATH": str(cwd / "instance")}
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def test_the_wheel_carries_rules_and_templates_and_is_what_runs(installed, tmp_path):
    shown = run_installed(
        installed, tmp_path,
        "import coach, coach.paths as p; print(coach.__file__); print(p.rules_dir());"
        " print(p.templates_dir())",
    )  # fmt: skip
    assert shown.returncode == 0, shown.stderr
    package, rules, templates = shown.stdout.split()
    assert package.startswith(str(installed))
    assert rules == str(installed / "coach" / "rules")
    assert templates == str(installed / "coach" / "templates")
    drawn = run_installed(  # the progress charts' svg templates travel too (the PDF draws them)
        installed, tmp_path,
        "import datetime as d, types as t; from coach.charts import ratings_svg, goal_charts\n"
        "day = d.date(2026, 1, 5); at = d.datetime(2026, 1, 6)\n"
        "plan = t.SimpleNamespace(start_date=day, end_date=day + d.timedelta(days=30))\n"
        "goal = t.SimpleNamespace(id=1, deadline=None, baseline_value=None, target_value=None,"
        " unit='')\n"
        "row = t.SimpleNamespace(id=1, goal_id=1, rating=3, created_at=at, deleted_at=None)\n"
        "print(ratings_svg(goal_charts(goal, plan, [], [row]).ratings))",
    )  # fmt: skip
    assert drawn.returncode == 0, drawn.stderr
    assert drawn.stdout.startswith("<svg") and "Self-rating 6 Jan: 3 of 5" in drawn.stdout
    fonts = run_installed(  # the PDF's DejaVu Sans, its licence beside it
        installed, tmp_path,
        "from coach.web.plans import paper\n"
        "print(paper.FONT_FOLDER); print(all(p.is_file() for p in paper.FONTS.values()))\n"
        "print((paper.FONT_FOLDER / 'LICENSE').is_file())",
    )  # fmt: skip
    assert fonts.returncode == 0, fonts.stderr
    assert fonts.stdout.split() == [str(installed / "coach/web/plans/fonts"), "True", "True"]


# Every command in one process (spaCy loads once), each as `coach <args>` would run it.
CLI_RUNS = """
import json, sys
from click.testing import CliRunner
from coach.cli import main
for args in json.loads(sys.argv[1]):
    result = CliRunner().invoke(main, args)
    print(json.dumps({"args": args, "code": result.exit_code, "output": result.output}))
"""


def test_the_cli_works_from_the_wheel_in_another_folder(installed, tmp_path):
    commands = [
        ["rules", "check"],
        ["analyze", "--format", "json", "Close 10 tickets by Friday"],
        ["db", "upgrade"],
        ["demo"],
    ]
    ran = run_installed(installed, tmp_path, CLI_RUNS, json.dumps(commands))
    assert ran.returncode == 0, ran.stderr
    results = [json.loads(line) for line in ran.stdout.splitlines() if line.startswith("{")]
    assert [result["args"] for result in results] == commands
    for result in results:
        assert result["code"] == 0, result
    analysis = json.loads(results[1]["output"])
    assert analysis["criteria"]["measurable"] == "met"
    assert (tmp_path / "instance" / "coach.sqlite3").exists()  # the one instance folder


def test_the_web_app_renders_pages_from_the_wheel(installed, tmp_path):
    code = (
        "from coach.web import create_app\n"
        "app = create_app({'SECRET_KEY': 'x', 'DATABASE_URL': 'sqlite://'})\n"
        "client = app.test_client()\n"
        "for url in ('/', '/analyze', '/login', '/static/htmx.min.js'):\n"
        "    print(url, client.get(url).status_code)\n"
    )
    served = run_installed(installed, tmp_path, code)
    assert served.returncode == 0, served.stderr
    assert served.stdout.split() == [
        "/", "200", "/analyze", "200", "/login", "200", "/static/htmx.min.js", "200"
    ]  # fmt: skip
