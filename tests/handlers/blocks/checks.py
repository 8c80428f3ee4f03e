"""What the builder tests check of every surface a builder makes: Slack would take it (localslack's
Block Kit validator), a message has its plain-text fallback, and what a person reads in it."""

from __future__ import annotations

from handlers.blocks.common import SECTION_TEXT
from handlers.respond import Reply
from localslack.blockkit import validate_blocks, validate_view
from tests.helpers import texts


def valid_message(reply: Reply) -> Reply:
    """``reply``, once Slack would post it: valid blocks and a plain-text fallback."""
    assert isinstance(reply, Reply)
    assert reply.text.strip(), "a message has a plain-text fallback"
    assert validate_blocks(reply.blocks, "message") == []
    return reply


def valid_view(view: dict, kind: str = "modal") -> dict:
    """``view``, once Slack would open (a modal) or publish it (the App Home)."""
    assert view["type"] == kind
    assert validate_view(view) == []
    return view


def mrkdwn(node) -> str:
    """The mrkdwn a person reads in blocks or a view, a text object a line."""
    return "\n".join(texts(node, "mrkdwn"))


def plain(node) -> str:
    """The plain text (headers, buttons, labels, options) in blocks or a view."""
    return "\n".join(texts(node, "plain_text"))


def sections(blocks: list[dict]) -> list[str]:
    """The text of each section, in order."""
    return [block["text"]["text"] for block in blocks if block["type"] == "section" and "text" in block]


def within_sections(blocks: list[dict]) -> list[str]:
    """The sections' texts, each checked to be inside Slack's 3,000 characters."""
    found = sections(blocks)
    assert all(len(text) <= SECTION_TEXT for text in found), [len(text) for text in found]
    return found


def block(node, block_id: str) -> dict:
    """The block with ``block_id`` in blocks or a view."""
    blocks = node["blocks"] if isinstance(node, dict) else node
    return next(b for b in blocks if b.get("block_id") == block_id)


def options(node, block_id: str) -> list[tuple[str, str]]:
    """(label, value) of each option of the element in block ``block_id``."""
    return [(o["text"]["text"], o["value"]) for o in block(node, block_id)["element"]["options"]]


def initial(node, block_id: str) -> str | list[str] | None:
    """What the element in block ``block_id`` starts with: an option's value (or values), a date,
    a time, a user, a conversation or a text."""
    element = block(node, block_id)["element"]
    if "initial_option" in element:
        return element["initial_option"]["value"]
    if "initial_options" in element:
        return [o["value"] for o in element["initial_options"]]
    for key in ("initial_date", "initial_time", "initial_user", "initial_conversation", "initial_value"):
        if key in element:
            return element[key]
    return None
