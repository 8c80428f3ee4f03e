"""``/sales product``: the product catalog (managers and admins change it; everyone sees it)."""

from __future__ import annotations

from slack_bolt import App

from handlers import ids
from handlers.blocks.common import build_notice, mrkdwn_escape
from handlers.blocks.products import build_product_list
from handlers.listeners import button
from handlers.respond import Reply
from handlers.runtime import Request
from salesbot import products
from salesbot.access import Role
from salesbot.products import parse_product


def register(app: App) -> None:
    app.action(ids.SHOW_PRODUCTS)(button(product_list))


def product_list(request: Request) -> Reply:
    return build_product_list(
        request.fmt, request.store.products(), can_edit=request.actor.role is not Role.REP
    )


def product_command(request: Request, text: str) -> Reply:
    store, actor, fmt = request.store, request.actor, request.fmt
    parsed = parse_product(text, actor.lang, currency=store.workspace.currency)
    if parsed.action == "list":
        return product_list(request)
    if parsed.action == "retire":
        product = products.retire_product(store, actor, parsed.name)
        return build_notice(fmt.t("product.retired", name=mrkdwn_escape(product.name)))
    product = products.add_product(store, actor, parsed.name, parsed.price)
    price = fmt.money(product.list_price) if product.list_price is not None else fmt.t("product.no_price")
    return build_notice(fmt.t("product.added", name=mrkdwn_escape(product.name), price=price))
