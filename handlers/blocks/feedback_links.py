"""Block Kit for links to the feedback page: the link a rep copies to the customer, and the DM
a manager gets when an answer through one is low."""

from __future__ import annotations

from slack_sdk.models.blocks import ContextBlock, MarkdownTextObject, SectionBlock

from handlers.blocks.common import SECTION_TEXT, as_dicts, clip, mention, mrkdwn_escape
from handlers.respond import Reply
from salesbot.feedback import SCALES
from salesbot.i18n import Formatter
from salesbot.records import FeedbackRecord


def build_link_reply(fmt: Formatter, *, url: str, expires: str, sale: str) -> Reply:
    """The link in a code span, so Slack neither shortens nor unfurls it and it copies whole."""
    text = fmt.t("feedback_link.created", sale=sale, expires=expires)
    blocks = [
        SectionBlock(text=MarkdownTextObject(text=clip(text, SECTION_TEXT))),
        SectionBlock(text=MarkdownTextObject(text=f"```{url}```")),
        ContextBlock(elements=[MarkdownTextObject(text=fmt.t("feedback_link.how_to_send"))]),
    ]
    return Reply(text=f"{text}\n{url}", blocks=as_dicts(blocks))


def build_low_score_dm(fmt: Formatter, answer: FeedbackRecord, *, rep_user_id: str, sale: str) -> Reply:
    """A manager told of a low score given on the feedback page: who, how low, what was said, the sale."""
    _, high = SCALES[answer.scale]
    text = fmt.t(
        "feedback_link.low_score",
        customer=mrkdwn_escape(answer.customer) or fmt.t("feedback_link.a_customer"),
        score=answer.score,
        high=high,
        rep=mention(rep_user_id),
    )
    blocks = [SectionBlock(text=MarkdownTextObject(text=clip(text, SECTION_TEXT)))]
    if answer.comment:
        quoted = "\n".join("> " + line for line in mrkdwn_escape(answer.comment).splitlines())
        blocks.append(SectionBlock(text=MarkdownTextObject(text=clip(quoted, SECTION_TEXT))))
    the_sale = clip(fmt.t("feedback_link.the_sale", sale=sale), 2000)
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=the_sale)]))
    fallback = text + (f"\n{mrkdwn_escape(answer.comment)}" if answer.comment else "")
    return Reply(text=fallback, blocks=as_dicts(blocks))
