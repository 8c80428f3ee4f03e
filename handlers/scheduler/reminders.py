"""Training reminders: a DM before a training's due date and once when it has passed, sent by the
scheduler's tick (the digest runner's leader, in the same pass), each exactly once.

Per workspace with assignments, one short read transaction works out which reminders are due
now (``salesbot.training.reminder_kind``: in the person's working hours, on a working day, in
their own timezone, so never at night, on a weekend or a public holiday, and right through
daylight saving); then each is claimed under its unique key (assignment, person, occurrence,
kind), a batch of them in one committed transaction, and only the runner whose claim went in
sends it. A failed DM is recorded as failed and not retried: a reminder late or missing beats two.

Thousands may fall due in the same minute (a company's training due on Monday, its overdue
reminders on Wednesday at nine). Each DM is a conversation of its own, which Slack allows about a
message a second, so they go out side by side (``workers`` threads), each conversation paced by
the runner's ``ChannelPacer``; claims and outcomes are written a batch (``BATCH``) at a time,
not a transaction per reminder.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime

from slack_sdk import WebClient

from handlers.blocks.training import build_training_message
from handlers.respond import Reply
from handlers.runtime import Services
from handlers.scheduler.posting import ChannelPacer, post_dm
from salesbot import training
from salesbot.cadences import zone
from salesbot.i18n import Formatter
from salesbot.people import language_of
from salesbot.workdays import workdays_of
from storage.training import (
    ReminderKey,
    claim_reminders,
    claimed_reminders,
    finish_reminders,
    workspaces_with_training,
)

logger = logging.getLogger(__name__)

BATCH = 500  # reminders claimed, sent and recorded together
WORKERS = 8  # DMs sent at once (each to a conversation of its own)


@dataclass(frozen=True)
class _Reminder:
    workspace_id: int
    assignment_id: int
    person_id: int
    occurrence: int
    kind: str
    user_id: str
    reply: Reply

    @property
    def key(self) -> ReminderKey:
        return ReminderKey(self.assignment_id, self.person_id, self.occurrence, self.kind)

    @property
    def label(self) -> str:
        return f"training {self.assignment_id}:{self.occurrence}@{self.user_id}:{self.kind}"


class TrainingReminders:
    def __init__(
        self,
        services: Services,
        name: str,
        *,
        pacer: ChannelPacer | None = None,
        workers: int = WORKERS,
    ) -> None:
        self.services = services
        self.engine = services.engine
        self.name = name
        self.pacer = pacer or ChannelPacer()
        self.workers = workers

    def run(self, now: datetime) -> list[str]:
        """Sends the reminders due at ``now``; their labels."""
        sent = []
        for team_id in workspaces_with_training(self.engine):
            try:
                due = self.due(team_id, now)
                # Each workspace's reminders with its own token (the pattern of every job).
                client = self.services.client_for(team_id) if due else None
            except Exception:
                logger.exception("training reminders of team %s could not be worked out", team_id)
                continue
            for start in range(0, len(due), BATCH):
                sent += self._send_all(due[start : start + BATCH], client)
        return sent

    def due(self, team_id: str, now: datetime) -> list[_Reminder]:
        with self.services.store(team_id) as store:
            workspace = store.workspace
            workdays = workdays_of(workspace)
            teams = store.team_names_by_id()
            people = {pid for ids in store.member_ids(list(teams)).values() for pid in ids}
            people |= set(store.directly_assigned_person_ids())
            today = now.astimezone(zone(workspace.timezone)).date()
            found = training.trainings_of(store, people, today)
            already = claimed_reminders(self.engine, workspace.id, people)
            products = {p.id: p.name for p in store.products(include_retired=True)}
            due = []
            for person_id, theirs in found.items():
                person = theirs.person
                if person.deleted or person.is_bot:
                    continue
                local = now.astimezone(zone(person.timezone or workspace.timezone)).replace(tzinfo=None)
                for open_training in theirs.open:
                    created = open_training.assignment.created_at
                    created = created if created.tzinfo else created.replace(tzinfo=UTC)
                    kind = training.reminder_kind(
                        open_training.occurrence,
                        local,
                        workdays,
                        assigned_on=created.astimezone(zone(person.timezone or workspace.timezone)).date(),
                    )
                    index = open_training.occurrence.index
                    if kind is None or (open_training.assignment.id, person_id, index, kind) in already:
                        continue
                    fmt = Formatter(language_of(person, workspace.locale), workspace.currency)
                    due.append(
                        _Reminder(
                            workspace_id=workspace.id,
                            assignment_id=open_training.assignment.id,
                            person_id=person_id,
                            occurrence=index,
                            kind=kind,
                            user_id=person.slack_user_id,
                            reply=build_training_message(fmt, open_training, kind=kind, products=products),
                        )
                    )
            return due

    def _send(self, reminder: _Reminder, client: WebClient) -> bool:
        return bool(self._send_all([reminder], client))

    def _send_all(self, reminders: list[_Reminder], client: WebClient) -> list[str]:
        """Claims the reminders (one workspace's), sends those this runner claimed, records how
        each went; the labels of those sent."""
        claims = claim_reminders(
            self.engine, reminders[0].workspace_id, [r.key for r in reminders], claimed_by=self.name
        )
        mine = [(reminder, claims[reminder.key]) for reminder in reminders if reminder.key in claims]
        if not mine:  # another runner has them
            return []
        with ThreadPoolExecutor(
            max_workers=min(self.workers, len(mine)), thread_name_prefix="reminder"
        ) as pool:
            outcomes = list(pool.map(lambda pair: (pair[1], *self._post(pair[0], client)), mine))
        finish_reminders(self.engine, outcomes)
        return [
            reminder.label
            for (reminder, _), (_, status, _) in zip(mine, outcomes, strict=True)
            if status == "sent"
        ]

    def _post(self, reminder: _Reminder, client: WebClient) -> tuple[str, str | None]:
        """(status, error) of one DM."""
        error = post_dm(client, self.pacer, reminder.user_id, reminder.reply, reminder.label)
        return ("sent", None) if error is None else ("failed", error)
