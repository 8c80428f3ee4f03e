"""The queue of work after an ack (``SALESBOT_WORK_QUEUE=on``): web processes put acknowledged
requests in, work processes (``python bot.py work``) take them out.

- **Put**: one row per request, committed before the ack goes; on PostgreSQL the same
  transaction sends ``NOTIFY salesbot_work``, so a waiting work process wakes at once.
- **Take**: a conditional UPDATE sets a lease (``taken_until``) on the oldest job nobody holds:
  ``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so processes taking at once each get their own;
  SQLite's single writer does the same. The holder renews the lease while it works.
- **Done**: the row is deleted in the work's own transaction (``finish_running``, called where
  the work commits), and again, harmlessly, when the work returns. A process that dies mid-job
  leaves the row with a lease that runs out: another process takes it and does the work, unless
  it had committed, in which case the row went with the commit and nothing is done twice.
"""

from __future__ import annotations

import contextvars
import json
import logging
import threading
import weakref
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, insert, or_, select, update
from sqlalchemy.engine import Engine
from sqlmodel import Session

from storage.db import run_alone, session_scope
from storage.models import WorkJob

logger = logging.getLogger(__name__)

CHANNEL = "salesbot_work"
# A job whose process stopped renewing its lease for this long is taken again.
LEASE_SECONDS = 5.0
# A job taken this many times is dropped (logged): its request kills whatever runs it.
MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class Job:
    id: int
    team_id: str
    body: dict
    queued_at: datetime
    attempts: int


# One statement, one round trip, in autocommit: the row and its NOTIFY. Written as text because
# it runs before every ack that queues: SQLAlchemy's statement and cache key cost more than the
# round trip.
_PUT_POSTGRESQL = (
    "WITH queued AS (INSERT INTO work_job (team_id, body, queued_at, attempts) "
    "VALUES (%(team_id)s, %(body)s, %(queued_at)s, 0) RETURNING id) "
    f"SELECT id, pg_notify('{CHANNEL}', '') FROM queued"
)


def put(engine: Engine, team_id: str, body: dict) -> int:
    """Queues an acknowledged request (``body`` as Bolt parsed it); committed when this returns.

    This runs before every ack that queues, so it is one statement in one round trip
    (``storage.db.run_alone``)."""
    kept = {key: value for key, value in body.items() if key != "token"}  # Slack's legacy token
    values = {
        "team_id": team_id or "",
        "body": json.dumps(kept, separators=(",", ":")),
        "queued_at": datetime.now(UTC),
    }
    if engine.dialect.name == "postgresql":
        job_id = run_alone(
            engine, lambda connection: connection.exec_driver_sql(_PUT_POSTGRESQL, values).scalar_one()
        )
    else:
        statement = insert(WorkJob).values(attempts=0, **values).returning(WorkJob.id)
        job_id = run_alone(engine, lambda connection: connection.execute(statement).scalar_one())
    for wakeups in list(_IN_THIS_PROCESS):  # a taker in this same process (the test suite's)
        wakeups.nudge()
    return job_id


def take(engine: Engine, *, lease_seconds: float = LEASE_SECONDS) -> Job | None:
    """The oldest job nobody holds (never taken, or its lease run out), now leased to the
    caller; None when there is none. A job taken ``MAX_ATTEMPTS`` times already is deleted,
    logged, and the next one taken instead."""
    while True:
        now = datetime.now(UTC)
        free = or_(WorkJob.taken_until.is_(None), WorkJob.taken_until < now)
        if engine.dialect.name == "sqlite":
            # A read first: an empty queue, asked every 50 ms, then takes no write lock (which
            # would hold up the app's own writes: SQLite has one writer at a time).
            with engine.connect() as connection:
                if connection.execute(select(WorkJob.id).where(free).limit(1)).first() is None:
                    return None
        oldest_free = (
            select(WorkJob.id)
            .where(free)
            .order_by(WorkJob.id)
            .limit(1)
            .with_for_update(skip_locked=True)
            .scalar_subquery()
        )
        statement = (
            update(WorkJob)
            .where(WorkJob.id == oldest_free)
            .values(taken_until=now + timedelta(seconds=lease_seconds), attempts=WorkJob.attempts + 1)
            .returning(WorkJob.id, WorkJob.team_id, WorkJob.body, WorkJob.queued_at, WorkJob.attempts)
        )
        row = run_alone(engine, lambda connection, statement=statement: connection.execute(statement).first())
        if row is None:
            return None
        if row.attempts <= MAX_ATTEMPTS:
            return Job(
                id=row.id,
                team_id=row.team_id,
                body=json.loads(row.body),
                queued_at=_aware(row.queued_at),
                attempts=row.attempts,
            )
        finish(engine, row.id)
        logger.error(
            "a queued request was dropped after %s attempts (job %s, team %s)",
            MAX_ATTEMPTS,
            row.id,
            row.team_id,
        )


def renew(engine: Engine, job_ids: Iterable[int], *, lease_seconds: float = LEASE_SECONDS) -> None:
    """Extends the lease of the jobs still being worked on."""
    ids = list(job_ids)
    if not ids:
        return
    statement = (
        update(WorkJob)
        .where(WorkJob.id.in_(ids))
        .values(taken_until=datetime.now(UTC) + timedelta(seconds=lease_seconds))
    )
    run_alone(engine, lambda connection: connection.execute(statement))


def finish(engine: Engine, job_id: int) -> None:
    """The job is over, whatever came of it."""
    statement = delete(WorkJob).where(WorkJob.id == job_id)
    run_alone(engine, lambda connection: connection.execute(statement))


# The job whose work this thread is doing (set by the work process around the work).
_running: contextvars.ContextVar[int | None] = contextvars.ContextVar("salesbot_running_job", default=None)


@contextmanager
def running(job_id: int) -> Iterator[None]:
    """Marks ``job_id`` as the job this thread works on, for ``finish_running``."""
    token = _running.set(job_id)
    try:
        yield
    finally:
        _running.reset(token)


def finish_running(session: Session) -> None:
    """Deletes the job this thread is working on, if any, in ``session``'s transaction: the
    work's changes and the job's end commit together. Once per job (a request's work may run
    another request inside it)."""
    job_id = _running.get()
    if job_id is None:
        return
    session.execute(delete(WorkJob).where(WorkJob.id == job_id))
    _running.set(None)


def waiting(engine: Engine) -> tuple[int, float]:
    """How many jobs are queued, and how many seconds the oldest has waited (0 when none)."""
    with session_scope(engine) as session:
        count, oldest = session.execute(select(func.count(WorkJob.id), func.min(WorkJob.queued_at))).one()
    if not count:
        return 0, 0.0
    return count, max(0.0, (datetime.now(UTC) - _aware(oldest)).total_seconds())


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # SQLite returns naive UTC


_IN_THIS_PROCESS: weakref.WeakSet[Wakeups] = weakref.WeakSet()


class Wakeups:
    """Tells the taking threads that a job may be waiting: at once on PostgreSQL (``LISTEN``
    on a connection of its own, reconnected after a restart), else every ``poll_seconds``.
    ``wait`` also returns after ``poll_seconds`` regardless, for leases that ran out."""

    def __init__(self, engine: Engine, *, poll_seconds: float = 1.0) -> None:
        self.engine = engine
        self.poll_seconds = poll_seconds if engine.dialect.name == "postgresql" else min(poll_seconds, 0.05)
        self._signal = threading.Condition()
        self._pending = 0
        self._stopped = threading.Event()
        self._listener: threading.Thread | None = None

    @property
    def listening(self) -> bool:
        """Woken by PostgreSQL's NOTIFY, one for each job queued."""
        return self._listener is not None

    def start(self) -> Wakeups:
        _IN_THIS_PROCESS.add(self)
        if self.engine.dialect.name == "postgresql":
            self._listener = threading.Thread(target=self._listen, name="salesbot-work-listen", daemon=True)
            self._listener.start()
        return self

    def stop(self) -> None:
        _IN_THIS_PROCESS.discard(self)
        self._stopped.set()
        self.nudge(1_000)

    def nudge(self, count: int = 1) -> None:
        with self._signal:
            self._pending += count
            self._signal.notify(count)

    def wait(self) -> None:
        with self._signal:
            if self._pending == 0:
                self._signal.wait(self.poll_seconds)
            self._pending = max(0, self._pending - 1)

    def _listen(self) -> None:
        import psycopg

        url = self.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        while not self._stopped.is_set():
            try:
                with psycopg.connect(url, autocommit=True) as connection:
                    connection.execute(f"LISTEN {CHANNEL}")
                    self.nudge()  # jobs queued while not listening
                    while not self._stopped.is_set():
                        # Each as it arrives; the timeout only lets the loop see a stop.
                        for _ in connection.notifies(timeout=1.0):
                            self.nudge()
            except Exception as error:
                logger.warning("listening for queued work failed (%s); trying again", type(error).__name__)
                self._stopped.wait(1.0)
