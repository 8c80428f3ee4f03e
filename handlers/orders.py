"""``/sales orders``: the open orders of a person or a team, paged, with their buttons."""

from __future__ import annotations

import re

from slack_bolt import App

from handlers import ids
from handlers.blocks.sales import ORDERS, ListKey
from handlers.listeners import button
from handlers.replies import list_reply, orders_reply
from handlers.respond import Reply
from handlers.runtime import Request
from salesbot import orders


def register(app: App) -> None:
    app.action(ids.SHOW_OPEN_ORDERS)(
        button(lambda request: orders_reply(request, ListKey(ORDERS, _mine(request))))
    )
    # Page buttons carry the list key of the page they show.
    app.action(re.compile(rf"^{re.escape(ids.ORDERS_PAGE)}:\w+$"))(
        button(lambda request: list_reply(request, request.pressed.value), replace=True)
    )


def orders_command(request: Request, text: str) -> Reply:
    whose = orders.read_whose(
        request.store, request.actor, text, lambda user_id: request.people([user_id])[0]
    )
    return orders_reply(request, ListKey(ORDERS, whose))


def _mine(request: Request) -> orders.Whose:
    return orders.Whose(orders.PERSON, request.actor.person_id)
