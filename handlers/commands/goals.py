"""``/sales goal`` and ``/sales goals``: set and revise goals, tell the people affected, list them."""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_sdk.errors import SlackApiError

from handlers.blocks.common import mention, mrkdwn_escape
from handlers.blocks.goals import (
    SELECT_OPTIONS,
    build_goal_history,
    build_goal_list,
    build_goal_modal,
    build_goal_reply,
    build_needs_reason,
    product_suffix,
    reason_text,
    subject_text,
    target_text,
)
from handlers.commands.registry import subcommand
from handlers.runtime import Reply, Request
from salesbot import goals
from salesbot.access import Role
from salesbot.commands import split_subcommand
from salesbot.errors import InvalidInput
from salesbot.goals import GoalChange, goal_period
from salesbot.i18n import Formatter, pick_language
from salesbot.periods import Period, parse_period
from salesbot.records import PersonFinder
from salesbot.teams import teams_to_pick

logger = logging.getLogger(__name__)

HISTORY_GOALS = 10


@subcommand("goal", usage="goal.usage", audience=Role.MANAGER, aliases=("mål",))
def goal_command(request: Request, text: str) -> Reply | None:
    word, rest = split_subcommand(text)
    if word in goals.LIST_WORDS:
        return list_reply(request, rest)
    if word in goals.HISTORY_WORDS:
        return history_reply(request, rest)
    if not text.strip():
        if request.actor.role is Role.REP:
            return list_reply(request, "", note=request.fmt.t("goal.rep_note"))
        open_goal_modal(request)
        return None
    return set_from_text(request, text)


@subcommand("goals", usage="goals.usage")
def goals_command(request: Request, text: str) -> Reply:
    word, rest = split_subcommand(text)
    if word in goals.HISTORY_WORDS:
        return history_reply(request, rest)
    return list_reply(request, rest if word in goals.LIST_WORDS else text)


def open_goal_modal(request: Request) -> None:
    """The goal form, offering the teams the caller may set goals for and the active products."""
    store, actor = request.store, request.actor
    goals.require_goal_setter(actor)
    teams = [name for _, name in teams_to_pick(store, actor)]
    products = [(product.id, product.name) for product in store.products()]
    view = build_goal_modal(
        request.fmt,
        teams=teams if len(teams) <= SELECT_OPTIONS else None,
        # One option is "all products".
        products=products if len(products) < SELECT_OPTIONS else None,
        periods=goals.period_choices(request.today),
        default_period=goals.default_period(store, request.today),
        can_company=actor.is_admin,
    )
    request.client.views_open(trigger_id=request.trigger_id, view=view)


def set_from_text(request: Request, text: str) -> Reply | None:
    store, actor = request.store, request.actor
    goals.require_goal_setter(actor)
    # The team names are read only when the text names a team; products are named without a prefix.
    names_team = any(prefix in text.casefold() for prefix in goals.TEAM_PREFIXES)
    parsed = goals.parse_goal_command(
        text,
        lang=actor.lang,
        today=request.today,
        team_names=store.team_names() if names_team else (),
        product_names=[product.name for product in store.products()],
        currency=store.workspace.currency,
    )
    change = goals.set_typed_goal(
        store, actor, parsed, today=request.today, find_person=_find_person(request)
    )
    return respond_to_change(request, change)


def _find_person(request: Request) -> PersonFinder:
    return lambda user_id: request.people([user_id])[0]


# -- what the setter is told, and what everyone else is told ---------------------------------------


def respond_to_change(request: Request, change: GoalChange) -> Reply | None:
    """The setter's reply; for a new or revised goal, the people affected are told after the commit."""
    if change.outcome == "duplicate":
        return None
    fmt, goal, product = request.fmt, change.goal, change.product
    words = {
        "subject": subject_text(fmt, change.subject),
        "period": goal_period(goal).label(fmt.lang),
        "product": product_suffix(fmt, product),
        "old": target_text(fmt, goal.metric, change.old_target) if change.old_target is not None else "",
        "new": target_text(fmt, goal.metric, change.new_target),
    }
    if change.outcome == "unchanged":
        return build_goal_reply(fmt, fmt.t("goal.unchanged", target=words["new"], **words), [])
    if change.outcome == "needs_reason":
        return build_needs_reason(fmt, fmt.t("goal.needs_reason", **words), goal.id, change.new_target)
    details = []
    if change.outcome == "created":
        headline = fmt.t("goal.created", target=words["new"], **words)
    else:
        headline = fmt.t("goal.revised", **words)
        details.append(
            fmt.t("goal.reason_line", reason=reason_text(fmt, change.reason.category, change.reason.text))
        )
    details += announce(request, change, product)
    details += coverage_lines(request, change)
    return build_goal_reply(fmt, headline, details)


def coverage_lines(request: Request, change: GoalChange) -> list[str]:
    store, fmt, goal = request.store, request.fmt, change.goal
    subject = change.subject
    if subject.scope == "team":
        coverage = goals.team_coverage(store, goal)
        if not coverage.members:
            return []
        if coverage.ratio is None:
            return [fmt.t("goal.coverage_none", team=mrkdwn_escape(subject.team.name))]
        return [
            fmt.t(
                "goal.coverage",
                percent=fmt.percent(coverage.ratio),
                people=coverage.people_with_goals,
                members=coverage.members,
            )
        ]
    if subject.scope == "person":
        return [
            fmt.t("goal.coverage_team", team=mrkdwn_escape(team.name), percent=fmt.percent(coverage.ratio))
            for team, _, coverage in goals.coverage_of_teams(store, subject.person, goal)
        ]
    return []


def announce(request: Request, change: GoalChange, product) -> list[str]:
    """Queue the notices of a new or revised goal; returns lines telling the setter who hears of it.

    Everything is rendered now, inside the transaction; after the commit only Slack is called.
    """
    store, fmt, subject = request.store, request.fmt, change.subject
    workspace = store.workspace
    notice = _notice(request, change, product)
    if subject.scope == "person":
        person = subject.person
        if person.slack_user_id == request.user_id:
            return []
        _send_dms(request, [(person.slack_user_id, person.name, notice(_formatter(workspace, person)))])
        return [fmt.t("goal.told.person", user=mention(person.slack_user_id))]
    label = subject_text(fmt, subject)
    if subject.scope == "team":
        team = subject.team
        if team.channel_id:
            _post_in_channel(
                request, team.channel_id, notice(Formatter(workspace.locale, workspace.currency)), label
            )
            return [fmt.t("goal.told.team_channel", channel=team.channel_id)]
        everyone = store.team_member_people(team.id)
        members = [p for p in everyone if p.slack_user_id != request.user_id]
        if not members:
            key = "goal.told.nobody_team_you" if everyone else "goal.told.nobody_team"
            return [fmt.t(key, team=mrkdwn_escape(team.name))]
        by_language: dict[str, Reply] = {}
        messages = []
        for person in members:
            reader = _formatter(workspace, person)
            reply = by_language.get(reader.lang) or by_language.setdefault(reader.lang, notice(reader))
            messages.append((person.slack_user_id, person.name, reply))
        _send_dms(request, messages)
        return [fmt.t("goal.told.team_dm", count=len(members), team=mrkdwn_escape(team.name))]
    channel = workspace.announcement_channel
    if not channel:
        return [fmt.t("goal.told.nobody_company")]
    _post_in_channel(request, channel, notice(Formatter(workspace.locale, workspace.currency)), label)
    return [fmt.t("goal.told.company", channel=channel)]


def _formatter(workspace, person) -> Formatter:
    lang = pick_language(
        preference=person.language, slack_locale=person.slack_locale, workspace=workspace.locale
    )
    return Formatter(lang, workspace.currency)


def _notice(request: Request, change: GoalChange, product) -> Callable[[Formatter], Reply]:
    goal, subject = change.goal, change.subject
    kind = "new" if change.outcome == "created" else "revised"
    actor = mention(request.user_id)

    def render(fmt: Formatter) -> Reply:
        headline = fmt.t(
            f"goal.notify.{subject.scope}_{kind}",
            actor=actor,
            team=mrkdwn_escape(subject.team.name) if subject.scope == "team" else "",
            target=target_text(fmt, goal.metric, change.new_target),
            old=target_text(fmt, goal.metric, change.old_target) if change.old_target is not None else "",
            new=target_text(fmt, goal.metric, change.new_target),
            period=goal_period(goal).label(fmt.lang),
            product=product_suffix(fmt, product),
        )
        details = []
        if change.reason is not None and kind == "revised":
            details.append(
                fmt.t("goal.reason_line", reason=reason_text(fmt, change.reason.category, change.reason.text))
            )
        details.append(fmt.t("goal.notify.progress"))
        return build_goal_reply(fmt, headline, details)

    return render


def _send_dms(request: Request, messages: list[tuple[str, str, Reply]]) -> None:
    """DMs after the commit; anyone who could not be reached is named to the setter.

    ``messages`` are (user id, name as stored, reply)."""
    client, setter, fmt = request.client, request.user_id, request.fmt

    def send() -> None:
        failed = []
        for user_id, name, reply in messages:
            try:
                client.chat_postMessage(channel=user_id, text=reply.text, blocks=reply.blocks)
            except SlackApiError as error:
                logger.warning("goal notice to %s failed: %s", user_id, error.response.get("error"))
                failed.append(name)
        if failed:
            people = ", ".join(mrkdwn_escape(name) for name in failed)
            client.chat_postMessage(channel=setter, text=fmt.t("goal.dm_failed", people=people))

    request.after_commit.append(send)


def _post_in_channel(request: Request, channel: str, reply: Reply, subject: str) -> None:
    """A channel post after the commit; when salesbot may not post there, the setter learns how to fix it.

    ``subject`` is mrkdwn (``subject_text``)."""
    client, setter, fmt = request.client, request.user_id, request.fmt

    def post() -> None:
        try:
            client.chat_postMessage(channel=channel, text=reply.text, blocks=reply.blocks)
        except SlackApiError as error:
            code = error.response.get("error", "")
            logger.warning("goal notice in %s failed: %s", channel, code)
            if code == "not_in_channel":
                text = fmt.t("goal.post_not_in_channel", subject=subject, channel=channel)
            else:
                text = fmt.t("goal.post_failed", subject=subject, error=code)
            client.chat_postMessage(channel=setter, text=text)

    request.after_commit.append(post)


# -- lists and history ---------------------------------------------------------------------------


def list_reply(request: Request, text: str, note: str | None = None) -> Reply:
    store, actor = request.store, request.actor
    period = _period(request, text) or goals.default_period(store, request.today)
    listing = goals.list_goals(store, actor, period)
    return build_goal_list(request.fmt, listing, period, note=note, can_set=actor.role is not Role.REP)


def history_reply(request: Request, text: str) -> Reply:
    store, actor = request.store, request.actor
    query = goals.parse_goal_query(text, lang=actor.lang, today=request.today, team_names=store.team_names())
    if not query.has_subject:
        raise InvalidInput("goal.history_subject_missing", example="goal.example")
    subject = goals.find_subject(
        store, _find_person(request), user_id=query.user_id, team_name=query.team_name
    )
    entries = goals.goal_history(store, actor, subject, query.period, goals=HISTORY_GOALS)
    me = store.person(actor.person_id)
    return build_goal_history(
        request.fmt,
        subject,
        entries,
        query.period,
        limit=HISTORY_GOALS,
        tz=me.timezone or store.workspace.timezone,
    )


def _period(request: Request, text: str) -> Period | None:
    text = text.strip()
    return parse_period(text, today=request.today, lang=request.actor.lang) if text else None
