"""Coaching plans and their check-ins (``salesbot.coaching``).

``CoachingQueries`` is mixed into ``storage.store.Store`` and, like every Store query, filters by
the store's workspace. A plan changes only ``WHERE version = seen`` and a check-in is recorded
only ``WHERE done_at IS NULL``: a double click or a Slack retry records once. The plan's effect
is one grouped aggregate over the sale index ``ix_sale_progress``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, Engine, Integer, cast, func, literal, or_, update
from sqlmodel import Session, select

from salesbot.coaching import OPEN, PlanDraft, open_key
from storage.db import insert_unless_present, session_scope, team_ids_where
from storage.digests import _days_between
from storage.models import CoachingCheckIn, CoachingPlan, Sale, Workspace, utcnow


class CoachingQueries:
    session: Session
    workspace_id: int

    def coaching_plan(self, plan_id: int) -> CoachingPlan | None:
        return self.session.exec(
            select(CoachingPlan)
            .where(CoachingPlan.id == plan_id, CoachingPlan.workspace_id == self.workspace_id)
            .execution_options(populate_existing=True)
        ).first()

    def open_coaching_plan(self, person_id: int) -> CoachingPlan | None:
        return self.session.exec(
            select(CoachingPlan)
            .where(
                CoachingPlan.workspace_id == self.workspace_id, CoachingPlan.open_key == open_key(person_id)
            )
            .execution_options(populate_existing=True)
        ).first()

    def start_coaching_plan(
        self, *, person_id: int, manager_id: int, diagnosis_id: int | None, draft: PlanDraft, starts_on: date
    ) -> tuple[CoachingPlan, bool]:
        """The person's open plan, inserted with its first check-in unless a concurrent start
        inserted one first; True when this call inserted it."""
        now = utcnow()
        inserted = insert_unless_present(
            self.session,
            CoachingPlan,
            {
                "workspace_id": self.workspace_id,
                "person_id": person_id,
                "manager_id": manager_id,
                "diagnosis_id": diagnosis_id,
                "open_key": open_key(person_id),
                "focus_areas": list(draft.focus_areas),
                "focus_note": draft.focus_note,
                "cadence": draft.cadence,
                "starts_on": starts_on,
                "first_check_in": draft.first_check_in,
                "ends_on": draft.ends_on,
                "state": OPEN,
                "outcome_note": "",
                "version": 1,
                "created_at": now,
                "updated_at": now,
            },
            unique=["workspace_id", "open_key"],
        )
        plan = self.open_coaching_plan(person_id)
        if inserted:
            self.schedule_coaching_check_in(plan, number=0, due=draft.first_check_in)
        return plan, inserted

    def schedule_coaching_check_in(self, plan: CoachingPlan, *, number: int, due: date) -> None:
        insert_unless_present(
            self.session,
            CoachingCheckIn,
            {
                "workspace_id": self.workspace_id,
                "plan_id": plan.id,
                "number": number,
                "due_on": due,
                "notes": "",
                "next_steps": "",
                "created_at": utcnow(),
            },
            unique=["plan_id", "number"],
        )

    def coaching_check_ins(self, plan_id: int) -> list[CoachingCheckIn]:
        return list(
            self.session.exec(
                select(CoachingCheckIn)
                .where(CoachingCheckIn.workspace_id == self.workspace_id, CoachingCheckIn.plan_id == plan_id)
                .order_by(CoachingCheckIn.number)
                .execution_options(populate_existing=True)
            ).all()
        )

    def coaching_check_in(self, check_in_id: int) -> CoachingCheckIn | None:
        return self.session.exec(
            select(CoachingCheckIn)
            .where(CoachingCheckIn.id == check_in_id, CoachingCheckIn.workspace_id == self.workspace_id)
            .execution_options(populate_existing=True)
        ).first()

    def record_coaching_check_in(
        self,
        check_in: CoachingCheckIn,
        *,
        notes: str,
        next_steps: str,
        done_by_id: int,
        done_on: date,
        next_number: int | None,
        next_due: date | None,
    ) -> bool:
        """Records ``check_in`` unless it was already, and schedules the next; False when another
        press recorded it first."""
        recorded = self.session.connection().execute(
            update(CoachingCheckIn)
            .where(
                CoachingCheckIn.id == check_in.id,
                CoachingCheckIn.workspace_id == self.workspace_id,
                CoachingCheckIn.done_at.is_(None),
            )
            .values(
                notes=notes, next_steps=next_steps, done_by_id=done_by_id, done_on=done_on, done_at=utcnow()
            )
        )
        if recorded.rowcount != 1:
            return False
        if next_number is not None and next_due is not None:
            plan = self.coaching_plan(check_in.plan_id)
            self.schedule_coaching_check_in(plan, number=next_number, due=next_due)
        return True

    def change_coaching_plan(self, plan: CoachingPlan, *, seen_version: int, **values: object) -> bool:
        """One change of ``plan`` if it is still at ``seen_version``; False when it is not."""
        changed = self.session.connection().execute(
            update(CoachingPlan)
            .where(
                CoachingPlan.id == plan.id,
                CoachingPlan.workspace_id == self.workspace_id,
                CoachingPlan.version == seen_version,
            )
            .values(version=seen_version + 1, updated_at=utcnow(), **values)
        )
        return changed.rowcount == 1

    def open_coaching_plans_for(self, *, person_ids: Sequence[int], manager_id: int) -> list[CoachingPlan]:
        """Open plans of ``person_ids`` or started by ``manager_id``, the next check-in first."""
        whose = [CoachingPlan.manager_id == manager_id]
        if person_ids:
            whose.append(CoachingPlan.person_id.in_(sorted(person_ids)))
        return list(
            self.session.exec(
                select(CoachingPlan)
                .where(
                    CoachingPlan.workspace_id == self.workspace_id,
                    CoachingPlan.open_key.is_not(None),
                    or_(*whose),
                )
                .order_by(CoachingPlan.ends_on, CoachingPlan.id)
                .limit(10)
            ).all()
        )

    def coaching_weekly_revenue(self, person_id: int, start: date, end: date) -> dict[int, Decimal]:
        """The person's revenue (sales not lost) per week from ``start`` (week 0 is its first seven
        days) to ``end``: one aggregate grouped by week, on ``ix_sale_progress``."""
        days = cast(_days_between(self.session, literal(start, Date), Sale.ordered_on), Integer)
        week = days.op("/")(7).label("week")
        query = (
            select(week, func.sum(Sale.amount))
            .where(
                Sale.workspace_id == self.workspace_id,
                Sale.ordered_on >= start,
                Sale.ordered_on <= end,
                Sale.person_id == person_id,
                Sale.lost_on.is_(None),
            )
            .group_by("week")
        )
        return {int(n): Decimal(total or 0) for n, total in self.session.exec(query).all()}

    # -- the scheduler's side ------------------------------------------------------------------

    def coaching_check_ins_due(self, through: date) -> list[tuple[CoachingCheckIn, CoachingPlan]]:
        """Check-ins on or before ``through``, neither recorded nor reminded, of open plans."""
        return list(
            self.session.exec(
                select(CoachingCheckIn, CoachingPlan)
                .join(CoachingPlan, CoachingPlan.id == CoachingCheckIn.plan_id)
                .where(
                    CoachingCheckIn.workspace_id == self.workspace_id,
                    CoachingPlan.workspace_id == self.workspace_id,
                    CoachingCheckIn.done_at.is_(None),
                    CoachingCheckIn.reminded_at.is_(None),
                    CoachingCheckIn.due_on <= through,
                    CoachingPlan.open_key.is_not(None),
                )
                .order_by(CoachingCheckIn.due_on, CoachingCheckIn.id)
            ).all()
        )

    def coaching_ends_due(self, through: date) -> list[CoachingPlan]:
        """Open plans ending on or before ``through`` whose end has not been reminded."""
        return list(
            self.session.exec(
                select(CoachingPlan)
                .where(
                    CoachingPlan.workspace_id == self.workspace_id,
                    CoachingPlan.open_key.is_not(None),
                    CoachingPlan.end_reminded_at.is_(None),
                    CoachingPlan.ends_on <= through,
                )
                .order_by(CoachingPlan.ends_on, CoachingPlan.id)
            ).all()
        )


def workspaces_with_coaching_due(engine: Engine, through: date) -> list[str]:
    """The Slack team ids of the workspaces with a check-in or an end of a plan to remind."""
    check_ins = select(CoachingCheckIn.workspace_id).where(
        CoachingCheckIn.done_at.is_(None),
        CoachingCheckIn.reminded_at.is_(None),
        CoachingCheckIn.due_on <= through,
    )
    ends = select(CoachingPlan.workspace_id).where(
        CoachingPlan.open_key.is_not(None),
        CoachingPlan.end_reminded_at.is_(None),
        CoachingPlan.ends_on <= through,
    )
    return team_ids_where(engine, or_(Workspace.id.in_(check_ins), Workspace.id.in_(ends)))


def claim_check_in_reminder(engine: Engine, check_in_id: int, *, at: datetime) -> bool:
    """Marks the check-in reminded, in its own committed transaction, unless it was already (or
    was recorded meanwhile): only the runner whose UPDATE matched sends it."""
    with session_scope(engine) as session:
        claimed = session.connection().execute(
            update(CoachingCheckIn)
            .where(
                CoachingCheckIn.id == check_in_id,
                CoachingCheckIn.reminded_at.is_(None),
                CoachingCheckIn.done_at.is_(None),
            )
            .values(reminded_at=at)
        )
        return claimed.rowcount == 1


def claim_end_reminder(engine: Engine, plan_id: int, *, ends_on: date, at: datetime) -> bool:
    """Marks the plan's end reminded for the end date it was worked out for, once."""
    with session_scope(engine) as session:
        claimed = session.connection().execute(
            update(CoachingPlan)
            .where(
                CoachingPlan.id == plan_id,
                CoachingPlan.end_reminded_at.is_(None),
                CoachingPlan.open_key.is_not(None),
                CoachingPlan.ends_on == ends_on,
            )
            .values(end_reminded_at=at)
        )
        return claimed.rowcount == 1
