"""Shared fixtures: one analysis engine per test session (spaCy loads once), and cheap password
hashing for the suite.

Argon2 at the production parameters (19 MiB, two passes) costs tens of milliseconds per hash
and per log-in; the suite hashes and logs in thousands of times. Every test therefore runs with
TEST_HASHER; a hash records its own parameters, so verifying works the same. The one test that
checks the production parameters asks for `production_hasher`. Log lines stay off stderr.

The suite makes a Flask app for almost every test; most of the ~60 ms that costs is Werkzeug
generating and compiling the same URL-builder functions for the same ~50 rules again.
`share_url_builders` keeps one per rule shape for the session (see there).
"""

from __future__ import annotations

import os

import pytest
from argon2 import PasswordHasher
from werkzeug.routing import Rule

from coach.analysis import Engine, load_engine
from coach.services import passwords

# Apps made by the tests (and the `coach` processes they start) keep their JSON log lines off
# stderr even when they are not testing apps; the tests read the log records instead
# (tests/web/test_logs.py turns the stderr handler on where that is what it checks).
os.environ.setdefault("COACH_LOG_STDERR", "false")


def share_url_builders() -> None:
    """Compile each URL-builder function once per test session, not once per app.

    The function Werkzeug generates for a rule depends only on the rule's parsed parts (its
    `_trace`), its defaults and whether unknown arguments are appended; it reads the
    converters through `self` when called, and is bound to each rule afresh. A wrong builder
    would break every `url_for` in the suite loudly, not quietly. Left alone if a Werkzeug
    release renames what this relies on."""
    compile_builder = getattr(Rule, "_compile_builder", None)
    if compile_builder is None or getattr(compile_builder, "shared", False):
        return
    builders: dict[tuple, object] = {}

    def shared(self: Rule, append_unknown: bool = True):
        key = (tuple(self._trace), repr(sorted((self.defaults or {}).items())), append_unknown)
        if key not in builders:
            builders[key] = compile_builder(self, append_unknown)
        return builders[key]

    shared.shared = True  # type: ignore[attr-defined]
    Rule._compile_builder = shared  # type: ignore[method-assign]


share_url_builders()

PRODUCTION_HASHER = passwords.HASHER
TEST_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
passwords.HASHER = TEST_HASHER


@pytest.fixture
def production_hasher(monkeypatch: pytest.MonkeyPatch) -> PasswordHasher:
    """The app's own Argon2 parameters, for this test only."""
    monkeypatch.setattr(passwords, "HASHER", PRODUCTION_HASHER)
    return PRODUCTION_HASHER


@pytest.fixture(scope="session")
def full_engine() -> Engine:
    return load_engine()


@pytest.fixture(scope="session")
def rules_engine() -> Engine:
    """The rules alone, without the learned second opinion that weighs their verdicts last."""
    from coach.analysis.verdict_training import engine_without_second_opinion

    return engine_without_second_opinion()


@pytest.fixture
def engine(request: pytest.FixtureRequest) -> Engine:
    """The engine as users get it; for a test module that sets RULES_ONLY = True (it pins
    what the rules read from a goal's structure), the rules alone."""
    if getattr(request.module, "RULES_ONLY", False):
        return request.getfixturevalue("rules_engine")
    return request.getfixturevalue("full_engine")
