"""The customer segment list in Block Kit (``/sales segments``)."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import ContextBlock, HeaderBlock, MarkdownTextObject, SectionBlock

from handlers.blocks.common import CONTEXT_TEXT, HEADER_TEXT, SECTION_TEXT, as_dicts, clip, mrkdwn_escape
from handlers.respond import Reply
from salesbot.i18n import Formatter


def build_segments(
    fmt: Formatter, segments: Sequence[tuple[str, bool]], *, admin: bool, notice: str | None = None
) -> Reply:
    """The workspace's segments (label, active), the retired last; how admins edit the list, or
    where a sale's segment is set for everyone else."""
    title = fmt.t("segments.title", count=sum(1 for _, active in segments if active))
    lines = [f"• {mrkdwn_escape(label)}" for label, active in segments if active]
    retired = [mrkdwn_escape(label) for label, active in segments if not active]
    blocks: list = [HeaderBlock(text=clip(title, HEADER_TEXT))]
    if notice:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=clip(notice, SECTION_TEXT))))
    body = "\n".join(lines) or fmt.t("segments.empty")
    if retired:
        body += "\n" + fmt.t("segments.retired_list", names=", ".join(retired))
    blocks.append(SectionBlock(text=MarkdownTextObject(text=clip(body, SECTION_TEXT))))
    hint = fmt.t("segments.admin_hint" if admin else "segments.hint")
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=clip(hint, CONTEXT_TEXT))]))
    fallback = "\n".join([title, *([notice] if notice else []), body])
    return Reply(text=clip(fallback, 3000), blocks=as_dicts(blocks))
