"""Buttons on sales and time off: open the step modals, delete, remove, list open orders.

A change redraws the message the button sat on (``replace_original`` through its
response_url); from the App Home tab, which has none, the answer comes by DM.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from slack_bolt import App
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from handlers import ids
from handlers.blocks.lists import build_notice
from handlers.blocks.sales import (
    away_range,
    build_lost_modal,
    build_sale_modal,
    build_step_modal,
    metadata,
    read_away_button_value,
    read_sale_block_id,
    sale_fallback,
)
from handlers.commands.results import (
    away_list_reply,
    open_result_modal,
    orders_reply,
    sale_reply,
    tell_owner,
)
from handlers.events import refresh_home_after
from handlers.listeners import button
from handlers.runtime import ButtonPress, Reply, Request
from salesbot import away, sales
from salesbot.access import Role
from salesbot.errors import NotFound, UserError
from salesbot.i18n import Formatter
from salesbot.products import products_to_pick

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Origin:
    """Where a sale was shown when a button was pressed, so the answer goes back there."""

    sale_id: int | None = None
    list_key: str | None = None  # "p<person id>" or "t<team id>" for an open-orders list
    response_url: str | None = None
    channel_id: str | None = None
    value: str = ""  # the button's own value

    @classmethod
    def from_press(cls, pressed: ButtonPress) -> Origin:
        sale_id, list_key = read_sale_block_id(pressed.block_id)
        if pressed.value.isdigit():
            sale_id = int(pressed.value)
        return cls(
            sale_id=sale_id,
            list_key=list_key,
            response_url=pressed.response_url,
            channel_id=pressed.channel_id,
            value=pressed.value,
        )

    @classmethod
    def from_metadata(cls, data: dict) -> Origin:
        return cls(
            sale_id=data.get("sale"),
            list_key=data.get("list"),
            response_url=data.get("url"),
            channel_id=data.get("ch"),
        )

    def metadata(self, **extra: object) -> str:
        return metadata(
            sale=self.sale_id, list=self.list_key, url=self.response_url, ch=self.channel_id, **extra
        )


def register(app: App) -> None:
    app.action(ids.OPEN_RESULT_MODAL)(_on(lambda request, origin: open_result_modal(request)))
    app.action(ids.SHOW_OPEN_ORDERS)(
        _on(lambda request, origin: orders_reply(request, f"p{request.actor.person_id}"))
    )
    app.action(ids.SALE_DELIVERED)(_on(_open_step(sales.DELIVERED)))
    app.action(ids.SALE_FOLLOWED_UP)(_on(_open_step(sales.FOLLOWED_UP)))
    app.action(ids.SALE_LOST)(_on(open_lost))
    app.action(ids.SALE_EDIT)(_on(open_edit))
    app.action(ids.SALE_DELETE)(_on(delete))
    app.action(ids.AWAY_REMOVE)(_on(remove_away))
    # Page buttons carry the list key of the page they show.
    app.action(re.compile(rf"^{re.escape(ids.ORDERS_PAGE)}:\w+$"))(
        button(lambda request: orders_reply(request, request.pressed.value), replace=True)
    )


def _on(work: Callable[[Request, Origin], Reply | None]):
    """A button listener (``handlers.listeners.button``) with the button's origin passed along."""

    def run(request: Request) -> Reply | None:
        with localized(request.fmt):
            return work(request, Origin.from_press(request.pressed))

    return button(run)


@contextmanager
def localized(fmt: Formatter) -> Iterator[None]:
    """Dates in a refusal ("already delivered on …") in the reader's format, not ISO."""
    try:
        yield
    except UserError as error:
        params = {
            key: fmt.date(value) if isinstance(value, date) else value for key, value in error.params.items()
        }
        raise type(error)(error.key, example=error.example, **params) from None


def _sale(request: Request, origin: Origin):
    if origin.sale_id is None:
        raise NotFound("sale.not_found")
    return sales.get_sale(request.store, request.actor, origin.sale_id)


def _open_step(step: str) -> Callable[[Request, Origin], None]:
    def open_step(request: Request, origin: Origin) -> None:
        sale = _sale(request, origin)
        sales.require_step(sale, step)
        view = build_step_modal(
            request.fmt,
            sale,
            step=step,
            today=request.today,
            labels=request.store.sale_labels([sale]),
            private_metadata=origin.metadata(step=step),
        )
        request.client.views_open(trigger_id=request.trigger_id, view=view)

    return open_step


def open_lost(request: Request, origin: Origin) -> None:
    sale = _sale(request, origin)
    sales.require_step(sale, sales.LOST)
    view = build_lost_modal(
        request.fmt,
        sale,
        today=request.today,
        labels=request.store.sale_labels([sale]),
        private_metadata=origin.metadata(),
    )
    request.client.views_open(trigger_id=request.trigger_id, view=view)


def open_edit(request: Request, origin: Origin) -> None:
    sale = _sale(request, origin)
    store, actor = request.store, request.actor
    products = products_to_pick(store, keep_id=sale.product_id)
    owner = store.person(sale.person_id)
    view = build_sale_modal(
        request.fmt,
        products=products,
        today=request.today,
        choose_person=actor.role is not Role.REP,
        person_slack_id=owner.slack_user_id,
        private_metadata=origin.metadata(),
        sale=sale,
    )
    request.client.views_open(trigger_id=request.trigger_id, view=view)


def delete(request: Request, origin: Origin) -> None:
    sale = _sale(request, origin)
    owner = request.store.person(sale.person_id)
    described = sale_fallback(request.fmt, sale, request.store.sale_labels([sale]))
    tell_owner(request, owner, "sale.deleted_dm", sale)
    sales.delete_sale(request.store, request.actor, sale.id)
    notice = request.fmt.t("sale.deleted", sale=described)
    answer(request, origin, changed_reply(request, origin, notice=notice))


def remove_away(request: Request, origin: Origin) -> None:
    entry_id, scope = read_away_button_value(origin.value)
    if entry_id is None:
        raise NotFound("away.not_found")
    entry = away.remove_time_off(request.store, request.actor, entry_id)
    notice = request.fmt.t("away.removed", range=away_range(request.fmt, entry.start, entry.end))
    answer(request, origin, away_list_reply(request, person_id=scope, notice=notice))


def changed_reply(request: Request, origin: Origin, *, notice: str, sale=None) -> Reply:
    """What the message a change came from shows now: its list of open orders redrawn, or the
    sale itself, or (once deleted) just the notice."""
    if origin.list_key:
        return orders_reply(request, origin.list_key, notice=notice)
    if sale is not None:
        return sale_reply(request, sale, notice=notice)
    return build_notice(notice)


def answer(request: Request, origin: Origin, reply: Reply, *, replace: bool = True) -> None:
    """Once saved: redraw the original message (``replace``) or reply beside it; without a
    response_url, an ephemeral message in the channel the modal came from, else a DM."""
    client, user_id = request.client, request.user_id

    def send() -> None:
        if origin.response_url:
            response = WebhookClient(origin.response_url, timeout=10).send(
                text=reply.text,
                blocks=reply.blocks or None,
                response_type="ephemeral",
                replace_original=replace,
            )
            if response.status_code == 200:
                return
            logger.warning("response_url answered %s %s; sending a DM", response.status_code, response.body)
        elif origin.channel_id:
            try:
                client.chat_postEphemeral(
                    channel=origin.channel_id, user=user_id, text=reply.text, blocks=reply.blocks or None
                )
                return
            except SlackApiError as error:
                # The app may not be in that channel (a DM with someone else, say).
                logger.info("ephemeral reply refused (%s); sending a DM", error.response.get("error"))
        client.chat_postMessage(channel=user_id, text=reply.text, blocks=reply.blocks or None)

    request.after_commit.append(send)
    if not origin.response_url and not origin.channel_id:
        # From the App Home tab: it shows this sale, so it is drawn again.
        refresh_home_after(request)
