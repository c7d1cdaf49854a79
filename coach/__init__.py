"""PIP Coach: write and follow Performance Improvement Plans with SMART goals."""

__version__ = "0.1.0"

from coach.web import create_app  # noqa: E402  (the app factory, as `coach.create_app`)
