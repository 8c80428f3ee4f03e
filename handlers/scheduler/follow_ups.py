"""Diagnosis follow-ups: on a concluded diagnosis's follow-up date, a DM to the manager who
concluded it (``salesbot.follow_up``), sent by the scheduler's tick in the same pass as the
training reminders, exactly once.

Per workspace with a follow-up due, one read transaction works out which are due now: from the
follow-up date, in the manager's working hours on a working day in their own timezone
(``salesbot.follow_up.is_due``), and builds each message; then each is claimed by a conditional
UPDATE of its ``follow_up_sent_at`` (committed) and only the runner whose UPDATE matched sends
it. A failed DM is logged and not retried: a reminder missing beats two.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from slack_sdk import WebClient

from handlers.blocks.diagnosis import build_follow_up
from handlers.respond import Reply
from handlers.runtime import Services
from handlers.scheduler.posting import ChannelPacer, post_dm
from salesbot import follow_up
from salesbot.cadences import zone
from salesbot.i18n import Formatter
from salesbot.people import language_of
from salesbot.workdays import workdays_of
from storage.diagnosis import claim_follow_up, workspaces_with_follow_ups

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class _FollowUp:
    diagnosis_id: int
    user_id: str
    reply: Reply

    @property
    def label(self) -> str:
        return f"follow-up {self.diagnosis_id}@{self.user_id}"


class FollowUpReminders:
    def __init__(self, services: Services, *, pacer: ChannelPacer | None = None) -> None:
        self.services = services
        self.engine = services.engine
        self.pacer = pacer or ChannelPacer()

    def run(self, now: datetime) -> list[str]:
        """Sends the follow-ups due at ``now``; their labels."""
        sent = []
        # A day ahead of UTC covers every timezone's date; ``is_due`` decides in each manager's.
        for team_id in workspaces_with_follow_ups(self.engine, (now + timedelta(days=1)).date()):
            try:
                due = self.due(team_id, now)
                client = self.services.client_for(team_id) if due else None  # its own token
            except Exception:
                logger.exception("diagnosis follow-ups of team %s could not be worked out", team_id)
                continue
            sent += [item.label for item in due if self._send(item, client, at=now)]
        return sent

    def due(self, team_id: str, now: datetime) -> list[_FollowUp]:
        with self.services.store(team_id) as store:
            workspace = store.workspace
            workdays = workdays_of(workspace)
            found = []
            for diagnosis in store.follow_ups_due((now + timedelta(days=1)).date()):
                manager = store.person(diagnosis.concluded_by_id) if diagnosis.concluded_by_id else None
                if manager is None or manager.deleted or manager.is_bot:
                    continue
                local = now.astimezone(zone(manager.timezone or workspace.timezone))
                if not follow_up.is_due(diagnosis, local.replace(tzinfo=None), workdays):
                    continue
                fmt = Formatter(language_of(manager, workspace.locale), workspace.currency)
                follow = follow_up.follow_up(store, diagnosis, today=local.date())
                owner_ids = [a.owner_id for a in follow.actions if a.owner_id]
                owners = {pid: p.slack_user_id for pid, p in store.people_by_ids(owner_ids).items()}
                found.append(
                    _FollowUp(
                        diagnosis.id, manager.slack_user_id, build_follow_up(fmt, follow, owners=owners)
                    )
                )
            return found

    def _send(self, item: _FollowUp, client: WebClient, *, at: datetime | None = None) -> bool:
        """Claims ``item`` and, if this runner's claim went in, sends it; True when sent."""
        if not claim_follow_up(self.engine, item.diagnosis_id, at=at or self.services.clock.now()):
            return False  # another runner has it, or it went out before
        return post_dm(client, self.pacer, item.user_id, item.reply, item.label) is None
