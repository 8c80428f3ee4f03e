"""The team list: summarised to stay inside one message's limits."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import ContextBlock, HeaderBlock, MarkdownTextObject, SectionBlock

from handlers.blocks.common import (
    LIST_ROOM,
    SECTION_TEXT,
    as_dicts,
    clip,
    join_within,
    mention,
    mrkdwn_escape,
)
from handlers.respond import Reply
from salesbot.i18n import Formatter


def build_team_list(fmt: Formatter, teams: Sequence) -> Reply:
    """``teams`` are store TeamViews (team, managers, members)."""
    title = fmt.t("team.list_title", count=len(teams))
    if not teams:
        text = fmt.t("team.list_empty")
        return Reply(text=text, blocks=as_dicts([SectionBlock(text=text)]))
    blocks = [HeaderBlock(text=clip(title, 150))]
    more = fmt.t("list.more", count="{count}")
    for view in teams[:LIST_ROOM]:
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
    if len(teams) > LIST_ROOM:
        blocks.append(
            ContextBlock(
                elements=[MarkdownTextObject(text=fmt.t("list.more_teams", count=len(teams) - LIST_ROOM))]
            )
        )
    fallback = title + "\n" + "\n".join(f"{mrkdwn_escape(v.team.name)} ({len(v.members)})" for v in teams)
    return Reply(text=clip(fallback, 3000), blocks=as_dicts(blocks))
