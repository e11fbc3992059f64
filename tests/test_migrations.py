"""Alembic migrations build exactly the models' schema, and undo it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from factcheck import create_app
from factcheck.database import include_name
from factcheck.extensions import db

from .conftest import POSTGRES_URL, base_config, create_postgres_database, drop_postgres_database


@pytest.fixture
def empty_database(tmp_path: Path) -> Iterator[str]:
    if POSTGRES_URL:
        url = create_postgres_database("fc_migrations")
        yield url
        drop_postgres_database(url)
    else:
        yield f"sqlite:///{tmp_path / 'migrations.db'}"


def schema_differences() -> list:
    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_name": include_name}
        )
        return compare_metadata(context, db.metadata)


def table_names() -> set[str]:
    return set(sa.inspect(db.engine).get_table_names())


def test_upgrade_gives_the_models_schema_and_downgrade_removes_it(empty_database: str) -> None:
    app = create_app(base_config(empty_database))
    with app.app_context():
        upgrade()
        assert schema_differences() == []
        assert {t.name for t in db.metadata.sorted_tables} <= table_names()

        downgrade(revision="base")
        db.engine.dispose()
        assert table_names() <= {"alembic_version"}

        upgrade()
        assert schema_differences() == []
        db.engine.dispose()


def test_every_migration_can_be_stepped_down_and_up(empty_database: str) -> None:
    from alembic.script import ScriptDirectory

    app = create_app(base_config(empty_database))
    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config()
        revisions = list(ScriptDirectory.from_config(config).walk_revisions())
        upgrade()
        for _ in revisions:
            downgrade(revision="-1")
        assert table_names() <= {"alembic_version"}
        upgrade()
        assert schema_differences() == []
        db.engine.dispose()
