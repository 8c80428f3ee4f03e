"""Workspace-scoped progress queries, mixed into `storage.store.Store`.

Methods use ``self.session`` and ``self.workspace_id``; every query filters by the workspace.
Sales are only ever summed in SQL, over the covering index ``ix_sale_progress``
(workspace, ordered date, person, product, lost date, amount, units): a period's filter,
the grouping and the summed columns all come from the index, never from the rows.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import and_, func, or_, update
from sqlmodel import Session, select

from salesbot.progress import SaleWindow, Totals
from salesbot.teams import MEMBER
from storage.models import Goal, Person, Sale, TeamMembership, TimeOff

# Above this many people a per-person sum reads the whole period and keeps the wanted rows:
# a long IN list can lead a planner away from the covering index into per-person lookups.
PERSON_FILTER_LIMIT = 200


class ProgressQueries:
    session: Session
    workspace_id: int

    # -- goals ----------------------------------------------------------------------------
    def goals_for(
        self,
        *,
        covering: date | None = None,
        within: tuple[date, date] | None = None,
        person_ids: Collection[int] = (),
        team_ids: Collection[int] = (),
        company: bool = False,
    ) -> list[Goal]:
        """Goals of the given people, teams and/or the company whose period includes
        ``covering`` or lies within ``within`` (both ends inclusive)."""
        subjects = []
        if person_ids:
            subjects.append(and_(Goal.scope == "person", Goal.person_id.in_(sorted(person_ids))))
        if team_ids:
            subjects.append(and_(Goal.scope == "team", Goal.team_id.in_(sorted(team_ids))))
        if company:
            subjects.append(Goal.scope == "company")
        if not subjects:
            return []
        query = select(Goal).where(Goal.workspace_id == self.workspace_id, or_(*subjects))
        if covering is not None:
            query = query.where(Goal.period_start <= covering, Goal.period_end >= covering)
        if within is not None:
            query = query.where(Goal.period_start >= within[0], Goal.period_end <= within[1])
        return list(self.session.exec(query.order_by(Goal.period_start, Goal.period_end, Goal.id)).all())

    def person_goals_within(self, start: date, end: date, *, metric: str) -> list[Goal]:
        """Everyone's person goals of ``metric`` whose period lies within [start, end]."""
        return list(
            self.session.exec(
                select(Goal)
                .where(
                    Goal.workspace_id == self.workspace_id,
                    Goal.scope == "person",
                    Goal.metric == metric,
                    Goal.period_start >= start,
                    Goal.period_end <= end,
                )
                .order_by(Goal.id)
            ).all()
        )

    def open_goals_ended_before(self, day: date) -> list[Goal]:
        return list(
            self.session.exec(
                select(Goal)
                .where(Goal.workspace_id == self.workspace_id, Goal.period_end < day, Goal.status == "open")
                .order_by(Goal.id)
            ).all()
        )

    def close_goal(self, goal: Goal, *, status: str, actual: Decimal, closed_at: datetime) -> bool:
        """Marks an open goal reached or missed. False when another request closed it first."""
        result = self.session.exec(
            update(Goal)
            .where(Goal.workspace_id == self.workspace_id, Goal.id == goal.id, Goal.status == "open")
            .values(status=status, actual_at_close=actual, closed_at=closed_at, updated_at=closed_at)
        )
        if result.rowcount != 1:
            return False
        self.session.refresh(goal)
        return True

    # -- people ---------------------------------------------------------------------------
    def member_ids(self, team_ids: Iterable[int]) -> dict[int, set[int]]:
        """The current members (not managers) of each team, by team id."""
        team_ids = sorted(set(team_ids))
        members: dict[int, set[int]] = {team_id: set() for team_id in team_ids}
        if not team_ids:
            return members
        rows = self.session.exec(
            select(TeamMembership.team_id, TeamMembership.person_id).where(
                TeamMembership.workspace_id == self.workspace_id,
                TeamMembership.team_id.in_(team_ids),
                TeamMembership.role == MEMBER,
            )
        ).all()
        for team_id, person_id in rows:
            members[team_id].add(person_id)
        return members

    def people_by_ids(self, person_ids: Iterable[int]) -> dict[int, Person]:
        person_ids = sorted(set(person_ids))
        if not person_ids:
            return {}
        rows = self.session.exec(
            select(Person).where(Person.workspace_id == self.workspace_id, Person.id.in_(person_ids))
        ).all()
        return {person.id: person for person in rows}

    def time_off_ranges(
        self, person_ids: Iterable[int], start: date, end: date
    ) -> dict[int, list[tuple[date, date]]]:
        """Each person's time off that overlaps [start, end]."""
        person_ids = sorted(set(person_ids))
        ranges: dict[int, list[tuple[date, date]]] = {}
        if not person_ids:
            return ranges
        rows = self.session.exec(
            select(TimeOff.person_id, TimeOff.start, TimeOff.end)
            .where(
                TimeOff.workspace_id == self.workspace_id,
                TimeOff.person_id.in_(person_ids),
                TimeOff.start <= end,
                TimeOff.end >= start,
            )
            .order_by(TimeOff.start)
        ).all()
        for person_id, first, last in rows:
            ranges.setdefault(person_id, []).append((first, last))
        return ranges

    # -- sales, summed ----------------------------------------------------------------------
    def _sales_in(self, window: SaleWindow) -> list:
        conditions = [
            Sale.workspace_id == self.workspace_id,
            Sale.ordered_on >= window.start,
            Sale.ordered_on <= window.end,
            Sale.lost_on.is_(None),
        ]
        if window.product_id is not None:
            conditions.append(Sale.product_id == window.product_id)
        return conditions

    def sale_total(self, window: SaleWindow) -> Totals:
        """All the workspace's sales in ``window``: one aggregate."""
        revenue, units, deals = self.session.exec(
            select(func.sum(Sale.amount), func.sum(Sale.units), func.count()).where(*self._sales_in(window))
        ).one()
        return Totals(Decimal(revenue or 0), int(units or 0), int(deals or 0))

    def sale_totals_by_person(
        self, window: SaleWindow, person_ids: Collection[int] | None = None
    ) -> dict[int, Totals]:
        """Sales in ``window`` per person (people without sales are absent): one grouped aggregate.

        ``person_ids`` narrows it to those people; None means everyone.
        """
        query = (
            select(Sale.person_id, func.sum(Sale.amount), func.sum(Sale.units), func.count())
            .where(*self._sales_in(window))
            .group_by(Sale.person_id)
        )
        wanted = None if person_ids is None else set(person_ids)
        if wanted is not None:
            if not wanted:
                return {}
            if len(wanted) <= PERSON_FILTER_LIMIT:
                query = query.where(Sale.person_id.in_(sorted(wanted)))
        totals = {
            person_id: Totals(Decimal(revenue or 0), int(units or 0), int(deals))
            for person_id, revenue, units, deals in self.session.exec(query).all()
        }
        if wanted is not None and len(wanted) > PERSON_FILTER_LIMIT:
            totals = {person_id: total for person_id, total in totals.items() if person_id in wanted}
        return totals
