"""Open orders, and whose sales a reader may list at all (open orders here, a period's sales in
``salesbot.results``).

An open order is a sale neither lost nor followed up (a delivered one still awaits its
follow-up); a list shows the oldest promised (else ordered) first.

Who sees which (``sales_to_list``, the one rule for every list of sales): a person's sales are
theirs, their managers' and admins' to see (the people who may change those sales,
``Actor.may_manage``); a team's (its members') are for admins and the team's own managers;
everyone's (the company's) for admins. The rule is checked on every page, since the list a
button asks for comes back from Slack.

``/sales orders [@user | team:NAME]`` names whose; nothing named is the reader's own.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from salesbot.access import Actor
from salesbot.commands import require_mentions
from salesbot.errors import InvalidInput, PermissionDenied
from salesbot.records import PersonFinder, SaleRecord, TeamRecord
from salesbot.teams import TeamLookup, find_team, managed_team_ids

PERSON, TEAM, COMPANY = "person", "team", "company"

_TEAM = re.compile(r'^(?:team|lag):\s*"?(?P<name>[^"]+)"?$', re.IGNORECASE)


class ListStore(TeamLookup, Protocol):
    """What deciding whose sales a reader may list needs of the store."""

    def team_by_id(self, team_id: int) -> TeamRecord | None: ...
    def member_ids(self, team_ids: Iterable[int]) -> Mapping[int, Collection[int]]: ...


class OrdersStore(ListStore, Protocol):
    """What listing open orders needs of the store."""

    def count_open_orders_of(self, person_ids: Collection[int]) -> int: ...
    def open_orders_of(
        self, person_ids: Collection[int], *, limit: int = 10, offset: int = 0
    ) -> Sequence[SaleRecord]: ...


@dataclass(frozen=True)
class Whose:
    """Whose sales a list shows: a person's or a team's, by id, or the company's (everyone's)."""

    kind: str  # PERSON | TEAM | COMPANY
    id: int = 0  # none for COMPANY


@dataclass(frozen=True)
class Listed:
    """Whose sales a reader may list, as the list shows and fetches them."""

    name: str  # the person's or the team's; empty for the company
    person_ids: list[int] | None  # None: everyone in the workspace
    mine: bool  # the reader's own sales


@dataclass(frozen=True)
class OrdersPage:
    """One page of someone's open orders, as the reader may see them."""

    whose: Whose
    name: str  # the person's or the team's
    mine: bool  # the reader's own orders
    orders: list[SaleRecord]
    total: int  # open orders in all
    page: int  # 1 to ``pages``
    size: int  # orders a page holds

    @property
    def pages(self) -> int:
        return max(-(-self.total // self.size), 1)


def read_whose(store: TeamLookup, actor: Actor, text: str, find_person: PersonFinder) -> Whose:
    """Whose orders ``/sales orders`` asks for: ``@user``, ``team:NAME``, or (nothing) the reader's."""
    text = " ".join(text.translate(str.maketrans({"“": '"', "”": '"'})).split())
    if not text:
        return Whose(PERSON, actor.person_id)
    if match := _TEAM.match(text):
        return Whose(TEAM, find_team(store, match["name"].strip(), example="orders.usage").id)
    if text.startswith("<@"):
        user_ids, rest = require_mentions(text, usage="orders.usage")
        if len(user_ids) == 1 and not rest:
            return Whose(PERSON, find_person(user_ids[0]).id)
    raise InvalidInput("orders.form", example="orders.usage", text=text)


def sales_to_list(store: ListStore, actor: Actor, whose: Whose, *, area: str = "orders") -> Listed:
    """Whose sales ``actor`` may list (see the module's rule), or a refusal naming what was
    refused, in the words of ``area`` (the list: "orders" or "results")."""
    if whose.kind == COMPANY:
        if not actor.is_admin:
            raise PermissionDenied(f"{area}.company_not_allowed")
        return Listed(name="", person_ids=None, mine=False)
    if whose.kind == TEAM:
        team = store.team_by_id(whose.id)
        if team is None:
            raise InvalidInput("orders.team_gone")
        if not actor.is_admin and team.id not in managed_team_ids(store, actor):
            raise PermissionDenied(f"{area}.team_not_allowed", team=team.name)
        return Listed(name=team.name, person_ids=sorted(store.member_ids([team.id])[team.id]), mine=False)
    person = store.person(whose.id)
    name = person.name if person else ""
    if not actor.may_manage(whose.id):
        raise PermissionDenied(f"{area}.not_allowed", name=name)
    return Listed(name=name, person_ids=[whose.id], mine=whose.id == actor.person_id)


def open_orders_page(store: OrdersStore, actor: Actor, whose: Whose, *, page: int, size: int) -> OrdersPage:
    """Page ``page`` (from 1) of ``whose`` open orders, ``size`` to a page, if ``actor`` may see
    them. A page past the end (a change may have emptied the last one) is the last page."""
    if whose.kind == COMPANY:
        raise InvalidInput("orders.form", example="orders.usage", text=whose.kind)
    listed = sales_to_list(store, actor, whose)
    person_ids = listed.person_ids or []
    total = store.count_open_orders_of(person_ids)
    page = max(min(page, -(-total // size)), 1)
    orders = list(store.open_orders_of(person_ids, limit=size, offset=(page - 1) * size))
    return OrdersPage(
        whose=whose,
        name=listed.name,
        mine=listed.mine,
        orders=orders,
        total=total,
        page=page,
        size=size,
    )
