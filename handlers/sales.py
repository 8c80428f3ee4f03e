"""``/sales result``: record a sale (typed or in the form), and everything done to a sale after:
the buttons that move it on (delivered, followed up, lost), edit and delete, and their forms.

A change redraws the message the button sat on (``replace_original`` through its
response_url); from the App Home tab, which has none, the answer comes by DM and the tab is
drawn again (``handlers.replies.answer_change``). The forms save through
``handlers.forms.submit_form``: once per view, all or nothing, a refusal on its field.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal, InvalidOperation

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from handlers import ids
from handlers.blocks import submitted
from handlers.blocks.common import build_notice, mention, metadata, read_metadata
from handlers.blocks.errors import build_refusal_modal
from handlers.blocks.sales import (
    build_amount_check_view,
    build_amount_question,
    build_lost_modal,
    build_sale_modal,
    build_sale_reply,
    build_step_modal,
    read_sale_block_id,
    sale_fallback,
)
from handlers.forms import submit_form
from handlers.listeners import ViewUpdate, button
from handlers.replies import answer_change, celebrate_after, kept_below_notice, list_reply
from handlers.respond import Modal, Reply
from handlers.runtime import ButtonPress, Request
from salesbot import sales, segments
from salesbot.access import Role
from salesbot.errors import InvalidInput, NotFound, PermissionDenied, UserError
from salesbot.products import choose_product, products_to_pick
from salesbot.sale_checks import AmountDoubt, unusual_amount
from salesbot.sales import SaleDraft, SaleFields


@dataclass(frozen=True)
class Origin:
    """Where a sale was shown when a button was pressed, so the answer goes back there."""

    sale_id: int | None = None
    list_key: str | None = None  # the list the sale was shown in (``ListKey``), if any
    response_url: str | None = None
    channel_id: str | None = None
    value: str = ""  # the button's own value

    @classmethod
    def from_press(cls, pressed: ButtonPress) -> Origin:
        sale_id, list_key = read_sale_block_id(pressed.block_id)
        if pressed.value.isdigit():
            sale_id = int(pressed.value)
        return cls(
            sale_id=sale_id,
            list_key=list_key,
            response_url=pressed.response_url,
            channel_id=pressed.channel_id,
            value=pressed.value,
        )

    @classmethod
    def from_metadata(cls, data: dict) -> Origin:
        return cls(
            sale_id=data.get("sale"),
            list_key=data.get("list"),
            response_url=data.get("url"),
            channel_id=data.get("ch"),
        )

    def metadata(self, **extra: object) -> str:
        return metadata(
            sale=self.sale_id, list=self.list_key, url=self.response_url, ch=self.channel_id, **extra
        )


def register(app: App) -> None:
    app.action(ids.OPEN_RESULT_MODAL)(button(result_modal))
    app.action(ids.SALE_DELIVERED)(_on(_open_step(sales.DELIVERED)))
    app.action(ids.SALE_FOLLOWED_UP)(_on(_open_step(sales.FOLLOWED_UP)))
    app.action(ids.SALE_LOST)(_on(open_lost))
    app.action(ids.SALE_EDIT)(_on(open_edit))
    app.action(ids.SALE_DELETE)(_on(delete))
    app.action(ids.SHOW_SALE)(_on(show_sale))
    app.view(ids.RESULT_MODAL)(handle_result)
    app.view(ids.SALE_EDIT_MODAL)(handle_edit)
    app.view(ids.SALE_DATE_MODAL)(handle_step)
    app.view(ids.SALE_LOST_MODAL)(handle_lost)
    app.action(ids.SALE_CHECK_SAVE)(button(save_checked, replace=True))
    app.action(ids.SALE_CHECK_SUGGESTED)(button(save_suggested, replace=True))
    app.action(ids.SALE_CHECK_EDIT)(button(edit_checked))
    app.view(ids.SALE_CHECK_MODAL)(handle_checked)


def _on(work: Callable[[Request, Origin], Reply | Modal | None]):
    """A button listener (``handlers.listeners.button``) with the button's origin passed along."""

    return button(lambda request: work(request, Origin.from_press(request.pressed)))


def _sale(request: Request, origin: Origin):
    if origin.sale_id is None:
        raise NotFound("sale.not_found")
    return sales.get_sale(request.store, request.actor, origin.sale_id)


def _sale_to_correct(request: Request, origin: Origin):
    """The sale, if the reader may edit or delete it (a closed one: its owner's managers and admins)."""
    if origin.sale_id is None:
        raise NotFound("sale.not_found")
    return sales.get_sale_to_correct(request.store, request.actor, origin.sale_id)


def _open_step(step: str) -> Callable[[Request, Origin], Modal]:
    def open_step(request: Request, origin: Origin) -> Modal:
        sale = _sale(request, origin)
        sales.require_step(sale, step)
        view = build_step_modal(
            request.fmt,
            sale,
            step=step,
            today=request.today,
            labels=request.store.sale_labels([sale]),
            private_metadata=origin.metadata(step=step),
        )
        return Modal(view)

    return open_step


def show_sale(request: Request, origin: Origin) -> Reply:
    """One sale with the buttons the reader may use (a manager's low-score alert links to it)."""
    sale = _sale(request, origin)
    return sale_reply(request, sale, notice=request.fmt.t("sale.shown"))


def open_lost(request: Request, origin: Origin) -> Modal:
    sale = _sale(request, origin)
    sales.require_step(sale, sales.LOST)
    view = build_lost_modal(
        request.fmt,
        sale,
        today=request.today,
        labels=request.store.sale_labels([sale]),
        private_metadata=origin.metadata(),
    )
    return Modal(view)


def open_edit(request: Request, origin: Origin) -> Modal:
    sale = _sale_to_correct(request, origin)
    store, actor = request.store, request.actor
    products = products_to_pick(store, keep_id=sale.product_id)
    owner = store.person(sale.person_id)
    view = build_sale_modal(
        request.fmt,
        products=products,
        segments=segments.segments_to_pick(store, keep_id=sale.segment_id),
        today=request.today,
        choose_person=actor.role is not Role.REP,
        person_slack_id=owner.slack_user_id,
        private_metadata=origin.metadata(),
        sale=sale,
    )
    return Modal(view)


def delete(request: Request, origin: Origin) -> None:
    sale = _sale_to_correct(request, origin)
    owner = request.store.person(sale.person_id)
    described = sale_fallback(request.fmt, sale, request.store.sale_labels([sale]))
    tell_owner(request, owner, "sale.deleted_dm", sale)
    person_id, ordered_on = sale.person_id, sale.ordered_on
    sales.delete_sale(request.store, request.actor, sale.id)
    notice = request.fmt.t("sale.deleted", sale=described)
    if kept := kept_below_notice(request, [person_id], ordered_on):
        notice += "\n" + kept
    answer_change(request, changed_reply(request, origin, notice=notice), replace=True)


def changed_reply(request: Request, origin: Origin, *, notice: str, sale=None) -> Reply:
    """What the message a change came from shows now: its list of sales (open orders, a
    period's) redrawn at the same page, or the sale itself, or (once deleted) just the notice."""
    if origin.list_key:
        return list_reply(request, origin.list_key, notice=notice)
    if sale is not None:
        return sale_reply(request, sale, notice=notice)
    return build_notice(notice)


# -- the typed command ------------------------------------------------------------------


def result_command(request: Request, text: str) -> Reply | Modal:
    if not text.strip():
        return result_modal(request)
    store, actor = request.store, request.actor
    parsed = sales.parse_result(text, actor.lang, currency=store.workspace.currency)
    owner = request.people([parsed.user_id])[0] if parsed.user_id else store.person(actor.person_id)
    # The right to record for someone is checked before the product, so a refusal says so.
    sales.require_may_change_sale(actor, owner.id)
    product = choose_product(store, name=parsed.product)
    segment = segments.segment_for_sale(store, parsed.segment, actor.lang) if parsed.segment else None
    fields = SaleFields(
        person_id=owner.id,
        amount=parsed.amount,
        units=parsed.units,
        ordered_on=request.today,
        product_id=product.id if product else None,
        customer=parsed.customer,
        segment_id=segment.id if segment else None,
    )
    fields = sales.check_sale(fields, today=request.today)
    doubt = _doubt(request, fields)
    if doubt is not None:
        return _amount_question(request, fields, doubt, owner)
    sale = sales.record_sale(store, actor, fields, today=request.today)
    return recorded_reply(request, sale, owner)


def recorded_reply(request: Request, sale, owner) -> Reply:
    """The new sale with its buttons; the owner is told when someone else recorded it."""
    fmt = request.fmt
    celebrate_after(request, [sale.person_id], [sale.ordered_on])
    if owner.id == request.actor.person_id:
        notice = fmt.t("sale.recorded")
    else:
        notice = fmt.t("sale.recorded_for", user=mention(owner.slack_user_id))
        tell_owner(request, owner, "sale.recorded_dm", sale)
    return sale_reply(request, sale, notice=notice)


def sale_reply(request: Request, sale, *, notice: str) -> Reply:
    labels = request.store.sale_labels([sale])
    return build_sale_reply(
        request.fmt,
        sale,
        today=request.today,
        labels=labels,
        notice=notice,
        show_owner=sale.person_id != request.actor.person_id,
        reader=request.actor,
    )


def tell_owner(request: Request, owner, key: str, sale) -> None:
    """A DM to the sale's owner, when someone else changed it: ``key`` with the actor and the
    sale, in the owner's language, sent once the change is saved."""
    if owner is None or owner.id == request.actor.person_id:
        return
    theirs = request.formatter_for(owner)
    text = theirs.t(
        key,
        actor=mention(request.user_id),
        sale=sale_fallback(theirs, sale, request.store.sale_labels([sale])),
    )
    request.notify(owner.slack_user_id, text)


def result_modal(request: Request) -> Modal:
    """The result modal; its confirmation goes to the channel it was opened from, if any."""
    actor = request.actor
    view = build_sale_modal(
        request.fmt,
        products=products_to_pick(request.store),
        segments=segments.segments_to_pick(request.store),
        today=request.today,
        choose_person=actor.role is not Role.REP,
        person_slack_id=actor.slack_user_id,
        private_metadata=metadata(ch=request.channel_id),
    )
    return Modal(view)


# -- the forms ----------------------------------------------------------------------------


# Errors raised outside salesbot.sales carry no field; their key's area says which it is.
_FIELD_BY_AREA = {
    "amount": sales.F_AMOUNT,
    "units": sales.F_UNITS,
    "product": sales.F_PRODUCT,
    "person": sales.F_PERSON,
    "segments": sales.F_SEGMENT,
}


def _sale_fields(
    request: Request,
    values: dict,
    *,
    default_owner: int,
    current_product: int | None = None,
    current_segment: int | None = None,
) -> SaleFields:
    """The sale form read by the domain, every wrong field refused at once (its block ids are
    the domain's field names)."""
    product_id = product_name = None
    if submitted.state(values, sales.F_PRODUCT).get("type") == "static_select":
        product_id = submitted.choice(values, sales.F_PRODUCT)
    else:
        product_name = submitted.text(values, sales.F_PRODUCT)
    draft = SaleDraft(
        amount=submitted.text(values, sales.F_AMOUNT),
        ordered_on=submitted.day(values, sales.F_ORDERED),
        units=submitted.text(values, sales.F_UNITS),
        user_id=submitted.user(values, sales.F_PERSON),
        product_id=product_id,
        product_name=product_name or "",
        customer=submitted.text(values, sales.F_CUSTOMER),
        promised_on=submitted.day(values, sales.F_PROMISED),
        delivered_on=submitted.day(values, sales.F_DELIVERED),
        followed_up_on=submitted.day(values, sales.F_FOLLOWED_UP),
        segment_id=submitted.choice(values, sales.F_SEGMENT),
    )
    return sales.read_sale_draft(
        request.store,
        request.actor,
        draft,
        today=request.today,
        owner_id=default_owner,
        find_person=lambda user_id: request.people([user_id])[0],
        keep_product=current_product,
        keep_segment=current_segment,
    )


# -- submissions ----------------------------------------------------------------------


def handle_result(ack: Ack, body: dict, client: WebClient, context: BoltContext) -> None:
    def work(request: Request, values: dict) -> ViewUpdate | None:
        fields = _sale_fields(request, values, default_owner=request.actor.person_id)
        doubt = _doubt(request, fields)
        if doubt is not None:
            return _check_view(request, fields, doubt, Origin.from_metadata(read_metadata(body["view"])))
        _record_from_form(request, fields, body["view"]["id"])
        return None

    # record_sale claims the view id itself, as the sale's request key.
    submit_form(
        ack,
        body,
        client,
        context,
        work,
        first_field=sales.F_AMOUNT,
        claim=False,
        field_by_area=_FIELD_BY_AREA,
    )


def _record_from_form(request: Request, fields: SaleFields, view_id: str) -> None:
    """A new sale from the result modal (or its amount's check, the same view): once per view."""
    sale = sales.record_sale(
        request.store,
        request.actor,
        fields,
        today=request.today,
        # Also on the sale, so the submission that made it can be found.
        request_key=f"result:{view_id}",
    )
    if sale is not None:
        owner = request.store.person(sale.person_id)
        answer_change(request, recorded_reply(request, sale, owner))


def handle_edit(ack: Ack, body: dict, client: WebClient, context: BoltContext) -> None:
    origin = Origin.from_metadata(read_metadata(body["view"]))

    def work(request: Request, values: dict) -> ViewUpdate | None:
        store, actor = request.store, request.actor
        # Refused before any question about the amount: a closed sale is for managers to correct.
        sale = sales.get_sale_to_correct(store, actor, origin.sale_id)
        fields = _sale_fields(
            request,
            values,
            default_owner=sale.person_id,
            current_product=sale.product_id,
            current_segment=sale.segment_id,
        )
        if sales.F_SEGMENT not in values:
            # The form had no segment to pick (an empty list): the sale keeps its own.
            fields = replace(fields, segment_id=sale.segment_id)
        if sales.F_DELIVERED not in values:
            # The form had no delivery dates (the sale was open then): keep any set since.
            fields = replace(fields, delivered_on=sale.delivered_on, followed_up_on=sale.followed_up_on)
        # The "lost" box is shown ticked on a lost sale; unticking it reopens the sale.
        reopen = "lost" in values and not submitted.state(values, "lost").get("selected_options")
        changed = (fields.amount, fields.units, fields.product_id) != (
            sale.amount,
            sale.units,
            sale.product_id,
        )
        doubt = _doubt(request, fields) if changed else None
        if doubt is not None:
            return _check_view(request, fields, doubt, origin, reopen=reopen)
        _save_edit(request, origin, fields, reopen=reopen)
        return None

    submit_form(ack, body, client, context, work, first_field=sales.F_AMOUNT, field_by_area=_FIELD_BY_AREA)


def _save_edit(request: Request, origin: Origin, fields: SaleFields, *, reopen: bool) -> None:
    """The edited sale saved, its owners told, and the message it was edited from redrawn."""
    store, actor = request.store, request.actor
    before_owner = sales.get_sale(store, actor, origin.sale_id).person_id
    sale = sales.edit_sale(store, actor, origin.sale_id, fields, today=request.today, reopen=reopen)
    celebrate_after(request, [sale.person_id], [sale.ordered_on])
    tell_owner(request, store.person(before_owner), "sale.edited_dm", sale)
    if sale.person_id != before_owner:
        tell_owner(request, store.person(sale.person_id), "sale.edited_dm", sale)
    reply = changed_reply(request, origin, notice=request.fmt.t("sale.edited"), sale=sale)
    answer_change(request, reply, replace=True)


def handle_step(ack: Ack, body: dict, client: WebClient, context: BoltContext) -> None:
    data = read_metadata(body["view"])
    origin, step = Origin.from_metadata(data), data.get("step")

    def work(request: Request, values: dict) -> None:
        on = submitted.day(values, sales.F_DATE)
        if on is None:
            raise InvalidInput("sale.date_missing", field=sales.F_DATE)
        mark = sales.mark_delivered if step == sales.DELIVERED else sales.mark_followed_up
        sale = mark(request.store, request.actor, origin.sale_id, on, today=request.today)
        notice = request.fmt.t(f"sale.marked_{step}", date=request.fmt.date(on))
        answer_change(request, changed_reply(request, origin, notice=notice, sale=sale), replace=True)

    submit_form(ack, body, client, context, work, first_field=sales.F_DATE, field_by_area=_FIELD_BY_AREA)


def handle_lost(ack: Ack, body: dict, client: WebClient, context: BoltContext) -> None:
    origin = Origin.from_metadata(read_metadata(body["view"]))

    def work(request: Request, values: dict) -> None:
        reason = submitted.choice(values, sales.F_REASON) or ""
        sale = sales.mark_lost(
            request.store,
            request.actor,
            origin.sale_id,
            reason,
            submitted.text(values, sales.F_NOTE),
            today=request.today,
        )
        notice = request.fmt.t("sale.marked_lost", reason=request.fmt.t(f"sale.lost_reason.{reason}"))
        if kept := kept_below_notice(request, [sale.person_id], sale.ordered_on):
            notice += "\n" + kept
        answer_change(request, changed_reply(request, origin, notice=notice, sale=sale), replace=True)

    submit_form(ack, body, client, context, work, first_field=sales.F_REASON, field_by_area=_FIELD_BY_AREA)


# -- an unusual amount, asked about ------------------------------------------------------
#
# A typed sale whose amount looks wrong (salesbot.sale_checks) is not saved: a question is sent
# whose buttons carry the sale (packed, in their values), saved by *Save anyway* or *Save* the
# suggestion under one request key, so a double click records it once. A form's sale is asked
# about in place of the form (response_action "update"), the sale in the view's
# private_metadata; submitting that view saves it, as the same view the form was. What comes
# back from Slack is checked again as the typed path checks it: the right, the values, the product.


def _doubt(request: Request, fields: SaleFields) -> AmountDoubt | None:
    return unusual_amount(
        request.store,
        person_id=fields.person_id,
        amount=fields.amount,
        ordered_on=fields.ordered_on,
        units=fields.units,
        product_id=fields.product_id,
    )


def _someone_else(request: Request, owner) -> str | None:
    """The owner's Slack user id when the sale is not the asker's own (the words name them)."""
    return None if owner is None or owner.id == request.actor.person_id else owner.slack_user_id


def _amount_question(request: Request, fields: SaleFields, doubt: AmountDoubt, owner) -> Reply:
    key = uuid.uuid4().hex  # one sale, whichever of the buttons is pressed, however often
    suggested = replace(fields, amount=doubt.suggestion) if doubt.suggestion is not None else None
    return build_amount_question(
        request.fmt,
        doubt,
        owner=_someone_else(request, owner),
        typed=json.dumps(_packed(fields, k=key), separators=(",", ":"), ensure_ascii=False),
        suggested=(
            json.dumps(_packed(suggested, k=key), separators=(",", ":"), ensure_ascii=False)
            if suggested
            else None
        ),
    )


def _check_view(
    request: Request, fields: SaleFields, doubt: AmountDoubt, origin: Origin, *, reopen: bool = False
) -> ViewUpdate:
    owner = request.store.person(fields.person_id)
    suggestion = str(doubt.suggestion) if doubt.suggestion is not None else None
    view = build_amount_check_view(
        request.fmt,
        doubt,
        owner=_someone_else(request, owner),
        private_metadata=origin.metadata(f=_packed(fields), s=suggestion, reopen=reopen or None),
    )
    return ViewUpdate(view)


def _packed(fields: SaleFields, **extra: object) -> dict:
    """The sale as a button's value or a view's metadata holds it (short keys: Slack's limits)."""

    def day(value: date | None) -> str | None:
        return value.isoformat() if value else None

    packed = {
        "p": fields.person_id,
        "a": str(fields.amount),
        "u": fields.units,
        "pr": fields.product_id,
        "c": fields.customer or None,
        "sg": fields.segment_id,
        "o": day(fields.ordered_on),
        "pd": day(fields.promised_on),
        "d": day(fields.delivered_on),
        "f": day(fields.followed_up_on),
        **extra,
    }
    return {key: value for key, value in packed.items() if value is not None}


def _unpacked(data: object) -> SaleFields:
    """The sale ``_packed`` wrote, as it came back from Slack: read strictly, checked after."""

    def day(value: object) -> date | None:
        return date.fromisoformat(value) if isinstance(value, str) else None

    try:
        amount = Decimal(data["a"])
        if not amount.is_finite() or not all(isinstance(data.get(k, 0), int) for k in ("p", "u", "pr", "sg")):
            raise ValueError("not a sale")
        return SaleFields(
            person_id=data["p"],
            amount=amount,
            units=data.get("u", 1),
            product_id=data.get("pr"),
            customer=str(data.get("c") or ""),
            segment_id=data.get("sg"),
            ordered_on=date.fromisoformat(data["o"]),
            promised_on=day(data.get("pd")),
            delivered_on=day(data.get("d")),
            followed_up_on=day(data.get("f")),
        )
    except (KeyError, TypeError, ValueError, InvalidOperation):
        raise InvalidInput("sale.check.unreadable") from None


def _pressed_sale(request: Request) -> tuple[SaleFields, str]:
    """The sale a question's button carries, and the question's key."""
    try:
        data = json.loads(request.pressed.value)
    except ValueError:
        data = None
    key = data.get("k") if isinstance(data, dict) else None
    if not isinstance(key, str) or not key.isalnum() or len(key) > 64:
        raise InvalidInput("sale.check.unreadable")
    return _unpacked(data), key


def _owner(request: Request, person_id: int):
    """The sale's owner, if the actor may record for them (an id from Slack may be anyone's)."""
    owner = request.store.person(person_id)
    if owner is None:
        raise PermissionDenied("sale.not_allowed", field=sales.F_PERSON)
    sales.require_may_change_sale(request.actor, owner.id)
    return owner


def _product_of(request: Request, fields: SaleFields, keep_id: int | None = None) -> None:
    """The sale's product is still one that can be sold (or the one an edited sale has)."""
    if fields.product_id is not None:
        choose_product(request.store, product_id=fields.product_id, keep_id=keep_id)


def _segment_of(request: Request, fields: SaleFields, keep_id: int | None = None) -> None:
    """The sale's segment is still on the list (or the one an edited sale has)."""
    if fields.segment_id is not None:
        segments.choose_segment(request.store, fields.segment_id, keep_id=keep_id)


def save_checked(request: Request) -> Reply | None:
    """*Save anyway* (or *Save* the suggestion) on the question about a typed sale."""
    fields, key = _pressed_sale(request)
    owner = _owner(request, fields.person_id)
    _product_of(request, fields)
    _segment_of(request, fields)
    sale = sales.record_sale(
        request.store, request.actor, fields, today=request.today, request_key=f"check:{key}"
    )
    if sale is None:
        return None  # pressed again: the first press saved it, and said so
    return recorded_reply(request, sale, owner)


def save_suggested(request: Request) -> Reply | Modal | None:
    """The suggestion: saved from the question about a typed sale; put into the form from the
    question in its place (where it is saved as the form is)."""
    if request.pressed.view is not None:
        return _form_back(request, suggested=True)
    return save_checked(request)


def edit_checked(request: Request) -> Modal:
    """*Edit*: the result modal filled in with the sale asked about, or the form put back."""
    if request.pressed.view is not None:
        return _form_back(request, suggested=False)
    fields, _ = _pressed_sale(request)
    owner = _owner(request, fields.person_id)
    view = build_sale_modal(
        request.fmt,
        products=products_to_pick(request.store),
        segments=segments.segments_to_pick(request.store),
        today=request.today,
        choose_person=request.actor.role is not Role.REP,
        person_slack_id=owner.slack_user_id,
        private_metadata=metadata(ch=request.channel_id),
        filled=fields,
    )
    return Modal(view)


def _form_back(request: Request, *, suggested: bool) -> Modal:
    """The form the question took the place of, with what was entered (or the suggestion)."""
    asked = request.pressed.view
    data = read_metadata(asked)
    origin = Origin.from_metadata(data)
    fields = _unpacked(data.get("f"))
    if suggested:
        fields = _unpacked({**data["f"], "a": data.get("s")})
    owner = _owner(request, fields.person_id)
    sale = sales.get_sale(request.store, request.actor, origin.sale_id) if origin.sale_id else None
    view = build_sale_modal(
        request.fmt,
        products=products_to_pick(request.store, keep_id=sale.product_id if sale else None),
        segments=segments.segments_to_pick(request.store, keep_id=sale.segment_id if sale else None),
        today=request.today,
        choose_person=request.actor.role is not Role.REP,
        person_slack_id=owner.slack_user_id,
        private_metadata=origin.metadata(),
        sale=sale,
        filled=fields,
        reopen=bool(data.get("reopen")),
    )
    return Modal(view, in_place_of=asked["id"], view_hash=asked.get("hash"))


def handle_checked(ack: Ack, body: dict, client: WebClient, context: BoltContext) -> None:
    """*Save anyway* on the question in place of a sale form: saved as that form would be."""
    data = read_metadata(body["view"])
    origin = Origin.from_metadata(data)

    def work(request: Request, values: dict) -> ViewUpdate | None:
        try:
            fields = _unpacked(data.get("f"))
            _owner(request, fields.person_id)
            if origin.sale_id is None:
                _product_of(request, fields)
                _segment_of(request, fields)
                _record_from_form(request, fields, body["view"]["id"])
            else:
                current = sales.get_sale(request.store, request.actor, origin.sale_id)
                _product_of(request, fields, keep_id=current.product_id)
                _segment_of(request, fields, keep_id=current.segment_id)
                _save_edit(request, origin, fields, reopen=bool(data.get("reopen")))
        except UserError as error:
            # The question has no field to show a refusal on: it takes the question's place.
            return ViewUpdate(build_refusal_modal(request.fmt, error))
        return None

    # A new sale claims the form's view id as its request key (record_sale), an edit the view.
    submit_form(
        ack,
        body,
        client,
        context,
        work,
        first_field=sales.F_AMOUNT,
        claim=origin.sale_id is not None,
        field_by_area=_FIELD_BY_AREA,
    )
