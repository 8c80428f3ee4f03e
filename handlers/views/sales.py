"""Sale and time-off modal submissions: record, edit, delivered / followed up, lost, away.

Each saves in a savepoint: a refusal rolls back everything the submission wrote (its claim
on the view id too, so the corrected form can be submitted) and shows on the field it is
about. The view id is claimed as the request key, so a form submitted twice saves once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from handlers import ids
from handlers.actions.sales import Origin, answer, changed_reply
from handlers.blocks.sales import read_metadata
from handlers.commands.results import away_recorded, recorded_reply, tell_owner
from handlers.listeners import submit_view
from handlers.runtime import Request
from salesbot import sales
from salesbot.amounts import parse_amount
from salesbot.errors import InvalidInput, NotFound, UserError
from salesbot.products import choose_product
from salesbot.sales import SaleFields

# Errors raised outside salesbot.sales carry no field; their key's area says which it is.
_FIELD_BY_AREA = {
    "amount": sales.F_AMOUNT,
    "units": sales.F_UNITS,
    "product": sales.F_PRODUCT,
    "person": sales.F_PERSON,
}


def register(app: App) -> None:
    app.view(ids.RESULT_MODAL)(handle_result)
    app.view(ids.SALE_EDIT_MODAL)(handle_edit)
    app.view(ids.SALE_DATE_MODAL)(handle_step)
    app.view(ids.SALE_LOST_MODAL)(handle_lost)
    app.view(ids.AWAY_MODAL)(handle_away)


def _handle(
    ack: Ack,
    body: dict,
    client: WebClient,
    context: BoltContext,
    work: Callable[[Request, dict], None],
    first_field: str,
    *,
    claim: bool = True,
) -> None:
    """``submit_view`` around ``work(request, values)``: field errors, one save per view."""
    view = body["view"]
    values = view["state"]["values"]

    def save(request: Request) -> dict[str, str] | None:
        try:
            with request.store.session.begin_nested():
                if not claim or request.store.claim_request(f"view:{view['id']}"):
                    work(request, values)
        except UserError as error:
            return {_field_of(error, first_field, values): _message(request, error)}
        return None

    submit_view(ack, body, client, context, save, first_field=first_field)


def _field_of(error: UserError, default: str, values: dict) -> str:
    field = error.params.get("field") or _FIELD_BY_AREA.get(error.key.split(".")[0]) or default
    # An error about a field the form does not have (the owner, for a rep) shows on the first one.
    return field if field in values else default


def _message(request: Request, error: UserError) -> str:
    fmt = request.fmt
    params = {
        key: fmt.date(value) if isinstance(value, date) else value for key, value in error.params.items()
    }
    text = fmt.t(error.key, **params)
    return f"{text} {fmt.t(error.example)}" if error.example else text


# -- reading the form -----------------------------------------------------------------


def _state(values: dict, block_id: str) -> dict:
    return next(iter(values.get(block_id, {}).values()), {})


def _text(values: dict, block_id: str) -> str:
    return (_state(values, block_id).get("value") or "").strip()


def _date(values: dict, block_id: str) -> date | None:
    chosen = _state(values, block_id).get("selected_date")
    return date.fromisoformat(chosen) if chosen else None


def _choice(values: dict, block_id: str) -> str | None:
    return (_state(values, block_id).get("selected_option") or {}).get("value")


def _sale_fields(
    request: Request, values: dict, *, default_owner: int, current_product: int | None = None
) -> SaleFields:
    store = request.store
    owner_id = default_owner
    if user_id := _state(values, sales.F_PERSON).get("selected_user"):
        owner_id = request.people([user_id])[0].id
    product = None
    if sales.F_PRODUCT in values:
        state = _state(values, sales.F_PRODUCT)
        if state.get("type") == "static_select":
            chosen = _choice(values, sales.F_PRODUCT)
            if chosen and not chosen.isdigit():
                raise NotFound("product.not_found", name=chosen, field=sales.F_PRODUCT)
            product_id = int(chosen) if chosen else None
            product = choose_product(store, product_id=product_id, keep_id=current_product)
        elif typed := _text(values, sales.F_PRODUCT):
            product = choose_product(store, name=typed, keep_id=current_product)
    units_text = _text(values, sales.F_UNITS) or "1"
    if not units_text.isdigit():
        raise InvalidInput("units.invalid", example="units.example", text=units_text, field=sales.F_UNITS)
    ordered_on = _date(values, sales.F_ORDERED)
    if ordered_on is None:
        raise InvalidInput("sale.ordered_missing", field=sales.F_ORDERED)
    return SaleFields(
        person_id=owner_id,
        amount=parse_amount(
            _text(values, sales.F_AMOUNT), request.actor.lang, currency=store.workspace.currency
        ),
        ordered_on=ordered_on,
        units=int(units_text),
        product_id=product.id if product else None,
        customer=_text(values, sales.F_CUSTOMER),
        promised_on=_date(values, sales.F_PROMISED),
        delivered_on=_date(values, sales.F_DELIVERED),
        followed_up_on=_date(values, sales.F_FOLLOWED_UP),
    )


# -- submissions ----------------------------------------------------------------------


def handle_result(ack: Ack, body: dict, client: WebClient, context: BoltContext) -> None:
    origin = Origin.from_metadata(read_metadata(body["view"]))

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
            answer(request, origin, recorded_reply(request, sale, owner), replace=False)

    # record_sale claims the view id itself, as the sale's request key.
    _handle(ack, body, client, context, work, first_field=sales.F_AMOUNT, claim=False)


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
        reopen = "lost" in values and not _state(values, "lost").get("selected_options")
        before_owner = sale.person_id
        sale = sales.edit_sale(store, actor, sale.id, fields, today=request.today, reopen=reopen)
        tell_owner(request, store.person(before_owner), "sale.edited_dm", sale)
        if sale.person_id != before_owner:
            tell_owner(request, store.person(sale.person_id), "sale.edited_dm", sale)
        reply = changed_reply(request, origin, notice=request.fmt.t("sale.edited"), sale=sale)
        answer(request, origin, reply, replace=bool(origin.response_url))

    _handle(ack, body, client, context, work, first_field=sales.F_AMOUNT)


def handle_step(ack: Ack, body: dict, client: WebClient, context: BoltContext) -> None:
    data = read_metadata(body["view"])
    origin, step = Origin.from_metadata(data), data.get("step")

    def work(request: Request, values: dict) -> None:
        on = _date(values, sales.F_DATE)
        if on is None:
            raise InvalidInput("sale.date_missing", field=sales.F_DATE)
        mark = sales.mark_delivered if step == sales.DELIVERED else sales.mark_followed_up
        sale = mark(request.store, request.actor, origin.sale_id, on, today=request.today)
        notice = request.fmt.t(f"sale.marked_{step}", date=request.fmt.date(on))
        answer(
            request,
            origin,
            changed_reply(request, origin, notice=notice, sale=sale),
            replace=bool(origin.response_url),
        )

    _handle(ack, body, client, context, work, first_field=sales.F_DATE)


def handle_lost(ack: Ack, body: dict, client: WebClient, context: BoltContext) -> None:
    origin = Origin.from_metadata(read_metadata(body["view"]))

    def work(request: Request, values: dict) -> None:
        reason = _choice(values, sales.F_REASON) or ""
        sale = sales.mark_lost(
            request.store,
            request.actor,
            origin.sale_id,
            reason,
            _text(values, sales.F_NOTE),
            today=request.today,
        )
        notice = request.fmt.t("sale.marked_lost", reason=request.fmt.t(f"sale.lost_reason.{reason}"))
        answer(
            request,
            origin,
            changed_reply(request, origin, notice=notice, sale=sale),
            replace=bool(origin.response_url),
        )

    _handle(ack, body, client, context, work, first_field=sales.F_REASON)


def handle_away(ack: Ack, body: dict, client: WebClient, context: BoltContext) -> None:
    origin = Origin.from_metadata(read_metadata(body["view"]))

    def work(request: Request, values: dict) -> None:
        person = request.store.person(request.actor.person_id)
        if user_id := _state(values, "person").get("selected_user"):
            person = request.people([user_id])[0]
        start, end = _date(values, "start"), _date(values, "end")
        if start is None or end is None:
            raise InvalidInput("away.dates_missing", field="start")
        if start > end:
            raise InvalidInput("away.reversed_modal", field="end")
        answer(request, origin, away_recorded(request, person, start, end), replace=False)

    _handle(ack, body, client, context, work, first_field="start")
