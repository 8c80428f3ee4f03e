"""Customer feedback in Block Kit: the logging form, the rating message with its score buttons,
the voter's private thanks and comment form, the low-score alert, and the figures."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    ContextBlock,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    SectionBlock,
    StaticSelectElement,
    UserSelectElement,
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
    build_notice,
    clip,
    mention,
    mrkdwn_escape,
)
from handlers.respond import Reply
from salesbot import feedback
from salesbot.feedback import FeedbackReport, Satisfaction
from salesbot.i18n import Formatter
from salesbot.records import FeedbackRecord, FeedbackRequestRecord

# Options a static select may hold.
SELECT_OPTIONS = 100
# A row of score buttons: NPS's eleven go in two rows, as people read a scale.
NPS_ROWS = ((0, 1, 2, 3, 4, 5), (6, 7, 8, 9, 10))


def _context(text: str) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=clip(text, CONTEXT_TEXT))])


def _section(text: str) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=clip(text, SECTION_TEXT)))


def _option(label: str, value: str) -> Option:
    return Option(text=clip(label, OPTION_TEXT), value=value)


def figure_text(fmt: Formatter, figure: Satisfaction) -> str:
    """ "CSAT 78 %" or "NPS +35", with how many answers it rests on; "no answers" without any."""
    answers = fmt.plural("feedback.answers", figure.answers, count=fmt.number(figure.answers))
    if figure.figure is None:
        return answers
    shown = score_text(fmt, figure.scale, figure.figure)
    return fmt.t("feedback.figure_with_answers", figure=shown, answers=answers)


def score_text(fmt: Formatter, scale: str, figure: float) -> str:
    """ "CSAT 78 %" or "NPS +35": a satisfaction figure (0–100, or −100–100) on its scale."""
    if scale == feedback.CSAT:
        return fmt.t("feedback.csat_figure", figure=fmt.percent(figure / 100))
    return fmt.t("feedback.nps_figure", figure=f"{figure:+.0f}".replace("-", "−"))


# -- the logging form ------------------------------------------------------------------------


def build_log_modal(
    fmt: Formatter,
    *,
    scale: str,
    products: Sequence[tuple[int, str]],
    sales: Sequence[tuple[int, str]],
    rep_user_id: str,
    customer: str = "",
    comment: str = "",
    permalink: str = "",
    private_metadata: str | None = None,
) -> dict:
    """Customer, product, stage, score, comment, the rep and optionally the sale; prefilled when
    logged from a message (its words, its author's company, a link back to it)."""
    stages = [_option(fmt.t(f"feedback.stage.{stage}"), stage) for stage in feedback.STAGES]
    scores = [_option(str(score), str(score)) for score in feedback.scale_scores(scale)]
    blocks: list = []
    if permalink:
        blocks.append(_context(fmt.t("feedback.from_message", link=permalink)))
    blocks += [
        InputBlock(
            block_id=feedback.F_CUSTOMER,
            label=fmt.t("feedback.field.customer"),
            element=PlainTextInputElement(
                action_id=feedback.F_CUSTOMER,
                initial_value=customer[: feedback.CUSTOMER_MAX] or None,
                max_length=feedback.CUSTOMER_MAX,
            ),
        ),
        InputBlock(
            block_id=feedback.F_SCORE,
            label=fmt.t(f"feedback.field.score_{scale}"),
            hint=fmt.t(f"feedback.hint.score_{scale}"),
            element=StaticSelectElement(action_id=feedback.F_SCORE, options=scores),
        ),
        InputBlock(
            block_id=feedback.F_STAGE,
            label=fmt.t("feedback.field.stage"),
            element=StaticSelectElement(
                action_id=feedback.F_STAGE,
                options=stages,
                initial_option=stages[feedback.STAGES.index("service")],
            ),
        ),
    ]
    if products:
        blocks.append(
            InputBlock(
                block_id=feedback.F_PRODUCT,
                label=fmt.t("feedback.field.product"),
                optional=True,
                element=StaticSelectElement(
                    action_id=feedback.F_PRODUCT,
                    options=[_option(name, str(pid)) for pid, name in products[:SELECT_OPTIONS]],
                ),
            )
        )
    blocks += [
        InputBlock(
            block_id=feedback.F_COMMENT,
            label=fmt.t("feedback.field.comment"),
            optional=True,
            element=PlainTextInputElement(
                action_id=feedback.F_COMMENT,
                multiline=True,
                initial_value=comment[: feedback.COMMENT_MAX] or None,
                max_length=feedback.COMMENT_MAX,
            ),
        ),
        InputBlock(
            block_id=feedback.F_REP,
            label=fmt.t("feedback.field.rep"),
            element=UserSelectElement(action_id=feedback.F_REP, initial_user=rep_user_id),
        ),
    ]
    if sales:
        blocks.append(
            InputBlock(
                block_id=feedback.F_SALE,
                label=fmt.t("feedback.field.sale"),
                hint=fmt.t("feedback.hint.sale"),
                optional=True,
                element=StaticSelectElement(
                    action_id=feedback.F_SALE,
                    options=[_option(label, str(sid)) for sid, label in sales[:SELECT_OPTIONS]],
                ),
            )
        )
    return build_form(
        fmt,
        callback_id=ids.FEEDBACK_LOG_MODAL,
        title=fmt.t("feedback.log_title"),
        blocks=blocks,
        private_metadata=private_metadata,
    )


def build_logged(fmt: Formatter, answer: FeedbackRecord, *, rep_user_id: str | None) -> Reply:
    text = fmt.t(
        "feedback.logged",
        score=fmt.number(answer.score),
        customer=mrkdwn_escape(answer.customer),
        stage=fmt.t(f"feedback.stage.{answer.stage}"),
    )
    return build_notice(
        text, detail=fmt.t("feedback.logged_about", rep=mention(rep_user_id)) if rep_user_id else None
    )


# -- the rating message ----------------------------------------------------------------------


def _vote_button(request_id: int, score: int) -> ButtonElement:
    return ButtonElement(
        text=str(score), action_id=f"{ids.FEEDBACK_VOTE}:{score}", value=f"{request_id}:{score}"
    )


def build_rating_message(fmt: Formatter, request: FeedbackRequestRecord, *, answers: int) -> Reply:
    """The question with the scale's score buttons and how many have answered (never who)."""
    scores = feedback.scale_scores(request.scale)
    rows = NPS_ROWS if request.scale == feedback.NPS else (tuple(scores),)
    low, high = feedback.SCALES[request.scale]
    blocks: list = [_section(mrkdwn_escape(request.question))]
    blocks.append(_context(fmt.t(f"feedback.scale_hint_{request.scale}", low=low, high=high)))
    for number, row in enumerate(rows):
        blocks.append(
            ActionsBlock(
                block_id=f"{ids.FEEDBACK_VOTE}:{request.id}:{number}",
                elements=[_vote_button(request.id, score) for score in row],
            )
        )
    count = (
        fmt.plural("feedback.answered", answers, count=fmt.number(answers))
        if answers
        else fmt.t("feedback.no_answers_yet")
    )
    blocks.append(_context(count))
    return Reply(text=request.question, blocks=as_dicts(blocks))


def read_vote_value(value: str) -> tuple[int, int] | None:
    """ "REQUEST:SCORE" from a score button; None when it is not one."""
    request_id, _, score = value.partition(":")
    if not request_id.isdigit() or not score.isdigit():
        return None
    return int(request_id), int(score)


def build_vote_thanks(fmt: Formatter, vote: feedback.Vote) -> Reply:
    key = "feedback.vote_changed" if vote.changed else "feedback.vote_thanks"
    text = fmt.t(key, score=fmt.number(vote.answer.score))
    button = ButtonElement(
        text=fmt.t("feedback.add_comment" if not vote.answer.comment else "feedback.change_comment"),
        action_id=ids.FEEDBACK_COMMENT,
        value=str(vote.answer.id),
    )
    blocks = [SectionBlock(text=MarkdownTextObject(text=text), accessory=button)]
    return Reply(text=text, blocks=as_dicts(blocks))


def build_comment_modal(fmt: Formatter, *, comment: str, private_metadata: str) -> dict:
    return build_form(
        fmt,
        callback_id=ids.FEEDBACK_COMMENT_MODAL,
        title=fmt.t("feedback.comment_title"),
        submit=fmt.t("feedback.comment_send"),
        private_metadata=private_metadata,
        blocks=[
            InputBlock(
                block_id=feedback.F_COMMENT,
                label=fmt.t("feedback.field.your_comment"),
                element=PlainTextInputElement(
                    action_id=feedback.F_COMMENT,
                    multiline=True,
                    initial_value=comment or None,
                    max_length=feedback.COMMENT_MAX,
                ),
            )
        ],
    )


# -- the low-score alert ---------------------------------------------------------------------


def sale_label(fmt: Formatter, sale, products: dict[int, str]) -> str:
    """A sale in a few words (plain text): the customer, the product, the amount, the date."""
    parts = [sale.customer or fmt.t("feedback.a_customer"), fmt.money(sale.amount), fmt.date(sale.ordered_on)]
    if sale.product_id in products:
        parts.insert(1, products[sale.product_id])
    return " · ".join(parts)


def build_low_alert(
    fmt: Formatter,
    answer: FeedbackRecord,
    *,
    rep_user_id: str | None,
    product: str | None,
    sale: str | None,
    sale_id: int | None = None,
) -> Reply:
    """What a rep's manager reads at once: the score, about whom and what, the comment, the sale
    (with a button that shows it, its buttons too, when there is one)."""
    low, high = feedback.SCALES[answer.scale]
    about = [fmt.t(f"feedback.stage.{answer.stage}")]
    if product:
        about.append(mrkdwn_escape(product))
    said = {
        "score": fmt.number(answer.score),
        "high": high,
        "customer": mrkdwn_escape(answer.customer) or fmt.t("feedback.a_customer"),
        "about": " · ".join(about),
    }
    if rep_user_id:
        text = fmt.t("feedback.low_alert", rep=mention(rep_user_id), **said)
    else:
        text = fmt.t("feedback.low_alert_no_rep", **said)
    blocks: list = [_section(text)]
    if answer.comment:
        blocks.append(_section(f"> {mrkdwn_escape(answer.comment)}".replace("\n", "\n> ")))
    details = []
    if sale:
        details.append(fmt.t("feedback.alert_sale", sale=mrkdwn_escape(sale)))
    if answer.permalink:
        details.append(fmt.t("feedback.alert_message", link=answer.permalink))
    if details:
        blocks.append(_context(" · ".join(details)))
    if sale_id is not None:
        show = ButtonElement(
            text=clip(fmt.t("feedback.alert_show_sale"), BUTTON_TEXT),
            action_id=ids.SHOW_SALE,
            value=str(sale_id),
        )
        blocks.append(ActionsBlock(block_id="low_alert_sale", elements=[show]))
    return Reply(
        text=text + (f"\n{mrkdwn_escape(answer.comment)}" if answer.comment else ""), blocks=as_dicts(blocks)
    )


# -- the figures -----------------------------------------------------------------------------


def build_report(
    fmt: Formatter,
    report: FeedbackReport,
    *,
    names: Mapping[str, Mapping[object, str]],
    people: Mapping[int, str],
) -> Reply:
    """The figure overall, then by product, stage, rep and team with the answers behind each;
    comments the reader may see. ``names`` names keys by breakdown; ``people`` are Slack ids."""
    period = report.period.label(fmt.lang)
    title = (
        fmt.t("feedback.report_title_of", name=report.subject, period=period)
        if report.subject
        else fmt.t("feedback.report_title", period=period)
    )
    blocks: list = [HeaderBlock(text=clip(title, HEADER_TEXT))]
    if not report.overall.answers:
        blocks.append(_section(fmt.t("feedback.report_empty")))
        return Reply(text=title, blocks=as_dicts(blocks))
    overall = fmt.t(f"feedback.report_overall_{report.scale}", figure=figure_text(fmt, report.overall))
    if report.overall.low_confidence:
        overall += "\n" + fmt.t("feedback.few_answers")
    blocks.append(_section(overall))
    for kind in (feedback.BY_PRODUCT, feedback.BY_STAGE, feedback.BY_PERSON, feedback.BY_TEAM):
        lines = []
        for key, figure in report.by.get(kind, []):
            if kind == feedback.BY_STAGE:
                label = fmt.t(f"feedback.stage.{key}")
            elif kind == feedback.BY_PERSON and key in people:
                label = mention(people[key])
            elif key is None:
                label = fmt.t(f"feedback.no_{kind}")
            else:
                label = mrkdwn_escape(names.get(kind, {}).get(key, "?"))
            lines.append(f"• {label}: {figure_text(fmt, figure)}")
        if lines:
            blocks.append(_section(f"*{fmt.t(f'feedback.by_{kind}')}*\n" + "\n".join(lines)))
    if report.comments:
        blocks.append(_section(f"*{fmt.t('feedback.comments_title')}*"))
        for answer in report.comments:
            said = [fmt.t("feedback.comment_score", score=fmt.number(answer.score))]
            if answer.customer:
                said.append(mrkdwn_escape(answer.customer))
            if answer.person_id in people:
                said.append(mention(people[answer.person_id]))
            said.append(fmt.date(answer.given_on))
            if answer.permalink:
                said.append(f"<{answer.permalink}|{fmt.t('feedback.see_message')}>")
            blocks.append(_context(f"“{mrkdwn_escape(clip(answer.comment, 600))}” — " + " · ".join(said)))
    return Reply(text=title + "\n" + overall, blocks=as_dicts(blocks))
