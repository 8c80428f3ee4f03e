"""Fixtures: a database per backend (SQLite always, PostgreSQL when reachable) and a local Slack.

Every test that asks for ``engine`` runs once on SQLite and once on PostgreSQL, each in a
fresh database brought to the newest schema by the real migrations. In CI (``CI`` set) an
unreachable PostgreSQL fails the run instead of skipping it.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from datetime import datetime

import pytest
from sqlalchemy import text
from sqlmodel import SQLModel

from localslack.workspace import LocalWorkspace
from salesbot.clock import FixedClock
from storage import models  # noqa: F401  (registers the tables for the clean-up)
from tests.scratch import postgres_unreachable, scratch_database

PG_ADMIN_DSN = os.environ.get("SALESBOT_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
# SALESBOT_TEST_WORK_QUEUE=on: every test workspace queues its work for a taker, as the web and
# work processes do with SALESBOT_WORK_QUEUE (tests/handlers/test_work_queue.py always does).
WORK_QUEUE = os.environ.get("SALESBOT_TEST_WORK_QUEUE", "").lower() in ("1", "on", "true", "yes")


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def engine(request):
    if request.param == "postgresql" and (why := postgres_unreachable(PG_ADMIN_DSN)):
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is not reachable at {PG_ADMIN_DSN} ({why}); CI runs every test on it")
        pytest.skip(f"PostgreSQL is not reachable ({why})")
    with scratch_database(request.param, admin_dsn=PG_ADMIN_DSN, prefix="salesbot_test") as engine:
        yield engine


@pytest.fixture
def db(engine):
    """The engine, emptied after the test so the next one starts clean."""
    yield engine
    with engine.begin() as connection:
        for table in reversed(SQLModel.metadata.sorted_tables):
            connection.execute(text(f'DELETE FROM "{table.name}"'))


# The people of the test workspace: an owner (admin by Slack), a manager-to-be, reps, a Norwegian.
OWNER, MANAGER, REP, REP2, NORWEGIAN = "U0OWNER", "U0MANAGER", "U0REP", "U0REP2", "U0NORSK"


@contextmanager
def local_workspace(
    db, *, at: datetime | None = None, rep2_tz: str = "America/New_York", public_url: str | None = None
):
    """salesbot wired to a fake Slack with the test people, at ``at`` (a fixed clock) or now.

    On the way out it checks that every message salesbot sent had a plain-text fallback
    (SPEC section 3)."""
    workspace = LocalWorkspace.start(
        db, clock=FixedClock(at) if at else None, public_url=public_url, work_queue=WORK_QUEUE
    )
    workspace.add_user(OWNER, "Ingrid Owner", is_owner=True, is_admin=True, tz="Europe/Oslo")
    workspace.add_user(MANAGER, "Mona Manager", tz="Europe/Oslo")
    workspace.add_user(REP, "Rita Rep", tz="Europe/Oslo")
    workspace.add_user(REP2, "Per Rep", tz=rep2_tz)
    workspace.add_user(NORWEGIAN, "Kari Nordmann", locale="nb-NO", tz="Europe/Oslo")
    try:
        yield workspace
    finally:
        workspace.stop()
    assert workspace.fake.missing_text_fallbacks() == [], "every message has a text fallback"


@pytest.fixture
def slack(db):
    """salesbot on a fresh database, wired to a fake Slack with a handful of people."""
    with local_workspace(db) as workspace:
        yield workspace
