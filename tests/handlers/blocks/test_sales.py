"""Sales in Block Kit (handlers/blocks/sales.py): a sale with the buttons its state (and the reader)
allows, pages of open orders and of a period's sales, the list keys, and the sale modals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from handlers import ids
from handlers.blocks.common import MESSAGE_BLOCKS
from handlers.blocks.sales import (
    LIST_SALES,
    ORDERS,
    RESULTS,
    SELECT_OPTIONS,
    ListKey,
    build_lost_modal,
    build_orders_list,
    build_results_list,
    build_sale_modal,
    build_sale_reply,
    build_step_modal,
    read_sale_block_id,
    sale_block_id,
    sale_fallback,
)
from salesbot.access import Actor, Role
from salesbot.orders import COMPANY, PERSON, TEAM, Whose
from salesbot.periods import Period
from salesbot.sales import LOST_REASONS, NOTE_MAX, SaleLabels
from tests.handlers.blocks.checks import block, initial, options, sections, valid_message, valid_view
from tests.handlers.blocks.samples import EN, NB, ODD, ODD_MD, TODAY, product, sale
from tests.helpers import buttons

LABELS = SaleLabels(products={2: "Barista & Pro"}, owners={1: "U0REP"})
OPEN = {"product_id": 2, "customer": ODD}  # promised 10 November: 8 days overdue today


def actions(reply) -> list[str]:
    return [e["action_id"] for b in reply.blocks if b["type"] == "actions" for e in b["elements"]]


def test_a_recorded_sale_with_its_buttons_names_escaped():
    reply = valid_message(
        build_sale_reply(EN, sale(5, **OPEN), today=TODAY, labels=LABELS, notice="Sale recorded.")
    )
    assert sections(reply.blocks) == [
        "Sale recorded.",
        f"*NOK\xa024,990* · Barista &amp; Pro · {ODD_MD} · <@U0REP>\n"
        "Ordered Nov 2, 2026 · promised Nov 10, 2026 · :warning: Delivery overdue by 8 days",
    ]
    assert reply.text == f"Sale recorded.\nNOK\xa024,990 · Barista &amp; Pro · {ODD_MD} · Nov 2, 2026"
    found = buttons(reply.blocks)
    assert actions(reply) == [
        ids.SALE_DELIVERED,
        ids.SALE_LOST,
        ids.SALE_FEEDBACK_LINK,
        ids.SALE_EDIT,
        ids.SALE_DELETE,
    ]
    assert {b["value"] for b in found.values()} == {"5"} and {b["block_id"] for b in found.values()} == {
        "sale:5"
    }
    assert (found[ids.SALE_DELIVERED]["style"], found[ids.SALE_DELETE]["style"]) == ("primary", "danger")
    confirm = found[ids.SALE_DELETE]["confirm"]
    assert confirm["text"] == {
        "type": "mrkdwn",
        "text": f"NOK\xa024,990 · Barista &amp; Pro · {ODD_MD} · Nov 2, 2026 will be deleted for good, and "
        "progress will no longer count it.",
    }
    assert confirm["style"] == "danger"


@pytest.mark.parametrize(
    ("fields", "steps", "status"),
    [
        (
            {"promised_on": None},
            [ids.SALE_DELIVERED, ids.SALE_LOST, ids.SALE_FEEDBACK_LINK],
            ":hourglass_flowing_sand: Awaiting delivery",
        ),
        (
            {"delivered_on": date(2026, 11, 13)},
            [ids.SALE_FOLLOWED_UP, ids.SALE_FEEDBACK_LINK],
            ":package: Delivered Nov 13, 2026, 3 days late",
        ),
        (
            {"delivered_on": date(2026, 11, 9), "followed_up_on": date(2026, 11, 12)},
            [ids.SALE_FEEDBACK_LINK],
            ":white_check_mark: Followed up Nov 12, 2026",
        ),
        ({"lost_on": date(2026, 11, 12), "lost_reason": "price"}, [], ":x: Lost Nov 12, 2026: Price"),
    ],
)
def test_the_buttons_are_the_steps_the_sales_state_allows(fields, steps, status):
    reply = valid_message(
        build_sale_reply(EN, sale(5, **fields), today=TODAY, labels=SaleLabels(), notice="x")
    )
    assert actions(reply) == [*steps, ids.SALE_EDIT, ids.SALE_DELETE]
    assert status in sections(reply.blocks)[1]


def test_units_owner_and_a_lost_note_in_norwegian():
    note = "For dyrt <b> & " * 50
    lost = sale(5, units=3, lost_on=date(2026, 11, 12), lost_reason="competitor", lost_note=note)
    reply = valid_message(
        build_sale_reply(NB, lost, today=TODAY, labels=LABELS, notice="x", show_owner=False)
    )
    what, when = sections(reply.blocks)[1].splitlines()
    assert what == "*24\xa0990\xa0kr* · 3 stk."  # no product, no owner asked for
    assert "&lt;b&gt; &amp;" in when and "<b>" not in when and when.endswith("…_")


def test_the_sale_in_one_line_says_how_many_when_not_one():
    """The line the owner's DM, the delete notice and the text fallbacks are made of."""
    assert (
        sale_fallback(NB, sale(5, units=3, customer="Acme"), LABELS)
        == "24\xa0990\xa0kr · 3 stk. · Acme · 2. nov. 2026"
    )
    assert sale_fallback(EN, sale(5), LABELS) == "NOK\xa024,990 · Nov 2, 2026"


def test_a_block_id_says_which_sale_and_which_list_it_sits_in():
    assert sale_block_id(5) == "sale:5" and read_sale_block_id("sale:5") == (5, None)
    assert sale_block_id(5, "p12.2") == "sale:5:p12.2" and read_sale_block_id("sale:5:p12.2") == (5, "p12.2")
    assert read_sale_block_id("digest_5") == (None, None) and read_sale_block_id("sale:x") == (None, None)


def orders_page(page: int, *, total: int = 45, title: str = "Your open orders (45)"):
    orders = [sale(i, customer=f"Kunde {i:02d}") for i in range(1, total + 1)]
    shown = orders[(page - 1) * LIST_SALES : page * LIST_SALES]
    return valid_message(
        build_orders_list(
            EN,
            shown,
            total=total,
            title=title,
            today=TODAY,
            labels=LABELS,
            show_owner=True,
            list_key=ListKey(ORDERS, Whose(PERSON, 12), page=page),
        )
    )


def test_a_page_of_open_orders_and_the_buttons_to_the_others():
    first, middle, last = orders_page(1), orders_page(2), orders_page(3)
    pages = {n: buttons(reply.blocks) for n, reply in ((1, first), (2, middle), (3, last))}
    assert {k: v["value"] for k, v in pages[1].items() if k.startswith(ids.ORDERS_PAGE)} == {
        "orders_page:next": "p12.2"
    }
    assert {k: v["value"] for k, v in pages[2].items() if k.startswith(ids.ORDERS_PAGE)} == {
        "orders_page:previous": "p12",
        "orders_page:next": "p12.3",
    }
    assert {k: v["value"] for k, v in pages[3].items() if k.startswith(ids.ORDERS_PAGE)} == {
        "orders_page:previous": "p12.2"
    }
    assert pages[2][ids.SALE_DELETE]["block_id"] == "sale:40:p12.2", (
        "a change redraws the page it was made on"
    )
    assert middle.blocks[-2]["elements"][0]["text"].startswith("Page 2 of 3 · ")
    assert all(len(reply.blocks) <= MESSAGE_BLOCKS for reply in (first, middle, last))
    assert "Kunde 21" in middle.text and "Kunde 20" not in middle.text and "Kunde 41" not in middle.text


def test_one_page_has_no_page_buttons_and_a_name_in_the_title_is_escaped_in_the_fallback():
    reply = orders_page(1, total=3, title=f"Open orders: {ODD}")
    assert not [k for k in buttons(reply.blocks) if k.startswith(ids.ORDERS_PAGE)]
    assert reply.blocks[0]["text"] == {"type": "plain_text", "text": f"Open orders: {ODD}", "emoji": True}
    assert reply.text.startswith(f"Open orders: {ODD_MD}\n")


def test_no_open_orders():
    reply = valid_message(
        build_orders_list(
            EN,
            [],
            total=0,
            title="Your open orders (0)",
            today=TODAY,
            labels=LABELS,
            show_owner=False,
            list_key=ListKey(ORDERS, Whose(PERSON, 1)),
        )
    )
    assert reply.text == (
        "Your open orders (0)\n"
        "No open orders: everything is followed up or lost. Record a sale with `/sales result`."
    )
    assert [b["type"] for b in reply.blocks] == ["header", "section"]


RITA = Actor(person_id=1, slack_user_id="U0REP", name="Rita", role=Role.REP, lang="en")
MONA = Actor(
    person_id=3, slack_user_id="U0MANAGER", name="Mona", role=Role.MANAGER, lang="en", managed_person_ids={1}
)
DELIVERED = {"delivered_on": date(2026, 11, 12)}
CLOSED = {
    "followed_up": {**DELIVERED, "followed_up_on": TODAY},
    "lost": {"lost_on": TODAY, "lost_reason": "price"},
}


@pytest.mark.parametrize(
    ("key", "text"),
    [
        (ListKey(ORDERS, Whose(PERSON, 12)), "p12"),
        (ListKey(ORDERS, Whose(TEAM, 3), page=2), "t3.2"),
        (ListKey(RESULTS, Whose(PERSON, 12), Period.of_month(2026, 11)), "rp12@2026-11"),
        (ListKey(RESULTS, Whose(TEAM, 3), Period.of_quarter(2026, 4), page=3), "rt3@2026-Q4.3"),
        (ListKey(RESULTS, Whose(COMPANY), Period.of_year(2026), page=2), "rc@2026.2"),
        (
            ListKey(
                RESULTS, Whose(PERSON, 7), Period.of_range(date(2026, 11, 3), date(2026, 12, 15)), page=12
            ),
            "rp7@2026-11-03..2026-12-15.12",
        ),
    ],
)
def test_a_list_key_says_which_list_whose_which_period_and_page_and_reads_back(key, text):
    assert key.text == text and ListKey.read(text) == key
    assert len(sale_block_id(10**9, key.text)) <= 255


@pytest.mark.parametrize(
    "text",
    ["", "x", "p", "rc", "rp12", "p12@2026-11", "c5", "rp12@2026-13", "rp12@2026-Q5", "p12.x", None],
)
def test_a_list_key_not_made_here_is_not_read(text):
    assert ListKey.read(text) is None


def test_the_buttons_of_a_sale_are_those_the_reader_may_use():
    for fields in ({}, DELIVERED):
        for reader in (RITA, MONA, None):
            assert {ids.SALE_EDIT, ids.SALE_DELETE} <= set(actions(sale_reply(sale(5, **fields), reader)))
    # A closed sale: corrected by managers and admins only; a followed-up one may still be asked
    # about, and a sale won offers its owner and their manager "Share what worked".
    followed_up, lost = CLOSED["followed_up"], CLOSED["lost"]
    story = [ids.WORKING_SHARE_STORY]
    assert actions(sale_reply(sale(5, **followed_up), MONA)) == [
        ids.SALE_FEEDBACK_LINK,
        ids.SALE_EDIT,
        ids.SALE_DELETE,
        *story,
    ]
    assert actions(sale_reply(sale(5, **followed_up), RITA)) == [ids.SALE_FEEDBACK_LINK, *story]
    assert ids.WORKING_SHARE_STORY not in actions(sale_reply(sale(5, **followed_up), None))
    assert actions(sale_reply(sale(5, **lost), MONA)) == [ids.SALE_EDIT, ids.SALE_DELETE]
    refused = sale_reply(sale(5, **lost), RITA)
    assert actions(refused) == [] and [b["type"] for b in refused.blocks] == ["section", "section"]


def sale_reply(shown, reader):
    return valid_message(build_sale_reply(EN, shown, today=TODAY, labels=LABELS, notice="x", reader=reader))


def results_page(fmt=EN, *, page=1, total=45, reader=MONA, found=None):
    key = ListKey(RESULTS, Whose(TEAM, 3), Period.of_month(2026, 11), page=page)
    everything = [
        sale(i, customer=f"Kunde {i:02d}", **(CLOSED["lost"] if i % 2 else {})) for i in range(1, total + 1)
    ]
    shown = everything[(page - 1) * LIST_SALES : page * LIST_SALES] if found is None else found
    return valid_message(
        build_results_list(
            fmt,
            shown,
            title="Sales: Øst · November 2026",
            summary="45 sales · *NOK 1,000* won · 23 lost",
            today=TODAY,
            labels=LABELS,
            show_owner=True,
            list_key=key,
            pages=-(-total // LIST_SALES),
            reader=reader,
            notice="Sale updated." if page == 2 else None,
        )
    )


def test_a_page_of_a_periods_sales_with_its_summary_buttons_and_pages():
    first, middle, last = results_page(page=1), results_page(page=2), results_page(page=3)
    assert first.blocks[0]["text"]["text"] == "Sales: Øst · November 2026"
    assert first.blocks[1]["text"]["text"] == "45 sales · *NOK 1,000* won · 23 lost"
    assert middle.blocks[1]["text"]["text"] == "Sale updated."
    pages = {n: buttons(reply.blocks) for n, reply in ((1, first), (2, middle), (3, last))}
    assert {k: v["value"] for k, v in pages[2].items() if k.startswith(ids.RESULTS_PAGE)} == {
        "results_page:previous": "rt3@2026-11",
        "results_page:next": "rt3@2026-11.3",
    }
    assert "results_page:previous" not in pages[1] and "results_page:next" not in pages[3]
    assert pages[2][ids.SALE_DELETE]["block_id"] == "sale:40:rt3@2026-11.2"
    assert middle.blocks[-2]["elements"][0]["text"].startswith("Page 2 of 3 · Newest order first.")
    assert all(len(reply.blocks) <= MESSAGE_BLOCKS for reply in (first, middle, last))
    assert "Kunde 21" in middle.text and "Kunde 20" not in middle.text and "Kunde 41" not in middle.text


def test_a_rep_sees_no_edit_or_delete_on_their_closed_sales_in_the_list():
    reply = results_page(page=1, total=4, reader=RITA)
    by_sale = {
        b["block_id"]: [e["action_id"] for e in b["elements"]] for b in reply.blocks if b["type"] == "actions"
    }
    # Kunde 1 and 3 are lost (no buttons at all); 2 and 4 open.
    assert set(by_sale) == {"sale:2:rt3@2026-11", "sale:4:rt3@2026-11"}
    assert all(ids.SALE_EDIT in found and ids.SALE_DELETE in found for found in by_sale.values())
    assert "Kunde 01" in reply.text and "Kunde 03" in reply.text


def test_no_sales_in_the_period_in_norwegian():
    reply = results_page(NB, total=0, found=[])
    assert [b["type"] for b in reply.blocks] == ["header", "section", "section"]
    assert "Ingen salg ble bestilt i denne perioden" in reply.text
    assert not buttons(reply.blocks)


CATALOG = [product(1, "Kaffe"), product(2, "Gammel & <b>", active=False)]


def sale_modal(fmt=EN, *, products=CATALOG, choose_person=False, private_metadata="", sale=None) -> dict:
    """The result modal (the edit modal with ``sale``), for Rita, once Slack would open it."""
    return valid_view(
        build_sale_modal(
            fmt,
            products=products,
            today=TODAY,
            choose_person=choose_person,
            person_slack_id="U0REP",
            private_metadata=private_metadata,
            sale=sale,
        )
    )


def test_the_result_modal():
    view = sale_modal(choose_person=True, private_metadata='{"c": 1}')
    assert (view["callback_id"], view["title"]["text"], view["private_metadata"]) == (
        ids.RESULT_MODAL,
        "Record a sale",
        '{"c": 1}',
    )
    assert [b["block_id"] for b in view["blocks"]] == [
        "person",
        "product",
        "amount",
        "units",
        "customer",
        "ordered_on",
        "promised_on",
    ]
    assert options(view, "product") == [("Kaffe", "1"), ("Gammel & <b> (retired)", "2")]
    assert (initial(view, "person"), initial(view, "units"), initial(view, "ordered_on")) == (
        "U0REP",
        "1",
        "2026-11-18",
    )
    assert initial(view, "promised_on") is None and initial(view, "amount") is None


def test_editing_prefills_the_sale_as_the_reader_types_it():
    delivered = sale(
        5, product_id=2, amount=Decimal("1234.50"), units=3, customer="Acme", delivered_on=date(2026, 11, 13)
    )
    view = sale_modal(NB, sale=delivered)
    assert view["callback_id"] == ids.SALE_EDIT_MODAL
    assert [b["block_id"] for b in view["blocks"]][-2:] == ["delivered_on", "followed_up_on"]
    assert (initial(view, "product"), initial(view, "amount"), initial(view, "units")) == (
        "2",
        "1\xa0234,50",
        "3",
    )
    assert (initial(view, "customer"), initial(view, "ordered_on"), initial(view, "delivered_on")) == (
        "Acme",
        "2026-11-02",
        "2026-11-13",
    )
    lost = sale(5, lost_on=date(2026, 11, 12), lost_reason="price")
    view = sale_modal(sale=lost)
    assert options(view, "lost") == [("Lost: Price", "lost")] and initial(view, "lost") == ["lost"]


@pytest.mark.parametrize(
    ("catalog", "hint"),
    [
        (
            [product(i, f"P{i}") for i in range(SELECT_OPTIONS + 1)],
            "Type the product's name as it is in the catalog.",
        ),
        ([], "The catalog is empty; managers add products with /sales product add."),
    ],
)
def test_a_catalog_too_long_for_a_select_or_empty_is_typed(catalog, hint):
    view = sale_modal(products=catalog)
    product_input = block(view, "product")
    assert product_input["element"]["type"] == "plain_text_input" and product_input["hint"]["text"] == hint


def test_a_full_select_of_products():
    catalog = [product(i, "P" * 100) for i in range(SELECT_OPTIONS)]
    view = sale_modal(products=catalog)
    assert len(options(view, "product")) == SELECT_OPTIONS


@pytest.mark.parametrize(
    ("step", "title"), [("delivered", "Mark delivered"), ("followed_up", "Mark followed up")]
)
def test_the_step_modal_shows_the_sale_and_asks_the_day(step, title):
    view = valid_view(
        build_step_modal(EN, sale(5, **OPEN), step=step, today=TODAY, labels=LABELS, private_metadata="m")
    )
    assert (view["callback_id"], view["title"]["text"], view["private_metadata"]) == (
        ids.SALE_DATE_MODAL,
        title,
        "m",
    )
    assert ODD_MD in view["blocks"][0]["text"]["text"]
    assert initial(view, "date") == "2026-11-18"


def test_the_lost_modal_asks_why_and_for_a_note():
    view = valid_view(build_lost_modal(EN, sale(5, **OPEN), today=TODAY, labels=LABELS, private_metadata="m"))
    assert view["callback_id"] == ids.SALE_LOST_MODAL
    assert [value for _, value in options(view, "reason")] == list(LOST_REASONS)
    assert ("Price", "price") in options(view, "reason")
    note = block(view, "note")
    assert note["optional"] and note["element"]["multiline"] and note["element"]["max_length"] == NOTE_MAX


# -- the customer segment -----------------------------------------------------------------------

SEGMENTS = [
    SimpleNamespace(id=1, key="public_sector", label="", active=True),
    SimpleNamespace(id=2, key="ours", label="Skoler & <b>", active=True),
    SimpleNamespace(id=3, key="retail", label="", active=False),  # an edited sale's, retired
]


def test_the_sale_form_offers_the_segments_in_the_readers_language():
    for fmt, first, retired in (
        (EN, "Public sector", "Retail (retired)"),
        (NB, "Offentlig sektor", "Detaljhandel (utgått)"),
    ):
        view = valid_view(
            build_sale_modal(
                fmt,
                products=CATALOG,
                segments=SEGMENTS,
                today=TODAY,
                choose_person=False,
                person_slack_id="U0REP",
                private_metadata="",
                sale=sale(5, segment_id=3),
            )
        )
        assert options(view, "segment") == [(first, "1"), ("Skoler & <b>", "2"), (retired, "3")]
        assert initial(view, "segment") == "3"
        block = next(b for b in view["blocks"] if b.get("block_id") == "segment")
        assert block["optional"] is True
    # No segment on the list: no field.
    assert "segment" not in [b.get("block_id") for b in sale_modal()["blocks"]]


def test_a_sale_shows_its_segment_beside_the_customer_escaped():
    labels = SaleLabels(
        products={2: "Barista & Pro"}, owners={1: "U0REP"}, segments={2: SEGMENTS[1], 1: SEGMENTS[0]}
    )
    reply = valid_message(
        build_sale_reply(
            EN, sale(5, **OPEN, segment_id=2), today=TODAY, labels=labels, notice="Sale recorded."
        )
    )
    assert f"Barista &amp; Pro · {ODD_MD} · Segment: Skoler &amp; &lt;b&gt;" in sections(reply.blocks)[1]
    assert "Segment: Skoler &amp; &lt;b&gt; · Nov 2, 2026" in reply.text
    norsk = build_sale_reply(NB, sale(5, segment_id=1), today=TODAY, labels=labels, notice="x")
    assert "Segment: Offentlig sektor" in sections(norsk.blocks)[1]
