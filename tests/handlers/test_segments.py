"""End to end: customer segments. Everyone lists them (`/sales segments`, `segmenter`), admins
add, rename and retire (one in use is retired, never deleted), a rep may not; a sale's segment is
typed (`segment:NAME`, a name not on the list refused with the list shown and nothing written),
picked in the result form and changed in the edit form, and kept by *Save anyway*."""

from __future__ import annotations

from decimal import Decimal

import pytest

from handlers import ids
from storage.models import AuditEntry, Segment
from tests.conftest import MANAGER, NORWEGIAN, OWNER, REP
from tests.handlers.shop import last_ephemeral, modal, sales_of, shop_workspace, updates
from tests.helpers import buttons, last_reply, press, product_id, rows, shown


@pytest.fixture
def ws(db):
    with shop_workspace(db) as workspace:
        yield workspace


def segment_ids(db) -> dict[str, int]:
    return {s.key: s.id for s in rows(db, Segment)}


def inputs(view: dict) -> dict[str, dict]:
    return {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}


def option_labels(view: dict, block_id: str) -> list[str]:
    return [o["text"]["text"] for o in inputs(view)[block_id]["element"]["options"]]


# -- the list ---------------------------------------------------------------------------------


def test_everyone_lists_the_defaults_in_their_own_language(ws, db):
    ws.command("segments", user=REP)
    listing = last_reply(ws, REP)
    assert "Customer segments (5)" in listing
    for name in ("Public sector", "Hotels and restaurants", "Offices", "Retail", "Other"):
        assert f"• {name}" in listing
    assert "Choose a sale's segment in its form" in listing and "Admins edit" not in listing
    # Stored once, by key, without a label: each reader sees them in their own language.
    assert sorted((s.key, s.label) for s in rows(db, Segment)) == sorted(
        (key, "") for key in ("public_sector", "hotels_restaurants", "offices", "retail", "other")
    )
    ws.command("segmenter", user=NORWEGIAN)
    norsk = last_reply(ws, NORWEGIAN)
    assert (
        "Kundesegmenter (5)" in norsk and "• Offentlig sektor" in norsk and "• Hotell og restaurant" in norsk
    )
    assert len(rows(db, Segment)) == 5


def test_admins_edit_the_list_and_reps_may_not(ws, db):
    ws.command("segments add Education", user=OWNER)
    listing = last_reply(ws, OWNER)
    assert "Added *Education* to the customer segments." in listing and "• Education" in listing
    assert "Admins edit the list" in listing
    ws.command("segments add education", user=OWNER)
    assert "*education* is already on the segment list." in last_reply(ws, OWNER)
    ws.command("segments add Offentlig sektor", user=OWNER)  # a default, named in Norwegian
    assert "*Offentlig sektor* is already on the segment list." in last_reply(ws, OWNER)

    ws.command("segments add Farms", user=REP)
    assert "Only salesbot admins can use `/sales segments add`" in last_reply(ws, REP)
    ws.command("segments retire Education", user=MANAGER)
    assert "Only salesbot admins can use `/sales segments retire`" in last_reply(ws, MANAGER)
    assert "farms" not in segment_ids(db) and "education" in segment_ids(db)

    ws.command("segments rename Education to Schools", user=OWNER)
    assert "Renamed *Education* to *Schools*." in last_reply(ws, OWNER)
    ws.command("segments rename Schools", user=OWNER)
    assert "Write the old name, then `to` and the new name." in last_reply(ws, OWNER)
    ws.command("segments shuffle", user=OWNER)
    assert "doesn't understand `shuffle`" in last_reply(ws, OWNER)

    # In use: retired and kept; unused: removed.
    ws.command("result 10 000 Barista Pro segment:Retail", user=REP)
    ws.command("segments retire retail", user=OWNER)
    assert "Retired *Retail*" in last_reply(ws, OWNER) and "Retired: Retail" in last_reply(ws, OWNER)
    ws.command("segments retire Schools", user=OWNER)
    assert "Removed *Schools* from the customer segments." in last_reply(ws, OWNER)
    by_key = {s.key: s for s in rows(db, Segment)}
    assert not by_key["retail"].active and "education" not in by_key
    assert sales_of(db)[0].segment_id == by_key["retail"].id
    actions = [e.action for e in rows(db, AuditEntry) if e.entity == "segment"]
    assert actions == ["segment.added", "segment.renamed", "segment.retired", "segment.deleted"]

    ws.command(f"role {ws.mention(NORWEGIAN)} admin", user=OWNER)
    ws.command("segmenter legg til Landbruk", user=NORWEGIAN)
    assert "*Landbruk* er lagt til i kundesegmentene." in last_reply(ws, NORWEGIAN)
    ws.command("segmenter omdøp Landbruk til Gårder", user=NORWEGIAN)
    assert "*Landbruk* heter nå *Gårder*." in last_reply(ws, NORWEGIAN)
    ws.command("segmenter fas ut Kontorr", user=NORWEGIAN)
    assert "Det finnes ikke noe segment som heter «Kontorr»" in last_reply(ws, NORWEGIAN)


# -- a sale's segment, typed ------------------------------------------------------------------


def test_a_typed_sale_takes_its_segment_in_either_language(ws, db):
    ws.command("result 12 000 Barista Pro customer:Acme AS segment:Hotels and restaurants", user=REP)
    (sale,) = sales_of(db)
    assert (sale.customer, sale.segment_id) == ("Acme AS", segment_ids(db)["hotels_restaurants"])
    text = shown(last_ephemeral(ws, REP))
    assert "Barista Pro · Acme AS · Segment: Hotels and restaurants" in text

    ws.command('salg 9 000 segment:"offentlig sektor" kunde:Bergen kommune', user=NORWEGIAN)
    sale = sales_of(db)[-1]
    assert (sale.customer, sale.segment_id) == ("Bergen kommune", segment_ids(db)["public_sector"])
    assert "Bergen kommune · Segment: Offentlig sektor" in shown(last_ephemeral(ws, NORWEGIAN))

    # A list of sales shows it where it shows the customer.
    ws.command("results", user=REP)
    assert "Acme AS · Segment: Hotels and restaurants" in last_reply(ws, REP)


def test_a_segment_not_on_the_list_is_refused_with_the_list_and_nothing_is_written(ws, db):
    ws.command("result 12 000 Barista Pro segment:Farms", user=REP)
    refusal = last_reply(ws, REP)
    assert "“Farms” is not on the segment list, so nothing was saved." in refusal
    assert "Public sector, Hotels and restaurants, Offices, Retail, Other" in refusal
    ws.command("salg 12 000 segment:Gårder", user=NORWEGIAN)
    assert "Velg ett av: Offentlig sektor, Hotell og restaurant, Kontor" in last_reply(ws, NORWEGIAN)
    ws.command("result 100 segment:", user=REP)
    assert "`segment:` needs a segment's name after it." in last_reply(ws, REP)
    ws.command('result 100 segment:"Retail', user=REP)
    assert "quote around the segment's name is not closed" in last_reply(ws, REP)
    # A retired segment can no longer be chosen.
    ws.command("segments add Farms", user=OWNER)
    ws.command("result 100 segment:Farms", user=REP)
    ws.command("segments retire Farms", user=OWNER)
    ws.command("result 200 segment:Farms", user=REP)
    assert "“Farms” is not on the segment list" in last_reply(ws, REP)
    assert [s.amount for s in sales_of(db)] == [Decimal("100.00")]


def test_save_anyway_keeps_the_segment(ws, db):
    ws.command(f"goal {ws.mention(REP)} 250000 this month", user=OWNER)
    ws.command("result 1.5m customer:Acme segment:Offices", user=REP)
    found = buttons(last_ephemeral(ws, REP).blocks)
    assert sales_of(db) == []
    press(ws, REP, found[ids.SALE_CHECK_SAVE])
    (sale,) = sales_of(db)
    assert (sale.customer, sale.segment_id) == ("Acme", segment_ids(db)["offices"])
    assert "Segment: Offices" in shown(updates(ws, REP)[-1])


# -- a sale's segment, in the forms -----------------------------------------------------------


def test_the_form_offers_the_active_segments_and_saves_the_one_picked(ws, db):
    ws.command("segments add Farms", user=OWNER)
    ws.command("result 100 segment:Farms", user=OWNER)
    ws.command("segments retire Farms", user=OWNER)
    ws.command("result", user=REP)
    view = modal(ws, REP)
    assert inputs(view)["segment"]["optional"] is True
    assert option_labels(view, "segment") == [
        "Public sector",
        "Hotels and restaurants",
        "Offices",
        "Retail",
        "Other",
    ]
    answers = {
        "amount": "24 990",
        "product": str(product_id(db, "Barista Pro")),
        "customer": "Kafé Nord",
        "segment": str(segment_ids(db)["hotels_restaurants"]),
    }
    assert ws.submit(user=REP, view=view, answers=answers).body == b""
    sale = sales_of(db)[-1]
    assert (sale.customer, sale.segment_id) == ("Kafé Nord", segment_ids(db)["hotels_restaurants"])
    assert "Kafé Nord · Segment: Hotels and restaurants" in last_reply(ws, REP)

    # A segment retired while the form was open is refused on its field; nothing is written.
    ws.command("result", user=REP)
    view = ws.fake.top_view(REP)
    other = str(segment_ids(db)["other"])
    ws.command("segments retire Other", user=OWNER)  # unused: removed
    result = ws.submit(user=REP, view=view, answers={"amount": "500", "segment": other})
    assert "no longer on the list" in result.json()["errors"]["segment"]
    assert len(sales_of(db)) == 2

    ws.command("salg", user=NORWEGIAN)
    norsk = modal(ws, NORWEGIAN)
    assert inputs(norsk)["segment"]["label"]["text"] == "Kundesegment"
    assert option_labels(norsk, "segment") == [
        "Offentlig sektor",
        "Hotell og restaurant",
        "Kontor",
        "Detaljhandel",
    ]


def test_the_edit_form_changes_or_keeps_the_segment(ws, db):
    ws.command("result 10 000 Barista Pro customer:Acme segment:Retail", user=REP)
    found = buttons(last_ephemeral(ws, REP).blocks)
    ws.command("segments retire Retail", user=OWNER)  # in use: retired, kept on the sale

    press(ws, MANAGER, found[ids.SALE_EDIT])
    view = modal(ws, MANAGER)
    segment = inputs(view)["segment"]["element"]
    assert segment["initial_option"]["text"]["text"] == "Retail (retired)"
    ws.submit(user=MANAGER, view=view, answers={"amount": "11 000"})  # the retired one is kept
    sale = sales_of(db)[0]
    assert (sale.amount, sale.segment_id) == (Decimal("11000.00"), segment_ids(db)["retail"])

    press(ws, MANAGER, found[ids.SALE_EDIT])
    view = ws.fake.top_view(MANAGER)
    ws.submit(user=MANAGER, view=view, answers={"segment": str(segment_ids(db)["offices"])})
    assert sales_of(db)[0].segment_id == segment_ids(db)["offices"]
    edited = [e for e in rows(db, AuditEntry) if e.action == "sale.edited"][-1]
    assert edited.details["changes"] == {
        "segment_id": [segment_ids(db)["retail"], segment_ids(db)["offices"]]
    }
    assert "Segment: Offices" in shown(updates(ws, MANAGER)[-1])

    # Cleared: the segment is optional.
    press(ws, MANAGER, found[ids.SALE_EDIT])
    ws.submit(user=MANAGER, view=ws.fake.top_view(MANAGER), answers={"segment": None})
    assert sales_of(db)[0].segment_id is None
