"""Block Kit for links to the feedback page: the link a rep copies to the customer, and the DM
a manager gets when an answer through one is low."""

from __future__ import annotations

from slack_sdk.models.blocks import ContextBlock, MarkdownTextObject, SectionBlock

from handlers.blocks.common import SECTION_TEXT, as_dicts, clip
from handlers.respond import Reply
from salesbot.i18n import Formatter


def build_link_reply(fmt: Formatter, *, url: str, expires: str, sale: str) -> Reply:
    """The link in a code span, so Slack neither shortens nor unfurls it and it copies whole."""
    text = fmt.t("feedback_link.created", sale=sale, expires=expires)
    blocks = [
        SectionBlock(text=MarkdownTextObject(text=clip(text, SECTION_TEXT))),
        SectionBlock(text=MarkdownTextObject(text=f"```{url}```")),
        ContextBlock(elements=[MarkdownTextObject(text=fmt.t("feedback_link.how_to_send"))]),
    ]
    return Reply(text=f"{text}\n{url}", blocks=as_dicts(blocks))
