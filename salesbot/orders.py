"""Open orders: whose a reader may list, and the list's pages.

An open order is a sale neither lost nor followed up (a delivered one still awaits its
follow-up); a list shows the oldest promised (else ordered) first.

Who sees which: a person's open orders are theirs, their managers' and admins' to see (the
people who may change those sales, ``Actor.may_manage``); a team's (its members') are for
admins and the team's own managers. The rule is checked on every page, since the list a
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

PERSON, TEAM = "person", "team"

_TEAM = re.compile(r'^(?:team|lag):\s*"?(?P<name>[^"]+)"?$', re.IGNORECASE)


class OrdersStore(TeamLookup, Protocol):
    """What listing open orders needs of the store."""

    def team_by_id(self, team_id: int) -> TeamRecord | None: ...
    def member_ids(self, team_ids: Iterable[int]) -> Mapping[int, Collection[int]]: ...
    def count_open_orders_of(self, person_ids: Collection[int]) -> int: ...
    def open_orders_of(
        self, person_ids: Collection[int], *, limit: int = 10, offset: int = 0
    ) -> Sequence[SaleRecord]: ...


@dataclass(frozen=True)
class Whose:
    """Whose open orders: a person's or a team's, by id."""

    kind: str  # PERSON | TEAM
    id: int


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


def require_team_orders(store: TeamLookup, actor: Actor, team: TeamRecord) -> None:
    """A team's open orders are for admins and the team's own managers."""
    if actor.is_admin:
        return
    if team.id not in managed_team_ids(store, actor):
        raise PermissionDenied("orders.team_not_allowed", team=team.name)


def open_orders_page(store: OrdersStore, actor: Actor, whose: Whose, *, page: int, size: int) -> OrdersPage:
    """Page ``page`` (from 1) of ``whose`` open orders, ``size`` to a page, if ``actor`` may see
    them. A page past the end (a change may have emptied the last one) is the last page."""
    if whose.kind == TEAM:
        team = store.team_by_id(whose.id)
        if team is None:
            raise InvalidInput("orders.team_gone")
        require_team_orders(store, actor, team)
        person_ids = sorted(store.member_ids([team.id])[team.id])
        name = team.name
    else:
        if not actor.may_manage(whose.id):
            raise PermissionDenied("orders.not_allowed")
        person_ids = [whose.id]
        person = store.person(whose.id)
        name = person.name if person else ""
    total = store.count_open_orders_of(person_ids)
    page = max(min(page, -(-total // size)), 1)
    orders = list(store.open_orders_of(person_ids, limit=size, offset=(page - 1) * size))
    return OrdersPage(
        whose=whose,
        name=name,
        mine=whose == Whose(PERSON, actor.person_id),
        orders=orders,
        total=total,
        page=page,
        size=size,
    )
