"""The analysis engine as the web app sees it: one per process, reached through `get_engine()`.

Loading the engine (spaCy pipeline plus compiled rules) takes seconds, so it happens once, on
first use or when `coach serve` warms the app up before forking its workers (which then share
the loaded pipeline's memory). Config: `RULES_DIR` (default: the repository's `rules/`) and
`RULE_OVERRIDES` (`{rule_id: {"enabled": false}}` or `{"severity": "info"}`).
`get_issue_types()` gives the issue types the context form offers, read once from the rules.
"""

from __future__ import annotations

import threading
from pathlib import Path

from flask import Flask, current_app

from coach.analysis import Engine, load_engine
from coach.analysis.engine import DEFAULT_RULES_DIR

EXTENSION_KEY = "coach.engine"
ISSUE_TYPES_KEY = "coach.issue_types"
_load_lock = threading.Lock()


def init_app(app: Flask, engine: Engine | None = None) -> None:
    """Register the engine slot on `app`; pass `engine` to use an already loaded one."""
    app.extensions[EXTENSION_KEY] = engine
    app.extensions[ISSUE_TYPES_KEY] = None


def get_engine(app: Flask | None = None) -> Engine:
    """The app's engine, loaded on first call (thread-safe: the dev server is threaded)."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    engine = app.extensions.get(EXTENSION_KEY)
    if engine is None:
        with _load_lock:
            engine = app.extensions.get(EXTENSION_KEY)
            if engine is None:
                engine = app.extensions[EXTENSION_KEY] = load_engine(
                    rules_dir=rules_dir(app), overrides=app.config.get("RULE_OVERRIDES")
                )
    return engine


def get_issue_types(app: Flask | None = None) -> dict[str, str]:
    """Issue type id -> label (capitalised), in the rules' order; {} when none are defined."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    issue_types = app.extensions.get(ISSUE_TYPES_KEY)
    if issue_types is None:
        issue_types = app.extensions[ISSUE_TYPES_KEY] = read_issue_types(app)
    return issue_types


def read_issue_types(app: Flask) -> dict[str, str]:
    if not get_engine(app).issue_type_cues:
        return {}
    from coach.resources import load_issue_types

    return {
        issue_id: issue.label[:1].upper() + issue.label[1:]
        for issue_id, issue in load_issue_types(rules_dir(app)).items()
    }


def rules_dir(app: Flask) -> Path:
    return Path(app.config.get("RULES_DIR") or DEFAULT_RULES_DIR)
