"""PIP Coach: write and follow Performance Improvement Plans with SMART goals."""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    """`coach.create_app`, imported on first use so `coach.analysis` never pulls in Flask."""
    if name == "create_app":
        from coach.web import create_app

        return create_app
    raise AttributeError(f"module 'coach' has no attribute {name!r}")
