"""The product catalog: what can be sold, with an optional list price."""

from __future__ import annotations

import re
import shlex
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from salesbot.access import Actor, require_manager
from salesbot.amounts import check_currency, parse_amount, read_amount
from salesbot.commands import take_action, unquote
from salesbot.errors import Conflict, InvalidInput, NotFound
from salesbot.names import clean_name, closest
from salesbot.records import AuditTrail, ProductRecord

PRODUCT_NAME_MAX = 120
# A list price is a price for one item: no more than one sale may be (salesbot.sales.AMOUNT_MAX).
PRICE_MAX = Decimal("1000000000")


class ProductLookup(Protocol):
    """Finding products: what other modules read of the catalog."""

    def product_by_name(self, name: str) -> ProductRecord | None: ...
    def product_by_id(self, product_id: int) -> ProductRecord | None: ...
    def products(self, *, include_retired: bool = False) -> Sequence[ProductRecord]: ...


class ProductStore(ProductLookup, AuditTrail, Protocol):
    """What changing the catalog needs of the store."""

    def add_product(self, name: str, list_price: Decimal | None) -> ProductRecord: ...
    def save_product(self, product: ProductRecord) -> ProductRecord: ...


def find_product(store: ProductLookup, name: str, *, include_retired: bool = False) -> ProductRecord:
    """The product called ``name``; an unknown name is answered with the closest active ones,
    a retired one with who can bring it back."""
    product = store.product_by_name(name)
    if product is not None and not product.active and not include_retired:
        raise Conflict("product.retired_not_for_sale", name=product.name)
    if product is None:
        suggestions = closest(name, [p.name for p in store.products()])
        key = "product.not_found_suggest" if suggestions else "product.not_found"
        raise NotFound(key, example="product.add_usage", name=name, suggestions=", ".join(suggestions))
    return product


def choose_product(
    store: ProductLookup,
    *,
    product_id: int | None = None,
    name: str | None = None,
    keep_id: int | None = None,
) -> ProductRecord | None:
    """The product picked from a list (``product_id``) or typed (``name``) for a goal or a sale;
    None when neither is given. New goals and sales take an active product: a retired one stays
    only where it already is (``keep_id``, the product a sale being edited has)."""
    if name:
        product = store.product_by_name(name)
        if product is not None and (product.active or product.id == keep_id):
            return product
        return find_product(store, name)
    if product_id is not None:
        product = store.product_by_id(product_id)
        if product is None or not (product.active or product.id == keep_id):  # retired since the form opened
            raise NotFound("product.not_found", name=product.name if product else str(product_id))
        return product
    return None


def products_to_pick(store: ProductLookup, *, keep_id: int | None = None) -> list[ProductRecord]:
    """The products a form offers: the active ones, after the retired one a sale already has."""
    products = list(store.products())
    if keep_id is not None and all(product.id != keep_id for product in products):
        kept = store.product_by_id(keep_id)
        if kept is not None:
            products.insert(0, kept)
    return products


def add_product(store: ProductStore, actor: Actor, name: str, list_price: Decimal | None) -> ProductRecord:
    """Adds a product, or brings a retired one of the same name back."""
    require_manager(actor, "product add")
    name = clean_name(name, max_length=PRODUCT_NAME_MAX, kind="product")
    if list_price is not None and list_price > PRICE_MAX:
        raise InvalidInput("product.price_too_high", example="product.add_usage")
    existing = store.product_by_name(name)
    if existing is not None and existing.active:
        raise Conflict("product.exists", name=existing.name)
    if existing is not None:
        existing.active = True
        if list_price is not None:
            existing.list_price = list_price
        product = store.save_product(existing)
        action = "product.reactivated"
    else:
        product = store.add_product(name, list_price)
        action = "product.added"
    store.audit(
        actor_id=actor.person_id,
        action=action,
        entity="product",
        entity_id=product.id,
        name=product.name,
        list_price=list_price,
    )
    return product


def retire_product(store: ProductStore, actor: Actor, name: str) -> ProductRecord:
    require_manager(actor, "product retire")
    product = find_product(store, name, include_retired=True)
    if not product.active:
        raise Conflict("product.already_retired", name=product.name)
    product.active = False
    store.save_product(product)
    store.audit(
        actor_id=actor.person_id,
        action="product.retired",
        entity="product",
        entity_id=product.id,
        name=product.name,
    )
    return product


# The words of both languages for each action: the Norwegian usage shows the Norwegian ones.
PRODUCT_ACTIONS = {
    "add": "add",
    "legg til": "add",
    "ny": "add",
    "list": "list",
    "liste": "list",
    "vis": "list",
    "retire": "retire",
    "fas ut": "retire",
}


_LOOKS_LIKE_PRICE = re.compile(r"^[\d$€£]|^-\d|\d(?:k|m|,-)?$", re.IGNORECASE)


_PRICE_KEYWORD = re.compile(r"\s+(?:price|pris):\s*(.+)$", re.IGNORECASE)


@dataclass(frozen=True)
class ProductCommand:
    action: str  # add | list | retire
    name: str = ""
    price: Decimal | None = None


def parse_product(text: str, lang: str, *, currency: str | None = None) -> ProductCommand:
    """``add NAME [PRICE]``: the longest tail that reads as an amount is the price; alone (or
    ``list``), the catalog.

    A name ending in a number is quoted (``"Barista Pro 2" 4990``) or the price given as
    ``price: 4990``. With ``currency`` (the workspace's), a price in another currency is refused.
    """
    action, rest = take_action(text, PRODUCT_ACTIONS, area="product")
    if action == "list":
        return ProductCommand(action="list")
    if action == "retire":
        return ProductCommand(action="retire", name=unquote(rest))

    def price_of(price_text: str) -> Decimal:
        return parse_amount(price_text, lang, currency=currency)

    if rest[:1] in ('"', "“", "«"):
        try:
            words = shlex.split(rest.replace("“", '"').replace("”", '"').replace("«", '"').replace("»", '"'))
        except ValueError:
            raise InvalidInput("product.quote", example="product.add_usage") from None
        price_text = " ".join(words[1:])
        return ProductCommand(action="add", name=words[0], price=price_of(price_text) if price_text else None)
    keyword = _PRICE_KEYWORD.search(rest)
    if keyword:
        return ProductCommand(action="add", name=rest[: keyword.start()], price=price_of(keyword.group(1)))
    words = rest.split()
    first_error = None
    for cut in range(1, len(words)):
        price_text = " ".join(words[cut:])
        try:
            amount = read_amount(price_text, lang)
        except InvalidInput as error:
            first_error = first_error or error
            continue
        if currency is not None:
            check_currency(amount, currency, price_text)
        return ProductCommand(action="add", name=" ".join(words[:cut]), price=amount.value)
    if first_error is not None and len(words) > 1 and _LOOKS_LIKE_PRICE.match(words[-1]):
        # "Kaffe 12,5" in English: a price was meant but cannot be read; say why, save nothing.
        raise first_error
    return ProductCommand(action="add", name=rest)
