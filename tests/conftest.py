"""Fixtures: a database per backend (SQLite always, PostgreSQL when reachable) and a local Slack.

Every test that asks for ``engine`` runs once on SQLite and once on PostgreSQL, each in a
fresh database brought to the newest schema by the real migrations. In CI (``CI`` set) an
unreachable PostgreSQL fails the run instead of skipping it.
"""

from __future__ import annotations

import os
import secrets

import psycopg
import pytest
from sqlalchemy import text
from sqlmodel import SQLModel

from handlers.console.workspace import LocalWorkspace
from storage import models  # noqa: F401  (registers the tables for the clean-up)
from storage.db import make_engine
from storage.migrate import upgrade

PG_ADMIN_DSN = os.environ.get("SALESBOT_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")


def _postgres_reachable() -> bool:
    try:
        with psycopg.connect(PG_ADMIN_DSN, connect_timeout=3):
            return True
    except psycopg.Error:
        return False


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def engine(request, tmp_path_factory):
    if request.param == "sqlite":
        engine = make_engine("sqlite:///" + str(tmp_path_factory.mktemp("db") / "salesbot.db"))
        upgrade(engine)
        yield engine
        engine.dispose()
        return
    if not _postgres_reachable():
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is not reachable at {PG_ADMIN_DSN}; CI runs every test on it")
        pytest.skip("PostgreSQL is not reachable")
    name = f"salesbot_test_{secrets.token_hex(4)}"
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    engine = make_engine(PG_ADMIN_DSN.rsplit("/", 1)[0] + "/" + name)
    upgrade(engine)
    yield engine
    engine.dispose()
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def db(engine):
    """The engine, emptied after the test so the next one starts clean."""
    yield engine
    with engine.begin() as connection:
        for table in reversed(SQLModel.metadata.sorted_tables):
            connection.execute(text(f'DELETE FROM "{table.name}"'))


# The people of the test workspace: an owner (admin by Slack), a manager-to-be, reps, a Norwegian.
OWNER, MANAGER, REP, REP2, NORWEGIAN = "U0OWNER", "U0MANAGER", "U0REP", "U0REP2", "U0NORSK"


@pytest.fixture
def slack(db):
    """salesbot on a fresh database, wired to a fake Slack with a handful of people."""
    workspace = LocalWorkspace.start(db)
    workspace.add_user(OWNER, "Ingrid Owner", is_owner=True, is_admin=True, tz="Europe/Oslo")
    workspace.add_user(MANAGER, "Mona Manager", tz="Europe/Oslo")
    workspace.add_user(REP, "Rita Rep", tz="Europe/Oslo")
    workspace.add_user(REP2, "Per Rep", tz="America/New_York")
    workspace.add_user(NORWEGIAN, "Kari Nordmann", locale="nb-NO", tz="Europe/Oslo")
    yield workspace
    workspace.stop()
