"""Shared fixtures: one analysis engine per test session (spaCy loads once), and cheap password
hashing for the suite.

Argon2 at the production parameters (19 MiB, two passes) costs tens of milliseconds per hash
and per log-in; the suite hashes and logs in thousands of times. Every test therefore runs with
TEST_HASHER; a hash records its own parameters, so verifying works the same. The one test that
checks the production parameters asks for `production_hasher`. Log lines stay off stderr.
"""

from __future__ import annotations

import os

import pytest
from argon2 import PasswordHasher

from coach.analysis import Engine, load_engine
from coach.services import passwords

# Apps made by the tests (and the `coach` processes they start) keep their JSON log lines off
# stderr even when they are not testing apps; the tests read the log records instead
# (tests/web/test_logs.py turns the stderr handler on where that is what it checks).
os.environ.setdefault("COACH_LOG_STDERR", "false")

PRODUCTION_HASHER = passwords.HASHER
TEST_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
passwords.HASHER = TEST_HASHER


@pytest.fixture
def production_hasher(monkeypatch: pytest.MonkeyPatch) -> PasswordHasher:
    """The app's own Argon2 parameters, for this test only."""
    monkeypatch.setattr(passwords, "HASHER", PRODUCTION_HASHER)
    return PRODUCTION_HASHER


@pytest.fixture(scope="session")
def engine() -> Engine:
    return load_engine()
