"""Kudos: the shout-out posted in a channel, the DM to the person, the form the message shortcut
opens, the giver's confirmation and the App Home section."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import (
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    PlainTextInputElement,
    SectionBlock,
)

from handlers import ids
from handlers.blocks.common import (
    CONTEXT_TEXT,
    SECTION_TEXT,
    as_dicts,
    build_form,
    clip,
    mention,
    mrkdwn_escape,
)
from handlers.respond import Reply
from salesbot import kudos
from salesbot.i18n import Formatter


def _quote(reason: str) -> str:
    return "> " + mrkdwn_escape(reason).replace("\n", "\n> ")


def build_kudos_post(fmt: Formatter, *, giver: str, receiver: str, reason: str) -> Reply:
    """The shout-out in a channel (in the workspace's language)."""
    title = fmt.t("kudos.post", receiver=mention(receiver), giver=mention(giver))
    text = f"{title}\n{_quote(reason)}"
    return Reply(
        text=text,
        blocks=as_dicts([SectionBlock(text=MarkdownTextObject(text=clip(text, SECTION_TEXT)))]),
    )


def build_kudos_dm(fmt: Formatter, *, giver: str, reason: str, public: bool) -> Reply:
    """The DM to the person thanked (in their language)."""
    title = fmt.t("kudos.dm", giver=mention(giver))
    text = f"{title}\n{_quote(reason)}"
    blocks = [SectionBlock(text=MarkdownTextObject(text=clip(text, SECTION_TEXT)))]
    if not public:
        note = fmt.t("kudos.dm_private")
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=note)]))
        text = f"{text}\n{note}"
    return Reply(text=text, blocks=as_dicts(blocks))


def build_kudos_sent(
    fmt: Formatter,
    *,
    receiver: str,
    shown_in: Sequence[str],
    instead_of: str | None,
    public: bool,
    left: int,
    failed: Sequence[str] = (),
) -> Reply:
    """The giver's confirmation: where the kudos went, and how many they have left today."""
    lines = [fmt.t("kudos.sent", receiver=mention(receiver))]
    channels = ", ".join(f"<#{c}>" for c in shown_in)
    if not public:
        lines.append(fmt.t("kudos.sent_private"))
    elif instead_of and shown_in:
        lines.append(fmt.t("kudos.sent_instead", channels=channels, origin=f"<#{instead_of}>"))
    elif shown_in:
        lines.append(fmt.t("kudos.sent_in", channels=channels))
    else:
        lines.append(fmt.t("kudos.sent_dm_only"))
    for channel in failed:
        lines.append(fmt.t("kudos.post_failed", channel=f"<#{channel}>"))
    detail = fmt.plural("kudos.left_today", left)
    text = "\n".join(lines)
    blocks = [
        SectionBlock(text=MarkdownTextObject(text=clip(text, SECTION_TEXT))),
        ContextBlock(elements=[MarkdownTextObject(text=clip(detail, CONTEXT_TEXT))]),
    ]
    return Reply(text=f"{text}\n{detail}", blocks=as_dicts(blocks))


def build_kudos_modal(fmt: Formatter, *, receiver: str, private_metadata: str) -> dict:
    """The form the message shortcut **Give kudos** opens: the reason, for the message's author."""
    return build_form(
        fmt,
        callback_id=ids.KUDOS_MODAL,
        title=fmt.t("kudos.modal_title"),
        submit=fmt.t("kudos.modal_submit"),
        private_metadata=private_metadata,
        blocks=[
            SectionBlock(text=MarkdownTextObject(text=fmt.t("kudos.modal_to", receiver=mention(receiver)))),
            InputBlock(
                block_id=kudos.F_REASON,
                label=fmt.t("kudos.field.reason"),
                hint=fmt.t("kudos.hint.reason", max=kudos.REASON_MAX),
                element=PlainTextInputElement(
                    action_id=ids.KUDOS_REASON, multiline=True, max_length=kudos.REASON_MAX
                ),
            ),
        ],
    )


def read_kudos_submission(values: dict) -> str:
    return (values.get(kudos.F_REASON, {}).get(ids.KUDOS_REASON, {}).get("value")) or ""


def home_kudos(fmt: Formatter, *, count: int, period: str, recent: Sequence[tuple[str, str]]) -> list[dict]:
    """App Home's kudos: how many the reader got this period, and the latest (giver id, reason)."""
    lines = [fmt.plural("kudos.home_count", count, period=period)]
    lines += [
        fmt.t("kudos.home_line", giver=mention(giver), reason=mrkdwn_escape(clip(reason, 200)))
        for giver, reason in recent
    ]
    return as_dicts(
        [
            DividerBlock(),
            HeaderBlock(text=fmt.t("kudos.home_title")),
            SectionBlock(text=MarkdownTextObject(text=clip("\n".join(lines), SECTION_TEXT))),
        ]
    )
