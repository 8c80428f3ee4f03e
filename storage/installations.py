"""Installations for many workspaces: Bolt's installation store on salesbot's database, and a
workspace's life after it uninstalls salesbot.

The tokens live in slack_sdk's own tables (``slack_installations``, ``slack_bots``; defined in
``storage.models``, created by migration 0019, never by ``create_tables()``). An uninstall deletes
them at once and marks the workspace (``workspace.uninstalled_at``); a reinstall within the grace
period clears the mark and finds the data as it was; after it, ``delete_expired_workspaces``
deletes the workspace row, and every table's ``ON DELETE CASCADE`` takes its data with it.

With token rotation on (the app's setting at api.slack.com), a bot token expires after 12 hours
and is renewed with a refresh token that works once. ``find_bot`` renews a token that is about to
expire, under a lock across threads and processes: two requests (or a request and the scheduler)
renewing at the same moment would spend the refresh token twice, and the second would fail.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from time import time

from slack_sdk.errors import SlackClientError, SlackTokenRotationError
from slack_sdk.oauth.installation_store.models.bot import Bot
from slack_sdk.oauth.installation_store.models.installation import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.token_rotation import TokenRotator
from sqlalchemy import delete, or_, select, text, update
from sqlalchemy.engine import Engine

from storage.db import session_scope
from storage.leader import advisory_key
from storage.models import SLACK_BOTS, SLACK_INSTALLATIONS, Workspace, utcnow
from storage.store import get_or_create_workspace

try:  # POSIX only
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None

logger = logging.getLogger(__name__)

# An in-memory SQLite database lives in one process: a lock in that process is enough.
_IN_PROCESS_ROTATION = threading.Lock()

# How long a process answers "which token for this workspace" from memory. Bolt asks before every
# ack, and under load the answer's database round trips (the pooled connection's ping, the query,
# the rollback on its return) were a good part of an ack's time. Every change to the tokens made
# in this process (a save, a renewal, an uninstall) forgets them all at once; another process
# forgets within these seconds, which is safe: Slack sends nothing for a workspace that
# uninstalled, and a renewed token's predecessor works until it expires. A token about to expire
# is never answered from memory: it goes the renewing way, under the lock.
FOUND_SECONDS = 5.0
_generation = [0]


def _forget_found_tokens() -> None:
    _generation[0] += 1


class InstallationStore(SQLAlchemyInstallationStore):
    """slack_sdk's SQLAlchemy store on salesbot's tables; saving an installation (a first install
    or a reinstall) also makes sure its workspace exists and is no longer marked uninstalled.

    With a ``rotator`` (slack_sdk's ``TokenRotator``), ``find_bot`` returns a rotating bot token
    renewed first when it expires within ``rotate_minutes``; Bolt's authorize and the scheduler
    (``Services.client_for``) both find their tokens here, so this is where tokens are renewed."""

    def __init__(
        self,
        client_id: str,
        engine: Engine,
        *,
        rotator: TokenRotator | None = None,
        rotate_minutes: int = 120,
    ) -> None:
        super().__init__(client_id=client_id, engine=engine)
        # The very Table objects the migrations know (storage.models), not copies.
        self.installations, self.bots = SLACK_INSTALLATIONS, SLACK_BOTS
        self.rotator = rotator
        self.rotate_minutes = rotate_minutes
        self._found: dict[tuple, tuple[float, int, Bot | None]] = {}

    def find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        """The workspace's bot token, from memory for ``FOUND_SECONDS`` unless it is about to expire."""
        key = (enterprise_id, team_id, bool(is_enterprise_install))
        now = time()
        remembered = self._found.get(key)
        if remembered is not None:
            until, generation, bot = remembered
            if now < until and generation == _generation[0] and bot is not None and not self._expiring(bot):
                return bot
        generation = _generation[0]
        bot = self._find_or_renew_bot(
            enterprise_id=enterprise_id, team_id=team_id, is_enterprise_install=is_enterprise_install
        )
        if bot is not None:
            self._found[key] = (now + FOUND_SECONDS, generation, bot)
        return bot

    def save(self, installation: Installation) -> None:
        _forget_found_tokens()
        self._save(installation)

    def save_bot(self, bot: Bot) -> None:
        _forget_found_tokens()
        super().save_bot(bot)

    def delete_bot(self, **kwargs) -> None:
        _forget_found_tokens()
        super().delete_bot(**kwargs)

    def delete_installation(self, **kwargs) -> None:
        _forget_found_tokens()
        super().delete_installation(**kwargs)

    def _find_or_renew_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        def latest() -> Bot | None:
            return super(InstallationStore, self).find_bot(
                enterprise_id=enterprise_id, team_id=team_id, is_enterprise_install=is_enterprise_install
            )

        bot = latest()
        if bot is None or self.rotator is None or not self._expiring(bot):
            return bot
        # Named by the row (an org-wide install's has no team), whoever asks for it.
        whose = bot.team_id or f"enterprise {bot.enterprise_id}"
        with rotation_lock(self.engine, f"{self.client_id}/{bot.enterprise_id}/{bot.team_id}"):
            bot = latest()  # another thread or process may have renewed it while this one waited
            if bot is None or not self._expiring(bot):
                return bot
            try:
                renewed = self.rotator.perform_bot_token_rotation(
                    bot=bot, minutes_before_expiration=self.rotate_minutes
                )
            except (SlackTokenRotationError, SlackClientError, OSError) as error:
                # Slack refused, or could not be reached: the token may still have an hour or
                # two, and the next use tries again.
                api_error = getattr(error, "api_error", None)
                logger.warning(
                    "renewing the bot token of %s failed (%s); the current one is used while it lasts",
                    whose,
                    api_error.response.get("error") if api_error is not None else type(error).__name__,
                )
                return bot
            if renewed is None:
                return bot
            self.save_bot(renewed)
        logger.info("renewed the bot token of %s (token rotation)", whose)
        return renewed

    def _expiring(self, bot: Bot) -> bool:
        return (
            bool(bot.bot_refresh_token)
            and bot.bot_token_expires_at is not None
            and bot.bot_token_expires_at <= time() + self.rotate_minutes * 60
        )

    def _save(self, installation: Installation) -> None:
        super().save(installation)
        if installation.team_id:
            with session_scope(self.engine) as session:
                get_or_create_workspace(
                    session, slack_team_id=installation.team_id, enterprise_id=installation.enterprise_id
                )
        reinstalled = mark_installed(
            self.engine, team_id=installation.team_id, enterprise_id=installation.enterprise_id
        )
        if reinstalled:
            logger.info("reinstalled within the grace period: %s keep their data", ", ".join(reinstalled))


def _matching(team_id: str | None, enterprise_id: str | None):
    """The workspaces an installation covers: its team, or every team of an org-wide install."""
    if team_id:
        return Workspace.slack_team_id == team_id
    return Workspace.enterprise_id == enterprise_id


def mark_uninstalled(engine: Engine, *, team_id: str | None, enterprise_id: str | None, at: datetime) -> int:
    """Marks the workspace (or an org-wide install's workspaces) uninstalled at ``at``; how many.
    An earlier mark stands: the grace period runs from the first uninstall."""
    if not (team_id or enterprise_id):
        return 0
    with session_scope(engine) as session:
        result = session.execute(
            update(Workspace)
            .where(_matching(team_id, enterprise_id), Workspace.uninstalled_at.is_(None))
            .values(uninstalled_at=at, updated_at=utcnow())
        )
        return result.rowcount or 0


def mark_installed(engine: Engine, *, team_id: str | None, enterprise_id: str | None) -> list[str]:
    """Clears the uninstall mark of the workspace(s) an installation covers; their team ids."""
    if not (team_id or enterprise_id):
        return []
    with session_scope(engine) as session:
        marked = (
            session.execute(
                select(Workspace.slack_team_id).where(
                    _matching(team_id, enterprise_id), Workspace.uninstalled_at.is_not(None)
                )
            )
            .scalars()
            .all()
        )
        if marked:
            session.execute(
                update(Workspace)
                .where(Workspace.slack_team_id.in_(marked))
                .values(uninstalled_at=None, updated_at=utcnow())
            )
        return list(marked)


def delete_expired_workspaces(engine: Engine, *, uninstalled_before: datetime) -> list[str]:
    """Deletes the workspaces uninstalled before ``uninstalled_before``, with all their data (the
    foreign keys cascade) and any token left; their team ids. Safe to run in several processes."""
    with session_scope(engine) as session:
        expired = (
            session.execute(
                select(Workspace.slack_team_id).where(
                    Workspace.uninstalled_at.is_not(None), Workspace.uninstalled_at < uninstalled_before
                )
            )
            .scalars()
            .all()
        )
        if not expired:
            return []
        session.execute(delete(Workspace).where(Workspace.slack_team_id.in_(expired)))
        for table in (SLACK_INSTALLATIONS, SLACK_BOTS):
            session.execute(delete(table).where(table.c.team_id.in_(expired)))
    return list(expired)


def delete_tokens(engine: Engine, *, team_id: str | None, enterprise_id: str | None) -> None:
    """Deletes every stored token (bot and users') of a workspace, or of an org-wide install."""
    _forget_found_tokens()
    with engine.begin() as connection:
        for table in (SLACK_INSTALLATIONS, SLACK_BOTS):
            if team_id:
                connection.execute(delete(table).where(table.c.team_id == team_id))
            else:
                connection.execute(
                    delete(table).where(
                        table.c.enterprise_id == enterprise_id,
                        or_(table.c.team_id.is_(None), table.c.is_enterprise_install.is_(True)),
                    )
                )


@contextmanager
def rotation_lock(engine: Engine, name: str) -> Iterator[None]:
    """Held by one thread of one process at a time, per ``name``: a PostgreSQL transaction
    advisory lock (any pooler mode keeps it), or on SQLite, whose processes share one machine,
    an exclusive ``flock`` on a file beside the database."""
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": advisory_key(name)})
            yield
        return
    database = engine.url.database
    if fcntl is None or not database or database == ":memory:" or database.startswith("file:"):
        with _IN_PROCESS_ROTATION:
            yield
        return
    # One file for every workspace: tokens are renewed twice a day each, briefly.
    with open(Path(database).with_name(Path(database).name + ".tokens.lock"), "a") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)  # separate opens exclude each other, threads too
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
