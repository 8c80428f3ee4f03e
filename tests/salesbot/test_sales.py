"""Sales rules: who may do what, the lifecycle's steps, dates, delays, the text form."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from salesbot import sales
from salesbot.errors import Conflict, FieldErrors, InvalidInput, NotFound, PermissionDenied
from salesbot.sales import SaleDraft, SaleFields, parse_result
from storage.models import AuditEntry, Sale
from storage.store import Store, get_or_create_workspace

TODAY = date(2026, 11, 18)


# -- the text forms (no database) -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "amount", "product", "user", "customer"),
    [
        ("15000", "en", "15000", None, None, ""),
        ("15 000 Barista Pro", "en", "15000", "Barista Pro", None, ""),
        ("kr 150 000 Barista Pro 2", "nb", "150000", "Barista Pro 2", None, ""),
        ("1 234,50 Kaffe", "nb", "1234.50", "Kaffe", None, ""),
        ("1,234.50 Kaffe", "en", "1234.50", "Kaffe", None, ""),
        ("150k", "en", "150000", None, None, ""),
        ("1,5 mill. kr", "nb", "1500000", None, None, ""),
        ('15000 "100 Series"', "en", "15000", "100 Series", None, ""),
        ("500 for <@U1|kari> customer:Acme AS", "en", "500", None, "U1", "Acme AS"),
        ("500 customer:Acme AS for <@U1|kari>", "en", "500", None, "U1", "Acme AS"),
        ('500 Kaffe customer:"Acme AS" til <@U1>', "nb", "500", "Kaffe", "U1", "Acme AS"),
        ("500 Kaffe kunde: «Bakeri & Co»", "nb", "500", "Kaffe", None, "Bakeri & Co"),
        ("500 Kaffe customer:AT&T", "en", "500", "Kaffe", None, "AT&T"),
        ("500 Tools for Schools", "en", "500", "Tools for Schools", None, ""),
    ],
)
def test_parse_result(text, lang, amount, product, user, customer):
    parsed = parse_result(text, lang)
    assert (parsed.amount, parsed.product, parsed.user_id, parsed.customer) == (
        Decimal(amount),
        product,
        user,
        customer,
    )


@pytest.mark.parametrize(
    ("text", "lang", "key"),
    [
        ("", "en", "result.amount_missing"),
        ("Barista 500", "en", "amount.invalid"),
        ("12,5 Kaffe", "en", "amount.ambiguous_comma"),
        ("-500", "en", "amount.negative"),
        ("0", "en", "amount.zero"),
        ("500 for @kari", "en", "command.plain_mention"),
        ("500 <@U1> <@U2>", "en", "result.one_person"),
        ('500 customer:"Acme', "en", "result.customer_quote"),
        ("500 customer:", "en", "result.customer_missing"),
        ("500 stk", "nb", "result.units_without_number"),
        ("500 units customer:Acme", "en", "result.units_without_number"),
    ],
)
def test_parse_result_refuses(text, lang, key):
    with pytest.raises(InvalidInput) as raised:
        parse_result(text, lang)
    assert raised.value.key == key


@pytest.mark.parametrize(
    ("text", "lang", "amount", "product", "units"),
    [
        ("15000 Barista Pro 3 stk", "nb", "15000", "Barista Pro", 3),
        ("15000 3 stk Barista Pro", "nb", "15000", "Barista Pro", 3),
        ("15000 Barista Pro x3", "en", "15000", "Barista Pro", 3),
        ("15000 x3 Barista Pro", "en", "15000", "Barista Pro", 3),
        ("15000 Barista Pro 3x", "en", "15000", "Barista Pro", 3),
        ("15000 Barista Pro ×3", "en", "15000", "Barista Pro", 3),
        ("2 000 3 units customer:Acme", "en", "2000", None, 3),
        ("2 000 Kaffe 1 unit", "en", "2000", "Kaffe", 1),
        ("2 000 Kaffe 12 pcs", "en", "2000", "Kaffe", 12),
        ("15 000 250 stk Kaffe", "nb", "15000", "Kaffe", 250),  # 250 goes with its unit word
        ("15 000 Kaffe 1 000 stk", "nb", "15000", "Kaffe", 1000),
        ('500 "Pack x2" 3 stk', "en", "500", "Pack x2", 3),  # a quoted name is left whole
        ("500 Barista Pro 2", "en", "500", "Barista Pro 2", 1),  # a bare number is part of the name
        ("500 Model X", "en", "500", "Model X", 1),
    ],
)
def test_parse_result_reads_a_quantity_after_the_amount(text, lang, amount, product, units):
    parsed = parse_result(text, lang)
    assert (parsed.amount, parsed.product, parsed.units) == (Decimal(amount), product, units)


def test_parse_result_takes_one_quantity():
    with pytest.raises(InvalidInput) as raised:
        parse_result("500 Kaffe 3 stk x2", "nb")
    assert raised.value.key == "result.one_quantity"


@pytest.mark.parametrize("text", ["1 234,50", "1 234,50 Kaffe", "1 234,5 Kaffe x2", "kr 1 234,50 Kaffe"])
def test_an_amount_in_norwegian_form_is_not_cut_short_in_english(text):
    """Not 1 with "234,50" taken for a product: the amount reads as Norwegian, and that is said."""
    with pytest.raises(InvalidInput) as raised:
        parse_result(text, "en")
    assert raised.value.key == "amount.ambiguous_comma"
    assert raised.value.params["text"] in text and raised.value.example == "result.example"
    assert parse_result(text, "nb").amount == Decimal("1234.50")  # as a Norwegian reads it


@pytest.mark.parametrize(
    ("text", "currency", "ok"),
    [
        ("kr 2 500", "NOK", True),
        ("2 500 kr Kaffe", "SEK", True),
        ("2 500", "EUR", True),
        ("kr 2 500", "EUR", False),
        ("2 500 kr Kaffe x3", "EUR", False),
        ("€2,500 for <@U1>", "NOK", False),
    ],
)
def test_parse_result_refuses_another_currency(text, currency, ok):
    if ok:
        assert parse_result(text, "en", currency=currency).amount == Decimal("2500")
        return
    with pytest.raises(InvalidInput) as raised:
        parse_result(text, "en", currency=currency)
    assert (raised.value.key, raised.value.params["currency"]) == ("amount.wrong_currency", currency)


# -- delays (no database) -------------------------------------------------------------------


def a_sale(**fields) -> Sale:
    return Sale(workspace_id=1, person_id=1, amount=Decimal(100), ordered_on=date(2026, 11, 2), **fields)


@pytest.mark.parametrize(
    ("fields", "delay", "overdue", "state"),
    [
        ({}, None, 0, "open"),
        ({"promised_on": date(2026, 11, 20)}, None, 0, "open"),
        ({"promised_on": date(2026, 11, 10)}, None, 8, "open"),
        ({"promised_on": date(2026, 11, 10), "delivered_on": date(2026, 11, 13)}, 3, 0, "delivered"),
        ({"promised_on": date(2026, 11, 10), "delivered_on": date(2026, 11, 9)}, 0, 0, "delivered"),
        ({"delivered_on": date(2026, 11, 9), "followed_up_on": date(2026, 11, 12)}, None, 0, "followed_up"),
        ({"promised_on": date(2026, 11, 10), "lost_on": date(2026, 11, 12)}, None, 0, "lost"),
    ],
)
def test_delays_and_states(fields, delay, overdue, state):
    sale = a_sale(**fields)
    assert sales.delay_days(sale) == delay
    assert sales.overdue_days(sale, TODAY) == overdue
    assert sales.sale_state(sale) == state


# -- with a store ---------------------------------------------------------------------------


def record(store, actor, person, **fields):
    values = {"amount": Decimal(1000), "ordered_on": date(2026, 11, 10), **fields}
    return sales.record_sale(store, actor, SaleFields(person_id=person.id, **values), today=TODAY)


@pytest.mark.parametrize(
    ("actor", "owner", "allowed"),
    [
        ("Rita", "Rita", True),
        ("Rita", "Kari", False),
        ("Per", "Rita", False),
        ("Mona", "Rita", True),
        ("Mona", "Kari", True),
        ("Mona", "Per", False),
        ("Ingrid", "Per", True),
    ],
)
def test_who_may_record_and_change_a_sale(world, actor, owner, allowed):
    store, actors, people = world
    assert sales.may_change_sale(actors[actor], people[owner].id) is allowed
    if allowed:
        sale = record(store, actors[actor], people[owner])
        sales.edit_sale(
            store,
            actors[actor],
            sale.id,
            SaleFields(person_id=people[owner].id, amount=Decimal(5), ordered_on=sale.ordered_on),
            today=TODAY,
        )
        sales.delete_sale(store, actors[actor], sale.id)
    else:
        with pytest.raises(PermissionDenied):
            record(store, actors[actor], people[owner])
        sale = record(store, actors[owner] if owner != "Per" else actors["Per"], people[owner])
        for change in (
            lambda: sales.mark_delivered(store, actors[actor], sale.id, TODAY, today=TODAY),
            lambda: sales.mark_lost(store, actors[actor], sale.id, "price", "", today=TODAY),
            lambda: sales.delete_sale(store, actors[actor], sale.id),
        ):
            with pytest.raises(PermissionDenied):
                change()
        assert store.sale(sale.id).delivered_on is None


def test_moving_a_sale_needs_the_right_to_both_people(world):
    store, actors, people = world
    sale = record(store, actors["Mona"], people["Rita"])
    moved = SaleFields(person_id=people["Per"].id, amount=sale.amount, ordered_on=sale.ordered_on)
    with pytest.raises(PermissionDenied):
        sales.edit_sale(store, actors["Mona"], sale.id, moved, today=TODAY)
    sales.edit_sale(store, actors["Ingrid"], sale.id, moved, today=TODAY)
    assert store.sale(sale.id).person_id == people["Per"].id


def test_the_lifecycle_and_its_refusals(world):
    store, actors, people = world
    rita = actors["Rita"]
    sale = record(store, rita, people["Rita"], promised_on=date(2026, 11, 12))
    with pytest.raises(Conflict, match="sale.follow_up_needs_delivery"):
        sales.mark_followed_up(store, rita, sale.id, TODAY, today=TODAY)
    with pytest.raises(InvalidInput) as raised:
        sales.mark_delivered(store, rita, sale.id, TODAY + timedelta(days=1), today=TODAY)
    assert (raised.value.key, raised.value.params["field"]) == ("sale.date_in_future", "date")
    with pytest.raises(InvalidInput, match="sale.delivered_before_order"):
        sales.mark_delivered(store, rita, sale.id, date(2026, 11, 9), today=TODAY)

    sale = sales.mark_delivered(store, rita, sale.id, date(2026, 11, 15), today=TODAY)
    assert sales.delay_days(sale) == 3
    with pytest.raises(Conflict, match="sale.already_delivered"):
        sales.mark_delivered(store, rita, sale.id, TODAY, today=TODAY)
    with pytest.raises(Conflict, match="sale.delivered_not_lost"):
        sales.mark_lost(store, rita, sale.id, "price", "", today=TODAY)
    with pytest.raises(InvalidInput, match="sale.followed_up_before_delivery"):
        sales.mark_followed_up(store, rita, sale.id, date(2026, 11, 14), today=TODAY)
    sale = sales.mark_followed_up(store, rita, sale.id, TODAY, today=TODAY)
    assert sales.sale_state(sale) == sales.FOLLOWED_UP
    with pytest.raises(Conflict, match="sale.already_followed_up"):
        sales.mark_followed_up(store, rita, sale.id, TODAY, today=TODAY)
    assert store.open_orders(people["Rita"].id) == []
    audited = [e for e in store.audit_entries() if e.entity_id == sale.id]
    assert [e.action for e in reversed(audited)] == ["sale.recorded", "sale.delivered", "sale.followed_up"]


def test_lost_needs_a_known_reason_and_other_a_note(world):
    store, actors, people = world
    rita = actors["Rita"]
    sale = record(store, rita, people["Rita"])
    with pytest.raises(FieldErrors, match="sale.lost_reason_invalid"):
        sales.mark_lost(store, rita, sale.id, "weather", "", today=TODAY)
    with pytest.raises(FieldErrors, match="sale.lost_note_needed"):
        sales.mark_lost(store, rita, sale.id, "other", "  ", today=TODAY)
    with pytest.raises(FieldErrors) as both:
        sales.mark_lost(store, rita, sale.id, "", "x" * (sales.NOTE_MAX + 1), today=TODAY)
    assert {field: error.key for field, error in both.value.errors.items()} == {
        "reason": "sale.lost_reason_invalid",
        "note": "sale.note_too_long",
    }
    assert store.sale(sale.id).lost_on is None
    sale = sales.mark_lost(store, rita, sale.id, "competitor", "Went with Rival AS", today=TODAY)
    assert (sale.lost_on, sale.lost_reason, sale.lost_note) == (TODAY, "competitor", "Went with Rival AS")
    with pytest.raises(Conflict, match="sale.already_lost"):
        sales.mark_delivered(store, rita, sale.id, TODAY, today=TODAY)
    assert store.count_open_orders(people["Rita"].id) == 0

    unchanged = SaleFields(person_id=people["Rita"].id, amount=sale.amount, ordered_on=sale.ordered_on)
    with pytest.raises(PermissionDenied, match="sale.closed_not_allowed"):
        sales.edit_sale(store, rita, sale.id, unchanged, today=TODAY, reopen=True)
    mona = actors["Mona"]  # her manager corrects a closed sale
    sales.edit_sale(store, mona, sale.id, unchanged, today=TODAY)
    assert store.sale(sale.id).lost_on == TODAY, "editing keeps a lost sale lost"
    sales.edit_sale(store, mona, sale.id, unchanged, today=TODAY, reopen=True)
    assert store.sale(sale.id).lost_reason is None and store.count_open_orders(people["Rita"].id) == 1


@pytest.mark.parametrize("state", [sales.OPEN, sales.DELIVERED, sales.FOLLOWED_UP, sales.LOST])
@pytest.mark.parametrize(
    ("who", "closed_too"),
    [("Rita", False), ("Mona", True), ("Ingrid", True), ("Kari", None), ("Per", None)],
)
def test_a_closed_sale_is_corrected_by_the_owners_managers_and_admins(world, state, who, closed_too):
    """Rita's sale: she and her manager and an admin may change it while it is open or delivered;
    once followed up or lost only Mona and Ingrid may edit or delete it. Kari and Per never."""
    store, actors, people = world
    sale = record(store, actors["Rita"], people["Rita"])
    if state in (sales.DELIVERED, sales.FOLLOWED_UP):
        sale = sales.mark_delivered(store, actors["Rita"], sale.id, TODAY, today=TODAY)
    if state == sales.FOLLOWED_UP:
        sale = sales.mark_followed_up(store, actors["Rita"], sale.id, TODAY, today=TODAY)
    if state == sales.LOST:
        sale = sales.mark_lost(store, actors["Rita"], sale.id, "price", "", today=TODAY)
    assert sales.sale_state(sale) == state
    expected = bool(closed_too) if state in sales.CLOSED else closed_too is not None
    assert sales.may_correct_sale(actors[who], sale) is expected
    if expected:
        assert sales.delete_sale(store, actors[who], sale.id)["person_id"] == people["Rita"].id
        assert store.sale(sale.id) is None
    else:
        key = "sale.not_allowed" if closed_too is None else "sale.closed_not_allowed"
        with pytest.raises(PermissionDenied, match=key):
            sales.delete_sale(store, actors[who], sale.id)
        assert store.sale(sale.id) is not None


def test_a_manager_does_not_correct_their_own_closed_sale(world):
    """Mona manages a team she is in: her own closed sale is still for an admin."""
    store, actors, people = world
    store.add_to_team(store.team_by_name("Øst"), people["Mona"], "member")
    mona = replace(actors["Mona"], managed_person_ids=frozenset(store.managed_person_ids(people["Mona"])))
    assert people["Mona"].id in mona.managed_person_ids
    sale = record(store, mona, people["Mona"])
    sale = sales.mark_lost(store, mona, sale.id, "price", "", today=TODAY)
    assert not sales.may_correct_sale(mona, sale)
    assert sales.may_correct_sale(actors["Ingrid"], sale)


@pytest.mark.parametrize(
    ("fields", "key", "field"),
    [
        ({"ordered_on": TODAY + timedelta(days=1)}, "sale.ordered_in_future", "ordered_on"),
        ({"promised_on": date(2026, 11, 9)}, "sale.promised_before_order", "promised_on"),
        ({"delivered_on": date(2026, 11, 9)}, "sale.delivered_before_order", "delivered_on"),
        ({"delivered_on": TODAY + timedelta(days=1)}, "sale.date_in_future", "delivered_on"),
        ({"followed_up_on": TODAY}, "sale.follow_up_needs_delivery", "followed_up_on"),
        (
            {"delivered_on": date(2026, 11, 12), "followed_up_on": date(2026, 11, 11)},
            "sale.followed_up_before_delivery",
            "followed_up_on",
        ),
        ({"amount": Decimal(0)}, "sale.amount_range", "amount"),
        ({"amount": Decimal("1000000000.01")}, "sale.amount_range", "amount"),
        ({"amount": Decimal("150000000000")}, "sale.amount_range", "amount"),
        ({"units": 0}, "units.invalid", "units"),
        ({"customer": "x" * 201}, "sale.customer_too_long", "customer"),
    ],
)
def test_date_and_value_rules_name_the_wrong_field(world, fields, key, field):
    store, actors, people = world
    with pytest.raises(FieldErrors) as raised:
        record(store, actors["Rita"], people["Rita"], **fields)
    assert {wrong: error.key for wrong, error in raised.value.errors.items()} == {field: key}
    assert raised.value.errors[field].params["field"] == field
    assert store.open_orders(people["Rita"].id) == []


def test_every_wrong_field_of_a_sale_is_refused_at_once(world):
    store, actors, people = world
    with pytest.raises(FieldErrors) as raised:
        record(
            store,
            actors["Rita"],
            people["Rita"],
            amount=Decimal(0),
            units=0,
            customer="x" * 201,
            ordered_on=TODAY + timedelta(days=1),
            delivered_on=TODAY,
        )
    assert {field: error.key for field, error in raised.value.errors.items()} == {
        "amount": "sale.amount_range",
        "units": "units.invalid",
        "customer": "sale.customer_too_long",
        "ordered_on": "sale.ordered_in_future",
        "delivered_on": "sale.delivered_before_order",
    }
    assert raised.value.key == "sale.amount_range", "read alone (a typed command), it is the first"
    assert store.open_orders(people["Rita"].id) == []


def test_a_sale_form_is_read_whole_every_wrong_field_at_once(world):
    store, actors, people = world
    store.add_product("Barista Pro", None)
    draft = SaleDraft(
        amount="lots",
        ordered_on=None,
        units="two",
        user_id="UK",
        product_name="Barista Pro 9000",
        customer="x" * 201,
        promised_on=date(2026, 11, 1),
        delivered_on=TODAY + timedelta(days=1),
    )
    with pytest.raises(FieldErrors) as raised:
        sales.read_sale_draft(
            store,
            actors["Per"],
            draft,
            today=TODAY,
            owner_id=people["Per"].id,
            find_person=lambda user_id: store.person_by_slack_id(user_id),
        )
    assert {field: error.key for field, error in raised.value.errors.items()} == {
        "person": "sale.not_allowed",
        "product": "product.not_found_suggest",
        "amount": "amount.invalid",
        "units": "units.invalid",
        "customer": "sale.customer_too_long",
        "ordered_on": "sale.ordered_missing",
        "delivered_on": "sale.date_in_future",
    }
    fields = sales.read_sale_draft(
        store,
        actors["Mona"],
        SaleDraft(amount="1 500", ordered_on=TODAY, user_id="UK", product_name="barista pro", units=""),
        today=TODAY,
        owner_id=people["Mona"].id,
        find_person=lambda user_id: store.person_by_slack_id(user_id),
    )
    assert (fields.person_id, fields.amount, fields.units) == (people["Kari"].id, Decimal(1500), 1)
    assert fields.product_id == store.product_by_name("Barista Pro").id


def test_a_promised_date_may_be_in_the_future_and_the_customer_is_tidied(world):
    store, actors, people = world
    sale = record(
        store, actors["Rita"], people["Rita"], promised_on=date(2027, 1, 5), customer="  Acme   AS "
    )
    assert (sale.promised_on, sale.customer) == (date(2027, 1, 5), "Acme AS")


def test_a_sale_may_be_as_large_as_a_billion(world):
    store, actors, people = world
    assert record(store, actors["Rita"], people["Rita"], amount=sales.AMOUNT_MAX).amount == Decimal(10**9)


def test_a_request_key_records_once(world):
    store, actors, people = world
    fields = SaleFields(person_id=people["Rita"].id, amount=Decimal(10), ordered_on=TODAY)
    first = sales.record_sale(store, actors["Rita"], fields, today=TODAY, request_key="result:V1")
    again = sales.record_sale(store, actors["Rita"], fields, today=TODAY, request_key="result:V1")
    assert first.request_key == "result:V1" and again is None
    assert store.count_open_orders(people["Rita"].id) == 1


def test_open_orders_are_oldest_due_first_and_stay_in_their_workspace(world):
    store, actors, people = world
    rita = actors["Rita"]
    late = record(store, rita, people["Rita"], ordered_on=date(2026, 11, 1), promised_on=date(2026, 11, 20))
    early = record(store, rita, people["Rita"], ordered_on=date(2026, 11, 5), promised_on=date(2026, 11, 6))
    unpromised = record(store, rita, people["Rita"], ordered_on=date(2026, 11, 10))
    delivered = record(store, rita, people["Rita"], ordered_on=date(2026, 11, 2))
    sales.mark_delivered(store, rita, delivered.id, TODAY, today=TODAY)
    lost = record(store, rita, people["Rita"])
    sales.mark_lost(store, rita, lost.id, "price", "", today=TODAY)
    record(store, actors["Kari"], people["Kari"])
    orders = store.open_orders(people["Rita"].id)
    assert [s.id for s in orders] == [delivered.id, early.id, unpromised.id, late.id]
    assert store.count_open_orders(people["Rita"].id) == 4
    assert len(store.open_orders(people["Rita"].id, limit=2)) == 2
    assert store.count_open_orders_of([people["Rita"].id, people["Kari"].id]) == 5
    labels = store.sale_labels(orders)
    assert labels.owners == {people["Rita"].id: "UR"}

    other = Store(store.session, get_or_create_workspace(store.session, slack_team_id="T0OTHER"))
    assert other.open_orders(people["Rita"].id) == [] and other.sale(early.id) is None
    with pytest.raises(NotFound):
        sales.get_sale(other, rita, early.id)


def test_delete_is_audited_with_what_was_deleted(world):
    store, actors, people = world
    sale = record(store, actors["Rita"], people["Rita"], customer="Acme")
    sales.delete_sale(store, actors["Mona"], sale.id)
    assert store.sale(sale.id) is None
    entry = store.session.get(AuditEntry, store.audit_entries(limit=1)[0].id)
    assert entry.action == "sale.deleted" and entry.details["before"]["customer"] == "Acme"


@pytest.mark.parametrize(
    ("text", "product", "customer", "segment", "user"),
    [
        ("15000 Barista Pro segment:Offices", "Barista Pro", "", "Offices", None),
        (
            "15000 customer:Acme AS segment:Hotels and restaurants",
            None,
            "Acme AS",
            "Hotels and restaurants",
            None,
        ),
        ('15000 segment:"Public sector" customer:Oslo kommune', None, "Oslo kommune", "Public sector", None),
        ("15000 kundesegment:Kontor for <@U1> kunde:Acme", None, "Acme", "Kontor", "U1"),
    ],
)
def test_parse_result_reads_the_segment_beside_the_customer(text, product, customer, segment, user):
    parsed = parse_result(text, "nb")
    assert (parsed.product, parsed.customer, parsed.segment, parsed.user_id) == (
        product,
        customer,
        segment,
        user,
    )
