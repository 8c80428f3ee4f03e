"""An in-memory store for domain tests that need no database.

``FakeStore`` offers the methods the goal use cases (``salesbot.goals.GoalStore``) and the open
orders (``salesbot.orders.OrdersStore``) call, over plain rows kept in dicts, so their rules can
be tested in microseconds. It keeps to ``storage.store.Store``'s contracts where the domain
relies on them (a workspace's rows only, open orders oldest due first); it is not a second
database.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from salesbot.access import Actor, Role
from salesbot.results import SalesTally
from salesbot.teams import MANAGER, MEMBER


@dataclass
class Person:
    id: int
    slack_user_id: str
    name: str
    role: str = "rep"
    is_bot: bool = False
    deleted: bool = False


@dataclass
class Team:
    id: int
    name: str
    channel_id: str | None = None


@dataclass
class Product:
    id: int
    name: str
    active: bool = True
    list_price: Decimal | None = None


@dataclass
class Goal:
    id: int
    scope: str
    person_id: int | None
    team_id: int | None
    metric: str
    period_kind: str
    period_key: str
    period_start: date
    period_end: date
    product_id: int | None
    target: Decimal
    goal_key: str
    created_by_id: int | None = None
    status: str = "open"


@dataclass
class Sale:
    id: int
    person_id: int
    ordered_on: date
    amount: Decimal = Decimal(1000)
    promised_on: date | None = None
    followed_up_on: date | None = None
    lost_on: date | None = None
    product_id: int | None = None
    segment_id: int | None = None


class FakeStore:
    def __init__(self, *, currency: str = "NOK", default_period_kind: str = "month") -> None:
        self.workspace = SimpleNamespace(id=1, currency=currency, default_period_kind=default_period_kind)
        self._ids = itertools.count(1)
        self._people: dict[int, Person] = {}
        self._teams: dict[int, Team] = {}
        self._products: dict[int, Product] = {}
        self.memberships: set[tuple[int, int, str]] = set()  # (team id, person id, role)
        self.goals: dict[str, Goal] = {}  # by key
        self.revisions: list[dict] = []
        self.sales: list[Sale] = []
        self.claimed: set[str] = set()
        self.audited: list[str] = []  # actions

    # -- making the world -----------------------------------------------------------------
    def person_named(self, name: str, *, role: str = "rep", **flags: object) -> Person:
        person = Person(next(self._ids), f"U{name.upper()}", name, role=role, **flags)
        self._people[person.id] = person
        return person

    def team_named(
        self, name: str, *, members: Iterable[Person] = (), managers: Iterable[Person] = ()
    ) -> Team:
        team = Team(next(self._ids), name)
        self._teams[team.id] = team
        self.memberships |= {(team.id, p.id, MEMBER) for p in members}
        self.memberships |= {(team.id, p.id, MANAGER) for p in managers}
        return team

    def product_named(self, name: str, *, active: bool = True, list_price: Decimal | None = None) -> Product:
        product = Product(next(self._ids), name, active=active, list_price=list_price)
        self._products[product.id] = product
        return product

    def sale_for(self, person: Person, ordered_on: date, **fields: object) -> Sale:
        sale = Sale(next(self._ids), person.id, ordered_on, **fields)
        self.sales.append(sale)
        return sale

    def actor(self, person: Person) -> Actor:
        """``person`` as salesbot.people.actor_for would make them (roles as stored)."""
        role = Role(person.role)
        managed = (
            {
                member
                for team, member, kind in self.memberships
                if kind == MEMBER and (team, person.id, MANAGER) in self.memberships
            }
            if role is not Role.REP
            else set()
        )
        return Actor(person.id, person.slack_user_id, person.name, role, "en", frozenset(managed))

    def find_person(self, user_id: str) -> Person:
        return next(p for p in self._people.values() if p.slack_user_id == user_id)

    # -- people and teams -----------------------------------------------------------------
    def person(self, person_id: int) -> Person | None:
        return self._people.get(person_id)

    def team_by_name(self, name: str) -> Team | None:
        return next((t for t in self._teams.values() if t.name.casefold() == name.casefold()), None)

    def team_by_id(self, team_id: int) -> Team | None:
        return self._teams.get(team_id)

    def team_names(self) -> list[str]:
        return sorted((t.name for t in self._teams.values()), key=str.casefold)

    def team_names_by_id(self) -> dict[int, str]:
        return {t.id: t.name for t in self._teams.values()}

    def _teams_where(self, person: Person, role: str) -> list[Team]:
        ids = {team for team, member, kind in self.memberships if member == person.id and kind == role}
        return sorted((self._teams[i] for i in ids), key=lambda t: t.name.casefold())

    def teams_of(self, person: Person) -> list[Team]:
        return self._teams_where(person, MEMBER)

    def managed_teams(self, person: Person) -> list[Team]:
        return self._teams_where(person, MANAGER)

    def teams_by_role(self, person: Person) -> dict[str, list[Team]]:
        found = {role: self._teams_where(person, role) for role in (MEMBER, MANAGER)}
        return {role: teams for role, teams in found.items() if teams}

    def team_ids_of_members(self, person_ids: Iterable[int]) -> set[int]:
        wanted = set(person_ids)
        return {team for team, member, kind in self.memberships if member in wanted and kind == MEMBER}

    def member_ids(self, team_ids: Iterable[int]) -> dict[int, set[int]]:
        return {
            team_id: {m for t, m, kind in self.memberships if t == team_id and kind == MEMBER}
            for team_id in team_ids
        }

    # -- products ---------------------------------------------------------------------------
    def product_by_name(self, name: str) -> Product | None:
        return next((p for p in self._products.values() if p.name.casefold() == name.casefold()), None)

    def product_by_id(self, product_id: int) -> Product | None:
        return self._products.get(product_id)

    def products(self, *, include_retired: bool = False) -> list[Product]:
        return [p for p in self._products.values() if include_retired or p.active]

    # -- goals ------------------------------------------------------------------------------
    def goal_by_key(self, goal_key: str) -> Goal | None:
        return self.goals.get(goal_key)

    def goal(self, goal_id: int) -> Goal | None:
        return next((goal for goal in self.goals.values() if goal.id == goal_id), None)

    def add_goal(self, **fields: object) -> Goal:
        goal = Goal(id=next(self._ids), **fields)
        self.goals[goal.goal_key] = goal
        return goal

    def save_goal(self, goal: Goal) -> Goal:
        return goal

    def goals_of_subject(self, scope, subject_id, *, start=None, end=None, limit: int = 10) -> list[Goal]:
        subject = "person_id" if scope == "person" else "team_id"
        found = [
            goal
            for goal in self.goals.values()
            if goal.scope == scope
            and (scope == "company" or getattr(goal, subject) == subject_id)
            and (start is None or (goal.period_start <= end and goal.period_end >= start))
        ]
        return sorted(found, key=lambda goal: goal.period_end, reverse=True)[:limit]

    def add_goal_revision(self, **fields: object) -> dict:
        self.revisions.append(fields)
        return fields

    def claim_request(self, request_key: str) -> bool:
        if request_key in self.claimed:
            return False
        self.claimed.add(request_key)
        return True

    def audit(self, *, actor_id, action, entity, entity_id=None, **details) -> None:
        self.audited.append(action)

    # -- open orders ------------------------------------------------------------------------
    def _open_of(self, person_ids: Collection[int]) -> list[Sale]:
        open_ = [
            s for s in self.sales if s.person_id in person_ids and not s.lost_on and not s.followed_up_on
        ]
        return sorted(open_, key=lambda s: (s.promised_on or s.ordered_on, s.ordered_on, s.id))

    def count_open_orders_of(self, person_ids: Collection[int]) -> int:
        return len(self._open_of(person_ids))

    def recent_sale_amounts(
        self, person_id: int | None, *, since: date, until: date, limit: int
    ) -> list[Decimal]:
        mine = [
            s
            for s in self.sales
            if person_id in (None, s.person_id) and not s.lost_on and since <= s.ordered_on <= until
        ]
        return [s.amount for s in sorted(mine, key=lambda s: (s.ordered_on, s.id), reverse=True)[:limit]]

    def open_orders_of(self, person_ids: Collection[int], *, limit: int = 10, offset: int = 0) -> list[Sale]:
        return self._open_of(person_ids)[offset : offset + limit]

    # -- a period's sales -------------------------------------------------------------------
    def _ordered_in(self, person_ids: Collection[int] | None, start: date, end: date) -> list[Sale]:
        found = [
            s
            for s in self.sales
            if start <= s.ordered_on <= end and (person_ids is None or s.person_id in person_ids)
        ]
        return sorted(found, key=lambda s: (s.ordered_on, s.id), reverse=True)

    def sales_ordered_in(
        self, person_ids: Collection[int] | None, start: date, end: date, *, limit: int, offset: int = 0
    ) -> list[Sale]:
        return self._ordered_in(person_ids, start, end)[offset : offset + limit]

    def tally_sales_ordered_in(
        self, person_ids: Collection[int] | None, start: date, end: date
    ) -> SalesTally:
        found = self._ordered_in(person_ids, start, end)
        return SalesTally(
            count=len(found),
            won=sum((s.amount for s in found if s.lost_on is None), Decimal(0)),
            lost=sum(1 for s in found if s.lost_on is not None),
        )
