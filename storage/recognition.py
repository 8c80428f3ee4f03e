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

from sqlalchemy import delete, func, update
from sqlmodel import Session, select

from storage.db import insert_unless_present, team_ids_where
from storage.models import Celebration, Kudos, Nomination, RecognitionAnnouncement, Reward, Workspace, utcnow


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

    # -- the reward catalog -----------------------------------------------------------------
    def rewards(self, *, include_retired: bool = False) -> list[Reward]:
        query = select(Reward).where(Reward.workspace_id == self.workspace_id)
        if not include_retired:
            query = query.where(Reward.active.is_(True))
        return list(self.session.exec(query.order_by(Reward.active.desc(), Reward.name_key)).all())

    def reward(self, reward_id: int) -> Reward | None:
        reward = self.session.get(Reward, reward_id)
        return reward if reward is not None and reward.workspace_id == self.workspace_id else None

    def reward_by_name(self, name: str) -> Reward | None:
        return self.session.exec(
            select(Reward).where(Reward.workspace_id == self.workspace_id, Reward.name_key == _key(name))
        ).first()

    def add_reward(self, **fields: object) -> Reward:
        reward = Reward(workspace_id=self.workspace_id, name_key=_key(str(fields["name"])), **fields)
        self.session.add(reward)
        self.session.flush()
        return reward

    def update_reward(self, reward_id: int, **fields: object) -> None:
        reward = self.reward(reward_id)
        for field, value in fields.items():
            setattr(reward, field, value)
        reward.name_key = _key(reward.name)
        self.session.add(reward)
        self.session.flush()

    def reward_in_use(self, reward_id: int) -> bool:
        return (
            self.session.exec(
                select(Nomination.id)
                .where(Nomination.workspace_id == self.workspace_id, Nomination.reward_id == reward_id)
                .limit(1)
            ).first()
            is not None
        )

    def delete_reward(self, reward_id: int) -> None:
        self.session.exec(
            delete(Reward).where(Reward.workspace_id == self.workspace_id, Reward.id == reward_id)
        )

    # -- nominations ------------------------------------------------------------------------
    def add_nomination(self, **fields: object) -> Nomination | None:
        """The nomination, unless its request key was seen (a second submission of its form)."""
        values = {"workspace_id": self.workspace_id, "status": "pending", "note": "", "over_budget": False}
        values |= {"created_at": utcnow(), **fields}
        if not insert_unless_present(
            self.session, Nomination, values, unique=["workspace_id", "request_key"]
        ):
            return None
        return self.session.exec(
            select(Nomination).where(
                Nomination.workspace_id == self.workspace_id, Nomination.request_key == fields["request_key"]
            )
        ).one()

    def nomination(self, nomination_id: int) -> Nomination | None:
        """Read afresh: a decision another request committed is seen, not this session's copy."""
        return self.session.exec(
            select(Nomination)
            .where(Nomination.workspace_id == self.workspace_id, Nomination.id == nomination_id)
            .execution_options(populate_existing=True)
        ).first()

    def decide_nomination(self, nomination_id: int, **decision: object) -> bool:
        """Writes the decision only while the nomination is pending; True when this call did.
        A concurrent decision waits for this one's lock and then matches nothing."""
        result = self.session.exec(
            update(Nomination)
            .where(
                Nomination.workspace_id == self.workspace_id,
                Nomination.id == nomination_id,
                Nomination.status == "pending",
            )
            .values(**decision)
        )
        return result.rowcount == 1

    def nominations(
        self,
        *,
        person_ids: Collection[int] | None = None,
        period_key: str | None = None,
        status: str | None = None,
    ) -> list[Nomination]:
        query = select(Nomination).where(Nomination.workspace_id == self.workspace_id)
        if person_ids is not None:
            query = query.where(Nomination.person_id.in_(list(person_ids)))
        if period_key is not None:
            query = query.where(Nomination.period_key == period_key)
        if status is not None:
            query = query.where(Nomination.status == status)
        return list(
            self.session.exec(
                query.order_by(Nomination.created_at.desc(), Nomination.id.desc()).execution_options(
                    populate_existing=True
                )
            ).all()
        )

    def reward_spend(self, period_key: str) -> dict[int, Decimal]:
        """Approved value by reward in a budget period: one GROUP BY on ``ix_nomination_spend``."""
        rows = self.session.exec(
            select(Nomination.reward_id, func.sum(Nomination.value))
            .where(
                Nomination.workspace_id == self.workspace_id,
                Nomination.status == "approved",
                Nomination.period_key == period_key,
            )
            .group_by(Nomination.reward_id)
        ).all()
        return {reward_id: Decimal(total or 0) for reward_id, total in rows}

    # -- the period-end announcement --------------------------------------------------------
    def claim_announcement(self, period_key: str, *, channel_id: str, claimed_by: str) -> bool:
        """True when this call claimed the period's announcement: one per workspace and period,
        whichever scheduler or *Post now* gets there first."""
        values = {
            "workspace_id": self.workspace_id,
            "period_key": period_key,
            "status": "claimed",
            "channel_id": channel_id,
            "claimed_by": claimed_by[:80],
            "created_at": utcnow(),
            "updated_at": utcnow(),
        }
        return insert_unless_present(
            self.session, RecognitionAnnouncement, values, unique=["workspace_id", "period_key"]
        )

    def announcement_status(self, period_key: str) -> str | None:
        return self.session.exec(
            select(RecognitionAnnouncement.status).where(
                RecognitionAnnouncement.workspace_id == self.workspace_id,
                RecognitionAnnouncement.period_key == period_key,
            )
        ).first()

    def finish_announcement(self, period_key: str, status: str) -> None:
        self.session.exec(
            update(RecognitionAnnouncement)
            .where(
                RecognitionAnnouncement.workspace_id == self.workspace_id,
                RecognitionAnnouncement.period_key == period_key,
            )
            .values(status=status, updated_at=utcnow())
        )


def workspaces_with_announcement_channel(engine) -> list[str]:
    """The Slack team ids of the workspaces that have an announcement channel."""
    return team_ids_where(engine, Workspace.announcement_channel.is_not(None))


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()
