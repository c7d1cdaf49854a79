"""Storage: the tables, engines and units of work, the audit trail, migrations and backups.

The lowest layer: it imports nothing else from coach except coach.errors. SQLite by default,
PostgreSQL by URL, the same code and the same migrations.
"""

from coach.db.engine import make_engine, read_only, session_scope

__all__ = ["make_engine", "read_only", "session_scope"]
