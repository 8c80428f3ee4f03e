"""``/sales product``: the product catalog."""

from __future__ import annotations

from handlers.blocks.common import mrkdwn_escape
from handlers.blocks.lists import build_notice, build_product_list
from handlers.commands.registry import subcommand
from handlers.runtime import Reply, Request
from salesbot import products
from salesbot.access import Role
from salesbot.commands import parse_product


@subcommand(
    "product",
    usage="product.usage",
    rep_usage="product.usage_rep",
    audience=Role.REP,
    aliases=("produkt", "products", "produkter"),
)
def product_command(request: Request, text: str) -> Reply:
    store, actor, fmt = request.store, request.actor, request.fmt
    parsed = parse_product(text, actor.lang, currency=store.workspace.currency)
    if parsed.action == "list":
        return build_product_list(fmt, store.products(), can_edit=actor.role is not Role.REP)
    if parsed.action == "retire":
        product = products.retire_product(store, actor, parsed.name)
        return build_notice(fmt.t("product.retired", name=mrkdwn_escape(product.name)))
    product = products.add_product(store, actor, parsed.name, parsed.price)
    price = fmt.money(product.list_price) if product.list_price is not None else fmt.t("product.no_price")
    return build_notice(fmt.t("product.added", name=mrkdwn_escape(product.name), price=price))
