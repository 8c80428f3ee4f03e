"""The product list (handlers/blocks/products.py): the active catalog, cut at whole lines."""

from __future__ import annotations

import re
from decimal import Decimal

from handlers.blocks.common import MESSAGE_BLOCKS
from handlers.blocks.products import build_product_list
from handlers.respond import Reply
from salesbot.products import PRODUCT_NAME_MAX
from tests.handlers.blocks.checks import mrkdwn, valid_message, within_sections
from tests.handlers.blocks.samples import EN, NB, ODD, ODD_MD, product

HINT = "`/sales product add NAME [PRICE]` · `/sales product retire NAME`"


def test_an_empty_catalog_says_how_to_add_to_it_to_those_who_may():
    empty = "The product catalog is empty."
    usage = (
        "Add a product with `/sales product add Barista Pro 24 990` (quote a name that ends in a number: "
        '`/sales product add "Model 3" 4 990`).'
    )
    assert valid_message(build_product_list(EN, [], can_edit=False)) == Reply(
        text=empty, blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": empty}}]
    )
    retired_only = [product(1, active=False)]
    assert valid_message(build_product_list(EN, retired_only, can_edit=True)) == Reply(
        text=f"{empty}\n{usage}",
        blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": f"{empty}\n{usage}"}}],
    )


def test_the_active_products_with_their_prices_names_escaped():
    catalog = [
        product(1, ODD, list_price=Decimal("24990")),
        product(2, "Gammel", active=False),
        product(3, "Modell 3"),
    ]
    reply = valid_message(build_product_list(EN, catalog, can_edit=True))
    assert reply.blocks[0]["text"]["text"] == "Products (2)"
    assert within_sections(reply.blocks) == [f"• *{ODD_MD}* — NOK\xa024,990\n• *Modell 3*"]
    assert reply.blocks[-1] == {"type": "context", "elements": [{"type": "mrkdwn", "text": HINT}]}
    assert reply.text == f"Products (2)\n• *{ODD_MD}* — NOK\xa024,990\n• *Modell 3*"
    assert "Gammel" not in reply.text
    rep = valid_message(build_product_list(NB, catalog, can_edit=False))
    assert rep.blocks[0]["text"]["text"] == "Produkter (2)" and "24\xa0990\xa0kr" in mrkdwn(rep.blocks)
    assert rep.blocks[-1]["type"] == "section", "no hint for those who may not edit"


def test_a_long_catalog_is_cut_at_whole_lines_with_a_count():
    catalog = [
        product(i, f"Product number {i:04d} with a long name", list_price=Decimal(i)) for i in range(5000)
    ]
    reply = valid_message(build_product_list(EN, catalog, can_edit=False))
    assert len(reply.blocks) <= MESSAGE_BLOCKS
    lines = "\n".join(within_sections(reply.blocks)).splitlines()
    assert all(
        re.fullmatch(r"• \*Product number \d{4} with a long name\* — NOK\xa0[\d,]+", line) for line in lines
    )
    assert reply.blocks[-1]["elements"][0]["text"] == f"+{5000 - len(lines)} more"


def test_names_as_long_as_a_product_may_have_and_all_markup_stay_inside_the_limits():
    name = "&<>" * (PRODUCT_NAME_MAX // 3)  # every character escaped: the longest line a product makes
    reply = valid_message(build_product_list(EN, [product(i, name) for i in range(300)], can_edit=True))
    lines = "\n".join(within_sections(reply.blocks)).splitlines()
    assert lines[0] == f"• *{'&amp;&lt;&gt;' * (PRODUCT_NAME_MAX // 3)}*"
    assert reply.blocks[-2]["elements"][0]["text"] == f"+{300 - len(lines)} more"


def test_a_name_longer_than_a_section_is_clipped():
    # Not reachable through salesbot (names stop at PRODUCT_NAME_MAX), but a line is clipped, as
    # the team list's are, rather than making an empty section and one over 3,000 characters.
    reply = valid_message(build_product_list(EN, [product(1, "y" * 5000)], can_edit=False))
    (line,) = within_sections(reply.blocks)
    assert line.startswith("• *yyy") and line.endswith("…") and len(line) <= 3000
