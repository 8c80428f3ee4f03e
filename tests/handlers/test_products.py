"""End to end: ``/sales product``, the catalog added to, retired and listed, prices as typed."""

from __future__ import annotations

import pytest

from storage.models import Product
from tests.conftest import MANAGER, NORWEGIAN, OWNER, REP
from tests.helpers import last_reply, rows


@pytest.mark.parametrize(("user", "expected"), [(REP, "Products (1)"), (NORWEGIAN, "Produkter (1)")])
def test_product_alone_lists_the_catalog(slack, user, expected):
    slack.command("product add Kaffe 100", user=OWNER)
    slack.command("product", user=user)
    reply = last_reply(slack, user)
    assert expected in reply and "Kaffe" in reply and "``" not in reply


def test_products(slack, db):
    slack.command(f"role {slack.mention(MANAGER)} manager", user=OWNER)
    slack.command("product add Barista Pro 2 24 990 kr", user=MANAGER)
    assert "*Barista Pro 2* added to the catalog (NOK\xa024,990)" in last_reply(slack, MANAGER)
    slack.command('product add "Modell 3"', user=MANAGER)
    slack.command("product add Serviceavtale price: 4 990,50", user=NORWEGIAN)
    assert "Bare ledere og administratorer" in last_reply(slack, NORWEGIAN)
    slack.command("product retire Barista Pro", user=MANAGER)
    assert "Did you mean: Barista Pro 2?" in last_reply(slack, MANAGER)
    slack.command("product retire barista pro 2", user=MANAGER)
    assert "is retired" in last_reply(slack, MANAGER)
    slack.command("product list", user=REP)
    listing = last_reply(slack, REP)
    assert "Modell 3" in listing and "Barista" not in listing
    products = {p.name: (p.active, p.list_price) for p in rows(db, Product)}
    assert products["Barista Pro 2"][0] is False and products["Barista Pro 2"][1] == 24990
    assert products["Modell 3"] == (True, None)


def test_an_error_quoting_typed_text_never_pings(slack):
    slack.command("product retire <!here> & co", user=OWNER)
    posted = [p for p in slack.fake.snapshot_posted() if p.kind == "ephemeral"][-1]
    assert "There is no product called *&lt;!here&gt; &amp; co*" in posted.blocks[0]["text"]["text"]


def test_product_price_is_read_in_the_users_language(slack, db):
    slack.command(f"role {slack.mention(NORWEGIAN)} manager", user=OWNER)
    slack.command("product add Bønneabonnement 1 290,50", user=NORWEGIAN)
    assert "1\xa0290,50\xa0kr" in last_reply(slack, NORWEGIAN)
    slack.command("product add Kaffe 12,5", user=OWNER)
    assert "12.5" in last_reply(slack, OWNER)
    assert [p.name for p in rows(db, Product)] == ["Bønneabonnement"]
