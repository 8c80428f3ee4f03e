"""Open orders: whose a person may see, and which page of them.

A list is named by a key that buttons carry back: ``p12`` (person 12's orders) or ``t3.2``
(team 3, page 2). The reader's right to see it is checked every time a key comes back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from salesbot.access import Actor
from salesbot.commands import require_mentions
from salesbot.errors import InvalidInput, PermissionDenied
from salesbot.sales import require_team_orders
from salesbot.teams import find_team

_LIST_KEY = re.compile(r"(?P<kind>[pt])(?P<number>\d+)(?:\.(?P<page>\d+))?")
_TEAM = re.compile(r'^(?:team|lag):\s*"?(?P<name>[^"]+)"?$', re.IGNORECASE)


@dataclass(frozen=True)
class OrdersPage:
    orders: list
    total: int
    number: int  # the page, from 1
    list_key: str  # whose orders, without the page: "p12" or "t3"
    of_team: bool
    title_key: str
    name: str


def list_key_for(store, actor: Actor, text: str, people) -> str:
    """Whose orders ``/sales orders TEXT`` asks for, as a list key.

    ``people(user_ids)`` turns mentions into stored people."""
    text = " ".join(text.translate(str.maketrans({"“": '"', "”": '"'})).split())
    if not text:
        return f"p{actor.person_id}"
    if match := _TEAM.match(text):
        return f"t{find_team(store, match['name'].strip()).id}"
    if text.startswith("<@"):
        user_ids, rest = require_mentions(text, usage="orders.usage")
        if len(user_ids) == 1 and not rest:
            return f"p{people(user_ids)[0].id}"
    raise InvalidInput("orders.form", example="orders.usage", text=text)


def open_orders_page(store, actor: Actor, list_key: str, *, page_size: int) -> OrdersPage:
    """The page ``list_key`` names, if ``actor`` may see it; a key not understood is their own."""
    key = _LIST_KEY.fullmatch(list_key or "") or _LIST_KEY.fullmatch(f"p{actor.person_id}")
    kind, number, page = key["kind"], int(key["number"]), int(key["page"] or 1)
    if kind == "t":
        view = next((v for v in store.teams() if v.team.id == number), None)
        if view is None:
            raise InvalidInput("orders.team_gone")
        require_team_orders(store, actor, view.team)
        person_ids = [person.id for person in view.members]
        title_key, name = "orders.title_team", view.team.name
    else:
        if not actor.may_manage(number):
            raise PermissionDenied("orders.not_allowed")
        person_ids = [number]
        person = store.person(number)
        title_key = "orders.title_mine" if number == actor.person_id else "orders.title_person"
        name = person.name if person else ""
    total = store.count_open_orders_of(person_ids)
    # A change may have emptied the last page: show the one that is now last.
    page = max(min(page, -(-total // page_size)), 1)
    orders = store.open_orders_of(person_ids, limit=page_size, offset=(page - 1) * page_size)
    return OrdersPage(
        orders=orders,
        total=total,
        number=page,
        list_key=f"{kind}{number}",
        of_team=kind == "t",
        title_key=title_key,
        name=name,
    )
