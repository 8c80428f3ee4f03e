"""Suggested diagnoses: a manager's DM naming who missed a goal or is at risk with a third of
the period left, and by how much, with Diagnose beside each (``salesbot.suggestions``), sent by
the scheduler's tick in the same pass as the training reminders and follow-ups.

Per workspace with a goal recent enough, one transaction works out the suggestions (closing the
goals that ended, as progress does) and whose working hours it is now, each manager in their
own timezone; then each manager's are claimed together — a unique (goal, reason, manager) row
each, committed — and only the runner whose claims went in sends them, in one DM. A failed DM is
recorded as failed and not retried: a suggestion missing beats two.

Pace moves slowly (it is counted up to yesterday), so a workspace is looked at once every
``interval`` rather than at every tick: the work is a progress report of every running goal.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from slack_sdk import WebClient

from handlers.blocks.suggestions import build_suggestions
from handlers.runtime import Services
from handlers.scheduler.posting import ChannelPacer, post_dm
from salesbot.cadences import zone
from salesbot.i18n import Formatter
from salesbot.people import language_of
from salesbot.records import PersonRecord
from salesbot.suggestions import MISSED_WITHIN_DAYS, Suggestion, by_recipient, claimed_only, suggestions_due
from salesbot.training import in_working_hours
from salesbot.workdays import workdays_of
from storage.suggestions import claim_suggestions, finish_suggestions, workspaces_with_goals_since

logger = logging.getLogger(__name__)

INTERVAL = timedelta(minutes=10)


@dataclass(frozen=True)
class _Batch:
    """One manager's suggestions due now, for one DM."""

    workspace_id: int
    recipient: PersonRecord
    suggestions: list[Suggestion]
    fmt: Formatter

    def label(self, suggestion: Suggestion) -> str:
        return f"{suggestion.reason} {suggestion.goal.id}@{self.recipient.slack_user_id}"


class DiagnosisSuggestions:
    def __init__(
        self,
        services: Services,
        name: str,
        *,
        pacer: ChannelPacer | None = None,
        interval: timedelta = INTERVAL,
    ) -> None:
        self.services = services
        self.engine = services.engine
        self.name = name
        self.pacer = pacer or ChannelPacer()
        self.interval = interval
        self._looked: dict[str, datetime] = {}  # team id → when this runner last looked

    def run(self, now: datetime) -> list[str]:
        """Sends the suggestions due at ``now``; a label for each (``reason goal@user``)."""
        sent = []
        since = (now - timedelta(days=MISSED_WITHIN_DAYS + 1)).date()
        for team_id in workspaces_with_goals_since(self.engine, since):
            last = self._looked.get(team_id)
            if last is not None and last <= now < last + self.interval:
                continue
            try:
                batches = self.due(team_id, now)
                client = self.services.client_for(team_id) if batches else None  # its own token
            except Exception:
                logger.exception("diagnosis suggestions of team %s could not be worked out", team_id)
                continue
            self._looked[team_id] = now
            for batch in batches:
                sent += self._send(batch, client)
        return sent

    def due(self, team_id: str, now: datetime) -> list[_Batch]:
        with self.services.store(team_id) as store:
            workspace = store.workspace
            today = now.astimezone(zone(workspace.timezone)).date()
            suggestions = suggestions_due(store, today, configured_admins=self.services.settings.admins)
            workdays = workdays_of(workspace)
            batches = []
            for person, theirs in by_recipient(suggestions).values():
                local = now.astimezone(zone(person.timezone or workspace.timezone)).replace(tzinfo=None)
                if not in_working_hours(local, workdays):
                    continue
                fmt = Formatter(language_of(person, workspace.locale), workspace.currency)
                batches.append(_Batch(workspace.id, person, theirs, fmt))
            return batches

    def _send(self, batch: _Batch, client: WebClient) -> list[str]:
        """Claims the batch's suggestions and sends those this runner claimed in one DM."""
        claims = claim_suggestions(
            self.engine,
            batch.workspace_id,
            [s.key(batch.recipient) for s in batch.suggestions],
            claimed_by=self.name,
        )
        mine = claimed_only(batch.suggestions, batch.recipient, claims)
        if not mine:  # another runner has them, or they went out before
            return []
        ids = [claims[s.key(batch.recipient)] for s in mine]
        reply = build_suggestions(batch.fmt, mine)
        user_id = batch.recipient.slack_user_id
        error = post_dm(client, self.pacer, user_id, reply, f"diagnosis suggestions to {user_id}")
        if error is not None:
            finish_suggestions(self.engine, ids, status="failed", error=error)
            return []
        finish_suggestions(self.engine, ids, status="sent")
        labels = [batch.label(s) for s in mine]
        logger.info("diagnosis suggested: %s", ", ".join(labels))
        return labels
