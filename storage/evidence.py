"""Workspace-scoped aggregates for a diagnosis step's evidence, mixed into `storage.store.Store`.

Each query splits its rows in two with one CASE on the person — the subject's people or everyone
else in the workspace — and groups on it, so the subject's figure and the rest of the company's
come from the same scan. Sales are read over the covering index ``ix_sale_progress`` (the period,
the person, the product, lost or not, amount and units), feedback over ``ix_feedback_figures``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from datetime import date
from decimal import Decimal

from sqlalchemy import case, func
from sqlmodel import Session, select

from salesbot.evidence import ProductDeliveries, ProductSales, SegmentSales
from storage.digests import _days_between
from storage.models import Feedback, Sale, TrainingCompletion


def _side(column, person_ids: Collection[int]):
    """True for the subject's people, False for everyone else."""
    return case((column.in_(sorted(set(person_ids))), True), else_=False)


class EvidenceQueries:
    session: Session
    workspace_id: int

    def _evidence_sales_in(self, start: date, end: date, among: Collection[int] | None = None) -> list:
        conditions = [
            Sale.workspace_id == self.workspace_id,
            Sale.ordered_on >= start,
            Sale.ordered_on <= end,
        ]
        if among is not None:
            conditions.append(Sale.person_id.in_(sorted(set(among))))
        return conditions

    def evidence_sales(
        self, start: date, end: date, person_ids: Collection[int], among: Collection[int] | None = None
    ) -> list[ProductSales]:
        """Per side and product, the orders of [start, end]: all of them, and of those not lost
        their number, revenue and units (``among``: only those people's)."""
        side = _side(Sale.person_id, person_ids)
        won = Sale.lost_on.is_(None)
        query = (
            select(
                side,
                Sale.product_id,
                func.count(),
                func.sum(case((won, 1), else_=0)),
                func.coalesce(func.sum(case((won, Sale.amount), else_=0)), 0),
                func.coalesce(func.sum(case((won, Sale.units), else_=0)), 0),
            )
            .where(*self._evidence_sales_in(start, end, among))
            .group_by(side, Sale.product_id)
        )
        return [
            ProductSales(
                bool(mine), product_id, int(orders), int(won_count or 0), Decimal(revenue), int(units)
            )
            for mine, product_id, orders, won_count, revenue, units in self.session.exec(query).all()
        ]

    def evidence_sellers(
        self, start: date, end: date, person_ids: Collection[int], among: Collection[int] | None = None
    ) -> dict[bool, int]:
        """Per side, how many people ordered anything in [start, end]."""
        side = _side(Sale.person_id, person_ids)
        query = (
            select(side, func.count(func.distinct(Sale.person_id)))
            .where(*self._evidence_sales_in(start, end, among))
            .group_by(side)
        )
        found = {True: 0, False: 0}
        found.update({bool(mine): int(count) for mine, count in self.session.exec(query).all()})
        return found

    def evidence_segments(self, start: date, end: date, person_ids: Collection[int]) -> list[SegmentSales]:
        """Per side and customer segment, the orders of [start, end] not lost (sales with a
        segment only): the period on ``ix_sale_progress``, the segment read from the row (a month of
        a million sales reads a few tens of thousands)."""
        side = _side(Sale.person_id, person_ids)
        query = (
            select(side, Sale.segment_id, func.count())
            .where(*self._evidence_sales_in(start, end), Sale.segment_id.is_not(None), Sale.lost_on.is_(None))
            .group_by(side, Sale.segment_id)
        )
        return [
            SegmentSales(bool(mine), segment_id, int(count))
            for mine, segment_id, count in self.session.exec(query).all()
        ]

    def evidence_deliveries(
        self, start: date, end: date, person_ids: Collection[int], today: date
    ) -> list[ProductDeliveries]:
        """Per side and product, of the orders of [start, end] with a promised date: delivered,
        delivered late, the days late in all, and open past their promised date on ``today``."""
        side = _side(Sale.person_id, person_ids)
        delivered = Sale.delivered_on.is_not(None)
        late = Sale.delivered_on > Sale.promised_on
        query = (
            select(
                side,
                Sale.product_id,
                func.sum(case((delivered, 1), else_=0)),
                func.sum(case((late, 1), else_=0)),
                func.coalesce(
                    func.sum(
                        case(
                            (late, _days_between(self.session, Sale.promised_on, Sale.delivered_on)), else_=0
                        )
                    ),
                    0,
                ),
                func.sum(
                    case(
                        (
                            Sale.delivered_on.is_(None) & Sale.lost_on.is_(None) & (Sale.promised_on < today),
                            1,
                        ),
                        else_=0,
                    )
                ),
            )
            .where(*self._evidence_sales_in(start, end), Sale.promised_on.is_not(None))
            .group_by(side, Sale.product_id)
        )
        return [
            ProductDeliveries(
                bool(mine), product_id, int(done or 0), int(slow or 0), int(days or 0), int(overdue or 0)
            )
            for mine, product_id, done, slow, days, overdue in self.session.exec(query).all()
        ]

    def evidence_lost_reasons(
        self, start: date, end: date, person_ids: Collection[int]
    ) -> dict[bool, dict[str, int]]:
        """Per side, the orders of [start, end] lost, by reason."""
        side = _side(Sale.person_id, person_ids)
        query = (
            select(side, Sale.lost_reason, func.count())
            .where(*self._evidence_sales_in(start, end), Sale.lost_on.is_not(None))
            .group_by(side, Sale.lost_reason)
        )
        found: dict[bool, dict[str, int]] = {True: {}, False: {}}
        for mine, reason, count in self.session.exec(query).all():
            found[bool(mine)][reason or "other"] = found[bool(mine)].get(reason or "other", 0) + int(count)
        return found

    def evidence_feedback(
        self, start: date, end: date, scale: str, person_ids: Collection[int]
    ) -> dict[bool, dict[str, dict[int, int]]]:
        """Per side and stage, how many answers on ``scale`` given in [start, end] gave each score.
        Answers about no rep count with the others (the company's)."""
        side = _side(Feedback.person_id, person_ids)
        query = (
            select(side, Feedback.stage, Feedback.score, func.count())
            .where(
                Feedback.workspace_id == self.workspace_id,
                Feedback.scale == scale,
                Feedback.given_on >= start,
                Feedback.given_on <= end,
            )
            .group_by(side, Feedback.stage, Feedback.score)
        )
        found: dict[bool, dict[str, dict[int, int]]] = {True: defaultdict(dict), False: defaultdict(dict)}
        for mine, stage, score, count in self.session.exec(query).all():
            found[bool(mine)][stage][int(score)] = int(count)
        return {mine: dict(stages) for mine, stages in found.items()}

    def evidence_completions(self, start: date, end: date, person_ids: Collection[int]) -> dict[bool, int]:
        """Per side, the trainings completed in [start, end] (``ix_training_completion_period``)."""
        side = _side(TrainingCompletion.person_id, person_ids)
        query = (
            select(side, func.count())
            .where(
                TrainingCompletion.workspace_id == self.workspace_id,
                TrainingCompletion.completed_on >= start,
                TrainingCompletion.completed_on <= end,
            )
            .group_by(side)
        )
        found = {True: 0, False: 0}
        found.update({bool(mine): int(count) for mine, count in self.session.exec(query).all()})
        return found
