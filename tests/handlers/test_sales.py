"""End to end: ``/sales result``, the result modal, and a sale through its lifecycle by its buttons.

Open orders are in test_orders.py, time off in test_away.py."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import Session

from handlers import ids
from salesbot.i18n import t
from storage.models import AuditEntry, ProcessedRequest
from storage.store import Store, get_or_create_workspace
from tests.conftest import MANAGER, NORWEGIAN, OWNER, REP, REP2
from tests.handlers.shop import (
    TODAY,
    audit_actions,
    last_ephemeral,
    modal,
    record,
    sales_of,
    shop_workspace,
    updates,
)
from tests.helpers import buttons, dms, last_reply, press, product_id, rows, shown


@pytest.fixture
def ws(db):
    with shop_workspace(db) as workspace:
        yield workspace


# -- /sales result --------------------------------------------------------------------------


def test_result_records_a_sale_with_product_and_customer(ws, db):
    ws.command('result 15 000 barista pro customer:"Acme AS"', user=REP)
    (sale,) = sales_of(db)
    assert (sale.amount, sale.units, sale.customer, sale.ordered_on, sale.source) == (
        Decimal("15000.00"),
        1,
        "Acme AS",
        TODAY,
        "slack",
    )
    assert sale.product_id == product_id(db, "Barista Pro")
    posted = last_ephemeral(ws, REP)
    text = shown(posted)
    assert "Sale recorded." in text and "Barista Pro · Acme AS" in text and "Awaiting delivery" in text
    found = buttons(posted.blocks)
    assert list(found) == [
        ids.SALE_DELIVERED,
        ids.SALE_LOST,
        ids.SALE_FEEDBACK_LINK,
        ids.SALE_EDIT,
        ids.SALE_DELETE,
        ids.WORKING_SHARE_STORY,
    ]
    assert found[ids.SALE_DELETE]["confirm"]["title"]["text"] == "Delete sale"
    assert found[ids.SALE_DELETE]["confirm"]["text"]["text"].startswith(
        "NOK\xa015,000 · Barista Pro · Acme AS"
    )
    assert {b["value"] for b in found.values()} == {str(sale.id)}
    assert "sale.recorded" in audit_actions(db)
    assert ws.fake.missing_text_fallbacks() == []


@pytest.mark.parametrize(
    ("user", "text", "amount", "customer", "product"),
    [
        (REP, "result 1,234.50 Kaffeabonnement", "1234.50", "", "Kaffeabonnement"),
        (REP, "result 150k", "150000.00", "", None),
        (REP, "result kr 2 500 customer:Nordic Coffee AS", "2500.00", "Nordic Coffee AS", None),
        (
            NORWEGIAN,
            "result 1 234,50 kaffeabonnement kunde:«Kafé & Co»",
            "1234.50",
            "Kafé & Co",
            "Kaffeabonnement",
        ),
        (NORWEGIAN, "salg 1.500 Kaffeabonnement", "1500.00", "", "Kaffeabonnement"),
    ],
)
def test_result_reads_amounts_and_names_in_the_users_language(ws, db, user, text, amount, customer, product):
    ws.command(text, user=user)  # LocalWorkspace escapes & as Slack does; salesbot stores it plain
    (sale,) = sales_of(db)
    assert (sale.amount, sale.customer) == (Decimal(amount), customer)
    assert sale.product_id == (product_id(db, product) if product else None)


def test_norwegian_reply(ws):
    ws.command("result 2 000,50 Kaffeabonnement", user=NORWEGIAN)
    text = last_reply(ws, NORWEGIAN)
    assert "Salget er registrert." in text and "2\xa0000,50\xa0kr" in text and "Venter på levering" in text
    assert "Marker som levert" in text


@pytest.mark.parametrize(
    ("user", "text", "expected"),
    [
        (REP, "result 12,5 Barista Pro", "`12,5` is unclear"),
        (REP, "result Barista Pro", "I couldn't read `Barista` as an amount"),
        (REP, "result", None),  # opens the modal instead
        (REP, "result 100 Barista Po", "Did you mean: Barista Pro?"),
        (REP, "result 100 Espresso", "Add a product with `/sales product add"),
        (REP, 'result 100 customer:"Acme', "quote around the customer's name is not closed"),
        (REP, "result 100 for @per", "can't tell who `@per` is"),
        (NORWEGIAN, "result 150,000", "har mer enn to desimaler"),
    ],
)
def test_bad_result_input_says_what_was_wrong_and_writes_nothing(ws, db, user, text, expected):
    ws.command(text, user=user)
    if expected:
        assert expected in last_reply(ws, user)
    assert sales_of(db) == []


def test_unknown_product_lists_the_closest_and_how_to_add(ws, db):
    ws.command("result 100 Barista", user=REP)
    reply = last_reply(ws, REP)
    assert "There is no product called *Barista*. Did you mean: Barista Pro?" in reply
    assert "/sales product add" in reply


def test_managers_record_for_their_people_and_reps_only_for_themselves(ws, db):
    ws.command(f"result 5000 Barista Pro for {ws.mention(REP)} customer:Acme AS", user=MANAGER)
    (sale,) = sales_of(db, REP)
    assert sale.customer == "Acme AS" and sale.created_by_id != sale.person_id
    assert "Sale recorded for <@U0REP>" in last_reply(ws, MANAGER)
    dm = ws.fake.wait_for_posted(lambda p: p.kind == "dm" and p.user == REP)
    assert "<@U0MANAGER> recorded a sale for you: NOK\xa05,000 · Barista Pro · Acme AS" in dm.text

    ws.command(f"result 5000 for {ws.mention(REP)}", user=REP2)
    assert "only your own sales" in last_reply(ws, REP2)
    ws.command(f"result 5000 for {ws.mention(REP2)}", user=MANAGER)  # Per is not in Mona's team
    assert "only your own sales" in last_reply(ws, MANAGER)
    ws.command(f"result 700 for {ws.mention(REP2)}", user=OWNER)  # admins record for anyone
    assert len(sales_of(db)) == 2 and len(sales_of(db, REP2)) == 1


def set_currency(ws, currency: str) -> None:
    ws.command("settings", user=OWNER)
    ws.submit(user=OWNER, view=ws.fake.top_view(OWNER), answers={"currency": currency})


@pytest.mark.parametrize(
    ("user", "text", "expected"),
    [
        (
            REP,
            "result kr 2 500",
            "`kr 2 500` is in kr, but this workspace counts in EUR, and salesbot does not convert",
        ),
        (REP, "result 2 500 NOK Barista Pro", "`2 500 NOK` is in NOK, but this workspace counts in EUR"),
        (REP, "result $2,500", "`$2,500` is in $, but this workspace counts in EUR"),
        (NORWEGIAN, "result 2 500 kr Barista Pro", "`2 500 kr` er i kr, men arbeidsområdet regner i EUR"),
    ],
)
def test_an_amount_in_another_currency_is_refused_not_counted(ws, db, user, text, expected):
    set_currency(ws, "EUR")
    ws.command(text, user=user)
    assert expected in last_reply(ws, user)
    assert sales_of(db) == []
    ws.command("result € 2 500 Barista Pro", user=user)
    assert sales_of(db)[0].amount == Decimal("2500.00")
    assert "€" in last_reply(ws, user)


def test_the_result_modal_refuses_another_currency_on_the_amount(ws, db):
    set_currency(ws, "EUR")
    ws.command("result", user=NORWEGIAN)
    view = modal(ws, NORWEGIAN)
    result = ws.submit(user=NORWEGIAN, view=view, answers={"amount": "kr 900"})
    assert "`kr 900` er i kr, men arbeidsområdet regner i EUR" in result.json()["errors"]["amount"]
    assert sales_of(db) == []
    ws.submit(user=NORWEGIAN, view=view, answers={"amount": "900 €"})
    assert sales_of(db)[0].amount == Decimal("900.00")


@pytest.mark.parametrize(
    ("user", "text", "expected"),
    [
        (REP, "result 150000000000", "at most 1,000,000,000 (one billion) per sale"),
        (REP, "result 1.5bn Barista Pro", "at most 1,000,000,000 (one billion) per sale"),
        (NORWEGIAN, "result 150 000 000 000", "høyst 1 000 000 000 (én milliard) per salg"),
    ],
)
def test_an_absurd_amount_is_refused(ws, db, user, text, expected):
    ws.command(text, user=user)
    assert expected in last_reply(ws, user)
    assert sales_of(db) == []
    ws.command("result 1000000000", user=user)  # a billion is the most one sale may be
    assert sales_of(db)[0].amount == Decimal("1000000000.00")


def test_an_amount_in_the_other_languages_form_is_explained_not_taken_for_a_product(ws, db):
    ws.command("result 1 234,50", user=REP)
    reply = last_reply(ws, REP)
    assert "`1 234,50` is unclear: in English a comma separates thousands" in reply
    assert "`1 234.50`" in reply and "no product" not in reply
    ws.command("result 1 234,50 Kaffeabonnement", user=REP)
    assert "`1 234,50` is unclear" in last_reply(ws, REP)
    assert sales_of(db) == []
    ws.command("result 1 234,50 Kaffeabonnement", user=NORWEGIAN)  # Norwegian form, Norwegian reader
    assert sales_of(db)[0].amount == Decimal("1234.50")


def test_a_retired_product_is_named_as_retired_with_who_can_bring_it_back(ws, db):
    ws.command("product retire Kaffeabonnement", user=OWNER)
    ws.command("result 100 Kaffeabonnement", user=REP)
    reply = last_reply(ws, REP)
    assert "*Kaffeabonnement* is retired, so it can't be chosen any more." in reply
    assert "A manager or an admin can bring it back with `/sales product add Kaffeabonnement`." in reply
    assert "There is no product" not in reply
    ws.command("result 100 kaffeabonnement", user=NORWEGIAN)
    assert "*Kaffeabonnement* er utgått og kan ikke velges lenger" in last_reply(ws, NORWEGIAN)
    assert sales_of(db) == []
    ws.command("product retire Kaffeabonnement", user=OWNER)
    assert "*Kaffeabonnement* is already retired." in last_reply(ws, OWNER)
    ws.command("product add Kaffeabonnement", user=MANAGER)
    ws.command("result 100 Kaffeabonnement", user=REP)
    assert sales_of(db)[0].product_id == product_id(db, "Kaffeabonnement")


@pytest.mark.parametrize(
    ("user", "text", "units", "shown_units"),
    [
        (REP, "result 15 000 Barista Pro x3", 3, "15,000* · 3 units · Barista Pro"),
        (REP, "result 15000 3 units Barista Pro customer:Acme", 3, "3 units · Barista Pro · Acme"),
        (NORWEGIAN, "result 150 000 Barista Pro 12 stk", 12, "12 stk. · Barista Pro"),
        (NORWEGIAN, "result 15 000 Barista Pro 2", 1, None),
    ],
)
def test_result_takes_a_quantity(ws, db, user, text, units, shown_units):
    ws.command(text, user=user)
    if shown_units is None:  # "Barista Pro 2" is not a product: a bare number is part of the name
        assert "Barista Pro 2" in last_reply(ws, user) and sales_of(db) == []
        return
    (sale,) = sales_of(db)
    assert (sale.units, sale.product_id) == (units, product_id(db, "Barista Pro"))
    assert shown_units in last_reply(ws, user)


def test_result_with_two_quantities_or_too_many_units_is_refused(ws, db):
    ws.command("result 100 Barista Pro 3 stk x2", user=NORWEGIAN)
    assert "Oppgi antallet én gang" in last_reply(ws, NORWEGIAN)
    ws.command("result 100 Barista Pro x2000000", user=REP)
    assert "`2000000` as a number of units" in last_reply(ws, REP)
    assert sales_of(db) == []


# -- the result modal -----------------------------------------------------------------------


def test_result_modal_records_once_even_when_submitted_twice(ws, db):
    ws.command("result", user=REP)
    view = modal(ws, REP)
    assert view["callback_id"] == ids.RESULT_MODAL
    blocks = {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}
    assert "person" not in blocks, "reps record their own sales only"
    assert blocks["units"]["element"]["type"] == "number_input"
    assert blocks["ordered_on"]["element"]["initial_date"] == "2026-11-18"
    assert [o["text"]["text"] for o in blocks["product"]["element"]["options"]] == [
        "Barista Pro",
        "Kaffeabonnement",
    ]
    answers = {
        "amount": "24 990",
        "product": str(product_id(db, "Barista Pro")),
        "units": "2",
        "customer": "Kafé Nord",
        "ordered_on": "2026-11-16",
        "promised_on": "2026-11-25",
    }
    first = ws.submit(user=REP, view=view, answers=answers)
    second = ws.submit(user=REP, view=view, answers=answers)
    assert first.status == second.status == 200 and first.body == second.body == b""
    (sale,) = sales_of(db)
    assert (sale.amount, sale.units, sale.customer, sale.ordered_on, sale.promised_on) == (
        Decimal("24990.00"),
        2,
        "Kafé Nord",
        date(2026, 11, 16),
        date(2026, 11, 25),
    )
    assert sale.request_key == f"result:{view['id']}"
    confirmation = ws.fake.wait_for_posted(lambda p: p.kind == "ephemeral" and p.user == REP)
    assert confirmation.channel == "C0GENERAL" and "Sale recorded." in shown(confirmation)
    assert audit_actions(db).count("sale.recorded") == 1


@pytest.mark.parametrize(
    ("answers", "field", "message"),
    [
        ({"amount": "lots"}, "amount", "I couldn't read `lots` as an amount."),
        ({"amount": "12,5"}, "amount", "is unclear"),
        ({"units": "0"}, "units", "whole number above zero"),
        ({"ordered_on": "2026-11-19"}, "ordered_on", "The order date Nov 19, 2026 is in the future"),
        ({"promised_on": "2026-11-01"}, "promised_on", "can't be before the order date (Nov 18, 2026)"),
        ({"customer": "x" * 201}, "customer", "at most 200 characters"),
    ],
)
def test_result_modal_errors_show_on_their_field_and_save_nothing(ws, db, answers, field, message):
    ws.command("result", user=REP)
    view = modal(ws, REP)
    result = ws.submit(user=REP, view=view, answers={"amount": "100", **answers})
    body = result.json()
    assert body["response_action"] == "errors" and list(body["errors"]) == [field]
    assert message in body["errors"][field]
    assert sales_of(db) == [] and rows(db, ProcessedRequest) == []
    # The same form, corrected, still saves: the failed attempt claimed nothing.
    ws.submit(user=REP, view=view, answers={"amount": "100"})
    assert len(sales_of(db)) == 1


@pytest.mark.parametrize(
    ("text", "user", "owner", "expected"),
    [
        (
            f"result 49 980 Barista Pro x2 for <@{REP}> customer:Acme",
            MANAGER,
            REP,
            "<@U0MANAGER> recorded a sale for you: NOK\xa049,980 · 2 units · Barista Pro · Acme",
        ),
        (
            f"result 74 970 Barista Pro 3 stk for <@{NORWEGIAN}>",
            MANAGER,
            NORWEGIAN,
            "<@U0MANAGER> har registrert et salg på deg: 74\xa0970\xa0kr · 3 stk. · Barista Pro",
        ),
    ],
)
def test_the_owners_dm_says_how_many_were_sold(ws, db, text, user, owner, expected):
    ws.command(text, user=user)
    dm = ws.fake.wait_for_posted(lambda p: p.kind == "dm" and p.user == owner)
    assert expected in dm.text


def test_a_result_form_with_several_wrong_fields_shows_every_error_under_its_field(ws, db):
    ws.command("result", user=REP)
    view = modal(ws, REP)
    answers = {
        "amount": "lots",
        "units": "0",
        "ordered_on": "2026-11-19",
        "promised_on": "2026-11-01",
        "customer": "x" * 201,
    }
    body = ws.submit(user=REP, view=view, answers=answers).json()
    assert body["response_action"] == "errors"
    assert body["errors"] == {
        "amount": "I couldn't read `lots` as an amount. " + t("en", "amount.example"),
        "units": "I couldn't read `0` as a number of units; use a whole number above zero. "
        + t("en", "units.example"),
        "ordered_on": "The order date Nov 19, 2026 is in the future; use today or earlier.",
        "promised_on": "The promised delivery can't be before the order date (Nov 19, 2026).",
        "customer": "A customer's name can be at most 200 characters.",
    }
    assert sales_of(db) == [] and rows(db, ProcessedRequest) == []
    ws.submit(user=REP, view=view, answers={"amount": "100"})
    assert len(sales_of(db)) == 1


def test_a_norwegian_result_form_shows_every_error_in_norwegian(ws, db):
    ws.command("result", user=NORWEGIAN)
    view = modal(ws, NORWEGIAN)
    body = ws.submit(
        user=NORWEGIAN, view=view, answers={"amount": "mye", "ordered_on": "2026-11-20", "units": "0"}
    ).json()
    assert set(body["errors"]) == {"amount", "ordered_on", "units"}
    assert body["errors"]["amount"].startswith("Jeg forstod ikke `mye` som et beløp.")
    assert (
        body["errors"]["ordered_on"] == "Ordredatoen 20. nov. 2026 er fram i tid; bruk i dag eller tidligere."
    )
    assert body["errors"]["units"].startswith("Jeg forstod ikke `0` som et antall")
    assert sales_of(db) == []


def test_an_edit_form_with_several_wrong_fields_shows_every_error(ws, db):
    sale, found = record(ws, db, user=MANAGER, text=f"result 500 for {ws.mention(REP)}")
    press(ws, MANAGER, found[ids.SALE_EDIT])
    view = modal(ws, MANAGER)
    body = ws.submit(
        user=MANAGER, view=view, answers={"person": REP2, "amount": "0", "promised_on": "2026-11-01"}
    ).json()
    assert set(body["errors"]) == {"person", "amount", "promised_on"}
    assert "only your own sales" in body["errors"]["person"]
    assert "above zero" in body["errors"]["amount"]
    (unchanged,) = sales_of(db)
    assert (unchanged.amount, unchanged.promised_on) == (Decimal(500), None)


def test_managers_choose_whom_a_modal_sale_is_for(ws, db):
    ws.command("result", user=MANAGER)
    view = modal(ws, MANAGER)
    person = next(b for b in view["blocks"] if b.get("block_id") == "person")
    assert person["element"]["initial_user"] == MANAGER
    result = ws.submit(user=MANAGER, view=view, answers={"amount": "900", "person": REP2})
    assert "only your own sales" in result.json()["errors"]["person"]
    ws.submit(user=MANAGER, view=view, answers={"amount": "900", "person": NORWEGIAN})
    (sale,) = sales_of(db, NORWEGIAN)
    dm = ws.fake.wait_for_posted(lambda p: p.kind == "dm" and p.user == NORWEGIAN)
    assert "har registrert et salg på deg: 900\xa0kr" in dm.text


def test_a_large_catalog_is_typed_instead_of_picked(ws, db):
    with Session(db) as session:
        store = Store(session, get_or_create_workspace(session, slack_team_id=ws.team_id))
        for number in range(101):
            store.add_product(f"Modell {number:03d}", None)
        session.commit()
    ws.command("result", user=REP)
    view = modal(ws, REP)
    product = next(b for b in view["blocks"] if b.get("block_id") == "product")
    assert product["element"]["type"] == "plain_text_input"
    result = ws.submit(user=REP, view=view, answers={"amount": "10", "product": "Modell 1000"})
    assert "Did you mean: Modell 100" in result.json()["errors"]["product"]
    ws.submit(user=REP, view=view, answers={"amount": "10", "product": "modell 100"})
    assert sales_of(db)[0].product_id == product_id(db, "Modell 100")


# -- lifecycle ------------------------------------------------------------------------------


def test_delivered_late_then_followed_up_updates_the_message(ws, db):
    sale, found = record(ws, db, promised=date(2026, 11, 15))
    press(ws, REP, found[ids.SALE_DELIVERED])
    view = modal(ws, REP)
    assert view["callback_id"] == ids.SALE_DATE_MODAL
    date_input = next(b for b in view["blocks"] if b.get("block_id") == "date")
    assert date_input["element"]["initial_date"] == "2026-11-18"

    result = ws.submit(user=REP, view=view, answers={"date": "2026-11-19"})
    assert "is in the future" in result.json()["errors"]["date"]
    result = ws.submit(user=REP, view=view, answers={"date": "2026-11-10"})
    assert "can't be before the order date (Nov 18, 2026)" in result.json()["errors"]["date"]
    assert sales_of(db)[0].delivered_on is None

    ws.submit(user=REP, view=view, answers={"date": "2026-11-18"})
    sale = sales_of(db)[0]
    assert sale.delivered_on == TODAY
    update = ws.fake.wait_for_posted(lambda p: p.kind == "update" and p.user == REP)
    text = shown(update)
    assert "Marked delivered on Nov 18, 2026" in text and "Delivered Nov 18, 2026, 3 days late" in text
    found = buttons(update.blocks)
    assert list(found) == [
        ids.SALE_FOLLOWED_UP,
        ids.SALE_FEEDBACK_LINK,
        ids.SALE_EDIT,
        ids.SALE_DELETE,
        ids.WORKING_SHARE_STORY,
    ]

    press(ws, REP, found[ids.SALE_FOLLOWED_UP])
    ws.submit(user=REP, view=modal_after(ws, REP, view), answers={"date": "2026-11-18"})
    assert sales_of(db)[0].followed_up_on == TODAY
    assert "Followed up Nov 18, 2026" in shown(updates(ws, REP)[-1])
    actions = audit_actions(db)
    assert "sale.delivered" in actions and "sale.followed_up" in actions
    delivered = next(e for e in rows(db, AuditEntry) if e.action == "sale.delivered")
    assert delivered.details["changes"] == {"delivered_on": [None, "2026-11-18"]}


def modal_after(ws, user, previous: dict) -> dict:
    return ws.fake.wait_for_posted(
        lambda p: p.kind == "modal_open" and p.user == user and p.view["id"] != previous["id"]
    ).view


def test_steps_out_of_order_are_refused(ws, db):
    sale, found = record(ws, db)
    # A stale "followed up" button (a follow-up needs a delivery first).
    press(ws, REP, {**found[ids.SALE_DELIVERED], "action_id": ids.SALE_FOLLOWED_UP})
    assert "Mark the sale delivered first" in last_reply(ws, REP)
    press(ws, REP, found[ids.SALE_LOST])
    ws.submit(user=REP, view=modal(ws, REP), answers={"reason": "price"})
    press(ws, REP, found[ids.SALE_DELIVERED])
    assert "This sale was marked lost on Nov 18, 2026" in last_reply(ws, REP)
    assert sales_of(db)[0].delivered_on is None


@pytest.mark.parametrize(
    "reason", ["price", "product_fit", "delivery_time", "competitor", "customer_service"]
)
def test_lost_with_each_reason(ws, db, reason):
    sale, found = record(ws, db)
    press(ws, REP, found[ids.SALE_LOST])
    view = modal(ws, REP)
    options = next(b for b in view["blocks"] if b.get("block_id") == "reason")["element"]["options"]
    assert [o["value"] for o in options] == [
        "price",
        "product_fit",
        "delivery_time",
        "competitor",
        "customer_service",
        "other",
    ]
    ws.submit(user=REP, view=view, answers={"reason": reason, "note": "They chose another"})
    sale = sales_of(db)[0]
    assert (sale.lost_on, sale.lost_reason, sale.lost_note) == (TODAY, reason, "They chose another")
    text = shown(ws.fake.wait_for_posted(lambda p: p.kind == "update" and p.user == REP))
    assert "Marked lost" in text and "Lost Nov 18, 2026" in text
    assert "sale.lost" in audit_actions(db)


def test_lost_needs_a_reason_and_other_needs_a_note(ws, db):
    sale, found = record(ws, db, user=NORWEGIAN, text="result 500")
    press(ws, NORWEGIAN, found[ids.SALE_LOST])
    view = modal(ws, NORWEGIAN)
    assert view["title"]["text"] == "Marker som tapt"
    result = ws.submit(user=NORWEGIAN, view=view, answers={"reason": "other"})
    assert result.json()["errors"] == {"note": "Velger du «Annet», må du skrive kort hva som skjedde."}
    result = ws.submit(user=NORWEGIAN, view=view, answers={"reason": None})
    assert "reason" in result.json()["errors"]
    result = ws.submit(user=NORWEGIAN, view=view, answers={"reason": None, "note": "x" * 2001})
    assert result.json()["errors"] == {
        "reason": "Velg hvorfor salget ble tapt.",
        "note": "Notatet kan ha høyst 2000 tegn.",
    }
    assert sales_of(db)[0].lost_on is None
    ws.submit(user=NORWEGIAN, view=view, answers={"reason": "other", "note": "Kunden la ned"})
    assert sales_of(db)[0].lost_reason == "other"
    assert "Markert som tapt (Annet)" in shown(updates(ws, NORWEGIAN)[-1])


def test_edit_and_delete_belong_to_the_owner_their_managers_and_admins(ws, db):
    sale, found = record(ws, db)
    press(ws, REP2, found[ids.SALE_EDIT])
    assert "only your own sales" in last_reply(ws, REP2)
    press(ws, REP2, found[ids.SALE_DELETE])
    assert "only your own sales" in last_reply(ws, REP2)
    assert len(sales_of(db)) == 1

    press(ws, MANAGER, found[ids.SALE_EDIT])
    view = modal(ws, MANAGER)
    assert view["callback_id"] == ids.SALE_EDIT_MODAL
    values = {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}
    assert values["amount"]["initial_value"] == "10,000"
    assert values["customer"]["initial_value"] == "Acme"
    assert values["person"]["initial_user"] == REP
    ws.submit(
        user=MANAGER, view=view, answers={"amount": "12 500", "units": "3", "promised_on": "2026-11-20"}
    )
    sale = sales_of(db)[0]
    assert (sale.amount, sale.units, sale.promised_on) == (Decimal("12500.00"), 3, date(2026, 11, 20))
    edited = next(e for e in rows(db, AuditEntry) if e.action == "sale.edited")
    assert edited.details["changes"] == {
        "amount": ["10000.00", "12500.00"],
        "units": [1, 3],
        "promised_on": [None, "2026-11-20"],
    }
    assert "changed one of your sales" in dms(ws, REP)[-1]

    press(ws, REP, found[ids.SALE_DELETE])
    assert sales_of(db) == []
    assert "Sale deleted: NOK\xa012,500 · 3 units · Barista Pro · Acme" in shown(updates(ws, REP)[-1])
    deleted = next(e for e in rows(db, AuditEntry) if e.action == "sale.deleted")
    assert deleted.details["before"]["amount"] == "12500.00"
    press(ws, REP, found[ids.SALE_DELETE])  # a second click on a stale message
    assert "no longer exists" in last_reply(ws, REP)


def test_editing_can_reopen_a_lost_sale_and_correct_a_delivery(ws, db):
    sale, found = record(ws, db)
    press(ws, REP, found[ids.SALE_LOST])
    ws.submit(user=REP, view=modal(ws, REP), answers={"reason": "price"})
    # A lost sale is closed: its owner's manager reopens it, not the owner.
    press(ws, REP, found[ids.SALE_EDIT])
    assert "only your manager or an admin can correct" in last_reply(ws, REP)
    assert ws.fake.top_view(REP) is None
    press(ws, MANAGER, found[ids.SALE_EDIT])
    view = ws.fake.top_view(MANAGER)
    assert view["callback_id"] == ids.SALE_EDIT_MODAL
    ws.submit(user=MANAGER, view=view, answers={"lost": []})
    assert sales_of(db)[0].lost_on is None and sales_of(db)[0].lost_reason is None

    press(ws, REP, found[ids.SALE_DELIVERED])
    ws.submit(user=REP, view=ws.fake.top_view(REP), answers={"date": "2026-11-18"})
    press(ws, REP, found[ids.SALE_EDIT])
    view = ws.fake.top_view(REP)
    result = ws.submit(user=REP, view=view, answers={"delivered_on": None, "followed_up_on": "2026-11-18"})
    assert "Mark the sale delivered first" in result.json()["errors"]["followed_up_on"]
    ws.submit(user=REP, view=view, answers={"delivered_on": None})
    assert sales_of(db)[0].delivered_on is None

    # An edit form opened before the delivery was marked keeps the delivery.
    press(ws, MANAGER, found[ids.SALE_EDIT])
    stale_edit = ws.fake.top_view(MANAGER)
    press(ws, REP, found[ids.SALE_DELIVERED])
    ws.submit(user=REP, view=ws.fake.top_view(REP), answers={"date": "2026-11-18"})
    ws.submit(user=MANAGER, view=stale_edit, answers={"customer": "Acme Nord"})
    assert (sales_of(db)[0].customer, sales_of(db)[0].delivered_on) == ("Acme Nord", TODAY)
