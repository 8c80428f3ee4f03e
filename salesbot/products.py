"""The product catalog: what can be sold, with an optional list price."""

from __future__ import annotations

from decimal import Decimal

from salesbot.access import Actor, require_manager
from salesbot.errors import Conflict, InvalidInput, NotFound
from salesbot.names import clean_name, closest

PRODUCT_NAME_MAX = 120
# A list price is a price for one item: no more than one sale may be (salesbot.sales.AMOUNT_MAX).
PRICE_MAX = Decimal("1000000000")


def find_product(store, name: str, *, include_retired: bool = False):
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


def add_product(store, actor: Actor, name: str, list_price: Decimal | None):
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


def retire_product(store, actor: Actor, name: str):
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
