"""Workspace-scoped goals queries, mixed into `storage.store.Store`.

Methods use ``self.session`` and ``self.workspace_id``; every query filters by the workspace.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import date
from decimal import Decimal

from sqlalchemy import func, or_
from sqlmodel import Session, select

from salesbot.goals import MemberGoal
from salesbot.teams import MEMBER
from storage.models import Goal, GoalRevision, Person, Product, Team, TeamMembership, utcnow


class GoalQueries:
    session: Session
    workspace_id: int

    # -- goals ------------------------------------------------------------------------
    def goal_by_key(self, goal_key: str) -> Goal | None:
        return self.session.exec(
            select(Goal).where(Goal.workspace_id == self.workspace_id, Goal.goal_key == goal_key)
        ).first()

    def goal(self, goal_id: int) -> Goal | None:
        goal = self.session.get(Goal, goal_id)
        return goal if goal is not None and goal.workspace_id == self.workspace_id else None

    def add_goal(self, **fields: object) -> Goal:
        goal = Goal(workspace_id=self.workspace_id, **fields)
        self.session.add(goal)
        self.session.flush()
        return goal

    def save_goal(self, goal: Goal) -> Goal:
        if goal.workspace_id != self.workspace_id:
            raise ValueError("goal belongs to another workspace")
        goal.updated_at = utcnow()
        self.session.add(goal)
        self.session.flush()
        return goal

    def goals_overlapping(
        self,
        start: date,
        end: date,
        *,
        person_ids: Collection[int] | None = None,
        team_ids: Collection[int] | None = None,
        include_company: bool = True,
        limit: int | None = None,
    ) -> Sequence[Goal]:
        """Goals whose period overlaps ``start..end``: company first, then teams, then people.

        ``person_ids``/``team_ids`` of None mean every person/team; an empty collection none.
        """
        query = self._overlapping(select(Goal), start, end, person_ids, team_ids, include_company)
        query = query.order_by(
            # company < person < team alphabetically; this puts teams before people.
            Goal.scope != "company",
            Goal.scope != "team",
            Goal.team_id,
            Goal.person_id,
            Goal.period_start,
            Goal.metric,
            Goal.product_id,
        )
        if limit is not None:
            query = query.limit(limit)
        return self.session.exec(query).all()

    def count_goals_overlapping(
        self,
        start: date,
        end: date,
        *,
        person_ids: Collection[int] | None = None,
        team_ids: Collection[int] | None = None,
        include_company: bool = True,
    ) -> int:
        query = select(func.count()).select_from(Goal)
        query = self._overlapping(query, start, end, person_ids, team_ids, include_company)
        return self.session.exec(query).one()

    def _overlapping(self, query, start, end, person_ids, team_ids, include_company):
        query = query.where(
            Goal.workspace_id == self.workspace_id, Goal.period_start <= end, Goal.period_end >= start
        )
        if person_ids is None and team_ids is None and include_company:
            return query
        allowed = [Goal.scope == "company"] if include_company else []
        allowed.append(
            Goal.scope == "person" if person_ids is None else Goal.person_id.in_(list(person_ids) or [-1])
        )
        allowed.append(Goal.scope == "team" if team_ids is None else Goal.team_id.in_(list(team_ids) or [-1]))
        return query.where(or_(*allowed))

    def goals_of_subject(
        self,
        scope: str,
        subject_id: int | None,
        *,
        start: date | None = None,
        end: date | None = None,
        limit: int = 10,
    ) -> Sequence[Goal]:
        """One person's, team's or the company's goals, the latest period first."""
        query = select(Goal).where(Goal.workspace_id == self.workspace_id, Goal.scope == scope)
        if scope == "person":
            query = query.where(Goal.person_id == subject_id)
        elif scope == "team":
            query = query.where(Goal.team_id == subject_id)
        if start is not None and end is not None:
            query = query.where(Goal.period_start <= end, Goal.period_end >= start)
        query = query.order_by(Goal.period_end.desc(), Goal.metric, Goal.product_id).limit(limit)
        return self.session.exec(query).all()

    # -- revisions ----------------------------------------------------------------------
    def add_goal_revision(self, **fields: object) -> GoalRevision:
        revision = GoalRevision(workspace_id=self.workspace_id, **fields)
        self.session.add(revision)
        self.session.flush()
        return revision

    def goal_revisions(self, goal_id: int, *, limit: int | None = None) -> Sequence[GoalRevision]:
        """A goal's revisions, the newest first."""
        query = (
            select(GoalRevision)
            .where(GoalRevision.workspace_id == self.workspace_id, GoalRevision.goal_id == goal_id)
            .order_by(GoalRevision.created_at.desc(), GoalRevision.id.desc())
        )
        if limit is not None:
            query = query.limit(limit)
        return self.session.exec(query).all()

    def goal_revision_counts(self, goal_ids: Iterable[int]) -> dict[int, int]:
        ids = list(set(goal_ids))
        if not ids:
            return {}
        rows = self.session.exec(
            select(GoalRevision.goal_id, func.count())
            .where(GoalRevision.workspace_id == self.workspace_id, GoalRevision.goal_id.in_(ids))
            .group_by(GoalRevision.goal_id)
        ).all()
        return dict(rows)

    # -- team coverage ------------------------------------------------------------------
    def member_goals_within(self, team_goal: Goal) -> list[MemberGoal]:
        """The team's current members' person goals with ``team_goal``'s metric and product whose
        periods lie inside its period."""
        product_match = (
            Goal.product_id.is_(None)
            if team_goal.product_id is None
            else Goal.product_id == team_goal.product_id
        )
        rows = self.session.exec(
            select(Goal.person_id, Goal.period_start, Goal.period_end, Goal.target)
            .join(
                TeamMembership,
                (TeamMembership.person_id == Goal.person_id)
                & (TeamMembership.workspace_id == self.workspace_id)
                & (TeamMembership.team_id == team_goal.team_id)
                & (TeamMembership.role == MEMBER),
            )
            .where(
                Goal.workspace_id == self.workspace_id,
                Goal.scope == "person",
                Goal.metric == team_goal.metric,
                Goal.period_start >= team_goal.period_start,
                Goal.period_end <= team_goal.period_end,
                product_match,
            )
            .order_by(Goal.person_id, Goal.period_start, Goal.id)
        ).all()
        return [MemberGoal(person, start, end, Decimal(target)) for person, start, end, target in rows]

    def team_member_count(self, team_id: int) -> int:
        return self.session.exec(
            select(func.count())
            .select_from(TeamMembership)
            .where(
                TeamMembership.workspace_id == self.workspace_id,
                TeamMembership.team_id == team_id,
                TeamMembership.role == MEMBER,
            )
        ).one()

    def team_member_people(self, team_id: int) -> Sequence[Person]:
        """The team's current members (not its managers), by name."""
        return self.session.exec(
            select(Person)
            .join(TeamMembership, TeamMembership.person_id == Person.id)
            .where(
                TeamMembership.workspace_id == self.workspace_id,
                TeamMembership.team_id == team_id,
                TeamMembership.role == MEMBER,
                Person.deleted.is_(False),
            )
            .order_by(Person.name)
        ).all()

    # -- names for display --------------------------------------------------------------
    def team_by_id(self, team_id: int) -> Team | None:
        team = self.session.get(Team, team_id)
        return team if team is not None and team.workspace_id == self.workspace_id else None

    def product_by_id(self, product_id: int) -> Product | None:
        product = self.session.get(Product, product_id)
        return product if product is not None and product.workspace_id == self.workspace_id else None

    def goal_subjects(
        self, goals: Iterable[Goal]
    ) -> tuple[dict[int, Person], dict[int, Team], dict[int, Product]]:
        """The people, teams and products ``goals`` name, each fetched in one query."""
        goals = list(goals)
        return (
            self._by_id(Person, {g.person_id for g in goals if g.person_id}),
            self._by_id(Team, {g.team_id for g in goals if g.team_id}),
            self._by_id(Product, {g.product_id for g in goals if g.product_id}),
        )

    def _by_id(self, model, ids: set[int]) -> dict:
        if not ids:
            return {}
        rows = self.session.exec(
            select(model).where(model.workspace_id == self.workspace_id, model.id.in_(list(ids)))
        ).all()
        return {row.id: row for row in rows}
