"""The migrations build exactly the tables the models describe, on SQLite and PostgreSQL: a
model changed without its migration (or two migrations merged in the wrong order) fails here."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

import storage.models  # noqa: F401  (the tables)
from storage.migrate import alembic_config


def test_the_migrated_schema_is_the_models_schema(db):
    with db.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == []


def test_the_migrations_are_one_line_of_history(db):
    script = ScriptDirectory.from_config(alembic_config(db))
    assert len(script.get_heads()) == 1
