"""Where PIP Coach finds its data and keeps its files, in a checkout and when installed alike.

The rules (`rules/`) and the templates (`templates/`) stay at the top of the repository; a wheel
carries them inside the package as `coach/rules` and `coach/templates` (pyproject.toml maps
them at build time). `rules_dir()` and `templates_dir()` give whichever exists.

The instance folder holds the SQLite database, the secret key and `config.py`. It is the same
for the web app and every `coach` command: `COACH_INSTANCE_PATH` if set, else `instance/` in a
checkout, else `<venv>/var/pip-coach` for an installed package.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
CHECKOUT_DIR = PACKAGE_DIR.parent
INSTANCE_VARIABLE = "COACH_INSTANCE_PATH"


def _data_dir(name: str) -> Path:
    packaged = PACKAGE_DIR / name
    if packaged.is_dir():
        return packaged
    return CHECKOUT_DIR / name


def rules_dir() -> Path:
    """The analyser's rules, the issue types and the resource catalogue."""
    return _data_dir("rules")


def templates_dir() -> Path:
    """The Jinja templates of the web app."""
    return _data_dir("templates")


def in_checkout() -> bool:
    """True when running from the repository (an editable install or no install at all)."""
    return not (PACKAGE_DIR / "rules").is_dir() and (CHECKOUT_DIR / "pyproject.toml").is_file()


def instance_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """The one instance folder of the web app and the CLI (not created here)."""
    chosen = environ.get(INSTANCE_VARIABLE, "").strip()
    if chosen:
        return Path(chosen).expanduser().resolve()
    if in_checkout():
        return CHECKOUT_DIR / "instance"
    return Path(sys.prefix) / "var" / "pip-coach"


def default_database_url(environ: Mapping[str, str] = os.environ) -> str:
    """The SQLite file both the web app and the CLI use unless told otherwise."""
    return f"sqlite:///{instance_dir(environ) / 'coach.sqlite3'}"
