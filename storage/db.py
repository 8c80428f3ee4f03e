"""One engine per process, from DATABASE_URL; a session per request or job."""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from sqlalchemy import event, text
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlmodel import Session, create_engine, select

logger = logging.getLogger(__name__)

T = TypeVar("T")


class DatabaseUrlError(ValueError):
    pass


class DatabaseDown(Exception):
    """The database could not be reached before a request was under way (its installation read,
    its work queued): said to the person as such, not as a missing installation or a fault."""


def normalise_url(url: str) -> str:
    """Accept the ``postgres://`` and ``postgresql://`` forms hosts hand out; use psycopg 3."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseUrlError(f"DATABASE_URL is not a database URL: {exc}") from None
    if parsed.drivername in ("postgres", "postgresql"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    elif parsed.drivername not in ("sqlite", "sqlite+pysqlite", "postgresql+psycopg"):
        raise DatabaseUrlError(
            f"DATABASE_URL uses {parsed.drivername!r}; salesbot supports sqlite:/// and postgresql://"
        )
    return parsed.render_as_string(hide_password=False)


def make_engine(url: str) -> Engine:
    url = normalise_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 15})
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)
    return engine


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL lets the web app read while the scheduler writes; SQLite enforces foreign
    # keys only when asked; the busy timeout waits for a writer instead of failing.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A transaction: committed when the block ends, rolled back whole when it raises."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def run_alone(engine: Engine, call: Callable[[Connection], T]) -> T:
    """``call`` with a connection for one statement that commits by itself, in one round trip:
    on PostgreSQL from a pool of ``engine``'s own in autocommit that skips the ping before each
    use (a round trip saved on paths run before an ack); a connection found dead (the server
    restarted) is replaced and ``call`` made once more. On SQLite, a transaction of ``engine``'s."""
    if engine.dialect.name != "postgresql":
        with engine.begin() as connection:
            return call(connection)
    alone = _autocommit_engine(engine)
    try:
        with alone.connect() as connection:
            return call(connection)
    except DBAPIError as error:
        if not error.connection_invalidated:
            raise
    with alone.connect() as connection:  # the dead connection is replaced: once more
        return call(connection)


_AUTOCOMMIT_ENGINES: weakref.WeakKeyDictionary[Engine, Engine] = weakref.WeakKeyDictionary()
_AUTOCOMMIT_LOCK = threading.Lock()


def _autocommit_engine(engine: Engine) -> Engine:
    with _AUTOCOMMIT_LOCK:
        found = _AUTOCOMMIT_ENGINES.get(engine)
        if found is None:
            found = create_engine(
                engine.url, isolation_level="AUTOCOMMIT", pool_size=2, max_overflow=8, pool_pre_ping=False
            )
            _AUTOCOMMIT_ENGINES[engine] = found
        return found


def insert_unless_present(session: Session, model: type, values: dict, *, unique: list[str]) -> bool:
    """Inserts a row unless one with the same ``unique`` columns exists; True when it inserted.

    One statement that a concurrent insert of the same row cannot fail (``ON CONFLICT DO
    NOTHING`` on both backends): two first requests from one person racing each other both go on.
    """
    insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = (
        insert(model).values(**values).on_conflict_do_nothing(index_elements=unique).returning(model.id)
    )
    # A row comes back only when this statement inserted it (rowcount is not reliable here).
    return session.connection().execute(statement).first() is not None


def team_ids_where(engine: Engine, *conditions) -> list[str]:
    """The Slack team ids of the installed workspaces meeting ``conditions`` (on ``Workspace``,
    typically ``Workspace.id.in_(select(Model.workspace_id).where(…))``), in a stable order: where
    each scheduled job finds the workspaces it has work in. A workspace that uninstalled is left
    out: it has no token to send with (its data waits for the grace period, then goes)."""
    from storage.models import Workspace  # storage.models imports this module

    with session_scope(engine) as session:
        query = select(Workspace.slack_team_id).where(Workspace.uninstalled_at.is_(None), *conditions)
        return list(session.exec(query.order_by(Workspace.id)).all())


def connection_lost(error: BaseException) -> bool:
    """Whether ``error`` is the database going away (a restart, a network cut), not a fault of
    the request: the pool drops such connections and the next request finds a fresh one."""
    return isinstance(error, OperationalError) or (
        isinstance(error, DBAPIError) and bool(error.connection_invalidated)
    )


def database_answers(engine: Engine) -> bool:
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except Exception:
        logger.warning("database health check failed", exc_info=True)
        return False
