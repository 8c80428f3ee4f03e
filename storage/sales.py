"""Workspace-scoped sales queries, mixed into `storage.store.Store`.

Methods use ``self.session`` and ``self.workspace_id``; every query filters by the workspace.
Sales through their lifecycle (write, read, open orders, a period's sales) and time off (write,
list).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from decimal import Decimal

from sqlalchemy import case, func
from sqlmodel import Session, select

from salesbot.results import SalesTally
from salesbot.sales import SaleLabels
from storage.models import Person, Product, Sale, Segment, TimeOff, utcnow


class SaleQueries:
    session: Session
    workspace_id: int
    asker: Person | None

    # -- sales ----------------------------------------------------------------------------
    def sale(self, sale_id: int) -> Sale | None:
        sale = self.session.get(Sale, sale_id)
        return sale if sale is not None and sale.workspace_id == self.workspace_id else None

    def add_sale(self, **fields: object) -> Sale:
        sale = Sale(workspace_id=self.workspace_id, **fields)
        self.session.add(sale)
        self.session.flush()
        return sale

    def save_sale(self, sale: Sale) -> Sale:
        if sale.workspace_id != self.workspace_id:
            raise ValueError("sale belongs to another workspace")
        sale.updated_at = utcnow()
        self.session.add(sale)
        self.session.flush()
        return sale

    def delete_sale(self, sale: Sale) -> None:
        if sale.workspace_id != self.workspace_id:
            raise ValueError("sale belongs to another workspace")
        self.session.delete(sale)
        self.session.flush()

    def _open(self, person_ids: Collection[int]):
        # Open: neither lost nor followed up (delivered ones still await their follow-up).
        return (
            Sale.workspace_id == self.workspace_id,
            Sale.person_id.in_(list(person_ids)),
            Sale.lost_on.is_(None),
            Sale.followed_up_on.is_(None),
        )

    def open_orders(self, person_id: int, *, limit: int = 10) -> list[Sale]:
        """A person's sales not lost and not followed up; the oldest promised (else ordered) first."""
        return self.open_orders_of([person_id], limit=limit)

    def count_open_orders(self, person_id: int) -> int:
        return self.count_open_orders_of([person_id])

    def open_orders_of(self, person_ids: Collection[int], *, limit: int = 10, offset: int = 0) -> list[Sale]:
        """``open_orders`` for several people at once (a team), ``offset`` rows in."""
        if not person_ids:
            return []
        due = func.coalesce(Sale.promised_on, Sale.ordered_on)
        return list(
            self.session.exec(
                select(Sale)
                .where(*self._open(person_ids))
                .order_by(due, Sale.ordered_on, Sale.id)
                .offset(offset)
                .limit(limit)
            ).all()
        )

    def count_open_orders_of(self, person_ids: Collection[int]) -> int:
        if not person_ids:
            return 0
        return self.session.exec(select(func.count()).select_from(Sale).where(*self._open(person_ids))).one()

    def _ordered_in(self, person_ids: Collection[int] | None, start: date, end: date):
        # The period's range on ix_sale_progress (workspace_id, ordered_on, person_id, …).
        conditions = [
            Sale.workspace_id == self.workspace_id,
            Sale.ordered_on >= start,
            Sale.ordered_on <= end,
        ]
        if person_ids is not None:
            conditions.append(Sale.person_id.in_(list(person_ids)))
        return conditions

    def sales_ordered_in(
        self, person_ids: Collection[int] | None, start: date, end: date, *, limit: int, offset: int = 0
    ) -> list[Sale]:
        """The sales of ``person_ids`` (everyone's when None) ordered between ``start`` and ``end``
        (inclusive), open or closed: the newest order first, the last recorded first on a day."""
        if person_ids is not None and not person_ids:
            return []
        return list(
            self.session.exec(
                select(Sale)
                .where(*self._ordered_in(person_ids, start, end))
                .order_by(Sale.ordered_on.desc(), Sale.id.desc())
                .offset(offset)
                .limit(limit)
            ).all()
        )

    def tally_sales_ordered_in(
        self, person_ids: Collection[int] | None, start: date, end: date
    ) -> SalesTally:
        """How many sales ``sales_ordered_in`` finds in all, the amount of those not lost, and how
        many were lost: one query."""
        if person_ids is not None and not person_ids:
            return SalesTally()
        won = func.coalesce(func.sum(case((Sale.lost_on.is_(None), Sale.amount), else_=0)), 0)
        count, amount, lost = self.session.exec(
            select(func.count(), won, func.count(Sale.lost_on)).where(
                *self._ordered_in(person_ids, start, end)
            )
        ).one()
        return SalesTally(count=count, won=Decimal(amount), lost=lost)

    def sale_labels(self, sales: Collection[Sale]) -> SaleLabels:
        """Product names, owners' Slack user ids and segments for showing ``sales``: up to three
        small queries (none for the owner when that is the person asking, whom the store holds)."""
        product_ids = {sale.product_id for sale in sales if sale.product_id is not None}
        person_ids = {sale.person_id for sale in sales}
        asker = self.asker
        known = {asker.id: asker.slack_user_id} if asker is not None and asker.id in person_ids else {}
        person_ids -= known.keys()
        products = (
            self.session.exec(
                select(Product.id, Product.name).where(
                    Product.workspace_id == self.workspace_id, Product.id.in_(list(product_ids))
                )
            ).all()
            if product_ids
            else []
        )
        owners = (
            self.session.exec(
                select(Person.id, Person.slack_user_id).where(
                    Person.workspace_id == self.workspace_id, Person.id.in_(list(person_ids))
                )
            ).all()
            if person_ids
            else []
        )
        segment_ids = {sale.segment_id for sale in sales if sale.segment_id is not None}
        segments = (
            self.session.exec(
                select(Segment).where(
                    Segment.workspace_id == self.workspace_id, Segment.id.in_(list(segment_ids))
                )
            ).all()
            if segment_ids
            else []
        )
        return SaleLabels(
            products=dict(products),
            owners=known | dict(owners),
            segments={segment.id: segment for segment in segments},
        )

    def recent_sale_amounts(
        self, person_id: int | None, *, since: date, until: date, limit: int
    ) -> list[Decimal]:
        """The amounts of a person's (everyone's with ``None``) latest sales not lost, ordered in
        [since, until]: what ``salesbot.sale_checks`` takes the usual sale from."""
        whose = [Sale.person_id == person_id] if person_id is not None else []
        return list(
            self.session.exec(
                select(Sale.amount)
                .where(
                    Sale.workspace_id == self.workspace_id,
                    *whose,
                    Sale.lost_on.is_(None),
                    Sale.ordered_on >= since,
                    Sale.ordered_on <= until,
                )
                .order_by(Sale.ordered_on.desc(), Sale.id.desc())
                .limit(limit)
            ).all()
        )

    # -- time off -------------------------------------------------------------------------
    def time_off_entry(self, time_off_id: int) -> TimeOff | None:
        entry = self.session.get(TimeOff, time_off_id)
        return entry if entry is not None and entry.workspace_id == self.workspace_id else None

    def time_off_touching(self, person_id: int, start: date, end: date) -> list[TimeOff]:
        """A person's entries with at least one day in [start, end], earliest first."""
        return list(
            self.session.exec(
                select(TimeOff)
                .where(
                    TimeOff.workspace_id == self.workspace_id,
                    TimeOff.person_id == person_id,
                    TimeOff.start <= end,
                    TimeOff.end >= start,
                )
                .order_by(TimeOff.start, TimeOff.id)
            ).all()
        )

    def add_time_off(self, **fields: object) -> TimeOff:
        entry = TimeOff(workspace_id=self.workspace_id, **fields)
        self.session.add(entry)
        self.session.flush()
        return entry

    def save_time_off(self, entry: TimeOff) -> TimeOff:
        if entry.workspace_id != self.workspace_id:
            raise ValueError("time off belongs to another workspace")
        self.session.add(entry)
        self.session.flush()
        return entry

    def delete_time_off(self, entry: TimeOff) -> None:
        if entry.workspace_id != self.workspace_id:
            raise ValueError("time off belongs to another workspace")
        self.session.delete(entry)
        self.session.flush()

    def _listed(self, person_ids: Collection[int] | None, since: date):
        conditions = [TimeOff.workspace_id == self.workspace_id, TimeOff.end >= since]
        if person_ids is not None:
            conditions.append(TimeOff.person_id.in_(list(person_ids)))
        return conditions

    def listed_time_off(
        self, person_ids: Collection[int] | None, *, today: date, since: date, limit: int = 20
    ) -> Sequence[tuple[TimeOff, Person]]:
        """Entries not over by ``since`` with their person, everyone's when ``None``: those not
        over by ``today`` first, soonest first, then the others, the latest ended first."""
        ended = TimeOff.end < today
        return self.session.exec(
            select(TimeOff, Person)
            .join(Person, Person.id == TimeOff.person_id)
            .where(*self._listed(person_ids, since))
            .order_by(
                case((ended, 1), else_=0),
                case((ended, TimeOff.end), else_=None).desc(),
                TimeOff.start,
                Person.name,
                TimeOff.id,
            )
            .limit(limit)
        ).all()

    def count_listed_time_off(self, person_ids: Collection[int] | None, *, since: date) -> int:
        return self.session.exec(
            select(func.count()).select_from(TimeOff).where(*self._listed(person_ids, since))
        ).one()
