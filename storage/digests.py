"""Digest schedules, their occurrences, and the few aggregates only digests show.

``DigestQueries`` is mixed into ``storage.store.Store`` and, like every Store query, filters by
the store's workspace. The module functions below it are the scheduler's: it serves every
workspace, so they read across workspaces on purpose, and each claim or status change runs in
its own short transaction, committed before anything is posted to Slack.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import and_, case, func, or_, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from salesbot.digests import DelayFigures, LostReason
from storage.db import session_scope
from storage.models import DigestOccurrence, DigestSchedule, Person, Sale, Team, Workspace, utcnow

CHANNEL = "channel"
PERSONAL = "personal"


class DigestQueries:
    session: Session
    workspace_id: int

    # -- schedules ------------------------------------------------------------------------
    def digest_schedules(self, *, kind: str = CHANNEL) -> list[DigestSchedule]:
        return list(
            self.session.exec(
                select(DigestSchedule)
                .where(DigestSchedule.workspace_id == self.workspace_id, DigestSchedule.kind == kind)
                .order_by(DigestSchedule.id)
            ).all()
        )

    def digest_schedule(self, schedule_id: int) -> DigestSchedule | None:
        schedule = self.session.get(DigestSchedule, schedule_id)
        return schedule if schedule is not None and schedule.workspace_id == self.workspace_id else None

    def personal_digest(self, person_id: int) -> DigestSchedule | None:
        return self.session.exec(
            select(DigestSchedule).where(
                DigestSchedule.workspace_id == self.workspace_id,
                DigestSchedule.kind == PERSONAL,
                DigestSchedule.person_id == person_id,
            )
        ).first()

    def count_personal_digests(self) -> int:
        return self.session.exec(
            select(func.count())
            .select_from(DigestSchedule)
            .where(DigestSchedule.workspace_id == self.workspace_id, DigestSchedule.kind == PERSONAL)
        ).one()

    def add_digest_schedule(self, **fields: object) -> DigestSchedule:
        schedule = DigestSchedule(workspace_id=self.workspace_id, **fields)
        self.session.add(schedule)
        self.session.flush()
        return schedule

    def save_digest_schedule(self, schedule: DigestSchedule) -> DigestSchedule:
        if schedule.workspace_id != self.workspace_id:
            raise ValueError("schedule belongs to another workspace")
        schedule.updated_at = utcnow()
        self.session.add(schedule)
        self.session.flush()
        return schedule

    def delete_digest_schedule(self, schedule: DigestSchedule) -> None:
        if schedule.workspace_id != self.workspace_id:
            raise ValueError("schedule belongs to another workspace")
        self.session.delete(schedule)
        self.session.flush()

    def last_digest_occurrences(self, schedule_ids: Collection[int]) -> dict[int, DigestOccurrence]:
        """The most recent occurrence of each schedule (by insertion), for listing."""
        if not schedule_ids:
            return {}
        latest = (
            select(func.max(DigestOccurrence.id))
            .where(
                DigestOccurrence.workspace_id == self.workspace_id,
                DigestOccurrence.schedule_id.in_(sorted(schedule_ids)),
            )
            .group_by(DigestOccurrence.schedule_id)
        )
        rows = self.session.exec(select(DigestOccurrence).where(DigestOccurrence.id.in_(latest))).all()
        return {row.schedule_id: row for row in rows}

    # -- what only digests show -------------------------------------------------------------
    def team_names_by_id(self) -> dict[int, str]:
        """Every team's name by id, without loading its people."""
        rows = self.session.exec(
            select(Team.id, Team.name).where(Team.workspace_id == self.workspace_id)
        ).all()
        return dict(rows)

    def _people_filter(self, person_ids: Collection[int] | None) -> list:
        return [] if person_ids is None else [Sale.person_id.in_(sorted(person_ids))]

    def lost_by_reason(
        self, start: date, end: date, person_ids: Collection[int] | None = None
    ) -> list[LostReason]:
        """The period's orders (placed in [start, end]) that were lost, by reason, most first.

        By order date, like the deliveries, so it reads the period's range of the ordered-date
        index (which holds ``lost_on``) and looks up only the lost rows; ``person_ids`` None is
        everyone.
        """
        if person_ids is not None and not person_ids:
            return []
        rows = self.session.exec(
            select(Sale.lost_reason, func.count(), func.sum(Sale.amount))
            .where(
                Sale.workspace_id == self.workspace_id,
                Sale.ordered_on >= start,
                Sale.ordered_on <= end,
                Sale.lost_on.is_not(None),
                *self._people_filter(person_ids),
            )
            .group_by(Sale.lost_reason)
        ).all()
        found = [
            LostReason(reason or "other", int(deals), Decimal(amount or 0)) for reason, deals, amount in rows
        ]
        return sorted(found, key=lambda r: (-r.deals, -r.amount, r.reason))

    def delivery_figures(
        self, start: date, end: date, today: date, person_ids: Collection[int] | None = None
    ) -> DelayFigures:
        """Orders placed in [start, end] (not lost): delivered late, and overdue on ``today``.

        Restricted to the period's orders, so it reads the ordered-date index range rather
        than every sale ever made.
        """
        if person_ids is not None and not person_ids:
            return DelayFigures(0, 0, 0, 0, 0)
        late = and_(
            Sale.delivered_on.is_not(None),
            Sale.promised_on.is_not(None),
            Sale.delivered_on > Sale.promised_on,
        )
        overdue = and_(Sale.delivered_on.is_(None), Sale.promised_on.is_not(None), Sale.promised_on < today)
        days_late = _days_between(self.session, Sale.promised_on, Sale.delivered_on)
        orders, delivered, delivered_late, late_days, overdue_count = self.session.exec(
            select(
                func.count(),
                func.count(Sale.delivered_on),
                func.sum(case((late, 1), else_=0)),
                func.sum(case((late, days_late), else_=0)),
                func.sum(case((overdue, 1), else_=0)),
            ).where(
                Sale.workspace_id == self.workspace_id,
                Sale.ordered_on >= start,
                Sale.ordered_on <= end,
                Sale.lost_on.is_(None),
                *self._people_filter(person_ids),
            )
        ).one()
        return DelayFigures(
            orders=int(orders or 0),
            delivered=int(delivered or 0),
            delivered_late=int(delivered_late or 0),
            days_late=int(late_days or 0),
            overdue=int(overdue_count or 0),
        )


def _days_between(session: Session, first, second):
    """``second - first`` in whole days, in SQL, on either backend."""
    if session.get_bind().dialect.name == "postgresql":
        return second - first  # date - date is an integer of days
    return func.julianday(second) - func.julianday(first)


# -- the scheduler's side: every workspace ---------------------------------------------------------


@dataclass(frozen=True)
class DueCandidate:
    """An active schedule with what its occurrence maths needs."""

    schedule: DigestSchedule
    slack_team_id: str
    workspace_timezone: str
    person_timezone: str | None
    # The workspace's working-day settings (salesbot.workdays.WorkdaySettings), for cadences
    # that post on working days.
    holiday_country: str | None = None
    year_end_eves_off: bool = True

    @property
    def timezone(self) -> str:
        """The schedule's own zone; a personal digest follows its person, then the workspace."""
        return self.schedule.timezone or self.person_timezone or self.workspace_timezone


def active_schedules(engine: Engine) -> list[DueCandidate]:
    """Every schedule not paused, in every workspace: one query."""
    with session_scope(engine) as session:
        rows = session.exec(
            select(
                DigestSchedule,
                Workspace.slack_team_id,
                Workspace.timezone,
                Person.timezone,
                Workspace.holiday_country,
                Workspace.year_end_eves_off,
            )
            .join(Workspace, Workspace.id == DigestSchedule.workspace_id)
            .outerjoin(Person, Person.id == DigestSchedule.person_id)
            .where(DigestSchedule.paused.is_(False))
            .order_by(DigestSchedule.id)
        ).all()
        return [DueCandidate(*row) for row in rows]


def claim_occurrence(
    engine: Engine,
    *,
    schedule: DigestSchedule,
    key: str,
    due_at: datetime,
    claimed_by: str,
    status: str = "claimed",
) -> int | None:
    """Inserts the occurrence in its own committed transaction; its id, or None when it exists.

    The unique key (schedule, key) decides who posts: of two runners racing, one insert
    succeeds and the other fails here, so the loser never posts. ``status`` "skipped" records
    an occurrence too old to post, under the same rule.
    """
    try:
        with session_scope(engine) as session:
            row = DigestOccurrence(
                workspace_id=schedule.workspace_id,
                schedule_id=schedule.id,
                occurrence_key=key,
                due_at=due_at,
                status=status,
                attempts=1 if status == "claimed" else 0,
                claimed_by=claimed_by[:80],
            )
            session.add(row)
            session.flush()
            return row.id
    except IntegrityError:  # someone else has it, or the schedule was just deleted
        return None


def reclaim_failed(engine: Engine, occurrence_id: int, *, claimed_by: str, max_attempts: int) -> bool:
    """Takes a failed occurrence for another attempt; False when another runner took it first."""
    with session_scope(engine) as session:
        result = session.exec(
            update(DigestOccurrence)
            .where(
                DigestOccurrence.id == occurrence_id,
                DigestOccurrence.status == "failed",
                DigestOccurrence.attempts < max_attempts,
            )
            .values(
                status="claimed",
                attempts=DigestOccurrence.attempts + 1,
                claimed_by=claimed_by[:80],
                updated_at=utcnow(),
            )
        )
        return result.rowcount == 1


def finish_occurrence(
    engine: Engine,
    occurrence_id: int,
    *,
    status: str,
    error: str | None = None,
    channel_id: str | None = None,
    message_ts: str | None = None,
    attempts: int | None = None,
) -> None:
    values: dict[str, object] = {
        "status": status,
        "error": error[:200] if error else None,
        "updated_at": utcnow(),
    }
    if channel_id is not None:
        values["channel_id"] = channel_id
    if message_ts is not None:
        values["message_ts"] = message_ts
    if attempts is not None:
        values["attempts"] = attempts
    with session_scope(engine) as session:
        session.exec(update(DigestOccurrence).where(DigestOccurrence.id == occurrence_id).values(**values))


def mark_reported(engine: Engine, occurrence_id: int) -> bool:
    """True once: whoever flips ``reported`` tells the owner."""
    with session_scope(engine) as session:
        result = session.exec(
            update(DigestOccurrence)
            .where(DigestOccurrence.id == occurrence_id, DigestOccurrence.reported.is_(False))
            .values(reported=True, updated_at=utcnow())
        )
        return result.rowcount == 1


def retryable_occurrences(engine: Engine, *, since: datetime, max_attempts: int) -> list[DigestOccurrence]:
    """Failed occurrences still young enough to post, with attempts left."""
    with session_scope(engine) as session:
        return list(
            session.exec(
                select(DigestOccurrence)
                .where(
                    DigestOccurrence.status == "failed",
                    DigestOccurrence.due_at >= since,
                    DigestOccurrence.attempts < max_attempts,
                )
                .order_by(DigestOccurrence.due_at, DigestOccurrence.id)
            ).all()
        )


def advance_schedules(engine: Engine, handled: Iterable[tuple[int, str]]) -> None:
    """Moves each schedule's ``last_occurrence`` forward to ``key`` (never back)."""
    handled = list(handled)
    if not handled:
        return
    with session_scope(engine) as session:
        for schedule_id, key in handled:
            session.exec(
                update(DigestSchedule)
                .where(
                    DigestSchedule.id == schedule_id,
                    or_(DigestSchedule.last_occurrence.is_(None), DigestSchedule.last_occurrence < key),
                )
                .values(last_occurrence=key)
            )
