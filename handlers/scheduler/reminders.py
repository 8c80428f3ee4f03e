"""Training reminders: a DM before a training's due date and once when it has passed, sent by the
scheduler's tick (the digest runner's leader, in the same pass), each exactly once.

Per workspace with assignments, one short read transaction works out which reminders are due
now (``salesbot.training.reminder_kind``: in the person's working hours, on a working day, in
their own timezone, so never at night, on a weekend or a public holiday, and right through
daylight saving); then each is claimed under its unique key (assignment, person, occurrence,
kind) in its own committed transaction, and only the runner whose claim went in sends it. A
failed DM is recorded as failed and not retried: a reminder late or missing beats two.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from handlers.blocks.training import build_training_message
from handlers.respond import Reply
from handlers.runtime import Services
from salesbot import training
from salesbot.cadences import zone
from salesbot.i18n import Formatter
from salesbot.people import language_of
from salesbot.workdays import workdays_of
from storage.training import claim_reminder, claimed_reminders, finish_reminder, workspaces_with_training

logger = logging.getLogger(__name__)


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
    def label(self) -> str:
        return f"training {self.assignment_id}:{self.occurrence}@{self.user_id}:{self.kind}"


class TrainingReminders:
    def __init__(self, services: Services, client: WebClient, name: str) -> None:
        self.services = services
        self.engine = services.engine
        self.client = client
        self.name = name

    def run(self, now: datetime) -> list[str]:
        """Sends the reminders due at ``now``; their labels."""
        sent = []
        for team_id in workspaces_with_training(self.engine):
            try:
                due = self.due(team_id, now)
            except Exception:
                logger.exception("training reminders of team %s could not be worked out", team_id)
                continue
            for reminder in due:
                if self._send(reminder):
                    sent.append(reminder.label)
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

    def _send(self, reminder: _Reminder) -> bool:
        claim = claim_reminder(
            self.engine,
            workspace_id=reminder.workspace_id,
            assignment_id=reminder.assignment_id,
            person_id=reminder.person_id,
            occurrence=reminder.occurrence,
            kind=reminder.kind,
            claimed_by=self.name,
        )
        if claim is None:  # another runner has it
            return False
        try:
            self.client.chat_postMessage(
                channel=reminder.user_id, text=reminder.reply.text, blocks=reminder.reply.blocks
            )
        except SlackApiError as error:
            finish_reminder(self.engine, claim, status="failed", error=str(error.response.get("error")))
            logger.warning("%s failed: %s", reminder.label, error.response.get("error"))
            return False
        except (SlackClientError, OSError) as error:
            finish_reminder(self.engine, claim, status="failed", error=type(error).__name__)
            logger.warning("%s failed: %s", reminder.label, error)
            return False
        finish_reminder(self.engine, claim, status="sent")
        logger.info("%s sent", reminder.label)
        return True
