"""Coaching reminders: on a check-in's date, and on a plan's end date, a DM to the manager who
started the plan (``salesbot.coaching``), sent by the scheduler's tick in the same pass as the
training reminders, exactly once.

Per workspace with something due, one read transaction works out which are due now: from the
date, in the manager's working hours on a working day in their own timezone
(``coaching.check_in_due`` / ``coaching.end_due``), and builds each message; then each is
claimed by a conditional UPDATE (``reminded_at`` / ``end_reminded_at IS NULL``, committed) and
only the runner whose UPDATE matched sends it. A failed DM is logged and not retried: a reminder
missing beats two. A manager who no longer manages the person is not reminded.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from handlers.blocks.coaching import build_check_in_reminder, build_end_reminder
from handlers.respond import Reply
from handlers.scheduler.posting import ClaimedDMs
from salesbot import coaching
from salesbot.cadences import zone
from salesbot.i18n import Formatter
from salesbot.people import actor_for, language_of
from salesbot.workdays import workdays_of
from storage.coaching import claim_check_in_reminder, claim_end_reminder, workspaces_with_coaching_due

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Reminder:
    label: str
    user_id: str
    reply: Reply
    claim: Callable[[datetime], bool]


class CheckInReminders(ClaimedDMs):
    what = "coaching reminders"

    def workspaces(self, now: datetime) -> list[str]:
        # A day ahead of UTC covers every timezone's date; the rules decide in each manager's.
        return workspaces_with_coaching_due(self.engine, (now + timedelta(days=1)).date())

    def claim(self, item: _Reminder, at: datetime) -> bool:
        return item.claim(at)

    def due(self, team_id: str, now: datetime) -> list[_Reminder]:
        through = (now + timedelta(days=1)).date()
        admins = self.services.settings.admins
        with self.services.store(team_id) as store:
            workspace = store.workspace
            workdays = workdays_of(workspace)
            found: list[_Reminder] = []

            def manager_of(plan):
                """The plan's manager, their wall time and language, if they still coach the person."""
                manager = store.person(plan.manager_id)
                if manager is None or manager.deleted or manager.is_bot:
                    return None
                if not coaching.may_coach(actor_for(store, manager, admins), store.person(plan.person_id)):
                    return None
                local = now.astimezone(zone(manager.timezone or workspace.timezone)).replace(tzinfo=None)
                return manager, local, Formatter(language_of(manager, workspace.locale), workspace.currency)

            for check_in, plan in store.coaching_check_ins_due(through):
                found_manager = manager_of(plan)
                if found_manager is None:
                    continue
                manager, local, fmt = found_manager
                if not coaching.check_in_due(check_in, plan, local, workdays):
                    continue
                view = coaching.view_of(store, plan)
                found.append(
                    _Reminder(
                        f"check-in {check_in.id}@{manager.slack_user_id}",
                        manager.slack_user_id,
                        build_check_in_reminder(fmt, view, check_in),
                        lambda at, check_in_id=check_in.id: claim_check_in_reminder(
                            self.engine, check_in_id, at=at
                        ),
                    )
                )
            for plan in store.coaching_ends_due(through):
                found_manager = manager_of(plan)
                if found_manager is None:
                    continue
                manager, local, fmt = found_manager
                if not coaching.end_due(plan, local, workdays):
                    continue
                found.append(
                    _Reminder(
                        f"coaching-end {plan.id}@{manager.slack_user_id}",
                        manager.slack_user_id,
                        build_end_reminder(fmt, coaching.view_of(store, plan)),
                        lambda at, plan_id=plan.id, ends_on=plan.ends_on: claim_end_reminder(
                            self.engine, plan_id, ends_on=ends_on, at=at
                        ),
                    )
                )
            return found
