"""Engine settings that must hold on every connection."""

from __future__ import annotations

import sqlite3

from sqlalchemy import Engine, event


def _on_connect(dbapi_connection, connection_record) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    # WAL lets readers go on while a reviewer saves; foreign keys are off by default in SQLite.
    # The busy timeout comes from the driver's `timeout` connect argument (see config).
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def init_app(app) -> None:
    """Apply the SQLite pragmas to every new connection (a no-op on PostgreSQL)."""
    if not event.contains(Engine, "connect", _on_connect):
        event.listen(Engine, "connect", _on_connect)


# Created by migrations with SQL the models cannot express (full-text search):
# schema comparison leaves them out.
SEARCH_SCHEMA_NAMES = frozenset({"articles_fts", "ix_articles_fts", "search_vector"})


def include_name(name: str | None, type_: str, parent_names: dict) -> bool:
    """Alembic filter: compare everything but the full-text search objects."""
    if name is None:
        return True
    return not (name in SEARCH_SCHEMA_NAMES or name.startswith("articles_fts_"))
