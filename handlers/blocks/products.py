"""The product list: summarised to stay inside one message's limits."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import ContextBlock, HeaderBlock, MarkdownTextObject, SectionBlock

from handlers.blocks.common import (
    LIST_ROOM,
    SECTION_TEXT,
    as_dicts,
    clip,
    mrkdwn_escape,
)
from handlers.respond import Reply
from salesbot.i18n import Formatter


def build_product_list(fmt: Formatter, products: Sequence, *, can_edit: bool) -> Reply:
    active = [p for p in products if p.active]
    title = fmt.t("product.list_title", count=len(active))
    if not active:
        text = fmt.t("product.list_empty")
        if can_edit:
            text += "\n" + fmt.t("product.add_usage")
        return Reply(text=text, blocks=as_dicts([SectionBlock(text=MarkdownTextObject(text=text))]))
    lines = [
        clip(
            f"• *{mrkdwn_escape(p.name)}*"
            + (f" — {fmt.money(p.list_price)}" if p.list_price is not None else ""),
            SECTION_TEXT,
        )
        for p in active
    ]
    blocks = [HeaderBlock(text=clip(title, 150))]
    # Products go several to a section; a long catalog is cut with a count, never mid-line.
    chunk: list[str] = []
    sections = 0
    shown = 0
    for line in lines:
        if chunk and sum(len(x) + 1 for x in chunk) + len(line) > SECTION_TEXT:
            blocks.append(SectionBlock(text=MarkdownTextObject(text="\n".join(chunk))))
            sections += 1
            chunk = []
            if sections >= LIST_ROOM - 1:
                break
        chunk.append(line)
        shown += 1
    if chunk and sections < LIST_ROOM - 1:
        blocks.append(SectionBlock(text=MarkdownTextObject(text="\n".join(chunk))))
    else:
        shown -= len(chunk)
    if shown < len(lines):
        blocks.append(
            ContextBlock(elements=[MarkdownTextObject(text=fmt.t("list.more", count=len(lines) - shown))])
        )
    if can_edit:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=fmt.t("product.list_hint"))]))
    return Reply(text=clip(title + "\n" + "\n".join(lines), 3000), blocks=as_dicts(blocks))


def _product_line(fmt: Formatter, product) -> str:
    price = f" — {fmt.money(product.list_price)}" if product.list_price is not None else ""
    return f"• *{mrkdwn_escape(product.name)}*{price}"
