"""The scheduler's leader lock (storage/leader.py): one leader at a time, passed on when it goes."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from storage.db import make_engine
from storage.leader import LeaderElection


def test_one_leader_at_a_time_and_the_lock_passes_on_release(db):
    other = make_engine(db.url.render_as_string(hide_password=False))
    first, second = LeaderElection(db), LeaderElection(other)
    try:
        assert first.is_leader() is True
        assert second.is_leader() is False
        assert first.is_leader() is True, "the leader keeps leading"
        first.release()
        assert second.is_leader() is True
        assert first.is_leader() is False
    finally:
        first.release()
        second.release()
        other.dispose()


def test_a_leader_whose_database_connection_dies_loses_the_lock_to_another(db):
    if db.dialect.name != "postgresql":
        pytest.skip("advisory locks are PostgreSQL's")
    other = make_engine(db.url.render_as_string(hide_password=False))
    first, second = LeaderElection(db), LeaderElection(other)
    try:
        assert first.is_leader()
        backend = first._connection.execute(text("SELECT pg_backend_pid()")).scalar()
        with db.connect() as connection:
            connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": backend})
        assert second.is_leader() is True
        assert first.is_leader() is False
    finally:
        first.release()
        second.release()
        other.dispose()
