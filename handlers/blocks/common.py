"""Limits Slack enforces and the clipping that keeps every surface inside them."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import Block

MESSAGE_BLOCKS = 50
MODAL_BLOCKS = 100
SECTION_TEXT = 3000
BUTTON_TEXT = 75
OPTION_TEXT = 75
HEADER_TEXT = 150
MODAL_TITLE = 24
CONTEXT_TEXT = 2000


def clip(text: str, limit: int) -> str:
    """``text`` within ``limit`` characters, cut at a word boundary with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;") + "…"


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
