"""The DM that suggests a diagnosis (``salesbot.suggestions``): who missed or is at risk, by how
much, each with Diagnose; one message for all of a manager's suggestions at a time."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import Block, ContextBlock, MarkdownTextObject, SectionBlock

from handlers.blocks.common import CONTEXT_TEXT, SECTION_TEXT, as_dicts, clip, mrkdwn_escape
from handlers.blocks.diagnosis import diagnose_button
from handlers.blocks.goals import target_text
from handlers.respond import Reply
from salesbot.i18n import Formatter
from salesbot.suggestions import MISSED, Suggestion

# Suggestions listed with their button in one DM (Slack allows 50 blocks); the rest are counted.
SHOWN = 20


def subject_label(fmt: Formatter, suggestion: Suggestion) -> str:
    subject = suggestion.subject
    if subject.scope == "person":
        return mrkdwn_escape(subject.person.name)
    return fmt.t("diagnosis.team", name=mrkdwn_escape(subject.team.name))


def suggestion_line(fmt: Formatter, suggestion: Suggestion) -> str:
    """Who, which goal, and by how much: the attainment and the shortfall in the goal's unit."""
    period = suggestion.period.label(fmt.lang)
    if suggestion.product:
        period += f" ({mrkdwn_escape(suggestion.product)})"
    params = {
        "subject": subject_label(fmt, suggestion),
        "period": period,
        "percent": fmt.percent(suggestion.attainment),
        "shortfall": target_text(fmt, suggestion.goal.metric, suggestion.shortfall),
    }
    if suggestion.reason == MISSED:
        return fmt.t("suggestion.missed", **params)
    return fmt.t(
        "suggestion.at_risk", left=fmt.plural("suggestion.days_left", suggestion.days_left or 0), **params
    )


def build_suggestions(fmt: Formatter, suggestions: Sequence[Suggestion]) -> Reply:
    """One manager's suggestions, missed first, each with Diagnose (which starts or resumes it)."""
    count = len(suggestions)
    blocks: list[Block] = [
        SectionBlock(text=MarkdownTextObject(text=clip(fmt.plural("suggestion.intro", count), SECTION_TEXT)))
    ]
    for n, suggestion in enumerate(suggestions[:SHOWN]):
        subject = suggestion.subject
        blocks.append(
            SectionBlock(
                text=MarkdownTextObject(text=clip(suggestion_line(fmt, suggestion), SECTION_TEXT)),
                accessory=diagnose_button(fmt, subject.scope, subject.id, suggestion.period, n=n),
            )
        )
    if count > SHOWN:
        blocks.append(_context(fmt.plural("suggestion.more", count - SHOWN)))
    blocks.append(_context(fmt.t("suggestion.footer")))
    text = suggestion_line(fmt, suggestions[0]) if count == 1 else fmt.plural("suggestion.text", count)
    return Reply(text=text, blocks=as_dicts(blocks))


def _context(text: str) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=clip(text, CONTEXT_TEXT))])
