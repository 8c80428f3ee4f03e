"""``/sales results`` (and ``/sales result list``): the sales of a person, a team or everyone
ordered in a period, open and closed, paged, each with the buttons the reader may use on it.

A change made from the list (through the sale buttons in handlers/sales.py) redraws the same
page: the buttons' block ids carry the list key.
"""

from __future__ import annotations

import re

from slack_bolt import App

from handlers import ids
from handlers.blocks.sales import RESULTS, ListKey
from handlers.listeners import button
from handlers.replies import list_reply, results_reply
from handlers.respond import Reply
from handlers.runtime import Request
from salesbot import results


def register(app: App) -> None:
    app.action(ids.SHOW_MY_SALES)(button(my_sales))
    # Page buttons carry the list key of the page they show; the reader's right is checked again.
    app.action(re.compile(rf"^{re.escape(ids.RESULTS_PAGE)}:\w+$"))(
        button(lambda request: list_reply(request, request.pressed.value), replace=True)
    )


def results_command(request: Request, text: str) -> Reply:
    ask = results.read_results_ask(
        request.store,
        request.actor,
        text,
        today=request.today,
        find_person=lambda user_id: request.people([user_id])[0],
    )
    return results_reply(request, ListKey(RESULTS, ask.whose, ask.period))


def my_sales(request: Request) -> Reply:
    """The reader's own sales this period: ``/sales results`` with nothing named."""
    return results_command(request, "")
