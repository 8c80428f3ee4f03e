"""Recognition: a goal's celebration (in a channel, or by DM), the note that a celebration stands
when a change takes a goal back below it, and the period-end top-performer announcement."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from handlers import ids
from handlers.blocks.common import (
    BUTTON_TEXT,
    HEADER_TEXT,
    SECTION_TEXT,
    as_dicts,
    clip,
    mention,
    mrkdwn_escape,
)
from handlers.blocks.progress import metric_value, precise_percent
from handlers.respond import Reply
from salesbot.goals import goal_period
from salesbot.i18n import Formatter
from salesbot.recognition import Announcement, Celebration


def celebration_subject(fmt: Formatter, goal, *, person=None, team=None) -> str:
    if goal.scope == "person" and person is not None:
        return mention(person.slack_user_id)
    if goal.scope == "team" and team is not None:
        return fmt.t("recognition.team_subject", team=mrkdwn_escape(team.name))
    return fmt.t("recognition.company_subject")


def _goal_words(fmt: Formatter, item: Celebration, product: str | None) -> dict:
    goal = item.goal
    words = {
        "percent": fmt.percent(item.threshold / 100),
        "metric": fmt.t(f"progress.metric.{goal.metric}").lower(),
        "period": goal_period(goal).label(fmt.lang),
        "actual": metric_value(fmt, goal.metric, item.actual),
        "target": metric_value(fmt, goal.metric, goal.target),
    }
    return words


def _figures(fmt: Formatter, words: dict, product: str | None) -> str:
    figures = fmt.t("recognition.celebrate_figures", **words)
    if product:
        figures += " · " + fmt.t("progress.product", product=mrkdwn_escape(product))
    return figures


def build_celebration(
    fmt: Formatter, item: Celebration, *, subject: str, product: str | None = None
) -> Reply:
    """The celebration in a channel: who, which threshold of which goal, the figures."""
    words = _goal_words(fmt, item, product)
    key = "recognition.celebrate_reached" if item.threshold == 100 else "recognition.celebrate_beyond"
    text = fmt.t(key, subject=subject, **words)
    figures = _figures(fmt, words, product)
    return Reply(
        text=f"{text}\n{figures}",
        blocks=as_dicts(
            [
                SectionBlock(text=MarkdownTextObject(text=clip(text, SECTION_TEXT))),
                ContextBlock(elements=[MarkdownTextObject(text=figures)]),
            ]
        ),
    )


def build_congratulation(
    fmt: Formatter, item: Celebration, *, product: str | None = None, team=None, opted_out: bool = False
) -> Reply:
    """The celebration by DM: to someone who opted out of public recognition (and is reminded
    so), to someone with nowhere public to celebrate, or to a team's managers when there is
    nowhere to post it."""
    words = _goal_words(fmt, item, product)
    if team is not None:
        text = fmt.t("recognition.congratulate_team", team=mrkdwn_escape(team.name), **words)
    else:
        key = "recognition.congratulate_you" if opted_out else "recognition.congratulate_you_by_dm"
        text = fmt.t(key, **words)
    figures = _figures(fmt, words, product)
    return Reply(
        text=f"{text}\n{figures}",
        blocks=as_dicts(
            [
                SectionBlock(text=MarkdownTextObject(text=clip(text, SECTION_TEXT))),
                ContextBlock(elements=[MarkdownTextObject(text=figures)]),
            ]
        ),
    )


def kept_below_note(fmt: Formatter, items: Sequence[tuple[Celebration, str]]) -> str:
    """What the person who took a goal below a celebrated threshold is told: it stands."""
    return "\n".join(
        fmt.t(
            "recognition.kept_below",
            subject=subject,
            percent=fmt.percent(item.threshold / 100),
            period=goal_period(item.goal).label(fmt.lang),
            now=precise_percent(fmt, item.attainment),
        )
        for item, subject in items
    )


def nominate_button(fmt: Formatter, person_id: int, achievement: str) -> ButtonElement:
    return ButtonElement(
        text=clip(fmt.t("rewards.button.nominate"), BUTTON_TEXT),
        action_id=ids.REWARD_NOMINATE,
        value=f"{person_id}|{achievement[:200]}",
    )


def build_announcement(fmt: Formatter, found: Announcement, *, preview: bool = False) -> Reply:
    """The period's top performers, the teams that reached their goal and the biggest improvements,
    each person with **Nominate a reward** (managers only may use it); a preview for an admin
    has **Post now** instead of going out."""
    period = found.period.label(fmt.lang)
    blocks: list = [HeaderBlock(text=clip(fmt.t("recognition.announce_title", period=period), HEADER_TEXT))]
    lines = [fmt.t("recognition.announce_title", period=period)]

    def entry(text: str, person_id: int, achievement: str) -> None:
        section = SectionBlock(text=MarkdownTextObject(text=clip(text, SECTION_TEXT)))
        section.accessory = nominate_button(fmt, person_id, achievement)
        blocks.append(section)
        lines.append(text)

    if found.top:
        blocks.append(_context(fmt.t("recognition.announce_top", least=fmt.percent(found.least / 100))))
        for standing in found.top:
            percent = precise_percent(fmt, standing.attainment)
            text = fmt.t(
                "recognition.announce_top_line",
                rank=standing.rank,
                person=mention(standing.person.slack_user_id),
                percent=percent,
            )
            entry(
                text, standing.person.id, fmt.t("recognition.achievement_top", percent=percent, period=period)
            )
    if found.teams:
        teams = "\n".join(
            fmt.t(
                "recognition.announce_team_line",
                team=mrkdwn_escape(team.name),
                percent=precise_percent(fmt, team.attainment),
            )
            for team in found.teams
        )
        blocks.append(_context(fmt.t("recognition.announce_teams")))
        blocks.append(SectionBlock(text=MarkdownTextObject(text=clip(teams, SECTION_TEXT))))
        lines.append(teams)
    if found.improved:
        blocks.append(_context(fmt.t("recognition.announce_improved")))
        for item in found.improved:
            text = fmt.t(
                "recognition.announce_improved_line",
                person=mention(item.person.slack_user_id),
                before=precise_percent(fmt, item.before),
                now=precise_percent(fmt, item.now),
            )
            achievement = fmt.t(
                "recognition.achievement_improved",
                before=precise_percent(fmt, item.before),
                now=precise_percent(fmt, item.now),
                period=period,
            )
            entry(text, item.person.id, achievement)
    if found.empty:
        blocks.append(_context(fmt.t("recognition.announce_empty")))
        lines.append(fmt.t("recognition.announce_empty"))
    if preview:
        blocks.append(
            ActionsBlock(
                block_id="recognition_preview",
                elements=[
                    ButtonElement(
                        text=clip(fmt.t("recognition.button.post_now"), BUTTON_TEXT),
                        action_id=ids.RECOGNITION_POST_NOW,
                        value=found.period.key,
                        style="primary",
                    )
                ],
            )
        )
    return Reply(text="\n".join(lines), blocks=as_dicts(blocks))


def _context(text: str) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=clip(text, 2000))])
