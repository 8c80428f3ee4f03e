"""Throw-away databases for the test suite and the benchmarks: a SQLite file or a fresh
PostgreSQL database, migrated to the newest schema and removed afterwards."""

from __future__ import annotations

import secrets
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from sqlalchemy.engine import Engine

from storage.db import make_engine
from storage.migrate import upgrade


def postgres_unreachable(admin_dsn: str) -> str | None:
    """Why PostgreSQL cannot be used at ``admin_dsn``, or None when it can."""
    try:
        with psycopg.connect(admin_dsn, connect_timeout=3):
            return None
    except psycopg.Error as error:
        return str(error).strip() or type(error).__name__


@contextmanager
def scratch_database(backend: str, *, admin_dsn: str, prefix: str = "salesbot_scratch") -> Iterator[Engine]:
    """An empty database on ``backend`` ("sqlite" or "postgresql") at the newest schema.

    For PostgreSQL, ``admin_dsn`` names a server and a database to connect to while creating
    and dropping the scratch one.
    """
    if backend == "sqlite":
        folder = Path(tempfile.mkdtemp(prefix=prefix + "-"))
        engine = make_engine(f"sqlite:///{folder / 'salesbot.db'}")
        try:
            upgrade(engine)
            yield engine
        finally:
            engine.dispose()
            shutil.rmtree(folder, ignore_errors=True)
        return
    name = f"{prefix}_{secrets.token_hex(4)}"
    with psycopg.connect(admin_dsn, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    engine = make_engine(admin_dsn.rsplit("/", 1)[0] + "/" + name)
    try:
        upgrade(engine)
        yield engine
    finally:
        engine.dispose()
        with psycopg.connect(admin_dsn, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
