"""The product catalog: adding, retiring and bringing back, prices, and how a product is typed."""

from __future__ import annotations

from decimal import Decimal

import pytest

from salesbot import products
from salesbot.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from salesbot.people import actor_for
from salesbot.products import parse_product
from tests.salesbot.rows import ADMINS, synced


def test_products_retire_and_come_back(store):
    owner = actor_for(store, synced(store, "U0OWN", "Owner", is_owner=True), ADMINS)
    products.add_product(store, owner, "Barista Pro", Decimal("24990"))
    with pytest.raises(Conflict):
        products.add_product(store, owner, "barista pro", None)
    products.retire_product(store, owner, "Barista Pro")
    with pytest.raises(Conflict) as caught:
        products.find_product(store, "Barista Pro")
    assert (caught.value.key, caught.value.params) == (
        "product.retired_not_for_sale",
        {"name": "Barista Pro"},
    )
    assert products.find_product(store, "barista pro", include_retired=True).active is False
    with pytest.raises(Conflict) as caught:
        products.retire_product(store, owner, "Barista Pro")
    assert caught.value.key == "product.already_retired"
    with pytest.raises(NotFound):
        products.find_product(store, "Espresso")
    back = products.add_product(store, owner, "Barista Pro", None)
    assert back.active and back.list_price == Decimal("24990")
    rep = actor_for(store, synced(store, "U0REP", "Rep"), ADMINS)
    with pytest.raises(PermissionDenied):
        products.add_product(store, rep, "Kaffe", None)


@pytest.mark.parametrize(
    ("text", "lang", "name", "price"),
    [
        ("add Kaffe", "en", "Kaffe", None),
        ("add Barista Pro 2 24 990 kr", "nb", "Barista Pro 2", Decimal("24990")),
        ('add "Modell 3" 4 990', "nb", "Modell 3", Decimal("4990")),
        ("add Serviceavtale pris: 1 290,50", "nb", "Serviceavtale", Decimal("1290.50")),
        ("add Serviceavtale price: 1,290.50", "en", "Serviceavtale", Decimal("1290.50")),
        ("add Abonnement 1.5k", "en", "Abonnement", Decimal("1500")),
        ("legg til Barista Pro 24 990", "nb", "Barista Pro", Decimal("24990")),
        ('Legg til "Modell 3" 4 990', "nb", "Modell 3", Decimal("4990")),
        ("ny Kaffe", "nb", "Kaffe", None),
    ],
)
def test_product_command_grammar(text, lang, name, price):
    parsed = parse_product(text, lang)
    assert (parsed.action, parsed.name, parsed.price) == ("add", name, price)


@pytest.mark.parametrize(("text", "action"), [("liste", "list"), ("vis", "list"), ("fas ut Kaffe", "retire")])
def test_product_actions_read_in_norwegian(text, action):
    assert parse_product(text, "nb").action == action


def test_an_unreadable_price_is_reported_not_taken_as_name():
    with pytest.raises(InvalidInput) as caught:
        parse_product("add Kaffe 12,5", "en")
    assert caught.value.key == "amount.ambiguous_comma"


def test_a_list_price_above_a_billion_is_refused(store):
    owner = actor_for(store, synced(store, "U0OWN", "Owner", is_owner=True), ADMINS)
    with pytest.raises(InvalidInput) as caught:
        products.add_product(store, owner, "Gold", Decimal("150000000000"))
    assert caught.value.key == "product.price_too_high"
    assert products.add_product(store, owner, "Gold", Decimal("1000000000")).list_price == Decimal(
        "1000000000"
    )
