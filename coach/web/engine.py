"""The analysis engine and the resource catalogue as the web app sees them: one of each per process.

Loading the engine (spaCy pipeline plus compiled rules) takes seconds and the catalogue about
half a second, so each happens once, on first use or when `coach serve` warms the app up before
forking its workers (which then share that memory). Config: `RULES_DIR` (default: the
repository's `rules/`, which also holds the issue types and every `resources:` catalogue file)
and `RULE_OVERRIDES` (`{rule_id: {"enabled": false}}` or `{"severity": "info"}`).
`get_issue_types()` gives the issue types the context form offers, read once from the rules;
`get_catalogue()` the resource catalogue, or None when the rules define no issue types;
`preload()` loads all of it at once.
"""

from __future__ import annotations

import functools
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from flask import Flask, current_app

from coach.analysis import Engine, load_engine
from coach.analysis.engine import DEFAULT_RULES_DIR

if TYPE_CHECKING:
    from coach.resources import Catalogue

EXTENSION_KEY = "coach.engine"
ISSUE_TYPES_KEY = "coach.issue_types"
CATALOGUE_KEY = "coach.catalogue"
ISSUE_TYPES_FILE = "issue-types.yaml"
_load_lock = threading.Lock()


def init_app(app: Flask, engine: Engine | None = None) -> None:
    """Register the engine slot on `app`; pass `engine` to use an already loaded one."""
    app.extensions[EXTENSION_KEY] = engine
    app.extensions[ISSUE_TYPES_KEY] = None
    app.extensions[CATALOGUE_KEY] = None


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


def get_catalogue(app: Flask | None = None) -> Catalogue | None:
    """The resource catalogue of the app's rules folder, loaded on first call.

    None when the rules define no issue types: then the analyser page shows no suggestions and
    the resources API answers 404. A broken catalogue file raises ResourceError (`<file>: <id>:
    <reason>`); `coach serve` loads the catalogue before forking, so it refuses to start.
    """
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    if app.extensions.get(CATALOGUE_KEY) is None:
        directory = rules_dir(app)
        if not (directory / ISSUE_TYPES_FILE).exists():
            return None
        with _load_lock:
            if app.extensions.get(CATALOGUE_KEY) is None:
                app.extensions[CATALOGUE_KEY] = cached_catalogue(str(directory.resolve()))
    return app.extensions[CATALOGUE_KEY]


@functools.cache
def cached_catalogue(directory: str) -> Catalogue:
    """One catalogue per rules folder and process, shared by every app (tests make many)."""
    from coach.resources import load_catalogue

    return load_catalogue(Path(directory))


def preload(app: Flask) -> None:
    """Load everything heavy now rather than on the first request: the engine, the catalogue
    and the issue-type classifier compiled for the engine's pipeline. `coach serve` calls this
    before forking its workers."""
    engine = get_engine(app)
    catalogue = get_catalogue(app)
    if catalogue is not None:
        from coach.resources import classifier_for

        classifier_for(catalogue.issue_types, engine.nlp)


def rules_dir(app: Flask) -> Path:
    return Path(app.config.get("RULES_DIR") or DEFAULT_RULES_DIR)
