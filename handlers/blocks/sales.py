"""Sales in Block Kit: a sale with its lifecycle buttons, lists of sales (open orders, a
period's results), the sale modals, and time off.

Buttons on a sale carry the sale id as their value; the block id says where the sale is
shown (``sale:ID`` alone, ``sale:ID:LIST`` in a list, ``LIST`` a ``ListKey``), so a change can
redraw that message.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    CheckboxesElement,
    ConfirmObject,
    ContextBlock,
    DatePickerElement,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    NumberInputElement,
    Option,
    PlainTextInputElement,
    RadioButtonsElement,
    SectionBlock,
    StaticSelectElement,
    UserSelectElement,
)

from handlers import ids
from handlers.blocks.common import (
    BUTTON_TEXT,
    CONTEXT_TEXT,
    HEADER_TEXT,
    OPTION_TEXT,
    SECTION_TEXT,
    amount_input,
    as_dicts,
    build_form,
    clip,
    mention,
    mrkdwn_escape,
)
from handlers.blocks.working import story_button
from handlers.respond import Reply
from salesbot import sales
from salesbot.access import Actor
from salesbot.goals import goal_period
from salesbot.i18n import Formatter
from salesbot.orders import COMPANY, PERSON, TEAM, Whose
from salesbot.periods import Period
from salesbot.sale_checks import AmountDoubt
from salesbot.sales import LOST_REASONS, SaleFields, SaleLabels
from salesbot.segments import segment_label

# A static select holds at most 100 options; past that the product is typed and matched.
SELECT_OPTIONS = 100
# Sales in one list message: two blocks each, with room for a header, notes and page buttons.
LIST_SALES = 20
ORDERS, RESULTS = "orders", "results"


# -- which list -------------------------------------------------------------------------


_WHOSE_LETTERS = {PERSON: "p", TEAM: "t", COMPANY: "c"}
_WHOSE_KINDS = {letter: kind for kind, letter in _WHOSE_LETTERS.items()}
_PERIOD_KEY = r"\d{4}(?:-Q[1-4]|-\d{2}(?:-\d{2}\.\.\d{4}-\d{2}-\d{2})?)?"  # Period.key
_LIST_KEY = re.compile(
    rf"(?P<results>r?)(?P<whose>[ptc])(?P<id>\d*)(?:@(?P<period>{_PERIOD_KEY}))?(?:\.(?P<page>\d+))?"
)


@dataclass(frozen=True)
class ListKey:
    """Which list of sales a message shows, and its page, as the message's buttons carry it
    back: short, for block ids. ``p12`` is person 12's open orders, ``t3.2`` page 2 of team 3's;
    ``rp12@2026-11`` person 12's sales ordered in November 2026, ``rc@2026-Q4.3`` page 3 of
    everyone's in Q4 (the period as ``Period.key`` writes it)."""

    kind: str  # ORDERS | RESULTS
    whose: Whose
    period: Period | None = None  # RESULTS only
    page: int = 1

    @property
    def text(self) -> str:
        letter = _WHOSE_LETTERS[self.whose.kind]
        number = "" if self.whose.kind == COMPANY else str(self.whose.id)
        period = f"@{self.period.key}" if self.period is not None else ""
        page = f".{self.page}" if self.page > 1 else ""
        return f"{'r' if self.kind == RESULTS else ''}{letter}{number}{period}{page}"

    def at(self, page: int) -> ListKey:
        return replace(self, page=page)

    @classmethod
    def read(cls, text: str | None) -> ListKey | None:
        """The key ``text`` writes; None for anything else (it came back from Slack)."""
        match = _LIST_KEY.fullmatch(text or "")
        if match is None:
            return None
        kind = RESULTS if match["results"] else ORDERS
        whose_kind = _WHOSE_KINDS[match["whose"]]
        if (whose_kind == COMPANY) != (not match["id"]) or (kind == RESULTS) != bool(match["period"]):
            return None
        try:
            period = Period.from_key(match["period"]) if match["period"] else None
        except ValueError:
            return None
        whose = Whose(whose_kind, int(match["id"] or 0))
        return cls(kind, whose, period, max(int(match["page"] or 1), 1))


# -- one sale -------------------------------------------------------------------------


def days_text(fmt: Formatter, days: int) -> str:
    return fmt.plural("sale.days", days)


def sale_status(fmt: Formatter, sale, *, today: date) -> str:
    """Where the sale stands: open, overdue, delivered (late), followed up or lost."""
    state = sales.sale_state(sale)
    if state == sales.LOST:
        reason = fmt.t(f"sale.lost_reason.{sale.lost_reason}") if sale.lost_reason else ""
        text = fmt.t("sale.status.lost", date=fmt.date(sale.lost_on), reason=reason)
        if sale.lost_note:
            text += f" — _{mrkdwn_escape(clip(sale.lost_note, 300))}_"
        return text
    if state == sales.OPEN:
        overdue = sales.overdue_days(sale, today)
        if overdue:
            return fmt.t("sale.status.overdue", days=days_text(fmt, overdue))
        return fmt.t("sale.status.open")
    delay = sales.delay_days(sale)
    delivered = (
        fmt.t("sale.status.delivered_late", date=fmt.date(sale.delivered_on), days=days_text(fmt, delay))
        if delay
        else fmt.t("sale.status.delivered", date=fmt.date(sale.delivered_on))
    )
    if state == sales.FOLLOWED_UP:
        return fmt.t("sale.status.followed_up", delivered=delivered, date=fmt.date(sale.followed_up_on))
    return delivered


def sale_text(
    fmt: Formatter, sale, *, today: date, labels: SaleLabels | None = None, show_owner: bool = False
) -> str:
    """Two lines: what was sold (amount, product, customer, owner), then its dates and status."""
    labels = labels or SaleLabels()
    amount, *what = _what_was_sold(fmt, sale, labels)
    what.insert(0, f"*{amount}*")
    if show_owner and sale.person_id in labels.owners:
        what.append(mention(labels.owners[sale.person_id]))
    when = [fmt.t("sale.ordered", date=fmt.date(sale.ordered_on))]
    if sale.promised_on:
        when.append(fmt.t("sale.promised", date=fmt.date(sale.promised_on)))
    when.append(sale_status(fmt, sale, today=today))
    return clip(" · ".join(what) + "\n" + " · ".join(when), SECTION_TEXT)


def sale_fallback(fmt: Formatter, sale, labels: SaleLabels | None = None) -> str:
    """The sale in one line, for notifications, text fallbacks and confirmations (all mrkdwn,
    so the names in it are escaped)."""
    return " · ".join([*_what_was_sold(fmt, sale, labels or SaleLabels()), fmt.date(sale.ordered_on)])


def _what_was_sold(fmt: Formatter, sale, labels: SaleLabels) -> list[str]:
    """The amount, the quantity when it is not one, the product, the customer and the customer's
    segment (escaped)."""
    what = [fmt.money(sale.amount)]
    if sale.units != 1:
        what.append(fmt.t("sale.units", count=fmt.number(sale.units)))
    if sale.product_id in labels.products:
        what.append(mrkdwn_escape(labels.products[sale.product_id]))
    if sale.customer:
        what.append(mrkdwn_escape(sale.customer))
    segment = labels.segments.get(sale.segment_id) if sale.segment_id is not None else None
    if segment is not None:
        what.append(mrkdwn_escape(fmt.t("sale.in_segment", segment=segment_label(segment, fmt.lang))))
    return what


def sale_block_id(sale_id: int, list_key: str | None = None) -> str:
    return f"sale:{sale_id}" + (f":{list_key}" if list_key else "")


def read_sale_block_id(block_id: str) -> tuple[int | None, str | None]:
    """The sale id and list key in a block id made by ``sale_block_id``."""
    kind, _, rest = (block_id or "").partition(":")
    sale_id, _, list_key = rest.partition(":")
    if kind != "sale" or not sale_id.isdigit():
        return None, None
    return int(sale_id), list_key or None


def sale_buttons(
    fmt: Formatter,
    sale,
    *,
    list_key: str | None = None,
    labels: SaleLabels | None = None,
    reader: Actor | None = None,
) -> ActionsBlock | None:
    """The steps the sale's state allows, then edit and delete (with a confirmation naming the
    sale, its product too when ``labels`` has it) when ``reader`` may correct it (a closed sale
    is for the owner's managers and admins; without a reader, all are shown). None when no
    button is left."""
    value = str(sale.id)
    state = sales.sale_state(sale)
    buttons = []
    if state == sales.OPEN:
        buttons.append(_button(fmt, "sale.button.delivered", ids.SALE_DELIVERED, value, style="primary"))
    if state == sales.DELIVERED:
        buttons.append(_button(fmt, "sale.button.followed_up", ids.SALE_FOLLOWED_UP, value, style="primary"))
    if state == sales.OPEN:
        buttons.append(_button(fmt, "sale.button.lost", ids.SALE_LOST, value))
    # Asking the customer (the feedback page, handlers/feedback_links.py): any sale not lost.
    if state != sales.LOST:
        buttons.append(_button(fmt, "sale.button.feedback_link", ids.SALE_FEEDBACK_LINK, value))
    if reader is None or sales.may_correct_sale(reader, sale):
        buttons.append(_button(fmt, "sale.button.edit", ids.SALE_EDIT, value))
        delete = _button(fmt, "sale.button.delete", ids.SALE_DELETE, value, style="danger")
        delete.confirm = ConfirmObject(
            title=clip(fmt.t("sale.delete_confirm.title"), 100),
            text=clip(fmt.t("sale.delete_confirm.text", sale=sale_fallback(fmt, sale, labels)), 300),
            confirm=clip(fmt.t("sale.delete_confirm.yes"), 30),
            deny=clip(fmt.t("sale.delete_confirm.no"), 30),
            style="danger",
        )
        buttons.append(delete)
    if not buttons:
        return None
    return ActionsBlock(block_id=sale_block_id(sale.id, list_key), elements=buttons)


def _button(
    fmt: Formatter, key: str, action_id: str, value: str, *, style: str | None = None
) -> ButtonElement:
    return ButtonElement(text=clip(fmt.t(key), BUTTON_TEXT), action_id=action_id, value=value, style=style)


def open_order_blocks(
    fmt: Formatter,
    orders: Sequence,
    *,
    today: date,
    show_owner: bool = False,
    labels: SaleLabels | None = None,
    list_key: str | None = None,
    reader: Actor | None = None,
) -> list[dict]:
    """Two blocks per sale: its text (delayed ones flagged) and the buttons ``reader`` may use
    on it (none for a closed sale they may not correct).

    ``labels`` (``store.sale_labels(orders)``) adds product names and, with ``show_owner``,
    the owners; ``list_key`` marks the buttons so a change redraws the list they sit in.
    """
    blocks: list = []
    for sale in orders:
        text = sale_text(fmt, sale, today=today, labels=labels, show_owner=show_owner)
        blocks.append(SectionBlock(text=MarkdownTextObject(text=text)))
        actions = sale_buttons(fmt, sale, list_key=list_key, labels=labels, reader=reader)
        if actions is not None:
            blocks.append(actions)
    return as_dicts(blocks)


def build_sale_reply(
    fmt: Formatter,
    sale,
    *,
    today: date,
    labels: SaleLabels,
    notice: str,
    show_owner: bool = True,
    reader: Actor | None = None,
) -> Reply:
    """One sale after a change: what happened, the sale, and the buttons ``reader`` may use."""
    text = sale_text(fmt, sale, today=today, labels=labels, show_owner=show_owner)
    blocks = [
        SectionBlock(text=MarkdownTextObject(text=clip(notice, SECTION_TEXT))),
        SectionBlock(text=MarkdownTextObject(text=text)),
    ]
    actions = sale_buttons(fmt, sale, labels=labels, reader=reader)
    if actions is not None:
        blocks.append(actions)
    # What's working: the owner (or their manager) tells what won a sale that was not lost.
    if (
        reader is not None
        and sales.sale_state(sale) != sales.LOST
        and sales.may_change_sale(reader, sale.person_id)
    ):
        blocks.append(story_button(fmt, sale.id))
    return Reply(text=clip(f"{notice}\n{sale_fallback(fmt, sale, labels)}", 3000), blocks=as_dicts(blocks))


def build_orders_list(
    fmt: Formatter,
    orders: Sequence,
    *,
    total: int,
    title: str,
    today: date,
    labels: SaleLabels,
    show_owner: bool,
    list_key: ListKey,
    notice: str | None = None,
    reader: Actor | None = None,
) -> Reply:
    """One page of open orders (``LIST_SALES`` at most, the page ``list_key`` says), oldest
    promised first, with buttons to the pages before and after it.

    ``title`` is plain (a header; it may hold a name), ``notice`` mrkdwn."""
    blocks: list = [HeaderBlock(text=clip(title, HEADER_TEXT))]
    if notice:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=clip(notice, SECTION_TEXT))))
    if not orders:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=fmt.t("orders.empty"))))
        return Reply(text=f"{mrkdwn_escape(title)}\n{fmt.t('orders.empty')}", blocks=as_dicts(blocks))
    shown = list(orders)[:LIST_SALES]
    pages = max(-(-total // LIST_SALES), 1)
    blocks += open_order_blocks(
        fmt, shown, today=today, show_owner=show_owner, labels=labels, list_key=list_key.text, reader=reader
    )
    blocks += _page_blocks(fmt, list_key, pages, hint=fmt.t("orders.hint"), action=ids.ORDERS_PAGE)
    # The header is plain_text (a name in ``title`` shown as is), the fallback mrkdwn.
    fallback = "\n".join([mrkdwn_escape(title), *(sale_fallback(fmt, sale, labels) for sale in shown)])
    return Reply(text=clip(fallback, 3000), blocks=as_dicts(blocks))


def build_results_list(
    fmt: Formatter,
    found: Sequence,
    *,
    title: str,
    summary: str,
    today: date,
    labels: SaleLabels,
    show_owner: bool,
    list_key: ListKey,
    pages: int,
    reader: Actor,
    notice: str | None = None,
) -> Reply:
    """One page of a period's sales (``LIST_SALES`` at most, the page ``list_key`` says), the
    newest order first: ``summary`` (the period's count and amounts, mrkdwn), each sale with
    the buttons ``reader`` may use, and buttons to the pages before and after.

    ``title`` is plain (a header naming whose and the period), ``notice`` mrkdwn."""
    blocks: list = [HeaderBlock(text=clip(title, HEADER_TEXT))]
    if notice:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=clip(notice, SECTION_TEXT))))
    blocks.append(SectionBlock(text=MarkdownTextObject(text=clip(summary, SECTION_TEXT))))
    shown = list(found)[:LIST_SALES]
    if not shown:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=fmt.t("results.empty"))))
        fallback = "\n".join([mrkdwn_escape(title), summary, fmt.t("results.empty")])
        return Reply(text=clip(fallback, 3000), blocks=as_dicts(blocks))
    blocks += open_order_blocks(
        fmt, shown, today=today, show_owner=show_owner, labels=labels, list_key=list_key.text, reader=reader
    )
    blocks += _page_blocks(fmt, list_key, pages, hint=fmt.t("results.hint"), action=ids.RESULTS_PAGE)
    lines = [mrkdwn_escape(title), summary, *(sale_fallback(fmt, sale, labels) for sale in shown)]
    return Reply(text=clip("\n".join(lines), 3000), blocks=as_dicts(blocks))


def _page_blocks(fmt: Formatter, list_key: ListKey, pages: int, *, hint: str, action: str) -> list:
    """A list's foot: "Page 2 of 5" and ``hint``, then ◀ Previous / Next ▶ (``ACTION:previous``,
    ``ACTION:next``) carrying the list key of the page each shows."""
    page = list_key.page
    notes = [hint]
    if pages > 1:
        notes.insert(0, fmt.t("orders.page", page=fmt.number(page), pages=fmt.number(pages)))
    blocks: list = [ContextBlock(elements=[MarkdownTextObject(text=clip(" · ".join(notes), CONTEXT_TEXT))])]
    if pages > 1:
        buttons = []
        if page > 1:
            buttons.append(_button(fmt, "orders.previous", f"{action}:previous", list_key.at(page - 1).text))
        if page < pages:
            buttons.append(_button(fmt, "orders.next", f"{action}:next", list_key.at(page + 1).text))
        blocks.append(ActionsBlock(block_id=f"{action}s", elements=buttons))
    return blocks


# -- modals ---------------------------------------------------------------------------


def _option(label: str, value: str) -> Option:
    return Option(text=clip(label, OPTION_TEXT), value=value)


def build_sale_modal(
    fmt: Formatter,
    *,
    products: Sequence,
    today: date,
    choose_person: bool,
    person_slack_id: str,
    private_metadata: str,
    sale=None,
    filled: SaleFields | None = None,
    reopen: bool = False,
    segments: Sequence = (),
) -> dict:
    """The result modal; with ``sale``, the same fields prefilled to edit it.

    ``products`` are the active products (plus the sale's own, even if retired), ``segments``
    the active customer segments likewise (an optional select; none: no field). Managers and
    admins (``choose_person``) pick whom the sale is for. ``filled`` are values to show instead
    of the sale's (or a new sale's defaults): the form put back after its amount was asked
    about, ``reopen`` when its "lost" box had been unticked.
    """
    editing = sale is not None
    shown = filled if filled is not None else sale
    blocks: list = []
    if choose_person:
        blocks.append(
            InputBlock(
                block_id=sales.F_PERSON,
                label=fmt.t("sale.field.person"),
                element=UserSelectElement(action_id=sales.F_PERSON, initial_user=person_slack_id),
            )
        )
    blocks.append(_product_input(fmt, products, shown))
    blocks += [
        InputBlock(
            block_id=sales.F_AMOUNT,
            label=fmt.t("sale.field.amount"),
            hint=fmt.t("sale.hint.amount"),
            element=PlainTextInputElement(
                action_id=sales.F_AMOUNT,
                initial_value=amount_input(fmt, shown.amount) if shown else None,
                max_length=40,
            ),
        ),
        InputBlock(
            block_id=sales.F_UNITS,
            label=fmt.t("sale.field.units"),
            element=NumberInputElement(
                action_id=sales.F_UNITS,
                is_decimal_allowed=False,
                initial_value=str(shown.units if shown else 1),
                min_value="1",
                max_value=str(sales.UNITS_MAX),
            ),
        ),
        InputBlock(
            block_id=sales.F_CUSTOMER,
            label=fmt.t("sale.field.customer"),
            optional=True,
            element=PlainTextInputElement(
                action_id=sales.F_CUSTOMER,
                initial_value=(shown.customer or None) if shown else None,
                max_length=sales.CUSTOMER_MAX,
            ),
        ),
    ]
    if segments:
        blocks.append(_segment_input(fmt, segments, shown.segment_id if shown else None))
    blocks += [
        _date_input(fmt, sales.F_ORDERED, shown.ordered_on if shown else today),
        _date_input(fmt, sales.F_PROMISED, shown.promised_on if shown else None, optional=True),
    ]
    if editing and sale.delivered_on is not None:
        blocks.append(_date_input(fmt, sales.F_DELIVERED, shown.delivered_on, optional=True))
        blocks.append(_date_input(fmt, sales.F_FOLLOWED_UP, shown.followed_up_on, optional=True))
    if editing and sale.lost_on is not None:
        reason = fmt.t(f"sale.lost_reason.{sale.lost_reason}") if sale.lost_reason else ""
        lost = _option(fmt.t("sale.field.still_lost", reason=reason), "lost")
        blocks.append(
            InputBlock(
                block_id="lost",
                label=fmt.t("sale.field.lost"),
                optional=True,
                hint=fmt.t("sale.hint.reopen"),
                element=CheckboxesElement(
                    action_id="lost", options=[lost], initial_options=None if reopen else [lost]
                ),
            )
        )
    return build_form(
        fmt,
        callback_id=ids.SALE_EDIT_MODAL if editing else ids.RESULT_MODAL,
        title=fmt.t("sale.edit_title" if editing else "sale.modal_title"),
        private_metadata=private_metadata,
        blocks=blocks,
    )


def _product_input(fmt: Formatter, products: Sequence, sale) -> InputBlock:
    """A select of the catalog; typed (and matched on saving) when it is empty or too long for one."""
    current = next((p for p in products if sale is not None and p.id == sale.product_id), None)
    label = fmt.t("sale.field.product")
    if 0 < len(products) <= SELECT_OPTIONS:
        retired = fmt.t("sale.retired_mark")
        options = [_option(p.name + ("" if p.active else retired), str(p.id)) for p in products]
        initial = next((o for o in options if current is not None and o.value == str(current.id)), None)
        element = StaticSelectElement(action_id=sales.F_PRODUCT, options=options, initial_option=initial)
        return InputBlock(block_id=sales.F_PRODUCT, label=label, optional=True, element=element)
    return InputBlock(
        block_id=sales.F_PRODUCT,
        label=label,
        optional=True,
        hint=fmt.t("sale.hint.product_typed") if products else fmt.t("sale.hint.no_products"),
        element=PlainTextInputElement(
            action_id=sales.F_PRODUCT, initial_value=current.name if current else None, max_length=120
        ),
    )


def _segment_input(fmt: Formatter, segments: Sequence, chosen: int | None) -> InputBlock:
    """The customer's segment: an optional select of the list (a workspace's list is short)."""
    retired = fmt.t("sale.retired_mark")
    options = [
        _option(segment_label(s, fmt.lang) + ("" if s.active else retired), str(s.id))
        for s in list(segments)[:SELECT_OPTIONS]
    ]
    initial = next((o for o in options if chosen is not None and o.value == str(chosen)), None)
    return InputBlock(
        block_id=sales.F_SEGMENT,
        label=fmt.t("sale.field.segment"),
        optional=True,
        hint=fmt.t("sale.hint.segment"),
        element=StaticSelectElement(action_id=sales.F_SEGMENT, options=options, initial_option=initial),
    )


def _date_input(fmt: Formatter, field: str, initial: date | None, *, optional: bool = False) -> InputBlock:
    return InputBlock(
        block_id=field,
        label=fmt.t(f"sale.field.{field}"),
        optional=optional,
        element=DatePickerElement(action_id=field, initial_date=initial.isoformat() if initial else None),
    )


def build_step_modal(
    fmt: Formatter, sale, *, step: str, today: date, labels: SaleLabels, private_metadata: str
) -> dict:
    """Mark delivered or followed up: the sale, and the date (today unless changed)."""
    return build_form(
        fmt,
        callback_id=ids.SALE_DATE_MODAL,
        title=fmt.t(f"sale.{step}_title"),
        private_metadata=private_metadata,
        blocks=[
            SectionBlock(text=MarkdownTextObject(text=sale_text(fmt, sale, today=today, labels=labels))),
            InputBlock(
                block_id=sales.F_DATE,
                label=fmt.t(f"sale.field.{step}_date"),
                element=DatePickerElement(action_id=sales.F_DATE, initial_date=today.isoformat()),
            ),
        ],
    )


def build_lost_modal(fmt: Formatter, sale, *, today: date, labels: SaleLabels, private_metadata: str) -> dict:
    """Mark lost: why (one of the reasons diagnosis asks about) and a note."""
    return build_form(
        fmt,
        callback_id=ids.SALE_LOST_MODAL,
        title=fmt.t("sale.lost_title"),
        private_metadata=private_metadata,
        blocks=[
            SectionBlock(text=MarkdownTextObject(text=sale_text(fmt, sale, today=today, labels=labels))),
            InputBlock(
                block_id=sales.F_REASON,
                label=fmt.t("sale.field.reason"),
                element=RadioButtonsElement(
                    action_id=sales.F_REASON,
                    options=[_option(fmt.t(f"sale.lost_reason.{r}"), r) for r in LOST_REASONS],
                ),
            ),
            InputBlock(
                block_id=sales.F_NOTE,
                label=fmt.t("sale.field.note"),
                optional=True,
                hint=fmt.t("sale.hint.note"),
                element=PlainTextInputElement(
                    action_id=sales.F_NOTE, multiline=True, max_length=sales.NOTE_MAX
                ),
            ),
        ],
    )


# -- an unusual amount ----------------------------------------------------------------


def amount_doubt_text(fmt: Formatter, doubt: AmountDoubt, *, owner: str | None = None) -> str:
    """What is unusual about the amount, a sentence for each comparison, then the suggestion
    (mrkdwn). ``owner`` is the Slack user id of the sale's owner when it is someone else's."""
    amount = fmt.money(doubt.amount)
    whose = {"user": mention(owner)} if owner else {}
    key = "other" if owner else "own"
    lines = []
    if doubt.list_total is not None:
        above = doubt.amount > doubt.list_total
        lines.append(
            fmt.t(
                "sale.check.list_above" if above else "sale.check.list_below",
                amount=amount,
                times=_times(fmt, doubt.amount / doubt.list_total),
                units=fmt.number(doubt.units),
                product=mrkdwn_escape(doubt.product.name) if doubt.product else "",
                total=fmt.money(doubt.list_total),
            )
        )
    if doubt.goal is not None:
        lines.append(
            fmt.t(
                f"sale.check.goal_{key}",
                amount=amount,
                times=_times(fmt, doubt.amount / doubt.goal.target),
                period=goal_period(doubt.goal).label(fmt.lang),
                goal=fmt.money(doubt.goal.target),
                **whose,
            )
        )
    if doubt.usual is not None:
        lines.append(
            fmt.t(
                "sale.check.usual_everyone" if doubt.usual_of_everyone else f"sale.check.usual_{key}",
                amount=amount,
                times=_times(fmt, doubt.amount / doubt.usual),
                usual=fmt.money(doubt.usual),
                **whose,
            )
        )
    if doubt.suggestion is not None:
        lines.append(fmt.t("sale.check.suggestion", amount=fmt.money(doubt.suggestion)))
    return "\n".join(lines)


def _times(fmt: Formatter, ratio) -> str:
    """6, 1.5, 12: tenths only below ten, and only when there are any."""
    ratio = round(ratio, 0 if ratio >= 10 else 1)
    return fmt.number(ratio, decimals=0 if ratio == ratio.to_integral_value() else 1)


def build_amount_question(
    fmt: Formatter, doubt: AmountDoubt, *, owner: str | None, typed: str, suggested: str | None
) -> Reply:
    """Asked instead of saving a typed sale: what is unusual, and *Save anyway*, *Save* the
    suggestion, *Edit*. ``typed`` and ``suggested`` are the sale the buttons save, packed."""
    text = amount_doubt_text(fmt, doubt, owner=owner)
    buttons = [_button(fmt, "sale.check.save_anyway", ids.SALE_CHECK_SAVE, typed)]
    if suggested is not None:
        save = fmt.t("sale.check.save_suggested", amount=fmt.money(doubt.suggestion))
        buttons.append(
            ButtonElement(
                text=clip(save, BUTTON_TEXT),
                action_id=ids.SALE_CHECK_SUGGESTED,
                value=suggested,
                style="primary",
            )
        )
    buttons.append(_button(fmt, "sale.check.edit", ids.SALE_CHECK_EDIT, typed))
    blocks = [
        SectionBlock(text=MarkdownTextObject(text=clip(text, SECTION_TEXT))),
        ContextBlock(elements=[MarkdownTextObject(text=fmt.t("sale.check.nothing_saved"))]),
        ActionsBlock(block_id="sale_check", elements=buttons),
    ]
    return Reply(text=clip(text, 3000), blocks=as_dicts(blocks))


def build_amount_check_view(
    fmt: Formatter, doubt: AmountDoubt, *, owner: str | None, private_metadata: str
) -> dict:
    """Shown in place of a sale form whose amount is unusual: the same words, *Save anyway* to
    submit, *Edit* to put the form back, and the suggestion put into it when there is one."""
    buttons = []
    if doubt.suggestion is not None:
        use = fmt.t("sale.check.use_suggested", amount=fmt.money(doubt.suggestion))
        buttons.append(
            ButtonElement(text=clip(use, BUTTON_TEXT), action_id=ids.SALE_CHECK_SUGGESTED, style="primary")
        )
    buttons.append(
        ButtonElement(text=clip(fmt.t("sale.check.edit"), BUTTON_TEXT), action_id=ids.SALE_CHECK_EDIT)
    )
    return build_form(
        fmt,
        callback_id=ids.SALE_CHECK_MODAL,
        title=fmt.t("sale.check.title"),
        submit=fmt.t("sale.check.save_anyway"),
        private_metadata=private_metadata,
        blocks=[
            SectionBlock(
                text=MarkdownTextObject(text=clip(amount_doubt_text(fmt, doubt, owner=owner), SECTION_TEXT))
            ),
            ContextBlock(elements=[MarkdownTextObject(text=fmt.t("sale.check.nothing_saved"))]),
            ActionsBlock(block_id="sale_check", elements=buttons),
        ],
    )


# -- time off -------------------------------------------------------------------------
