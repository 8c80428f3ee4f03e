"""The ``/sales`` help menu."""

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
from handlers.blocks.common import BUTTON_TEXT, SECTION_TEXT, as_dicts, clip
from handlers.respond import Reply
from salesbot.access import Actor
from salesbot.i18n import t


def build_help(actor: Actor, usages: list[tuple[str, str]], *, note: str | None = None) -> Reply:
    """``usages`` are (subcommand, usage text) pairs the caller may use, in menu order."""
    lang = actor.lang
    blocks = [HeaderBlock(text=t(lang, "help.title"))]
    if note:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=clip(note, SECTION_TEXT))))
    blocks.append(SectionBlock(text=MarkdownTextObject(text=t(lang, "help.intro"))))
    work, more = _buttons(actor)
    blocks.append(ActionsBlock(block_id="help_buttons", elements=work))
    blocks.append(ActionsBlock(block_id="help_more", elements=more))
    blocks.append(DividerBlock())
    lines = [usage for _, usage in usages]
    # Several sections when the usage list outgrows one section's 3,000 characters.
    chunk: list[str] = []
    for line in lines:
        if sum(len(x) + 1 for x in chunk) + len(line) > SECTION_TEXT:
            blocks.append(SectionBlock(text=MarkdownTextObject(text="\n".join(chunk))))
            chunk = []
        chunk.append(line)
    if chunk:
        blocks.append(SectionBlock(text=MarkdownTextObject(text="\n".join(chunk))))
    blocks.append(
        ContextBlock(
            elements=[
                MarkdownTextObject(text=t(lang, "help.footer", role=t(lang, f"role.{actor.role.value}")))
            ]
        )
    )
    # The notification's text: the title and the note; the usages are in the blocks (an admin's
    # list is longer than a notification shows).
    text = "\n".join([t(lang, "help.title"), *([note] if note else [])])
    return Reply(text=clip(text, 3000), blocks=as_dicts(blocks))


def _buttons(actor: Actor) -> tuple[list[ButtonElement], list[ButtonElement]]:
    """Two rows, as on the App Home tab: the daily work, then preferences and administration."""
    lang = actor.lang

    def button(key: str, action_id: str, style: str | None = None) -> ButtonElement:
        return ButtonElement(text=clip(t(lang, key), BUTTON_TEXT), action_id=action_id, style=style)

    work = [
        button("home.button.record_sale", ids.OPEN_RESULT_MODAL, style="primary"),
        button("home.button.open_orders", ids.SHOW_OPEN_ORDERS),
        button("home.button.progress", ids.SHOW_PROGRESS),
        button("home.button.leaderboard", ids.SHOW_LEADERBOARD),
    ]
    more = [
        button("help.button.preferences", ids.OPEN_PREFERENCES),
        button("help.button.teams", ids.SHOW_TEAMS),
        button("help.button.products", ids.SHOW_PRODUCTS),
    ]
    if actor.is_admin:
        more.append(button("help.button.settings", ids.OPEN_SETTINGS))
    return work, more
