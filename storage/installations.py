"""Installations for many workspaces: Bolt's installation store on salesbot's database, and a
workspace's life after it uninstalls salesbot.

The tokens live in slack_sdk's own tables (``slack_installations``, ``slack_bots``; defined in
``storage.models``, created by migration 0019, never by ``create_tables()``). An uninstall deletes
them at once and marks the workspace (``workspace.uninstalled_at``); a reinstall within the grace
period clears the mark and finds the data as it was; after it, ``delete_expired_workspaces``
deletes the workspace row, and every table's ``ON DELETE CASCADE`` takes its data with it.
"""

from __future__ import annotations

import logging
from datetime import datetime

from slack_sdk.oauth.installation_store.models.installation import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from sqlalchemy import delete, or_, select, update
from sqlalchemy.engine import Engine

from storage.db import session_scope
from storage.models import SLACK_BOTS, SLACK_INSTALLATIONS, Workspace, utcnow
from storage.store import get_or_create_workspace

logger = logging.getLogger(__name__)


class InstallationStore(SQLAlchemyInstallationStore):
    """slack_sdk's SQLAlchemy store on salesbot's tables; saving an installation (a first install
    or a reinstall) also makes sure its workspace exists and is no longer marked uninstalled."""

    def __init__(self, client_id: str, engine: Engine) -> None:
        super().__init__(client_id=client_id, engine=engine)
        # The very Table objects the migrations know (storage.models), not copies.
        self.installations, self.bots = SLACK_INSTALLATIONS, SLACK_BOTS

    def save(self, installation: Installation) -> None:
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
