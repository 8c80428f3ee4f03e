"""Alembic environment: runs on the connection storage.migrate hands over.

For a new migration: ``alembic -c storage/alembic.ini revision --autogenerate -m "what"``
with DATABASE_URL pointing at a database on the newest version.
"""

import os

from alembic import context
from sqlmodel import SQLModel

from storage import db, models  # noqa: F401  (models registers the tables)

config = context.config
target_metadata = SQLModel.metadata


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _migrate(connection)
        return
    engine = db.make_engine(os.environ.get("DATABASE_URL", "sqlite:///salesbot.db"))
    with engine.begin() as connection:
        _migrate(connection)


def _migrate(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things in place; batch mode copies the table.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
