"""Team and product lists: summarised to stay inside one message's limits."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import ContextBlock, HeaderBlock, MarkdownTextObject, SectionBlock

from handlers.blocks.common import (
    MESSAGE_BLOCKS,
    SECTION_TEXT,
    as_dicts,
    clip,
    join_within,
    mention,
    mrkdwn_escape,
)
from handlers.respond import Reply
from salesbot.i18n import Formatter

# Header, a closing context line and room for the "more" note.
_LIST_ROOM = MESSAGE_BLOCKS - 3


def build_team_list(fmt: Formatter, teams: Sequence) -> Reply:
    """``teams`` are store TeamViews (team, managers, members)."""
    title = fmt.t("team.list_title", count=len(teams))
    if not teams:
        text = fmt.t("team.list_empty")
        return Reply(text=text, blocks=as_dicts([SectionBlock(text=text)]))
    blocks = [HeaderBlock(text=clip(title, 150))]
    more = fmt.t("list.more", count="{count}")
    for view in teams[:_LIST_ROOM]:
        managers = join_within([mention(p.slack_user_id) for p in view.managers], 600, more) or fmt.t(
            "team.no_manager"
        )
        members = (
            join_within([mention(p.slack_user_id) for p in view.members], SECTION_TEXT - 900, more) or "–"
        )
        text = fmt.t(
            "team.list_entry",
            name=mrkdwn_escape(view.team.name),
            count=len(view.members),
            managers=managers,
            members=members,
        )
        if view.team.channel_id:
            text += "\n" + fmt.t("team.list_channel", channel=f"<#{view.team.channel_id}>")
        blocks.append(SectionBlock(text=MarkdownTextObject(text=clip(text, SECTION_TEXT))))
    if len(teams) > _LIST_ROOM:
        blocks.append(
            ContextBlock(
                elements=[MarkdownTextObject(text=fmt.t("list.more_teams", count=len(teams) - _LIST_ROOM))]
            )
        )
    fallback = title + "\n" + "\n".join(f"{mrkdwn_escape(v.team.name)} ({len(v.members)})" for v in teams)
    return Reply(text=clip(fallback, 3000), blocks=as_dicts(blocks))


def build_product_list(fmt: Formatter, products: Sequence, *, can_edit: bool) -> Reply:
    active = [p for p in products if p.active]
    title = fmt.t("product.list_title", count=len(active))
    if not active:
        text = fmt.t("product.list_empty")
        if can_edit:
            text += "\n" + fmt.t("product.add_usage")
        return Reply(text=text, blocks=as_dicts([SectionBlock(text=MarkdownTextObject(text=text))]))
    lines = [
        f"• *{mrkdwn_escape(p.name)}*" + (f" — {fmt.money(p.list_price)}" if p.list_price is not None else "")
        for p in active
    ]
    blocks = [HeaderBlock(text=clip(title, 150))]
    # Products go several to a section; a long catalog is cut with a count, never mid-line.
    chunk: list[str] = []
    sections = 0
    shown = 0
    for line in lines:
        if sum(len(x) + 1 for x in chunk) + len(line) > SECTION_TEXT:
            blocks.append(SectionBlock(text=MarkdownTextObject(text="\n".join(chunk))))
            sections += 1
            chunk = []
            if sections >= _LIST_ROOM - 1:
                break
        chunk.append(line)
        shown += 1
    if chunk and sections < _LIST_ROOM - 1:
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


def build_notice(text: str, *, detail: str | None = None) -> Reply:
    """A short confirmation, with an optional quieter line under it.

    Both are mrkdwn: the caller escapes any name or typed text in them (``mrkdwn_escape``)."""
    blocks = [SectionBlock(text=MarkdownTextObject(text=clip(text, SECTION_TEXT)))]
    if detail:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=clip(detail, 2000))]))
    return Reply(text=text + (f"\n{detail}" if detail else ""), blocks=as_dicts(blocks))
