"""Which scheduler process is the one that posts digests.

APScheduler's rule is one active scheduler per job store; salesbot may run several scheduler
processes (gunicorn workers with the in-process scheduler, a ``clock`` process, a second
host), so they elect a leader through the database:

- PostgreSQL: a session-level advisory lock (``pg_try_advisory_lock``) taken on a dedicated
  connection that is held, idle and in autocommit, for as long as the process leads. When the
  process dies its connection closes and PostgreSQL releases the lock; another process takes
  it at its next try (every scheduler interval), so within a minute. The connection must reach
  PostgreSQL itself or a session-mode pooler: a transaction-mode pooler cannot hold the lock.
- SQLite: every process is on the same machine, so an exclusive ``flock`` on a file beside
  the database does the same: the kernel releases it when the holder exits. (An in-memory
  database, or a system without ``fcntl``, has one process by nature: it always leads.)

Leadership only decides who looks for due digests. Posting exactly once does not rest on it:
each occurrence is claimed under a unique key first (``storage.digests.claim_occurrence``), so
even two leaders for a moment would not post a digest twice.
"""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import NullPool

try:  # POSIX only
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None

logger = logging.getLogger(__name__)

LOCK_NAME = "salesbot-digest-scheduler"
# TCP keepalives on both ends of the lock's connection: if a leader's host vanishes without
# closing it (a network split, a frozen VM), PostgreSQL drops the session, and so the lock,
# within about half a minute instead of the kernel's default two hours. (The server-side ones
# are ordinary per-session settings, passed as connection options.)
KEEPALIVES = {
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 5,
    "keepalives_count": 3,
    "options": "-c tcp_keepalives_idle=10 -c tcp_keepalives_interval=5 -c tcp_keepalives_count=3",
}


def advisory_key(name: str) -> int:
    """A stable signed 64-bit key for ``pg_try_advisory_lock`` from a readable name."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


class LeaderElection:
    """``is_leader()`` is True while this process holds the lock; it tries to take it when not."""

    def __init__(self, engine: Engine, *, name: str = LOCK_NAME) -> None:
        self.name = name
        self._engine = engine
        self._backend = engine.dialect.name
        self._connection: Connection | None = None
        self._lock_engine: Engine | None = None
        self._file = None

    def is_leader(self) -> bool:
        """Checks the held lock is still alive, or tries to take it; never raises."""
        try:
            if self._backend == "postgresql":
                return self._postgres()
            if self._backend == "sqlite":
                return self._sqlite()
        except Exception:
            logger.warning("leader election failed; will try again", exc_info=True)
            self.release()
            return False
        return True  # another database: one scheduler process is the operator's job

    def release(self) -> None:
        if self._connection is not None:
            try:
                self._connection.close()
            except Exception:
                logger.debug("closing the leader connection failed", exc_info=True)
            self._connection = None
            logger.info("scheduler leadership released")
        if self._lock_engine is not None:
            self._lock_engine.dispose()
            self._lock_engine = None
        if self._file is not None:
            self._file.close()  # closing the descriptor releases the flock
            self._file = None
            logger.info("scheduler leadership released")

    # -- PostgreSQL --------------------------------------------------------------------------
    def _postgres(self) -> bool:
        if self._connection is not None:
            try:
                self._connection.execute(text("SELECT 1"))
                return True
            except Exception:
                # The connection died (database restart, network): so did the lock.
                logger.warning("lost the scheduler leader lock with its database connection")
                self.release()
        if self._lock_engine is None:
            # Its own connection, outside the pool: held for as long as this process leads.
            self._lock_engine = create_engine(
                self._engine.url, poolclass=NullPool, isolation_level="AUTOCOMMIT", connect_args=KEEPALIVES
            )
        connection = self._lock_engine.connect()
        got = connection.execute(
            text("SELECT pg_try_advisory_lock(:key)"), {"key": advisory_key(self.name)}
        ).scalar()
        if not got:
            connection.close()
            return False
        self._connection = connection
        logger.info("this process now runs the digest scheduler (PostgreSQL advisory lock)")
        return True

    # -- SQLite ------------------------------------------------------------------------------
    def _lock_path(self) -> Path | None:
        database = self._engine.url.database
        if fcntl is None or not database or database == ":memory:" or database.startswith("file:"):
            return None
        return Path(database).with_name(Path(database).name + ".scheduler.lock")

    def _sqlite(self) -> bool:
        if self._file is not None:
            return True
        path = self._lock_path()
        if path is None:
            return True
        handle = open(path, "a+")  # noqa: SIM115 (held open while leading)
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return False
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        self._file = handle
        logger.info("this process now runs the digest scheduler (lock file %s)", path)
        return True
