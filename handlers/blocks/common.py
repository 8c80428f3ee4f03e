"""Limits Slack enforces, the clipping that keeps every surface inside them, and mrkdwn escaping."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from decimal import Decimal

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    MarkdownTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from handlers.respond import Reply
from salesbot.i18n import Formatter

MESSAGE_BLOCKS = 50
MODAL_BLOCKS = 100
SECTION_TEXT = 3000
BUTTON_TEXT = 75
OPTION_TEXT = 75
HEADER_TEXT = 150
MODAL_TITLE = 24
CONTEXT_TEXT = 2000
# Entries a list message can hold: room is kept for a header, a closing line and a "more" note.
LIST_ROOM = MESSAGE_BLOCKS - 3

# The start of an entity mrkdwn_escape wrote, left at the end of a cut; and what a cut line
# ends with that is not worth keeping (spaces, commas, a semicolon that does not end an entity).
_CUT_ENTITY = re.compile(r"&(?:a|am|amp|l|lt|g|gt)?$")
_CUT_TAIL = re.compile(r"(?:[ ,]|(?<!&amp)(?<!&lt)(?<!&gt);)+$")


def amount_input(fmt: Formatter, amount: Decimal | None) -> str | None:
    """An amount as the reader types it back (no currency, their own decimal mark), for a field
    a form fills in: "150,000", or "12 500,50" in Norwegian."""
    if amount is None:
        return None
    return fmt.number(amount, 0 if amount == amount.to_integral_value() else 2)


def clip(text: str, limit: int) -> str:
    """``text`` within ``limit`` characters, cut at a word boundary with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    # Never half an escape: "&am…" would show as typed.
    return _CUT_TAIL.sub("", _CUT_ENTITY.sub("", cut)) + "…"


def join_within(items: Sequence[str], limit: int, more: str, separator: str = ", ") -> str:
    """As many items as fit in ``limit``; the rest counted by ``more`` (a format with {count})."""
    text = separator.join(items)
    if len(text) <= limit:
        return text
    shown: list[str] = []
    length = 0
    for index, item in enumerate(items):
        tail = more.format(count=len(items) - index)
        if length + len(separator) + len(item) + len(separator) + len(tail) > limit:
            return separator.join([*shown, tail])
        shown.append(item)
        length += len(item) + (len(separator) if len(shown) > 1 else 0)
    return text


def as_dicts(blocks: Sequence[Block | dict]) -> list[dict]:
    return [block if isinstance(block, dict) else block.to_dict() for block in blocks]


def mention(user_id: str) -> str:
    return f"<@{user_id}>"


def mrkdwn_escape(text: str) -> str:
    """``text`` as typed, safe in mrkdwn: Slack reads ``&``, ``<`` and ``>`` as markup.

    Names and free text are stored plain and escaped here, where they are put into mrkdwn
    (section and context text, fields, a confirm's text, a message's ``text`` fallback), so a
    typed ``<!here>`` or ``<@U123>`` is shown, never sent, and ``R&D`` reads ``R&D``. Never used
    on plain_text (buttons, options, headers, modal titles and inputs): Slack shows those as is.
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def metadata(**values: object) -> str:
    """A modal's private_metadata: what the submission needs to know (ids, where to answer)."""
    return json.dumps({key: value for key, value in values.items() if value is not None})


def read_metadata(view: dict) -> dict:
    try:
        return json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return {}


def build_notice(text: str, *, detail: str | None = None) -> Reply:
    """A short confirmation, with an optional quieter line under it.

    Both are mrkdwn: the caller escapes any name or typed text in them (``mrkdwn_escape``)."""
    blocks = [SectionBlock(text=MarkdownTextObject(text=clip(text, SECTION_TEXT)))]
    if detail:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=clip(detail, 2000))]))
    return Reply(text=text + (f"\n{detail}" if detail else ""), blocks=as_dicts(blocks))


def build_form(
    fmt: Formatter,
    *,
    callback_id: str,
    title: str,
    blocks: Sequence[Block | dict],
    submit: str | None = None,
    private_metadata: str | None = None,
) -> dict:
    """A modal form: ``title`` and ``submit`` clipped to what Slack allows, *Cancel* to close."""
    return View(
        type="modal",
        callback_id=callback_id,
        title=clip(title, MODAL_TITLE),
        submit=clip(submit or fmt.t("modal.save"), MODAL_TITLE),
        close=fmt.t("modal.cancel"),
        private_metadata=private_metadata,
        blocks=list(blocks),
    ).to_dict()
