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
from handlers.blocks.common import SECTION_TEXT, as_dicts, clip
from handlers.runtime import Reply
from salesbot.access import Actor
from salesbot.i18n import t


def build_help(actor: Actor, usages: list[tuple[str, str]], *, note: str | None = None) -> Reply:
    """``usages`` are (subcommand, usage text) pairs the caller may use, in menu order."""
    lang = actor.lang
    blocks = [HeaderBlock(text=t(lang, "help.title"))]
    if note:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=clip(note, SECTION_TEXT))))
    blocks.append(SectionBlock(text=MarkdownTextObject(text=t(lang, "help.intro"))))
    blocks.append(
        ActionsBlock(
            block_id="help_buttons",
            elements=_buttons(actor),
        )
    )
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
    text = "\n".join([t(lang, "help.title"), *([note] if note else []), *lines])
    return Reply(text=clip(text, 3000), blocks=as_dicts(blocks))


def _buttons(actor: Actor) -> list[ButtonElement]:
    lang = actor.lang
    buttons = []
    if actor.is_admin:
        buttons.append(
            ButtonElement(text=t(lang, "help.button.settings"), action_id=ids.OPEN_SETTINGS, style="primary")
        )
    buttons += [
        ButtonElement(text=t(lang, "help.button.preferences"), action_id=ids.OPEN_PREFERENCES),
        ButtonElement(text=t(lang, "help.button.teams"), action_id=ids.SHOW_TEAMS),
        ButtonElement(text=t(lang, "help.button.products"), action_id=ids.SHOW_PRODUCTS),
    ]
    return buttons
