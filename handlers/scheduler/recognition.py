"""The period-end top-performer announcement, sent by the scheduler's tick: for each workspace
with an announcement channel, when its last period is due to be announced in the workspace's
local time (``salesbot.recognition.announcement_due``: from 09:00 on the first working day after
the period), it is claimed once per workspace and period and posted (``handlers.recognition.
announce``), so several scheduler processes, and an admin's *Post now*, post it once."""

from __future__ import annotations

import logging
from datetime import datetime

from handlers.recognition import announce
from handlers.runtime import Services
from salesbot import recognition
from salesbot.cadences import zone
from salesbot.workdays import workdays_of
from storage.recognition import workspaces_with_announcement_channel

logger = logging.getLogger(__name__)


class PeriodAnnouncements:
    def __init__(self, services: Services, name: str) -> None:
        self.services, self.name = services, name

    def run(self, now: datetime) -> list[str]:
        """Posts the announcements due at ``now``; their labels (``team@period``)."""
        posted = []
        for team_id in workspaces_with_announcement_channel(self.services.engine):
            try:
                with self.services.store(team_id) as store:
                    workspace = store.workspace
                    local = now.astimezone(zone(workspace.timezone)).replace(tzinfo=None)
                    period = recognition.announcement_due(store, local, workdays_of(workspace))
                    if period is None or store.announcement_status(period.key) is not None:
                        continue
                client = self.services.client_for(team_id)  # the workspace's own token
                if announce(self.services, client, team_id, period, claimed_by=self.name) == "posted":
                    posted.append(f"{team_id}@{period.key}")
            except Exception:
                logger.exception("the announcement of team %s failed", team_id)
        return posted
