"""SQLite runs with WAL, foreign keys and a busy timeout."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from factcheck.extensions import db


def test_sqlite_pragmas(app) -> None:
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite only")
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 15000


def test_foreign_keys_are_enforced(app) -> None:
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError):
        db.session.execute(
            text(
                "INSERT INTO segments (article_id, kind, start_offset, end_offset, text, origin,"
                " created_at) VALUES (9999, 'claim', 0, 1, 'x', 'auto', CURRENT_TIMESTAMP)"
            )
        )
        db.session.flush()
    db.session.rollback()
