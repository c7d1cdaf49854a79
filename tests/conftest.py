"""Shared fixtures: one analysis engine per test session (spaCy loads once)."""

from __future__ import annotations

import pytest

from coach.analysis import Engine, load_engine


@pytest.fixture(scope="session")
def engine() -> Engine:
    return load_engine()
