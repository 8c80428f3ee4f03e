"""Progress and the leaderboard in Block Kit: one section per goal, so any number of goals fits.

A goal reads, on desktop and phone alike::

    *Team Øst* · Revenue · November 2026
    ▓▓▓▓▓▓░░░░ *62%* · NOK 62,000 of NOK 100,000
    :large_green_circle: On track · expected by now NOK 58,000 · 57% of the period gone
    Forecast NOK 108,000 by Nov 30, 2026
"""

from __future__ import annotations

from collections.abc import Collection
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_percent
from slack_sdk.models.blocks import ButtonElement, ContextBlock, HeaderBlock, MarkdownTextObject, SectionBlock

from handlers.blocks.common import (
    CONTEXT_TEXT,
    HEADER_TEXT,
    MESSAGE_BLOCKS,
    SECTION_TEXT,
    as_dicts,
    clip,
    join_within,
    mention,
    mrkdwn_escape,
)
from handlers.blocks.diagnosis import diagnose_button
from handlers.blocks.goals import coverage_text
from handlers.respond import Reply
from salesbot.access import Role
from salesbot.goals import Coverage, goal_period
from salesbot.i18n import Formatter, country_name
from salesbot.leaderboard import Leaderboard, Standing
from salesbot.pacing import progress_bar
from salesbot.periods import Period
from salesbot.progress import BEHIND, NO_GOAL, STATUS_ORDER, GoalProgress, MemberSummary, ProgressReport

STATUS_EMOJI = {
    "ahead": ":rocket:",
    "on_track": ":large_green_circle:",
    "behind": ":large_yellow_circle:",
    "at_risk": ":red_circle:",
    "reached": ":trophy:",
    "missed": ":x:",
    "not_started": ":hourglass_flowing_sand:",
    NO_GOAL: ":white_circle:",
}
MEDALS = {1: ":first_place_medal:", 2: ":second_place_medal:", 3: ":third_place_medal:"}
# Header, the "more goals" note and the footer around one section per goal.
GOALS_PER_MESSAGE = MESSAGE_BLOCKS - 3
# Names listed in a team's "behind pace" line before the rest are counted.
BEHIND_TEXT = 1200


def metric_value(fmt: Formatter, metric: str, value: Decimal, *, decimals: int = 0) -> str:
    return fmt.money(value) if metric == "revenue" else fmt.number(value, decimals)


def estimate(fmt: Formatter, metric: str, value: Decimal, *, decimals: int = 0) -> str:
    """An expectation or forecast: whole money (no false precision), else ``decimals``."""
    if metric == "revenue":
        return fmt.money(value.to_integral_value(rounding=ROUND_HALF_UP))
    return fmt.number(value, decimals)


def status_label(fmt: Formatter, status: str) -> str:
    return f"{STATUS_EMOJI[status]} {fmt.t(f'status.{status}')}"


def precise_percent(fmt: Formatter, ratio: Decimal | float) -> str:
    """A percentage to a tenth (``105.3%``, ``105,3 %``): leaderboard places differ by less than one."""
    # The locale's own pattern ("#,##0%", "#,##0 %") with one decimal added.
    pattern = fmt.locale.percent_formats[None].pattern.replace("0", "0.0", 1)
    return format_percent(ratio, format=pattern, locale=fmt.locale)


def goal_text(fmt: Formatter, item: GoalProgress, *, subject: str, today) -> str:
    """The goal's section: title, bar and figures, status and pace, then a team's people.

    ``subject`` is mrkdwn (a mention, or a name already escaped)."""
    goal, progress = item.goal, item.progress
    period = goal_period(goal)
    title = fmt.t(
        "progress.goal_title",
        subject=subject,
        metric=fmt.t(f"progress.metric.{goal.metric}"),
        period=period.label(fmt.lang),
    )
    if item.product:
        title += " · " + fmt.t("progress.product", product=mrkdwn_escape(item.product))
    figures = fmt.t(
        "progress.actual_of_target",
        percent=fmt.percent(progress.attainment),
        actual=metric_value(fmt, goal.metric, progress.actual),
        target=metric_value(fmt, goal.metric, progress.target),
    )
    lines = [title, f"{progress_bar(progress.attainment)}  {figures}"]
    status = status_label(fmt, progress.status)
    if progress.status == "not_started":
        lines.append(f"{status} · " + fmt.t("progress.starts", start=fmt.date(goal.period_start)))
    elif today > goal.period_end:
        lines.append(f"{status} · " + fmt.t("progress.ended", end=fmt.date(goal.period_end)))
    else:
        pace = [status]
        if progress.expected_to_date:
            pace.append(
                fmt.t("progress.expected", expected=estimate(fmt, goal.metric, progress.expected_to_date))
            )
        pace.append(fmt.t("progress.elapsed", share=fmt.percent(progress.elapsed_share)))
        lines.append(" · ".join(pace))
        outlook = [
            fmt.t(
                "progress.forecast",
                forecast=estimate(fmt, goal.metric, progress.forecast),
                end=fmt.date(goal.period_end),
            )
        ]
        if progress.status in BEHIND and progress.needed_per_day:
            # "0.4 deals a day", not "0".
            per_day = estimate(fmt, goal.metric, progress.needed_per_day, decimals=1)
            outlook.append(fmt.t("progress.needed", amount=per_day))
        lines.append(" · ".join(outlook))
    if goal.scope == "team":
        lines += team_lines(fmt, goal, item.members, item.coverage, period=period)
    return clip("\n".join(lines), SECTION_TEXT)


def team_lines(
    fmt: Formatter, goal, summary: MemberSummary | None, coverage: Coverage | None, *, period: Period
) -> list[str]:
    """How the members' own goals within the team goal's ``period`` add up, how many stand where
    on their own goals (and during which period), and who is behind."""
    if coverage is not None and coverage.ratio is not None:
        lines = [coverage_text(fmt, coverage, goal.metric)]
    else:
        lines = [fmt.t("progress.coverage_none", period=period.label(fmt.lang))]
    if summary is None or not summary.size:
        return lines
    counts = status_counts(fmt, summary.counts)
    if summary.counts.get(NO_GOAL):
        counts.append(fmt.t("progress.no_goal_count", count=fmt.number(summary.counts[NO_GOAL])))
    if summary.period is None:
        lines.append(fmt.t("progress.members_now", counts=" · ".join(counts)))
    else:
        lines.append(
            fmt.t("progress.members_period", counts=" · ".join(counts), period=summary.period.label(fmt.lang))
        )
    if summary.behind:
        names = [
            f"{mention(item.person.slack_user_id)} {fmt.percent(item.progress.attainment)}"
            for item in summary.behind
        ]
        more = fmt.t("list.more", count="{count}")
        lines.append(fmt.t("progress.behind_people", people=join_within(names, BEHIND_TEXT, more)))
    return lines


def goal_fallback(fmt: Formatter, item: GoalProgress, subject: str) -> str:
    goal, progress = item.goal, item.progress
    return (
        f"{subject} · {fmt.t(f'progress.metric.{goal.metric}')} · {goal_period(goal).label(fmt.lang)}: "
        f"{fmt.percent(progress.attainment)} ({fmt.t(f'status.{progress.status}')})"
    )


# -- /sales progress ---------------------------------------------------------------------------


def build_progress(
    fmt: Formatter, report: ProgressReport, *, diagnosable: Collection[tuple[str, int]] = ()
) -> Reply:
    """The report; a goal behind pace whose subject (scope, id) is in ``diagnosable`` (the
    reader may diagnose it) carries Diagnose for the goal's period."""
    first = report.sections[0]
    if not report.explicit:
        title = fmt.t("progress.title.default")
    elif first.scope == "person":
        title = fmt.t("progress.title.person", name=first.person.name)
    elif first.scope == "team":
        title = fmt.t("progress.title.team", name=first.team.name)
    else:
        title = fmt.t("progress.title.company")
    if report.period is not None:
        title = fmt.t("progress.title.period", title=title, period=report.period.label(fmt.lang))

    entries: list[tuple[str, str, ButtonElement | None]] = []  # (section text, fallback line, Diagnose)
    for section in report.sections:
        subject = _section_subject(fmt, section, report.viewer_id)
        if not section.goals and (report.explicit or section.scope == "person"):
            entries.append((_no_goal_text(fmt, section, subject, report), "", None))
        who = section.person or section.team
        for item in section.goals:
            diagnose = None
            if who is not None and (section.scope, who.id) in diagnosable and item.progress.status in BEHIND:
                diagnose = diagnose_button(fmt, section.scope, who.id, goal_period(item.goal))
            entries.append(
                (
                    goal_text(fmt, item, subject=subject, today=report.today),
                    goal_fallback(fmt, item, subject),
                    diagnose,
                )
            )
    shown = entries[:GOALS_PER_MESSAGE]
    blocks = [HeaderBlock(text=clip(title, HEADER_TEXT))]
    blocks += [
        SectionBlock(text=MarkdownTextObject(text=clip(text, SECTION_TEXT)), accessory=diagnose)
        for text, _, diagnose in shown
    ]
    if len(entries) > len(shown):
        blocks.append(
            context_block(fmt.t("progress.more_goals", count=fmt.number(len(entries) - len(shown))))
        )
    blocks.append(context_block(fmt.t("progress.footer", mode=_pacing_mode(fmt, report))))
    # The header is plain_text, the fallback mrkdwn.
    fallback = "\n".join([mrkdwn_escape(title), *[line or text for text, line, _ in entries]])
    return Reply(text=clip(fallback, 3000), blocks=as_dicts(blocks))


def _pacing_mode(fmt: Formatter, report: ProgressReport) -> str:
    """ "business days (Monday–Friday, less public holidays in Norway)", or just the mode."""
    if report.pacing == "business" and report.holiday_country:
        country = country_name(report.holiday_country, fmt.lang)
        return fmt.t("progress.mode.business_holidays", country=country)
    return fmt.t(f"progress.mode.{report.pacing}")


def _section_subject(fmt: Formatter, section, viewer_id: int) -> str:
    if section.scope == "company":
        return fmt.t("progress.subject.company")
    if section.scope == "team":
        return fmt.t("progress.subject.team", name=mrkdwn_escape(section.team.name))
    if section.person.id == viewer_id:
        return fmt.t("progress.subject.you")
    return mention(section.person.slack_user_id)


def _no_goal_text(fmt: Formatter, section, subject: str, report: ProgressReport) -> str:
    yours = section.scope == "person" and section.person.id == report.viewer_id
    if report.period is None:
        if yours:
            return no_goal_of_yours(fmt, report.viewer_role)
        return fmt.t("progress.none_now", subject=subject)
    period = report.period.label(fmt.lang)
    if yours:
        return fmt.t("progress.none_you_period", period=period)
    return fmt.t("progress.none_period", subject=subject, period=period)


def no_goal_of_yours(fmt: Formatter, role: Role) -> str:
    """No goal running today, and who would set one: a rep's manager, a manager's admin."""
    return fmt.t(f"progress.none_you_now.{role.value}")


def section_block(text: str) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=clip(text, SECTION_TEXT)))


def context_block(text: str) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=clip(text, CONTEXT_TEXT))])


# -- /sales leaderboard ------------------------------------------------------------------------


def standing_line(fmt: Formatter, standing: Standing, viewer_id: int) -> str:
    who = mention(standing.person.slack_user_id)
    if standing.person.id == viewer_id:
        who = fmt.t("leaderboard.you", who=who)
    return fmt.t(
        "leaderboard.line",
        medal=MEDALS.get(standing.rank, ""),
        rank=standing.rank,
        who=who,
        attainment=precise_percent(fmt, standing.attainment),
        actual=fmt.money(standing.actual),
        target=fmt.money(standing.target),
    ).strip()


def build_leaderboard(fmt: Formatter, board: Leaderboard) -> Reply:
    period = board.period.label(fmt.lang)
    title = fmt.t("leaderboard.title", period=period)
    blocks: list = [HeaderBlock(text=clip(title, HEADER_TEXT))]
    lines = [standing_line(fmt, standing, board.viewer_id) for standing in board.top]
    if not lines and board.starts is not None:
        lines = [fmt.t("leaderboard.not_started", period=period, start=fmt.date(board.starts))]
    elif not lines:
        lines = [fmt.t("leaderboard.empty", period=period)]
    blocks.append(section_block("\n".join(lines)))
    ranked = board.own or next((s for s in board.top if s.person.id == board.viewer_id), None)
    if board.own is not None:
        own = fmt.t("leaderboard.own", line=standing_line(fmt, board.own, board.viewer_id))
        blocks.append(section_block(own))
        lines.append(own)
    notes = []
    if ranked is None and board.top:
        notes.append(fmt.t("leaderboard.not_ranked", period=period))
    elif ranked is not None and not board.viewer_public:
        notes.append(fmt.t("leaderboard.you_hidden"))
    if board.top:
        notes.append(fmt.t("leaderboard.rule", count=fmt.number(board.ranked), period=period))
    blocks += [context_block(note) for note in notes]
    return Reply(text=clip("\n".join([title, *lines, *notes]), 3000), blocks=as_dicts(blocks))


def status_counts(fmt: Formatter, counts: dict[str, int]) -> list[str]:
    """ "🔴 2 at risk", … for each status anyone has, worst first."""
    return [
        fmt.t(
            "progress.status_count",
            emoji=STATUS_EMOJI[status],
            count=fmt.number(counts[status]),
            status=fmt.t(f"status.{status}").lower(),
        )
        for status in STATUS_ORDER
        if counts.get(status)
    ]
