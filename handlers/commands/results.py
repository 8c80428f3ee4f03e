"""``/sales result``, ``/sales orders`` and ``/sales away``: sales and time off.

The replies built here (a sale, a list of open orders, the time-off list) are also what the
buttons and modals in handlers/actions/sales.py and handlers/views/sales.py redraw.
"""

from __future__ import annotations

import re

from handlers.blocks.common import mention
from handlers.blocks.lists import build_notice
from handlers.blocks.sales import (
    LIST_SALES,
    away_range,
    build_away_list,
    build_away_modal,
    build_orders_list,
    build_sale_modal,
    build_sale_reply,
    metadata,
    sale_fallback,
)
from handlers.commands.registry import subcommand
from handlers.runtime import Reply, Request
from salesbot import away, orders, sales
from salesbot.access import Role
from salesbot.i18n import Formatter, pick_language
from salesbot.products import choose_product, products_to_pick
from salesbot.sales import SaleFields

# -- result ---------------------------------------------------------------------------


@subcommand("result", usage="result.usage", aliases=("resultat", "sale", "salg"))
def result_command(request: Request, text: str) -> Reply | None:
    if not text.strip():
        open_result_modal(request)
        return None
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
    )


def tell_owner(request: Request, owner, key: str, sale) -> None:
    """A DM to the sale's owner, when someone else changed it: ``key`` with the actor and the
    sale, in the owner's language, sent once the change is saved."""
    if owner is None or owner.id == request.actor.person_id:
        return
    theirs = formatter_for(request, owner)
    text = theirs.t(
        key,
        actor=mention(request.user_id),
        sale=sale_fallback(theirs, sale, request.store.sale_labels([sale])),
    )
    user_id = owner.slack_user_id
    request.after_commit.append(lambda: request.client.chat_postMessage(channel=user_id, text=text))


def formatter_for(request: Request, person) -> Formatter:
    lang = pick_language(
        preference=person.language, slack_locale=person.slack_locale, workspace=request.store.workspace.locale
    )
    return Formatter(lang, request.store.workspace.currency)


def open_result_modal(request: Request) -> None:
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
    request.client.views_open(trigger_id=request.trigger_id, view=view)


# -- orders ---------------------------------------------------------------------------

# Whose open orders a list shows, and which page: "p12" (person 12), "t3.2" (team 3, page 2).
_LIST_KEY = re.compile(r"(?P<kind>[pt])(?P<number>\d+)(?:\.(?P<page>\d+))?")
_KINDS = {"p": orders.PERSON, "t": orders.TEAM}
_KEYS = {kind: letter for letter, kind in _KINDS.items()}


@subcommand("orders", usage="orders.usage", aliases=("ordrer",))
def orders_command(request: Request, text: str) -> Reply:
    return orders_reply(request, orders_list_key(request, text))


def orders_list_key(request: Request, text: str) -> str:
    """Whose orders ``text`` asks for, as a list key: ``p<person id>`` or ``t<team id>``."""
    whose = orders.read_whose(
        request.store, request.actor, text, lambda user_id: request.people([user_id])[0]
    )
    return f"{_KEYS[whose.kind]}{whose.id}"


def orders_reply(request: Request, list_key: str, *, notice: str | None = None) -> Reply:
    """A page of the open orders of a person or a team, if the reader may see them (checked
    every time: list keys come back from buttons)."""
    store, actor, fmt = request.store, request.actor, request.fmt
    key = _LIST_KEY.fullmatch(list_key or "") or _LIST_KEY.fullmatch(f"p{actor.person_id}")
    whose = orders.Whose(_KINDS[key["kind"]], int(key["number"]))
    shown = orders.open_orders_page(store, actor, whose, page=int(key["page"] or 1), size=LIST_SALES)
    if whose.kind == orders.TEAM:
        title_key = "orders.title_team"
    else:
        title_key = "orders.title_mine" if shown.mine else "orders.title_person"
    return build_orders_list(
        fmt,
        shown.orders,
        total=shown.total,
        title=fmt.t(title_key, name=shown.name, count=fmt.number(shown.total)),
        today=request.today,
        labels=store.sale_labels(shown.orders),
        show_owner=whose.kind == orders.TEAM,
        list_key=f"{key['kind']}{key['number']}",
        page=shown.page,
        notice=notice,
    )


# -- away -----------------------------------------------------------------------------


@subcommand("away", usage="away.usage", aliases=("borte", "fri"))
def away_command(request: Request, text: str) -> Reply | None:
    store, actor, fmt = request.store, request.actor, request.fmt
    if not text.strip():
        view = build_away_modal(
            fmt,
            today=request.today,
            choose_person=actor.role is not Role.REP,
            person_slack_id=actor.slack_user_id,
            private_metadata=metadata(ch=request.channel_id),
        )
        request.client.views_open(trigger_id=request.trigger_id, view=view)
        return None
    parsed = away.parse_away(text, today=request.today, lang=actor.lang)
    person = request.people([parsed.user_id])[0] if parsed.user_id else None
    if parsed.action == away.LIST:
        return away_list_reply(request, person_id=person.id if person else None)
    if parsed.action == away.REMOVE:
        return away_list_reply(
            request, person_id=person.id if person else None, notice=fmt.t("away.pick_remove")
        )
    person = person or store.person(actor.person_id)
    return away_recorded(request, person, parsed.start, parsed.end)


def away_recorded(request: Request, person, start, end) -> Reply:
    """Records the time off and says what it now covers; the person is told when someone else did it."""
    fmt = request.fmt
    change = away.record_time_off(request.store, request.actor, person.id, start, end)
    entry = change.time_off
    covered = away_range(fmt, entry.start, entry.end)
    if change.unchanged:
        return build_notice(fmt.t("away.already", user=mention(person.slack_user_id), range=covered))
    detail = fmt.t("away.merged", range=covered) if change.merged else None
    if person.id != request.actor.person_id:
        theirs = formatter_for(request, person)
        text = theirs.t(
            "away.recorded_dm",
            actor=mention(request.user_id),
            range=away_range(theirs, entry.start, entry.end),
        )
        user_id = person.slack_user_id
        request.after_commit.append(lambda: request.client.chat_postMessage(channel=user_id, text=text))
    return build_notice(
        fmt.t("away.recorded", user=mention(person.slack_user_id), range=covered), detail=detail
    )


def away_list_reply(request: Request, *, person_id: int | None = None, notice: str | None = None) -> Reply:
    entries, total = away.upcoming_time_off(
        request.store, request.actor, today=request.today, person_id=person_id
    )
    return build_away_list(
        request.fmt,
        entries,
        total=total,
        removable={entry.id for entry, person in entries if request.actor.may_manage(person.id)},
        scope=person_id,
        notice=notice,
    )
