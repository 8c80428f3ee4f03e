"""Goals discussed with staff (``salesbot.goal_talks``): where each person stands on a goal, the
discussions and their relayed replies, and managers' daily reminders.

``GoalTalkQueries`` is mixed into ``storage.store.Store`` and, like every Store query, filters by
the store's workspace. Every move is one conditional UPDATE or one insert of a unique row, so a
double click, a Slack retry or two scheduler processes change a thing once.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime

from sqlalchemy import Engine, func, or_, update
from sqlmodel import Session, select

from storage.db import insert_unless_present, team_ids_where
from storage.models import (
    Goal,
    GoalAck,
    GoalAckReminder,
    GoalDiscussion,
    GoalDiscussionMessage,
    Workspace,
)

OPEN_GOAL = "open"


class GoalTalkQueries:
    session: Session
    workspace_id: int

    # -- where people stand ---------------------------------------------------------------
    def goal_ack(self, goal_id: int, person_id: int) -> GoalAck | None:
        return self.session.exec(
            select(GoalAck)
            .where(
                GoalAck.workspace_id == self.workspace_id,
                GoalAck.goal_id == goal_id,
                GoalAck.person_id == person_id,
            )
            .execution_options(populate_existing=True)
        ).first()

    def goal_acks(self, goal_ids: Collection[int]) -> list[GoalAck]:
        if not goal_ids:
            return []
        return list(
            self.session.exec(
                select(GoalAck)
                .where(GoalAck.workspace_id == self.workspace_id, GoalAck.goal_id.in_(list(goal_ids)))
                .order_by(GoalAck.goal_id, GoalAck.id)
            ).all()
        )

    def mark_told(self, goal_id: int, person_id: int, *, by_id: int | None, at: datetime) -> None:
        """The person was told of the goal (again): status told, whatever it was."""
        insert_unless_present(
            self.session,
            GoalAck,
            {
                "workspace_id": self.workspace_id,
                "goal_id": goal_id,
                "person_id": person_id,
                "status": "told",
                "discussed": False,
                "told_at": at,
                "told_by_id": by_id,
                "status_at": at,
                "status_by_id": by_id,
            },
            unique=["goal_id", "person_id"],
        )
        self.session.connection().execute(
            update(GoalAck)
            .where(
                GoalAck.workspace_id == self.workspace_id,
                GoalAck.goal_id == goal_id,
                GoalAck.person_id == person_id,
            )
            .values(status="told", told_at=at, told_by_id=by_id, status_at=at, status_by_id=by_id)
        )

    def move_ack(
        self,
        goal_id: int,
        person_id: int,
        *,
        from_statuses: Collection[str],
        to: str,
        by_id: int | None,
        at: datetime,
        discussed: bool | None = None,
    ) -> bool:
        """True for the one caller whose UPDATE found the status in ``from_statuses``."""
        values: dict = {"status": to, "status_at": at, "status_by_id": by_id}
        if discussed is not None:
            values["discussed"] = discussed
        moved = self.session.connection().execute(
            update(GoalAck)
            .where(
                GoalAck.workspace_id == self.workspace_id,
                GoalAck.goal_id == goal_id,
                GoalAck.person_id == person_id,
                GoalAck.status.in_(list(from_statuses)),
            )
            .values(**values)
        )
        return moved.rowcount == 1

    def acks_of_person(self, person_id: int, statuses: Collection[str], *, limit: int = 50) -> list[GoalAck]:
        """The person's standing on open goals, in ``statuses``, the oldest telling first."""
        return list(
            self.session.exec(
                select(GoalAck)
                .join(Goal, Goal.id == GoalAck.goal_id)
                .where(*self._acks_of_person(person_id, statuses))
                .order_by(GoalAck.told_at, GoalAck.id)
                .limit(limit)
            ).all()
        )

    def count_acks_of_person(self, person_id: int, statuses: Collection[str]) -> int:
        """How many of ``acks_of_person`` there are, without reading them."""
        query = (
            select(func.count())
            .select_from(GoalAck)
            .join(Goal, Goal.id == GoalAck.goal_id)
            .where(*self._acks_of_person(person_id, statuses))
        )
        return self.session.exec(query).one()

    def _acks_of_person(self, person_id: int, statuses: Collection[str]) -> tuple:
        return (
            GoalAck.workspace_id == self.workspace_id,
            GoalAck.person_id == person_id,
            GoalAck.status.in_(list(statuses)),
            Goal.status == OPEN_GOAL,
        )

    def acks_told_before(self, before: datetime, *, limit: int = 2000) -> list[GoalAck]:
        """Everyone told of an open goal before ``before`` who has not acknowledged it yet."""
        return list(
            self.session.exec(
                select(GoalAck)
                .join(Goal, Goal.id == GoalAck.goal_id)
                .where(
                    GoalAck.workspace_id == self.workspace_id,
                    GoalAck.status == "told",
                    GoalAck.told_at < before,
                    Goal.status == OPEN_GOAL,
                )
                .order_by(GoalAck.goal_id, GoalAck.id)
                .limit(limit)
            ).all()
        )

    def acks_on_goals_within(self, start: date, end: date) -> list[GoalAck]:
        """Where people stand on the open goals whose period overlaps [start, end]."""
        return list(
            self.session.exec(
                select(GoalAck)
                .join(Goal, Goal.id == GoalAck.goal_id)
                .where(
                    GoalAck.workspace_id == self.workspace_id,
                    Goal.status == OPEN_GOAL,
                    Goal.period_start <= end,
                    Goal.period_end >= start,
                )
                .order_by(GoalAck.goal_id, GoalAck.id)
            ).all()
        )

    # -- discussions --------------------------------------------------------------------------
    def goal_discussion(self, discussion_id: int) -> GoalDiscussion | None:
        return self.session.exec(
            select(GoalDiscussion)
            .where(GoalDiscussion.id == discussion_id, GoalDiscussion.workspace_id == self.workspace_id)
            .execution_options(populate_existing=True)
        ).first()

    def open_goal_discussion(self, goal_id: int, person_id: int) -> GoalDiscussion | None:
        return self._newest_discussion(goal_id, person_id, GoalDiscussion.outcome.is_(None))

    def latest_goal_discussion(self, goal_id: int, person_id: int) -> GoalDiscussion | None:
        return self._newest_discussion(goal_id, person_id)

    def _newest_discussion(self, goal_id: int, person_id: int, *more) -> GoalDiscussion | None:
        return self.session.exec(
            select(GoalDiscussion)
            .where(
                GoalDiscussion.workspace_id == self.workspace_id,
                GoalDiscussion.goal_id == goal_id,
                GoalDiscussion.person_id == person_id,
                *more,
            )
            .order_by(GoalDiscussion.id.desc())
            .execution_options(populate_existing=True)
        ).first()

    def add_goal_discussion(self, **fields: object) -> GoalDiscussion:
        discussion = GoalDiscussion(workspace_id=self.workspace_id, **fields)
        self.session.add(discussion)
        self.session.flush()
        return discussion

    def set_discussion_threads(
        self,
        discussion_id: int,
        *,
        person: tuple[str, str] | None,
        manager: tuple[str, str] | None,
    ) -> None:
        """Where the bot started each side's thread: (channel, ts)."""
        values = {}
        if person is not None:
            values.update(person_channel=person[0], person_ts=person[1])
        if manager is not None:
            values.update(manager_channel=manager[0], manager_ts=manager[1])
        if values:
            self.session.connection().execute(
                update(GoalDiscussion)
                .where(GoalDiscussion.id == discussion_id, GoalDiscussion.workspace_id == self.workspace_id)
                .values(**values)
            )

    def discussion_in_thread(self, channel: str, thread_ts: str) -> GoalDiscussion | None:
        """The discussion one of whose threads is (``channel``, ``thread_ts``)."""
        return self.session.exec(
            select(GoalDiscussion).where(
                GoalDiscussion.workspace_id == self.workspace_id,
                or_(
                    (GoalDiscussion.person_channel == channel) & (GoalDiscussion.person_ts == thread_ts),
                    (GoalDiscussion.manager_channel == channel) & (GoalDiscussion.manager_ts == thread_ts),
                ),
            )
        ).first()

    def close_goal_discussion(
        self, discussion_id: int, *, outcome: str, note: str, by_id: int | None, at: datetime
    ) -> bool:
        """True for the one caller whose UPDATE found it open."""
        closed = self.session.connection().execute(
            update(GoalDiscussion)
            .where(
                GoalDiscussion.id == discussion_id,
                GoalDiscussion.workspace_id == self.workspace_id,
                GoalDiscussion.outcome.is_(None),
            )
            .values(outcome=outcome, note=note, closed_by_id=by_id, closed_at=at)
        )
        return closed.rowcount == 1

    def schedule_goal_talk(self, discussion_id: int, *, at: datetime) -> bool:
        """A talk at ``at`` for an open discussion; each side is reminded of it afresh."""
        scheduled = self.session.connection().execute(
            update(GoalDiscussion)
            .where(
                GoalDiscussion.id == discussion_id,
                GoalDiscussion.workspace_id == self.workspace_id,
                GoalDiscussion.outcome.is_(None),
            )
            .values(talk_at=at, person_reminded_at=None, manager_reminded_at=None)
        )
        return scheduled.rowcount == 1

    def open_goal_discussions(self, *, limit: int = 200) -> list[GoalDiscussion]:
        return list(
            self.session.exec(
                select(GoalDiscussion)
                .where(GoalDiscussion.workspace_id == self.workspace_id, GoalDiscussion.outcome.is_(None))
                .order_by(GoalDiscussion.created_at, GoalDiscussion.id)
                .limit(limit)
            ).all()
        )

    def goal_talks_to_remind(self, after: datetime) -> list[GoalDiscussion]:
        """Open discussions with a talk after ``after`` of which a side has not been reminded."""
        return list(
            self.session.exec(
                select(GoalDiscussion)
                .where(
                    GoalDiscussion.workspace_id == self.workspace_id,
                    GoalDiscussion.outcome.is_(None),
                    GoalDiscussion.talk_at > after,
                    or_(
                        GoalDiscussion.person_reminded_at.is_(None),
                        GoalDiscussion.manager_reminded_at.is_(None),
                    ),
                )
                .order_by(GoalDiscussion.talk_at, GoalDiscussion.id)
            ).all()
        )

    def claim_talk_reminder(self, discussion_id: int, side: str, at: datetime) -> bool:
        """True for the one caller whose UPDATE set the ``side``'s (person, manager) reminder."""
        column = GoalDiscussion.person_reminded_at if side == "person" else GoalDiscussion.manager_reminded_at
        claimed = self.session.connection().execute(
            update(GoalDiscussion)
            .where(
                GoalDiscussion.id == discussion_id,
                GoalDiscussion.workspace_id == self.workspace_id,
                GoalDiscussion.outcome.is_(None),
                column.is_(None),
            )
            .values({column.key: at})
        )
        return claimed.rowcount == 1

    # -- relayed replies --------------------------------------------------------------------
    def add_discussion_message(
        self, discussion_id: int, *, author_id: int | None, text: str, slack_ts: str
    ) -> bool:
        """True the first time the message with ``slack_ts`` is kept (a retry is not)."""
        return insert_unless_present(
            self.session,
            GoalDiscussionMessage,
            {
                "workspace_id": self.workspace_id,
                "discussion_id": discussion_id,
                "author_id": author_id,
                "text": text,
                "slack_ts": slack_ts,
            },
            unique=["discussion_id", "slack_ts"],
        )

    def discussion_messages(self, discussion_id: int, *, limit: int = 100) -> Sequence[GoalDiscussionMessage]:
        """The latest ``limit`` replies, oldest first."""
        rows = self.session.exec(
            select(GoalDiscussionMessage)
            .where(
                GoalDiscussionMessage.workspace_id == self.workspace_id,
                GoalDiscussionMessage.discussion_id == discussion_id,
            )
            .order_by(GoalDiscussionMessage.id.desc())
            .limit(limit)
        ).all()
        return list(reversed(rows))

    # -- managers' reminders ----------------------------------------------------------------
    def claim_ack_reminder(self, goal_id: int, day: date, *, by_id: int | None, people: int) -> bool:
        """True for the first reminder of ``goal_id`` on ``day``."""
        return insert_unless_present(
            self.session,
            GoalAckReminder,
            {
                "workspace_id": self.workspace_id,
                "goal_id": goal_id,
                "day": day,
                "sent_by_id": by_id,
                "people": people,
            },
            unique=["goal_id", "day"],
        )

    def ack_reminded_goal_ids(self, goal_ids: Collection[int], day: date) -> set[int]:
        if not goal_ids:
            return set()
        return set(
            self.session.exec(
                select(GoalAckReminder.goal_id).where(
                    GoalAckReminder.workspace_id == self.workspace_id,
                    GoalAckReminder.goal_id.in_(list(goal_ids)),
                    GoalAckReminder.day == day,
                )
            ).all()
        )


# -- the scheduler's side --------------------------------------------------------------------


def workspaces_with_talks(engine: Engine, after: datetime) -> list[str]:
    """The Slack team ids of the workspaces with a talk after ``after`` not yet reminded of."""
    talks = select(GoalDiscussion.workspace_id).where(
        GoalDiscussion.outcome.is_(None),
        GoalDiscussion.talk_at > after,
        or_(GoalDiscussion.person_reminded_at.is_(None), GoalDiscussion.manager_reminded_at.is_(None)),
    )
    return team_ids_where(engine, Workspace.id.in_(talks))
