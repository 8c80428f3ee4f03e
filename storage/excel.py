"""Queries for Excel exports and imports: rows streamed in batches, every one in the workspace.

The export's big sheets (sales, above all) are read with ``yield_per``: rows come from the
database a batch at a time (a server-side cursor on PostgreSQL), as plain column tuples rather
than ORM objects, so a million sales never sit in memory at once. An import writes its sales
in batches of Core inserts inside the request's one transaction.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from datetime import date

from sqlalchemy import func, insert, or_
from sqlmodel import Session, select

from storage.models import (
    CoachingCheckIn,
    CoachingPlan,
    Diagnosis,
    Feedback,
    GoalRevision,
    Kudos,
    Nomination,
    Person,
    Product,
    Sale,
    TrainingCompletion,
    TrainingItem,
)

_BATCH = 5000


class ExcelQueries:
    session: Session
    workspace_id: int

    def _stream(self, query) -> Iterator:
        result = self.session.execute(query, execution_options={"yield_per": _BATCH})
        yield from result

    def sales_for_export(self, person_ids: Collection[int] | None, start: date, end: date) -> Iterator:
        """Sales ordered in [start, end] of ``person_ids`` (everyone's when None), oldest first,
        with their owner's and product's names: rows with the columns' names as attributes."""
        if person_ids is not None and not person_ids:
            return iter(())
        conditions = [
            Sale.workspace_id == self.workspace_id,
            Sale.ordered_on >= start,
            Sale.ordered_on <= end,
        ]
        if person_ids is not None:
            conditions.append(Sale.person_id.in_(sorted(person_ids)))
        query = (
            select(
                Sale.id,
                Sale.ordered_on,
                Person.name.label("person"),
                Product.name.label("product"),
                Sale.customer,
                Sale.segment_id,
                Sale.amount,
                Sale.units,
                Sale.promised_on,
                Sale.delivered_on,
                Sale.followed_up_on,
                Sale.lost_on,
                Sale.lost_reason,
                Sale.lost_note,
                Sale.source,
                Sale.request_key,
            )
            .join(Person, Person.id == Sale.person_id)
            .outerjoin(Product, Product.id == Sale.product_id)
            .where(*conditions)
            .order_by(Sale.ordered_on, Sale.id)
        )
        return self._stream(query)

    def feedback_for_export(self, person_ids: Collection[int] | None, start: date, end: date) -> Iterator:
        """Customer answers given in [start, end] about ``person_ids`` (everyone when None)."""
        if person_ids is not None and not person_ids:
            return iter(())
        conditions = [
            Feedback.workspace_id == self.workspace_id,
            Feedback.given_on >= start,
            Feedback.given_on <= end,
        ]
        if person_ids is not None:
            conditions.append(Feedback.person_id.in_(sorted(person_ids)))
        query = (
            select(
                Feedback.given_on,
                Feedback.customer,
                Person.name.label("person"),
                Product.name.label("product"),
                Feedback.stage,
                Feedback.score,
                Feedback.scale,
                Feedback.comment,
                Feedback.source,
            )
            .outerjoin(Person, Person.id == Feedback.person_id)
            .outerjoin(Product, Product.id == Feedback.product_id)
            .where(*conditions)
            .order_by(Feedback.given_on, Feedback.id)
        )
        return self._stream(query)

    def completions_for_export(self, person_ids: Collection[int] | None, start: date, end: date) -> Iterator:
        """Trainings completed in [start, end] by ``person_ids`` (everyone when None)."""
        if person_ids is not None and not person_ids:
            return iter(())
        conditions = [
            TrainingCompletion.workspace_id == self.workspace_id,
            TrainingCompletion.completed_on >= start,
            TrainingCompletion.completed_on <= end,
        ]
        if person_ids is not None:
            conditions.append(TrainingCompletion.person_id.in_(sorted(person_ids)))
        query = (
            select(
                Person.name.label("person"),
                TrainingItem.title,
                TrainingItem.topic,
                TrainingCompletion.due_on,
                TrainingCompletion.completed_on,
            )
            .join(Person, Person.id == TrainingCompletion.person_id)
            .join(TrainingItem, TrainingItem.id == TrainingCompletion.item_id)
            .where(*conditions)
            .order_by(TrainingCompletion.completed_on, TrainingCompletion.id)
        )
        return self._stream(query)

    def diagnoses_for_export(self, start: date, end: date) -> list[Diagnosis]:
        """Diagnoses of periods that overlap [start, end]; the caller keeps those the reader may see."""
        return list(
            self.session.exec(
                select(Diagnosis)
                .where(
                    Diagnosis.workspace_id == self.workspace_id,
                    Diagnosis.period_start <= end,
                    Diagnosis.period_end >= start,
                )
                .order_by(Diagnosis.period_start, Diagnosis.id)
            ).all()
        )

    def kudos_for_export(self, start: date, end: date) -> Iterator:
        """Kudos given in [start, end], oldest first; the caller keeps those the reader may see."""
        query = (
            select(
                Kudos.id,
                Kudos.given_on,
                Kudos.giver_id,
                Kudos.receiver_id,
                Kudos.reason,
                Kudos.channel_id,
            )
            .where(Kudos.workspace_id == self.workspace_id, Kudos.given_on >= start, Kudos.given_on <= end)
            .order_by(Kudos.given_on, Kudos.id)
        )
        return self._stream(query)

    def nominations_for_export(self, person_ids: Collection[int] | None) -> list[Nomination]:
        """Every nomination of ``person_ids`` (everyone's when None), oldest first: a workspace
        has few, and the caller keeps those of the export's period."""
        if person_ids is not None and not person_ids:
            return []
        conditions = [Nomination.workspace_id == self.workspace_id]
        if person_ids is not None:
            conditions.append(Nomination.person_id.in_(sorted(person_ids)))
        return list(
            self.session.exec(
                select(Nomination).where(*conditions).order_by(Nomination.created_at, Nomination.id)
            ).all()
        )

    def coaching_plans_for_export(self, start: date, end: date) -> list[CoachingPlan]:
        """Coaching plans running at some time in [start, end]: started by its end, and still open
        or ended (or due to end) on or after its start. The caller keeps those the reader may see."""
        return list(
            self.session.exec(
                select(CoachingPlan)
                .where(
                    CoachingPlan.workspace_id == self.workspace_id,
                    CoachingPlan.starts_on <= end,
                    or_(
                        CoachingPlan.open_key.is_not(None),
                        func.coalesce(CoachingPlan.ended_on, CoachingPlan.ends_on) >= start,
                    ),
                )
                .order_by(CoachingPlan.starts_on, CoachingPlan.id)
            ).all()
        )

    def coaching_check_ins_of(self, plan_ids: Collection[int]) -> dict[int, list[CoachingCheckIn]]:
        """Each plan's check-ins, in order."""
        return self._rows_by(
            CoachingCheckIn,
            CoachingCheckIn.plan_id,
            plan_ids,
            CoachingCheckIn.plan_id,
            CoachingCheckIn.number,
        )

    def revisions_of_goals(self, goal_ids: Collection[int]) -> dict[int, list[GoalRevision]]:
        """Each goal's revisions, oldest first."""
        return self._rows_by(
            GoalRevision, GoalRevision.goal_id, goal_ids, GoalRevision.created_at, GoalRevision.id
        )

    def _rows_by(self, model, parent, parent_ids: Collection[int], *order) -> dict[int, list]:
        """``model``'s rows grouped by ``parent``, read 500 parents at a time (a bound list that
        every backend takes)."""
        found: dict[int, list] = {}
        ids = sorted(parent_ids)
        for index in range(0, len(ids), 500):
            rows = self.session.exec(
                select(model)
                .where(model.workspace_id == self.workspace_id, parent.in_(ids[index : index + 500]))
                .order_by(*order)
            ).all()
            for row in rows:
                found.setdefault(getattr(row, parent.key), []).append(row)
        return found

    # -- imports --------------------------------------------------------------------------

    def existing_sale_keys(self, keys: Iterable[str]) -> set[str]:
        """Which of ``keys`` (sales' request keys) this workspace has already."""
        keys = list(keys)
        found: set[str] = set()
        for index in range(0, len(keys), 500):
            found.update(
                self.session.exec(
                    select(Sale.request_key).where(
                        Sale.workspace_id == self.workspace_id,
                        Sale.request_key.in_(keys[index : index + 500]),
                    )
                ).all()
            )
        return found

    def add_sales(self, rows: Iterable[dict]) -> int:
        """Inserts sales (the columns of ``Sale`` by name) in batches; returns how many."""
        count = 0
        batch: list[dict] = []
        for row in rows:
            batch.append({**row, "workspace_id": self.workspace_id})
            if len(batch) >= _BATCH:
                count += self._insert_sales(batch)
                batch = []
        if batch:
            count += self._insert_sales(batch)
        return count

    def _insert_sales(self, batch: Sequence[dict]) -> int:
        self.session.execute(insert(Sale), list(batch))
        return len(batch)
