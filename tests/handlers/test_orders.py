"""End to end: ``/sales orders``, the open orders listed, paged and changed from the list."""

from __future__ import annotations

from datetime import date

import pytest

from handlers import ids
from tests.conftest import MANAGER, NORWEGIAN, OWNER, REP, REP2
from tests.handlers.shop import (
    TODAY,
    add_open_orders,
    last_ephemeral,
    modal,
    record,
    sales_of,
    shop_workspace,
    updates,
)
from tests.helpers import buttons, dms, last_reply, press, shown


@pytest.fixture
def ws(db):
    with shop_workspace(db) as workspace:
        yield workspace


def test_open_orders_oldest_promised_first_with_delays_flagged(ws, db):
    record(ws, db, text="result 100 customer:Late", promised=date(2026, 11, 10))
    record(ws, db, text="result 200 customer:Soon", promised=date(2026, 11, 30))
    lost, found = record(ws, db, text="result 300 customer:Lost")
    press(ws, REP, found[ids.SALE_LOST])
    ws.submit(user=REP, view=modal(ws, REP), answers={"reason": "competitor"})
    record(ws, db, user=REP2, text="result 400 customer:Other")

    ws.command("orders", user=REP)
    posted = last_ephemeral(ws, REP)
    text = shown(posted)
    assert "Your open orders (2)" in text
    assert text.index("Late") < text.index("Soon") and "Lost" not in text and "Other" not in text
    assert "Delivery overdue by 8 days" in text
    assert len(posted.blocks) <= 50

    ws.command(f"orders {ws.mention(REP)}", user=REP2)
    assert "only your own open orders" in last_reply(ws, REP2)
    ws.command("orders team:Øst", user=REP)
    assert "Only the managers of *Øst*" in last_reply(ws, REP)
    ws.command("orders team:Øst", user=MANAGER)
    team = last_reply(ws, MANAGER)
    assert "Open orders: Øst (2)" in team and "<@U0REP>" in team
    ws.command(f"ordrer {ws.mention(REP)}", user=NORWEGIAN)
    assert "Du kan bare se dine egne åpne ordrer" in last_reply(ws, NORWEGIAN)


def test_a_teams_open_orders_by_its_name_with_spaces_and_in_norwegian(ws, db):
    for text in (
        'team create "Bedrift Vest"',
        f'team add "Bedrift Vest" {ws.mention(REP2)}',
        f"role {ws.mention(NORWEGIAN)} manager",
        f'team manager "Bedrift Vest" {ws.mention(NORWEGIAN)}',
    ):
        ws.command(text, user=OWNER)
    record(ws, db, user=REP2, text="result 400 customer:Vestland")
    for text in ('orders team:"Bedrift Vest"', "orders team:Bedrift Vest", "orders team: “Bedrift Vest”"):
        ws.command(text, user=OWNER)
        listing = last_reply(ws, OWNER)
        assert "Open orders: Bedrift Vest (1)" in listing and "Vestland" in listing, text
    for text in ('ordrer lag:"Bedrift Vest"', "ordrer lag:bedrift vest"):
        ws.command(text, user=NORWEGIAN)
        assert "Åpne ordrer: Bedrift Vest (1)" in last_reply(ws, NORWEGIAN), text


@pytest.mark.parametrize(
    ("user", "text", "expected"),
    [
        (OWNER, "orders team:Vest", "There is no team called *Vest*. Did you mean: Bedrift Vest?"),
        (OWNER, "orders team:Nord", "There is no team called *Nord*."),
        (OWNER, "orders team", "I can't tell whose orders `team` means."),
        (OWNER, "orders Bedrift Vest", "I can't tell whose orders `Bedrift Vest` means."),
        (NORWEGIAN, "ordrer lag:Nord", "Det finnes ikke noe team som heter *Nord*."),
        (NORWEGIAN, "ordrer lag", "Jeg skjønner ikke hvilke ordrer `lag` viser til."),
    ],
)
def test_a_wrong_team_or_form_is_answered_with_the_orders_usage(ws, db, user, text, expected):
    ws.command('team create "Bedrift Vest"', user=OWNER)
    ws.command(text, user=user)
    reply = last_reply(ws, user)
    assert expected in reply
    usage = "`/sales orders` — your open orders" if user == OWNER else "`/sales ordrer` — dine åpne ordrer"
    assert usage in reply and "team create" not in reply


def test_a_change_from_the_orders_list_redraws_the_list(ws, db):
    record(ws, db, text="result 100 customer:First")
    record(ws, db, text="result 200 customer:Second")
    ws.command("orders", user=REP)
    found = buttons(last_ephemeral(ws, REP).blocks)  # the last sale's buttons
    assert found[ids.SALE_DELIVERED]["block_id"].endswith(":p" + str(sales_of(db)[0].person_id))
    press(ws, REP, found[ids.SALE_DELIVERED])
    ws.submit(user=REP, view=modal(ws, REP), answers={"date": "2026-11-18"})
    redrawn = shown(ws.fake.wait_for_posted(lambda p: p.kind == "update" and p.user == REP))
    assert "Your open orders (2)" in redrawn and "Marked delivered" in redrawn and "First" in redrawn
    press(ws, REP, found[ids.SALE_DELETE])
    assert "Your open orders (1)" in shown(updates(ws, REP)[-1])


def test_open_orders_are_paged_within_block_kit_limits(ws, db):
    add_open_orders(ws, db, REP, 45)
    ws.command("orders", user=REP)
    first = last_ephemeral(ws, REP)
    text = shown(first)
    assert "Your open orders (45)" in text and "Page 1 of 3" in text
    assert "Kunde 01" in text and "Kunde 20" in text and "Kunde 21" not in text
    assert "+25 more" not in text
    assert len(first.blocks) <= 50
    pages = buttons(first.blocks)
    assert "orders_page:previous" not in pages and pages["orders_page:next"]["text"]["text"] == "Next ▶"

    press(ws, REP, pages["orders_page:next"])
    second = updates(ws, REP)[-1]
    text = shown(second)
    assert "Page 2 of 3" in text and "Kunde 21" in text and "Kunde 40" in text and "Kunde 20" not in text
    assert len(second.blocks) <= 50
    pages = buttons(second.blocks)
    assert {"orders_page:previous", "orders_page:next"} <= set(pages)

    # A change on page 2 redraws page 2.
    sale_button = next(b for b in pages.values() if b["action_id"] == ids.SALE_DELETE)
    assert sale_button["block_id"].endswith(".2")
    press(ws, REP, sale_button)
    redrawn = shown(updates(ws, REP)[-1])
    assert "Your open orders (44)" in redrawn and "Page 2 of 3" in redrawn and "Sale deleted" in redrawn

    press(ws, REP, buttons(updates(ws, REP)[-1].blocks)["orders_page:next"])
    last = updates(ws, REP)[-1]
    assert "Page 3 of 3" in shown(last) and "Kunde 45" in shown(last)
    assert "orders_page:next" not in buttons(last.blocks)
    press(ws, REP, buttons(last.blocks)["orders_page:previous"])
    assert "Page 2 of 3" in shown(updates(ws, REP)[-1])


def test_order_pages_are_checked_and_read_in_norwegian(ws, db):
    add_open_orders(ws, db, NORWEGIAN, 21)
    ws.command("ordrer", user=NORWEGIAN)
    listing = last_ephemeral(ws, NORWEGIAN)
    assert "Side 1 av 2" in shown(listing) and buttons(listing.blocks)["orders_page:next"]["text"][
        "text"
    ] == ("Neste ▶")
    # A page button for someone else's orders is refused like the command.
    value = buttons(listing.blocks)["orders_page:next"]["value"]
    ws.click(user=REP2, action_id="orders_page:next", block_id="orders_pages", value=value)
    assert "only your own open orders" in last_reply(ws, REP2)
    # A page past the end shows the last one.
    ws.click(user=NORWEGIAN, action_id="orders_page:next", block_id="orders_pages", value=value[:-1] + "9")
    assert "Side 2 av 2" in shown(ws.fake.snapshot_posted()[-1])


def test_buttons_on_app_home_answer_by_dm(ws, db):
    sale, found = record(ws, db)
    home = {"id": "VHOME", "type": "home", "blocks": []}
    press(ws, REP, found[ids.SALE_DELIVERED], view=home)
    ws.submit(user=REP, view=modal(ws, REP), answers={"date": "2026-11-18"})
    assert sales_of(db)[0].delivered_on == TODAY
    dm = ws.fake.wait_for_posted(lambda p: p.kind == "dm" and p.user == REP)
    assert "Marked delivered on Nov 18, 2026" in shown(dm)
    ws.click(user=REP, action_id=ids.SHOW_OPEN_ORDERS, block_id="home", view=home)
    assert "Your open orders (1)" in dms(ws, REP)[-1]
