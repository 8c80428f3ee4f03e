"""Time off: the form, the list with its remove buttons, and how a range of days reads."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from slack_sdk.models.blocks import (
    ButtonElement,
    ConfirmObject,
    ContextBlock,
    DatePickerElement,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    SectionBlock,
    UserSelectElement,
)

from handlers import ids
from handlers.blocks.common import (
    BUTTON_TEXT,
    CONTEXT_TEXT,
    HEADER_TEXT,
    MESSAGE_BLOCKS,
    SECTION_TEXT,
    as_dicts,
    build_form,
    clip,
    mention,
    mrkdwn_escape,
)
from handlers.blocks.sales import days_text
from handlers.respond import Reply
from salesbot.away import PHASES, RECENT_DAYS, phase
from salesbot.i18n import Formatter

# Room for entries after the header, the notice, a heading for each phase and the closing context.
AWAYLIST_ROOM = MESSAGE_BLOCKS - 3 - len(PHASES)


def build_away_modal(
    fmt: Formatter, *, today: date, choose_person: bool, person_slack_id: str, private_metadata: str
) -> dict:
    blocks: list = []
    if choose_person:
        blocks.append(
            InputBlock(
                block_id="person",
                label=fmt.t("away.field.person"),
                element=UserSelectElement(action_id="person", initial_user=person_slack_id),
            )
        )
    for field in ("start", "end"):
        blocks.append(
            InputBlock(
                block_id=field,
                label=fmt.t(f"away.field.{field}"),
                element=DatePickerElement(action_id=field, initial_date=today.isoformat()),
            )
        )
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=fmt.t("away.modal_hint"))]))
    return build_form(
        fmt,
        callback_id=ids.AWAY_MODAL,
        title=fmt.t("away.modal_title"),
        private_metadata=private_metadata,
        blocks=blocks,
    )


def away_range(fmt: Formatter, start: date, end: date) -> str:
    days = (end - start).days + 1
    if start == end:
        return fmt.t("away.one_day", date=fmt.date(start))
    return fmt.t("away.range", start=fmt.date(start), end=fmt.date(end), days=days_text(fmt, days))


def away_button_value(entry_id: int, scope: int | None) -> str:
    """A Remove button's value: the entry, and whose list it sits in (so the list can be redrawn)."""
    return f"{entry_id}:{scope}" if scope else str(entry_id)


def read_away_button_value(value: str) -> tuple[int | None, int | None]:
    entry, _, scope = (value or "").partition(":")
    if not entry.isdigit():
        return None, None
    return int(entry), int(scope) if scope.isdigit() else None


def build_away_list(
    fmt: Formatter,
    entries: Sequence,
    *,
    today: date,
    total: int,
    removable: set[int],
    scope: int | None = None,
    notice: str | None = None,
) -> Reply:
    """Time off under way, coming up and recently ended, under a heading each, one section per
    entry, with a Remove button where the reader may remove it.

    ``entries`` are (TimeOff, Person) pairs in the order listed; ``scope`` is the person the
    list is for, if one.
    """
    title = fmt.t("away.list_title", count=fmt.number(total))
    blocks: list = [HeaderBlock(text=clip(title, HEADER_TEXT))]
    if notice:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=clip(notice, SECTION_TEXT))))
    shown = list(entries)[:AWAYLIST_ROOM]
    empty = fmt.t("away.list_empty", days=fmt.number(RECENT_DAYS))
    if not shown:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=empty)))
    lines = []
    heading = None
    for entry, person in shown:
        if (now := phase(entry, today)) != heading:
            heading = now
            label = fmt.t(f"away.list_{now}", days=fmt.number(RECENT_DAYS))
            lines.append(f"{label}:")
            blocks.append(SectionBlock(text=MarkdownTextObject(text=f"*{label}*")))
        days = away_range(fmt, entry.start, entry.end)
        name = mrkdwn_escape(person.name)
        lines.append(f"{name} · {days}")
        accessory = None
        if entry.id in removable:
            accessory = ButtonElement(
                text=clip(fmt.t("away.remove"), BUTTON_TEXT),
                action_id=ids.AWAY_REMOVE,
                value=away_button_value(entry.id, scope),
                confirm=ConfirmObject(
                    title=clip(fmt.t("away.remove_confirm.title"), 100),
                    text=clip(fmt.t("away.remove_confirm.text", user=name, range=days), 300),
                    confirm=clip(fmt.t("away.remove"), 30),
                    deny=clip(fmt.t("away.remove_confirm.no"), 30),
                ),
            )
        blocks.append(
            SectionBlock(
                block_id=f"away:{entry.id}",
                text=MarkdownTextObject(text=f"{mention(person.slack_user_id)} · {days}"),
                accessory=accessory,
            )
        )
    notes = [fmt.t("away.list_hint", days=fmt.number(RECENT_DAYS))]
    if total > len(shown):
        notes.insert(0, fmt.t("list.more", count=total - len(shown)))
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=clip(" · ".join(notes), CONTEXT_TEXT))]))
    fallback = "\n".join([title, *lines]) if lines else f"{title}\n{empty}"
    return Reply(text=clip(fallback, 3000), blocks=as_dicts(blocks))
