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

from handlers.blocks.diagnosis import build_follow_up
from handlers.respond import Reply
from handlers.scheduler.posting import ClaimedDMs
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


class FollowUpReminders(ClaimedDMs):
    what = "diagnosis follow-ups"

    def workspaces(self, now: datetime) -> list[str]:
        # A day ahead of UTC covers every timezone's date; ``is_due`` decides in each manager's.
        return workspaces_with_follow_ups(self.engine, (now + timedelta(days=1)).date())

    def claim(self, item: _FollowUp, at: datetime) -> bool:
        return claim_follow_up(self.engine, item.diagnosis_id, at=at)

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
