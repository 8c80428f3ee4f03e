"""The App Home tab: each person's dashboard."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from handlers import ids
from handlers.blocks.common import SECTION_TEXT, as_dicts, clip, join_within
from salesbot.access import Actor
from salesbot.i18n import Formatter


def build_home(fmt: Formatter, actor: Actor, *, member_of: list[str], manages: list[str]) -> dict:
    blocks = [
        HeaderBlock(text=clip(fmt.t("home.title", name=actor.name), 150)),
        SectionBlock(
            text=MarkdownTextObject(text=fmt.t("home.intro", role=fmt.t(f"role.{actor.role.value}")))
        ),
    ]
    more = fmt.t("list.more", count="{count}")
    if member_of:
        blocks.append(
            SectionBlock(
                text=MarkdownTextObject(
                    text=fmt.t("home.member_of", teams=join_within(member_of, SECTION_TEXT - 100, more))
                )
            )
        )
    if manages:
        blocks.append(
            SectionBlock(
                text=MarkdownTextObject(
                    text=fmt.t("home.manages", teams=join_within(manages, SECTION_TEXT - 100, more))
                )
            )
        )
    if not member_of and not manages:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=fmt.t("home.no_team"))))
    buttons = [ButtonElement(text=fmt.t("help.button.help"), action_id=ids.SHOW_HELP, style="primary")]
    if actor.is_admin:
        buttons.append(ButtonElement(text=fmt.t("help.button.settings"), action_id=ids.OPEN_SETTINGS))
    buttons += [
        ButtonElement(text=fmt.t("help.button.preferences"), action_id=ids.OPEN_PREFERENCES),
        ButtonElement(text=fmt.t("help.button.teams"), action_id=ids.SHOW_TEAMS),
        ButtonElement(text=fmt.t("help.button.products"), action_id=ids.SHOW_PRODUCTS),
    ]
    blocks += [
        DividerBlock(),
        ActionsBlock(block_id="home_buttons", elements=buttons),
        ContextBlock(elements=[MarkdownTextObject(text=fmt.t("home.footer"))]),
    ]
    return {"type": "home", "blocks": as_dicts(blocks)}
