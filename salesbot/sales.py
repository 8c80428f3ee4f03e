"""Sales through their lifecycle: ordered → delivered → followed up, or lost.

The rules, one function each:

- Who: a sale belongs to a person. It may be recorded, moved on, edited or deleted by that
  person, their managers and admins (``may_change_sale``). Once closed (followed up or lost)
  it has been counted and reported, so only the owner's managers and admins correct (edit,
  reopen) or delete it (``may_correct_sale``).
- Dates: an order is not dated after today; a promised delivery is not before the order; a
  delivery lies between the order and today; a follow-up between the delivery and today
  (``check_dates``). A promised date may lie in the future.
- Steps (``require_step``): an open order can be delivered or lost; a delivered one followed
  up. A follow-up comes only after delivery (service after the sale), and a delivered order
  cannot be lost (it was won; a wrong "delivered" is corrected by editing the sale).
- Amount: above zero and at most a billion per sale (``AMOUNT_MAX``), in the workspace's
  currency: one typed with another currency's mark is refused, never converted.
- A sale is checked whole: everything wrong with it is refused at once, by field
  (``FieldErrors``), whether it came typed or from the form (``read_sale_draft``).
- A lost sale counts as zero; its reason and note stay for diagnosis.
- A delivery later than promised is a delay (``delay_days``), kept as data; an undelivered
  order past its promised date is overdue (``overdue_days``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Protocol

from salesbot.access import Actor
from salesbot.amounts import Amount, check_currency, parse_amount, parse_units, read_amount
from salesbot.commands import PLAIN_MENTION, take_mentions, unquote
from salesbot.errors import Conflict, FieldCheck, InvalidInput, NotFound, PermissionDenied
from salesbot.products import ProductLookup, choose_product
from salesbot.records import (
    AuditTrail,
    InWorkspace,
    PersonFinder,
    ProductRecord,
    SaleRecord,
    SegmentRecord,
    changed_values,
)
from salesbot.segments import SegmentList, choose_segment

LOST_REASONS = ("price", "product_fit", "delivery_time", "competitor", "customer_service", "other")
SOURCES = ("slack", "import", "console")
CUSTOMER_MAX = 200
NOTE_MAX = 2000
UNITS_MAX = 1_000_000
# The most one sale can be: far above any real order, so extra zeros typed by mistake are caught
# before they swamp every total (the column itself holds twelve digits before the point).
AMOUNT_MAX = Decimal("1000000000")

# States a sale can be in, from the columns that record its steps.
OPEN, DELIVERED, FOLLOWED_UP, LOST = "open", "delivered", "followed_up", "lost"
CLOSED = (FOLLOWED_UP, LOST)

# Field names used in errors, so a modal can show each error on its own field.
F_PERSON, F_PRODUCT, F_CUSTOMER, F_AMOUNT, F_UNITS = "person", "product", "customer", "amount", "units"
F_ORDERED, F_PROMISED, F_DELIVERED, F_FOLLOWED_UP = (
    "ordered_on",
    "promised_on",
    "delivered_on",
    "followed_up_on",
)
F_REASON, F_NOTE, F_DATE = "reason", "note", "date"
F_SEGMENT = "segment"

# The dated steps after the order: the column each sets, the date it may not come before,
# and the refusal when it does.
_STEPS = {
    DELIVERED: ("delivered_on", "ordered_on", "sale.delivered_before_order"),
    FOLLOWED_UP: ("followed_up_on", "delivered_on", "sale.followed_up_before_delivery"),
}


class SaleStore(AuditTrail, Protocol):
    """What recording and changing sales needs of the store."""

    def sale(self, sale_id: int) -> SaleRecord | None: ...
    def add_sale(self, **fields: object) -> SaleRecord: ...
    def save_sale(self, sale: SaleRecord) -> SaleRecord: ...
    def delete_sale(self, sale: SaleRecord) -> None: ...
    def claim_request(self, request_key: str) -> bool: ...


@dataclass(frozen=True)
class SaleFields:
    """What a person enters for a sale; ``delivered_on`` and ``followed_up_on`` only when editing."""

    person_id: int
    amount: Decimal
    ordered_on: date
    units: int = 1
    product_id: int | None = None
    customer: str = ""
    promised_on: date | None = None
    delivered_on: date | None = None
    followed_up_on: date | None = None
    segment_id: int | None = None  # the customer's segment (``salesbot.segments``)


@dataclass(frozen=True)
class SaleDraft:
    """A sale as its form holds it, not yet read: what was typed, and what was picked."""

    amount: str
    ordered_on: date | None
    units: str = ""  # empty: one
    user_id: str | None = None  # the owner picked (a Slack user id); None: the form's default
    product_id: str | None = None  # the option picked from the catalog's list
    product_name: str = ""  # or the name typed, when the catalog is too long to list
    customer: str = ""
    promised_on: date | None = None
    delivered_on: date | None = None
    followed_up_on: date | None = None
    segment_id: str | None = None  # the option picked from the segment list


class SaleFormStore(ProductLookup, SegmentList, InWorkspace, Protocol):
    """What reading a sale form needs of the store: the catalog, the segment list and the
    workspace's currency."""


@dataclass(frozen=True)
class SaleLabels:
    """Names to show with sales: products by id, and owners' Slack user ids by person id."""

    products: dict[int, str] = field(default_factory=dict)
    owners: dict[int, str] = field(default_factory=dict)
    segments: dict[int, SegmentRecord] = field(default_factory=dict)  # named in the reader's language


# -- who ------------------------------------------------------------------------------


def may_change_sale(actor: Actor, person_id: int) -> bool:
    """The sale's owner, their managers and admins may record, move on, edit or delete it."""
    return actor.may_manage(person_id)


def require_may_change_sale(actor: Actor, person_id: int) -> None:
    if not may_change_sale(actor, person_id):
        raise PermissionDenied("sale.not_allowed", field=F_PERSON)


def may_correct_sale(actor: Actor, sale: SaleRecord) -> bool:
    """Who may edit, reopen or delete ``sale``: anyone who may change it while it is open or
    delivered; once closed, the owner's managers and admins only (not the owner, even one who
    manages a team they are in)."""
    if not may_change_sale(actor, sale.person_id):
        return False
    if sale_state(sale) not in CLOSED:
        return True
    return actor.is_admin or (
        sale.person_id != actor.person_id and sale.person_id in actor.managed_person_ids
    )


def require_may_correct_sale(actor: Actor, sale: SaleRecord) -> None:
    require_may_change_sale(actor, sale.person_id)
    if not may_correct_sale(actor, sale):
        raise PermissionDenied("sale.closed_not_allowed")


# -- state ----------------------------------------------------------------------------


def sale_state(sale: SaleRecord) -> str:
    if sale.lost_on is not None:
        return LOST
    if sale.followed_up_on is not None:
        return FOLLOWED_UP
    if sale.delivered_on is not None:
        return DELIVERED
    return OPEN


def delay_days(sale: SaleRecord) -> int | None:
    """Days a delivery came after the promised date (0 when on time); None when not both known."""
    if sale.delivered_on is None or sale.promised_on is None:
        return None
    return max(0, (sale.delivered_on - sale.promised_on).days)


def overdue_days(sale: SaleRecord, today: date) -> int:
    """Days an undelivered, open order is past its promised date; 0 otherwise."""
    if sale_state(sale) != OPEN or sale.promised_on is None:
        return 0
    return max(0, (today - sale.promised_on).days)


def require_step(sale: SaleRecord, step: str) -> None:
    """Refuses a step the sale's state does not allow (see the module's rules)."""
    state = sale_state(sale)
    if state == LOST:
        raise Conflict("sale.already_lost", on=sale.lost_on)
    if step == DELIVERED and state != OPEN:
        raise Conflict("sale.already_delivered", on=sale.delivered_on)
    if step == FOLLOWED_UP:
        if state == OPEN:
            raise Conflict("sale.follow_up_needs_delivery")
        if state == FOLLOWED_UP:
            raise Conflict("sale.already_followed_up", on=sale.followed_up_on)
    if step == LOST and state != OPEN:
        raise Conflict("sale.delivered_not_lost", on=sale.delivered_on)


def check_dates(
    check: FieldCheck,
    *,
    ordered_on: date | None,
    promised_on: date | None = None,
    delivered_on: date | None = None,
    followed_up_on: date | None = None,
    today: date,
) -> None:
    """The date rules for a sale as a whole, each refusal kept on its field. A date compared
    with one that is missing (an order date not given) is left alone: that one is refused."""
    if ordered_on is not None and ordered_on > today:
        check.refuse(F_ORDERED, InvalidInput("sale.ordered_in_future", field=F_ORDERED, on=ordered_on))
    if promised_on is not None and ordered_on is not None and promised_on < ordered_on:
        check.refuse(F_PROMISED, InvalidInput("sale.promised_before_order", field=F_PROMISED, on=ordered_on))
    if followed_up_on is not None and delivered_on is None:
        check.refuse(F_FOLLOWED_UP, InvalidInput("sale.follow_up_needs_delivery", field=F_FOLLOWED_UP))
    days = {F_ORDERED: ordered_on, F_DELIVERED: delivered_on, F_FOLLOWED_UP: followed_up_on}
    for step in (DELIVERED, FOLLOWED_UP):
        column, after, too_early = _STEPS[step]
        day, earliest = days[column], days[after]
        if day is None:
            continue
        if day > today:
            check.refuse(column, InvalidInput("sale.date_in_future", field=column, on=day))
        elif earliest is not None and day < earliest:
            check.refuse(column, InvalidInput(too_early, field=column, on=earliest))


def _check_step(step: str, sale: SaleRecord | SaleFields, day: date, *, today: date, field: str) -> None:
    """A step's date lies between the step before it and today."""
    _, after, too_early = _STEPS[step]
    if day > today:
        raise InvalidInput("sale.date_in_future", field=field, on=day)
    if day < getattr(sale, after):
        raise InvalidInput(too_early, field=field, on=getattr(sale, after))


def _check_fields(fields: SaleFields, *, today: date) -> SaleFields:
    """The sale's values checked whole: every field that is wrong is refused at once."""
    check = FieldCheck()
    check.read(F_AMOUNT, lambda: check_amount(fields.amount))
    check.read(F_UNITS, lambda: check_units(fields.units))
    customer = check.read(F_CUSTOMER, lambda: clean_customer(fields.customer))
    check_dates(
        check,
        ordered_on=fields.ordered_on,
        promised_on=fields.promised_on,
        delivered_on=fields.delivered_on,
        followed_up_on=fields.followed_up_on,
        today=today,
    )
    check.done()
    return replace(fields, customer=customer)


def check_sale(fields: SaleFields, *, today: date) -> SaleFields:
    """The sale's values checked whole, as recording it checks them: before asking about them."""
    return _check_fields(fields, today=today)


def check_amount(amount: Decimal) -> Decimal:
    if amount <= 0 or amount > AMOUNT_MAX:
        raise InvalidInput("sale.amount_range", field=F_AMOUNT, example="amount.example")
    return amount


def check_units(units: int) -> int:
    if not 1 <= units <= UNITS_MAX:
        raise InvalidInput("units.invalid", field=F_UNITS, example="units.example", text=str(units))
    return units


def clean_customer(text: str) -> str:
    customer = " ".join((text or "").split())
    if len(customer) > CUSTOMER_MAX:
        raise InvalidInput("sale.customer_too_long", field=F_CUSTOMER, max=CUSTOMER_MAX)
    return customer


# -- the form -------------------------------------------------------------------------


def read_sale_draft(
    store: SaleFormStore,
    actor: Actor,
    draft: SaleDraft,
    *,
    today: date,
    owner_id: int,
    find_person: PersonFinder,
    keep_product: int | None = None,
    keep_segment: int | None = None,
) -> SaleFields:
    """The sale a form describes, read and checked whole: everything that cannot be used is
    refused at once, by field (``FieldErrors``), and nothing is written.

    The sale is ``owner_id``'s unless the form picked someone else (who must be someone the
    actor may record for); ``keep_product`` and ``keep_segment`` are the retired product and
    segment an edited sale may keep.
    """
    check = FieldCheck()
    owner = check.read(F_PERSON, lambda: find_person(draft.user_id).id) if draft.user_id else owner_id
    if owner is not None:
        check.read(F_PERSON, lambda: require_may_change_sale(actor, owner))
    product = check.read(F_PRODUCT, lambda: _draft_product(store, draft, keep_product))
    currency = store.workspace.currency
    amount = check.read(
        F_AMOUNT, lambda: check_amount(parse_amount(draft.amount, actor.lang, currency=currency))
    )
    units = check.read(F_UNITS, lambda: check_units(_form_units(draft.units)))
    customer = check.read(F_CUSTOMER, lambda: clean_customer(draft.customer))
    segment = check.read(F_SEGMENT, lambda: _draft_segment(store, draft, keep_segment))
    if draft.ordered_on is None:
        check.refuse(F_ORDERED, InvalidInput("sale.ordered_missing", field=F_ORDERED))
    check_dates(
        check,
        ordered_on=draft.ordered_on,
        promised_on=draft.promised_on,
        delivered_on=draft.delivered_on,
        followed_up_on=draft.followed_up_on,
        today=today,
    )
    check.done()
    return SaleFields(
        person_id=owner,
        amount=amount,
        ordered_on=draft.ordered_on,
        units=units,
        product_id=product.id if product else None,
        customer=customer,
        promised_on=draft.promised_on,
        delivered_on=draft.delivered_on,
        followed_up_on=draft.followed_up_on,
        segment_id=segment.id if segment else None,
    )


def _draft_segment(store: SaleFormStore, draft: SaleDraft, keep_id: int | None) -> SegmentRecord | None:
    if not draft.segment_id:
        return None
    if not draft.segment_id.isdigit():
        raise InvalidInput("segments.gone", field=F_SEGMENT)
    return choose_segment(store, int(draft.segment_id), keep_id=keep_id, field=F_SEGMENT)


def _draft_product(store: SaleFormStore, draft: SaleDraft, keep_id: int | None) -> ProductRecord | None:
    if draft.product_id:
        if not draft.product_id.isdigit():
            raise NotFound("product.not_found", name=draft.product_id, field=F_PRODUCT)
        return choose_product(store, product_id=int(draft.product_id), keep_id=keep_id)
    if draft.product_name:
        return choose_product(store, name=draft.product_name, keep_id=keep_id)
    return None


def _form_units(text: str) -> int:
    """The form's quantity: a whole number, one when left empty."""
    text = (text or "").strip() or "1"
    if not text.isdigit():
        raise InvalidInput("units.invalid", example="units.example", text=text, field=F_UNITS)
    return int(text)


# -- changes --------------------------------------------------------------------------


def get_sale(store: SaleStore, actor: Actor, sale_id: int) -> SaleRecord:
    """The sale, if it exists in this workspace and the actor may change it."""
    sale = store.sale(sale_id)
    if sale is None:
        raise NotFound("sale.not_found")
    require_may_change_sale(actor, sale.person_id)
    return sale


def get_sale_to_correct(store: SaleStore, actor: Actor, sale_id: int) -> SaleRecord:
    """The sale, if it exists in this workspace and the actor may edit or delete it."""
    sale = get_sale(store, actor, sale_id)
    require_may_correct_sale(actor, sale)
    return sale


def record_sale(
    store: SaleStore,
    actor: Actor,
    fields: SaleFields,
    *,
    today: date,
    source: str = "slack",
    request_key: str | None = None,
) -> SaleRecord | None:
    """Records a sale. With a ``request_key`` (a modal's view id), a repeat records nothing and
    returns None: the first submission already saved it."""
    require_may_change_sale(actor, fields.person_id)
    if source not in SOURCES:
        raise ValueError(f"unknown sale source {source!r}")
    fields = _check_fields(fields, today=today)
    if request_key is not None and not store.claim_request(request_key):
        return None
    sale = store.add_sale(
        person_id=fields.person_id,
        product_id=fields.product_id,
        customer=fields.customer,
        segment_id=fields.segment_id,
        amount=fields.amount,
        units=fields.units,
        ordered_on=fields.ordered_on,
        promised_on=fields.promised_on,
        source=source,
        request_key=request_key,
        created_by_id=actor.person_id,
    )
    store.audit(
        actor_id=actor.person_id,
        action="sale.recorded",
        entity="sale",
        entity_id=sale.id,
        after=snapshot(sale),
    )
    return sale


def mark_step(
    store: SaleStore, actor: Actor, sale_id: int, step: str, on: date, *, today: date
) -> SaleRecord:
    """Moves a sale on to ``step`` (delivered, followed up) on the day ``on``."""
    sale = get_sale(store, actor, sale_id)
    require_step(sale, step)
    _check_step(step, sale, on, today=today, field=F_DATE)
    return _change(store, actor, sale, f"sale.{step}", **{_STEPS[step][0]: on})


def mark_delivered(store: SaleStore, actor: Actor, sale_id: int, on: date, *, today: date) -> SaleRecord:
    return mark_step(store, actor, sale_id, DELIVERED, on, today=today)


def mark_followed_up(store: SaleStore, actor: Actor, sale_id: int, on: date, *, today: date) -> SaleRecord:
    return mark_step(store, actor, sale_id, FOLLOWED_UP, on, today=today)


def mark_lost(
    store: SaleStore, actor: Actor, sale_id: int, reason: str, note: str, *, today: date
) -> SaleRecord:
    """Marks an open order lost today; ``other`` needs a note saying what happened."""
    sale = get_sale(store, actor, sale_id)
    require_step(sale, LOST)
    check = FieldCheck()
    if reason not in LOST_REASONS:
        check.refuse(F_REASON, InvalidInput("sale.lost_reason_invalid", field=F_REASON))
    note = (note or "").strip()
    if reason == "other" and not note:
        check.refuse(F_NOTE, InvalidInput("sale.lost_note_needed", field=F_NOTE))
    if len(note) > NOTE_MAX:
        check.refuse(F_NOTE, InvalidInput("sale.note_too_long", field=F_NOTE, max=NOTE_MAX))
    check.done()
    # An order dated today may be lost today; one dated later can't exist (see check_dates).
    return _change(store, actor, sale, "sale.lost", lost_on=today, lost_reason=reason, lost_note=note)


def edit_sale(
    store: SaleStore, actor: Actor, sale_id: int, fields: SaleFields, *, today: date, reopen: bool = False
) -> SaleRecord:
    """Replaces what was entered for a sale. Moving it to another person needs the right to
    change both people's sales. ``reopen`` takes a lost sale back into the open orders."""
    sale = get_sale_to_correct(store, actor, sale_id)
    require_may_change_sale(actor, fields.person_id)
    fields = _check_fields(fields, today=today)
    changes: dict[str, object] = {
        "person_id": fields.person_id,
        "product_id": fields.product_id,
        "customer": fields.customer,
        "segment_id": fields.segment_id,
        "amount": fields.amount,
        "units": fields.units,
        "ordered_on": fields.ordered_on,
        "promised_on": fields.promised_on,
        "delivered_on": fields.delivered_on,
        "followed_up_on": fields.followed_up_on,
    }
    if sale.lost_on is not None:
        if reopen:
            changes.update(lost_on=None, lost_reason=None, lost_note="")
        elif fields.delivered_on is not None:
            raise InvalidInput("sale.delivered_not_lost", field=F_DELIVERED, on=fields.delivered_on)
    return _change(store, actor, sale, "sale.edited", **changes)


def delete_sale(store: SaleStore, actor: Actor, sale_id: int) -> dict:
    """Deletes the sale; returns what it was, for the reply and the audit log."""
    sale = get_sale_to_correct(store, actor, sale_id)
    before = snapshot(sale)
    store.delete_sale(sale)
    store.audit(
        actor_id=actor.person_id,
        action="sale.deleted",
        entity="sale",
        entity_id=sale_id,
        before=before,
    )
    return before


def _change(store: SaleStore, actor: Actor, sale: SaleRecord, action: str, **changes: object) -> SaleRecord:
    before = snapshot(sale)
    for key, value in changes.items():
        setattr(sale, key, value)
    sale = store.save_sale(sale)
    after = snapshot(sale)
    changed = changed_values(before, after)
    if changed:
        store.audit(
            actor_id=actor.person_id,
            action=action,
            entity="sale",
            entity_id=sale.id,
            changes=changed,
        )
    return sale


def snapshot(sale: SaleRecord) -> dict[str, object]:
    """The sale's entered values as JSON-ready text and numbers."""

    def day(value: date | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "person_id": sale.person_id,
        "product_id": sale.product_id,
        "customer": sale.customer,
        "segment_id": sale.segment_id,
        "amount": str(sale.amount),
        "units": sale.units,
        "ordered_on": day(sale.ordered_on),
        "promised_on": day(sale.promised_on),
        "delivered_on": day(sale.delivered_on),
        "followed_up_on": day(sale.followed_up_on),
        "lost_on": day(sale.lost_on),
        "lost_reason": sale.lost_reason,
        "lost_note": sale.lost_note,
    }


# -- the text form --------------------------------------------------------------------


@dataclass(frozen=True)
class ResultCommand:
    """``/sales result AMOUNT [PRODUCT] [QUANTITY] [for @user] [customer:NAME] [segment:NAME]``,
    read. The segment is its name as typed: the handler finds it on the workspace's list."""

    amount: Decimal
    product: str | None = None
    user_id: str | None = None
    customer: str = ""
    units: int = 1
    segment: str = ""


_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"'})
_CUSTOMER = re.compile(r"(?<!\S)(?:customer|kunde|client):\s*", re.IGNORECASE)
_SEGMENT = re.compile(r"(?<!\S)(?:segment|kundesegment):\s*", re.IGNORECASE)
# An unquoted customer name runs until "for @person" or a mention, or to the end; a segment's
# also until the customer's.
_CUSTOMER_END = re.compile(r"\s+(?:(?:for|til)\s+)?<@", re.IGNORECASE)
_SEGMENT_END = re.compile(r"\s+(?:(?:for|til)\s+)?<@|\s+(?:customer|kunde|client):", re.IGNORECASE)
_FOR_MENTION = re.compile(r"(?<!\S)(?:for|til)\s+(?=<@)", re.IGNORECASE)
# The longest amount people type: "kr 1 234 567,50", "1,5 mill. kr".
_AMOUNT_WORDS = 5
# A quantity among the words after the amount: "3 stk", "3 units", "x3", "3x" — never a bare
# number, which may be part of a product's name ("Barista Pro 2").
_UNIT_WORDS = r"stk\.?|stykk|stykker|enhet|enheter|units?|pcs\.?|pieces?"
_QUANTITY = re.compile(
    rf"(?<!\S)(?:[x×]\d+|\d+[x×]|(?:\d{{1,3}}(?: \d{{3}})+|\d+) ?(?:{_UNIT_WORDS}))(?!\S)", re.IGNORECASE
)
_BARE_UNIT = re.compile(rf"(?:{_UNIT_WORDS})", re.IGNORECASE)
# What a locale error means in the other language: "1 234,50" is Norwegian, not English.
_OTHER_LOCALE_ERRORS = ("amount.ambiguous_comma",)


def parse_result(text: str, lang: str, *, currency: str | None = None) -> ResultCommand:
    """Reads the text form; with ``currency`` (the workspace's), an amount written in another
    currency is refused rather than counted as if it were in the workspace's."""
    text = " ".join((text or "").translate(_QUOTES).split())
    segment, text = _take_named(
        text, _SEGMENT, _SEGMENT_END, "result.segment_quote", "result.segment_missing"
    )
    customer, text = _take_customer(text)
    text = _FOR_MENTION.sub("", text)
    user_ids, rest = take_mentions(text)
    plain = PLAIN_MENTION.findall(rest)
    if plain:
        raise InvalidInput("command.plain_mention", example="result.usage", text=plain[0])
    if len(user_ids) > 1:
        raise InvalidInput("result.one_person", example="result.usage")
    words = rest.split()
    if not words:
        raise InvalidInput("result.amount_missing", example="result.usage")
    amount, used, amount_text = _leading_amount(words, lang)
    if currency is not None:
        check_currency(amount, currency, amount_text)
    units, product = _take_quantity(" ".join(words[used:]))
    if _BARE_UNIT.fullmatch(product):
        # "/sales result 500 stk": a unit word with no number (and so no amount) of its own.
        raise InvalidInput("result.units_without_number", example="result.example", text=product)
    return ResultCommand(
        amount=amount.value,
        product=unquote(product) or None,
        user_id=user_ids[0] if user_ids else None,
        customer=customer,
        units=units,
        segment=segment,
    )


def _take_quantity(text: str) -> tuple[int, str]:
    """The quantity written after the amount ("3 stk", "x3"), and the rest (the product).

    A quoted product name is left whole: ``"Pack x2" 3 stk`` is three of "Pack x2".
    """
    quoted = re.fullmatch(r'(?P<before>[^"]*)"(?P<name>[^"]*)"(?P<after>.*)', text)
    if quoted:
        outside = f"{quoted['before']} {quoted['after']}"
        units, rest = _take_quantity(outside)
        return units, f'"{quoted["name"]}"' if not rest else f'"{quoted["name"]}" {rest}'
    found = list(_QUANTITY.finditer(text))
    if not found:
        return 1, text.strip()
    if len(found) > 1:
        raise InvalidInput("result.one_quantity", example="result.example")
    match = found[0]
    units = parse_units(match.group(0).casefold().replace("×", "x").strip("x"))
    rest = text[: match.start()] + " " + text[match.end() :]
    return units, " ".join(rest.split())


def _take_customer(text: str) -> tuple[str, str]:
    """The customer's name and the text without it.

    ``customer:"Two Words"`` or ``customer:Name``; unquoted, the name runs to the end or to
    ``for @person``, so ``customer:Acme AS`` works when the customer comes last, as in the usage.
    """
    return _take_named(text, _CUSTOMER, _CUSTOMER_END, "result.customer_quote", "result.customer_missing")


def _take_named(text: str, label: re.Pattern, stop_at: re.Pattern, unquoted: str, missing: str):
    """A ``label:VALUE`` (quoted, or running to ``stop_at`` or the end) and the text without it."""
    match = label.search(text)
    if match is None:
        return "", text
    start, value_at = match.start(), match.end()
    if text[value_at : value_at + 1] == '"':
        close = text.find('"', value_at + 1)
        if close < 0:
            raise InvalidInput(unquoted, example="result.usage")
        value, end = text[value_at + 1 : close], close + 1
    else:
        stop = stop_at.search(text, value_at)
        end = stop.start() if stop else len(text)
        value = text[value_at:end]
    value = value.strip()
    if not value:
        raise InvalidInput(missing, example="result.usage")
    rest = (text[:start] + " " + text[end:]).strip()
    return value, " ".join(rest.split())


def _leading_amount(words: list[str], lang: str) -> tuple[Amount, int, str]:
    """The amount in the longest run of leading words that reads as one, how many words it
    took, and their text.

    A longer run that reads as the other language's format ("1 234,50" in English) is not
    cut short to "1" with "234,50" left for a product: that error is raised instead.
    """
    first_error: InvalidInput | None = None
    other_locale: InvalidInput | None = None
    for count in range(min(_AMOUNT_WORDS, len(words)), 0, -1):
        text = " ".join(words[:count])
        try:
            amount = read_amount(text, lang)
        except InvalidInput as error:
            if count == 1:
                first_error = error
            if error.key in _OTHER_LOCALE_ERRORS and other_locale is None:
                other_locale = error
            continue
        if other_locale is not None:
            break
        if 1 < count < len(words) and _BARE_UNIT.fullmatch(words[count]):
            # "15 000 250 stk": the last number goes with its unit word, so 250 units of 15 000.
            shorter = " ".join(words[: count - 1])
            try:
                return read_amount(shorter, lang), count - 1, shorter
            except InvalidInput:
                pass
        return amount, count, text
    error = other_locale or first_error
    raise InvalidInput(error.key, example="result.example", **error.params)
