"""The product catalog: what can be sold, with an optional list price."""

from __future__ import annotations

from decimal import Decimal

from salesbot.access import Actor, require_manager
from salesbot.errors import Conflict, NotFound
from salesbot.names import clean_name, closest

PRODUCT_NAME_MAX = 120


def find_product(store, name: str, *, include_retired: bool = False):
    """The product called ``name``; an unknown name is answered with the closest active ones."""
    product = store.product_by_name(name)
    if product is None or (not product.active and not include_retired):
        suggestions = closest(name, [p.name for p in store.products()])
        key = "product.not_found_suggest" if suggestions else "product.not_found"
        raise NotFound(key, example="product.add_usage", name=name, suggestions=", ".join(suggestions))
    return product


def add_product(store, actor: Actor, name: str, list_price: Decimal | None):
    """Adds a product, or brings a retired one of the same name back."""
    require_manager(actor, "product add")
    name = clean_name(name, max_length=PRODUCT_NAME_MAX, kind="product")
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
        actor=store.person(actor.person_id),
        action=action,
        entity="product",
        entity_id=product.id,
        name=product.name,
        list_price=list_price,
    )
    return product


def retire_product(store, actor: Actor, name: str):
    require_manager(actor, "product retire")
    product = find_product(store, name)
    product.active = False
    store.save_product(product)
    store.audit(
        actor=store.person(actor.person_id),
        action="product.retired",
        entity="product",
        entity_id=product.id,
        name=product.name,
    )
    return product
