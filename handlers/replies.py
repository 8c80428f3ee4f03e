"""Replies more than one feature sends: a page of open orders, the App Home tab, and the answer
to a change made from a message, a modal or the Home tab.

Feature modules (handlers/goals.py, sales.py, …) never import each other; what two of them
both show lives here, built from the domain's answer and a ``build_*`` function.
"""

from __future__ import annotations

import re

from handlers.blocks.home import HOME_ORDERS, build_home
from handlers.blocks.sales import LIST_SALES, build_orders_list
from handlers.blocks.training import home_trainings
from handlers.respond import Reply, Responder
from handlers.runtime import Request, run_request
from salesbot import orders, training
from salesbot.progress import home_dashboard

# Whose open orders a list shows, and which page, as buttons carry it back: "p12" (person 12),
# "t3.2" (team 3, page 2).
_LIST_KEY = re.compile(r"(?P<kind>[pt])(?P<number>\d+)(?:\.(?P<page>\d+))?")
_KINDS = {"p": orders.PERSON, "t": orders.TEAM}
_LETTERS = {kind: letter for letter, kind in _KINDS.items()}


def orders_list_key(whose: orders.Whose) -> str:
    return f"{_LETTERS[whose.kind]}{whose.id}"


def orders_reply(request: Request, list_key: str, *, notice: str | None = None) -> Reply:
    """A page of the open orders of a person or a team, if the reader may see them (checked
    every time: list keys come back from buttons). A key not understood is the reader's own."""
    store, actor, fmt = request.store, request.actor, request.fmt
    key = _LIST_KEY.fullmatch(list_key or "") or _LIST_KEY.fullmatch(f"p{actor.person_id}")
    whose = orders.Whose(_KINDS[key["kind"]], int(key["number"]))
    shown = orders.open_orders_page(store, actor, whose, page=int(key["page"] or 1), size=LIST_SALES)
    if whose.kind == orders.TEAM:
        title_key = "orders.title_team"
    else:
        title_key = "orders.title_mine" if shown.mine else "orders.title_person"
    return build_orders_list(
        fmt,
        shown.orders,
        total=shown.total,
        title=fmt.t(title_key, name=shown.name, count=fmt.number(shown.total)),
        today=request.today,
        labels=store.sale_labels(shown.orders),
        show_owner=whose.kind == orders.TEAM,
        list_key=orders_list_key(whose),
        page=shown.page,
        notice=notice,
    )


def publish_home(request: Request, page: int = 0) -> None:
    """Publishes the asking person's Home tab at ``page``."""
    store, actor = request.store, request.actor
    dashboard = home_dashboard(store, actor, today=request.today)
    # Fetched on every page: the first page's size decides where the later pages begin.
    open_orders = store.open_orders(actor.person_id, limit=HOME_ORDERS)
    view = build_home(
        request.fmt,
        actor,
        dashboard,
        orders=open_orders,
        open_count=store.count_open_orders(actor.person_id) if open_orders else 0,
        order_labels=store.sale_labels(open_orders) if open_orders else None,
        trainings=home_trainings(
            request.fmt,
            training.my_trainings(store, actor, request.today),
            {product.id: product.name for product in store.products(include_retired=True)},
        ),
        page=page,
    )
    request.client.views_publish(user_id=actor.slack_user_id, view=view)


def answer_change(request: Request, reply: Reply, *, replace: bool = False) -> None:
    """Once saved: ``reply`` where the change was asked (``replace`` redraws that message).

    From the App Home tab, which shows what changed, the tab is drawn again too: Slack sends no
    app_home_opened when a modal opened from Home closes, so it would show the old numbers.
    """
    request.after_commit(lambda: request.responder.send(reply, replace=replace))
    if request.responder.from_home_tab:
        services, client = request.services, request.responder.client
        team_id, user_id = request.team_id, request.user_id
        request.after_commit(
            lambda: run_request(services, Responder(client, user_id), team_id=team_id, work=publish_home)
        )
