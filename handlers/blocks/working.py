"""What's working in Block Kit: the *Share what worked* button under a sale and its form, the
report (for the reader, or as shared with everyone), the form choosing what to share, and the
technique list."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    CheckboxesElement,
    ContextBlock,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    SectionBlock,
    StaticMultiSelectElement,
)

from handlers import ids
from handlers.blocks.common import (
    BUTTON_TEXT,
    CONTEXT_TEXT,
    HEADER_TEXT,
    OPTION_TEXT,
    SECTION_TEXT,
    as_dicts,
    build_form,
    clip,
    mrkdwn_escape,
)
from handlers.respond import Reply
from salesbot import working
from salesbot.i18n import Formatter
from salesbot.working import WorkingReport

# A multi-select holds at most 100 options; a workspace's list is far shorter.
TECHNIQUE_OPTIONS = 100


def story_button(fmt: Formatter, sale_id: int) -> ActionsBlock:
    """*Share what worked* under a sale (its own block, so the sale's buttons stay as they are)."""
    return ActionsBlock(
        block_id=f"story:{sale_id}",
        elements=[
            ButtonElement(
                text=clip(fmt.t("working.button.share_story"), BUTTON_TEXT),
                action_id=ids.WORKING_SHARE_STORY,
                value=str(sale_id),
            )
        ],
    )


def build_story_modal(
    fmt: Formatter,
    *,
    sale_text: str,
    techniques: Sequence[tuple[int, str]],
    chosen: Collection[int] = (),
    note: str = "",
    editing: bool = False,
    private_metadata: str | None = None,
) -> dict:
    """Techniques (from the workspace's list) and a short note about one sale."""
    options = [Option(text=clip(label, OPTION_TEXT), value=str(tid)) for tid, label in techniques][
        :TECHNIQUE_OPTIONS
    ]
    initial = [o for o in options if int(o.value) in set(chosen)]
    blocks = [
        SectionBlock(text=MarkdownTextObject(text=clip(sale_text, SECTION_TEXT))),
        InputBlock(
            block_id=working.F_TECHNIQUES,
            label=fmt.t("working.field.techniques"),
            optional=True,
            element=StaticMultiSelectElement(
                action_id=working.F_TECHNIQUES,
                placeholder=fmt.t("working.field.techniques_placeholder"),
                options=options,
                initial_options=initial or None,
            ),
        ),
        InputBlock(
            block_id=working.F_NOTE,
            label=fmt.t("working.field.note"),
            hint=fmt.t("working.field.note_hint", max=working.NOTE_MAX),
            optional=True,
            element=PlainTextInputElement(
                action_id=working.F_NOTE,
                multiline=True,
                max_length=working.NOTE_MAX,
                initial_value=note or None,
            ),
        ),
    ]
    return build_form(
        fmt,
        callback_id=ids.WORKING_STORY_MODAL,
        title=fmt.t("working.story_title_edit" if editing else "working.story_title"),
        submit=fmt.t("working.story_save"),
        blocks=blocks,
        private_metadata=private_metadata,
    )


def read_story_submission(values: dict) -> tuple[list[int], str]:
    state = next(iter(values.get(working.F_TECHNIQUES, {}).values()), {})
    chosen = [int(o["value"]) for o in state.get("selected_options") or [] if o.get("value", "").isdigit()]
    note = next(iter(values.get(working.F_NOTE, {}).values()), {}).get("value") or ""
    return chosen, note


# -- the report ----------------------------------------------------------------------------------


def report_title(fmt: Formatter, report: WorkingReport) -> str:
    period = report.period.label(fmt.lang)
    if report.team is not None:
        return fmt.t("working.title_team", team=report.team.name, period=period)
    return fmt.t("working.title", period=period)


def report_sections(
    fmt: Formatter, report: WorkingReport, *, names: dict[int, str] | None = None
) -> list[str]:
    """The report's parts as mrkdwn texts, one per section, each within Slack's limit."""
    parts: list[str] = []
    if report.by_revenue:
        lines = [
            fmt.t(
                "working.product_line",
                rank=rank,
                product=mrkdwn_escape(f.name),
                amount=fmt.money(f.amount),
                deals=fmt.plural("working.deals", f.deals),
            )
            for rank, f in enumerate(report.by_revenue, 1)
        ]
        parts.append("\n".join([f"*{fmt.t('working.heading.revenue')}*", *lines]))
    if report.by_growth:
        lines = [
            fmt.t(
                "working.growth_line",
                rank=rank,
                product=mrkdwn_escape(f.name),
                growth=fmt.money(f.growth),
                change=fmt.percent(f.growth_ratio)
                if f.growth_ratio is not None
                else fmt.t("working.new_seller"),
            )
            for rank, f in enumerate(report.by_growth, 1)
        ]
        heading = fmt.t("working.heading.growth", previous=report.previous.label(fmt.lang))
        parts.append("\n".join([f"*{heading}*", *lines]))
    if report.techniques:
        lines = [
            fmt.t(
                "working.technique_line",
                rank=rank,
                technique=mrkdwn_escape(f.label),
                wins=fmt.plural("working.wins", f.wins),
                value=fmt.money(f.value),
            )
            for rank, f in enumerate(report.techniques, 1)
        ]
        parts.append("\n".join([f"*{fmt.t('working.heading.techniques')}*", *lines]))
    if report.comments:
        lines = [
            fmt.t(
                "working.comment_line",
                score=c.score,
                comment=mrkdwn_escape(clip(c.comment, 400)),
                customer=mrkdwn_escape(c.customer) if c.customer else fmt.t("working.a_customer"),
                stage=fmt.t(f"working.stage.{c.stage}"),
            )
            for c in report.comments
        ]
        parts.append("\n".join([f"*{fmt.t('working.heading.comments')}*", *lines]))
    if report.lowest_stage is not None:
        parts.append(f"*{fmt.t('working.heading.stage')}*\n{working.stage_line(fmt, report.lowest_stage)}")
    return [clip(part, SECTION_TEXT) for part in parts]


def build_report(fmt: Formatter, report: WorkingReport, *, notice: str | None = None) -> Reply:
    """The report for its reader, with *Share with everyone* for managers and admins."""
    title = report_title(fmt, report)
    blocks: list = [HeaderBlock(text=clip(title, HEADER_TEXT))]
    if notice:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=clip(notice, SECTION_TEXT))))
    sections = report_sections(fmt, report)
    if not sections:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=fmt.t("working.empty"))))
    blocks += [SectionBlock(text=MarkdownTextObject(text=text)) for text in sections]
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=clip(fmt.t("working.hint"), CONTEXT_TEXT))]))
    if report.may_share and sections:
        team = str(report.team.id) if report.team is not None else ""
        blocks.append(
            ActionsBlock(
                block_id="working_share",
                elements=[
                    ButtonElement(
                        text=clip(fmt.t("working.button.share_everyone"), BUTTON_TEXT),
                        action_id=ids.WORKING_SHARE_REPORT,
                        value=f"{report.period.key}|{team}",
                    )
                ],
            )
        )
    fallback = "\n".join([mrkdwn_escape(title), *(sections or [fmt.t("working.empty")])])
    return Reply(text=clip(fallback, 3000), blocks=as_dicts(blocks))


def build_public_report(fmt: Formatter, report: WorkingReport, *, shared_by: str) -> Reply:
    """The report as posted for everyone: only the parts chosen (``working.public_report``)."""
    title = report_title(fmt, report)
    sections = report_sections(fmt, report)
    blocks: list = [HeaderBlock(text=clip(title, HEADER_TEXT))]
    blocks += [SectionBlock(text=MarkdownTextObject(text=text)) for text in sections]
    by = fmt.t("working.shared_by", user=f"<@{shared_by}>")
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=clip(by, CONTEXT_TEXT))]))
    return Reply(text=clip("\n".join([mrkdwn_escape(title), *sections]), 3000), blocks=as_dicts(blocks))


def build_share_modal(fmt: Formatter, report: WorkingReport, *, channel: str, private_metadata: str) -> dict:
    """Which parts of the report to share in the announcement channel; comments never ticked
    beforehand, since customers said them to their rep."""
    options = [
        Option(text=clip(fmt.t(f"working.part.{part}"), OPTION_TEXT), value=part)
        for part in working.PARTS
        if report.has(part)
    ]
    initial = [o for o in options if o.value != working.COMMENTS]
    blocks = [
        SectionBlock(
            text=MarkdownTextObject(
                text=clip(
                    fmt.t("working.share_intro", channel=channel, title=report_title(fmt, report)),
                    SECTION_TEXT,
                )
            )
        ),
        InputBlock(
            block_id=working.F_PARTS,
            label=fmt.t("working.field.parts"),
            hint=fmt.t("working.field.parts_hint") if report.has(working.COMMENTS) else None,
            element=CheckboxesElement(
                action_id=working.F_PARTS, options=options, initial_options=initial or None
            ),
        ),
    ]
    return build_form(
        fmt,
        callback_id=ids.WORKING_SHARE_MODAL,
        title=fmt.t("working.share_title"),
        submit=fmt.t("working.share_submit"),
        blocks=blocks,
        private_metadata=private_metadata,
    )


def read_share_submission(values: dict) -> list[str]:
    state = next(iter(values.get(working.F_PARTS, {}).values()), {})
    return [o["value"] for o in state.get("selected_options") or []]


# -- the technique list --------------------------------------------------------------------------


def build_techniques(
    fmt: Formatter, techniques: Sequence[tuple[str, bool]], *, admin: bool, notice: str | None = None
) -> Reply:
    """The workspace's techniques (label, active), the retired last; how admins edit it."""
    title = fmt.t("working.techniques_title", count=sum(1 for _, active in techniques if active))
    lines = [f"• {mrkdwn_escape(label)}" for label, active in techniques if active]
    retired = [mrkdwn_escape(label) for label, active in techniques if not active]
    blocks: list = [HeaderBlock(text=clip(title, HEADER_TEXT))]
    if notice:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=clip(notice, SECTION_TEXT))))
    body = "\n".join(lines) or fmt.t("working.techniques_empty")
    if retired:
        body += "\n" + fmt.t("working.techniques_retired", names=", ".join(retired))
    blocks.append(SectionBlock(text=MarkdownTextObject(text=clip(body, SECTION_TEXT))))
    if admin:
        hint = fmt.t("working.techniques_usage")
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=clip(hint, CONTEXT_TEXT))]))
    fallback = "\n".join([title, *([notice] if notice else []), body])
    return Reply(text=clip(fallback, 3000), blocks=as_dicts(blocks))
