"""Workspace-scoped queries for kudos, celebrations, the period-end announcement, the reward
catalog and nominations, mixed into `storage.store.Store`.

What must happen once is claimed in the database: kudos by their request key, a celebration by
(goal, threshold), an announcement by (workspace, period), a decision on a nomination by an
UPDATE made only ``WHERE status = 'pending'``.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from decimal import Decimal

from sqlalchemy import func
from sqlmodel import Session, select

from storage.db import insert_unless_present
from storage.models import Celebration, Kudos, utcnow


class RecognitionQueries:
    session: Session
    workspace_id: int

    # -- kudos ------------------------------------------------------------------------------
    def kudos_given_on(self, giver_id: int, day: date) -> int:
        return self.session.exec(
            select(func.count())
            .select_from(Kudos)
            .where(Kudos.workspace_id == self.workspace_id, Kudos.giver_id == giver_id, Kudos.given_on == day)
        ).one()

    def add_kudos(self, **fields: object) -> Kudos | None:
        """The kudos, unless its request key was seen (a Slack retry, a second submission)."""
        values = {"workspace_id": self.workspace_id, "created_at": utcnow(), **fields}
        if not insert_unless_present(self.session, Kudos, values, unique=["workspace_id", "request_key"]):
            return None
        return self.session.exec(
            select(Kudos).where(
                Kudos.workspace_id == self.workspace_id, Kudos.request_key == fields["request_key"]
            )
        ).one()

    def kudos_counts(
        self, start: date, end: date, person_ids: Collection[int] | None = None
    ) -> dict[int, int]:
        """Kudos received in [start, end], by person: one GROUP BY on ``ix_kudos_period``."""
        query = select(Kudos.receiver_id, func.count()).where(
            Kudos.workspace_id == self.workspace_id, Kudos.given_on >= start, Kudos.given_on <= end
        )
        if person_ids is not None:
            if not person_ids:
                return {}
            query = query.where(Kudos.receiver_id.in_(list(person_ids)))
        return dict(self.session.exec(query.group_by(Kudos.receiver_id)).all())

    def kudos_received(self, person_id: int, *, limit: int) -> Sequence[Kudos]:
        return self.session.exec(
            select(Kudos)
            .where(Kudos.workspace_id == self.workspace_id, Kudos.receiver_id == person_id)
            .order_by(Kudos.created_at.desc(), Kudos.id.desc())
            .limit(limit)
        ).all()

    # -- celebrations -----------------------------------------------------------------------
    def celebrated(self, goal_ids: Collection[int]) -> dict[int, set[int]]:
        """The thresholds already claimed, by goal."""
        if not goal_ids:
            return {}
        found: dict[int, set[int]] = {}
        for goal_id, threshold in self.session.exec(
            select(Celebration.goal_id, Celebration.threshold).where(
                Celebration.workspace_id == self.workspace_id, Celebration.goal_id.in_(list(goal_ids))
            )
        ).all():
            found.setdefault(goal_id, set()).add(threshold)
        return found

    def claim_celebration(self, goal_id: int, threshold: int, attainment: Decimal) -> bool:
        """True when this call inserted the (goal, threshold) claim: a concurrent request's or an
        earlier one's makes it False, so each crossing is celebrated by one caller only."""
        values = {
            "workspace_id": self.workspace_id,
            "goal_id": goal_id,
            "threshold": threshold,
            "attainment": round(attainment, 4),
            "created_at": utcnow(),
        }
        return insert_unless_present(self.session, Celebration, values, unique=["goal_id", "threshold"])
