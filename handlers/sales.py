"""``/sales result``: record a sale (typed or in the form), and everything done to a sale after:
the buttons that move it on (delivered, followed up, lost), edit and delete, and their forms.

A change redraws the message the button sat on (``replace_original`` through its
response_url); from the App Home tab, which has none, the answer comes by DM and the tab is
drawn again (``handlers.replies.answer_change``). The forms save through
``handlers.forms.submit_form``: once per view, all or nothing, a refusal on its field.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from handlers import ids
from handlers.blocks import submitted
from handlers.blocks.common import build_notice, mention, metadata, read_metadata
from handlers.blocks.sales import (
    build_lost_modal,
    build_sale_modal,
    build_sale_reply,
    build_step_modal,
    read_sale_block_id,
    sale_fallback,
)
from handlers.forms import submit_form
from handlers.listeners import button
from handlers.replies import answer_change, list_reply
from handlers.respond import Modal, Reply
from handlers.runtime import ButtonPress, Request
from salesbot import sales
from salesbot.access import Role
from salesbot.errors import InvalidInput, NotFound
from salesbot.products import choose_product, products_to_pick
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
    app.view(ids.RESULT_MODAL)(handle_result)
    app.view(ids.SALE_EDIT_MODAL)(handle_edit)
    app.view(ids.SALE_DATE_MODAL)(handle_step)
    app.view(ids.SALE_LOST_MODAL)(handle_lost)


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
    sales.delete_sale(request.store, request.actor, sale.id)
    notice = request.fmt.t("sale.deleted", sale=described)
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
    sale = sales.record_sale(
        store,
        actor,
        SaleFields(
            person_id=owner.id,
            amount=parsed.amount,
            units=parsed.units,
            ordered_on=request.today,
            product_id=product.id if product else None,
            customer=parsed.customer,
        ),
        today=request.today,
    )
    return recorded_reply(request, sale, owner)


def recorded_reply(request: Request, sale, owner) -> Reply:
    """The new sale with its buttons; the owner is told when someone else recorded it."""
    fmt = request.fmt
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
}


def _sale_fields(
    request: Request, values: dict, *, default_owner: int, current_product: int | None = None
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
    )
    return sales.read_sale_draft(
        request.store,
        request.actor,
        draft,
        today=request.today,
        owner_id=default_owner,
        find_person=lambda user_id: request.people([user_id])[0],
        keep_product=current_product,
    )


# -- submissions ----------------------------------------------------------------------


def handle_result(ack: Ack, body: dict, client: WebClient, context: BoltContext) -> None:
    def work(request: Request, values: dict) -> None:
        fields = _sale_fields(request, values, default_owner=request.actor.person_id)
        sale = sales.record_sale(
            request.store,
            request.actor,
            fields,
            today=request.today,
            # Also on the sale, so the submission that made it can be found.
            request_key=f"result:{body['view']['id']}",
        )
        if sale is not None:
            owner = request.store.person(sale.person_id)
            answer_change(request, recorded_reply(request, sale, owner))

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


def handle_edit(ack: Ack, body: dict, client: WebClient, context: BoltContext) -> None:
    origin = Origin.from_metadata(read_metadata(body["view"]))

    def work(request: Request, values: dict) -> None:
        store, actor = request.store, request.actor
        sale = sales.get_sale(store, actor, origin.sale_id)
        fields = _sale_fields(request, values, default_owner=sale.person_id, current_product=sale.product_id)
        if sales.F_DELIVERED not in values:
            # The form had no delivery dates (the sale was open then): keep any set since.
            fields = replace(fields, delivered_on=sale.delivered_on, followed_up_on=sale.followed_up_on)
        # The "lost" box is shown ticked on a lost sale; unticking it reopens the sale.
        reopen = "lost" in values and not submitted.state(values, "lost").get("selected_options")
        before_owner = sale.person_id
        sale = sales.edit_sale(store, actor, sale.id, fields, today=request.today, reopen=reopen)
        tell_owner(request, store.person(before_owner), "sale.edited_dm", sale)
        if sale.person_id != before_owner:
            tell_owner(request, store.person(sale.person_id), "sale.edited_dm", sale)
        reply = changed_reply(request, origin, notice=request.fmt.t("sale.edited"), sale=sale)
        answer_change(request, reply, replace=True)

    submit_form(ack, body, client, context, work, first_field=sales.F_AMOUNT, field_by_area=_FIELD_BY_AREA)


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
        answer_change(request, changed_reply(request, origin, notice=notice, sale=sale), replace=True)

    submit_form(ack, body, client, context, work, first_field=sales.F_REASON, field_by_area=_FIELD_BY_AREA)
